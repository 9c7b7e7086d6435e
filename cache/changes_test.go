package cache

import (
	"context"
	"fmt"
	"testing"
	"time"

	"sportello/model"
)

// A page of the changes feed larger than one statement, mixing entities:
// every slot lands with its personal fields sealed where they are read,
// except the one with an action pending and the one central sent older
// than the copy held.
func TestApplyChangesStoresAPageOfManyStatements(t *testing.T) {
	s, _ := openTemp(t, NewKeys())
	defer s.Close()
	ctx := context.Background()
	if err := s.ApplySnapshot(ctx, snapshot()); err != nil {
		t.Fatal(err)
	}
	// Slot b waits for a check-in to be sent; slot a is at version 2.
	if _, err := s.EnqueueSlotEvent(ctx, "k1", model.SlotEventAction{SlotID: "b", Event: model.EventCheckIn, At: at(8, 41)}); err != nil {
		t.Fatal(err)
	}
	const n = 2*slotsPerInsert + 7 // two whole statements and a tail
	var page []model.Change
	for i := range n {
		start := at(9, 0).Add(time.Duration(i) * 2 * time.Minute)
		sl := model.Slot{ID: fmt.Sprintf("p%03d", i), Start: start, End: start.Add(2 * time.Minute), Office: "7800", Desk: "Sportello 3",
			Channel: model.ChannelPhone, Service: "CU", Level: 1, Status: model.StatusFree, Version: 1}
		if i%3 == 0 {
			sl.Status, sl.CitizenCF, sl.Phone, sl.Note = model.StatusBooked, rossi.CF, fmt.Sprintf("+39 333 000 %04d", i), fmt.Sprint("nota ", i)
		}
		page = append(page, model.Change{Entity: sl})
		if i == slotsPerInsert-1 {
			// Central's older copy of a, and its newer copy of the pending b.
			page = append(page, model.Change{Entity: model.Slot{ID: "a", Start: at(8, 30), End: at(8, 40), Desk: "Sportello 3",
				Channel: model.ChannelPhone, Service: "CU", Level: 1, Status: model.StatusBooked, CitizenCF: rossi.CF, Version: 1}},
				model.Change{Entity: model.Slot{ID: "b", Start: at(8, 40), End: at(8, 50), Desk: "Sportello 3",
					Channel: model.ChannelWebMeeting, Service: "NASpI", Level: 1, Status: model.StatusNoShow, Version: 5}},
				model.Change{StaleCitizen: rossi.CF})
		}
	}
	if err := s.ApplyChanges(ctx, page, "42", at(9, 0)); err != nil {
		t.Fatal(err)
	}
	got, err := s.DayAgenda(ctx, day)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]model.AgendaEntry{}
	for _, e := range got {
		byID[e.ID] = e
	}
	for i := range n {
		e, ok := byID[fmt.Sprintf("p%03d", i)]
		switch {
		case !ok:
			t.Errorf("slot p%03d not stored", i)
		case i%3 == 0 && (e.CitizenCF != rossi.CF || e.Phone != fmt.Sprintf("+39 333 000 %04d", i) || e.Note != fmt.Sprint("nota ", i) || e.Status != model.StatusBooked):
			t.Errorf("slot p%03d: %+v", i, e)
		case i%3 != 0 && (e.CitizenCF != "" || e.Phone != "" || e.Status != model.StatusFree):
			t.Errorf("slot p%03d: %+v", i, e)
		}
	}
	if e := byID["a"]; e.Version != 2 || e.Status != model.StatusCompleted {
		t.Errorf("an older copy replaced slot a: %+v", e)
	}
	if e := byID["b"]; e.Status != model.StatusCheckedIn || !e.Pending {
		t.Errorf("a pull overwrote the pending slot b: %+v", e)
	}
	if c, _ := s.Cursor(ctx); c != "42" {
		t.Errorf("cursor = %q, want 42", c)
	}
	todo, err := s.FilesToFetch(ctx, day, day)
	if err != nil || len(todo) != 1 || todo[0].CF != rossi.CF || todo[0].ETag != `"c1"` {
		t.Errorf("files to fetch after the citizen changed centrally: %+v, %v", todo, err)
	}
}

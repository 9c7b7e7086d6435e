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

// A page that carries one slot several times (central changed it twice
// between two pulls, say), within one statement and across two: the
// newest copy stands, whatever the order, as when each was stored in turn.
func TestApplyChangesKeepsTheNewestCopyOfASlotSentTwiceInOnePage(t *testing.T) {
	for _, n := range []int{3, slotsPerInsert + 3} {
		t.Run(fmt.Sprint(n, " slots"), func(t *testing.T) {
			s, _ := openTemp(t, NewKeys())
			defer s.Close()
			ctx := context.Background()
			if err := s.ApplySnapshot(ctx, snapshot()); err != nil {
				t.Fatal(err)
			}
			slot := func(id string, v int64, st model.Status, note string) model.Change {
				return model.Change{Entity: model.Slot{ID: id, Start: at(10, 0), End: at(10, 10), Office: "7800", Desk: "Sportello 3",
					Channel: model.ChannelInPerson, Service: "CU", Level: 1, Status: st, Version: v, Note: note}}
			}
			var page []model.Change
			page = append(page, slot("up", 2, model.StatusBooked, "v2"), slot("down", 4, model.StatusCompleted, "v4"))
			for i := range n - 3 {
				page = append(page, slot(fmt.Sprintf("f%03d", i), 1, model.StatusFree, ""))
			}
			page = append(page, slot("up", 3, model.StatusCheckedIn, "v3"), slot("down", 3, model.StatusCheckedIn, "v3"),
				slot("up", 1, model.StatusFree, "v1"))
			if err := s.ApplyChanges(ctx, page, "7", at(9, 0)); err != nil {
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
			if e := byID["up"]; e.Version != 3 || e.Status != model.StatusCheckedIn || e.Note != "v3" {
				t.Errorf("slot up: version %d %s %q; want 3 checked in v3", e.Version, e.Status, e.Note)
			}
			if e := byID["down"]; e.Version != 4 || e.Status != model.StatusCompleted || e.Note != "v4" {
				t.Errorf("slot down: version %d %s %q; want 4 completed v4", e.Version, e.Status, e.Note)
			}
		})
	}
}

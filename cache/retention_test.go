package cache

import (
	"context"
	"testing"
	"time"

	"sportello/model"
)

func TestPurgeKeepsWhatTheWorkNeeds(t *testing.T) {
	s, _ := openTemp(t, NewKeys())
	ctx := context.Background()
	long := day.AddDate(0, -3, 0) // fetched three months ago
	person := func(family string) model.Citizen {
		born := time.Date(1970, 1, 1, 0, 0, 0, 0, model.Rome)
		return model.Citizen{CF: model.BuildCF(family, "Anna", "F", born, "H703"), FamilyName: family, GivenName: "Anna", BirthDate: born}
	}
	forgotten, booked, noted, opened, recent := person("Abate"), person("Bruno"), person("Conte"), person("Donati"), person("Euro")
	var old []CitizenFile
	for _, c := range []model.Citizen{forgotten, booked, noted, opened} {
		old = append(old, CitizenFile{Citizen: c})
	}
	if err := s.PutCitizens(ctx, old, long); err != nil {
		t.Fatal(err)
	}
	if err := s.PutCitizens(ctx, []CitizenFile{{Citizen: recent}}, day.AddDate(0, 0, -2)); err != nil {
		t.Fatal(err)
	}
	// booked has an appointment next week; an old slot of three months ago
	// books forgotten, and is itself past the retention.
	snap := Snapshot{From: long, To: day.AddDate(0, 0, 7), SyncedAt: long, Slots: []model.Slot{
		{ID: "next-week", Start: day.AddDate(0, 0, 7).Add(9 * time.Hour), End: day.AddDate(0, 0, 7).Add(9*time.Hour + 10*time.Minute),
			Desk: "Sportello 3", Channel: model.ChannelInPerson, Status: model.StatusBooked, CitizenCF: booked.CF, Version: 1},
		{ID: "long-ago", Start: long.Add(9 * time.Hour), End: long.Add(9*time.Hour + 10*time.Minute),
			Desk: "Sportello 3", Channel: model.ChannelInPerson, Status: model.StatusCompleted, CitizenCF: forgotten.CF, Version: 3}}}
	if err := s.ApplySnapshot(ctx, snap); err != nil {
		t.Fatal(err)
	}
	if err := s.EnqueueNote(ctx, "k1", model.NoteAction{CF: noted.CF, Text: "Da richiamare", At: long}); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordOpening(ctx, AuditEntry{ID: "open-1", OperatorID: "demo", Action: "open_file", CF: opened.CF,
		At: day.AddDate(0, 0, -1)}); err != nil {
		t.Fatal(err)
	}

	rep, err := s.Purge(ctx, day.Add(12*time.Hour), DefaultRetention)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Files != 1 || rep.Slots != 1 {
		t.Errorf("purge = %+v, want 1 file (forgotten) and 1 slot (long ago)", rep)
	}
	for _, c := range []model.Citizen{booked, noted, opened, recent} {
		if _, err := s.Citizen(ctx, c.CF); err != nil {
			t.Errorf("%s purged: %v", c.FamilyName, err)
		}
	}
	if _, err := s.Citizen(ctx, forgotten.CF); err != ErrNotCached {
		t.Errorf("forgotten file still there: %v", err)
	}
	if got, _ := s.Search(ctx, "abate", 10); len(got) != 0 {
		t.Errorf("purged citizen still found by search: %v", got)
	}
	if got, _ := s.Search(ctx, "bruno", 10); len(got) != 1 {
		t.Errorf("kept citizen not found by search: %v", got)
	}
	// Once the note is sent, nothing holds that file any more.
	pending, _ := s.Pending(ctx)
	if err := s.ActionDone(ctx, pending[0].Seq, nil, day); err != nil {
		t.Fatal(err)
	}
	rep, err = s.Purge(ctx, day.Add(12*time.Hour), DefaultRetention)
	if err != nil || rep.Files != 1 {
		t.Errorf("second purge = %+v, %v; want the noted file, now sent", rep, err)
	}
	if all, _ := s.Actions(ctx); len(all) != 1 {
		t.Errorf("outbox holds %d actions, want the one sent today", len(all))
	}
	if _, err := s.Purge(ctx, day.AddDate(0, 2, 0), DefaultRetention); err != nil {
		t.Fatal(err)
	}
	if all, _ := s.Actions(ctx); len(all) != 0 {
		t.Errorf("outbox holds %d actions sent two months ago, want none", len(all))
	}
}

package cache

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"testing"

	"sportello/model"
)

func agendaEntry(t *testing.T, s *Store, id string) model.AgendaEntry {
	t.Helper()
	got, err := s.DayAgenda(context.Background(), day)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range got {
		if e.ID == id {
			return e
		}
	}
	t.Fatalf("slot %s not in the agenda", id)
	return model.AgendaEntry{}
}

func TestOfflineEventsApplyLocallyAndQueueInOrder(t *testing.T) {
	s, _ := openTemp(t, NewKeys())
	defer s.Close()
	ctx := context.Background()
	if err := s.ApplySnapshot(ctx, snapshot()); err != nil {
		t.Fatal(err)
	}
	// Slot b (booked, version 1): check-in, start, complete, all offline.
	for i, a := range []model.SlotEventAction{{SlotID: "b", Event: model.EventCheckIn}, {SlotID: "b", Event: model.EventStart},
		{SlotID: "b", Event: model.EventComplete, Outcome: model.OutcomeFollowUp, Note: "Manca il modulo"}} {
		a.At = at(8, 41+i)
		if _, err := s.EnqueueSlotEvent(ctx, "k"+string(rune('1'+i)), a); err != nil {
			t.Fatalf("%s: %v", a.Event, err)
		}
	}
	e := agendaEntry(t, s, "b")
	if e.Status != model.StatusCompleted || e.Outcome != model.OutcomeFollowUp || e.Note != "Manca il modulo" || !e.Pending || e.Version != 4 {
		t.Errorf("slot b after offline events: %+v", e)
	}
	// A transition the local state does not allow is refused and queues
	// nothing; so is an unknown slot.
	if _, err := s.EnqueueSlotEvent(ctx, "k9", model.SlotEventAction{SlotID: "b", Event: model.EventNoShow}); !errors.Is(err, model.ErrTransition) {
		t.Errorf("no-show of a completed slot: %v", err)
	}
	if _, err := s.EnqueueSlotEvent(ctx, "k8", model.SlotEventAction{SlotID: "zz", Event: model.EventStart}); !errors.Is(err, ErrNoSuchSlot) {
		t.Errorf("unknown slot: %v", err)
	}
	pending, err := s.Pending(ctx)
	if err != nil || len(pending) != 3 {
		t.Fatalf("pending = %d, %v; want 3", len(pending), err)
	}
	for i, p := range pending {
		var a model.SlotEventAction
		if err := json.Unmarshal(p.Payload, &a); err != nil {
			t.Fatal(err)
		}
		// Each event names the version central will have when it arrives.
		if a.Version != int64(1+i) || p.Key != "k"+string(rune('1'+i)) {
			t.Errorf("action %d: version %d key %s; want version %d", i, a.Version, p.Key, 1+i)
		}
	}

	// A pull meanwhile does not undo what waits to be sent.
	stale := snapshot().Slots[0]
	if err := s.ApplyChanges(ctx, []model.Change{{Entity: stale}}, "10", at(9, 0)); err != nil {
		t.Fatal(err)
	}
	if e := agendaEntry(t, s, "b"); e.Status != model.StatusCompleted {
		t.Errorf("a pull overwrote a pending slot: %s", e.Status)
	}
	if c, _ := s.Cursor(ctx); c != "10" {
		t.Errorf("cursor = %q, want 10", c)
	}

	// Central takes them one by one; the last answer is the slot's state.
	for i, p := range pending {
		server := stale
		server.Version = int64(2 + i)
		server.Status = []model.Status{model.StatusCheckedIn, model.StatusInProgress, model.StatusCompleted}[i]
		if err := s.ActionDone(ctx, p.Seq, server, at(9, 1)); err != nil {
			t.Fatal(err)
		}
	}
	e = agendaEntry(t, s, "b")
	if e.Pending || e.Version != 4 || e.Status != model.StatusCompleted {
		t.Errorf("after central took all: %+v", e)
	}
	if n, _ := s.OutboxCount(ctx); n != 0 {
		t.Errorf("outbox still has %d", n)
	}
	if err := s.ActionDone(ctx, pending[0].Seq, nil, at(9, 2)); err == nil {
		t.Error("an action was closed twice")
	}
}

func TestConflictKeepsBothVersionsUntilResolved(t *testing.T) {
	s, _ := openTemp(t, NewKeys())
	defer s.Close()
	ctx := context.Background()
	if err := s.ApplySnapshot(ctx, snapshot()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.EnqueueSlotEvent(ctx, "k1", model.SlotEventAction{SlotID: "b", Event: model.EventNoShow, At: at(8, 45)}); err != nil {
		t.Fatal(err)
	}
	pending, _ := s.Pending(ctx)
	server := snapshot().Slots[0]
	server.Status, server.Version = model.StatusCancelled, 3
	if err := s.ActionConflict(ctx, pending[0].Seq, server, "annullato dal cittadino", at(9, 0)); err != nil {
		t.Fatal(err)
	}
	if e := agendaEntry(t, s, "b"); e.Status != model.StatusCancelled || e.Version != 3 || e.Pending {
		t.Errorf("after conflict the slot shows %+v, want central's state", e)
	}
	conflicts, err := s.Conflicts(ctx)
	if err != nil || len(conflicts) != 1 {
		t.Fatalf("conflicts = %d, %v", len(conflicts), err)
	}
	var mine model.SlotEventAction
	_ = json.Unmarshal(conflicts[0].Payload, &mine)
	if c := conflicts[0]; mine.Event != model.EventNoShow || c.Central == nil || c.Central.(model.Slot).Status != model.StatusCancelled || c.Message == "" {
		t.Errorf("conflict = %+v (mine %+v)", c, mine)
	}
	if err := s.ResolveConflict(ctx, conflicts[0].Seq); err != nil {
		t.Fatal(err)
	}
	if c, _ := s.Conflicts(ctx); len(c) != 0 {
		t.Errorf("resolved conflict still listed")
	}
}

func TestPendingNotesSurviveARefetchedFile(t *testing.T) {
	s, _ := openTemp(t, NewKeys())
	defer s.Close()
	ctx := context.Background()
	if err := s.ApplySnapshot(ctx, snapshot()); err != nil {
		t.Fatal(err)
	}
	if err := s.EnqueueNote(ctx, "n1", model.NoteAction{CF: rossi.CF, Text: "Richiamare", At: at(9, 0), AuthorID: "demo", Author: "Anna"}); err != nil {
		t.Fatal(err)
	}
	c, _ := s.Citizen(ctx, rossi.CF)
	if len(c.Notes) != 1 || !c.Notes[0].Pending || c.Notes[0].Text != "Richiamare" {
		t.Fatalf("notes after a local note: %+v", c.Notes)
	}
	// The file is fetched again before the note was sent: it stays.
	if err := s.PutCitizens(ctx, []CitizenFile{{Citizen: rossi, ETag: `"c2"`}}, at(9, 5)); err != nil {
		t.Fatal(err)
	}
	if c, _ = s.Citizen(ctx, rossi.CF); len(c.Notes) != 1 || !c.Notes[0].Pending {
		t.Errorf("pending note lost on refetch: %+v", c.Notes)
	}
	pending, _ := s.Pending(ctx)
	if err := s.ActionDone(ctx, pending[0].Seq, nil, at(9, 6)); err != nil {
		t.Fatal(err)
	}
	withNote := rossi
	withNote.Notes = []model.Note{{ID: "N1", At: at(9, 6), AuthorID: "demo", Author: "Anna", Text: "Richiamare"}}
	if err := s.PutCitizens(ctx, []CitizenFile{{Citizen: withNote, ETag: `"c3"`}}, at(9, 7)); err != nil {
		t.Fatal(err)
	}
	if c, _ = s.Citizen(ctx, rossi.CF); len(c.Notes) != 1 || c.Notes[0].Pending || c.Notes[0].ID != "N1" {
		t.Errorf("after central has the note: %+v", c.Notes)
	}
}

// A conflict a console of 0.8 or earlier recorded holds central's entity
// bare, without its type: it still reads, as the entity its action's kind
// is on.
func TestConflictRecordedBeforeEntitiesCarriedTheirTypeStillReads(t *testing.T) {
	s, _ := openTemp(t, NewKeys())
	defer s.Close()
	ctx := context.Background()
	if err := s.ApplySnapshot(ctx, snapshot()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.EnqueueSlotEvent(ctx, "k1", model.SlotEventAction{SlotID: "b", Event: model.EventNoShow, At: at(8, 45)}); err != nil {
		t.Fatal(err)
	}
	pending, _ := s.Pending(ctx)
	server := snapshot().Slots[1]
	server.Status, server.Version = model.StatusCancelled, 3
	if err := s.ActionConflict(ctx, pending[0].Seq, server, "annullato", at(9, 0)); err != nil {
		t.Fatal(err)
	}
	// As the older console wrote it: the slot's JSON alone.
	bare, err := json.Marshal(&server)
	if err != nil {
		t.Fatal(err)
	}
	seq := pending[0].Seq
	if err := s.write(ctx, "old conflict", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE conflicts SET server = ? WHERE seq = ?`, s.box.seal(bare, conflictsServer.at(seqRow(seq))), seq)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	conflicts, err := s.Conflicts(ctx)
	if err != nil || len(conflicts) != 1 {
		t.Fatalf("conflicts = %d, %v", len(conflicts), err)
	}
	if got, ok := conflicts[0].Central.(model.Slot); !ok || got.ID != server.ID || got.Status != model.StatusCancelled {
		t.Errorf("central's side of an old conflict = %#v, want the cancelled slot", conflicts[0].Central)
	}
}

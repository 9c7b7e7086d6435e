package cache

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"sportello/model"
)

// auditIDs returns the ids of the audit entries PendingAudit would send.
func auditIDs(t *testing.T, s *Store) map[string]bool {
	t.Helper()
	entries, err := s.PendingAudit(context.Background(), 100)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, e := range entries {
		out[e.ID] = true
	}
	return out
}

func TestUndoRestoresTheSlotExactlyAndDropsTheAction(t *testing.T) {
	s, _ := openTemp(t, NewKeys())
	defer s.Close()
	ctx := context.Background()
	if err := s.ApplySnapshot(ctx, snapshot()); err != nil {
		t.Fatal(err)
	}
	// Slot b is checked in and started (sent, as far as this test goes:
	// the start is undone first), then completed with an outcome and a
	// note, held for the undo window.
	for i, ev := range []model.SlotEvent{model.EventCheckIn, model.EventStart} {
		if _, err := s.EnqueueSlotEvent(ctx, "k"+string(rune('1'+i)), model.SlotEventAction{SlotID: "b", Event: ev, At: at(8, 41+i)}); err != nil {
			t.Fatal(err)
		}
	}
	before := agendaEntry(t, s, "b")
	until := at(8, 50).Add(10 * time.Second)
	if _, err := s.EnqueueSlotEventHeld(ctx, "k3", model.SlotEventAction{SlotID: "b", Event: model.EventComplete, At: at(8, 50),
		Outcome: model.OutcomeFollowUp, Note: "Manca il modulo"}, until); err != nil {
		t.Fatal(err)
	}
	if e := agendaEntry(t, s, "b"); e.Status != model.StatusCompleted || e.Note != "Manca il modulo" {
		t.Fatalf("slot b completed: %+v", e)
	}
	held, err := s.HeldActions(ctx, at(8, 50))
	if err != nil || len(held) != 1 || held[0].Key != "k3" || !held[0].HoldUntil.Equal(until) || held[0].Target != "b" {
		t.Fatalf("held = %+v, %v; want k3 until %v", held, err, until)
	}
	// Its audit entry waits with it; the earlier ones do not.
	if ids := auditIDs(t, s); ids["k3"] || !ids["k1"] || !ids["k2"] {
		t.Errorf("audit entries sendable while k3 is held: %v", ids)
	}
	// The start cannot be taken back while the completion after it waits.
	if err := s.Undo(ctx, "k2", at(8, 50)); !errors.Is(err, ErrNotLast) {
		t.Errorf("undo of k2 under k3: %v, want ErrNotLast", err)
	}
	if err := s.Undo(ctx, "k3", at(8, 50)); err != nil {
		t.Fatal(err)
	}
	after := agendaEntry(t, s, "b")
	if !reflect.DeepEqual(after, before) {
		t.Errorf("slot b after undo:\n%+v\nwant\n%+v", after, before)
	}
	pending, _ := s.Pending(ctx)
	if len(pending) != 2 || pending[1].Key != "k2" {
		t.Errorf("outbox after undo: %+v", pending)
	}
	trail, err := s.AuditTrail(ctx, at(0, 0), 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range trail {
		if e.ID == "k3" || e.Action == "slot_complete" {
			t.Errorf("the audit trail still says the slot was completed: %+v", e)
		}
	}
	if err := s.Undo(ctx, "k3", at(8, 50)); !errors.Is(err, ErrNoUndo) {
		t.Errorf("second undo: %v, want ErrNoUndo", err)
	}
	// Now the start is the last unsent action on b: it can go too, and
	// the slot is checked in again, with no time of service.
	u, ok, err := s.LastUnsent(ctx, "b")
	if err != nil || !ok || u.Key != "k2" {
		t.Fatalf("last unsent on b = %+v %v %v", u, ok, err)
	}
	if err := s.Undo(ctx, "k2", at(8, 51)); err != nil {
		t.Fatal(err)
	}
	if e := agendaEntry(t, s, "b"); e.Status != model.StatusCheckedIn || e.Version != 2 || !e.ServedFrom.IsZero() {
		t.Errorf("slot b after undoing the start: %+v", e)
	}
}

func TestHeldActionBlocksTheQueueAndCannotBeUndoneOnceClaimed(t *testing.T) {
	s, _ := openTemp(t, NewKeys())
	defer s.Close()
	ctx := context.Background()
	if err := s.ApplySnapshot(ctx, snapshot()); err != nil {
		t.Fatal(err)
	}
	until := at(8, 45).Add(10 * time.Second)
	if _, err := s.EnqueueSlotEventHeld(ctx, "h1", model.SlotEventAction{SlotID: "b", Event: model.EventNoShow, At: at(8, 45)}, until); err != nil {
		t.Fatal(err)
	}
	if err := s.EnqueueNote(ctx, "n1", model.NoteAction{CF: rossi.CF, Text: "Dopo", At: at(8, 45)}); err != nil {
		t.Fatal(err)
	}
	// In the window nothing can be claimed; the note queued after waits
	// behind it (Pending keeps the order, the push stops at the first held).
	pending, _ := s.Pending(ctx)
	if len(pending) != 2 || pending[0].Key != "h1" || !pending[0].HoldUntil.Equal(until) || !pending[1].HoldUntil.IsZero() {
		t.Fatalf("pending = %+v", pending)
	}
	if ok, err := s.Claim(ctx, pending[0].Seq, until.Add(-time.Millisecond)); ok || err != nil {
		t.Errorf("claimed inside the window: %v %v", ok, err)
	}
	if end, err := s.NextHoldEnd(ctx); err != nil || !end.Equal(until) {
		t.Errorf("next hold end = %v, %v; want %v", end, err, until)
	}
	// After the window the push claims it: from then on the undo loses,
	// and says so, and the slot stays as recorded.
	if ok, err := s.Claim(ctx, pending[0].Seq, until); !ok || err != nil {
		t.Fatalf("claim after the window: %v %v", ok, err)
	}
	if err := s.Undo(ctx, "h1", until); !errors.Is(err, ErrAlreadySent) {
		t.Errorf("undo after the claim: %v, want ErrAlreadySent", err)
	}
	if e := agendaEntry(t, s, "b"); e.Status != model.StatusNoShow {
		t.Errorf("slot b after a refused undo: %s", e.Status)
	}
	// A failed attempt that never opened a connection gives it back to
	// the operator; one that may have reached central does not.
	if err := s.ActionFailed(ctx, pending[0].Seq, "offline", false); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.LastUnsent(ctx, "b"); !ok {
		t.Error("an action that never left is not offered back")
	}
	if ok, _ := s.Claim(ctx, pending[0].Seq, until); !ok {
		t.Fatal("claim again")
	}
	if err := s.ActionFailed(ctx, pending[0].Seq, "dropped", true); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.LastUnsent(ctx, "b"); ok {
		t.Error("an action central may have is offered back")
	}
	if err := s.Undo(ctx, "h1", until); !errors.Is(err, ErrAlreadySent) {
		t.Errorf("undo after a dropped attempt: %v, want ErrAlreadySent", err)
	}
	// Once sent, the undo is refused as well.
	if err := s.ActionDone(ctx, pending[0].Seq, nil, until); err != nil {
		t.Fatal(err)
	}
	if err := s.Undo(ctx, "h1", until); !errors.Is(err, ErrAlreadySent) {
		t.Errorf("undo after done: %v, want ErrAlreadySent", err)
	}
}

func TestHoldSurvivesReopen(t *testing.T) {
	keys := NewKeys()
	s, file := openTemp(t, keys)
	ctx := context.Background()
	if err := s.ApplySnapshot(ctx, snapshot()); err != nil {
		t.Fatal(err)
	}
	until := at(8, 45).Add(10 * time.Second)
	if _, err := s.EnqueueSlotEventHeld(ctx, "h1", model.SlotEventAction{SlotID: "b", Event: model.EventCancel, At: at(8, 45)}, until); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err := Open(file, keys)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	held, err := s.HeldActions(ctx, at(8, 45))
	if err != nil || len(held) != 1 || !held[0].HoldUntil.Equal(until) {
		t.Fatalf("held after reopen = %+v, %v", held, err)
	}
	if ok, _ := s.Claim(ctx, held[0].Seq, at(8, 45)); ok {
		t.Error("claimed inside the window after reopen")
	}
	if err := s.Undo(ctx, "h1", at(8, 45)); err != nil {
		t.Fatal(err)
	}
	if e := agendaEntry(t, s, "b"); e.Status != model.StatusBooked || e.Version != 1 || e.Pending {
		t.Errorf("slot b after undo: %+v", e)
	}
}

func TestUndoOfAnAnswerGivesBackTheSchedaAndItsDraft(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t, NewKeys())
	defer s.Close()
	if err := s.PutSchede(ctx, []model.Scheda{newScheda("k1", 5)}); err != nil {
		t.Fatal(err)
	}
	me := model.SchedaAction{OperatorID: "cric", Operator: "Marco Santoro", At: at(10, 5)}
	if _, err := s.EnqueueScheda(ctx, "c1", with(me, "k1", model.OpClaim)); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveDraft(ctx, "k1", "Gentile utente, i periodi", at(10, 6)); err != nil {
		t.Fatal(err)
	}
	was, err := s.Scheda(ctx, "k1")
	if err != nil {
		t.Fatal(err)
	}
	text := "Gentile utente, i periodi esteri si totalizzano."
	if _, err := s.EnqueueSchedaHeld(ctx, "a1", with(me, "k1", model.OpAnswer, text), at(10, 7)); err != nil {
		t.Fatal(err)
	}
	if d, _, _ := s.Draft(ctx, "k1"); d != "" {
		t.Fatalf("draft kept after the answer: %q", d)
	}
	if found, _ := s.SearchAnswers(ctx, model.SectionPensioni, "periodi esteri", 5); len(found) != 1 {
		t.Fatalf("the answer is not searchable: %d", len(found))
	}
	if err := s.Undo(ctx, "a1", at(10, 6)); err != nil {
		t.Fatal(err)
	}
	got, err := s.Scheda(ctx, "k1")
	if err != nil {
		t.Fatal(err)
	}
	got.Draft, was.Draft = false, false
	if !reflect.DeepEqual(got, was) {
		t.Errorf("scheda after undo:\n%+v\nwant\n%+v", got, was)
	}
	// The draft holds the words sent (newer than the draft saved), with
	// the draft's time.
	if d, when, _ := s.Draft(ctx, "k1"); d != text || !when.Equal(at(10, 6)) {
		t.Errorf("draft after undo = %q at %v", d, when)
	}
	// And the answer left the search index with it.
	if found, _ := s.SearchAnswers(ctx, model.SectionPensioni, "periodi esteri", 5); len(found) != 0 {
		t.Errorf("the answer taken back is still searchable: %d", len(found))
	}
}

package cache

import (
	"context"
	"testing"
	"time"

	"sportello/model"
)

func TestEveryActionJoinsTheAuditTrailAndTheTrailOutlivesSending(t *testing.T) {
	s, _ := openTemp(t, NewKeys())
	defer s.Close()
	ctx := context.Background()
	if err := s.ApplySnapshot(ctx, snapshot()); err != nil {
		t.Fatal(err)
	}
	open := AuditEntry{ID: "open-1", Action: "open_file", CF: rossi.CF, Reason: model.AccessAppointment, Ref: "b", At: at(8, 39)}
	if err := s.RecordOpening(ctx, open); err != nil {
		t.Fatal(err)
	}
	if _, err := s.EnqueueSlotEvent(ctx, "k1", model.SlotEventAction{SlotID: "b", Event: model.EventCheckIn, At: at(8, 41)}); err != nil {
		t.Fatal(err)
	}
	if err := s.EnqueueNote(ctx, "k2", model.NoteAction{CF: rossi.CF, Text: "Richiamare", At: at(8, 42), AuthorID: "demo"}); err != nil {
		t.Fatal(err)
	}
	trail, err := s.AuditTrail(ctx, at(0, 0), 10)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		id, action string
		reason     model.AccessReason
		ref        string
	}{{"k2", "note", model.AccessFile, ""}, {"k1", "slot_check_in", model.AccessAppointment, "b"}, {"open-1", "open_file", model.AccessAppointment, "b"}}
	if len(trail) != len(want) {
		t.Fatalf("trail has %d entries, want %d: %+v", len(trail), len(want), trail)
	}
	for i, w := range want {
		e := trail[i]
		// The operator is the mirror's, and the check-in names the citizen
		// of the slot, read from the sealed mirror.
		if e.ID != w.id || e.Action != w.action || e.Reason != w.reason || e.Ref != w.ref || e.CF != rossi.CF ||
			e.OperatorID != "demo" || !e.SentAt.IsZero() {
			t.Errorf("trail[%d] = %+v, want %+v by demo on %s, waiting", i, e, w, rossi.CF)
		}
	}
	if n, _ := s.AuditCount(ctx); n != 3 {
		t.Errorf("waiting audit entries = %d, want 3", n)
	}

	// Sent: no longer waiting, still in the operator's trail, until the
	// retention ends.
	sent := at(9, 0)
	if err := s.AuditSent(ctx, []string{"k1", "open-1"}, sent); err != nil {
		t.Fatal(err)
	}
	pending, err := s.PendingAudit(ctx, 10)
	if err != nil || len(pending) != 1 || pending[0].ID != "k2" {
		t.Errorf("pending after sending two = %+v, %v; want k2 only", pending, err)
	}
	if trail, _ = s.AuditTrail(ctx, at(0, 0), 10); len(trail) != 3 || !trail[1].SentAt.Equal(sent) {
		t.Errorf("trail after sending: %+v", trail)
	}
	if _, err := s.Purge(ctx, at(8, 0).Add(40*24*time.Hour), DefaultRetention); err != nil {
		t.Fatal(err)
	}
	trail, _ = s.AuditTrail(ctx, at(0, 0), 10)
	if len(trail) != 1 || trail[0].ID != "k2" {
		t.Errorf("after the retention: %+v; want only the entry central has not acknowledged", trail)
	}
}

// The audit entries of a booking, a ticket and a scheda operation are
// what the console wrote before each kind became a type: the booking names
// the citizen, the slot and the operator who booked; the ticket names no
// citizen; the scheda is named by the number the consultant sees.
func TestTheAuditEntryOfEachKindOfAction(t *testing.T) {
	s, _ := openTemp(t, NewKeys())
	defer s.Close()
	ctx := context.Background()
	if err := s.ApplySnapshot(ctx, snapshot()); err != nil {
		t.Fatal(err)
	}
	if err := s.PutSchede(ctx, []model.Scheda{newScheda("k1", 2)}); err != nil {
		t.Fatal(err)
	}
	free := snapshot().Slots[2]
	if _, err := s.EnqueueBooking(ctx, "e-book", model.BookingRequest{Slot: free, CF: rossi.CF, Channel: model.ChannelInPerson,
		OperatorID: "accoglienza", At: at(8, 1)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.EnqueueTicket(ctx, "e-ticket", model.TicketAction{TicketID: "t1", Op: model.TicketIssue, Reason: model.ReasonBooking,
		Office: "7800", At: at(8, 2)}); err != nil {
		t.Fatal(err)
	}
	me := model.SchedaAction{OperatorID: "cric", Operator: "Marco Santoro", At: at(8, 3)}
	if _, err := s.EnqueueScheda(ctx, "e-scheda", with(me, "k1", model.OpClaim)); err != nil {
		t.Fatal(err)
	}
	trail, err := s.AuditTrail(ctx, at(0, 0), 10)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]AuditEntry{}
	for _, e := range trail {
		byID[e.ID] = e
	}
	for _, w := range []AuditEntry{
		{ID: "e-book", Action: "book", Reason: model.AccessBooking, CF: rossi.CF, Ref: "c", OperatorID: "accoglienza", At: at(8, 1)},
		{ID: "e-ticket", Action: "ticket_issue", Reason: model.AccessQueue, Ref: "t1", OperatorID: "demo", At: at(8, 2)},
		{ID: "e-scheda", Action: "scheda_claim", Reason: model.AccessScheda, Ref: "LI-2026-k1", OperatorID: "demo", At: at(8, 3)},
	} {
		e := byID[w.ID]
		if e.Action != w.Action || e.Reason != w.Reason || e.CF != w.CF || e.Ref != w.Ref || e.OperatorID != w.OperatorID || !e.At.Equal(w.At) || e.Offline {
			t.Errorf("audit entry %s = %+v, want %+v", w.ID, e, w)
		}
	}
}

package cache

import (
	"bytes"
	"context"
	"os"
	"testing"

	"sportello/model"
)

// TestATicketsTransferNoteIsSealedOnDisk: the note a desk writes for the
// colleague is free text (it may name the citizen or their affairs), so
// the mirror keeps it sealed, as it does a visit's transfer note; it reads
// back whole, and a transfer without a note stays without.
func TestATicketsTransferNoteIsSealedOnDisk(t *testing.T) {
	s, file := openTemp(t, NewKeys())
	ctx := context.Background()
	const secret = "Bianchi Lucia porta il modello ISEE"
	tk, err := s.EnqueueTicket(ctx, "k1", model.TicketAction{TicketID: "tk-1", Op: model.TicketIssue, Reason: model.ReasonDocuments, Office: "7801", At: at(9, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.EnqueueTicket(ctx, "k2", model.TicketAction{TicketID: tk.ID, Op: model.TicketCall, Desk: "Sportello 1", At: at(9, 1)}); err != nil {
		t.Fatal(err)
	}
	got, err := s.EnqueueTicket(ctx, "k3", model.TicketAction{TicketID: tk.ID, Op: model.TicketTransfer, Desk: "Sportello 1",
		TransferDesk: "Sportello 2", Note: secret, At: at(9, 2)})
	if err != nil || got.TransferNote != secret {
		t.Fatalf("transfer: %+v, %v", got, err)
	}
	// Central's copy, as the feed brings it, is stored the same way.
	central := got
	central.Version++
	central.ID, central.Number = "tk-2", 2
	if err := s.ApplyChanges(ctx, []model.Change{{Entity: central}}, "1", at(9, 3)); err != nil {
		t.Fatal(err)
	}
	q, err := s.Queue(ctx, "7801", model.Day(at(9, 0)))
	if err != nil || len(q) != 2 {
		t.Fatalf("queue: %+v, %v", q, err)
	}
	for _, e := range q {
		if e.TransferNote != secret {
			t.Errorf("ticket %s reads back the note %q", e.ID, e.TransferNote)
		}
	}
	s.Close()
	var disk []byte
	for _, f := range []string{file, file + "-wal"} {
		b, err := os.ReadFile(f)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		disk = append(disk, b...)
	}
	if !bytes.Contains(disk, []byte("Sportello 2")) {
		t.Fatal("sanity: the desk's name should be on disk in clear")
	}
	if bytes.Contains(disk, []byte("Bianchi Lucia")) {
		t.Error("the ticket's transfer note is on disk in clear")
	}
}

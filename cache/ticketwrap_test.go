package cache

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"testing"

	"sportello/model"
)

// A ticket served with its wrap-up keeps it in the mirror: the services
// named from the catalogue, the outcome and flag, and the note sealed
// (its words are nowhere in the file's column); the queued action keeps
// the catalogue's codes, as central wants them.
func TestTicketWrapUpIsKeptSealed(t *testing.T) {
	s, _ := openTemp(t, NewKeys())
	defer s.Close()
	ctx := context.Background()
	if err := s.SetCatalogue(ctx, Catalogue{Services: []model.Service{{Code: "cu", Name: "Certificazione Unica (CU)", Level: 1}}}); err != nil {
		t.Fatal(err)
	}
	tk, err := s.EnqueueTicket(ctx, "k1", model.TicketAction{TicketID: "t-wrap-1", Op: model.TicketIssue, Reason: model.ReasonCertificate,
		Office: "7801", At: at(9, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.EnqueueTicket(ctx, "k2", model.TicketAction{TicketID: tk.ID, Op: model.TicketCall, Desk: "Acc 1", At: at(9, 5)}); err != nil {
		t.Fatal(err)
	}
	const note = "Rossi chiede il duplicato per la dichiarazione"
	served, err := s.EnqueueTicket(ctx, "k3", model.TicketAction{TicketID: tk.ID, Op: model.TicketServe, Desk: "Acc 1", At: at(9, 12),
		Outcome: model.OutcomeResolved, Services: []string{"cu"}, Note: note, NotRepresentative: true})
	if err != nil {
		t.Fatal(err)
	}
	q, err := s.Queue(ctx, "7801", at(9, 0))
	if err != nil || len(q) != 1 {
		t.Fatalf("queue %+v, %v", q, err)
	}
	for _, got := range []model.Ticket{served, q[0].Ticket} {
		if got.Status != model.TicketServed || got.Outcome != model.OutcomeResolved || got.Note != note || !got.NotRepresentative ||
			!slices.Equal(got.Services, []string{"Certificazione Unica (CU)"}) {
			t.Errorf("served ticket %+v", got)
		}
	}
	var raw []byte
	if err := s.r.QueryRowContext(ctx, `SELECT wrapup FROM tickets WHERE id = ?`, tk.ID).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	if len(raw) == 0 || bytes.Contains(raw, []byte("Rossi")) || bytes.Contains(raw, []byte("resolved")) {
		t.Errorf("the wrap-up column is not sealed: %q", raw)
	}
	pending, err := s.Pending(ctx)
	if err != nil || len(pending) != 3 {
		t.Fatalf("pending %d, %v", len(pending), err)
	}
	var a model.TicketAction
	if err := json.Unmarshal(pending[2].Payload, &a); err != nil || !slices.Equal(a.Services, []string{"cu"}) || a.Note != note {
		t.Errorf("queued serve %+v, %v", a, err)
	}
}

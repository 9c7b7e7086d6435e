package client_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"sportello/client"
	"sportello/client/sandbox"
	"sportello/model"
)

// TestTicketCounterRules drives central's rules of the counter over real
// loopback HTTP, behind the contract validator: two desks never call one
// citizen, a recall past the limit makes the ticket gone, priority tickets
// keep their mark, a transfer carries its note.
func TestTicketCounterRules(t *testing.T) {
	clk := &clock{t: time.Date(2026, 11, 23, 10, 0, 0, 0, model.Rome)}
	_, srv, v := startSandbox(t, 7, clk)
	ctx := context.Background()
	desk1, desk2 := login(t, srv.URL, "accoglienza"), login(t, srv.URL, "accoglienza")
	at := clk.Now()
	issue := func(id string, p model.Priority) model.Ticket {
		t.Helper()
		tk, err := desk1.IssueTicket(ctx, "", model.Ticket{ID: id, Reason: model.ReasonInformation, Number: 900, IssuedAt: at, Priority: p})
		if err != nil || tk.MaxRecalls != sandbox.MaxRecalls || tk.Priority != p {
			t.Fatalf("issue %s: %+v, %v", id, tk, err)
		}
		return tk
	}
	act := func(c *client.Client, a model.TicketAction) (model.Ticket, error) {
		a.At = at
		return c.TicketAction(ctx, "", a)
	}

	// Two desks call one ticket at once: exactly one gets it; the other
	// gets a conflict with the ticket as central has it.
	tk := issue("tk-race-0001", model.PriorityElderly)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, c := range []*client.Client{desk1, desk2} {
		wg.Go(func() {
			_, errs[i] = act(c, model.TicketAction{TicketID: tk.ID, Op: model.TicketCall, Version: tk.Version, Desk: []string{"Acc 1", "Acc 2"}[i]})
		})
	}
	wg.Wait()
	if (errs[0] == nil) == (errs[1] == nil) {
		t.Fatalf("two desks calling one ticket: %v / %v, want exactly one refused", errs[0], errs[1])
	}
	var apiErr *client.APIError
	refused := errors.Join(errs...)
	if !errors.Is(refused, client.ErrConflict) || !errors.As(refused, &apiErr) || apiErr.Central.(model.Ticket).Status != model.TicketCalled {
		t.Errorf("the refused call: %v, want a conflict with the called ticket", refused)
	}
	cur := apiErr.Central.(model.Ticket)
	other := map[string]string{"Acc 1": "Acc 2", "Acc 2": "Acc 1"}[cur.Desk]
	// Even at the current version, another desk cannot call or recall it.
	for _, op := range []model.TicketOp{model.TicketCall, model.TicketRecall, model.TicketServe} {
		if _, err := act(desk2, model.TicketAction{TicketID: tk.ID, Op: op, Version: cur.Version, Desk: other}); !errors.Is(err, client.ErrConflict) {
			t.Errorf("%s by another desk at the current version: %v, want a conflict", op, err)
		}
	}

	// Recalls up to the limit keep it called; the next makes it gone.
	for i := 1; i <= sandbox.MaxRecalls+1; i++ {
		next, err := act(desk1, model.TicketAction{TicketID: tk.ID, Op: model.TicketRecall, Version: cur.Version, Desk: cur.Desk})
		if err != nil || next.Recalls != i {
			t.Fatalf("recall %d: %+v, %v", i, next, err)
		}
		if want := map[bool]model.TicketStatus{true: model.TicketGone, false: model.TicketCalled}[i > sandbox.MaxRecalls]; next.Status != want {
			t.Errorf("after recall %d: %s, want %s", i, next.Status, want)
		}
		cur = next
	}

	// Park, resume, transfer with a note, priority toggle.
	tk2 := issue("tk-park-0001", model.PriorityNone)
	steps := []struct {
		a    model.TicketAction
		want func(model.Ticket) bool
	}{
		{model.TicketAction{Op: model.TicketPriority, Priority: model.PriorityDisability, Desk: "Acc 1"},
			func(t model.Ticket) bool { return t.Priority == model.PriorityDisability }},
		{model.TicketAction{Op: model.TicketCall, Desk: "Acc 1"}, func(t model.Ticket) bool { return t.Status == model.TicketCalled }},
		{model.TicketAction{Op: model.TicketPark, Desk: "Acc 1"}, func(t model.Ticket) bool { return t.Status == model.TicketParked }},
		{model.TicketAction{Op: model.TicketResume, Desk: "Acc 1"}, func(t model.Ticket) bool { return t.Status == model.TicketCalled }},
		{model.TicketAction{Op: model.TicketTransfer, Desk: "Acc 1", TransferReason: model.ReasonDocuments, Note: "porta il modulo firmato"},
			func(t model.Ticket) bool {
				return t.Status == model.TicketWaiting && t.Transfers == 1 && t.TransferReason == model.ReasonDocuments &&
					t.TransferNote == "porta il modulo firmato"
			}},
	}
	for _, s := range steps {
		s.a.TicketID, s.a.Version = tk2.ID, tk2.Version
		next, err := act(desk1, s.a)
		if err != nil || !s.want(next) {
			t.Fatalf("%s: %+v, %v", s.a.Op, next, err)
		}
		tk2 = next
	}
	if _, err := act(desk2, model.TicketAction{TicketID: tk2.ID, Op: model.TicketPark, Version: tk2.Version, Desk: "Acc 2"}); !errors.Is(err, client.ErrConflict) {
		t.Errorf("park a waiting ticket: %v, want refused", err)
	}
	checkContract(t, v)
}

package client_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"testing"
	"time"

	"sportello/client"
	"sportello/model"
)

// TestTicketWrapUpRules drives central's rules on a serve's wrap-up over
// real loopback HTTP, behind the contract validator: an outcome or a
// service the catalogue does not have, a consulenza service at the
// reception are refused with 422 and leave the ticket
// called; a good wrap-up comes back with the services named.
func TestTicketWrapUpRules(t *testing.T) {
	clk := &clock{t: time.Date(2026, 11, 23, 10, 0, 0, 0, model.Rome)}
	_, srv, v := startSandbox(t, 7, clk)
	ctx := context.Background()
	desk := login(t, srv.URL, "accoglienza")
	at := clk.Now()
	tk, err := desk.IssueTicket(ctx, "", model.Ticket{ID: "tk-wrap-0001", Reason: model.ReasonInformation, Number: 901, IssuedAt: at})
	if err != nil {
		t.Fatal(err)
	}
	tk, err = desk.TicketAction(ctx, "", model.TicketAction{TicketID: tk.ID, Op: model.TicketCall, Version: tk.Version, At: at, Desk: "Acc 1"})
	if err != nil {
		t.Fatal(err)
	}
	serve := func(w model.WrapUp) (model.Ticket, error) {
		return desk.TicketAction(ctx, "", model.TicketAction{TicketID: tk.ID, Op: model.TicketServe, Version: tk.Version,
			At: at.Add(6 * time.Minute), Desk: "Acc 1", Outcome: w.Outcome, Services: w.Services, Note: w.Note, NotRepresentative: w.NotRepresentative})
	}
	for name, w := range map[string]model.WrapUp{
		"unknown outcome":         {Outcome: "solved_somehow"},
		"no outcome, with a note": {Note: "risolto"},
		"unknown service":         {Outcome: model.OutcomeResolved, Services: []string{"no_such_service"}},
		"consulenza at reception": {Outcome: model.OutcomeResolved, Services: []string{"riscatto_laurea"}},
	} {
		var apiErr *client.APIError
		if _, err := serve(w); !errors.Is(err, client.ErrRejected) || !errors.As(err, &apiErr) || apiErr.Status != http.StatusUnprocessableEntity {
			t.Errorf("%s: %v, want 422", name, err)
		}
	}
	served, err := serve(model.WrapUp{Outcome: model.OutcomeReferred, Services: []string{"cu", "estratto_conto"},
		Note: "Indirizzato alla sede per la ricostituzione", NotRepresentative: true})
	if err != nil || served.Status != model.TicketServed || served.Outcome != model.OutcomeReferred ||
		!slices.Equal(served.Services, []string{"Certificazione Unica (CU)", "Estratto conto contributivo"}) || !served.NotRepresentative ||
		served.Note != "Indirizzato alla sede per la ricostituzione" {
		t.Errorf("served: %+v, %v", served, err)
	}
	checkContract(t, v)
}

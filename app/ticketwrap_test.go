package app

import (
	"context"
	"slices"
	"testing"

	"sportello/model"
)

// A ticket served with its wrap-up while the line is cut reaches central
// when it comes back, exactly once, with the outcome, the services (named
// by central from the codes), the note and the flag; the mirror shows it
// served with the same wrap-up, before and after.
func TestTicketWrapUpOfflineReachesCentralOnce(t *testing.T) {
	ctx := context.Background()
	central := startCentral(t)
	c := consoleOn(t, central.URL, "accoglienza")
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	services, err := c.TicketServices(ctx) // mirrors the catalogue
	if err != nil || len(services) == 0 || slices.ContainsFunc(services, func(s model.Service) bool { return s.Level != model.LevelInformation }) {
		t.Fatalf("services a reception gives: %+v, %v", services, err)
	}
	before, err := central.Sandbox.Ledger(ctx)
	if err != nil {
		t.Fatal(err)
	}
	central.Line.Unplug()
	tk, err := c.IssueTicket(ctx, model.ReasonCertificate)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.TicketOp(ctx, tk.ID, model.TicketCall); err != nil {
		t.Fatal(err)
	}
	w := model.WrapUp{Outcome: model.OutcomeDocumentRequested, Services: []string{services[0].Code}, Note: " Porterà il modello ISEE ",
		NotRepresentative: true}
	if _, err := c.ServeTicket(ctx, tk.ID, model.WrapUp{Outcome: "Non è un codice"}); err == nil {
		t.Error("a malformed outcome was queued")
	}
	local, err := c.ServeTicket(ctx, tk.ID, w)
	if err != nil {
		t.Fatal(err)
	}
	check := func(where string, k model.Ticket) {
		t.Helper()
		if k.Status != model.TicketServed || k.Outcome != model.OutcomeDocumentRequested || k.Note != "Porterà il modello ISEE" ||
			!k.NotRepresentative || !slices.Equal(k.Services, []string{services[0].Name}) {
			t.Errorf("%s: %+v", where, k)
		}
	}
	check("the mirror offline", local)
	central.Line.Plug()
	for range 2 { // a second pass sends nothing again
		if _, err := c.SyncOnce(ctx); err != nil {
			t.Fatal(err)
		}
	}
	after, err := central.Sandbox.Ledger(ctx)
	if err != nil {
		t.Fatal(err)
	}
	serves := 0
	for _, e := range after[len(before):] {
		if e.Action == "ticket:serve" {
			serves++
		}
	}
	if serves != 1 {
		t.Errorf("central applied %d serves, want 1", serves)
	}
	tickets, err := central.Sandbox.Tickets(ctx, "7801", monday)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(tickets, func(k model.Ticket) bool { return k.ID == tk.ID })
	if i < 0 {
		t.Fatal("central has not the ticket")
	}
	check("central", tickets[i])
	q, err := c.Queue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range q {
		if e.ID == tk.ID {
			if e.Pending {
				t.Error("still pending after the sync")
			}
			check("the mirror after the sync", e.Ticket)
		}
	}
}

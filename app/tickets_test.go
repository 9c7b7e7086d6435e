package app

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"sportello/assets/i18n"
	"sportello/client"
	"sportello/client/sandbox"
	"sportello/model"
)

// The counter's ticket operations made with the line cut all reach
// central when it comes back, each exactly once, and central's ticket ends
// as the desk left it; priority goes first, locally and at central.
func TestTicketOpsOfflineReachCentralOnce(t *testing.T) {
	ctx := context.Background()
	central := startCentral(t)
	c := consoleOn(t, central.URL, "accoglienza")
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	before, err := central.Sandbox.Ledger(ctx)
	if err != nil {
		t.Fatal(err)
	}
	central.Line.Unplug()
	plain, err := c.IssueTicket(ctx, model.ReasonInformation)
	if err != nil {
		t.Fatal(err)
	}
	fragile, err := c.IssueTicketWith(ctx, model.ReasonCertificate, model.PriorityPregnancy)
	if err != nil {
		t.Fatal(err)
	}
	called, err := c.CallNext(ctx)
	if err != nil || called.ID != fragile.ID {
		t.Fatalf("call next offline: %s, %v; want the priority ticket %s first", called.Code(), err, fragile.Code())
	}
	steps := []func() (model.Ticket, error){
		func() (model.Ticket, error) { return c.TicketOp(ctx, fragile.ID, model.TicketRecall) },
		func() (model.Ticket, error) { return c.TicketOp(ctx, fragile.ID, model.TicketPark) },
		func() (model.Ticket, error) { return c.TicketOp(ctx, fragile.ID, model.TicketResume) },
		func() (model.Ticket, error) {
			return c.TransferTicket(ctx, fragile.ID, "", model.ReasonDocuments, "deve consegnare il modulo SR16")
		},
		func() (model.Ticket, error) { return c.SetTicketPriority(ctx, plain.ID, model.PriorityElderly) },
	}
	for i, step := range steps {
		if _, err := step(); err != nil {
			t.Fatalf("step %d offline: %v", i, err)
		}
	}
	central.Line.Plug()
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SyncOnce(ctx); err != nil { // a second pass sends nothing again
		t.Fatal(err)
	}
	after, err := central.Sandbox.Ledger(ctx)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, e := range after[len(before):] {
		counts[e.Action]++
	}
	want := map[string]int{"issue_ticket": 2, "ticket:call": 1, "ticket:recall": 1, "ticket:park": 1, "ticket:resume": 1,
		"ticket:transfer": 1, "ticket:priority": 1}
	for k, n := range want {
		if counts[k] != n {
			t.Errorf("central applied %s %d times, want %d (%v)", k, counts[k], n, counts)
		}
	}
	tickets, err := central.Sandbox.Tickets(ctx, "7801", monday)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range tickets {
		switch k.ID {
		case fragile.ID:
			if k.Status != model.TicketWaiting || k.Recalls != 1 || k.Transfers != 1 || k.TransferReason != model.ReasonDocuments ||
				k.TransferNote != "deve consegnare il modulo SR16" || k.Priority != model.PriorityPregnancy {
				t.Errorf("central's transferred ticket: %+v", k)
			}
		case plain.ID:
			if k.Priority != model.PriorityElderly {
				t.Errorf("central's ticket given a priority: %+v", k)
			}
		}
	}
	q, err := c.Queue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range q {
		if e.ID == fragile.ID && (e.Pending || e.MaxRecalls != sandbox.MaxRecalls || e.TransferNote == "") {
			t.Errorf("the mirror after sync: %+v", e)
		}
	}
}

// Another desk called the ticket while this console was offline: central
// refuses this desk's call and the conflict carries the ticket as the
// other desk left it, which the mirror then shows.
func TestSecondCallOfATicketIsAConflict(t *testing.T) {
	ctx := context.Background()
	central := startCentral(t)
	c := consoleOn(t, central.URL, "accoglienza")
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	other, err := client.New(central.URL, client.Config{Backoff: time.Millisecond})
	if err == nil {
		_, err = other.Login(ctx, "accoglienza", "accoglienza")
	}
	if err != nil {
		t.Fatal(err)
	}
	central.Line.Unplug()
	mine, err := c.CallNext(ctx)
	if err != nil {
		t.Fatal(err)
	}
	central.Line.Plug()
	if _, err := other.TicketAction(ctx, "other-desk-call-1", model.TicketAction{TicketID: mine.ID, Op: model.TicketCall,
		Version: mine.Version - 1, At: monday, Desk: "Accoglienza 2"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SyncOnce(ctx); err != nil && !errors.Is(err, client.ErrConflict) {
		t.Fatal(err)
	}
	conflicts, err := c.Conflicts(ctx)
	if err != nil || len(conflicts) != 1 || conflicts[0].Kind != model.KindTicket {
		t.Fatalf("conflicts: %+v, %v", conflicts, err)
	}
	if k, ok := conflicts[0].Central.(model.Ticket); !ok || k.Desk != "Accoglienza 2" || conflicts[0].Message == "" {
		t.Errorf("the conflict's ticket: %+v (%q)", conflicts[0].Central, conflicts[0].Message)
	}
	q, _ := c.Queue(ctx)
	for _, e := range q {
		if e.ID == mine.ID && (e.Desk != "Accoglienza 2" || e.Pending) {
			t.Errorf("the mirror shows %+v, want the other desk's call", e)
		}
	}
}

// A transfer's desk and note are checked at once, not refused by central
// an hour later: a desk the office does not have (a typo in the field) or
// a note too long is refused with the operator's words; a note pasted with
// control characters reads as one line, and reaches central, once.
func TestATicketTransferIsCheckedAtOnce(t *testing.T) {
	ctx := context.Background()
	central := startCentral(t)
	c := consoleOn(t, central.URL, "accoglienza")
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	tk, err := c.IssueTicket(ctx, model.ReasonInformation)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.TransferTicket(ctx, tk.ID, "sportello 9", "", "porta il modulo"); !errors.Is(err, model.ErrNoTransferTarget) ||
		Explain(err) != i18n.T("err.transfer_target") {
		t.Errorf("a transfer to a desk the office does not have: %v (%q)", err, Explain(err))
	}
	if _, err := c.TransferTicket(ctx, tk.ID, "Sportello 2", "", strings.Repeat("à", model.MaxTicketNoteLength+1)); !errors.Is(err, ErrEmptyNote) {
		t.Errorf("a note too long: %v", err)
	}
	got, err := c.TransferTicket(ctx, tk.ID, "Sportello 2", "", "porta\til modulo\x1b[2J firmato\n")
	if err != nil || got.TransferNote != "porta il modulo [2J firmato" {
		t.Fatalf("a pasted note: %q, %v", got.TransferNote, err)
	}
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if k, err := c.Conflicts(ctx); err != nil || len(k) != 0 {
		t.Fatalf("conflicts: %+v, %v", k, err)
	}
	tickets, err := central.Sandbox.Tickets(ctx, "7801", monday)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range tickets {
		if x.ID == tk.ID && (x.Transfers != 1 || x.TransferDesk != "Sportello 2" || x.TransferNote != got.TransferNote) {
			t.Errorf("central's ticket: %+v", x)
		}
	}
}

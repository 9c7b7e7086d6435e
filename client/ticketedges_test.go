package client_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"sportello/client"
	"sportello/model"
)

// TestTicketTransferEdges: central's rules on a transfer's target and
// note. A note of 200 characters is within the contract however many
// bytes its accents take; a longer one, or one with control characters,
// is refused, as is a transfer to a desk the office does not have (the
// ticket would wait for nobody) or to the desk that holds it. Each refusal
// is a rejection the operator reads in Italian, and leaves the ticket as
// it was.
func TestTicketTransferEdges(t *testing.T) {
	clk := &clock{t: time.Date(2026, 11, 23, 10, 0, 0, 0, model.Rome)}
	_, srv, v := startSandbox(t, 7, clk)
	ctx := context.Background()
	desk := login(t, srv.URL, "accoglienza")
	n := 0
	called := func() model.Ticket {
		t.Helper()
		n++
		tk, err := desk.IssueTicket(ctx, "", model.Ticket{ID: "tk-edge-" + strings.Repeat("0", 3) + string(rune('0'+n)),
			Reason: model.ReasonInformation, Number: 900 + n, IssuedAt: clk.Now()})
		if err == nil {
			tk, err = desk.TicketAction(ctx, "", model.TicketAction{TicketID: tk.ID, Op: model.TicketCall, Version: tk.Version,
				Desk: "Sportello 1", At: clk.Now()})
		}
		if err != nil {
			t.Fatal(err)
		}
		return tk
	}
	transfer := func(tk model.Ticket, to string, note string) (model.Ticket, error) {
		return desk.TicketAction(ctx, "", model.TicketAction{TicketID: tk.ID, Op: model.TicketTransfer, Version: tk.Version,
			Desk: "Sportello 1", TransferDesk: to, Note: note, At: clk.Now()})
	}
	accented := strings.Repeat("è", 200) // 200 characters, 400 bytes
	if got, err := transfer(called(), "Sportello 2", accented); err != nil || got.TransferNote != accented {
		t.Errorf("a note of 200 accented characters: %v", err)
	}
	for _, c := range []struct{ name, to, note string }{
		{"a desk the office does not have", "Sportello 99", "porta il modulo"},
		{"the desk that holds it", "Sportello 1", "porta il modulo"},
		{"a note of 201 characters", "Sportello 2", accented + "e"},
		{"a note of 10 KB", "Sportello 2", strings.Repeat("x", 10<<10)},
		{"a note with control characters", "Sportello 2", "porta\x1b[2J il modulo\u202e"},
	} {
		tk := called()
		_, err := transfer(tk, c.to, c.note)
		var apiErr *client.APIError
		if !errors.Is(err, client.ErrRejected) || !errors.As(err, &apiErr) || apiErr.Message == "" {
			t.Errorf("a transfer to %s: %v, want a rejection with a message", c.name, err)
			continue
		}
		again, err := desk.TicketAction(ctx, "", model.TicketAction{TicketID: tk.ID, Op: model.TicketPark, Version: tk.Version,
			Desk: "Sportello 1", At: clk.Now()})
		if err != nil || again.Transfers != 0 || again.Status != model.TicketParked {
			t.Errorf("after the refused transfer to %s: %+v, %v", c.name, again, err)
		}
	}
	for _, viol := range v.Violations() {
		if !strings.Contains(viol, "request") { // the refused requests break the contract on purpose
			t.Errorf("contract violation: %s", viol)
		}
	}
}

// An operator at a desk acts on tickets as that desk: a console that
// names another desk (a wrong setting, a bug) is refused, or it could call
// or close the ticket another desk holds.
func TestAnOperatorActsOnTicketsAsTheirOwnDesk(t *testing.T) {
	clk := &clock{t: time.Date(2026, 11, 24, 10, 0, 0, 0, model.Rome)} // a Tuesday: Padula receives
	_, srv, v := startSandbox(t, 7, clk)
	ctx := context.Background()
	punto := login(t, srv.URL, "punto") // Sportello unico of the Punto INPS
	tk, err := punto.IssueTicket(ctx, "", model.Ticket{ID: "tk-desk-0001", Reason: model.ReasonInformation, Number: 901, IssuedAt: clk.Now()})
	if err != nil {
		t.Fatal(err)
	}
	_, err = punto.TicketAction(ctx, "", model.TicketAction{TicketID: tk.ID, Op: model.TicketCall, Version: tk.Version, Desk: "Sportello 9", At: clk.Now()})
	if !errors.Is(err, client.ErrRejected) {
		t.Errorf("a call in the name of another desk: %v, want a rejection", err)
	}
	got, err := punto.TicketAction(ctx, "", model.TicketAction{TicketID: tk.ID, Op: model.TicketCall, Version: tk.Version, Desk: "Sportello unico", At: clk.Now()})
	if err != nil || got.Desk != "Sportello unico" {
		t.Errorf("a call at the own desk: %+v, %v", got, err)
	}
	checkContract(t, v)
}

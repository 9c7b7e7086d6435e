package model

import (
	"errors"
	"testing"
	"time"
)

func TestOneLineAndHasControl(t *testing.T) {
	for in, want := range map[string]string{
		"":                          "",
		"  porta il modulo ":        "porta il modulo",
		"porta\til modulo\r\n":      "porta il modulo",
		"\x1b[2Jvia\u202eattenta":   "[2Jvia attenta",
		"già verificato, è in sala": "già verificato, è in sala",
		"🙂 ok":                      "🙂 ok",
	} {
		if got := OneLine(in); got != want {
			t.Errorf("OneLine(%q) = %q, want %q", in, got, want)
		}
		if HasControl(OneLine(in)) {
			t.Errorf("OneLine(%q) still has control characters", in)
		}
	}
	if !HasControl("a\x00b") || !HasControl("a\u200eb") || HasControl("è à ù 🙂") {
		t.Error("HasControl")
	}
}

// A desk never transfers a ticket to itself: the ticket would wait for
// the desk that just let it go.
func TestATicketIsNotTransferredToTheDeskHoldingIt(t *testing.T) {
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, Rome)
	called := Ticket{ID: "a", Number: 1, Status: TicketCalled, Desk: "D1", Version: 2, CalledAt: at}
	_, err := called.Apply(TicketAction{Op: TicketTransfer, Desk: "D1", TransferDesk: "D1", At: at})
	if !errors.Is(err, ErrNoTransferTarget) || !errors.Is(err, ErrTransition) {
		t.Errorf("transfer to the desk itself: %v", err)
	}
	if got, err := called.Apply(TicketAction{Op: TicketTransfer, Desk: "D1", TransferDesk: "D2", At: at}); err != nil || got.TransferDesk != "D2" {
		t.Errorf("transfer to another desk: %+v, %v", got, err)
	}
}

package model

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// TicketParked is a called ticket put aside: the citizen went to fetch a
// document and the desk resumes them later.
const TicketParked TicketStatus = "parked"

// The operations of the counter on a ticket, besides issue, call, serve and
// absent.
const (
	TicketRecall   TicketOp = "recall"   // call again a called ticket that did not come
	TicketPark     TicketOp = "park"     // put a called ticket aside
	TicketResume   TicketOp = "resume"   // call a parked ticket back to the same desk
	TicketTransfer TicketOp = "transfer" // pass a ticket to another desk or service
	TicketPriority TicketOp = "priority" // give (or take away) a waiting ticket's priority
)

// TicketStatuses lists every status a ticket can have.
var TicketStatuses = []TicketStatus{TicketWaiting, TicketCalled, TicketParked, TicketServed, TicketGone}

// ErrOtherDesk means the ticket is called (or parked) by another desk: two
// desks never call one citizen.
var ErrOtherDesk = errors.New("the ticket is with another desk")

// ErrNoTransferTarget means a transfer names neither a desk nor a service.
var ErrNoTransferTarget = errors.New("a transfer needs a desk or a service")

// ExpectedService is how long a citizen is expected at the desk for each
// ticket reason; the queue marks a call that lasts longer.
var ExpectedService = map[TicketReason]time.Duration{
	ReasonInformation: 10 * time.Minute,
	ReasonCertificate: 5 * time.Minute,
	ReasonDocuments:   10 * time.Minute,
	ReasonBooking:     15 * time.Minute,
}

// Apply returns the ticket after the operation a, by the desk a.Desk, or
// an error wrapping ErrTransition or ErrOtherDesk. The console applies it
// to its mirror and central to its own ticket, so both follow one rule:
//   - a recall counts one more recall and restarts the call; past
//     MaxRecalls (when central gave one) the ticket is gone instead;
//   - park and resume keep the desk; a resume restarts the call timer
//     (fetching a document is not service time);
//   - a transfer puts the ticket back in the queue for the desk or the
//     service named (never the desk acting), with the note, and counts
//     one more transfer;
//   - any operation on a ticket another desk holds (called or parked) is
//     refused.
func (t Ticket) Apply(a TicketAction) (Ticket, error) {
	next, err := NextTicket(t.Status, a.Op)
	if err != nil {
		return t, err
	}
	held := t.Status == TicketCalled || t.Status == TicketParked
	if held && t.Desk != "" && a.Desk != "" && a.Desk != t.Desk {
		return t, fmt.Errorf("%w: ticket %s at %s", ErrOtherDesk, t.ID, t.Desk)
	}
	at := a.At.Truncate(time.Second)
	out := t
	out.Status, out.Version = next, t.Version+1
	switch a.Op {
	case TicketCall, TicketResume:
		out.CalledAt = at
		if a.Desk != "" {
			out.Desk = a.Desk
		}
		out.TransferDesk, out.TransferReason = "", ""
	case TicketRecall:
		out.Recalls++
		out.CalledAt = at
		if t.MaxRecalls > 0 && out.Recalls > t.MaxRecalls {
			out.Status, out.DoneAt = TicketGone, at
		}
	case TicketPark:
	case TicketTransfer:
		if a.TransferDesk == "" && a.TransferReason == "" || a.TransferReason != "" && !a.TransferReason.Valid() {
			return t, fmt.Errorf("%w: %w", ErrTransition, ErrNoTransferTarget)
		}
		if a.TransferDesk != "" && a.TransferDesk == a.Desk {
			return t, fmt.Errorf("%w: %w: %s is the desk itself", ErrTransition, ErrNoTransferTarget, a.TransferDesk)
		}
		out.Transfers++
		out.TransferDesk, out.TransferReason, out.TransferNote = a.TransferDesk, a.TransferReason, a.Note
		out.Desk = ""
	case TicketPriority:
		if !a.Priority.Valid() {
			return t, fmt.Errorf("%w: unknown priority %q", ErrTransition, a.Priority)
		}
		out.Priority = a.Priority
	case TicketServe:
		if err := wrapUpTicket(&out, a); err != nil {
			return t, err
		}
		out.DoneAt = at
	default: // absent
		out.DoneAt = at
	}
	return out, nil
}

// wrapUpTicket records on t the wrap-up a serve carries: none at all (a
// console before the wrap-up), or one that passes WrapUp.Check. Services
// are recorded as a carries them (the console and central name them from
// their catalogue first), each once.
func wrapUpTicket(t *Ticket, a TicketAction) error {
	w := a.WrapUp()
	if w.Outcome == "" && len(w.Services) == 0 && strings.TrimSpace(w.Note) == "" && !w.NotRepresentative {
		return nil
	}
	if err := w.Check(); err != nil {
		return fmt.Errorf("%w: %w", ErrTransition, err)
	}
	t.Outcome, t.Note, t.NotRepresentative = w.Outcome, strings.TrimSpace(w.Note), w.NotRepresentative
	t.Services = nil
	for _, s := range w.Services {
		if !slices.Contains(t.Services, s) {
			t.Services = append(t.Services, s)
		}
	}
	return nil
}

// ServiceTime is how long a served ticket was at the desk: from its last
// call (a resume restarts it) to served; zero when not known.
func (t Ticket) ServiceTime() time.Duration {
	if t.Status != TicketServed || t.CalledAt.IsZero() || !t.DoneAt.After(t.CalledAt) {
		return 0
	}
	return t.DoneAt.Sub(t.CalledAt)
}

// Held reports whether the ticket is at a desk: called or parked.
func (t Ticket) Held() bool { return t.Status == TicketCalled || t.Status == TicketParked }

// For reports whether a waiting ticket may be called by desk: not when it
// was transferred to another desk.
func (t Ticket) For(desk string) bool {
	return t.Status == TicketWaiting && (t.TransferDesk == "" || t.TransferDesk == desk)
}

// QueueOrder sorts waiting tickets as central calls them: priority tickets
// first, then by issue time, then by number.
func QueueOrder(a, b Ticket) int {
	if pa, pb := a.Priority != PriorityNone, b.Priority != PriorityNone; pa != pb {
		if pa {
			return -1
		}
		return 1
	}
	if c := a.IssuedAt.Compare(b.IssuedAt); c != 0 {
		return c
	}
	return a.Number - b.Number
}

// NextFor returns the ticket desk calls next among tickets (central's
// rule: priority first, then the longest waiting), or false.
func NextFor(tickets []Ticket, desk string) (Ticket, bool) {
	var waiting []Ticket
	for _, t := range tickets {
		if t.For(desk) {
			waiting = append(waiting, t)
		}
	}
	if len(waiting) == 0 {
		return Ticket{}, false
	}
	return slices.MinFunc(waiting, QueueOrder), true
}

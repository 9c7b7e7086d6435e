package model

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

// A serve carries the wrap-up: it lands on the ticket (services once each,
// the note trimmed); one with a malformed outcome or too long a note is
// refused and leaves the ticket called; a serve without any wrap-up (a
// console before it) still serves.
func TestTicketServeWithWrapUp(t *testing.T) {
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, Rome)
	called := Ticket{ID: "t1", Reason: ReasonCertificate, Status: TicketCalled, Desk: "D1", CalledAt: at, Version: 2}
	later := at.Add(7 * time.Minute)
	serve := TicketAction{Op: TicketServe, Desk: "D1", At: later, Outcome: OutcomeDocumentRequested,
		Services: []string{"Estratto conto contributivo", "Estratto conto contributivo"}, Note: "  manca il modello AP70 ", NotRepresentative: true}
	got, err := called.Apply(serve)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != TicketServed || got.Outcome != OutcomeDocumentRequested || !slices.Equal(got.Services, []string{"Estratto conto contributivo"}) ||
		got.Note != "manca il modello AP70" || !got.NotRepresentative || !got.DoneAt.Equal(later) || got.ServiceTime() != 7*time.Minute {
		t.Errorf("served %+v", got)
	}
	for name, bad := range map[string]TicketAction{
		"malformed outcome": {Op: TicketServe, Desk: "D1", At: later, Outcome: "Risolto!"},
		"note too long":     {Op: TicketServe, Desk: "D1", At: later, Outcome: OutcomeResolved, Note: strings.Repeat("x", MaxNoteLength+1)},
		"note, no outcome":  {Op: TicketServe, Desk: "D1", At: later, Note: "risolto"},
	} {
		if out, err := called.Apply(bad); !errors.Is(err, ErrTransition) || !errors.Is(err, ErrWrapUp) || out.Status != TicketCalled {
			t.Errorf("%s: %v, %+v", name, err, out)
		}
	}
	plain, err := called.Apply(TicketAction{Op: TicketServe, Desk: "D1", At: later})
	if err != nil || plain.Status != TicketServed || plain.Outcome != "" {
		t.Errorf("serve without wrap-up: %+v, %v", plain, err)
	}
}

// The report counts the served tickets' outcomes and services (the
// reason's own and each recorded) apart from the visits', and their
// average service time (called to served) leaves out the time flagged
// not representative.
func TestDayReportCountsTicketWrapUps(t *testing.T) {
	at := func(h, m int) time.Time { return time.Date(2026, 11, 20, h, m, 0, 0, Rome) }
	served := func(r TicketReason, o Outcome, called, mins int, svc ...string) Ticket {
		return Ticket{Reason: r, Status: TicketServed, IssuedAt: at(8, 30), CalledAt: at(9, called), DoneAt: at(9, called+mins),
			Outcome: o, Services: svc}
	}
	odd := served(ReasonInformation, OutcomeResolved, 40, 50)
	odd.NotRepresentative = true
	tickets := []Ticket{
		served(ReasonInformation, OutcomeResolved, 0, 4, "Estratto conto contributivo"),
		served(ReasonCertificate, OutcomeResolved, 5, 8, "Estratto conto contributivo", "Certificazione Unica (CU)"),
		served(ReasonInformation, OutcomeReferred, 20, 12),
		odd,                                // 50 minutes, flagged: counted, out of the average
		served(ReasonDocuments, "", 35, 0), // a serve without wrap-up, no time
		{Reason: ReasonBooking, Status: TicketCalled, IssuedAt: at(8, 30), CalledAt: at(9, 50)}, // not served
	}
	slots := []Slot{{Service: "CU", Status: StatusCompleted, Outcome: OutcomeFollowUp}}
	r := BuildDayReport(at(12, 0), "Battipaglia", "", slots, tickets)

	if want := []Tally{{"resolved", 3}, {"", 1}, {"referred", 1}}; !slices.Equal(r.Tickets.Outcomes, want) {
		t.Errorf("ticket outcomes %v, want %v", r.Tickets.Outcomes, want)
	}
	want := []Tally{{"information", 3}, {"Estratto conto contributivo", 2}, {"Certificazione Unica (CU)", 1}, {"certificate", 1}, {"documents", 1}}
	if !slices.Equal(r.Tickets.Delivered, want) {
		t.Errorf("ticket services %v, want %v", r.Tickets.Delivered, want)
	}
	if r.Tickets.NotRepresentative != 1 || r.Tickets.Timed != 3 || r.Tickets.AverageService() != 8*time.Minute {
		t.Errorf("not representative %d, timed %d, average %v; want 1, 3, 8 min", r.Tickets.NotRepresentative, r.Tickets.Timed,
			r.Tickets.AverageService())
	}
	// The visits' figures stay their own.
	if !slices.Equal(r.Outcomes, []Tally{{"follow_up", 1}}) || !slices.Equal(r.Delivered, []Tally{{"CU", 1}}) || r.NotRepresentative != 0 {
		t.Errorf("visits' outcomes %v delivered %v not representative %d", r.Outcomes, r.Delivered, r.NotRepresentative)
	}
}

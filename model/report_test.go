package model

import (
	"slices"
	"testing"
	"time"
)

// The counter's figures: outcomes (an unknown code kept as it is),
// services delivered (the booked one and each added), averages per
// service without the visits flagged not representative, recalls,
// transfers and the no-show rates.
func TestDayReportCounterFigures(t *testing.T) {
	at := func(h, m int) time.Time { return time.Date(2026, 11, 20, h, m, 0, 0, Rome) }
	served := func(svc string, o Outcome, from, mins int, extra ...string) Slot {
		return Slot{Channel: ChannelInPerson, Service: svc, Status: StatusCompleted, Outcome: o, Services: extra,
			ServedFrom: at(9, from), ServedTo: at(9, from+mins)}
	}
	odd := served("CU", OutcomeResolved, 30, 25)
	odd.NotRepresentative = true
	slots := []Slot{
		served("CU", OutcomeResolved, 0, 10, "ISEE"),
		served("CU", OutcomeFollowUp, 12, 6),
		odd, // 25 minutes, flagged: out of the averages, still counted
		served("NASpI", "document_requested", 0, 20, "ISEE", "CU"),
		served("NASpI", "", 0, 0), // served, no outcome recorded, no time
		{Service: "NASpI", Status: StatusNoShow, Transfers: 1},
		{Service: "CU", Status: StatusBooked, Transfers: 2},
		{Service: "CU", Status: StatusFree, Transfers: 5}, // not booked: not counted
	}
	tickets := []Ticket{
		{Status: TicketServed, IssuedAt: at(8, 40), CalledAt: at(8, 50), Recalls: 1},
		{Status: TicketGone, IssuedAt: at(8, 45), CalledAt: at(9, 15), Recalls: 2, Transfers: 1},
		{Status: TicketWaiting, IssuedAt: at(9, 0)},
	}
	r := BuildDayReport(at(12, 0), "Battipaglia", "", slots, tickets)

	wantOutcomes := []Tally{{"resolved", 2}, {"", 1}, {"document_requested", 1}, {"follow_up", 1}}
	if !slices.Equal(r.Outcomes, wantOutcomes) {
		t.Errorf("outcomes %v, want %v", r.Outcomes, wantOutcomes)
	}
	wantDelivered := []Tally{{"CU", 4}, {"ISEE", 2}, {"NASpI", 2}}
	if !slices.Equal(r.Delivered, wantDelivered) {
		t.Errorf("delivered %v, want %v", r.Delivered, wantDelivered)
	}
	if r.NotRepresentative != 1 {
		t.Errorf("not representative %d, want 1", r.NotRepresentative)
	}
	avg := map[string]time.Duration{}
	for _, row := range r.ByService {
		avg[row.Key] = row.AverageService()
	}
	if avg["CU"] != 8*time.Minute || avg["NASpI"] != 20*time.Minute {
		t.Errorf("averages per service %v, want CU 8 min (25 min flagged left out), NASpI 20 min", avg)
	}
	if r.Total.Timed != 3 || r.Total.AverageService() != 12*time.Minute {
		t.Errorf("total timed %d average %v, want 3 and 12 min", r.Total.Timed, r.Total.AverageService())
	}
	if r.Tickets.Recalls != 3 || r.Transfers() != 4 {
		t.Errorf("recalls %d transfers %d, want 3 and 4", r.Tickets.Recalls, r.Transfers())
	}
	if rate, ok := r.NoShowRate(); !ok || rate != 1.0/7 {
		t.Errorf("no-show rate %v %v, want 1/7", rate, ok)
	}
	if rate, ok := r.Tickets.GoneRate(); !ok || rate != 0.5 {
		t.Errorf("gone rate %v %v, want 1/2", rate, ok)
	}
}

// With nothing booked or called there is no rate, not a rate of zero.
func TestDayReportRatesWithoutDenominator(t *testing.T) {
	r := BuildDayReport(time.Date(2026, 11, 20, 12, 0, 0, 0, Rome), "Battipaglia", "", nil,
		[]Ticket{{Status: TicketWaiting, IssuedAt: time.Date(2026, 11, 20, 9, 0, 0, 0, Rome)}})
	if _, ok := r.NoShowRate(); ok {
		t.Error("a no-show rate with no booking")
	}
	if _, ok := r.Tickets.GoneRate(); ok {
		t.Error("a gone rate with no ticket called")
	}
	if len(r.Outcomes) != 0 || len(r.Delivered) != 0 || r.Transfers() != 0 {
		t.Errorf("empty day: %+v", r)
	}
	if rate, ok := Rate(0, 4); !ok || rate != 0 {
		t.Errorf("Rate(0, 4) = %v %v", rate, ok)
	}
}

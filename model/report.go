package model

import (
	"cmp"
	"maps"
	"slices"
	"strings"
)

// Tally is how many times one thing (an outcome, a service) was counted.
type Tally struct {
	Key string
	N   int
}

// tallies turns counts into tallies, most first, then by key.
func tallies(counts map[string]int) []Tally {
	out := make([]Tally, 0, len(counts))
	for _, k := range slices.Sorted(maps.Keys(counts)) {
		out = append(out, Tally{k, counts[k]})
	}
	slices.SortStableFunc(out, func(a, b Tally) int { return cmp.Compare(b.N, a.N) })
	return out
}

// counterTallies counts the served visits among slots by outcome, the
// services delivered in them (the booked one and each added during the
// visit) and those flagged not representative.
func counterTallies(slots []Slot) (outcomes, delivered []Tally, notRepresentative int) {
	byOutcome, byService := map[string]int{}, map[string]int{}
	for _, s := range slots {
		if s.Status != StatusCompleted {
			continue
		}
		byOutcome[string(s.Outcome)]++
		for _, svc := range append([]string{s.Service}, s.Services...) {
			if svc = strings.TrimSpace(svc); svc != "" {
				byService[svc]++
			}
		}
		if s.NotRepresentative {
			notRepresentative++
		}
	}
	return tallies(byOutcome), tallies(byService), notRepresentative
}

// ticketTallies counts the served tickets among tickets into st: by
// outcome ("" for none recorded), the services delivered, the service
// times and those flagged not representative.
//
// The tickets' figures are kept apart from the visits' (DayReport's
// Outcomes and Delivered), not summed with them: the tickets are the
// office's walk-ins at the Prima accoglienza while the visits are the
// desks' bookings, so a report narrowed to one desk has the visits and no
// tickets, and a sum would change meaning with the scope; the office
// plans its desks on one and its reception on the other. Within each
// part, every service delivered counts once.
//
// A served ticket delivers its reason's own service (keyed by the
// reason's code, e.g. "information": no catalogue service is named so)
// and each service of the catalogue recorded in its wrap-up (by name).
// Its service time runs from its last call (a resume restarts it) to
// served; a time flagged not representative is left out of the average.
func ticketTallies(st *TicketStats, tickets []Ticket) {
	byOutcome, byService := map[string]int{}, map[string]int{}
	for _, t := range tickets {
		if t.Status != TicketServed {
			continue
		}
		byOutcome[string(t.Outcome)]++
		byService[string(t.Reason)]++
		for _, svc := range t.Services {
			if svc = strings.TrimSpace(svc); svc != "" && svc != string(t.Reason) {
				byService[svc]++
			}
		}
		switch d := t.ServiceTime(); {
		case t.NotRepresentative:
			st.NotRepresentative++
		case d > 0:
			st.Timed++
			st.Serving += d
		}
	}
	st.Outcomes, st.Delivered = tallies(byOutcome), tallies(byService)
}

// Rate is part of whole as a fraction, and false when whole is zero (no
// rate: not 0%).
func Rate(part, whole int) (float64, bool) {
	if whole <= 0 {
		return 0, false
	}
	return float64(part) / float64(whole), true
}

// NoShowRate is the share of the booked slots whose citizen did not come.
func (r DayReport) NoShowRate() (float64, bool) { return Rate(r.Total.NoShow, r.Total.Booked) }

// GoneRate is the share of the called tickets whose citizen did not come
// to the desk.
func (t TicketStats) GoneRate() (float64, bool) { return Rate(t.Gone, t.Called) }

// Transfers is how many times visits and tickets were passed to another
// desk or service.
func (r DayReport) Transfers() int { return r.Total.Transfers + r.Tickets.Transfers }

// SuggestionStats counts, for a day's report, the suggested rights shown
// to the operator and the marks given them. "Shown" counts each
// suggestion not yet marked once per citizen and day, when the file is
// displayed (the audit trail's suggestion_shown); the marks count each
// mark recorded (a suggestion proposed, then started, counts in both).
// They come from the operator's own trail kept on this computer.
type SuggestionStats struct {
	Shown, Proposed, NotRelevant, Started int
}

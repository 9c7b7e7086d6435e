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

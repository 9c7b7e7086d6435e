package model

import (
	"slices"
	"time"
)

// The service-level clock of a scheda: it counts working days on the
// Italian calendar and the office's own holidays, and stops while the
// scheda waits for the citizen's documents.

// DefaultTargetDays is the service target of a scheda, in working days,
// when central names none.
const DefaultTargetDays = 5

// MaxTargetDays bounds a service target, in working days (about a year):
// the due date is counted day by day, and a larger target from central is
// an error of central's, not a reason to count for hours.
const MaxTargetDays = 250

// MaxClockSpan is how far back the clock counts from now: a scheda older
// than that (a date from a broken central, or kept for years) is late by
// as many working days as the span holds, not walked back day by day.
const MaxClockSpan = 3 * 366 * 24 * time.Hour

// SoonDays is how many working days before its due time a scheda is "in
// scadenza".
const SoonDays = 2

// Period is a span of time from From to To; a zero To means it still runs.
type Period struct {
	From, To time.Time
}

// Holiday is a day an office is closed beyond the national holidays (the
// patron saint of its comune, …): Date is its midnight in Rome.
type Holiday struct {
	Date time.Time
	Name string
}

// WorkCalendar is the working calendar of an office as central gives it:
// its own holidays and the service targets of the schede.
type WorkCalendar struct {
	Office     string
	Holidays   []Holiday
	TargetDays int             // the target of a scheda; 0 means DefaultTargetDays
	Sections   map[Section]int `json:",omitempty"` // a section's own target, when it has one
	FetchedAt  time.Time
}

// IsWorkingDay reports whether the office is open on the day of t: a
// national working day that is none of its own holidays.
func (c WorkCalendar) IsWorkingDay(t time.Time) bool {
	if !IsWorkingDay(t) {
		return false
	}
	d := Day(t)
	return !slices.ContainsFunc(c.Holidays, func(h Holiday) bool { return Day(h.Date).Equal(d) })
}

// Target returns the service target of a section's schede, in working
// days.
// At most MaxTargetDays.
func (c WorkCalendar) Target(s Section) int {
	if n := c.Sections[s]; n > 0 {
		return min(n, MaxTargetDays)
	}
	if c.TargetDays > 0 {
		return min(c.TargetDays, MaxTargetDays)
	}
	return DefaultTargetDays
}

// mergePeriods returns the periods sorted and merged, an open one running
// until end.
func mergePeriods(ps []Period, end time.Time) []Period {
	out := make([]Period, 0, len(ps))
	for _, p := range ps {
		if p.To.IsZero() || p.To.After(end) {
			p.To = end
		}
		if p.To.After(p.From) {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b Period) int { return a.From.Compare(b.From) })
	merged := out[:0]
	for _, p := range out {
		if n := len(merged); n > 0 && !p.From.After(merged[n-1].To) {
			if p.To.After(merged[n-1].To) {
				merged[n-1].To = p.To
			}
			continue
		}
		merged = append(merged, p)
	}
	return merged
}

// overlap is how long [a, b) and [c, d) share.
func overlap(a, b, c, d time.Time) time.Duration {
	from, to := a, b
	if c.After(from) {
		from = c
	}
	if d.Before(to) {
		to = d
	}
	return max(to.Sub(from), 0)
}

// WorkingDays returns how many working days of the office passed from
// from to to, less the pauses: each working day counts 1 whole (whatever
// its length in hours, 23 or 25 on the days the clocks change), a part of
// it its share; days the office is closed count nothing. It counts from
// MaxClockSpan before to at the earliest.
func (c WorkCalendar) WorkingDays(from, to time.Time, pauses []Period) float64 {
	if !to.After(from) {
		return 0
	}
	from = maxTime(from, to.Add(-MaxClockSpan))
	pauses = mergePeriods(pauses, to)
	total := 0.0
	for d := Day(from); d.Before(to); d = d.AddDate(0, 0, 1) {
		next := d.AddDate(0, 0, 1)
		if !c.IsWorkingDay(d) {
			continue
		}
		a, b := maxTime(from, d), minTime(to, next)
		run := b.Sub(a)
		for _, p := range pauses {
			run -= overlap(a, b, p.From, p.To)
		}
		total += float64(max(run, 0)) / float64(next.Sub(d))
	}
	return total
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// AddWorkingDays returns when n working days of the office will have
// passed after t, the clock running all along.
func (c WorkCalendar) AddWorkingDays(t time.Time, n float64) time.Time {
	for d := Day(t); ; d = d.AddDate(0, 0, 1) {
		next := d.AddDate(0, 0, 1)
		if !c.IsWorkingDay(d) {
			continue
		}
		start := maxTime(t, d)
		left := float64(next.Sub(start)) / float64(next.Sub(d))
		if n <= left {
			return start.Add(time.Duration(n * float64(next.Sub(d))))
		}
		n -= left
	}
}

// SLA is where a scheda stands on its service-level clock.
type SLA struct {
	Target    int       // working days allowed
	Elapsed   float64   // working days counted so far
	Remaining float64   // working days left (negative: late by as many)
	Due       time.Time // when it falls due, if the clock keeps running; zero while paused
	Paused    bool      // the clock stops: the scheda waits for the citizen
	Closed    bool      // answered, forwarded or converted: the clock stopped for good
}

// Late reports whether the target is passed.
func (s SLA) Late() bool { return s.Remaining <= 0 }

// Soon reports whether an open scheda, its clock running, falls due within
// SoonDays working days and is not late yet.
func (s SLA) Soon() bool {
	return !s.Closed && !s.Paused && s.Remaining > 0 && s.Remaining <= SoonDays
}

// Level is 0 within half the target, 1 past half, 2 past the target.
func (s SLA) Level() int {
	switch {
	case s.Late():
		return 2
	case s.Elapsed > float64(s.Target)/2:
		return 1
	}
	return 0
}

// Clock returns where a scheda stands at now on the office's calendar: the
// working days from its arrival to now (or to its closing), less the time
// it waited for the citizen.
func (c WorkCalendar) Clock(s Scheda, now time.Time) SLA {
	sla := SLA{Target: c.Target(s.Section), Closed: !s.Status.Open()}
	end := now
	if sla.Closed && !s.AnsweredAt.IsZero() {
		end = s.AnsweredAt
	}
	sla.Elapsed = c.WorkingDays(s.ReceivedAt, end, s.Waits)
	sla.Remaining = float64(sla.Target) - sla.Elapsed
	sla.Paused = !sla.Closed && s.Status == SchedaWaiting && s.WaitingNow()
	if !sla.Closed && !sla.Paused {
		if sla.Remaining > 0 {
			sla.Due = c.AddWorkingDays(now, sla.Remaining).Round(time.Second)
		} else {
			sla.Due = now // already due
		}
	}
	return sla
}

// WaitingNow reports whether the scheda's last waiting period still runs.
func (s Scheda) WaitingNow() bool {
	return len(s.Waits) > 0 && s.Waits[len(s.Waits)-1].To.IsZero()
}

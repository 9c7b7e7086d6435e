package model

import (
	"math"
	"testing"
	"time"
)

func rome(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, Rome)
}

// romeCal is the calendar of an office in Rome: the patron saints Peter
// and Paul close it on 29 June.
var romeCal = WorkCalendar{Office: "0001", Holidays: []Holiday{{Date: rome(2026, time.June, 29, 0, 0), Name: "Santi Pietro e Paolo"}}}

func TestWorkingDaysCountTheOfficeCalendarLessThePauses(t *testing.T) {
	utc := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, c := range []struct {
		name     string
		cal      WorkCalendar
		from, to time.Time
		pauses   []Period
		want     float64
	}{
		{"half a Monday", romeCal, rome(2026, 11, 23, 9, 0), rome(2026, 11, 23, 21, 0), nil, 0.5},
		{"the weekend does not count", romeCal, rome(2026, 11, 20, 12, 0), rome(2026, 11, 23, 12, 0), nil, 1},
		{"nothing before it arrives", romeCal, rome(2026, 11, 23, 12, 0), rome(2026, 11, 23, 9, 0), nil, 0},
		{"Easter Monday is closed, Good Friday open", romeCal, rome(2026, 4, 2, 0, 0), rome(2026, 4, 7, 0, 0), nil, 2},
		{"2 June is closed", romeCal, rome(2026, 6, 1, 0, 0), rome(2026, 6, 3, 0, 0), nil, 1},
		{"the patron saint closes Rome", romeCal, rome(2026, 6, 26, 0, 0), rome(2026, 7, 1, 0, 0), nil, 2},
		{"not Milan", WorkCalendar{}, rome(2026, 6, 26, 0, 0), rome(2026, 7, 1, 0, 0), nil, 3},
		{"a pause across midnight", romeCal, rome(2026, 11, 23, 0, 0), rome(2026, 11, 26, 0, 0),
			[]Period{{rome(2026, 11, 23, 18, 0), rome(2026, 11, 24, 6, 0)}}, 2.5},
		{"overlapping pauses count once", romeCal, rome(2026, 11, 23, 0, 0), rome(2026, 11, 26, 0, 0),
			[]Period{{rome(2026, 11, 23, 18, 0), rome(2026, 11, 24, 6, 0)}, {rome(2026, 11, 24, 0, 0), rome(2026, 11, 24, 12, 0)}}, 2.25},
		{"a pause still running stops the clock", romeCal, rome(2026, 11, 23, 0, 0), rome(2026, 11, 26, 12, 0),
			[]Period{{From: rome(2026, 11, 25, 0, 0)}}, 2},
		{"a pause over the weekend changes nothing", romeCal, rome(2026, 11, 20, 12, 0), rome(2026, 11, 23, 12, 0),
			[]Period{{rome(2026, 11, 21, 8, 0), rome(2026, 11, 22, 20, 0)}}, 1},
		{"days are Rome's, not UTC's", romeCal, utc("2026-11-20T22:00:00Z"), utc("2026-11-23T23:00:00Z"), nil, 1 + 1.0/24},
		{"a summer day is whole in CEST", romeCal, utc("2026-06-30T22:00:00Z"), utc("2026-07-01T22:00:00Z"), nil, 1},
		{"the clocks go back on a Sunday", romeCal, rome(2026, 10, 23, 12, 0), rome(2026, 10, 26, 12, 0), nil, 1},
		{"the clocks go forward on a Sunday", romeCal, rome(2026, 3, 27, 12, 0), rome(2026, 3, 30, 12, 0), nil, 1},
	} {
		if got := c.cal.WorkingDays(c.from, c.to, c.pauses); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("%s: %v working days, want %v", c.name, got, c.want)
		}
	}
}

func TestAddWorkingDaysSkipsClosedDays(t *testing.T) {
	for _, c := range []struct {
		from time.Time
		n    float64
		want time.Time
	}{
		{rome(2026, 11, 20, 12, 0), 1, rome(2026, 11, 23, 12, 0)},
		{rome(2026, 6, 26, 12, 0), 1, rome(2026, 6, 30, 12, 0)}, // over the weekend and 29 June
		{rome(2026, 4, 3, 0, 0), 2, rome(2026, 4, 8, 0, 0)},     // Good Friday, then Easter Monday closed
		{rome(2026, 11, 21, 10, 0), 0.5, rome(2026, 11, 23, 12, 0)},
	} {
		if got := romeCal.AddWorkingDays(c.from, c.n); !got.Equal(c.want) {
			t.Errorf("%v + %v working days = %v, want %v", c.from, c.n, got, c.want)
		}
	}
}

func TestClockGivesDueDateSoonLateAndPause(t *testing.T) {
	now := rome(2026, 11, 23, 9, 0)
	cal := WorkCalendar{TargetDays: 5, Sections: map[Section]int{SectionReddito: 3}}
	for _, c := range []struct {
		name            string
		sc              Scheda
		remaining       float64
		due             time.Time
		soon, late, pau bool
	}{
		{"fresh", Scheda{Section: SectionPensioni, Status: SchedaNew, ReceivedAt: rome(2026, 11, 20, 12, 0)}, 4.125, rome(2026, 11, 27, 12, 0), false, false, false},
		{"due in two days", Scheda{Section: SectionPensioni, Status: SchedaInCharge, ReceivedAt: rome(2026, 11, 18, 9, 0)}, 2, rome(2026, 11, 25, 9, 0), true, false, false},
		{"the section's own target", Scheda{Section: SectionReddito, Status: SchedaNew, ReceivedAt: rome(2026, 11, 18, 9, 0)}, 0, now, false, true, false},
		{"late", Scheda{Section: SectionPensioni, Status: SchedaNew, ReceivedAt: rome(2026, 11, 13, 9, 0)}, -1, now, false, true, false},
		{"waiting for the citizen", Scheda{Section: SectionPensioni, Status: SchedaWaiting, ReceivedAt: rome(2026, 11, 16, 9, 0),
			Waits: []Period{{From: rome(2026, 11, 18, 9, 0)}}}, 3, time.Time{}, false, false, true},
		{"back from waiting", Scheda{Section: SectionPensioni, Status: SchedaInCharge, ReceivedAt: rome(2026, 11, 16, 9, 0),
			Waits: []Period{{rome(2026, 11, 17, 9, 0), rome(2026, 11, 20, 9, 0)}}}, 3, rome(2026, 11, 26, 9, 0), false, false, false},
	} {
		got := cal.Clock(c.sc, now)
		if math.Abs(got.Remaining-c.remaining) > 1e-9 || !got.Due.Equal(c.due) || got.Soon() != c.soon || got.Late() != c.late || got.Paused != c.pau {
			t.Errorf("%s: %+v (soon %v late %v), want %v left, due %v, soon %v late %v paused %v", c.name, got, got.Soon(), got.Late(),
				c.remaining, c.due, c.soon, c.late, c.pau)
		}
	}
}

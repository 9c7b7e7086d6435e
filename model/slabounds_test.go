package model

import (
	"testing"
	"time"
)

// A target from central is bounded: a calendar saying a scheda has a
// billion working days would otherwise have the due date counted day by
// day, for hours, at each row of the inbox.
func TestTheServiceTargetIsBounded(t *testing.T) {
	huge := WorkCalendar{TargetDays: 1 << 40, Sections: map[Section]int{SectionPensioni: 1 << 50}}
	for _, s := range []Section{SectionPensioni, SectionReddito} {
		if got := huge.Target(s); got != MaxTargetDays {
			t.Errorf("target of %s: %d, want %d", s, got, MaxTargetDays)
		}
	}
	sc := Scheda{Section: SectionPensioni, Status: SchedaNew, ReceivedAt: rome(2026, 11, 20, 9, 0)}
	now := rome(2026, 11, 23, 10, 0)
	sla := huge.Clock(sc, now)
	if sla.Target != MaxTargetDays || sla.Due.Before(now) || sla.Due.After(now.AddDate(2, 0, 0)) {
		t.Errorf("clock on a huge target: %+v", sla)
	}
}

// The clock of a scheda dated far back (a received_at of year 1 from a
// broken central) counts at most MaxClockSpan back: it is late all the
// same, without walking two thousand years of days at each refresh.
func TestTheClockLooksBackAtMostMaxClockSpan(t *testing.T) {
	now := rome(2026, 11, 23, 10, 0)
	sc := Scheda{Section: SectionPensioni, Status: SchedaInCharge, ReceivedAt: time.Date(1, 1, 1, 0, 0, 1, 0, time.UTC)}
	sla := WorkCalendar{}.Clock(sc, now)
	longest := WorkCalendar{}.WorkingDays(now.Add(-MaxClockSpan), now, nil)
	if !sla.Late() || sla.Level() != 2 || sla.Elapsed > longest+1e-9 || sla.Elapsed < longest-1 {
		t.Errorf("clock of a scheda of year 1: %+v (at most %.1f working days)", sla, longest)
	}
	// Within the span, nothing changes.
	recent := WorkCalendar{}.WorkingDays(rome(2026, 11, 20, 12, 0), now, nil)
	if want := 0.5 + 10.0/24; recent < want-1e-9 || recent > want+1e-9 { // Friday's afternoon, Monday's morning
		t.Errorf("a recent span: %v", recent)
	}
}

package model

import (
	"errors"
	"slices"
	"testing"
	"time"
)

func TestValidateCFAcceptsKnownCodes(t *testing.T) {
	for _, cf := range []string{
		"RSSMRA85T10A562S", // the textbook example
		"rss mra 85t10 a562s",
	} {
		cf = NormalizeCF(cf)
		if err := ValidateCF(cf); err != nil {
			t.Errorf("ValidateCF(%s) = %v, want nil", cf, err)
		}
	}
}

func TestValidateCFReasons(t *testing.T) {
	cases := []struct {
		cf   string
		want error
	}{
		{"RSSMRA85T10A562", ErrCFLength},
		{"RSSMRA85T10A562SX", ErrCFLength},
		{"RSSMRA85T10A562T", ErrCFCheck},
		{"RSSMRA85Z10A562S", ErrCFCharacter}, // Z is no month
		{"R5SMRA85T10A562S", ErrCFCharacter},
		{"RSSMRAA5T10A562S", ErrCFCharacter}, // A is no omocodia letter
	}
	for _, c := range cases {
		if err := ValidateCF(c.cf); !errors.Is(err, c.want) {
			t.Errorf("ValidateCF(%s) = %v, want %v", c.cf, err, c.want)
		}
	}
}

func TestBuildCF(t *testing.T) {
	birth := time.Date(1985, time.December, 10, 0, 0, 0, 0, time.UTC)
	if got := BuildCF("Rossi", "Mario", "M", birth, "A562"); got != "RSSMRA85T10A562S" {
		t.Errorf("BuildCF = %s, want RSSMRA85T10A562S", got)
	}
	// Four consonants in the given name: 1st, 3rd and 4th; female day + 40.
	got := BuildCF("Esposito", "Francesca", "F", time.Date(1972, time.March, 5, 0, 0, 0, 0, time.UTC), "H703")
	if got[:11] != "SPSFNC72C45" || got[11:15] != "H703" {
		t.Errorf("BuildCF = %s, want prefix SPSFNC72C45H703", got)
	}
	if err := ValidateCF(got); err != nil {
		t.Errorf("built code does not validate: %v", err)
	}
	// Short names pad with vowels then X.
	if got := nameCode("Fo", false); got != "FOX" {
		t.Errorf("nameCode(Fo) = %s, want FOX", got)
	}
}

func TestOmocodiaValidates(t *testing.T) {
	base := "RSSMRA85T10A562S"
	for n := 1; n <= 7; n++ {
		v := Omocodia(base, n)
		if v == base {
			t.Fatalf("Omocodia(%d) did not change the code", n)
		}
		if err := ValidateCF(v); err != nil {
			t.Errorf("Omocodia(%d) = %s: %v", n, v, err)
		}
	}
	if got := Omocodia(base, 1); got[:15] != "RSSMRA85T10A56N" {
		t.Errorf("Omocodia(1) = %s, want last digit 2 → N", got)
	}
}

func TestWorkingDays(t *testing.T) {
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 10, 0, 0, 0, Rome) }
	for _, c := range []struct {
		t    time.Time
		want bool
	}{
		{d(2026, time.November, 23), true},  // Monday
		{d(2026, time.November, 21), false}, // Saturday
		{d(2026, time.December, 8), false},  // Immacolata
		{d(2026, time.April, 6), false},     // Easter Monday 2026
		{d(2027, time.March, 29), false},    // Easter Monday 2027
		{d(2027, time.March, 30), true},
	} {
		if got := IsWorkingDay(c.t); got != c.want {
			t.Errorf("IsWorkingDay(%s) = %v, want %v", c.t.Format("2006-01-02"), got, c.want)
		}
	}
	if got := WorkingDayOnOrAfter(d(2026, time.December, 5)); !got.Equal(time.Date(2026, time.December, 7, 0, 0, 0, 0, Rome)) {
		t.Errorf("WorkingDayOnOrAfter(Sat 5 Dec) = %s, want Mon 7 Dec", got)
	}
	days := NextWorkingDays(d(2026, time.December, 24), 3)
	want := []int{24, 28, 29}
	for i, day := range days {
		if day.Day() != want[i] {
			t.Errorf("NextWorkingDays[%d] = %s, want day %d", i, day.Format("2006-01-02"), want[i])
		}
	}
}

func TestSlotTransitions(t *testing.T) {
	ok := []struct {
		from Status
		ev   SlotEvent
		to   Status
	}{
		{StatusBooked, EventCheckIn, StatusCheckedIn}, {StatusBooked, EventStart, StatusInProgress},
		{StatusCheckedIn, EventStart, StatusInProgress}, {StatusInProgress, EventComplete, StatusCompleted},
		{StatusBooked, EventNoShow, StatusNoShow}, {StatusCheckedIn, EventNoShow, StatusNoShow},
		{StatusBooked, EventCancel, StatusCancelled}, {StatusCheckedIn, EventCancel, StatusCancelled},
	}
	for _, tc := range ok {
		if got, err := Next(tc.from, tc.ev); err != nil || got != tc.to {
			t.Errorf("%s + %s = %s, %v; want %s", tc.from, tc.ev, got, err, tc.to)
		}
	}
	for _, tc := range []struct {
		from Status
		ev   SlotEvent
	}{
		{StatusFree, EventCheckIn}, {StatusCheckedIn, EventCheckIn}, {StatusBooked, EventComplete},
		{StatusCompleted, EventNoShow}, {StatusInProgress, EventCancel}, {StatusCancelled, EventStart},
		{StatusBooked, "teleport"},
	} {
		if got, err := Next(tc.from, tc.ev); !errors.Is(err, ErrTransition) || got != tc.from {
			t.Errorf("%s + %s = %s, %v; want refused", tc.from, tc.ev, got, err)
		}
	}
}

func TestWorkingDayNavigation(t *testing.T) {
	fri := time.Date(2026, time.December, 4, 15, 0, 0, 0, Rome)
	if got := NextWorkingDay(fri); !got.Equal(time.Date(2026, time.December, 7, 0, 0, 0, 0, Rome)) {
		t.Errorf("after Friday 4 December: %s, want Monday 7", got)
	}
	// Tuesday 8 December is a holiday: Monday 7 → Wednesday 9 and back.
	mon := time.Date(2026, time.December, 7, 0, 0, 0, 0, Rome)
	if got := NextWorkingDay(mon); got.Day() != 9 {
		t.Errorf("after Monday 7 December: %s, want Wednesday 9", got)
	}
	if got := PreviousWorkingDay(time.Date(2026, time.December, 9, 9, 0, 0, 0, Rome)); got.Day() != 7 {
		t.Errorf("before Wednesday 9 December: %s, want Monday 7", got)
	}
	if got := PreviousWorkingDay(mon); got.Day() != 4 {
		t.Errorf("before Monday 7 December: %s, want Friday 4", got)
	}
}

func TestAllowedEventsFollowTheLifeCycle(t *testing.T) {
	cases := map[Status][]SlotEvent{
		StatusBooked:     {EventCheckIn, EventStart, EventNoShow, EventCancel},
		StatusCheckedIn:  {EventStart, EventNoShow, EventCancel},
		StatusInProgress: {EventComplete},
		StatusCompleted:  nil, StatusNoShow: nil, StatusCancelled: nil, StatusFree: nil, StatusBlocked: nil,
	}
	for from, want := range cases {
		if got := Allowed(from); !slices.Equal(got, want) {
			t.Errorf("Allowed(%s) = %v, want %v", from, got, want)
		}
	}
}

func TestLooksLikeCF(t *testing.T) {
	for typed, want := range map[string]bool{"RSSMRA85T10A562S": true, "rssmra85": true, " rss mra85": false,
		"Rossi": false, "De Luca": false, "": false} {
		if got := LooksLikeCF(typed); got != want {
			t.Errorf("LooksLikeCF(%q) = %v, want %v", typed, got, want)
		}
	}
}

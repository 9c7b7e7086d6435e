package model

import (
	"time"
	_ "time/tzdata" // Europe/Rome must resolve on Windows too
)

// Rome is the time zone every INPS office works in.
var Rome = mustLoad("Europe/Rome")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic("model: time zone " + name + ": " + err.Error())
	}
	return loc
}

// Day returns midnight, in Rome, of the day t falls on there.
func Day(t time.Time) time.Time {
	t = t.In(Rome)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, Rome)
}

// IsWorkingDay reports whether offices are open on the day of t: not a
// Saturday, Sunday or national holiday.
func IsWorkingDay(t time.Time) bool {
	d := Day(t)
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	return !IsHoliday(d)
}

// IsHoliday reports whether the day of t is an Italian national holiday.
func IsHoliday(t time.Time) bool {
	d := Day(t)
	m, day := d.Month(), d.Day()
	switch {
	case m == time.January && (day == 1 || day == 6),
		m == time.April && day == 25,
		m == time.May && day == 1,
		m == time.June && day == 2,
		m == time.August && day == 15,
		m == time.November && day == 1,
		m == time.December && (day == 8 || day == 25 || day == 26):
		return true
	}
	return d.Equal(Easter(d.Year()).AddDate(0, 0, 1)) // Lunedì dell'Angelo
}

// Easter returns Easter Sunday of a year (Gregorian computus).
func Easter(year int) time.Time {
	a := year % 19
	b, c := year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return time.Date(year, time.Month(month), day, 0, 0, 0, 0, Rome)
}

// WorkingDayOnOrAfter returns the first working day on or after the day of t.
func WorkingDayOnOrAfter(t time.Time) time.Time {
	d := Day(t)
	for !IsWorkingDay(d) {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

// NextWorkingDays returns n working days starting on or after the day of t.
func NextWorkingDays(t time.Time, n int) []time.Time {
	days := make([]time.Time, 0, n)
	d := WorkingDayOnOrAfter(t)
	for len(days) < n {
		days = append(days, d)
		d = WorkingDayOnOrAfter(d.AddDate(0, 0, 1))
	}
	return days
}

// NextWorkingDay returns the first working day after the day of t.
func NextWorkingDay(t time.Time) time.Time {
	return WorkingDayOnOrAfter(Day(t).AddDate(0, 0, 1))
}

// PreviousWorkingDay returns the last working day before the day of t.
func PreviousWorkingDay(t time.Time) time.Time {
	d := Day(t).AddDate(0, 0, -1)
	for !IsWorkingDay(d) {
		d = d.AddDate(0, 0, -1)
	}
	return d
}

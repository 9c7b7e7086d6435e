package manager

import (
	"slices"
	"time"

	"sportello/model"
)

// Target is the sportello an action is on, as the picture kept knows it:
// its office (code and name) and the days its agenda is open.
type Target struct {
	Office, OfficeName, Desk string
	// Days are the days from the cursor's on which the picture has the
	// sportello's agenda open (booked or free slots), in order: a Punto
	// INPS's closed days, holidays and the days past the agenda's horizon
	// are not among them. Without a picture, the working days.
	Days []time.Time
	// Today is the console's day: a slot duration changes from the day
	// after.
	Today time.Time
}

// name is the office and the sportello, as a dialog's title says them (a
// Direzione has a "Sportello 1" in every office).
func (t Target) name() string {
	if t.OfficeName == "" {
		return t.Desk
	}
	return t.OfficeName + " · " + t.Desk
}

// after returns at most n of the target's days after day.
func (t Target) after(day time.Time, n int) []time.Time {
	var out []time.Time
	for _, d := range t.Days {
		if d.After(day) && len(out) < n {
			out = append(out, d)
		}
	}
	return out
}

// Target is the sportello of office and desk as the picture kept knows
// it, with its open days from day on.
func (v *View) Target(office, desk string, day time.Time) Target {
	t := Target{Office: office, OfficeName: v.capacity.OfficeName(office), Desk: desk, Today: model.Day(v.now)}
	if t.OfficeName == office {
		t.OfficeName = ""
	}
	from := model.Day(day)
	open := map[time.Time]int{}
	for _, cl := range v.capacity.Cells {
		if cl.Office == office && cl.Desk == desk && !model.Day(cl.Day).Before(from) {
			open[model.Day(cl.Day)] += cl.Booked + cl.Free
		}
	}
	for d, n := range open {
		if n > 0 {
			t.Days = append(t.Days, d)
		}
	}
	slices.SortFunc(t.Days, func(a, b time.Time) int { return a.Compare(b) })
	if len(t.Days) == 0 {
		t.Days = model.NextWorkingDays(from, durationChoices+1)
	}
	return t
}

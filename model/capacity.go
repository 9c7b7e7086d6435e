package model

import (
	"cmp"
	"slices"
	"sort"
	"time"
)

// CapacityOffice is an office in a head of structure's scope, with the
// sportelli whose agendas it keeps.
type CapacityOffice struct {
	Code, Name string
	Desks      []string
}

// CapacityCell is what one sportello's agenda holds on one day for one
// service and channel: counts only, no citizen. Booked counts the slots
// taken by a citizen (booked, checked in, in progress, served, missed);
// Completed and NoShow are set for past days.
type CapacityCell struct {
	Office, Desk string
	Day          time.Time
	Service      string // the service's name
	Channel      Channel
	Slots        int
	Booked       int
	Free         int
	Blocked      int
	Completed    int
	NoShow       int
}

// UnmetDemand is how many booking searches of a day found no free slot in
// an office for a service and channel.
type UnmetDemand struct {
	Office   string
	Day      time.Time
	Service  string
	Channel  Channel
	Searches int
}

// ReceptionWait is the waiting at an office's reception on a day: the
// tickets called, their mean wait and the 90th percentile of it.
type ReceptionWait struct {
	Office          string
	Day             time.Time
	Tickets         int
	Mean, Percent90 time.Duration
}

// Capacity is the picture a head of structure reads: the agendas, the
// searches that found nothing and the waits of the offices in scope, from
// From to To (days, inclusive), as last refreshed from central.
type Capacity struct {
	From, To  time.Time
	Offices   []CapacityOffice
	Cells     []CapacityCell
	Unmet     []UnmetDemand
	Waits     []ReceptionWait
	Refreshed time.Time // when the mirror last had it from central; zero: never
}

// CapacityFilter narrows the picture: "" (or a zero channel) for all.
type CapacityFilter struct {
	Office  string
	Service string
	Channel Channel
}

func (f CapacityFilter) match(office, service string, ch Channel) bool {
	return (f.Office == "" || f.Office == office) && (f.Service == "" || f.Service == service) && (f.Channel == "" || f.Channel == ch)
}

// Saturation is how full a sportello's agenda is on a day: Booked of
// Open (its slots booked or free: a blocked slot takes nobody, nor does
// a cancelled one, which central does not offer again). Known is false when the
// sportello has no open slot that day (closed, or none of the service).
type Saturation struct {
	Booked, Open int
	Known        bool
}

// Percent is Booked of Open, rounded (0 when not Known).
func (s Saturation) Percent() int {
	if !s.Known || s.Open <= 0 {
		return 0
	}
	return (s.Booked*100 + s.Open/2) / s.Open
}

// Band is how the heat map colours a saturation: 0 low (under 70%), 1 high
// (70% to 89%), 2 full (90% and over); -1 when not Known.
func (s Saturation) Band() int {
	switch p := s.Percent(); {
	case !s.Known:
		return -1
	case p >= 90:
		return 2
	case p >= 70:
		return 1
	}
	return 0
}

// SaturationRow is one sportello's saturation on each day asked.
type SaturationRow struct {
	Office, OfficeName, Desk string
	Days                     []Saturation
}

// SaturationMap is the heat map: a row per office and sportello in scope
// (as the filter narrows), a column per day of days.
func (c Capacity) SaturationMap(f CapacityFilter, days []time.Time) []SaturationRow {
	col := map[time.Time]int{}
	for i, d := range days {
		col[Day(d)] = i
	}
	type key struct{ office, desk string }
	at := map[key]int{}
	var rows []SaturationRow
	for _, o := range c.Offices {
		if f.Office != "" && f.Office != o.Code {
			continue
		}
		for _, d := range o.Desks {
			at[key{o.Code, d}] = len(rows)
			rows = append(rows, SaturationRow{Office: o.Code, OfficeName: o.Name, Desk: d, Days: make([]Saturation, len(days))})
		}
	}
	for _, cl := range c.Cells {
		i, ok := col[Day(cl.Day)]
		r, known := at[key{cl.Office, cl.Desk}]
		// A free slot takes a citizen on any channel (the booking
		// chooses it): it is open whatever channel the filter asks.
		if !ok || !known || !f.match(cl.Office, cl.Service, f.Channel) {
			continue
		}
		s := &rows[r].Days[i]
		s.Open += cl.Free
		if f.match(cl.Office, cl.Service, cl.Channel) {
			s.Booked += cl.Booked
			s.Open += cl.Booked
		}
		s.Known = s.Open > 0
	}
	return rows
}

// Services returns the services of the agendas, sorted.
func (c Capacity) Services() []string {
	seen := map[string]bool{}
	for _, cl := range c.Cells {
		seen[cl.Service] = true
	}
	for _, u := range c.Unmet {
		seen[u.Service] = true
	}
	out := make([]string, 0, len(seen))
	for s := range seen {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// NoShowRate is how many of the citizens expected came not: NoShow of
// Expected (served plus missed), on past days.
type NoShowRate struct {
	Key              string // the service, or the office and desk of a sportello
	Office, Desk     string
	Expected, NoShow int
}

// Percent is NoShow of Expected, rounded.
func (r NoShowRate) Percent() int {
	if r.Expected == 0 {
		return 0
	}
	return (r.NoShow*100 + r.Expected/2) / r.Expected
}

// NoShowsByDesk returns the no-show rate of each sportello on the past
// days before now, highest first.
func (c Capacity) NoShowsByDesk(f CapacityFilter, now time.Time) []NoShowRate {
	return c.noShows(f, now, func(cl CapacityCell) NoShowRate {
		return NoShowRate{Key: cl.Office + "\x00" + cl.Desk, Office: cl.Office, Desk: cl.Desk}
	})
}

// NoShowsByService returns the no-show rate of each service on the past
// days before now, highest first.
func (c Capacity) NoShowsByService(f CapacityFilter, now time.Time) []NoShowRate {
	return c.noShows(f, now, func(cl CapacityCell) NoShowRate { return NoShowRate{Key: cl.Service} })
}

func (c Capacity) noShows(f CapacityFilter, now time.Time, keyOf func(CapacityCell) NoShowRate) []NoShowRate {
	today := Day(now)
	by := map[string]*NoShowRate{}
	var order []string
	for _, cl := range c.Cells {
		if !Day(cl.Day).Before(today) || !f.match(cl.Office, cl.Service, cl.Channel) || cl.Completed+cl.NoShow == 0 {
			continue
		}
		k := keyOf(cl)
		r := by[k.Key]
		if r == nil {
			r = &k
			by[k.Key] = r
			order = append(order, k.Key)
		}
		r.Expected += cl.Completed + cl.NoShow
		r.NoShow += cl.NoShow
	}
	out := make([]NoShowRate, 0, len(order))
	for _, k := range order {
		out = append(out, *by[k])
	}
	slices.SortStableFunc(out, func(a, b NoShowRate) int {
		if d := cmp.Compare(b.Percent(), a.Percent()); d != 0 {
			return d
		}
		return cmp.Compare(a.Key, b.Key)
	})
	return out
}

// UnmetRow is the searches that found nothing for an office, service and
// channel over the period.
type UnmetRow struct {
	Office   string
	Service  string
	Channel  Channel
	Searches int
}

// UnmetByOffice sums the searches that found no free slot by office,
// service and channel, most first.
func (c Capacity) UnmetByOffice(f CapacityFilter) []UnmetRow {
	by := map[UnmetRow]int{}
	for _, u := range c.Unmet {
		if f.match(u.Office, u.Service, u.Channel) {
			by[UnmetRow{Office: u.Office, Service: u.Service, Channel: u.Channel}] += u.Searches
		}
	}
	out := make([]UnmetRow, 0, len(by))
	for k, n := range by {
		k.Searches = n
		out = append(out, k)
	}
	slices.SortFunc(out, func(a, b UnmetRow) int {
		return cmp.Or(cmp.Compare(b.Searches, a.Searches), cmp.Compare(a.Office, b.Office), cmp.Compare(a.Service, b.Service), cmp.Compare(a.Channel, b.Channel))
	})
	return out
}

// OfficeWait is the waiting at an office's reception over the past days:
// the tickets, their mean wait (weighted by the tickets of each day) and
// the worst day's 90th percentile.
type OfficeWait struct {
	Office         string
	Tickets        int
	Mean, WorstP90 time.Duration
	Days           int
}

// WaitsByOffice returns each office's reception waits up to now, in the
// offices' order.
func (c Capacity) WaitsByOffice(f CapacityFilter, now time.Time) []OfficeWait {
	by := map[string]*OfficeWait{}
	var total = map[string]time.Duration{}
	for _, w := range c.Waits {
		if Day(w.Day).After(Day(now)) || (f.Office != "" && f.Office != w.Office) || w.Tickets == 0 {
			continue
		}
		o := by[w.Office]
		if o == nil {
			o = &OfficeWait{Office: w.Office}
			by[w.Office] = o
		}
		o.Tickets += w.Tickets
		o.Days++
		total[w.Office] += w.Mean * time.Duration(w.Tickets)
		o.WorstP90 = max(o.WorstP90, w.Percent90)
	}
	var out []OfficeWait
	for _, off := range c.Offices {
		if o := by[off.Code]; o != nil {
			o.Mean = (total[off.Code] / time.Duration(o.Tickets)).Round(time.Second)
			out = append(out, *o)
		}
	}
	return out
}

// OfficeName returns the name of an office in scope (its code when not).
func (c Capacity) OfficeName(code string) string {
	for _, o := range c.Offices {
		if o.Code == code {
			return o.Name
		}
	}
	return code
}

// WaitStats computes the mean wait and its 90th percentile (nearest rank)
// of waits; zero for none.
func WaitStats(waits []time.Duration) (average, p90 time.Duration) {
	if len(waits) == 0 {
		return 0, 0
	}
	s := slices.Clone(waits)
	slices.Sort(s)
	var sum time.Duration
	for _, w := range s {
		sum += w
	}
	rank := (len(s)*90 + 99) / 100 // ceil(0.9 n)
	return mean(sum, len(s)), s[rank-1]
}

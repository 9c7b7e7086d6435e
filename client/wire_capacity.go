package client

import (
	"context"
	"fmt"
	"time"

	"sportello/model"
)

// CapacityOfficeJSON is an office in the head of structure's scope.
type CapacityOfficeJSON struct {
	Code  string   `json:"code"`
	Name  string   `json:"name"`
	Desks []string `json:"desks"`
}

// CapacityAgendaJSON is one sportello's agenda on one day for one service
// and channel: counts only.
type CapacityAgendaJSON struct {
	Office    string `json:"office"`
	Desk      string `json:"desk"`
	Day       string `json:"day"`
	Service   string `json:"service"`
	Channel   string `json:"channel"`
	Slots     int    `json:"slots"`
	Booked    int    `json:"booked"`
	Free      int    `json:"free"`
	Blocked   int    `json:"blocked"`
	Completed int    `json:"completed"`
	NoShow    int    `json:"no_show"`
}

// CapacityUnmetJSON is the booking searches of a day that found no free
// slot in an office for a service and channel.
type CapacityUnmetJSON struct {
	Office   string `json:"office"`
	Day      string `json:"day"`
	Service  string `json:"service"`
	Channel  string `json:"channel"`
	Searches int    `json:"searches"`
}

// CapacityWaitJSON is the waiting at an office's reception on a day.
type CapacityWaitJSON struct {
	Office  string `json:"office"`
	Day     string `json:"day"`
	Tickets int    `json:"tickets"`
	MeanS   int    `json:"mean_wait_s"`
	P90S    int    `json:"p90_wait_s"`
}

// CapacityJSON is the answer of GET /v1/capacity.
type CapacityJSON struct {
	From    string               `json:"from"`
	To      string               `json:"to"`
	Offices []CapacityOfficeJSON `json:"offices"`
	Agenda  []CapacityAgendaJSON `json:"agenda"`
	Unmet   []CapacityUnmetJSON  `json:"unmet"`
	Waits   []CapacityWaitJSON   `json:"waits"`
}

// Model converts the answer to the model, rejecting values outside the
// contract.
func (cj CapacityJSON) Model() (model.Capacity, error) {
	var out model.Capacity
	var err error
	if out.From, err = date("from", cj.From, false); err != nil {
		return out, fmt.Errorf("capacity: from: %w", err)
	}
	if out.To, err = date("to", cj.To, false); err != nil {
		return out, fmt.Errorf("capacity: to: %w", err)
	}
	if out.To.Before(out.From) {
		return out, fmt.Errorf("capacity: to %s before from %s", cj.To, cj.From)
	}
	inScope := map[string]bool{}
	for _, o := range cj.Offices {
		if o.Code == "" || o.Name == "" {
			return out, fmt.Errorf("capacity: office without code or name")
		}
		inScope[o.Code] = true
		out.Offices = append(out.Offices, model.CapacityOffice{Code: o.Code, Name: o.Name, Desks: o.Desks})
	}
	// dayIn parses a row's day, which must be an office's in scope and
	// within the picture's days.
	dayIn := func(office, s string) (time.Time, bool) {
		d, err := date("day", s, false)
		return d, err == nil && inScope[office] && !d.Before(out.From) && !d.After(out.To)
	}
	for _, a := range cj.Agenda {
		d, ok := dayIn(a.Office, a.Day)
		ch := model.Channel(a.Channel)
		if !ok || !ch.Valid() || a.Desk == "" || !a.countsValid() {
			return out, fmt.Errorf("capacity: agenda of %s %s on %q: bad office, day, channel or count", a.Office, a.Desk, a.Day)
		}
		out.Cells = append(out.Cells, model.CapacityCell{Office: a.Office, Desk: a.Desk, Day: d, Service: a.Service, Channel: ch,
			Slots: a.Slots, Booked: a.Booked, Free: a.Free, Blocked: a.Blocked, Completed: a.Completed, NoShow: a.NoShow})
	}
	for _, u := range cj.Unmet {
		d, ok := dayIn(u.Office, u.Day)
		ch := model.Channel(u.Channel)
		if !ok || !ch.Valid() || u.Searches < 0 {
			return out, fmt.Errorf("capacity: unmet demand of %s on %q: bad office, day, channel or count", u.Office, u.Day)
		}
		out.Unmet = append(out.Unmet, model.UnmetDemand{Office: u.Office, Day: d, Service: u.Service, Channel: ch, Searches: u.Searches})
	}
	for _, w := range cj.Waits {
		d, ok := dayIn(w.Office, w.Day)
		if !ok || w.Tickets < 0 || w.MeanS < 0 || w.P90S < 0 {
			return out, fmt.Errorf("capacity: waits of %s on %q: bad office, day or count", w.Office, w.Day)
		}
		out.Waits = append(out.Waits, model.ReceptionWait{Office: w.Office, Day: d, Tickets: w.Tickets,
			Mean: time.Duration(w.MeanS) * time.Second, Percent90: time.Duration(w.P90S) * time.Second})
	}
	return out, nil
}

// countsValid reports whether an agenda's counts hold together: none
// negative, the booked, free and blocked slots among its slots (the rest
// are cancelled), the served and missed among the booked.
func (a CapacityAgendaJSON) countsValid() bool {
	return min(a.Slots, a.Booked, a.Free, a.Blocked, a.Completed, a.NoShow) >= 0 &&
		a.Booked+a.Free+a.Blocked <= a.Slots && a.Completed+a.NoShow <= a.Booked
}

// CapacityAnswer is central's capacity picture with its entity tag.
// NotModified means the picture of the ETag given is still current, and
// Capacity is empty.
type CapacityAnswer struct {
	Capacity    model.Capacity
	ETag        string
	NotModified bool
}

// Capacity returns the agendas' saturation, the searches that found no
// free slot and the reception waits of the offices in the head of
// structure's scope, from one day to another (at most MaxCapacityDays
// apart). With the ETag of the picture held, an unchanged one costs a 304.
func (c *Client) Capacity(ctx context.Context, from, to time.Time, etag string) (CapacityAnswer, error) {
	var cj CapacityJSON
	var out CapacityAnswer
	tag, same, err := c.getTaggedQuery(ctx, call{name: "capacity", path: "/v1/capacity", query: dates(from, to), bulk: true}, etag,
		func(res result) error {
			return decodeInto(res, &cj, func() (err error) { out.Capacity, err = cj.Model(); return err })
		})
	if err != nil {
		return CapacityAnswer{}, err
	}
	out.ETag, out.NotModified = tag, same
	return out, nil
}

// MaxCapacityDays is the longest range of GET /v1/capacity: 8 weeks.
const MaxCapacityDays = 56

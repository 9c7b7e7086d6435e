package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"sportello/model"
)

// The service-level clock's data on the wire (the office's calendar, the
// periods a scheda waited) and the consultants' presence on a scheda.

// PeriodJSON is a span of time; without to it still runs.
type PeriodJSON struct {
	From time.Time  `json:"from"`
	To   *time.Time `json:"to,omitempty"`
}

func periodsModel(ps []PeriodJSON) ([]model.Period, error) {
	if len(ps) == 0 {
		return nil, nil
	}
	out := make([]model.Period, len(ps))
	for i, p := range ps {
		out[i].From = p.From
		if p.To != nil {
			if p.To.Before(p.From) {
				return nil, errors.New("a waiting period ends before it starts")
			}
			out[i].To = *p.To
		} else if i != len(ps)-1 {
			return nil, errors.New("only the last waiting period may still run")
		}
	}
	return out, nil
}

func periodsJSON(ps []model.Period) []PeriodJSON {
	if len(ps) == 0 {
		return nil
	}
	out := make([]PeriodJSON, len(ps))
	for i, p := range ps {
		out[i].From = p.From
		if !p.To.IsZero() {
			to := p.To
			out[i].To = &to
		}
	}
	return out
}

// HolidayJSON is a day an office is closed beyond the national holidays.
type HolidayJSON struct {
	Date string `json:"date"` // YYYY-MM-DD
	Name string `json:"name"`
}

// CalendarJSON is the answer of GET /v1/calendar.
type CalendarJSON struct {
	Office         string         `json:"office"`
	Holidays       []HolidayJSON  `json:"holidays"`
	SchedaTarget   int            `json:"scheda_target_days"`
	SectionTargets map[string]int `json:"section_target_days,omitempty"`
}

// Model converts the calendar, rejecting values outside the contract.
func (c CalendarJSON) Model() (model.WorkCalendar, error) {
	out := model.WorkCalendar{Office: c.Office, TargetDays: c.SchedaTarget}
	if c.SchedaTarget < 1 || c.SchedaTarget > model.MaxTargetDays {
		return out, fmt.Errorf("calendar: target of %d working days", c.SchedaTarget)
	}
	for _, h := range c.Holidays {
		d, err := time.ParseInLocation(time.DateOnly, h.Date, model.Rome)
		if err != nil {
			return out, fmt.Errorf("calendar: holiday %q: %w", h.Date, err)
		}
		out.Holidays = append(out.Holidays, model.Holiday{Date: d, Name: h.Name})
	}
	for s, n := range c.SectionTargets {
		if !model.Section(s).Valid() || n < 1 || n > model.MaxTargetDays {
			return out, fmt.Errorf("calendar: target %d of section %q", n, s)
		}
		if out.Sections == nil {
			out.Sections = map[model.Section]int{}
		}
		out.Sections[model.Section(s)] = n
	}
	return out, nil
}

// Calendar returns the calendar of the operator's office for the year
// of from and the next: its own holidays and the schede's service targets.
func (c *Client) Calendar(ctx context.Context, from time.Time) (model.WorkCalendar, error) {
	var cj CalendarJSON
	var out model.WorkCalendar
	q := url.Values{"from": {from.In(model.Rome).Format(time.DateOnly)}}
	err := c.get(ctx, "calendar", "/v1/calendar", q, false, &cj, func() (err error) { out, err = cj.Model(); return err })
	return out, err
}

// PresenceRequest is the body of PUT /v1/schede/{id}/presence.
type PresenceRequest struct {
	State string `json:"state"`
}

// PresenceJSON is a consultant with a scheda open.
type PresenceJSON struct {
	OperatorID   string    `json:"operator_id"`
	OperatorName string    `json:"operator_name"`
	State        string    `json:"state"`
	Until        time.Time `json:"until"`
}

// PresenceListJSON is the answer of PUT /v1/schede/{id}/presence: the
// others who have the scheda open.
type PresenceListJSON struct {
	Presence []PresenceJSON `json:"presence"`
}

// Model converts the list.
func (p PresenceListJSON) Model() ([]model.Presence, error) {
	out := make([]model.Presence, 0, len(p.Presence))
	for _, x := range p.Presence {
		if x.OperatorID == "" || !model.PresenceState(x.State).Valid() {
			return nil, fmt.Errorf("presence: operator %q state %q", x.OperatorID, x.State)
		}
		out = append(out, model.Presence{OperatorID: x.OperatorID, OperatorName: x.OperatorName,
			State: model.PresenceState(x.State), Until: x.Until})
	}
	return out, nil
}

// AnnouncePresence tells central the operator has a scheda open (viewing
// or drafting) for the next model.PresenceTTL, and returns the colleagues
// who have it open too. It is not queued: offline it fails.
func (c *Client) AnnouncePresence(ctx context.Context, id string, state model.PresenceState) ([]model.Presence, error) {
	var pj PresenceListJSON
	var out []model.Presence
	_, err := c.do(ctx, call{name: "presence", method: http.MethodPut, path: "/v1/schede/" + url.PathEscape(id) + "/presence",
		body: PresenceRequest{State: string(state)}, auth: true, retry: true, ok: []int{http.StatusOK},
		decode: func(res result) error {
			return decodeInto(res, &pj, func() (err error) { out, err = pj.Model(); return err })
		}})
	if err != nil {
		return nil, fmt.Errorf("presence: %w", err)
	}
	return out, nil
}

// WithdrawPresence tells central the operator closed the scheda.
func (c *Client) WithdrawPresence(ctx context.Context, id string) error {
	_, err := c.do(ctx, call{name: "presence", method: http.MethodDelete, path: "/v1/schede/" + url.PathEscape(id) + "/presence",
		auth: true, retry: true, ok: []int{http.StatusNoContent}, decode: func(result) error { return nil }})
	if err != nil {
		return fmt.Errorf("presence: %w", err)
	}
	return nil
}

package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"sportello/model"
)

// The head of a structure's actions on the sportelli's agendas (seed
// 003): a twin agenda (POST /v1/desks/clone) and a shorter slot (POST
// /v1/desks/duration). Both are online: they are sent at once, with the
// action's idempotency key on every attempt.

// DeskCloneRequest is the body of POST /v1/desks/clone.
type DeskCloneRequest struct {
	Office string   `json:"office"`
	Desk   string   `json:"desk"`
	Days   []string `json:"days"`
}

// SlotDurationRequest is the body of POST /v1/desks/duration.
type SlotDurationRequest struct {
	Office  string `json:"office"`
	Desk    string `json:"desk"`
	From    string `json:"from"`
	Minutes int    `json:"minutes"`
}

// DeskChangeJSON is what central did.
type DeskChangeJSON struct {
	Office  string   `json:"office"`
	Desk    string   `json:"desk"`
	Slots   int      `json:"slots"`
	Days    []string `json:"days"`
	Minutes int      `json:"minutes,omitempty"`
}

// DeskRefusalJSON is a refusal of a desk action (409, 422): the Error
// shape with the facts of the refusal.
type DeskRefusalJSON struct {
	Code         string `json:"code"`
	Message      string `json:"message"`
	Booked       int    `json:"booked,omitempty"`
	FirstDay     string `json:"first_day,omitempty"`
	EarliestFrom string `json:"earliest_from,omitempty"`
	Day          string `json:"day,omitempty"`
}

// dateOf parses an optional date of the contract.
func dateOf(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.ParseInLocation(DateLayout, s, model.Rome)
}

// Model converts a desk change.
func (d DeskChangeJSON) Model() (model.DeskChange, error) {
	out := model.DeskChange{Office: d.Office, Desk: d.Desk, Slots: d.Slots, Minutes: d.Minutes}
	if d.Office == "" || d.Desk == "" || d.Slots < 0 {
		return out, errors.New("desk change: office, desk and slots are required")
	}
	for _, s := range d.Days {
		day, err := time.ParseInLocation(DateLayout, s, model.Rome)
		if err != nil {
			return out, fmt.Errorf("desk change: day %q: %w", s, err)
		}
		out.Days = append(out.Days, day)
	}
	return out, nil
}

// Model converts a refusal.
func (r DeskRefusalJSON) Model() (*model.DeskRefusal, error) {
	if r.Code == "" {
		return nil, errors.New("desk refusal: no code")
	}
	out := &model.DeskRefusal{Code: r.Code, Message: r.Message, Booked: r.Booked}
	for _, d := range []struct {
		s  string
		to *time.Time
	}{{r.FirstDay, &out.FirstDay}, {r.EarliestFrom, &out.EarliestFrom}, {r.Day, &out.Day}} {
		t, err := dateOf(d.s)
		if err != nil {
			return nil, fmt.Errorf("desk refusal: %w", err)
		}
		*d.to = t
	}
	return out, nil
}

func days(ds []time.Time) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.In(model.Rome).Format(DateLayout)
	}
	return out
}

// deskAction posts a desk action. A refusal (409, 422) is final and comes
// back as a *model.DeskRefusal wrapped in ErrConflict or ErrRejected.
func (c *Client) deskAction(ctx context.Context, name, path, key string, body any) (model.DeskChange, error) {
	var out model.DeskChange
	_, err := c.do(ctx, call{name: name, method: http.MethodPost, path: path, body: body, auth: true, retry: true,
		header: idemHeader(key), ok: []int{http.StatusOK, http.StatusConflict, http.StatusUnprocessableEntity},
		decode: func(res result) error {
			if res.status == http.StatusOK {
				var dj DeskChangeJSON
				return decodeInto(res, &dj, func() (err error) { out, err = dj.Model(); return err })
			}
			var rj DeskRefusalJSON
			var refusal *model.DeskRefusal
			if err := decodeInto(res, &rj, func() (err error) { refusal, err = rj.Model(); return err }); err != nil {
				return err
			}
			kind := ErrRejected
			if res.status == http.StatusConflict {
				kind = ErrConflict
			}
			return fmt.Errorf("%w: %w", kind, refusal)
		}})
	if err != nil {
		return model.DeskChange{}, fmt.Errorf("%s: %w", name, err)
	}
	return out, nil
}

// CloneDesk opens a twin agenda of a sportello on some days.
func (c *Client) CloneDesk(ctx context.Context, key string, req model.DeskClone) (model.DeskChange, error) {
	return c.deskAction(ctx, "clone desk", "/v1/desks/clone", key,
		DeskCloneRequest{Office: req.Office, Desk: req.Desk, Days: days(req.Days)})
}

// ChangeSlotDuration cuts a sportello's first-level slots shorter from a day.
func (c *Client) ChangeSlotDuration(ctx context.Context, key string, req model.SlotDurationChange) (model.DeskChange, error) {
	return c.deskAction(ctx, "slot duration", "/v1/desks/duration", key,
		SlotDurationRequest{Office: req.Office, Desk: req.Desk, From: req.From.In(model.Rome).Format(DateLayout), Minutes: req.Minutes})
}

package client

import (
	"context"
	"fmt"

	"sportello/model"
)

// VisitJSON is what a slot carries on the wire about the visit served on
// it: the services added, the time flagged, its transfers, its priority.
type VisitJSON struct {
	Services          []string `json:"services,omitempty"`
	NotRepresentative bool     `json:"not_representative,omitempty"`
	Transfers         int      `json:"transfers,omitempty"`
	TransferFrom      string   `json:"transfer_from,omitempty"`
	TransferNote      string   `json:"transfer_note,omitempty"`
	Priority          string   `json:"priority,omitempty"`
}

// model copies the visit's fields into sl.
func (v VisitJSON) model(sl *model.Slot) {
	sl.Services, sl.NotRepresentative, sl.Transfers = v.Services, v.NotRepresentative, v.Transfers
	sl.TransferFrom, sl.TransferNote, sl.Priority = v.TransferFrom, v.TransferNote, model.Priority(v.Priority)
}

// visitToJSON is the visit's part of a slot on the wire.
func visitToJSON(s model.Slot) VisitJSON {
	return VisitJSON{Services: s.Services, NotRepresentative: s.NotRepresentative, Transfers: s.Transfers,
		TransferFrom: s.TransferFrom, TransferNote: s.TransferNote, Priority: string(s.Priority)}
}

// VisitEventJSON is what an event on a visit carries besides its type: the
// services delivered (complete) or added (add_service), the time flagged
// not representative (complete), the target of a transfer and the
// priority given.
type VisitEventJSON struct {
	Services          []string `json:"services,omitempty"`
	NotRepresentative bool     `json:"not_representative,omitempty"`
	Desk              string   `json:"desk,omitempty"`
	Service           string   `json:"service,omitempty"`
	Priority          string   `json:"priority,omitempty"`
}

// visitEventOf is the visit's part of a slot event.
func visitEventOf(ev SlotEvent) VisitEventJSON {
	return VisitEventJSON{Services: ev.Services, NotRepresentative: ev.NotRepresentative, Desk: ev.Desk,
		Service: ev.Service, Priority: string(ev.Priority)}
}

// OutcomeJSON is one outcome of central's catalogue.
type OutcomeJSON struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// OutcomesJSON is the answer of GET /v1/outcomes.
type OutcomesJSON struct {
	Outcomes []OutcomeJSON `json:"outcomes"`
}

// Model converts the catalogue of outcomes, rejecting a malformed code or
// a missing name.
func (o OutcomesJSON) Model() ([]model.OutcomeInfo, error) {
	out := make([]model.OutcomeInfo, 0, len(o.Outcomes))
	for _, oc := range o.Outcomes {
		if !model.Outcome(oc.Code).Valid() || oc.Name == "" {
			return nil, fmt.Errorf("outcome %q: bad code or missing name", oc.Code)
		}
		out = append(out, model.OutcomeInfo{Code: model.Outcome(oc.Code), Name: oc.Name})
	}
	return out, nil
}

// Outcomes returns central's catalogue of the outcomes a visit or a call
// can end with, in the order the wrap-up offers them.
func (c *Client) Outcomes(ctx context.Context) ([]model.OutcomeInfo, error) {
	var o OutcomesJSON
	var out []model.OutcomeInfo
	err := c.get(ctx, "outcomes", "/v1/outcomes", nil, false, &o, func() (err error) { out, err = o.Model(); return err })
	return out, err
}

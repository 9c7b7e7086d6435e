package client

import (
	"fmt"

	"sportello/model"
)

// EntityJSON is an entity on the wire, as a conflict's error body and a
// change of the feed carry it: at most one of its fields is set.
type EntityJSON struct {
	Slot   *SlotJSON   `json:"slot,omitempty"`
	Scheda *SchedaJSON `json:"scheda,omitempty"`
	Ticket *TicketJSON `json:"ticket,omitempty"`
}

// Model converts the entity (nil when none is set).
func (e EntityJSON) Model() (model.Entity, error) {
	n := 0
	for _, set := range []bool{e.Slot != nil, e.Scheda != nil, e.Ticket != nil} {
		if set {
			n++
		}
	}
	switch {
	case n > 1:
		return nil, fmt.Errorf("%w: more than one entity", ErrBadResponse)
	case e.Slot != nil:
		return model.AsEntity(e.Slot.Model())
	case e.Scheda != nil:
		return model.AsEntity(e.Scheda.Model())
	case e.Ticket != nil:
		return model.AsEntity(e.Ticket.Model())
	}
	return nil, nil
}

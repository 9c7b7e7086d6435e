package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"sportello/assets/i18n"
	"sportello/cache"
	"sportello/client"
	"sportello/model"
)

// recordVisit records an event of a visit (or its wrap-up), at once in the
// mirror and queued for central through the slot-event kind, held for the
// undo window like every slot event.
func (c *Console) recordVisit(ctx context.Context, a model.SlotEventAction) (model.Slot, error) {
	a.At, a.Note = c.now(), strings.TrimSpace(a.Note)
	s, err := c.store.EnqueueSlotEventHeld(ctx, client.NewIdempotencyKey(), a, c.holdUntil())
	if err != nil {
		return s, err
	}
	c.queued()
	return s, nil
}

// WrapUp completes a visit in progress with its wrap-up: the outcome, the
// services delivered besides the booked one (codes of the catalogue), a
// note, and whether its time is representative.
func (c *Console) WrapUp(ctx context.Context, slotID string, w model.WrapUp) (model.Slot, error) {
	if err := w.Check(); err != nil {
		return model.Slot{}, err
	}
	return c.recordVisit(ctx, model.SlotEventAction{SlotID: slotID, Event: model.EventComplete, Outcome: w.Outcome,
		Note: w.Note, Services: w.Services, NotRepresentative: w.NotRepresentative})
}

// ParkVisit parks a visit in progress (the citizen went to fetch a
// document); ResumeVisit takes it up again.
func (c *Console) ParkVisit(ctx context.Context, slotID string) (model.Slot, error) {
	return c.recordVisit(ctx, model.SlotEventAction{SlotID: slotID, Event: model.EventPark})
}

// ResumeVisit takes up a parked visit again.
func (c *Console) ResumeVisit(ctx context.Context, slotID string) (model.Slot, error) {
	return c.recordVisit(ctx, model.SlotEventAction{SlotID: slotID, Event: model.EventResume})
}

// AddVisitService records one more service (a code of the catalogue)
// delivered in a visit in progress.
func (c *Console) AddVisitService(ctx context.Context, slotID, service string) (model.Slot, error) {
	return c.recordVisit(ctx, model.SlotEventAction{SlotID: slotID, Event: model.EventAddService, Services: []string{service}})
}

// TransferVisit passes a visit to another desk of the office and/or
// another service (a code of the catalogue; "" keeps the slot's), with a
// note the colleague sees.
func (c *Console) TransferVisit(ctx context.Context, slotID, desk, service, note string) (model.Slot, error) {
	note = model.OneLine(note) // central refuses control characters
	if len(note) > model.MaxTransferNoteLength {
		return model.Slot{}, fmt.Errorf("%w: transfer note", ErrEmptyNote)
	}
	return c.recordVisit(ctx, model.SlotEventAction{SlotID: slotID, Event: model.EventTransfer, Desk: desk,
		Service: service, Note: note})
}

// SetVisitPriority marks a visit priority (or takes the mark away with
// model.PriorityNone).
func (c *Console) SetVisitPriority(ctx context.Context, slotID string, p model.Priority) (model.Slot, error) {
	if !p.Valid() {
		return model.Slot{}, fmt.Errorf("%w: unknown priority %q", model.ErrTransition, p)
	}
	return c.recordVisit(ctx, model.SlotEventAction{SlotID: slotID, Event: model.EventPriority, Priority: p})
}

// Outcomes returns central's catalogue of outcomes as mirrored (fetched
// when none is yet and central answers; model.DefaultOutcomes when neither).
func (c *Console) Outcomes(ctx context.Context) []model.OutcomeInfo {
	out, _, err := c.store.Outcomes(ctx)
	if errors.Is(err, cache.ErrNotCached) {
		if c.refreshOutcomes(ctx, true) == nil {
			out, _, err = c.store.Outcomes(ctx)
		}
	}
	if err != nil || len(out) == 0 {
		return slices.Clone(model.DefaultOutcomes)
	}
	return out
}

// refreshOutcomes fetches central's catalogue of outcomes, once a day
// (always when force).
func (c *Console) refreshOutcomes(ctx context.Context, force bool) error {
	if _, at, err := c.store.Outcomes(ctx); err == nil && !force && c.now().Sub(at) < catalogueAge {
		return nil
	}
	out, err := c.api.Outcomes(ctx)
	if err != nil {
		return fmt.Errorf("outcomes: %w", err)
	}
	return c.store.SetOutcomes(ctx, out, c.now())
}

// TransferDesks returns the other desks of the operator's office a visit or a ticket
// can be transferred to, from the mirrored catalogue.
func (c *Console) TransferDesks(ctx context.Context) ([]string, error) {
	op, err := c.store.Operator(ctx)
	if err != nil {
		return nil, err
	}
	cat, err := c.catalogue(ctx)
	if err != nil {
		return nil, err
	}
	for _, o := range cat.Offices {
		if o.Code == op.Office.Code {
			return slices.DeleteFunc(slices.Clone(o.Desks), func(d string) bool { return d == op.Desk }), nil
		}
	}
	return nil, nil
}

// OutcomeName is how the screens name an outcome: its translation when
// the console knows the code, else the code itself (central's name is in
// the catalogue, see Outcomes).
func OutcomeName(o model.Outcome) string { return i18n.Or("outcome."+string(o), string(o)) }

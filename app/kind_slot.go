package app

import (
	"context"

	"sportello/assets/i18n"
	"sportello/client"
	"sportello/model"
)

// slotEventKind is an event on a slot of the agenda (check-in, start,
// complete, no-show, cancel).
type slotEventKind struct{}

func (slotEventKind) send(ctx context.Context, c *Console, key string, a model.SlotEventAction) (model.Entity, error) {
	return model.AsEntity(c.api.RecordSlotEvent(ctx, key, a.SlotID, client.SlotEvent{Type: a.Event, Version: a.Version,
		At: a.At, Outcome: a.Outcome, Note: a.Note, Services: a.Services, NotRepresentative: a.NotRepresentative,
		Desk: a.Desk, Service: a.Service, Priority: a.Priority}))
}

func (slotEventKind) conflict(_ context.Context, _ *Console, a model.SlotEventAction, k *Conflict) {
	k.At = a.At
	k.Title = a.SlotID
	k.Mine = i18n.T("conflicts.action", i18n.T("event."+string(a.Event)), a.At.In(model.Rome).Format("15:04"))
	if a.Outcome != "" {
		k.Mine += " · " + OutcomeName(a.Outcome)
	}
	if a.Note != "" {
		k.Mine += "\n" + a.Note
	}
	if s, ok := k.Central.(model.Slot); ok {
		k.Title = slotTitle(s)
		k.citizenCF = s.CitizenCF
		_, err := model.Next(s.Status, a.Event)
		k.CanRetry = err == nil // a no-show on a slot central has as completed cannot succeed
	}
}

func (slotEventKind) retry(ctx context.Context, c *Console, a model.SlotEventAction) error {
	_, err := c.recordVisit(ctx, model.SlotEventAction{SlotID: a.SlotID, Event: a.Event, Outcome: a.Outcome, Note: a.Note,
		Services: a.Services, NotRepresentative: a.NotRepresentative, Desk: a.Desk, Service: a.Service, Priority: a.Priority})
	return err
}

func (slotEventKind) undoable(a model.SlotEventAction, u *Undoable) { u.Event, u.At = a.Event, a.At }

// slotTitle is how a conflict on a slot is headed: its day, time and desk.
func slotTitle(s model.Slot) string {
	start := s.Start.In(model.Rome)
	return i18n.T("conflicts.slot", start.Format("02/01/2006"), start.Format("15:04"), s.Desk)
}

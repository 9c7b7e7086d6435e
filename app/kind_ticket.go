package app

import (
	"context"

	"sportello/assets/i18n"
	"sportello/model"
)

// ticketKind is an operation on a queue ticket: issuing, calling,
// recalling, parking, resuming, transferring, giving a priority, serving,
// marking gone. A retry applies the same operation (with its transfer
// target, note or priority) to central's ticket.
type ticketKind struct{}

func (ticketKind) send(ctx context.Context, c *Console, key string, a model.TicketAction) (model.Entity, error) {
	if a.Op == model.TicketIssue {
		return model.AsEntity(c.api.IssueTicket(ctx, key, model.Ticket{ID: a.TicketID, Reason: a.Reason, Number: a.Number, IssuedAt: a.At,
			Priority: a.Priority}))
	}
	return model.AsEntity(c.api.TicketAction(ctx, key, a))
}

func (ticketKind) conflict(_ context.Context, _ *Console, a model.TicketAction, k *Conflict) {
	k.At = a.At
	k.Title = i18n.T("conflicts.ticket", a.TicketID)
	if t, ok := k.Central.(model.Ticket); ok {
		k.Title = i18n.T("conflicts.ticket", t.Code())
	}
	k.Mine = i18n.T("conflicts.action", i18n.T("ticket.op."+string(a.Op)), a.At.In(model.Rome).Format("15:04"))
	k.CanRetry = a.Op != model.TicketIssue
}

func (ticketKind) retry(ctx context.Context, c *Console, a model.TicketAction) error {
	if a.Op == model.TicketIssue {
		return nil // never offered: a number is not issued twice
	}
	a.At, a.Version = c.now(), 0
	_, err := c.ticketOp(ctx, a)
	return err
}

func (ticketKind) undoable(a model.TicketAction, u *Undoable) { u.At = a.At }

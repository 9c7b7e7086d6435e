package app

import (
	"context"
	"slices"
	"strings"

	"sportello/model"
)

// ServeTicket closes the ticket at this desk with its wrap-up: the outcome
// from central's catalogue, the services delivered besides the reason's
// own (codes of the catalogue), a note and whether its time is
// representative. It travels as the ticket kind's serve; central checks
// the outcome and the services against its catalogues.
func (c *Console) ServeTicket(ctx context.Context, id string, w model.WrapUp) (model.Ticket, error) {
	if err := w.Check(); err != nil {
		return model.Ticket{}, err
	}
	return c.ticketOp(ctx, model.TicketAction{TicketID: id, Op: model.TicketServe, Outcome: w.Outcome, Services: w.Services,
		Note: strings.TrimSpace(w.Note), NotRepresentative: w.NotRepresentative})
}

// TicketServices are the services a ticket's wrap-up may record besides
// its reason's own: those of the mirrored catalogue a reception gives
// (first level), by name; none when the catalogue is not on this computer.
func (c *Console) TicketServices(ctx context.Context) ([]model.Service, error) {
	all, err := c.Services(ctx)
	return slices.DeleteFunc(all, func(s model.Service) bool { return s.Level != model.LevelInformation }), err
}

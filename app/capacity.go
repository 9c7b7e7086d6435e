package app

import (
	"context"
	"errors"
	"slices"

	"sportello/model"
)

// Capacity's days around today: the past weeks (no-shows, waits, searches
// that found nothing) and the coming ones (saturation).
const (
	capacityDaysBefore = 28
	capacityDaysAfter  = 28 // 8 weeks in all, central's bound
)

// refreshCapacity asks central for a head of structure's picture of the
// agendas, searches and waits of the offices in scope, with the ETag of
// the one kept, and keeps a changed one. A failure is logged, not
// returned: the picture kept still serves, with the time it was
// refreshed, and the sync goes on.
func (c *Console) refreshCapacity(ctx context.Context) {
	op, err := c.store.Operator(ctx)
	if err != nil || !slices.Contains(op.Roles, model.RoleResponsabile) {
		return
	}
	today := model.Day(c.now())
	from, to := today.AddDate(0, 0, -capacityDaysBefore), today.AddDate(0, 0, capacityDaysAfter)
	etag, keptFrom, _, err := c.store.CapacityETag(ctx)
	if err != nil {
		c.log.Warn("capacity: read the ETag kept", "err", err)
		return
	}
	if !keptFrom.Equal(from) {
		etag = "" // another range: the tag kept is of other days
	}
	a, err := c.api.Capacity(ctx, from, to, etag)
	if err != nil {
		if !errors.Is(err, context.Canceled) {
			c.log.Warn("capacity: not refreshed", "err", err)
		}
		return
	}
	if a.NotModified {
		if err := c.store.TouchCapacity(ctx, c.now()); err != nil {
			c.log.Warn("capacity: refresh time not kept", "err", err)
		}
		return
	}
	if err := c.store.PutCapacity(ctx, a.Capacity, a.ETag, c.now()); err != nil {
		c.log.Warn("capacity: not kept", "err", err)
		return
	}
	c.log.Info("capacity refreshed", "offices", len(a.Capacity.Offices), "agendas", len(a.Capacity.Cells))
}

// Capacity returns the picture of the agendas, searches and waits kept
// for a head of structure, with the time it was last refreshed (zero
// before the first): it serves offline too.
func (c *Console) Capacity(ctx context.Context) (model.Capacity, error) {
	return c.store.Capacity(ctx)
}

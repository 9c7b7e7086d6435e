package app

import (
	"context"
	"errors"
	"slices"

	"sportello/model"
)

// refreshModules asks central for the text modules of a CRIC consultant
// with the ETag of those kept, and keeps a changed list. A failure is
// logged, not returned: the modules kept still serve, and the sync goes
// on (a central without the call answers 404).
func (c *Console) refreshModules(ctx context.Context) {
	op, err := c.store.Operator(ctx)
	if err != nil || !slices.Contains(op.Roles, model.RoleCRIC) {
		return
	}
	etag, err := c.store.ModulesETag(ctx)
	if err != nil {
		c.log.Warn("text modules: read the ETag kept", "err", err)
		return
	}
	list, err := c.api.Modules(ctx, etag)
	if err != nil {
		if !errors.Is(err, context.Canceled) {
			c.log.Warn("text modules: not refreshed", "err", err)
		}
		return
	}
	if list.NotModified {
		return
	}
	if err := c.store.PutModules(ctx, list.Modules, list.ETag); err != nil {
		c.log.Warn("text modules: not kept", "err", err)
		return
	}
	c.log.Info("text modules refreshed", "modules", len(list.Modules))
}

// TextModules returns the text modules kept for a section, in central's
// order: they serve offline too.
func (c *Console) TextModules(ctx context.Context, section model.Section) ([]model.TextModule, error) {
	return c.store.Modules(ctx, section)
}

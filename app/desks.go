package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"sportello/cache"
	"sportello/client"
	"sportello/model"
)

// The head of a structure's actions on the sportelli's agendas (a twin
// agenda, a shorter slot: seed 003). They are online, not outbox actions:
// central decides at once (a refusal must reach the manager while they
// look at the agenda), so offline they fail with ErrOffline and the
// screen says the action needs the network. Each request keeps one
// idempotency key across its retries; done or refused, it goes in the
// operator's audit trail under that key, the id central gives its own
// record of it.

// The audit actions of a desk action; a refusal adds "_refused".
const (
	AuditDeskClone    = "desk_clone"
	AuditDeskDuration = "desk_duration"
)

// deskActionWait bounds a desk action, its retries included;
// deskActionTries is how many times the console sends it when the line
// or central fails (the client retries each of these too).
const (
	deskActionWait  = 60 * time.Second
	deskActionTries = 2
)

// deskRetryPause is the pause before the console's second try; tests
// shorten it.
var deskRetryPause = time.Second

// CloneDesk opens a twin agenda of a sportello on some days. A refusal
// is a *model.DeskRefusal; offline, ErrOffline.
func (c *Console) CloneDesk(ctx context.Context, req model.DeskClone) (model.DeskChange, error) {
	req.Key = keyOr(req.Key)
	return c.deskAction(ctx, AuditDeskClone, req.Key, req.Office, req.Desk, func(ctx context.Context) (model.DeskChange, error) {
		return c.api.CloneDesk(ctx, req.Key, req)
	})
}

// ChangeSlotDuration cuts a sportello's first-level slots to req.Minutes
// from req.From on. A refusal (booked citizens, …) is a
// *model.DeskRefusal; offline, ErrOffline.
func (c *Console) ChangeSlotDuration(ctx context.Context, req model.SlotDurationChange) (model.DeskChange, error) {
	req.Key = keyOr(req.Key)
	return c.deskAction(ctx, AuditDeskDuration, req.Key, req.Office, req.Desk, func(ctx context.Context) (model.DeskChange, error) {
		return c.api.ChangeSlotDuration(ctx, req.Key, req)
	})
}

func keyOr(key string) string {
	if key == "" {
		return client.NewIdempotencyKey()
	}
	return key
}

// deskAction sends a desk action, again with the same key while the line
// or central fails, records its outcome in the audit trail and, when it
// is done, asks the sync loop for the agendas it changed.
func (c *Console) deskAction(ctx context.Context, action, key, office, desk string, send func(context.Context) (model.DeskChange, error)) (model.DeskChange, error) {
	if err := c.refuseOutdated(); err != nil {
		return model.DeskChange{}, err
	}
	if c.api == nil {
		return model.DeskChange{}, fmt.Errorf("%s: %w", action, ErrNotLoggedIn)
	}
	wctx, cancel := context.WithTimeout(ctx, deskActionWait)
	defer cancel()
	var out model.DeskChange
	var err error
	for try := 1; ; try++ {
		out, err = send(wctx)
		if err == nil || !client.Transient(err) || try == deskActionTries || wctx.Err() != nil {
			break
		}
		c.log.Info("desk action: central not reached, sent again with the same key", "action", action, "try", try, "err", err)
		t := time.NewTimer(time.Duration(try) * deskRetryPause)
		select {
		case <-wctx.Done():
		case <-t.C:
		}
		t.Stop()
	}
	var refusal *model.DeskRefusal
	switch {
	case err == nil:
		c.auditDesk(ctx, key, action, office, desk)
		c.Kick()
		return out, nil
	case errors.As(err, &refusal):
		c.auditDesk(ctx, key, action+"_refused", office, desk)
	case wctx.Err() != nil && !errors.Is(err, ErrOffline):
		err = fmt.Errorf("%w: %w", ErrOffline, err)
	}
	return model.DeskChange{}, fmt.Errorf("%s: %w", action, err)
}

// auditDesk queues the audit entry of a desk action. Central has the
// action's own record already; this one, the operator's trail, is kept
// even if it cannot be written (logged).
func (c *Console) auditDesk(ctx context.Context, key, action, office, desk string) {
	e := cache.AuditEntry{ID: key, Action: action, Reason: model.AccessManagement, Ref: office + "/" + desk, At: c.now()}
	if err := c.store.RecordAction(context.WithoutCancel(ctx), e); err != nil {
		c.log.Error("audit: record a desk action", "action", action, "err", err)
	}
}

package app

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"

	"sportello/cache"
	"sportello/client"
	"sportello/model"
)

// ErrOffline is central out of reach (no network, no answer): the
// client's, so that the screens can tell it without importing the client.
var ErrOffline = client.ErrOffline

// Push sends the outbox to central in order, each action with its own
// Idempotency-Key. An action central refuses is set aside as a conflict
// (the entity changed there) or as rejected, and the rest go on; when
// central cannot be reached the push stops and the action stays queued
// for the next one. It returns how many actions central took.
func (c *Console) Push(ctx context.Context) (int, error) {
	pending, err := c.store.Pending(ctx)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, a := range pending {
		if a.HoldUntil.After(c.now()) {
			// Held for the operator's undo: it, and what was queued
			// after it, wait (the loop wakes when its window ends).
			break
		}
		ok, err := c.store.Claim(ctx, a.Seq, c.now())
		if err != nil {
			return sent, fmt.Errorf("push: %w", err)
		}
		if !ok {
			continue // taken back by the operator meanwhile: nothing to send
		}
		central, err := c.send(ctx, a)
		now := c.now()
		var apiErr *client.APIError
		switch {
		case err == nil:
			err = c.store.ActionDone(ctx, a.Seq, central, now)
			sent++
		case errors.Is(err, client.ErrConflict):
			var server model.Entity
			if errors.As(err, &apiErr) {
				server = apiErr.Central
			}
			c.log.Warn("push: central refused an action: conflict", "kind", a.Kind, "seq", a.Seq)
			// The conflicts dialog shows central's own words (who changed
			// what), not the generic advice shown where the action failed.
			msg := Explain(err)
			if apiErr != nil && apiErr.Message != "" && apiErr.Code != "held" {
				msg = apiErr.Message
			}
			err = c.store.ActionConflict(ctx, a.Seq, server, msg, now)
		case refused(err), errors.Is(err, client.ErrNotFound):
			c.log.Warn("push: central rejected an action", "kind", a.Kind, "seq", a.Seq, "err", err)
			err = c.store.ActionRejected(ctx, a.Seq, Explain(err), now)
		default:
			// Offline, server fault, expired session: keep it for later.
			// Unless no connection could be opened, central may have it.
			if ferr := c.store.ActionFailed(ctx, a.Seq, err.Error(), a.MaybeSent || !neverLeft(err)); ferr != nil {
				c.log.Error("push: record a failed attempt", "err", ferr)
			}
			return sent, fmt.Errorf("push: %w", err)
		}
		if err != nil {
			return sent, fmt.Errorf("push: %w", err)
		}
	}
	return sent, nil
}

// auditBatch is how many audit entries go in one request (central takes
// up to 500).
const auditBatch = 200

// pushAudit sends the queued audit entries in batches, oldest first, and
// drops each batch once central acknowledged it. Entries carry their own
// id, so a batch sent again after a lost answer is not counted twice.
func (c *Console) pushAudit(ctx context.Context) (int, error) {
	sent := 0
	for {
		batch, err := c.store.PendingAudit(ctx, auditBatch)
		if err != nil || len(batch) == 0 {
			return sent, err
		}
		op, err := c.store.Operator(ctx)
		if err != nil {
			return sent, fmt.Errorf("push audit: %w", err)
		}
		events := make([]client.AuditEvent, len(batch))
		ids := make([]string, len(batch))
		for i, e := range batch {
			// An entry recorded before the operator was mirrored is theirs:
			// each mirror belongs to one operator.
			events[i] = client.AuditEvent{ID: e.ID, OperatorID: cmp.Or(e.OperatorID, op.ID), Action: e.Action, CitizenCF: e.CF,
				Reason: string(e.Reason), Ref: e.Ref, At: e.At, Offline: e.Offline}
			ids[i] = e.ID
		}
		_, _, err = c.api.Audit(ctx, events)
		if refused(err) {
			// Kept, not dropped: an audit record is not ours to lose. It
			// must not hold up the sync either; the note says it waits.
			c.log.Error("push audit: central refused a batch; it stays queued", "entries", len(batch), "err", err)
			return sent, nil
		}
		if err != nil {
			return sent, fmt.Errorf("push audit: %w", err)
		}
		if err := c.store.AuditSent(ctx, ids, c.now()); err != nil {
			return sent, err
		}
		sent += len(batch)
	}
}

// refused reports whether central refused a request as invalid or not
// allowed to this operator: sending it again would be refused again.
func refused(err error) bool {
	var apiErr *client.APIError
	return errors.Is(err, client.ErrRejected) || errors.As(err, &apiErr) && apiErr.Status == http.StatusForbidden
}

// send performs one outbox action against central, as its kind does, and
// returns the entity central answered (nil: none).
func (c *Console) send(ctx context.Context, a cache.Action) (model.Entity, error) {
	k, err := kindOf(a.Kind)
	if err != nil {
		return nil, err
	}
	return k.send(ctx, c, a.Key, a.Payload)
}

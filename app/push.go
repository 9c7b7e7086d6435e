package app

import (
	"cmp"
	"context"
	"encoding/json"
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
			var server cache.Central
			if errors.As(err, &apiErr) {
				server = cache.Central{Slot: apiErr.Slot, Scheda: apiErr.Scheda, Ticket: apiErr.Ticket}
				if a.Kind == cache.KindBooking {
					server = cache.Central{Booking: apiErr.Slot}
				}
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

// send performs one outbox action against central, and returns the
// entities as central now has them.
func (c *Console) send(ctx context.Context, a cache.Action) (cache.Central, error) {
	var none cache.Central
	unreadable := func(err error) (cache.Central, error) {
		return none, fmt.Errorf("%w: unreadable action: %v", client.ErrRejected, err)
	}
	switch a.Kind {
	case cache.KindSlotEvent:
		var p cache.SlotEventAction
		if err := json.Unmarshal(a.Payload, &p); err != nil {
			return unreadable(err)
		}
		s, err := c.api.RecordSlotEvent(ctx, a.Key, p.SlotID, client.SlotEvent{Type: p.Event, Version: p.Version,
			At: p.At, Outcome: p.Outcome, Note: p.Note})
		return cache.Central{Slot: &s}, err
	case cache.KindNote:
		var p cache.NoteAction
		if err := json.Unmarshal(a.Payload, &p); err != nil {
			return unreadable(err)
		}
		_, err := c.api.AddNote(ctx, a.Key, p.CF, p.Text)
		return none, err
	case cache.KindScheda:
		var p cache.SchedaAction
		if err := json.Unmarshal(a.Payload, &p); err != nil {
			return unreadable(err)
		}
		return c.sendScheda(ctx, a.Key, p)
	case cache.KindBooking:
		var p cache.BookingAction
		if err := json.Unmarshal(a.Payload, &p); err != nil {
			return unreadable(err)
		}
		if p.New != nil {
			// Registering a known codice fiscale again is harmless: central
			// answers the file as it is.
			if _, _, err := c.api.RegisterCitizen(ctx, a.Key+"-r", *p.New); err != nil {
				return none, err
			}
		}
		s, err := c.api.Book(ctx, a.Key, client.Booking{SlotID: p.Slot.ID, CitizenCF: p.CF, Service: p.Service.Code,
			Channel: p.Channel, Phone: p.Phone})
		if err != nil {
			return none, err
		}
		return cache.Central{Booking: &s}, nil
	case cache.KindTicket:
		var p cache.TicketAction
		if err := json.Unmarshal(a.Payload, &p); err != nil {
			return unreadable(err)
		}
		var t model.Ticket
		var err error
		if p.Op == model.TicketIssue {
			t, err = c.api.IssueTicket(ctx, a.Key, model.Ticket{ID: p.TicketID, Reason: p.Reason, Number: p.Number, IssuedAt: p.At})
		} else {
			t, err = c.api.TicketEvent(ctx, a.Key, p.TicketID, p.Op, p.Version, p.At, p.Desk)
		}
		if err != nil {
			return none, err
		}
		return cache.Central{Ticket: &t}, nil
	}
	return none, fmt.Errorf("%w: unknown action kind %q", client.ErrRejected, a.Kind)
}

// sendScheda performs a consultant's operation on a scheda against
// central.
func (c *Console) sendScheda(ctx context.Context, key string, p cache.SchedaAction) (cache.Central, error) {
	var sc model.Scheda
	var err error
	switch p.Op {
	case model.OpClaim:
		sc, err = c.api.ClaimScheda(ctx, key, p.SchedaID, p.Version)
	case model.OpRequestInfo:
		sc, err = c.api.RequestInfo(ctx, key, p.SchedaID, p.Version, p.Text)
	case model.OpAnswer:
		sc, err = c.api.AnswerScheda(ctx, key, p.SchedaID, p.Version, p.Text)
	case model.OpForward:
		sc, err = c.api.ForwardScheda(ctx, key, p.SchedaID, p.Version, p.Direzione, p.Text)
	case model.OpConvert:
		if p.Slot == nil {
			return cache.Central{}, fmt.Errorf("%w: conversion without a slot", client.ErrRejected)
		}
		conv, cerr := c.api.ConvertScheda(ctx, key, p.SchedaID, p.Version, p.Slot.ID, p.Channel)
		if cerr != nil {
			return cache.Central{}, cerr
		}
		if p.Slot.Office != "" {
			conv.Slot.Office = p.Slot.Office // the office as the consultant picked it (its name)
		}
		conv.Scheda.Appointment = &conv.Slot
		return cache.Central{Scheda: &conv.Scheda}, nil
	default:
		return cache.Central{}, fmt.Errorf("%w: unknown scheda operation %q", client.ErrRejected, p.Op)
	}
	if err != nil {
		return cache.Central{}, err
	}
	return cache.Central{Scheda: &sc}, nil
}

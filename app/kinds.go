package app

import (
	"context"
	"encoding/json"
	"fmt"

	"sportello/client"
	"sportello/model"
)

// outboxKind is everything the console knows of one kind of outbox action
// beyond its payload type (model's, which says its audit meaning): how it
// is sent to central, how its conflict reads to the operator, how it is
// applied again after one, and what the undo bar calls it. One type per
// kind implements it, and kinds registers them all: a kind missing a piece
// does not compile.
type outboxKind[A model.Action] interface {
	// send performs the action against central under its idempotency key,
	// and returns the entity central answered (nil: none).
	send(ctx context.Context, c *Console, key string, a A) (model.Entity, error)
	// conflict fills in what the operator reads of a conflict on a: its
	// title and their action (the rest is the same for every kind).
	conflict(ctx context.Context, c *Console, a A, k *Conflict)
	// retry applies a again, as a new action, on central's current state.
	retry(ctx context.Context, c *Console, a A) error
	// undoable names a in the undo bar.
	undoable(a A, u *Undoable)
}

// kind is an outboxKind with its payload decoded from the outbox row.
type kind interface {
	send(ctx context.Context, c *Console, key string, payload []byte) (model.Entity, error)
	conflict(ctx context.Context, c *Console, payload []byte, k *Conflict) error
	retry(ctx context.Context, c *Console, payload []byte) error
	undoable(payload []byte, u *Undoable) error
}

// kinds holds every outbox kind, by name: the one place they are
// registered (TestEveryActionKindIsRegistered checks none is missing).
var kinds = register(
	typed[model.SlotEventAction]{slotEventKind{}},
	typed[model.NoteAction]{noteKind{}},
	typed[model.SchedaAction]{schedaKind{}},
	typed[model.BookingRequest]{bookingKind{}},
	typed[model.TicketAction]{ticketKind{}},
	typed[model.SuggestionMarkAction]{suggestionKind{}},
)

// registered is a kind with its name.
type registered interface {
	kind
	name() model.ActionKind
}

func register(all ...registered) map[model.ActionKind]kind {
	out := make(map[model.ActionKind]kind, len(all))
	for _, k := range all {
		out[k.name()] = k
	}
	return out
}

// kindOf returns the kind of an outbox action; an unknown one (written by
// a newer console, say) is refused as invalid.
func kindOf(name model.ActionKind) (kind, error) {
	k, ok := kinds[name]
	if !ok {
		return nil, fmt.Errorf("%w: unknown action kind %q", client.ErrRejected, name)
	}
	return k, nil
}

// typed decodes the payload of its kind's rows.
type typed[A model.Action] struct{ k outboxKind[A] }

func (t typed[A]) name() model.ActionKind {
	var a A
	return a.Kind()
}

func (t typed[A]) decode(payload []byte) (A, error) {
	var a A
	if err := json.Unmarshal(payload, &a); err != nil {
		return a, fmt.Errorf("%w: unreadable %s action: %v", client.ErrRejected, a.Kind(), err)
	}
	return a, nil
}

func (t typed[A]) send(ctx context.Context, c *Console, key string, payload []byte) (model.Entity, error) {
	a, err := t.decode(payload)
	if err != nil {
		return nil, err
	}
	return t.k.send(ctx, c, key, a)
}

func (t typed[A]) conflict(ctx context.Context, c *Console, payload []byte, k *Conflict) error {
	a, err := t.decode(payload)
	if err != nil {
		return err
	}
	k.Action = a
	t.k.conflict(ctx, c, a, k)
	return nil
}

func (t typed[A]) retry(ctx context.Context, c *Console, payload []byte) error {
	a, err := t.decode(payload)
	if err != nil {
		return err
	}
	return t.k.retry(ctx, c, a)
}

func (t typed[A]) undoable(payload []byte, u *Undoable) error {
	a, err := t.decode(payload)
	if err != nil {
		return err
	}
	t.k.undoable(a, u)
	return nil
}

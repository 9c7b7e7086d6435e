package app

import (
	"context"
	"fmt"
	"time"

	"sportello/cache"
	"sportello/client"
	"sportello/model"
)

// UndoWindow is how long the console window holds an action on a slot or
// a scheda in the outbox before the sync loop may send it: the operator's
// time to press Annulla (Ctrl+Z). Central cannot take a no-show, a
// cancellation or an answer to a citizen back.
const UndoWindow = 10 * time.Second

// Errors of Undo, for errors.Is (Explain says them in Italian).
var (
	// ErrUndoTooLate: central has the action, or may have it.
	ErrUndoTooLate = cache.ErrAlreadySent
	// ErrUndoNotLast: a later action on the same slot or scheda waits to
	// be sent, and must be taken back first.
	ErrUndoNotLast = cache.ErrNotLast
	// ErrNothingToUndo: the action was taken back already.
	ErrNothingToUndo = cache.ErrNoUndo
)

// Undoable is an action the operator can still take back.
type Undoable struct {
	Key    string
	Target string          // the slot or scheda it is on
	Event  model.SlotEvent // the event, when on a slot
	Op     model.SchedaOp  // the operation, when on a scheda
	// Mark is the mark, when on a suggestion of a file (Target is then
	// the citizen's codice fiscale), with the suggestion and its benefit.
	Mark                model.SuggestionMark
	Suggestion, Benefit string
	At                  time.Time // when the operator acted
	// Until is when its undo window ends and the sync loop may send it
	// (zero, or past: it waits only for the line).
	Until time.Time
}

// UndoWindow is how long this console holds an action for the operator's
// Annulla (zero: it does not).
func (c *Console) UndoWindow() time.Duration { return max(c.undoWindow, 0) }

// holdUntil is when an action queued now may be sent (zero: at once).
func (c *Console) holdUntil() time.Time {
	if c.undoWindow <= 0 {
		return time.Time{}
	}
	return c.now().Add(c.undoWindow)
}

// queued tells the sync loop and the status area that an action was
// queued: the loop sends what is not held and wakes again when the
// window of what is held ends (see RunSync).
func (c *Console) queued() {
	c.Kick()
}

// untilHoldEnd is how long the sync loop waits after a sync: every, or
// less when a held action's window ends sooner (it is sent then, not at
// the next periodic sync).
func (c *Console) untilHoldEnd(ctx context.Context, every time.Duration) time.Duration {
	end, err := c.store.NextHoldEnd(ctx)
	if err != nil {
		c.log.Warn("sync: read the held actions", "err", err)
		return every
	}
	if end.IsZero() {
		return every
	}
	// A little after the end, so that the clock is past it.
	return min(every, max(end.Sub(c.now()), 0)+50*time.Millisecond)
}

// HeldActions returns the actions still in their undo window, newest
// first.
func (c *Console) HeldActions(ctx context.Context) ([]Undoable, error) {
	held, err := c.store.HeldActions(ctx, c.now())
	if err != nil {
		return nil, err
	}
	out := make([]Undoable, 0, len(held))
	for _, h := range held {
		u, err := undoableOf(h)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}

// LastUnsent returns the last action on a slot or scheda (by id) that
// central has not got, if it can be taken back: in its undo window, or
// after it while the line is down.
func (c *Console) LastUnsent(ctx context.Context, target string) (Undoable, bool, error) {
	a, ok, err := c.store.LastUnsent(ctx, target)
	if err != nil || !ok {
		return Undoable{}, false, err
	}
	u, err := undoableOf(a)
	return u, err == nil, err
}

func undoableOf(a cache.Undoable) (Undoable, error) {
	u := Undoable{Key: a.Key, Target: a.Target, Until: a.HoldUntil, At: a.CreatedAt}
	k, err := kindOf(a.Kind)
	if err != nil {
		// A kind this console does not know (a newer console's) is
		// named only by when it was recorded; it hides no other.
		return u, nil
	}
	if err := k.undoable(a.Payload, &u); err != nil {
		return u, fmt.Errorf("undo: %w", err)
	}
	return u, nil
}

// Undo takes back an action central has not got (by its key): it leaves
// the outbox, the slot or scheda is on screen as it was before (status,
// version, times served, outcome and note; a scheda's answer and draft),
// and its audit entry goes, all in one transaction. Racing the sync loop,
// either the undo wins and nothing is sent, or it fails with
// ErrUndoTooLate: the action is on its way to central, or there already.
func (c *Console) Undo(ctx context.Context, key string) error {
	if err := c.store.Undo(ctx, key, c.now()); err != nil {
		return fmt.Errorf("undo: %w", err)
	}
	c.log.Info("an action was taken back before it was sent")
	c.notify(ctx)
	return nil
}

// neverLeft reports whether a failed request never left this computer
// (no connection could be opened): central cannot have it.
func neverLeft(err error) bool { return client.NeverSent(err) }

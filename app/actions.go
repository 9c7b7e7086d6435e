package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"sportello/cache"
	"sportello/client"
	"sportello/model"
)

// ErrEmptyNote is returned for a note with no text or a text too long.
var ErrEmptyNote = errors.New("note empty or too long")

// RecordSlotEvent records what happened to a slot (check-in, start,
// complete with outcome and note, no-show, cancel): at once in the mirror,
// and queued for central with its own idempotency key. It works offline;
// the sync loop sends it when it can.
func (c *Console) RecordSlotEvent(ctx context.Context, slotID string, ev model.SlotEvent, outcome model.Outcome, note string) (model.Slot, error) {
	s, err := c.store.EnqueueSlotEvent(ctx, client.NewIdempotencyKey(), cache.SlotEventAction{SlotID: slotID, Event: ev,
		At: c.now(), Outcome: outcome, Note: strings.TrimSpace(note)})
	if err != nil {
		return s, err
	}
	c.Kick()
	return s, nil
}

// AddNote adds the operator's note to a citizen's file, at once in the
// mirror and queued for central.
func (c *Console) AddNote(ctx context.Context, cf, text string) error {
	text = strings.TrimSpace(text)
	if text == "" || len(text) > model.MaxNoteLength {
		return ErrEmptyNote
	}
	if err := model.ValidateCF(cf); err != nil {
		return err
	}
	op, err := c.store.Operator(ctx)
	if err != nil {
		return fmt.Errorf("note: %w", err)
	}
	if err := c.store.EnqueueNote(ctx, client.NewIdempotencyKey(), cache.NoteAction{CF: cf, Text: text, At: c.now(),
		AuthorID: op.ID, Author: op.Name}); err != nil {
		return err
	}
	c.Kick()
	return nil
}

// SyncState is what the sync loop is doing.
type SyncState string

// The sync states the status area shows.
const (
	StateOnline  SyncState = "online"  // the last sync reached central
	StateOffline SyncState = "offline" // central could not be reached
	StateSyncing SyncState = "syncing" // a sync is under way
)

// SyncStatus is what the status area shows.
type SyncStatus struct {
	State     SyncState
	Pending   int       // actions waiting to be sent
	Conflicts int       // actions central refused, waiting for the operator
	LastSync  time.Time // when data was last refreshed from central
	Err       error     // why the last sync failed, if it did
}

// syncLoop is the state of the background sync.
type syncLoop struct {
	kick     chan struct{}
	mu       sync.Mutex
	state    SyncState
	err      error
	onChange func(SyncStatus)
}

// Kick asks the sync loop to sync now (it does nothing without a loop).
func (c *Console) Kick() {
	select {
	case c.loop.kick <- struct{}{}:
	default: // a sync is already asked for
	}
}

// Status returns the sync status.
func (c *Console) Status(ctx context.Context) SyncStatus {
	c.loop.mu.Lock()
	st := SyncStatus{State: c.loop.state, Err: c.loop.err}
	c.loop.mu.Unlock()
	if st.State == "" {
		st.State = StateOffline
	}
	st.Pending, _ = c.store.OutboxCount(ctx)
	st.Conflicts, _ = c.store.ConflictCount(ctx)
	st.LastSync, _ = c.store.LastSync(ctx)
	return st
}

// OnStatus registers fn to be told each time the sync status changes; it
// runs on the sync loop's goroutine.
func (c *Console) OnStatus(fn func(SyncStatus)) {
	c.loop.mu.Lock()
	c.loop.onChange = fn
	c.loop.mu.Unlock()
}

func (c *Console) setState(ctx context.Context, s SyncState, err error) {
	c.loop.mu.Lock()
	c.loop.state, c.loop.err = s, err
	fn := c.loop.onChange
	c.loop.mu.Unlock()
	if fn != nil {
		fn(c.Status(ctx))
	}
}

// Retry delays of the sync loop after a failure: short at first, then
// longer, so a bad line is not hammered.
const (
	firstRetry = 5 * time.Second
	maxRetry   = 2 * time.Minute
)

// RunSync syncs every interval, at once when kicked (an action was
// recorded), and sooner after a failure, until ctx ends.
func (c *Console) RunSync(ctx context.Context, every time.Duration) {
	wait, retry := time.Duration(0), firstRetry
	for {
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-c.loop.kick:
			t.Stop()
		case <-t.C:
		}
		c.setState(ctx, StateSyncing, nil)
		_, err := c.SyncOnce(ctx)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			c.log.Warn("sync failed; retrying", "in", retry, "err", err)
			c.setState(ctx, StateOffline, err)
			wait, retry = retry, min(2*retry, maxRetry)
		default:
			c.setState(ctx, StateOnline, nil)
			wait, retry = every, firstRetry
		}
	}
}

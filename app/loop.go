package app

import (
	"context"
	"errors"
	"sync"
	"time"
)

// SyncState is what the sync loop is doing.
type SyncState string

// The sync states the status area shows.
const (
	StateOnline  SyncState = "online"  // the last sync reached central
	StateOffline SyncState = "offline" // central could not be reached
	StateSyncing SyncState = "syncing" // a sync is under way
	// StateExpired: central refused the session (expired or revoked).
	// Reading and queuing go on; sending waits for a new login.
	StateExpired SyncState = "expired"
	// StateOutdated: central no longer accepts this console's version.
	// Reading and queuing go on; sending and pulling wait for the update.
	StateOutdated SyncState = "outdated"
)

// SyncStatus is what the status area shows.
type SyncStatus struct {
	State     SyncState
	Pending   int       // actions waiting to be sent
	Conflicts int       // actions central refused, waiting for the operator
	LastSync  time.Time // when data was last refreshed from central
	Err       error     // why the last sync failed, if it did
	Update    Update    // the versions central accepts, as last known
}

// syncLoop is the state of the background sync.
type syncLoop struct {
	kick     chan struct{}
	mu       sync.Mutex
	state    SyncState
	err      error
	onChange func(SyncStatus)
	// ended is closed when the sync under way, or the next one, has
	// pushed the outbox, and again when it ends (see afterSync).
	ended chan struct{}
}

// afterSync returns a channel closed when the next sync to push or to end
// has done so: the one under way, or the next. A waiter for central's
// answer to an action reads it once the push is over, not after the pull.
func (c *Console) afterSync() <-chan struct{} {
	c.loop.mu.Lock()
	defer c.loop.mu.Unlock()
	if c.loop.ended == nil {
		c.loop.ended = make(chan struct{})
	}
	return c.loop.ended
}

// synced tells whoever waits in afterSync that a sync pushed the outbox,
// or ended.
func (c *Console) synced() {
	c.loop.mu.Lock()
	defer c.loop.mu.Unlock()
	if c.loop.ended != nil {
		close(c.loop.ended)
		c.loop.ended = nil
	}
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
	var st SyncStatus
	st.State, st.Err = c.syncState()
	st.Pending, _ = c.store.OutboxCount(ctx)
	st.Conflicts, _ = c.store.ConflictCount(ctx)
	st.LastSync, _ = c.store.LastSync(ctx)
	st.Update = c.Update()
	return st
}

// syncState returns what the sync loop is doing and why its last sync
// failed; before the loop has run, the console counts as offline.
func (c *Console) syncState() (SyncState, error) {
	c.loop.mu.Lock()
	defer c.loop.mu.Unlock()
	if c.loop.state == "" {
		return StateOffline, c.loop.err
	}
	return c.loop.state, c.loop.err
}

// knownOffline reports whether the sync loop found central unreachable at
// its last try (before the loop has run, nobody knows).
func (c *Console) knownOffline() bool {
	c.loop.mu.Lock()
	defer c.loop.mu.Unlock()
	return c.loop.state == StateOffline || c.loop.state == StateExpired
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
	c.loop.mu.Unlock()
	c.notify(ctx)
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
		case sessionExpired(err):
			// Nothing to retry until the operator logs in again
			// (Relogin kicks the loop); a slow retry in case the server
			// was wrong.
			c.log.Warn("sync: session expired; waiting for a new login", "err", err)
			c.setState(ctx, StateExpired, err)
			wait = maxRetry
		case errors.Is(err, ErrOutdated):
			// Nothing is sent until the update (or central lowers its
			// minimum): a slow look, one small request each time.
			c.log.Warn("sync: this console's version is below central's minimum; not syncing", "err", err)
			c.setState(ctx, StateOutdated, err)
			wait = maxRetry
		case err != nil:
			c.log.Warn("sync failed; retrying", "in", retry, "err", err)
			c.setState(ctx, StateOffline, err)
			wait, retry = retry, min(2*retry, maxRetry)
		default:
			c.setState(ctx, StateOnline, nil)
			wait, retry = c.untilHoldEnd(ctx, every), firstRetry
		}
	}
}

// notify tells the status listener that something it shows changed.
func (c *Console) notify(ctx context.Context) {
	c.loop.mu.Lock()
	fn := c.loop.onChange
	c.loop.mu.Unlock()
	if fn != nil {
		fn(c.Status(ctx))
	}
}

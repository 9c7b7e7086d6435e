package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"sportello/assets/i18n"
	"sportello/client"
	"sportello/model"
)

// ErrEmptyNote is returned for a note with no text or a text too long.
var ErrEmptyNote = errors.New("note empty or too long")

// RecordSlotEvent records what happened to a slot (check-in, start,
// complete with outcome and note, no-show, cancel): at once in the mirror,
// and queued for central with its own idempotency key. It works offline;
// the sync loop sends it when it can, once its undo window is over (see
// Undo).
func (c *Console) RecordSlotEvent(ctx context.Context, slotID string, ev model.SlotEvent, outcome model.Outcome, note string) (model.Slot, error) {
	s, err := c.store.EnqueueSlotEventHeld(ctx, client.NewIdempotencyKey(), model.SlotEventAction{SlotID: slotID, Event: ev,
		At: c.now(), Outcome: outcome, Note: strings.TrimSpace(note)}, c.holdUntil())
	if err != nil {
		return s, err
	}
	c.queued()
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
	if err := c.store.EnqueueNote(ctx, client.NewIdempotencyKey(), model.NoteAction{CF: cf, Text: text, At: c.now(),
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
	// ended is closed when the sync under way, or the next one, ends
	// (see afterSync).
	ended chan struct{}
}

// afterSync returns a channel closed when the next sync to end has ended:
// the one under way, or the next.
func (c *Console) afterSync() <-chan struct{} {
	c.loop.mu.Lock()
	defer c.loop.mu.Unlock()
	if c.loop.ended == nil {
		c.loop.ended = make(chan struct{})
	}
	return c.loop.ended
}

// synced tells whoever waits in afterSync that a sync ended.
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

// Conflict is an action central refused because the entity changed there,
// as the operator sees it: what they did, and what central has now.
type Conflict struct {
	Seq     int64
	Kind    model.ActionKind
	Action  model.Action // what the operator did
	Central model.Entity // the entity as central has it; nil when central did not say
	At      time.Time    // when the operator acted
	// Title says what the conflict is on (the slot, the scheda…); Mine
	// describes the operator's action and Theirs central's entity, in the
	// operator's language.
	Title, Mine, Theirs string
	Message             string // central's explanation
	// Citizen is the name of the citizen the action concerns, when the
	// mirror has their file.
	Citizen string
	// FoundAt is when central refused the action: its version was
	// already so then.
	FoundAt time.Time
	// CanRetry says whether the action can still succeed on central's
	// version (a no-show on a slot central has as completed cannot).
	CanRetry bool
	// Rebook says the conflict is settled by booking another slot (the
	// slot asked for is taken): the booking screen offers the nearest.
	Rebook bool

	citizenCF string // whose name Citizen is, when the kind knows
}

// Conflicts returns the conflicts waiting for the operator, oldest first.
func (c *Console) Conflicts(ctx context.Context) ([]Conflict, error) {
	raw, err := c.store.Conflicts(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Conflict, 0, len(raw))
	for _, r := range raw {
		k := Conflict{Seq: r.Seq, Kind: r.Kind, At: r.CreatedAt, Central: r.Central, Message: r.Message, FoundAt: r.FoundAt,
			CanRetry: true, Theirs: describeEntity(r.Central)}
		kd, err := kindOf(r.Kind)
		if err != nil {
			return nil, fmt.Errorf("conflict %d: %w", r.Seq, err)
		}
		if err := kd.conflict(ctx, c, r.Payload, &k); err != nil {
			return nil, fmt.Errorf("conflict %d: %w", r.Seq, err)
		}
		if k.citizenCF != "" && k.Citizen == "" {
			if cit, err := c.store.Citizen(ctx, k.citizenCF); err == nil {
				k.Citizen = cit.FullName()
			}
		}
		out = append(out, k)
	}
	return out, nil
}

// describeEntity says how central has an entity, in the operator's
// language.
func describeEntity(e model.Entity) string {
	switch e := e.(type) {
	case model.Slot:
		s := i18n.T("status." + string(e.Status))
		if e.Outcome != "" {
			s += " · " + i18n.T("outcome."+string(e.Outcome))
		}
		return s
	case model.Scheda:
		s := i18n.T("scheda." + string(e.Status))
		if e.HolderName != "" {
			s = i18n.T("inbox.held_by", s, e.HolderName)
		}
		return s
	case model.Ticket:
		s := i18n.T("ticket.status." + string(e.Status))
		if e.Desk != "" {
			s += " · " + e.Desk
		}
		return s
	}
	return i18n.T("conflicts.central_unknown")
}

// operatorID is the signed-in operator's id ("" when unknown).
func (c *Console) operatorID(ctx context.Context) string {
	op, err := c.store.Operator(ctx)
	if err != nil {
		return ""
	}
	return op.ID
}

// ResolveConflict settles a conflict. Accepting central's version (retry
// false) only closes it: the mirror already shows central's state. Retry
// applies the operator's event again on top of central's current state, as
// a new action with a new idempotency key; if that state does not allow it
// (the citizen was already marked absent, say) the error says so and the
// conflict stays open.
func (c *Console) ResolveConflict(ctx context.Context, seq int64, retry bool) error {
	if retry {
		if err := c.retryConflict(ctx, seq); err != nil {
			return err
		}
	}
	if err := c.store.ResolveConflict(ctx, seq); err != nil {
		return err
	}
	c.notify(ctx)
	return nil
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

// retryConflict applies the action of conflict seq again, as its kind
// does.
func (c *Console) retryConflict(ctx context.Context, seq int64) error {
	raw, err := c.store.Conflicts(ctx)
	if err != nil {
		return err
	}
	for _, r := range raw {
		if r.Seq != seq {
			continue
		}
		k, err := kindOf(r.Kind)
		if err != nil {
			return err
		}
		return k.retry(ctx, c, r.Payload)
	}
	return nil
}

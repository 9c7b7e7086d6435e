package cache

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"sportello/model"
)

// The states of an outbox row.
const (
	StatePending  = "pending"  // waits to be sent (or to be sent again)
	StateDone     = "done"     // central applied it
	StateConflict = "conflict" // central refused it: the entity changed there
	StateRejected = "rejected" // central refused it as invalid
)

// Action is one row of the outbox.
type Action struct {
	Seq       int64
	Key       string // the Idempotency-Key, the same on every attempt
	Kind      model.ActionKind
	Payload   []byte // JSON of the model.Action of its kind
	Attempts  int
	State     string
	Error     string
	CreatedAt time.Time
	// HoldUntil is when the undo window of a held action ends: it is not
	// sent before (zero: not held).
	HoldUntil time.Time
	// MaybeSent means an attempt to send it began: central may have it,
	// and it can no longer be taken back.
	MaybeSent bool
	// Undoable means its entity's state before it is kept (see Undo).
	Undoable bool
}

// ErrNoSuchSlot means the action names a slot that is not in the mirror.
var ErrNoSuchSlot = errors.New("cache: slot not in the local mirror")

// enqueue inserts an outbox row in tx for an action on target (the id of
// its entity, or a citizen's blind index), and the action's entry of the
// audit trail, whose id is the action's key.
func (s *Store) enqueue(ctx context.Context, tx *sql.Tx, key, target string, a model.Action, at time.Time) error {
	plain, err := json.Marshal(a)
	if err != nil {
		return fmt.Errorf("encode action: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO outbox(key, kind, target, payload, created_at) VALUES (?, ?, ?, ?, ?)`,
		key, string(a.Kind()), target, s.box.seal(plain, outboxPayload.at(key)), at.Unix()); err != nil {
		return fmt.Errorf("queue action: %w", err)
	}
	e, err := a.Audit(auditLookup{ctx: ctx, tx: tx, s: s})
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	e.ID, e.At = key, at
	return s.audit(ctx, tx, e)
}

// EnqueueSlotEvent applies an event to the mirrored slot at once and queues
// it for central, in one transaction. The transition is checked against the
// slot's local state; the slot's version is advanced as central will
// advance it, so that several events recorded offline reach central in
// order with the right versions. It returns the slot as it now stands.
func (s *Store) EnqueueSlotEvent(ctx context.Context, key string, a model.SlotEventAction) (model.Slot, error) {
	return s.EnqueueSlotEventHeld(ctx, key, a, time.Time{})
}

// EnqueueSlotEventHeld is EnqueueSlotEvent for an action held in the
// outbox until a time (zero: not held), the operator's window to take it
// back (see Undo).
func (s *Store) EnqueueSlotEventHeld(ctx context.Context, key string, a model.SlotEventAction, until time.Time) (model.Slot, error) {
	var out model.Slot
	err := s.write(ctx, "slot event", func(tx *sql.Tx) error {
		b, err := s.slotBefore(ctx, tx, a.SlotID)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNoSuchSlot
		}
		if err != nil {
			return err
		}
		status, version := string(b.Status), b.Version
		next, err := model.Next(model.Status(status), a.Event)
		if err != nil {
			return err
		}
		if a.Event == model.EventComplete && !a.Outcome.Valid() {
			return fmt.Errorf("%w: completing needs an outcome", model.ErrTransition)
		}
		a.Version = version
		if err := s.applySlotEvent(ctx, tx, b, next, a); err != nil {
			return err
		}
		if err := s.enqueue(ctx, tx, key, a.SlotID, a, a.At); err != nil {
			return err
		}
		if err := s.keepBefore(ctx, tx, key, before{Slot: &b}, until); err != nil {
			return err
		}
		out, err = s.slot(ctx, tx, a.SlotID)
		return err
	})
	return out, err
}

// EnqueueNote adds a note to the mirrored file at once (marked pending) and
// queues it for central, in one transaction.
func (s *Store) EnqueueNote(ctx context.Context, key string, a model.NoteAction) error {
	return s.write(ctx, "note", func(tx *sql.Tx) error {
		ref := s.seal.ref(a.CF)
		var data []byte
		err := tx.QueryRowContext(ctx, `SELECT data FROM citizens WHERE ref = ?`, ref).Scan(&data)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		// The outbox names the citizen by its own blind index, which
		// survives a rebuild of the mirror under a new key.
		if err := s.enqueue(ctx, tx, key, s.box.ref(a.CF), a, a.At); err != nil {
			return err
		}
		if data == nil {
			return nil // not mirrored: the note is only queued
		}
		c, err := s.decodeCitizen(ref, data)
		if err != nil {
			return err
		}
		c.Notes = append([]model.Note{noteOf(key, a)}, c.Notes...)
		rec, err := json.Marshal(c)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE citizens SET data = ?, touched_at = max(touched_at, ?) WHERE ref = ?`,
			s.seal.seal(rec, citizensData.at(ref)), a.At.Unix(), ref)
		return err
	})
}

func noteOf(key string, a model.NoteAction) model.Note {
	return model.Note{ID: "local-" + key, At: a.At, AuthorID: a.AuthorID, Author: a.Author, Text: a.Text, Pending: true}
}

// pendingNotes returns the notes still in the outbox for a citizen, newest
// first.
func (s *Store) pendingNotes(ctx context.Context, tx *sql.Tx, cf string) ([]model.Note, error) {
	var out []model.Note
	err := pendingFor(ctx, tx, s, cf, "DESC", func(key string, a model.NoteAction) { out = append(out, noteOf(key, a)) })
	return out, err
}

// pendingFor calls each with the actions of kind A still in the outbox for
// a citizen, by their order of queueing (order "" or "DESC").
func pendingFor[A model.Action](ctx context.Context, tx *sql.Tx, s *Store, cf, order string, each func(key string, a A)) error {
	var kind A
	rows, err := tx.QueryContext(ctx, `SELECT key, payload FROM outbox WHERE state = 'pending' AND kind = ? AND target = ?
		ORDER BY seq `+order, kind.Kind(), s.box.ref(cf))
	if err != nil {
		return fmt.Errorf("pending %s actions: %w", kind.Kind(), err)
	}
	defer rows.Close()
	for rows.Next() {
		var key string
		var sealed []byte
		if err := rows.Scan(&key, &sealed); err != nil {
			return err
		}
		plain, err := s.box.open(sealed, outboxPayload.at(key))
		if err != nil {
			return err
		}
		var a A
		if err := json.Unmarshal(plain, &a); err != nil {
			return fmt.Errorf("decode %s action: %w", kind.Kind(), err)
		}
		each(key, a)
	}
	return rows.Err()
}

// Pending returns the actions waiting to be sent, oldest first.
func (s *Store) Pending(ctx context.Context) ([]Action, error) {
	return s.actions(ctx, `WHERE state = 'pending' ORDER BY seq`)
}

// Actions returns every action of the outbox, oldest first, whatever its
// state.
func (s *Store) Actions(ctx context.Context) ([]Action, error) {
	return s.actions(ctx, `ORDER BY seq`)
}

func (s *Store) actions(ctx context.Context, where string, args ...any) ([]Action, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT seq, key, kind, payload, attempts, state, error, created_at, hold_until,
		maybe_sent, before IS NOT NULL FROM outbox `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("cache: outbox: %w", err)
	}
	defer rows.Close()
	var out []Action
	for rows.Next() {
		var a Action
		var sealed []byte
		var created, hold int64
		if err := rows.Scan(&a.Seq, &a.Key, &a.Kind, &sealed, &a.Attempts, &a.State, &a.Error, &created, &hold,
			&a.MaybeSent, &a.Undoable); err != nil {
			return nil, fmt.Errorf("cache: outbox: %w", err)
		}
		if a.Payload, err = s.box.open(sealed, outboxPayload.at(a.Key)); err != nil {
			return nil, err
		}
		a.CreatedAt = time.Unix(created, 0).In(model.Rome)
		if hold > 0 {
			a.HoldUntil = time.UnixMilli(hold).In(model.Rome)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// OutboxCount returns how many actions wait to be sent.
func (s *Store) OutboxCount(ctx context.Context) (int, error) {
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE state = 'pending'`).Scan(&n); err != nil {
		return 0, fmt.Errorf("cache: outbox count: %w", err)
	}
	return n, nil
}

// ConflictCount returns how many conflicts wait for the operator.
func (s *Store) ConflictCount(ctx context.Context) (int, error) {
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM conflicts WHERE resolved = 0`).Scan(&n); err != nil {
		return 0, fmt.Errorf("cache: conflict count: %w", err)
	}
	return n, nil
}

// Unsent counts the operator's work central has not got: actions waiting
// to be sent, conflicts waiting for a decision, audit entries waiting to
// be sent, answers being written.
type Unsent struct{ Actions, Conflicts, Audit, Drafts int }

// Total is all of it.
func (u Unsent) Total() int { return u.Actions + u.Conflicts + u.Audit + u.Drafts }

// Unsent counts the work central has not got.
func (s *Store) Unsent(ctx context.Context) (Unsent, error) {
	var u Unsent
	err := s.r.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM outbox WHERE state = 'pending'),
		(SELECT count(*) FROM conflicts WHERE resolved = 0), (SELECT count(*) FROM audit_queue WHERE sent_at IS NULL),
		(SELECT count(*) FROM drafts)`).Scan(&u.Actions, &u.Conflicts, &u.Audit, &u.Drafts)
	if err != nil {
		return u, fmt.Errorf("cache: unsent work: %w", err)
	}
	return u, nil
}

// finish closes an outbox row in tx.
func finish(ctx context.Context, tx *sql.Tx, seq int64, state, msg string, at time.Time) error {
	res, err := tx.ExecContext(ctx, `UPDATE outbox SET state = ?, error = ?, done_at = ?, attempts = attempts + 1
		WHERE seq = ? AND state = 'pending'`, state, msg, at.Unix(), seq)
	if err != nil {
		return fmt.Errorf("close action %d: %w", seq, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("close action %d: not pending", seq)
	}
	return nil
}

// putEntity stores an entity as central has it in tx (forcing, after a
// conflict).
func (s *Store) putEntity(ctx context.Context, tx *sql.Tx, e model.Entity, force bool) error {
	switch e := e.(type) {
	case model.Slot:
		return s.putSlot(ctx, tx, e, force)
	case model.Scheda:
		return s.putScheda(ctx, tx, e, force)
	case model.Ticket:
		return s.putTicket(ctx, tx, e, force)
	case nil:
		return nil
	}
	return fmt.Errorf("cache: unknown entity %T", e)
}

// ActionDone records that central applied the action, and stores the
// entity it answered as central now has it (nil: none). A booking's is
// the slot it got: kept with the booking, and in the mirror only if the
// mirror holds that slot (another office's is not the operator's agenda).
func (s *Store) ActionDone(ctx context.Context, seq int64, central model.Entity, at time.Time) error {
	return s.write(ctx, "action done", func(tx *sql.Tx) error {
		if err := finish(ctx, tx, seq, StateDone, "", at); err != nil {
			return err
		}
		booking, err := s.settleBooking(ctx, tx, seq, StateDone, central, "")
		if err != nil || booking {
			return err
		}
		return s.putEntity(ctx, tx, central, false)
	})
}

// ActionConflict records that central refused the action because the
// entity changed there; central's version of it, if known, replaces the
// local state. The conflict stays until resolved.
func (s *Store) ActionConflict(ctx context.Context, seq int64, central model.Entity, message string, at time.Time) error {
	return s.write(ctx, "action conflict", func(tx *sql.Tx) error {
		if err := finish(ctx, tx, seq, StateConflict, message, at); err != nil {
			return err
		}
		booking, err := s.settleBooking(ctx, tx, seq, StateConflict, central, message)
		if err != nil {
			return err
		}
		var sealed []byte
		if central != nil {
			plain, err := marshalEntity(central)
			if err != nil {
				return err
			}
			sealed = s.box.seal(plain, conflictsServer.at(seqRow(seq)))
			if !booking {
				if err := s.putEntity(ctx, tx, central, true); err != nil {
					return err
				}
			}
		}
		if _, err = tx.ExecContext(ctx, `INSERT INTO conflicts(seq, server, message, created_at) VALUES (?, ?, ?, ?)`,
			seq, sealed, message, at.Unix()); err != nil {
			return err
		}
		return s.takeBackRefusedMark(ctx, tx, seq)
	})
}

// ActionRejected records that central refused the action as invalid: it
// will not be sent again, and stays visible to the operator.
func (s *Store) ActionRejected(ctx context.Context, seq int64, message string, at time.Time) error {
	return s.write(ctx, "action rejected", func(tx *sql.Tx) error {
		if err := finish(ctx, tx, seq, StateRejected, message, at); err != nil {
			return err
		}
		if _, err := s.settleBooking(ctx, tx, seq, StateRejected, nil, message); err != nil {
			return err
		}
		return s.takeBackRefusedMark(ctx, tx, seq)
	})
}

// ActionFailed records a failed attempt; the action stays pending.
// maybeSent says whether central may have it (any attempt, this one or an
// earlier, whose request may have reached it): unless it is false (no
// attempt ever opened a connection) the action can no longer be taken
// back (see Claim).
func (s *Store) ActionFailed(ctx context.Context, seq int64, message string, maybeSent bool) error {
	return s.write(ctx, "action failed", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE outbox SET attempts = attempts + 1, error = ?, maybe_sent = ?
			WHERE seq = ? AND state = 'pending'`, message, maybeSent, seq)
		return err
	})
}

// Conflict is an action central refused because the entity changed there:
// the operator's action, and the entity as central has it.
type Conflict struct {
	Action
	Central model.Entity // nil when central did not say
	Message string
	FoundAt time.Time // when central refused the action
}

// Conflicts returns the unresolved conflicts, oldest first.
func (s *Store) Conflicts(ctx context.Context) ([]Conflict, error) {
	acts, err := s.actions(ctx, `WHERE state = 'conflict' AND seq IN (SELECT seq FROM conflicts WHERE resolved = 0) ORDER BY seq`)
	if err != nil {
		return nil, err
	}
	out := make([]Conflict, 0, len(acts))
	for _, a := range acts {
		c := Conflict{Action: a}
		var sealed []byte
		var found int64
		if err := s.r.QueryRowContext(ctx, `SELECT server, message, created_at FROM conflicts WHERE seq = ?`, a.Seq).Scan(&sealed, &c.Message, &found); err != nil {
			return nil, fmt.Errorf("cache: conflict %d: %w", a.Seq, err)
		}
		c.FoundAt = time.Unix(found, 0)
		if sealed != nil {
			plain, err := s.box.open(sealed, conflictsServer.at(seqRow(a.Seq)))
			if err != nil {
				return nil, err
			}
			if c.Central, err = unmarshalEntity(plain, a.Kind); err != nil {
				return nil, fmt.Errorf("cache: conflict %d: %w", a.Seq, err)
			}
		}
		out = append(out, c)
	}
	return out, nil
}

// ResolveConflict marks a conflict as seen and settled by the operator.
func (s *Store) ResolveConflict(ctx context.Context, seq int64) error {
	return s.write(ctx, "resolve conflict", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE conflicts SET resolved = 1 WHERE seq = ?`, seq)
		return err
	})
}

// slot reads one mirrored slot in tx.
func (s *Store) slot(ctx context.Context, tx *sql.Tx, id string) (model.Slot, error) {
	sl, err := s.scanSlot(tx.QueryRowContext(ctx, `SELECT `+slotColumns+` FROM slots s WHERE s.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return sl, ErrNoSuchSlot
	}
	return sl, err
}

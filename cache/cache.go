// Package cache is the local mirror: a SQLite file (WAL, one writer
// connection) with numbered migrations, holding the operator's agenda and
// the callers' files, personal fields sealed with a key from the keyring.
// Screens read only from here.
package cache

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	_ "modernc.org/sqlite" // database/sql driver "sqlite"

	"sportello/model"
)

// ErrNotCached means the requested entity is not in the mirror.
var ErrNotCached = errors.New("cache: not in the local mirror")

// Store is the local mirror. It is safe for concurrent use.
type Store struct {
	w        *sql.DB // the one writer connection
	r        *sql.DB // readers
	seal     *sealer // the mirror: what central has, disposable
	box      *sealer // the outbox and its conflicts: the operator's work, never disposable
	index    *searchIndex
	rebuilt  bool
	recovery Recovery
	inserts  slotInserts // prepared once, used by every page of the changes feed
}

// Keys seal the mirror. They are kept apart so that the mirror can be
// dropped and rebuilt from central, when its key is lost or replaced,
// without touching the operator's work waiting in the outbox.
type Keys struct {
	Mirror []byte // names, contacts, files, slots' personal fields
	Outbox []byte // queued actions and the central versions of conflicts
}

// NewKeys returns fresh random keys.
func NewKeys() Keys { return Keys{Mirror: NewKey(), Outbox: NewKey()} }

// dayLayout is how a day is keyed in the mirror.
const dayLayout = "2006-01-02"

// Snapshot is what one pull of a range of days brings: the agenda of the
// days and the files of the citizens booked in them.
type Snapshot struct {
	Operator model.Operator
	From, To time.Time // days, inclusive
	Slots    []model.Slot
	Citizens []CitizenFile
	SyncedAt time.Time
}

// CitizenFile is a caller's file with the entity tag central gave it.
type CitizenFile struct {
	Citizen model.Citizen
	ETag    string
}

// ApplySnapshot replaces the mirrored agenda of the snapshot's days and
// stores its citizens' files, in one transaction. Slots with actions still
// waiting in the outbox keep their local state.
func (s *Store) ApplySnapshot(ctx context.Context, snap Snapshot) error {
	op, err := jsonString(snap.Operator)
	if err != nil {
		return err
	}
	var cards []indexEntry
	err = s.write(ctx, "snapshot", func(tx *sql.Tx) error {
		from, to := model.Day(snap.From).Format(dayLayout), model.Day(snap.To).Format(dayLayout)
		if _, err := tx.ExecContext(ctx, `DELETE FROM slots WHERE day BETWEEN ? AND ? AND id NOT IN `+pendingSlots, from, to); err != nil {
			return fmt.Errorf("clear agenda: %w", err)
		}
		w, err := s.slotWriter(ctx, tx)
		if err != nil {
			return err
		}
		defer w.close()
		for _, sl := range snap.Slots {
			if err := w.put(sl, false); err != nil {
				return err
			}
		}
		if cards, err = s.putCitizens(ctx, tx, snap.Citizens, snap.SyncedAt); err != nil {
			return err
		}
		return setMeta(ctx, tx, map[string]string{"operator": op, "last_sync": strconv.FormatInt(snap.SyncedAt.Unix(), 10)})
	})
	if err != nil {
		return err
	}
	return s.index.put(ctx, cards)
}

func jsonString(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("cache: encode: %w", err)
	}
	return string(b), nil
}

// write runs fn in one write transaction.
func (s *Store) write(ctx context.Context, what string, fn func(*sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("cache: %s: begin: %w", what, err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return fmt.Errorf("cache: %s: %w", what, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("cache: %s: commit: %w", what, err)
	}
	return nil
}

func setMeta(ctx context.Context, tx *sql.Tx, kv map[string]string) error {
	for k, v := range kv {
		if _, err := tx.ExecContext(ctx, `INSERT INTO meta(key, value) VALUES (?, ?)
			ON CONFLICT(key) DO UPDATE SET value=excluded.value`, k, v); err != nil {
			return fmt.Errorf("store %s: %w", k, err)
		}
	}
	return nil
}

// pendingSlotIDs selects the ids of the slots with actions waiting in the
// outbox (events and bookings); pendingSlots is it as a subquery.
const (
	pendingSlotIDs = `SELECT target FROM outbox WHERE state = 'pending' AND kind IN ('` + string(model.KindSlotEvent) + `', '` + string(model.KindBooking) + `')`
	pendingSlots   = `(` + pendingSlotIDs + `)`
)

// putSlot stores one slot as central has it (see slotWriter.put).
func (s *Store) putSlot(ctx context.Context, tx *sql.Tx, sl model.Slot, force bool) error {
	w, err := s.slotWriter(ctx, tx)
	if err != nil {
		return err
	}
	defer w.close()
	return w.put(sl, force)
}

// slotWriter stores many slots in one transaction with one prepared
// statement, knowing which slots have actions pending.
type slotWriter struct {
	ctx     context.Context
	s       *Store
	stmt    *sql.Stmt
	pending map[string]bool
}

func (s *Store) slotWriter(ctx context.Context, tx *sql.Tx) (*slotWriter, error) {
	pending, err := pendingSlotSet(ctx, tx)
	if err != nil {
		return nil, err
	}
	w := &slotWriter{ctx: ctx, s: s, pending: pending}
	w.stmt, err = tx.PrepareContext(ctx, `INSERT INTO slots(`+storedSlotColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`+slotUpsert+` OR ?`)
	if err != nil {
		return nil, fmt.Errorf("store slots: %w", err)
	}
	return w, nil
}

func (w *slotWriter) close() { w.stmt.Close() }

// put stores a slot as central has it. Unless force, a slot with pending
// actions keeps its local state and an older version never replaces a
// newer one.
func (w *slotWriter) put(sl model.Slot, force bool) error {
	if !force && w.pending[sl.ID] {
		return nil
	}
	seal := w.s.seal
	_, err := w.stmt.ExecContext(w.ctx, sl.ID, model.Day(sl.Start).Format(dayLayout), sl.Start.Unix(), sl.End.Unix(), sl.Office,
		sl.Desk, string(sl.Channel), sl.Service, int(sl.Level), string(sl.Status), seal.ref(sl.CitizenCF), seal.sealString(sl.CitizenCF, slotsCF.at(sl.ID)),
		seal.sealString(sl.MeetingURL, slotsMeetingURL.at(sl.ID)), seal.sealString(sl.Phone, slotsPhone.at(sl.ID)), string(sl.Outcome),
		seal.sealString(sl.Note, slotsNote.at(sl.ID)), sl.Version,
		unixOrZero(sl.ServedFrom), unixOrZero(sl.ServedTo), seal.sealString(visitOf(sl).plain(), slotsVisit.at(sl.ID)), force)
	if err != nil {
		return fmt.Errorf("store slot %s: %w", sl.ID, err)
	}
	return nil
}

// putCitizens stores callers' files, sealed, keeping on top of each the
// notes still waiting in the outbox. It returns their cards, for the
// search index once the transaction is committed.
func (s *Store) putCitizens(ctx context.Context, tx *sql.Tx, files []CitizenFile, at time.Time) ([]indexEntry, error) {
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO citizens(ref, data, name, card, fetched_at, etag, stale) VALUES (?, ?, ?, ?, ?, ?, 0)
		ON CONFLICT(ref) DO UPDATE SET data=excluded.data, name=excluded.name, card=excluded.card,
		fetched_at=excluded.fetched_at, etag=excluded.etag, stale=0`)
	if err != nil {
		return nil, fmt.Errorf("store citizen: %w", err)
	}
	defer stmt.Close()
	cards := make([]indexEntry, 0, len(files))
	for _, f := range files {
		c := f.Citizen
		pending, err := s.pendingNotes(ctx, tx, c.CF)
		if err != nil {
			return nil, err
		}
		c.Notes = append(pending, c.Notes...)
		if err := s.keepPendingMarks(ctx, tx, &c); err != nil {
			return nil, err
		}
		rec, err := json.Marshal(c)
		if err != nil {
			return nil, fmt.Errorf("encode citizen: %w", err)
		}
		card, err := json.Marshal(c.Card())
		if err != nil {
			return nil, fmt.Errorf("encode citizen: %w", err)
		}
		ref := s.seal.ref(c.CF)
		if _, err := stmt.ExecContext(ctx, ref, s.seal.seal(rec, citizensData.at(ref)), s.seal.sealString(c.FullName(), citizensName.at(ref)),
			s.seal.seal(card, citizensCard.at(ref)),
			at.Unix(), f.ETag); err != nil {
			return nil, fmt.Errorf("store citizen: %w", err)
		}
		cards = append(cards, indexEntry{ref: ref, card: c.Card()})
	}
	return cards, nil
}

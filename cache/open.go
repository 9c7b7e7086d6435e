package cache

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
)

// keyCheck is sealed into meta to tell the right key from a wrong one.
const keyCheck = "sportello-cache-key-check"

// The meta entries that hold the sealed key checks.
const (
	mirrorKeyCheck = "key_check"
	outboxKeyCheck = "outbox_key_check"
)

func dsn(file string, readOnly bool) string {
	q := url.Values{}
	// busy_timeout first, so the other pragmas wait for locks too.
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Add("_txlock", "immediate")
	}
	return "file:" + file + "?" + q.Encode()
}

// Open opens (creating and migrating if needed) the mirror at file and
// the queue of the operator's work beside it (QueueFile), sealed with
// keys. If the mirror was sealed with another mirror key (the key was lost
// or replaced), its data is dropped, the queue kept, and Rebuilt reports
// it: the next sync fills it again from central. A queue sealed with
// another outbox key cannot be read: Open then gives ErrWrongKey and
// leaves the files as they are. A damaged mirror (PRAGMA quick_check) is
// set aside and started anew; a damaged queue is set aside and what can be
// read of it copied into a new one: Recovery says so.
func Open(file string, keys Keys) (*Store, error) { return open(file, keys, true) }

// OpenShared is Open for a process that shares the files with another one
// which has them open (a command beside the console): it never sets a
// damaged file aside under the other's feet, and gives an error wrapping
// ErrCorrupt instead; the process that owns the files mends them at its
// next start.
func OpenShared(file string, keys Keys) (*Store, error) { return open(file, keys, false) }

// open is Open, setting damaged files aside only if repair.
func open(file string, keys Keys, repair bool) (*Store, error) {
	seal, err := newSealer(keys.Mirror)
	if err != nil {
		return nil, err
	}
	box, err := newSealer(keys.Outbox)
	if err != nil {
		return nil, err
	}
	var rec Recovery
	if err := openMirrorFile(file, seal, box, repair, &rec); err != nil {
		return nil, err
	}
	queue := QueueFile(file)
	if err := openQueueFile(queue, box, repair, &rec); err != nil {
		return nil, err
	}
	w, err := openStore(queue, file, false)
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	if err := moveQueue(w); err != nil {
		w.Close()
		return nil, err
	}
	st := &Store{w: w, seal: seal, box: box, recovery: rec, rebuilt: rec.MirrorAside != ""}
	err = st.checkKey("queue_meta", outboxKeyCheck, box)
	if err == nil {
		err = st.checkKey("meta", mirrorKeyCheck, seal)
		if errors.Is(err, ErrWrongKey) {
			err = st.dropMirror()
		}
	}
	if err == nil {
		err = st.upgradeAnswerIndex(context.Background())
	}
	if err != nil {
		w.Close()
		return nil, err
	}
	if st.index, err = newSearchIndex(); err != nil {
		w.Close()
		return nil, err
	}
	if st.r, err = openStore(queue, file, true); err != nil {
		st.index.db.Close()
		w.Close()
		return nil, err
	}
	// A few readers, kept open: each connection holds page caches of its
	// own (outside Go's heap), and a pool that opens and closes them as
	// keystrokes come leaves that memory scattered.
	st.r.SetMaxOpenConns(readers)
	st.r.SetMaxIdleConns(readers)
	// Through a reader: the one writer stays free while the index builds.
	go st.buildIndex(context.Background())
	return st, nil
}

// readers bounds the mirror's reading connections: no query holds one
// while it waits for another.
const readers = 8

// Recovery says what Open found damaged and did about it.
func (s *Store) Recovery() Recovery { return s.recovery }

// Close closes the mirror.
func (s *Store) Close() error {
	<-s.index.ready // the build reads the mirror
	return errors.Join(s.r.Close(), s.index.db.Close(), s.w.Close())
}

// Remove deletes the mirror file, the queue beside it and their WAL side
// files.
func Remove(file string) error {
	var errs []error
	for _, f := range Files(file) {
		if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, fmt.Errorf("cache: remove %s: %w", f, err))
		}
	}
	return errors.Join(errs...)
}

// queryRower is a connection or a transaction, to read one row through.
type queryRower interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// metaValue reads one value of the meta table through db, or ErrNotCached.
func metaValue(ctx context.Context, db queryRower, key string) (string, error) {
	var v string
	err := db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotCached
	}
	if err != nil {
		return "", fmt.Errorf("cache: read %s: %w", key, err)
	}
	return v, nil
}

// checkKey tells whether sealer holds the key whose check is stored under
// name in table (meta, the mirror's, or queue_meta), storing one if there
// is none yet, or ErrWrongKey.
func (s *Store) checkKey(table, name string, sealer *sealer) error {
	ctx := context.Background()
	var sealed string
	err := s.w.QueryRowContext(ctx, `SELECT value FROM `+table+` WHERE key = ?`, name).Scan(&sealed)
	if errors.Is(err, sql.ErrNoRows) {
		_, err = s.w.ExecContext(ctx, `INSERT INTO `+table+`(key, value) VALUES (?, ?)`, name, string(sealer.seal([]byte(keyCheck), keyChecks.at(name))))
		if err != nil {
			return fmt.Errorf("cache: store key check: %w", err)
		}
		return nil
	}
	if err != nil {
		return err
	}
	if plain, err := sealer.open([]byte(sealed), keyChecks.at(name)); err != nil || string(plain) != keyCheck {
		return ErrWrongKey
	}
	return nil
}

// dropMirror empties the mirror sealed with a lost key, keeping the outbox
// and its conflicts, and seals the new key's check, in one transaction.
func (s *Store) dropMirror() error {
	ctx := context.Background()
	err := s.write(ctx, "drop mirror", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM slots; DELETE FROM citizens; DELETE FROM schede; DELETE FROM answer_index; DELETE FROM answer_terms; DELETE FROM tickets;
			DELETE FROM meta WHERE key IN ('cursor', 'last_sync', 'operator');
			UPDATE meta SET value = ?1 WHERE key = ?2`, string(s.seal.seal([]byte(keyCheck), keyChecks.at(mirrorKeyCheck))), mirrorKeyCheck)
		return err
	})
	if err != nil {
		return err
	}
	s.rebuilt = true
	return nil
}

// Rebuilt reports whether Open dropped a mirror sealed with another key;
// the outbox was kept.
func (s *Store) Rebuilt() bool { return s.rebuilt }

// SchemaVersion returns the applied migration number.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.r.QueryRowContext(ctx, `PRAGMA mirror.user_version`).Scan(&v)
	return v, err
}

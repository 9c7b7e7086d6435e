// Package cache is the local mirror: a SQLite file (WAL, one writer
// connection) with numbered migrations, holding the operator's agenda and
// the callers' files, personal fields sealed with a key from the keyring.
// Screens read only from here.
package cache

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"net/url"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "modernc.org/sqlite" // database/sql driver "sqlite"

	"sportello/model"
)

//go:embed migrations/*.sql
var migrations embed.FS

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

// migrate applies the numbered migrations of the mirror above PRAGMA
// user_version, each in its own transaction together with its Go step, if
// it has one (see migrationSteps), and the new version number. The step
// of a migration needs the keys of the cache: mirror and outbox.
func migrate(db *sql.DB, mirror, outbox *sealer) error {
	return migrateUpTo(db, math.MaxInt, mirror, outbox)
}

// migrateUpTo is migrate with the migrations numbered up to last only.
func migrateUpTo(db *sql.DB, last int, mirror, outbox *sealer) error {
	return runMigrations(db, migrations, "migrations/*.sql", last, migrationSteps, mirror, outbox)
}

// runMigrations applies the numbered SQL files of files matching glob,
// up to last, above the database's PRAGMA user_version. The version is
// read again inside each migration's transaction (an immediate one: the
// write lock is taken at its start), so that two processes opening the
// same file never apply one migration twice.
func runMigrations(db *sql.DB, files embed.FS, glob string, last int,
	steps map[int]func(ctx context.Context, tx *sql.Tx, mirror, outbox *sealer) error, mirror, outbox *sealer) error {
	ctx := context.Background()
	names, err := fs.Glob(files, glob)
	if err != nil {
		return fmt.Errorf("cache: list migrations: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		n, err := strconv.Atoi(strings.SplitN(path.Base(name), "_", 2)[0])
		if err != nil {
			return fmt.Errorf("cache: migration %s: bad number", name)
		}
		if n > last {
			break
		}
		body, err := files.ReadFile(name)
		if err != nil {
			return fmt.Errorf("cache: read migration %s: %w", name, err)
		}
		if err := migrateOne(ctx, db, name, n, string(body), steps[n], mirror, outbox); err != nil {
			return err
		}
	}
	return nil
}

// migrateOne applies migration n, unless the file is already there.
func migrateOne(ctx context.Context, db *sql.DB, name string, n int, body string,
	step func(ctx context.Context, tx *sql.Tx, mirror, outbox *sealer) error, mirror, outbox *sealer) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("cache: migration %s: %w", name, err)
	}
	defer tx.Rollback()
	var version int
	if err := tx.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil {
		return fmt.Errorf("cache: read schema version: %w", err)
	}
	if n <= version {
		return nil
	}
	if _, err := tx.ExecContext(ctx, body); err != nil {
		return fmt.Errorf("cache: migration %s: %w", name, err)
	}
	if step != nil {
		if err := step(ctx, tx, mirror, outbox); err != nil {
			return fmt.Errorf("cache: migration %s: %w", name, err)
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, n)); err != nil {
		return fmt.Errorf("cache: migration %s: set version: %w", name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("cache: migration %s: commit: %w", name, err)
	}
	return nil
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
	pendingSlotIDs = `SELECT target FROM outbox WHERE state = 'pending' AND kind IN ('` + KindSlotEvent + `', '` + KindBooking + `')`
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
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`+slotUpsert+` OR ?`)
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
		unixOrZero(sl.ServedFrom), unixOrZero(sl.ServedTo), force)
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

// DayAgenda returns every slot of a day (booked, free and blocked), in
// time order, with the names of the citizens whose files are mirrored.
func (s *Store) DayAgenda(ctx context.Context, day time.Time) ([]model.AgendaEntry, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+slotColumns+`, s.citizen_ref, c.name, s.id IN `+pendingSlots+`
		FROM slots s LEFT JOIN citizens c ON c.ref = s.citizen_ref AND s.citizen_ref != ''
		WHERE s.day = ? ORDER BY s.start, s.id`, model.Day(day).Format(dayLayout))
	if err != nil {
		return nil, fmt.Errorf("cache: day agenda: %w", err)
	}
	defer rows.Close()
	var out []model.AgendaEntry
	for rows.Next() {
		var e model.AgendaEntry
		var ref string
		var name []byte
		if e.Slot, err = s.scanSlot(rows, &ref, &name, &e.Pending); err != nil {
			return nil, fmt.Errorf("cache: day agenda: %w", err)
		}
		if e.CitizenName, err = s.seal.openString(name, citizensName.at(ref)); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("cache: day agenda: %w", err)
	}
	return out, nil
}

// slotColumns are the columns scanSlot reads, of the slots table as s.
const slotColumns = `s.id, s.start, s.end, s.office, s.desk, s.channel, s.service, s.level, s.status,
	s.citizen_cf, s.meeting_url, s.phone, s.outcome, s.note, s.version, s.served_from, s.served_to`

// scanSlot reads a row that starts with slotColumns, and then into extra,
// opening the sealed fields.
func (s *Store) scanSlot(row interface{ Scan(...any) error }, extra ...any) (model.Slot, error) {
	var sl model.Slot
	var start, end, from, to int64
	var channel, status, outcome string
	var level int
	var cf, meeting, phone, note []byte
	dest := append(make([]any, 0, 17+len(extra)), &sl.ID, &start, &end, &sl.Office, &sl.Desk, &channel, &sl.Service,
		&level, &status, &cf, &meeting, &phone, &outcome, &note, &sl.Version, &from, &to)
	if err := row.Scan(append(dest, extra...)...); err != nil {
		return sl, err
	}
	sl.Start, sl.End = time.Unix(start, 0).In(model.Rome), time.Unix(end, 0).In(model.Rome)
	sl.ServedFrom, sl.ServedTo = timeOrZero(from), timeOrZero(to)
	sl.Channel, sl.Status, sl.Level, sl.Outcome = model.Channel(channel), model.Status(status), model.Level(level), model.Outcome(outcome)
	var err error
	for _, f := range [...]struct {
		dst *string
		src []byte
		col column
	}{{&sl.CitizenCF, cf, slotsCF}, {&sl.MeetingURL, meeting, slotsMeetingURL}, {&sl.Phone, phone, slotsPhone}, {&sl.Note, note, slotsNote}} {
		if *f.dst, err = s.seal.openString(f.src, f.col.at(sl.ID)); err != nil {
			return sl, err
		}
	}
	return sl, nil
}

// unixOrZero is t in unix seconds, 0 for the zero time.
func unixOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

// timeOrZero is the time of unix seconds, the zero time for 0.
func timeOrZero(unix int64) time.Time {
	if unix == 0 {
		return time.Time{}
	}
	return time.Unix(unix, 0).In(model.Rome)
}

// decodeCitizen opens the sealed file of the citizen whose blind index is
// ref.
func (s *Store) decodeCitizen(ref string, sealed []byte) (model.Citizen, error) {
	plain, err := s.seal.open(sealed, citizensData.at(ref))
	if err != nil {
		return model.Citizen{}, err
	}
	var c model.Citizen
	if err := json.Unmarshal(plain, &c); err != nil {
		return model.Citizen{}, fmt.Errorf("cache: decode citizen: %w", err)
	}
	return c, nil
}

// Citizen returns the mirrored file of a codice fiscale, or ErrNotCached.
func (s *Store) Citizen(ctx context.Context, cf string) (model.Citizen, error) {
	var data []byte
	ref := s.seal.ref(cf)
	err := s.r.QueryRowContext(ctx, `SELECT data FROM citizens WHERE ref = ?`, ref).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return model.Citizen{}, ErrNotCached
	}
	if err != nil {
		return model.Citizen{}, fmt.Errorf("cache: citizen: %w", err)
	}
	return s.decodeCitizen(ref, data)
}

// Operator returns the operator of the last pull, or ErrNotCached.
func (s *Store) Operator(ctx context.Context) (model.Operator, error) {
	return operatorIn(ctx, s.r)
}

// operatorIn reads the mirrored operator through db, or ErrNotCached.
func operatorIn(ctx context.Context, db queryRower) (model.Operator, error) {
	v, err := metaValue(ctx, db, "operator")
	if err != nil {
		return model.Operator{}, err
	}
	var op model.Operator
	if err := json.Unmarshal([]byte(v), &op); err != nil {
		return model.Operator{}, fmt.Errorf("cache: decode operator: %w", err)
	}
	return op, nil
}

// LastSync returns when the mirror was last refreshed (zero if never).
func (s *Store) LastSync(ctx context.Context) (time.Time, error) {
	v, err := metaValue(ctx, s.r, "last_sync")
	if errors.Is(err, ErrNotCached) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, err
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("cache: last sync: %w", err)
	}
	return time.Unix(n, 0).In(model.Rome), nil
}

// IntegrityCheck runs SQLite's integrity check and stores its first line
// in result ("ok" when the file is sound).
func (s *Store) IntegrityCheck(ctx context.Context, result *string) error {
	return s.r.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(result)
}

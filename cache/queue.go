package cache

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"modernc.org/sqlite"
)

// The operator's work waiting for central (the outbox and its conflicts,
// the audit records, the drafts, the bookings) lives in a file of its own
// beside the mirror, the queue, written with synchronous=FULL: a damaged
// mirror is set aside and rebuilt from central without taking the work
// along, and a power cut after "saved" keeps it. The Store's connections
// open the queue as main and attach the mirror as "mirror": table names
// are unique across the two, so queries need not say which file, one
// transaction spans both, and SQLite commits main first (in WAL mode each
// file commits on its own): a crash between the two commits leaves a
// queued action whose optimistic change the mirror lacks, which the next
// pull mends, never a change on screen with no action behind it.

//go:embed queue/*.sql
var queueMigrations embed.FS

// queueTables are the queue's tables that the mirror held before, in the
// order their rows move (a conflict refers to its outbox row).
var queueTables = []string{"outbox", "conflicts", "audit_queue", "drafts", "bookings"}

// QueueFile is the file of the operator's queued work beside the mirror
// file.
func QueueFile(mirror string) string {
	return strings.TrimSuffix(mirror, ".db") + ".queue.db"
}

// Files lists the files of a store: the mirror, the queue and their WAL
// side files.
func Files(mirror string) []string {
	q := QueueFile(mirror)
	return []string{mirror, mirror + "-wal", mirror + "-shm", q, q + "-wal", q + "-shm"}
}

// Recovery says what Open found damaged and did about it.
type Recovery struct {
	// MirrorAside is where a damaged mirror was set aside ("" if none):
	// the mirror was started anew, to be filled again by the next sync.
	MirrorAside string
	// QueueAside is where a damaged queue was set aside ("" if none);
	// Salvaged of its rows were read back into the new one, Waiting of
	// them actions still to send.
	QueueAside string
	Salvaged   int
	Waiting    int
	// Lost is how many queued actions could not be read back; LostUnknown
	// means the damaged queue could not be counted at all.
	Lost        int
	LostUnknown bool
}

// Damaged reports whether Open found a file damaged.
func (r Recovery) Damaged() bool { return r.MirrorAside != "" || r.QueueAside != "" }

// queueDSN is the queue's data source: its own pragmas, synchronous=FULL.
func queueDSN(file string, readOnly bool) string {
	return strings.Replace(dsn(file, readOnly), "synchronous%28NORMAL%29", "synchronous%28FULL%29", 1)
}

// attacher opens the connections of a store: the queue as main, the mirror
// attached as "mirror".
type attacher struct {
	driver.Connector
	mirror string
}

// Connect opens one connection and attaches the mirror to it.
func (a attacher) Connect(ctx context.Context) (driver.Conn, error) {
	c, err := a.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	ex, ok := c.(driver.ExecerContext)
	if !ok {
		c.Close()
		return nil, errors.New("cache: the SQLite driver cannot attach")
	}
	for _, stmt := range []string{`ATTACH DATABASE ? AS mirror`, `PRAGMA mirror.synchronous = NORMAL`} {
		var args []driver.NamedValue
		if strings.HasPrefix(stmt, "ATTACH") {
			args = []driver.NamedValue{{Ordinal: 1, Value: a.mirror}}
		}
		if _, err := ex.ExecContext(ctx, stmt, args); err != nil {
			c.Close()
			return nil, fmt.Errorf("cache: attach the mirror: %w", err)
		}
	}
	return c, nil
}

// openStore opens connections on the queue with the mirror attached.
func openStore(queue, mirror string, readOnly bool) (*sql.DB, error) {
	conn, err := sqlite.NewConnector(queueDSN(queue, readOnly))
	if err != nil {
		return nil, fmt.Errorf("cache: open %s: %w", queue, err)
	}
	return sql.OpenDB(attacher{Connector: conn, mirror: mirror}), nil
}

// checkFile opens a file of the store on a connection of its own and
// checks it (PRAGMA quick_check). A damaged file gives an error wrapping
// ErrCorrupt; a missing one is created.
func checkFile(dsn string) (*sql.DB, error) {
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	var result string
	err = db.QueryRow(`PRAGMA quick_check(1)`).Scan(&result)
	if err == nil && result != "ok" {
		err = fmt.Errorf("%w: %s", ErrCorrupt, result)
	}
	if err != nil {
		db.Close()
		if LocalFault(err) == ErrCorrupt && !errors.Is(err, ErrCorrupt) {
			err = fmt.Errorf("%w: %w", ErrCorrupt, err)
		}
		return nil, err
	}
	return db, nil
}

// setAside renames a damaged file (and its WAL side files) out of the way,
// never deleting it: support may still read something from it.
func setAside(file string) (string, error) {
	aside := fmt.Sprintf("%s.damaged-%s", file, time.Now().Format("20060102-150405.000"))
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Rename(file+suffix, aside+suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return "", fmt.Errorf("cache: set aside %s: %w", file, err)
		}
	}
	return aside, nil
}

// create makes file, if missing, readable by its owner alone, before
// SQLite opens it: SQLite gives its journal files the mode of the
// database, and would otherwise create it as the umask says.
func create(file string) error {
	f, err := os.OpenFile(file, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return fmt.Errorf("cache: create %s: %w", file, err)
	}
	return f.Close()
}

// openChecked opens file (created if missing) on a connection of its
// own, with the pragmas of dsn, once checked: a damaged file is set aside
// (aside tells where) and a new one made in its place, if repair.
func openChecked(file string, dsn func(string, bool) string, repair bool) (db *sql.DB, aside string, err error) {
	if err := create(file); err != nil {
		return nil, "", err
	}
	db, err = checkFile(dsn(file, false))
	if errors.Is(err, ErrCorrupt) && repair {
		if aside, err = setAside(file); err != nil {
			return nil, "", err
		}
		if err := create(file); err != nil {
			return nil, aside, err
		}
		db, err = checkFile(dsn(file, false))
	}
	if err != nil {
		return nil, aside, fmt.Errorf("cache: open %s: %w", file, err)
	}
	return db, aside, nil
}

// openMirrorFile checks and migrates the mirror file, setting a damaged one
// aside (the mirror is disposable: the next sync fills a new one).
func openMirrorFile(file string, seal, box *sealer, repair bool, rec *Recovery) error {
	db, aside, err := openChecked(file, dsn, repair)
	rec.MirrorAside = aside
	if err != nil {
		return err
	}
	defer db.Close()
	return migrate(db, seal, box)
}

// openQueueFile checks and migrates the queue file. A damaged queue is set
// aside and what can be read of it is copied into a new one.
func openQueueFile(file string, box *sealer, repair bool, rec *Recovery) error {
	db, aside, err := openChecked(file, queueDSN, repair)
	rec.QueueAside = aside
	if err != nil {
		return err
	}
	defer db.Close()
	if err := runMigrations(db, queueMigrations, "queue/*.sql", math.MaxInt, nil, nil, nil); err != nil {
		return err
	}
	if aside != "" {
		return salvage(db, box, rec)
	}
	return nil
}

// salvage copies what can be read of the damaged queue set aside into the
// new one, table by table, row by row where a whole table cannot be read,
// and counts the queued actions lost. It reads a copy of the damaged file
// whose header is mended (see mendHeader), and leaves the file set aside
// as it was.
func salvage(db *sql.DB, box *sealer, rec *Recovery) error {
	ctx := context.Background()
	rec.LostUnknown = true // until the damaged file says otherwise
	b, err := os.ReadFile(rec.QueueAside)
	if err != nil || !mendHeader(&b) {
		return nil
	}
	readable := rec.QueueAside + ".salvage"
	if err := os.WriteFile(readable, b, 0o600); err != nil {
		return nil
	}
	defer os.Remove(readable)
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `ATTACH DATABASE ? AS damaged`, readable); err != nil {
		return nil
	}
	defer conn.ExecContext(ctx, `DETACH DATABASE damaged`)
	for _, t := range append([]string{"queue_meta"}, queueTables...) {
		rec.Salvaged += salvageTable(ctx, conn, t)
	}
	if err := dropGarbled(ctx, conn, box); err != nil {
		return err
	}
	rec.Lost, rec.LostUnknown = lostActions(ctx, conn)
	_ = conn.QueryRowContext(ctx, `SELECT count(*) FROM main.outbox WHERE state = 'pending'`).Scan(&rec.Waiting)
	return nil
}

// dropGarbled removes the actions read back from damaged pages whose
// content is not what was written (a state the outbox does not know, a
// payload that does not open where it lies): they are lost, and would
// stop the push.
func dropGarbled(ctx context.Context, conn *sql.Conn, box *sealer) error {
	rows, err := conn.QueryContext(ctx, `SELECT seq, key, state, payload FROM main.outbox`)
	if err != nil {
		return fmt.Errorf("cache: salvage: %w", err)
	}
	var garbled []int64
	for rows.Next() {
		var seq int64
		var key, state string
		var payload []byte
		if err := rows.Scan(&seq, &key, &state, &payload); err != nil {
			rows.Close()
			return fmt.Errorf("cache: salvage: %w", err)
		}
		known := state == "pending" || state == "done" || state == "conflict" || state == "rejected"
		if _, err := box.open(payload, outboxPayload.at(key)); err != nil || !known {
			garbled = append(garbled, seq)
		}
	}
	rows.Close()
	for _, seq := range garbled {
		if _, err := conn.ExecContext(ctx, `DELETE FROM main.conflicts WHERE seq = ?1; DELETE FROM main.outbox WHERE seq = ?1`, seq); err != nil {
			return fmt.Errorf("cache: salvage: %w", err)
		}
	}
	// An audit record whose code does not open would stop the trail's push.
	rows, err = conn.QueryContext(ctx, `SELECT seq, id, cf FROM main.audit_queue`)
	if err != nil {
		return fmt.Errorf("cache: salvage: %w", err)
	}
	garbled = garbled[:0]
	for rows.Next() {
		var seq int64
		var id string
		var cf []byte
		if err := rows.Scan(&seq, &id, &cf); err != nil {
			rows.Close()
			return fmt.Errorf("cache: salvage: %w", err)
		}
		if _, err := box.open(cf, auditCF.at(id)); err != nil {
			garbled = append(garbled, seq)
		}
	}
	rows.Close()
	for _, seq := range garbled {
		if _, err := conn.ExecContext(ctx, `DELETE FROM main.audit_queue WHERE seq = ?`, seq); err != nil {
			return fmt.Errorf("cache: salvage: %w", err)
		}
	}
	return nil
}

// lostActions counts the actions of the damaged outbox that were waiting
// to be sent and were not read back: those its index of waiting actions
// names (the index may have outlived the table's pages), and, since the
// outbox is sent in order, every sequence number after the last action
// read back as sent, up to the last one the outbox ever gave. It cannot
// tell when neither the index nor the sequence can be read.
func lostActions(ctx context.Context, conn *sql.Conn) (int, bool) {
	ints := func(q string) ([]int64, bool) {
		rows, err := conn.QueryContext(ctx, q)
		if err != nil {
			return nil, false
		}
		defer rows.Close()
		var out []int64
		for rows.Next() {
			var v int64
			if rows.Scan(&v) != nil {
				return out, false
			}
			out = append(out, v)
		}
		return out, rows.Err() == nil
	}
	waiting, indexOK := ints(`SELECT seq FROM damaged.outbox INDEXED BY outbox_pending WHERE state = 'pending'`)
	last, seqOK := ints(`SELECT seq FROM damaged.sqlite_sequence WHERE name = 'outbox'`)
	if !indexOK && !seqOK {
		return 0, true
	}
	missing := map[int64]bool{}
	for _, seq := range waiting {
		missing[seq] = true
	}
	if seqOK && len(last) == 1 {
		sent, _ := ints(`SELECT coalesce(max(seq), 0) FROM main.outbox WHERE state IN ('done', 'conflict', 'rejected')`)
		for seq := sent[0] + 1; seq <= last[0]; seq++ {
			missing[seq] = true
		}
	}
	back, _ := ints(`SELECT seq FROM main.outbox`)
	for _, seq := range back {
		delete(missing, seq)
	}
	return len(missing), false
}

// mendHeader makes a damaged SQLite file's header readable, so that what
// is left of its pages can be: a zeroed header is written anew (the page
// size Sportello's files have), and the page count is made the file's own,
// which a truncated file no longer matches. It reports false when nothing
// can be done.
func mendHeader(b *[]byte) bool {
	const page = 4096
	f := *b
	if len(f) < 2*page {
		return false
	}
	f = f[:len(f)/page*page]
	h := f[:100]
	magic := []byte("SQLite format 3\x00")
	if string(h[:16]) != string(magic) {
		clear(h)
		copy(h, magic)
		h[16], h[17] = page>>8, page&0xff // page size
		h[18], h[19] = 1, 1               // rollback journal: no WAL beside the copy
		h[21], h[22], h[23] = 64, 32, 32  // payload fractions
		h[44+3] = 4                       // schema format
		h[56+3] = 1                       // UTF-8
	}
	h[18], h[19] = 1, 1
	n := uint32(len(f) / page)
	h[28], h[29], h[30], h[31] = byte(n>>24), byte(n>>16), byte(n>>8), byte(n)
	copy(h[92:96], h[24:28]) // the page count is valid for this change counter
	*b = f
	return true
}

// salvageTable copies the readable rows of table t of the damaged queue
// and returns how many it saved.
func salvageTable(ctx context.Context, conn *sql.Conn, t string) int {
	cols, err := columns(ctx, conn, t, "damaged")
	if err != nil {
		return 0
	}
	copyRows := func(where string, args ...any) int {
		res, err := conn.ExecContext(ctx, fmt.Sprintf(`INSERT OR IGNORE INTO main.%s(%s) SELECT %s FROM damaged.%s %s`,
			t, cols, cols, t, where), args...)
		if err != nil {
			return 0
		}
		n, _ := res.RowsAffected()
		return int(n)
	}
	if n := copyRows(""); n > 0 {
		return n
	}
	// A damaged page: read the row ids that can be reached, from either
	// end of the table, and copy the rows one by one.
	ids := map[int64]bool{}
	for _, order := range []string{"ASC", "DESC"} {
		rows, err := conn.QueryContext(ctx, fmt.Sprintf(`SELECT rowid FROM damaged.%s ORDER BY rowid %s`, t, order))
		if err != nil {
			continue
		}
		for rows.Next() {
			var id int64
			if rows.Scan(&id) != nil {
				break
			}
			ids[id] = true
		}
		rows.Close()
	}
	saved := 0
	for id := range ids {
		saved += copyRows(`WHERE rowid = ?`, id)
	}
	return saved
}

// columns lists the columns of the queue's table t that the same table of
// schema from also has, for a copy from there: a file made before a
// column was added leaves it to its default.
func columns(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, t, from string) (string, error) {
	rows, err := q.QueryContext(ctx, `SELECT name FROM pragma_table_info(?1, 'main')
		WHERE name IN (SELECT name FROM pragma_table_info(?1, ?2)) ORDER BY cid`, t, from)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return "", err
		}
		names = append(names, strconv.Quote(n))
	}
	if len(names) == 0 {
		return "", fmt.Errorf("cache: no table %s", t)
	}
	return strings.Join(names, ", "), rows.Err()
}

// moveQueue moves the operator's work that a mirror made before the
// queue's file still holds (its tables and the outbox key's check) into
// the queue, and drops those tables from the mirror: in one transaction on
// the store's writer, and again harmlessly if a crash cut it short.
func moveQueue(w *sql.DB) error {
	ctx := context.Background()
	conn, err := w.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	var legacy int
	if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM mirror.sqlite_master WHERE type = 'table' AND name = 'outbox'`).Scan(&legacy); err != nil {
		return fmt.Errorf("cache: read the mirror's tables: %w", err)
	}
	if legacy == 0 {
		return nil
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("cache: move the queue: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO main.queue_meta(key, value)
		SELECT key, value FROM mirror.meta WHERE key = ?1; DELETE FROM mirror.meta WHERE key = ?1`, outboxKeyCheck); err != nil {
		return fmt.Errorf("cache: move the outbox key's check: %w", err)
	}
	for _, t := range queueTables {
		cols, err := columns(ctx, tx, t, "mirror")
		if err != nil {
			return fmt.Errorf("cache: move %s: %w", t, err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(`INSERT OR IGNORE INTO main.%s(%s) SELECT %s FROM mirror.%s`, t, cols, cols, t)); err != nil {
			return fmt.Errorf("cache: move %s: %w", t, err)
		}
	}
	for i := len(queueTables) - 1; i >= 0; i-- {
		if _, err := tx.ExecContext(ctx, `DROP TABLE mirror.`+queueTables[i]); err != nil {
			return fmt.Errorf("cache: move %s: %w", queueTables[i], err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("cache: move the queue: commit: %w", err)
	}
	return nil
}

package cache

import (
	"bytes"
	"context"
	"crypto/cipher"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"sportello/model"
)

var verdi = model.Citizen{CF: model.BuildCF("Verdi", "Giulia", "F", time.Date(1972, 5, 3, 0, 0, 0, 0, model.Rome), "H703"),
	GivenName: "Giulia", FamilyName: "Verdi", Sex: "F", BirthDate: time.Date(1972, 5, 3, 0, 0, 0, 0, model.Rome), BirthPlace: "Salerno"}

// rawDB opens the cache file as someone with write access to it would,
// beside (or without) the store.
func rawDB(t *testing.T, file string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", dsn(file, false))
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

// rawStore opens the two files of a store, the queue and the mirror, as
// someone with write access to both would.
func rawStore(t *testing.T, file string) *sql.DB {
	t.Helper()
	db, err := openStore(QueueFile(file), file, false)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

// unsplit puts the queue back into the mirror file, as a cache of version
// 8 or before held it, and removes the queue's file: the tables made by
// the same migrations, their rows, the outbox key's check.
func unsplit(t *testing.T, file string) {
	t.Helper()
	v7 := rawDB(t, filepath.Join(t.TempDir(), "v7.db"))
	if err := migrateUpTo(v7, 7, nil, nil); err != nil {
		t.Fatal(err)
	}
	var ddl []string
	rows, err := v7.Query(`SELECT sql FROM sqlite_schema WHERE tbl_name IN ('outbox', 'conflicts', 'audit_queue', 'drafts', 'bookings')
		AND sql IS NOT NULL ORDER BY type DESC, rowid`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var q string
		if err := rows.Scan(&q); err != nil {
			t.Fatal(err)
		}
		ddl = append(ddl, q)
	}
	rows.Close()
	db := rawStore(t, file)
	for _, q := range ddl {
		q = strings.Replace(q, "CREATE TABLE ", "CREATE TABLE mirror.", 1)
		q = strings.Replace(q, "CREATE INDEX ", "CREATE INDEX mirror.", 1)
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	for _, tb := range queueTables {
		// The old shape has fewer columns than the queue now has.
		cols, err := columns(context.Background(), db, tb, "mirror")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(fmt.Sprintf(`INSERT INTO mirror.%s(%s) SELECT %[2]s FROM main.%[1]s`, tb, cols)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec(`INSERT INTO mirror.meta(key, value) SELECT key, value FROM main.queue_meta WHERE key = ?`, outboxKeyCheck); err != nil {
		t.Fatal(err)
	}
	db.Close()
	for _, f := range Files(file)[3:] {
		if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
	}
}

func TestSealedValueMovedToAnotherRowDoesNotOpen(t *testing.T) {
	ctx := context.Background()
	mirrorRef := func(keys Keys, cf string) string {
		sl, err := newSealer(keys.Mirror)
		if err != nil {
			t.Fatal(err)
		}
		return sl.ref(cf)
	}
	agenda := func(s *Store) (string, error) {
		e, err := s.DayAgenda(ctx, day)
		return fmt.Sprint(e), err
	}
	cases := []struct {
		name   string
		tamper string // ?1 is rossi's ref, ?2 verdi's
		read   func(*Store) (string, error)
	}{
		{"a citizen's file to another citizen", `UPDATE citizens SET data = (SELECT data FROM citizens WHERE ref = ?1) WHERE ref = ?2`,
			func(s *Store) (string, error) {
				c, err := s.Citizen(ctx, verdi.CF)
				return fmt.Sprint(c), err
			}},
		{"a slot's phone to another slot", `UPDATE slots SET phone = (SELECT phone FROM slots WHERE id = 'a') WHERE id = 'c'`, agenda},
		{"a slot's note to another slot", `UPDATE slots SET note = (SELECT note FROM slots WHERE id = 'a') WHERE id = 'b'`, agenda},
		{"a slot's phone to its note", `UPDATE slots SET note = phone WHERE id = 'a'`, agenda},
		{"a citizen's name to a slot", `UPDATE slots SET note = (SELECT name FROM citizens WHERE ref = ?1) WHERE id = 'b'`, agenda},
		{"a queued action to another", `UPDATE outbox SET payload = (SELECT payload FROM outbox WHERE key = 'n1') WHERE key = 'n2'`,
			func(s *Store) (string, error) {
				a, err := s.Pending(ctx)
				return fmt.Sprintf("%+v", a), err
			}},
		{"an audit record's code to another", `UPDATE audit_queue SET cf = (SELECT cf FROM audit_queue WHERE id = 'o1') WHERE id = 'o2'`,
			func(s *Store) (string, error) {
				a, err := s.PendingAudit(ctx, 10)
				return fmt.Sprintf("%+v", a), err
			}},
		{"a draft to another scheda", `UPDATE drafts SET text = (SELECT text FROM drafts WHERE scheda_id = 'k1') WHERE scheda_id = 'k2'`,
			func(s *Store) (string, error) { text, _, err := s.Draft(ctx, "k2"); return text, err }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			keys := NewKeys()
			s, file := openTemp(t, keys)
			snap := snapshot()
			snap.Slots[1].Note = "Ha portato la CU del coniuge"
			snap.Citizens = append(snap.Citizens, CitizenFile{Citizen: verdi})
			if err := s.ApplySnapshot(ctx, snap); err != nil {
				t.Fatal(err)
			}
			for i, cf := range []string{rossi.CF, verdi.CF} {
				n := fmt.Sprint(i + 1)
				if err := s.EnqueueNote(ctx, "n"+n, NoteAction{CF: cf, Text: "Richiamare " + n, At: at(9, i)}); err != nil {
					t.Fatal(err)
				}
				if err := s.RecordOpening(ctx, AuditEntry{ID: "o" + n, Action: "open_file", CF: cf, Reason: model.AccessFile, At: at(9, i)}); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.SaveDraft(ctx, "k1", "Gentile utente, la pratica", at(9, 5)); err != nil {
				t.Fatal(err)
			}
			if err := s.SaveDraft(ctx, "k2", "Egregio signore", at(9, 6)); err != nil {
				t.Fatal(err)
			}
			unsent, err := s.Unsent(ctx)
			if err != nil {
				t.Fatal(err)
			}
			s.Close()

			db := rawStore(t, file)
			if _, err := db.ExecContext(ctx, c.tamper, mirrorRef(keys, rossi.CF), mirrorRef(keys, verdi.CF)); err != nil {
				t.Fatal(err)
			}
			db.Close()

			// Not a lost key: nothing is rebuilt, nothing of the work dropped.
			s, err = Open(file, keys)
			if err != nil {
				t.Fatalf("open after the copy: %v", err)
			}
			defer s.Close()
			if s.Rebuilt() {
				t.Error("a value moved to another row made Open rebuild the mirror")
			}
			got, err := c.read(s)
			if !errors.Is(err, ErrTampered) || errors.Is(err, ErrWrongKey) {
				t.Fatalf("reading the row given another's value: %v, want ErrTampered (not ErrWrongKey)", err)
			}
			for _, other := range []string{rossi.CF, "Rossi", "Richiamare", "+39", "Gentile"} {
				if strings.Contains(got, other) || strings.Contains(err.Error(), other) {
					t.Errorf("the failed read gives away %q: %s / %v", other, got, err)
				}
			}
			if u, err := s.Unsent(ctx); err != nil || u != unsent {
				t.Errorf("work waiting after the copy: %+v, %v; want %+v, none dropped", u, err, unsent)
			}
			// The row the value was copied from still reads.
			if c, err := s.Citizen(ctx, rossi.CF); err != nil || c.FamilyName != "Rossi" {
				t.Errorf("the untouched file: %+v, %v", c, err)
			}
		})
	}
}

// unboundAEAD seals and opens with no associated data, as the cache did
// before migration 8.
type unboundAEAD struct{ cipher.AEAD }

func (a unboundAEAD) Seal(dst, nonce, plain, _ []byte) []byte {
	return a.AEAD.Seal(dst, nonce, plain, nil)
}
func (a unboundAEAD) Open(dst, nonce, sealed, _ []byte) ([]byte, error) {
	return a.AEAD.Open(dst, nonce, sealed, nil)
}

// readings are what the store shows of every sealed value oldCache writes.
type readings struct {
	Agenda    []model.AgendaEntry
	Rossi     model.Citizen
	Search    []model.CitizenCard
	Inbox     []model.InboxEntry
	Answers   []model.Scheda
	Fetch     []FileToFetch
	Actions   []Action
	Conflicts []Conflict
	Audit     []AuditEntry
	Draft     string
	Bookings  []model.Booking
}

func read(t *testing.T, s *Store) readings {
	t.Helper()
	ctx := context.Background()
	var r readings
	var err error
	check := func(what string) {
		if err != nil {
			t.Fatalf("read %s: %v", what, err)
		}
	}
	r.Agenda, err = s.DayAgenda(ctx, day)
	check("agenda")
	r.Rossi, err = s.Citizen(ctx, rossi.CF)
	check("file")
	r.Search, err = s.Search(ctx, "ross", 10)
	check("search")
	r.Inbox, _, err = s.Inbox(ctx, InboxQuery{Statuses: []model.SchedaStatus{model.SchedaNew, model.SchedaAnswered}})
	check("inbox")
	r.Answers, err = s.SearchAnswers(ctx, model.SectionPensioni, "contributi in Germania", 5)
	check("answers")
	r.Fetch, err = s.FilesToFetch(ctx, day, day)
	check("files to fetch")
	r.Actions, err = s.Actions(ctx)
	check("outbox")
	// Whether an action can be taken back depends on the state before it,
	// kept only by the schema that has undo: not what this test compares.
	for i := range r.Actions {
		r.Actions[i].Undoable = false
	}
	r.Conflicts, err = s.Conflicts(ctx)
	check("conflicts")
	for i := range r.Conflicts {
		r.Conflicts[i].Undoable = false
	}
	r.Audit, err = s.AuditTrail(ctx, day, 100)
	check("audit")
	r.Draft, _, err = s.Draft(ctx, "k1")
	check("draft")
	r.Bookings, err = s.Bookings(ctx, day)
	check("bookings")
	return r
}

// oldCache makes a cache file as version 7 left it: every kind of sealed
// value, written through the store with its sealing unbound. It returns the
// file and what the store read from it.
func oldCache(t *testing.T, keys Keys) (string, readings) {
	t.Helper()
	ctx := context.Background()
	s, file := openTemp(t, keys)
	<-s.index.ready // the build reads through the sealer swapped below
	s.seal.aead, s.box.aead = unboundAEAD{s.seal.aead}, unboundAEAD{s.box.aead}
	for name, sl := range map[string]*sealer{mirrorKeyCheck: s.seal, outboxKeyCheck: s.box} {
		if _, err := s.w.ExecContext(ctx, `UPDATE meta SET value = ?1 WHERE key = ?2; UPDATE queue_meta SET value = ?1 WHERE key = ?2`,
			string(sl.sealAD([]byte(keyCheck), nil)), name); err != nil {
			t.Fatal(err)
		}
	}
	snap := snapshot()
	snap.Slots[1].Note = "Ha portato la CU del coniuge"
	snap.Citizens = append(snap.Citizens, CitizenFile{Citizen: verdi})
	answered := newScheda("k2", 50)
	answered.Status, answered.Answer, answered.AnsweredAt = model.SchedaAnswered, "I contributi versati in Germania si totalizzano.", at(9, 0)
	answered.CitizenCF = verdi.CF
	newcomer := model.NewCitizen{CF: model.BuildCF("Esposito", "Carmela", "F", time.Date(1990, 3, 14, 0, 0, 0, 0, model.Rome), "H703"),
		GivenName: "Carmela", FamilyName: "Esposito", Phone: "333 1234567"}
	steps := []func() error{
		func() error { return s.ApplySnapshot(ctx, snap) },
		func() error { return s.PutSchede(ctx, []model.Scheda{newScheda("k1", 3), answered}) },
		func() error {
			return s.EnqueueNote(ctx, "n1", NoteAction{CF: rossi.CF, Text: "Richiamare lunedì", At: at(9, 1)})
		},
		func() error {
			_, err := s.EnqueueSlotEvent(ctx, "e1", SlotEventAction{SlotID: "b", Event: model.EventNoShow, At: at(9, 2)})
			return err
		},
		func() error {
			pending, err := s.Pending(ctx)
			if err != nil {
				return err
			}
			server := snapshot().Slots[0]
			server.Status, server.Version = model.StatusCancelled, 3
			return s.ActionConflict(ctx, pending[1].Seq, Central{Slot: &server}, "annullato dal cittadino", at(9, 3))
		},
		func() error { return s.SaveDraft(ctx, "k1", "Gentile utente, i periodi esteri", at(9, 4)) },
		func() error {
			_, err := s.EnqueueBooking(ctx, "bk-1", BookingAction{Slot: snap.Slots[2], CF: newcomer.CF, CitizenName: "Esposito Carmela",
				New: &newcomer, Service: model.Service{Code: "cu", Name: "Certificazione Unica", Level: 1}, Channel: model.ChannelPhone,
				Phone: newcomer.Phone, At: at(9, 5)})
			return err
		},
		func() error {
			_, err := s.EnqueueTicket(ctx, "t1", TicketAction{TicketID: "T1", Op: model.TicketIssue, Reason: model.ReasonBooking,
				Office: "7800", At: at(9, 6)})
			return err
		},
		func() error {
			return s.RecordOpening(ctx, AuditEntry{ID: "o1", Action: "open_file", CF: verdi.CF, Reason: model.AccessFile, At: at(9, 7)})
		},
		func() error {
			return s.ApplyChanges(ctx, []model.Change{{StaleCitizen: rossi.CF}}, "1", at(9, 8))
		},
	}
	for i, step := range steps {
		if err := step(); err != nil {
			t.Fatalf("old cache, step %d: %v", i, err)
		}
	}
	r := read(t, s)
	if len(r.Agenda) != 3 || r.Agenda[0].Note == "" || r.Rossi.CF != rossi.CF || len(r.Search) == 0 || len(r.Inbox) != 2 ||
		len(r.Answers) != 1 || len(r.Fetch) != 1 || len(r.Actions) != 4 || len(r.Conflicts) != 1 || len(r.Audit) != 5 ||
		r.Draft == "" || len(r.Bookings) != 1 {
		t.Fatalf("old cache incomplete: %+v", r)
	}
	s.Close()
	unsplit(t, file)
	db := rawDB(t, file)
	if _, err := db.Exec(`PRAGMA user_version = 7`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	return file, r
}

// schema lists the tables, indexes and triggers of a cache file.
func schema(t *testing.T, db *sql.DB) string {
	t.Helper()
	rows, err := db.Query(`SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema ORDER BY type, name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var typ, name, tbl, text string
		if err := rows.Scan(&typ, &name, &tbl, &text); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s %s %s %s\n", typ, name, tbl, text)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// sealedValues returns every sealed value of the file by its place, the
// key checks too.
func sealedValues(t *testing.T, db *sql.DB) map[place][]byte {
	t.Helper()
	out := map[place][]byte{}
	for _, name := range []string{mirrorKeyCheck, outboxKeyCheck} {
		v, err := metaValue(context.Background(), db, name)
		if errors.Is(err, ErrNotCached) { // in the queue's file
			err = db.QueryRow(`SELECT value FROM queue_meta WHERE key = ?`, name).Scan(&v)
		}
		if err != nil {
			t.Fatal(err)
		}
		out[keyChecks.at(name)] = []byte(v)
	}
	for _, tb := range sealedTables {
		for _, c := range tb.columns {
			rows, err := db.Query(fmt.Sprintf(`SELECT %s, %s FROM %s WHERE %[2]s IS NOT NULL`, tb.key, c.name, c.table))
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var key string
				var v []byte
				if err := rows.Scan(&key, &v); err != nil {
					t.Fatal(err)
				}
				out[c.at(key)] = v
			}
			rows.Close()
		}
	}
	return out
}

// sealerOf returns the sealer of keys a value at p is sealed with.
func sealerOf(t *testing.T, keys Keys, p place) *sealer {
	t.Helper()
	key := keys.Mirror
	if p == keyChecks.at(outboxKeyCheck) {
		key = keys.Outbox
	}
	for _, tb := range sealedTables {
		if tb.outbox && tb.columns[0].table == p.table {
			key = keys.Outbox
		}
	}
	sl, err := newSealer(key)
	if err != nil {
		t.Fatal(err)
	}
	return sl
}

func TestOpenBindsTheSealedValuesOfTheOldSchema(t *testing.T) {
	keys := NewKeys()
	file, want := oldCache(t, keys)
	ctx := context.Background()

	// The file is one of version 7: its schema is what the migrations up
	// to 7 make, its values open unbound only.
	db := rawDB(t, file)
	fresh := rawDB(t, filepath.Join(t.TempDir(), "v7.db"))
	if err := migrateUpTo(fresh, 7, nil, nil); err != nil {
		t.Fatal(err)
	}
	if got, v7 := schema(t, db), schema(t, fresh); got != v7 {
		t.Fatalf("the old cache's schema is not version 7's:\n%s\nwant\n%s", got, v7)
	}
	before := sealedValues(t, db)
	if len(before) < 25 {
		t.Fatalf("only %d sealed values in the old cache", len(before))
	}
	for p, v := range before {
		sl := sealerOf(t, keys, p)
		if _, ok := sl.openAD(v, nil); !ok {
			t.Fatalf("%s does not open unbound in the old cache", p)
		}
		if _, err := sl.open(v, p); !errors.Is(err, ErrTampered) {
			t.Fatalf("%s opens bound in the old cache: %v", p, err)
		}
	}
	db.Close()

	s, err := Open(file, keys)
	if err != nil {
		t.Fatalf("open the old cache: %v", err)
	}
	defer s.Close()
	if v, err := s.SchemaVersion(ctx); err != nil || v != 8 {
		t.Errorf("schema version %d, %v; want 8", v, err)
	}
	if s.Rebuilt() {
		t.Error("the old cache was rebuilt")
	}
	if got := read(t, s); !reflect.DeepEqual(got, want) {
		t.Errorf("after the migration the cache reads\n%+v\nwant\n%+v", got, want)
	}
	after := sealedValues(t, s.w)
	if len(after) != len(before) {
		t.Errorf("%d sealed values after the migration, %d before", len(after), len(before))
	}
	for p, v := range after {
		if _, err := sealerOf(t, keys, p).open(v, p); err != nil {
			t.Errorf("%s after the migration: %v", p, err)
		}
	}

	// Run again, the step changes nothing.
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := bindSealed(ctx, tx, s.seal, s.box); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if again := sealedValues(t, s.w); !reflect.DeepEqual(again, after) {
		t.Error("binding again changed the values")
	}
}

func TestOldCacheWithAnotherKey(t *testing.T) {
	ctx := context.Background()
	t.Run("mirror key lost: the mirror is rebuilt, the work bound", func(t *testing.T) {
		keys := NewKeys()
		file, want := oldCache(t, keys)
		s, err := Open(file, Keys{Mirror: NewKey(), Outbox: keys.Outbox})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if v, _ := s.SchemaVersion(ctx); v != 8 || !s.Rebuilt() {
			t.Errorf("version %d, rebuilt %v; want 8, rebuilt", v, s.Rebuilt())
		}
		if a, _ := s.DayAgenda(ctx, day); len(a) != 0 {
			t.Errorf("%d slots kept", len(a))
		}
		acts, err := s.Actions(ctx)
		if err != nil || !reflect.DeepEqual(acts, want.Actions) {
			t.Errorf("outbox %+v, %v; want %+v", acts, err, want.Actions)
		}
		if audit, err := s.AuditTrail(ctx, day, 100); err != nil || !reflect.DeepEqual(audit, want.Audit) {
			t.Errorf("audit %+v, %v", audit, err)
		}
		if text, _, err := s.Draft(ctx, "k1"); err != nil || text != want.Draft {
			t.Errorf("draft %q, %v", text, err)
		}
		if b, err := s.Bookings(ctx, day); err != nil || !reflect.DeepEqual(b, want.Bookings) {
			t.Errorf("bookings %+v, %v", b, err)
		}
	})
	t.Run("outbox key lost: the file is left at version 7", func(t *testing.T) {
		keys := NewKeys()
		file, want := oldCache(t, keys)
		db := rawDB(t, file)
		before := sealedValues(t, db)
		if _, err := Open(file, NewKeys()); !errors.Is(err, ErrWrongKey) {
			t.Fatalf("open with another outbox key: %v, want ErrWrongKey", err)
		}
		var v int
		if err := db.QueryRow(`PRAGMA user_version`).Scan(&v); err != nil || v != 7 {
			t.Errorf("version %d, %v; want 7 still", v, err)
		}
		if after := sealedValues(t, db); !reflect.DeepEqual(after, before) {
			t.Error("a refused open changed sealed values")
		}
		db.Close()
		// The key turns up again: the file is read and bound.
		s, err := Open(file, keys)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if got := read(t, s); !reflect.DeepEqual(got, want) || s.Rebuilt() {
			t.Errorf("with the key found again the cache reads\n%+v\nwant\n%+v", got, want)
		}
	})
}

// TestPlaceIsUnambiguous: two places differ in their associated data.
func TestPlaceIsUnambiguous(t *testing.T) {
	a, b := column{"slots", "note"}.at("x"), column{"slots", "not"}.at("ex")
	if bytes.Equal(a.ad(), b.ad()) {
		t.Error("two places share their associated data")
	}
	if bytes.Equal(slotsPhone.at("a").ad(), slotsPhone.at("b").ad()) {
		t.Error("two rows share their associated data")
	}
}

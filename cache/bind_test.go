package cache

import (
	"context"
	"crypto/cipher"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
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
				if err := s.EnqueueNote(ctx, "n"+n, model.NoteAction{CF: cf, Text: "Richiamare " + n, At: at(9, i)}); err != nil {
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
			return s.EnqueueNote(ctx, "n1", model.NoteAction{CF: rossi.CF, Text: "Richiamare lunedì", At: at(9, 1)})
		},
		func() error {
			_, err := s.EnqueueSlotEvent(ctx, "e1", model.SlotEventAction{SlotID: "b", Event: model.EventNoShow, At: at(9, 2)})
			return err
		},
		func() error {
			pending, err := s.Pending(ctx)
			if err != nil {
				return err
			}
			server := snapshot().Slots[0]
			server.Status, server.Version = model.StatusCancelled, 3
			return s.ActionConflict(ctx, pending[1].Seq, server, "annullato dal cittadino", at(9, 3))
		},
		func() error { return s.SaveDraft(ctx, "k1", "Gentile utente, i periodi esteri", at(9, 4)) },
		func() error {
			_, err := s.EnqueueBooking(ctx, "bk-1", model.BookingRequest{Slot: snap.Slots[2], CF: newcomer.CF, CitizenName: "Esposito Carmela",
				New: &newcomer, Service: model.Service{Code: "cu", Name: "Certificazione Unica", Level: 1}, Channel: model.ChannelPhone,
				Phone: newcomer.Phone, At: at(9, 5)})
			return err
		},
		func() error {
			_, err := s.EnqueueTicket(ctx, "t1", model.TicketAction{TicketID: "T1", Op: model.TicketIssue, Reason: model.ReasonBooking,
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
	for _, undo := range undoSince7 {
		if _, err := db.Exec(undo); err != nil {
			t.Fatal(err)
		}
	}
	plainAuditRefs(t, db, keys)
	db.Close()
	return file, r
}

// plainAuditRefs writes the audit entries' references in clear, as the
// caches of version 7 (and until issue 22) held them.
func plainAuditRefs(t *testing.T, db *sql.DB, keys Keys) {
	t.Helper()
	box, err := newSealer(keys.Outbox)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query(`SELECT id, ref FROM audit_queue`)
	if err != nil {
		t.Fatal(err)
	}
	plain := map[string]string{}
	for rows.Next() {
		var id string
		var ref []byte
		if err := rows.Scan(&id, &ref); err != nil {
			t.Fatal(err)
		}
		v, ok := box.openAD(ref, nil)
		if !ok {
			t.Fatalf("audit ref of %s does not open unbound", id)
		}
		plain[id] = string(v)
	}
	rows.Close()
	for id, ref := range plain {
		if _, err := db.Exec(`UPDATE audit_queue SET ref = ? WHERE id = ?`, ref, id); err != nil {
			t.Fatal(err)
		}
	}
}

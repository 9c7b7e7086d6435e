package cache

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

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
	if v, err := s.SchemaVersion(ctx); err != nil || v != lastMigration() {
		t.Errorf("schema version %d, %v; want %d", v, err, lastMigration())
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
		if v, _ := s.SchemaVersion(ctx); v != lastMigration() || !s.Rebuilt() {
			t.Errorf("version %d, rebuilt %v; want %d, rebuilt", v, s.Rebuilt(), lastMigration())
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

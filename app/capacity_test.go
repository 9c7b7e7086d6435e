package app

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"sportello/client/sandbox"
	"sportello/internal/testkit"
	"sportello/model"
)

func TestCapacityIsMirroredForAHeadOfStructureAndReadOffline(t *testing.T) {
	ctx := context.Background()
	central := startCentral(t)
	c := consoleOn(t, central.URL, "responsabile")
	if got, err := c.Capacity(ctx); err != nil || !got.Refreshed.IsZero() {
		t.Fatalf("before a sync: %+v, %v", got.Refreshed, err)
	}
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := c.Capacity(ctx)
	if err != nil || !got.Refreshed.Equal(monday) || len(got.Offices) != 1 || got.Offices[0].Code != "7801" || len(got.Cells) == 0 {
		t.Fatalf("after a sync: refreshed %v, offices %+v, %d cells, %v", got.Refreshed, got.Offices, len(got.Cells), err)
	}
	today := model.Day(monday)
	if !got.From.Equal(today.AddDate(0, 0, -28)) || !got.To.Equal(today.AddDate(0, 0, 28)) {
		t.Errorf("days %v – %v", got.From, got.To)
	}
	// Offline the sync fails, the picture kept still serves, with its time.
	central.Line.Unplug()
	if _, err := c.SyncOnce(ctx); err == nil {
		t.Error("a sync offline succeeded")
	}
	off, err := c.Capacity(ctx)
	if err != nil || !off.Refreshed.Equal(monday) || len(off.Cells) != len(got.Cells) {
		t.Errorf("offline: %v, %d cells, %v", off.Refreshed, len(off.Cells), err)
	}
	central.Line.Plug()
	// A desk operator keeps no picture.
	demo := consoleOn(t, central.URL, "demo")
	if _, err := demo.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if d, _ := demo.Capacity(ctx); !d.Refreshed.IsZero() || len(d.Cells) != 0 {
		t.Errorf("a desk operator's picture: %+v", d.Refreshed)
	}
}

// TestManagerMirrorSizeForTheDirezione measures the mirror of the head of
// the Direzione provinciale after the first sync, the sandbox's agendas
// spanning the four past weeks and the coming ones; the figure goes in the
// log (go test -v -run ManagerMirrorSize ./app/).
func TestManagerMirrorSizeForTheDirezione(t *testing.T) {
	ctx := context.Background()
	central := testkit.StartCentral(t, sandbox.Options{Seed: 3, Now: fixedNow, DaysBefore: 28, DaysAfter: 30})
	dir := t.TempDir()
	c := consoleIn(t, central.URL, "direttore", dir)
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := c.Capacity(ctx)
	if err != nil || len(got.Offices) != 9 {
		t.Fatalf("the direttore's picture: %d offices, %v", len(got.Offices), err)
	}
	c.store.Close() // checkpoints the WAL into the file
	file := filepath.Join(dir, "cache.db")
	whole := fileSize(t, file)
	// What the picture takes: the same file without it, vacuumed.
	db, err := sql.Open("sqlite", file)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// The file is in WAL mode: a VACUUM lands in the WAL, and the file
	// shrinks only once it is checkpointed.
	vacuum := func(stmts ...string) int64 {
		for _, q := range append(stmts, `VACUUM`, `PRAGMA wal_checkpoint(TRUNCATE)`) {
			if _, err := db.Exec(q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		return fileSize(t, file)
	}
	vacuumed := vacuum()
	without := vacuum(`DELETE FROM capacity_agenda`, `DELETE FROM capacity_unmet`, `DELETE FROM capacity_waits`, `DELETE FROM capacity_offices`)
	t.Logf("direttore's mirror after the first sync: cache.db %d KiB (%d KiB vacuumed), of which the capacity picture %d KiB: %d agenda rows, %d unmet, %d waits",
		whole/1024, vacuumed/1024, (vacuumed-without)/1024, len(got.Cells), len(got.Unmet), len(got.Waits))
	if whole > 16<<20 {
		t.Errorf("the direttore's mirror takes %d bytes", whole)
	}
	if len(got.Cells) > 0 && vacuumed <= without {
		t.Errorf("the picture's %d rows measured as %d bytes", len(got.Cells), vacuumed-without)
	}
}

func fileSize(t *testing.T, file string) int64 {
	t.Helper()
	fi, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

package cache

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sportello/model"
)

// queued is how many notes the damage tests queue: enough for the outbox
// to span many pages.
const queued = 400

// storeWithWork makes a store with a mirrored day and queued work (notes,
// their audit records, a draft), closes it and returns its file and the
// keys of the actions queued.
func storeWithWork(t *testing.T, keys Keys) (string, []string) {
	t.Helper()
	ctx := context.Background()
	s, file := openTemp(t, keys)
	if err := s.ApplySnapshot(ctx, snapshot()); err != nil {
		t.Fatal(err)
	}
	var want []string
	for i := range queued {
		key := fmt.Sprintf("nota-%04d", i)
		text := fmt.Sprintf("Nota %d: %s", i, strings.Repeat("richiamare per i documenti mancanti ", 8))
		if err := s.EnqueueNote(ctx, key, model.NoteAction{CF: rossi.CF, Text: text, At: at(9, i%60)}); err != nil {
			t.Fatal(err)
		}
		want = append(want, key)
	}
	if err := s.SaveDraft(ctx, "k1", "Gentile utente, la pratica", at(10, 0)); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil { // the journals folded into the files
		t.Fatal(err)
	}
	for _, f := range Files(file) {
		if strings.HasSuffix(f, "-wal") {
			if st, err := os.Stat(f); err == nil && st.Size() > 0 {
				t.Fatalf("%s left after close", f)
			}
		}
	}
	return file, want
}

// damage harms a file as a failing disk or a crash of the machine would.
func damage(t *testing.T, file, how string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	const page = 4096
	switch how {
	case "bad pages": // a run of pages in the middle overwritten
		if len(b) < 8*page {
			t.Fatalf("%s has %d bytes: too small to damage its middle", file, len(b))
		}
		for i := len(b)/2 - 2*page; i < len(b)/2+2*page; i++ {
			b[i] = byte(i*131 + 7)
		}
	case "zeroed header":
		clear(b[:100])
	case "truncated":
		b = b[:len(b)/2]
	}
	if err := os.WriteFile(file, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestADamagedMirrorIsRebuiltAndTheWorkKept(t *testing.T) {
	ctx := context.Background()
	for _, how := range []string{"bad pages", "zeroed header", "truncated"} {
		t.Run(how, func(t *testing.T) {
			keys := NewKeys()
			file, want := storeWithWork(t, keys)
			// The mirror must be big enough to have a middle.
			s, err := Open(file, keys)
			if err != nil {
				t.Fatal(err)
			}
			snap := snapshot()
			for i := 1; i <= 7; i++ {
				c := rossi
				c.CF = model.Omocodia(rossi.CF, i)
				c.Address = fmt.Sprintf("Via Irno %d, Salerno (SA) %s", i, strings.Repeat("scala B interno 4 ", 2000))
				snap.Citizens = append(snap.Citizens, CitizenFile{Citizen: c, ETag: fmt.Sprint(i)})
			}
			if err := s.ApplySnapshot(ctx, snap); err != nil {
				t.Fatal(err)
			}
			s.Close()

			damage(t, file, how)
			s, err = Open(file, keys)
			if err != nil {
				t.Fatalf("open a mirror with %s: %v", how, err)
			}
			defer s.Close()
			rec := s.Recovery()
			if rec.MirrorAside == "" || rec.QueueAside != "" || !s.Rebuilt() {
				t.Errorf("recovery %+v (rebuilt %v); want the mirror set aside and rebuilt, the queue untouched", rec, s.Rebuilt())
			}
			if _, err := os.Stat(rec.MirrorAside); err != nil {
				t.Errorf("the damaged mirror is not kept aside: %v", err)
			}
			if a, err := s.DayAgenda(ctx, day); err != nil || len(a) != 0 {
				t.Errorf("the new mirror's day: %d slots, %v; want an empty one to fill", len(a), err)
			}
			checkWork(t, s, want)
		})
	}
}

// checkWork checks that every action queued is still waiting, with its
// audit record and the draft.
func checkWork(t *testing.T, s *Store, want []string) {
	t.Helper()
	ctx := context.Background()
	got, err := s.Pending(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d actions waiting, want %d", len(got), len(want))
	}
	for i, a := range got {
		if a.Key != want[i] {
			t.Fatalf("action %d is %s, want %s", i, a.Key, want[i])
		}
	}
	if n, err := s.AuditCount(ctx); err != nil || n != len(want) {
		t.Errorf("%d audit records waiting, %v; want %d", n, err, len(want))
	}
	if text, _, err := s.Draft(ctx, "k1"); err != nil || text == "" {
		t.Errorf("the draft: %q, %v", text, err)
	}
}

func TestADamagedQueueIsSalvagedAndTheLossCounted(t *testing.T) {
	ctx := context.Background()
	for _, how := range []string{"bad pages", "zeroed header", "truncated"} {
		t.Run(how, func(t *testing.T) {
			keys := NewKeys()
			file, want := storeWithWork(t, keys)
			damage(t, QueueFile(file), how)
			s, err := Open(file, keys)
			if err != nil {
				t.Fatalf("open a queue with %s: %v", how, err)
			}
			defer s.Close()
			rec := s.Recovery()
			if rec.QueueAside == "" || rec.MirrorAside != "" {
				t.Fatalf("recovery %+v; want the queue set aside, the mirror kept", rec)
			}
			if _, err := os.Stat(rec.QueueAside); err != nil {
				t.Errorf("the damaged queue is not kept aside: %v", err)
			}
			got, err := s.Pending(ctx)
			if err != nil {
				t.Fatalf("the salvaged queue: %v", err)
			}
			// Every action read back is one that was queued, once.
			queuedKeys := map[string]bool{}
			for _, k := range want {
				queuedKeys[k] = true
			}
			for _, a := range got {
				if !queuedKeys[a.Key] {
					t.Errorf("action %s read back was never queued (or twice)", a.Key)
				}
				delete(queuedKeys, a.Key)
			}
			// What is not read back is counted.
			switch {
			case rec.LostUnknown:
				t.Errorf("%s: the loss could not be counted: %+v", how, rec)
			case rec.Lost != len(want)-len(got):
				t.Errorf("%d of %d actions read back, %d counted lost", len(got), len(want), rec.Lost)
			}
			// The mirror still reads: the day and the files are there.
			if a, err := s.DayAgenda(ctx, day); err != nil || len(a) == 0 {
				t.Errorf("the mirror after the queue's salvage: %d slots, %v", len(a), err)
			}
			// And the new queue takes work.
			if err := s.EnqueueNote(ctx, "dopo", model.NoteAction{CF: rossi.CF, Text: "Dopo il recupero", At: at(11, 0)}); err != nil {
				t.Errorf("queue an action after the salvage: %v", err)
			}
			t.Logf("%s: %d of %d actions read back, %d counted lost (unknown %v), %d rows salvaged",
				how, len(got), len(want), rec.Lost, rec.LostUnknown, rec.Salvaged)
		})
	}
}

// TestTheQueueMovesOutOfAnOldMirror: a cache made before the queue had
// its own file holds the work in the mirror's file; Open moves it, once,
// and a second open finds nothing left to move.
func TestTheQueueMovesOutOfAnOldMirror(t *testing.T) {
	keys := NewKeys()
	file, want := storeWithWork(t, keys)
	unsplit(t, file)
	if _, err := os.Stat(QueueFile(file)); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("the old cache has a queue file")
	}
	for range 2 {
		s, err := Open(file, keys)
		if err != nil {
			t.Fatal(err)
		}
		checkWork(t, s, want)
		var left int
		if err := s.w.QueryRow(`SELECT count(*) FROM mirror.sqlite_master WHERE name IN ('outbox', 'audit_queue', 'drafts')`).Scan(&left); err != nil || left != 0 {
			t.Errorf("the mirror still holds %d queue tables (%v)", left, err)
		}
		s.Close()
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(file), "cache.queue.db")); err != nil {
		t.Errorf("no queue file: %v", err)
	}
}

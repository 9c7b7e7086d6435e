package cache

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"sportello/model"
)

var day = time.Date(2026, time.November, 23, 0, 0, 0, 0, model.Rome)

func at(h, m int) time.Time {
	return day.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
}

var rossi = model.Citizen{CF: "RSSMRA85T10A562S", GivenName: "Mario", FamilyName: "Rossi", Sex: "M",
	BirthDate: time.Date(1985, 12, 10, 0, 0, 0, 0, model.Rome), BirthPlace: "San Giuliano Terme",
	Address:  "Via Irno 12, Salerno (SA)",
	Contacts: []model.Contact{{Kind: model.ContactMobile, Value: "+39 333 123 4567", Verified: true}}}

func snapshot() Snapshot {
	return Snapshot{
		Operator: model.Operator{ID: "demo", Name: "Anna Lombardi", Office: model.Office{Code: "7800", Name: "Sede provinciale di Salerno"}, Desk: "Sportello 3"},
		From:     day, To: day,
		Slots: []model.Slot{
			{ID: "b", Start: at(8, 40), End: at(8, 50), Desk: "Sportello 3", Channel: model.ChannelWebMeeting, Service: "NASpI", Level: 1,
				Status: model.StatusBooked, CitizenCF: rossi.CF, MeetingURL: "https://teams.microsoft.com/l/meetup-join/segreto", Version: 1},
			{ID: "a", Start: at(8, 30), End: at(8, 40), Desk: "Sportello 3", Channel: model.ChannelPhone, Service: "CU", Level: 1,
				Status: model.StatusCompleted, CitizenCF: rossi.CF, Phone: "+39 333 123 4567", Version: 2},
			{ID: "c", Start: at(8, 50), End: at(9, 0), Desk: "Sportello 3", Channel: model.ChannelInPerson, Service: "CU", Level: 1,
				Status: model.StatusFree, Version: 1},
		},
		Citizens: []CitizenFile{{Citizen: rossi, ETag: `"c1"`}},
		SyncedAt: at(7, 0),
	}
}

func openTemp(t *testing.T, key Keys) (*Store, string) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "cache.db")
	s, err := Open(file, key)
	if err != nil {
		t.Fatal(err)
	}
	return s, file
}

// lastMigration is the number of the last migration (numbers may have
// gaps): the schema version of a cache opened now.
func lastMigration() int {
	names, _ := fs.Glob(migrations, "migrations/*.sql")
	last, _ := strconv.Atoi(strings.SplitN(path.Base(names[len(names)-1]), "_", 2)[0])
	return last
}

func TestMigrationsAreNumberedAndIdempotent(t *testing.T) {
	key := NewKeys()
	s, file := openTemp(t, key)
	ctx := context.Background()
	v, err := s.SchemaVersion(ctx)
	last := lastMigration()
	if err != nil || v != last || v < 2 {
		t.Fatalf("schema version = %d, %v; want %d, the last migration's number (numbers may have gaps)", v, err, last)
	}
	if err := s.ApplySnapshot(ctx, snapshot()); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(file, key)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s.Close()
	var mode string
	if err := s.r.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
	if got, _ := s.DayAgenda(ctx, day); len(got) != 3 {
		t.Errorf("after reopen %d slots, want 3", len(got))
	}
}

func TestDayAgendaAndCitizenFile(t *testing.T) {
	s, _ := openTemp(t, NewKeys())
	defer s.Close()
	ctx := context.Background()
	if _, err := s.Operator(ctx); !errors.Is(err, ErrNotCached) {
		t.Errorf("empty cache operator: %v, want ErrNotCached", err)
	}
	if err := s.ApplySnapshot(ctx, snapshot()); err != nil {
		t.Fatal(err)
	}
	got, err := s.DayAgenda(ctx, at(15, 0))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].ID != "a" || got[1].ID != "b" || got[2].ID != "c" || got[2].Status != model.StatusFree {
		t.Fatalf("day agenda = %+v, want slots a, b and the free c in time order", got)
	}
	if got[0].CitizenName != "Rossi Mario" || got[0].CitizenCF != rossi.CF || got[0].Phone != "+39 333 123 4567" {
		t.Errorf("slot a = %+v", got[0])
	}
	if got[1].MeetingURL == "" || !got[1].Start.Equal(at(8, 40)) || got[1].Start.Location() != model.Rome {
		t.Errorf("slot b = %+v", got[1])
	}
	c, err := s.Citizen(ctx, rossi.CF)
	if err != nil {
		t.Fatal(err)
	}
	if c.FullName() != "Rossi Mario" || c.Address != rossi.Address || len(c.Contacts) != 1 || !c.Contacts[0].Verified || !c.BirthDate.Equal(rossi.BirthDate) {
		t.Errorf("citizen = %+v", c)
	}
	if _, err := s.Citizen(ctx, "BNCLRA80A41H703X"); !errors.Is(err, ErrNotCached) {
		t.Errorf("unknown citizen: %v, want ErrNotCached", err)
	}
	op, err := s.Operator(ctx)
	if err != nil || op.Desk != "Sportello 3" {
		t.Errorf("operator = %+v, %v", op, err)
	}
	last, err := s.LastSync(ctx)
	if err != nil || !last.Equal(at(7, 0)) {
		t.Errorf("last sync = %v, %v", last, err)
	}

	// A later pull of the same day replaces it: slot b was cancelled
	// centrally and slot a is gone.
	snap := snapshot()
	snap.Slots = snap.Slots[:1]
	snap.Slots[0].Status = model.StatusCancelled
	if err := s.ApplySnapshot(ctx, snap); err != nil {
		t.Fatal(err)
	}
	got, _ = s.DayAgenda(ctx, day)
	if len(got) != 1 || got[0].ID != "b" || got[0].Status != model.StatusCancelled {
		t.Errorf("after second pull = %+v, want only b, cancelled", got)
	}
}

func TestPersonalDataIsSealedOnDisk(t *testing.T) {
	s, file := openTemp(t, NewKeys())
	ctx := context.Background()
	if err := s.ApplySnapshot(ctx, snapshot()); err != nil {
		t.Fatal(err)
	}
	// Actions in the outbox carry personal data too: sealed as well.
	if err := s.EnqueueNote(ctx, "k-note-1", model.NoteAction{CF: rossi.CF, Text: "Nota riservata sulla pensione", At: at(9, 0)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.EnqueueSlotEvent(ctx, "k-evt-1", model.SlotEventAction{SlotID: "b", Event: model.EventStart, At: at(8, 41)}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	var disk []byte
	for _, f := range []string{file, file + "-wal"} {
		b, err := os.ReadFile(f)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		disk = append(disk, b...)
	}
	if !bytes.Contains(disk, []byte("Sportello 3")) {
		t.Fatal("sanity: the non-personal desk name should be on disk in clear")
	}
	for _, secret := range []string{rossi.CF, "Rossi", "Mario", "Via Irno", "333 123 4567", "meetup-join/segreto", "Nota riservata"} {
		if bytes.Contains(disk, []byte(secret)) {
			t.Errorf("%q found in clear in the cache file", secret)
		}
	}
}

func TestLostMirrorKeyRebuildsTheMirrorAndKeepsTheOutbox(t *testing.T) {
	keys := NewKeys()
	s, file := openTemp(t, keys)
	ctx := context.Background()
	if err := s.ApplySnapshot(ctx, snapshot()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.EnqueueSlotEvent(ctx, "k-evt", model.SlotEventAction{SlotID: "b", Event: model.EventCheckIn, At: at(8, 39)}); err != nil {
		t.Fatal(err)
	}
	if err := s.EnqueueNote(ctx, "k-note", model.NoteAction{CF: rossi.CF, Text: "Richiamare", At: at(8, 45)}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	if _, err := Open(file, Keys{Mirror: keys.Mirror[:5], Outbox: keys.Outbox}); err == nil {
		t.Fatal("short key accepted")
	}
	// The keyring lost the mirror key: a new one is made.
	lost := Keys{Mirror: NewKey(), Outbox: keys.Outbox}
	s, err := Open(file, lost)
	if err != nil {
		t.Fatalf("open with a new mirror key: %v", err)
	}
	if !s.Rebuilt() {
		t.Error("Rebuilt() = false after a key change")
	}
	if got, _ := s.DayAgenda(ctx, day); len(got) != 0 {
		t.Errorf("rebuilt mirror shows %d slots sealed with the lost key, want 0", len(got))
	}
	if c, _ := s.Cursor(ctx); c != "" {
		t.Errorf("cursor %q kept: the rebuild would skip the changes it needs", c)
	}
	pending, err := s.Pending(ctx)
	if err != nil || len(pending) != 2 || pending[0].Key != "k-evt" || pending[1].Key != "k-note" {
		t.Fatalf("outbox after rebuild = %+v, %v; want both actions, in order", pending, err)
	}
	// Central's copy comes back with the pull: the note still waiting
	// shows on top of it, found through the outbox's own index.
	snap := snapshot()
	if err := s.ApplySnapshot(ctx, snap); err != nil {
		t.Fatal(err)
	}
	c, err := s.Citizen(ctx, rossi.CF)
	if err != nil || len(c.Notes) == 0 || c.Notes[0].Text != "Richiamare" || !c.Notes[0].Pending {
		t.Errorf("file after rebuild: notes %+v, %v; want the pending note first", c.Notes, err)
	}
	s.Close()
	s, err = Open(file, lost)
	if err != nil || s.Rebuilt() {
		t.Fatalf("reopen with the new key: rebuilt=%v, %v; want a plain open", s != nil && s.Rebuilt(), err)
	}
	s.Close()

	// The outbox key itself lost: nothing can be read, and nothing is
	// dropped.
	if _, err := Open(file, NewKeys()); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("open with another outbox key: %v, want ErrWrongKey", err)
	}
	s, err = Open(file, lost)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n, _ := s.OutboxCount(ctx); n != 2 {
		t.Errorf("after a refused open the outbox holds %d actions, want 2", n)
	}
}

// BenchmarkDayAgenda measures what the day view does on every switch: read
// a day of booked slots and open each citizen's sealed name. The mirror
// holds a full day of 300 slots.
func BenchmarkDayAgenda(b *testing.B) {
	s, err := Open(filepath.Join(b.TempDir(), "cache.db"), NewKeys())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	snap := snapshot()
	snap.Slots = nil
	for i := range 300 {
		start := at(8, 0).Add(time.Duration(i) * 2 * time.Minute)
		snap.Slots = append(snap.Slots, model.Slot{ID: fmt.Sprintf("s%03d", i), Start: start, End: start.Add(2 * time.Minute),
			Desk: "Sportello 3", Channel: model.ChannelPhone, Service: "CU", Level: 1, Status: model.StatusBooked,
			CitizenCF: rossi.CF, Phone: "+39 333 123 4567", Version: 1})
	}
	if err := s.ApplySnapshot(context.Background(), snap); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		got, err := s.DayAgenda(context.Background(), day)
		if err != nil || len(got) != 300 {
			b.Fatalf("%d slots, %v", len(got), err)
		}
	}
}

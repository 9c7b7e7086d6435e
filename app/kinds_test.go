package app

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"sportello/cache"
	"sportello/client"
	"sportello/model"
)

// Every kind of action the model knows has its one registered handling,
// and an action of a kind this console does not know (a newer console's)
// is refused as invalid rather than sent blind.
func TestEveryActionKindIsRegistered(t *testing.T) {
	for _, name := range model.ActionKinds {
		if _, err := kindOf(name); err != nil {
			t.Errorf("kind %q: %v", name, err)
		}
	}
	if len(kinds) != len(model.ActionKinds) {
		t.Errorf("%d kinds registered, the model lists %d", len(kinds), len(model.ActionKinds))
	}
	if _, err := kindOf("teleport"); !errors.Is(err, client.ErrRejected) {
		t.Errorf("unknown kind: %v, want ErrRejected", err)
	}
	k, _ := kindOf(model.KindNote)
	if _, err := k.send(t.Context(), nil, "key", []byte("{not json")); !errors.Is(err, client.ErrRejected) {
		t.Errorf("unreadable payload: %v, want ErrRejected", err)
	}
}

// A conflict on an action this console cannot read (of a kind a newer
// console wrote, before the folder came back to this one) hides none of
// the others: it shows, for the operator to accept central's version, and
// is not offered again.
func TestAConflictOfAnUnknownKindHidesNoOther(t *testing.T) {
	c, file := consoleOnFile(t)
	ctx := context.Background()
	cf := "RSSMRA85T10A562S"
	for _, key := range []string{"k-new", "k-old"} {
		if err := c.store.EnqueueNote(ctx, key, model.NoteAction{CF: cf, Text: "nota " + key, At: monday}); err != nil {
			t.Fatal(err)
		}
	}
	pending, err := c.store.Pending(ctx)
	if err != nil || len(pending) != 2 {
		t.Fatalf("pending: %d, %v", len(pending), err)
	}
	for _, a := range pending {
		if err := c.store.ActionConflict(ctx, a.Seq, nil, "cambiato", monday); err != nil {
			t.Fatal(err)
		}
	}
	// The first, as a newer console would have written it.
	writtenByANewerConsole(t, file, "k-new")
	all, err := c.Conflicts(ctx)
	if err != nil || len(all) != 2 {
		t.Fatalf("conflicts: %d, %v; want both", len(all), err)
	}
	unknown := all[0]
	if unknown.Kind != "teleport" || unknown.CanRetry || unknown.Mine == "" || all[1].Kind != model.KindNote || !all[1].CanRetry {
		t.Errorf("conflicts: %+v", all)
	}
	if err := c.ResolveConflict(ctx, unknown.Seq, false); err != nil {
		t.Fatal(err)
	}
	if n, _ := c.store.ConflictCount(ctx); n != 1 {
		t.Errorf("%d conflicts left, want 1", n)
	}
}

// An action held for the undo of a kind this console does not know (a
// newer console's) leaves the undo bar as it is: the other held actions
// still show, and so does it, by when it was recorded.
func TestAHeldActionOfAnUnknownKindHidesNoOther(t *testing.T) {
	c, file := consoleOnFile(t)
	ctx := context.Background()
	slot := func(id string, h int) model.Slot {
		start := monday.Add(time.Duration(h) * time.Hour)
		return model.Slot{ID: id, Start: start, End: start.Add(10 * time.Minute), Office: "7800", Desk: "Sportello 3",
			Channel: model.ChannelInPerson, Service: "CU", Level: 1, Status: model.StatusBooked, CitizenCF: "RSSMRA85T10A562S", Version: 1}
	}
	if err := c.store.ApplyChanges(ctx, []model.Change{{Entity: slot("s1", 9)}, {Entity: slot("s2", 10)}}, "1", monday); err != nil {
		t.Fatal(err)
	}
	until := monday.Add(time.Minute)
	for i, id := range []string{"s1", "s2"} {
		if _, err := c.store.EnqueueSlotEventHeld(ctx, fmt.Sprint("k", i), model.SlotEventAction{SlotID: id, Event: model.EventCheckIn,
			At: monday}, until); err != nil {
			t.Fatal(err)
		}
	}
	writtenByANewerConsole(t, file, "k0")
	held, err := c.HeldActions(ctx)
	if err != nil || len(held) != 2 || held[0].Event != model.EventCheckIn || held[1].Key != "k0" {
		t.Errorf("held actions: %+v, %v; want both", held, err)
	}
	if u, ok, err := c.LastUnsent(ctx, "s1"); err != nil || !ok || u.Key != "k0" {
		t.Errorf("last unsent on s1: %+v, %v, %v", u, ok, err)
	}
}

// consoleOnFile is a console on a cache file of its own, with no server:
// the outbox alone.
func consoleOnFile(t *testing.T) (*Console, string) {
	t.Helper()
	c := newConsole(fixedNow, slog.New(slog.DiscardHandler))
	file := filepath.Join(t.TempDir(), "cache.db")
	var err error
	if c.store, err = cache.Open(file, cache.NewKeys()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.store.Close() })
	return c, file
}

// writtenByANewerConsole gives the outbox action of key a kind this
// console does not know, as a newer console would have written it.
func writtenByANewerConsole(t *testing.T, mirror, key string) {
	t.Helper()
	db, err := sql.Open("sqlite", cache.QueueFile(mirror))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`UPDATE outbox SET kind = 'teleport' WHERE key = ?`, key); err != nil {
		t.Fatal(err)
	}
}

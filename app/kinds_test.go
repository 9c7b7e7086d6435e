package app

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

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
	c := newConsole(fixedNow, slog.New(slog.DiscardHandler))
	file := filepath.Join(t.TempDir(), "cache.db")
	var err error
	if c.store, err = cache.Open(file, cache.NewKeys()); err != nil {
		t.Fatal(err)
	}
	defer c.store.Close()
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
	db, err := sql.Open("sqlite", strings.TrimSuffix(file, ".db")+".queue.db")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `UPDATE outbox SET kind = 'teleport' WHERE key = 'k-new'`); err != nil {
		t.Fatal(err)
	}
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

package app

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"sportello/cache"
	"sportello/client"
	"sportello/client/sandbox"
	"sportello/model"
)

// bookedWithSuggestions returns the file of a citizen booked on the demo's
// day whose file central gives two suggestions or more (one at least).
func bookedWithSuggestions(t *testing.T, c *Console) model.Citizen {
	t.Helper()
	ctx := context.Background()
	day, err := c.DayAgenda(ctx, monday)
	if err != nil {
		t.Fatal(err)
	}
	var best model.Citizen
	for _, e := range day {
		if e.CitizenCF == "" {
			continue
		}
		f, err := c.store.Citizen(ctx, e.CitizenCF)
		if err == nil && len(f.Suggestions) > len(best.Suggestions) {
			best = f
		}
	}
	if len(best.Suggestions) == 0 {
		t.Fatal("no citizen booked on the day with suggestions")
	}
	return best
}

// TestSuggestionMarkedOfflineReachesCentralOnce: a mark given offline is
// in the file at once (pending, with its history entry), survives a lost
// answer, and central applies it once, under the same key.
func TestSuggestionMarkedOfflineReachesCentralOnce(t *testing.T) {
	c, l, sb, _ := testConsole(t)
	ctx := context.Background()
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	file := bookedWithSuggestions(t, c)
	s := file.Suggestions[0]
	opened, err := c.Citizen(ctx, file.CF, model.Access{Reason: model.AccessAppointment})
	if err != nil || len(opened.Suggestions) != len(file.Suggestions) {
		t.Fatalf("file opened: %d suggestions, %v", len(opened.Suggestions), err)
	}

	l.Unplug()
	if err := c.MarkSuggestion(ctx, file.CF, s.ID, model.MarkNotRelevant, ""); !errors.Is(err, model.ErrBadMark) {
		t.Errorf("not relevant without a reason: %v", err)
	}
	if err := c.MarkSuggestion(ctx, file.CF, "SG-none", model.MarkProposed, ""); !errors.Is(err, cache.ErrNoSuchSuggestion) {
		t.Errorf("unknown suggestion: %v", err)
	}
	if err := c.MarkSuggestion(ctx, file.CF, s.ID, model.MarkNotRelevant, " già percepita "); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SyncOnce(ctx); !errors.Is(err, client.ErrOffline) {
		t.Fatalf("sync offline: %v", err)
	}
	local, _ := c.Citizen(ctx, file.CF, model.Access{Reason: model.AccessAppointment})
	got := local.Suggestions[0]
	if got.Mark != model.MarkNotRelevant || got.MarkReason != "già percepita" || !got.Pending || got.MarkedBy != "Anna Lombardi" {
		t.Errorf("suggestion marked offline: %+v", got)
	}
	if h := local.History[0]; !h.Pending || h.Outcome != "suggestion_not_relevant" || h.Service != s.Benefit {
		t.Errorf("history head offline: %+v", h)
	}

	// Only the mark gets through, and its answer is lost after central
	// applied it; the next sync sends it again with the same key.
	l.PassWhileDown(func(r *http.Request) bool { return strings.HasSuffix(r.URL.Path, "/mark") })
	sb.SetFaults(sandbox.Faults{Drops: 1})
	if _, err := c.Push(ctx); err == nil {
		t.Fatal("push with the answer dropped succeeded")
	}
	sb.SetFaults(sandbox.Faults{})
	l.PassWhileDown(nil)
	l.Plug()
	if pending, _ := c.store.Pending(ctx); len(pending) != 1 || pending[0].Kind != model.KindSuggestion {
		t.Errorf("after the lost answer, pending: %+v", pending)
	}
	if ledger, _ := sb.Ledger(ctx); len(ledger) == 0 || ledger[len(ledger)-1].Action != "suggestion_not_relevant" {
		t.Errorf("central did not apply the mark before the answer was lost: %+v", ledger)
	}
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	ledger, _ := sb.Ledger(ctx)
	actions, _ := c.store.Actions(ctx)
	applied := map[string]int{}
	for _, e := range ledger {
		applied[e.Key]++
	}
	n := 0
	for _, a := range actions {
		if a.Kind == model.KindSuggestion {
			n++
			if applied[a.Key] != 1 || a.State != cache.StateDone {
				t.Errorf("mark %s: applied %d times, state %s, %d attempts", a.Key, applied[a.Key], a.State, a.Attempts)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d marks in the outbox, want 1", n)
	}
	after, _ := c.Citizen(ctx, file.CF, model.Access{Reason: model.AccessAppointment})
	if g := after.Suggestions[0]; g.Pending || g.Mark != model.MarkNotRelevant || after.History[0].Pending ||
		after.History[0].Outcome != "suggestion_not_relevant" || len(after.History) != len(opened.History)+1 {
		t.Errorf("after sync: %+v, history head %+v (%d entries, were %d)", g, after.History[0], len(after.History), len(opened.History))
	}

	// The report counts the suggestions shown once per citizen and day,
	// and the marks.
	if err := c.MarkSuggestion(ctx, file.CF, s.ID, model.MarkStarted, ""); err != nil {
		t.Fatal(err)
	}
	st, err := c.SuggestionStats(ctx, monday)
	if err != nil || st != (model.SuggestionStats{Shown: len(file.Suggestions), NotRelevant: 1, Started: 1}) {
		t.Errorf("suggestion stats: %+v, %v (file has %d)", st, err, len(file.Suggestions))
	}
	if r, err := c.DayReport(ctx, monday, ""); err != nil || r.Suggestions != st {
		t.Errorf("day report's suggestions: %+v, %v", r.Suggestions, err)
	}
}

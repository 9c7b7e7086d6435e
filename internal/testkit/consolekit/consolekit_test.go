package consolekit

import (
	"context"
	"testing"
	"time"

	"sportello/app"
	"sportello/client/sandbox"
	"sportello/internal/testkit"
	"sportello/model"
)

// TestLoggedInConsoleHasTheAgendaAndOpensAgain: the console LoggedIn gives
// is synced (the day's agenda is in its mirror); closed, its folder opens
// again with Open, offline, on the same mirror.
func TestLoggedInConsoleHasTheAgendaAndOpensAgain(t *testing.T) {
	monday := time.Date(2026, time.November, 23, 10, 5, 0, 0, model.Rome)
	now := func() time.Time { return monday }
	central := testkit.StartCentral(t, sandbox.Options{Seed: 3, Now: now})
	dir := t.TempDir()
	c := LoggedIn(t, central.URL, "demo", app.Options{DataDir: dir, Now: now})
	ctx := context.Background()
	day, err := c.DayAgenda(ctx, monday)
	if err != nil || len(day) == 0 {
		t.Fatalf("agenda after the login: %d slots, %v", len(day), err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	central.Line.Unplug()
	again := Open(t, app.Options{DataDir: dir, Now: now})
	if day2, err := again.DayAgenda(ctx, monday); err != nil || len(day2) != len(day) {
		t.Errorf("agenda opened again offline: %d slots, %v; want %d", len(day2), err, len(day))
	}
}

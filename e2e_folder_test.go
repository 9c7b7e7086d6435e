package main

import (
	"bytes"
	"context"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"sportello/app"
	"sportello/internal/testkit/consolekit"
)

// TestCommandsShareTheDataFolder runs, right after a login, `sync ∥
// prefetch ∥ sync` on one data folder twenty times, with an action queued
// before each round: every command succeeds (waiting its turn for the
// folder), nothing is set aside as unreadable, every action reaches
// central once and the session lives on. Before the folder lock the
// migrations raced, two processes each created a cache key and one set
// the other's cache aside, and concurrent pushes failed.
func TestCommandsShareTheDataFolder(t *testing.T) {
	requireEnv(t, "Secret Service", app.KeyringAvailable())
	url := startSandbox(t)
	data := filepath.Join(t.TempDir(), "data")
	t.Cleanup(func() { forgetSession(url, "demo") })
	if r := sportello(t, "demo\n", nil, "login", "--server", url, "--operator", "demo", "--data-dir", data); r.code != 0 {
		t.Fatalf("login: exit %d, %s", r.code, r.stderr)
	}
	run := func(args ...string) (int, string) {
		cmd := exec.Command(binary(t), append(args, "--data-dir", data)...)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode(), out.String()
		} else if err != nil {
			return -1, err.Error()
		}
		return 0, out.String()
	}
	ctx := context.Background()
	queued := 0
	for round := range 20 {
		if round > 0 {
			// An action of the operator's, recorded between the rounds
			// (the console is not open: a command may open the folder).
			c, err := app.Open(ctx, app.Options{DataDir: data, Now: clock})
			if err != nil {
				t.Fatalf("round %d: open: %v", round, err)
			}
			day, err := c.DayAgenda(ctx, c.Today())
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range day {
				if e.Booked() {
					if err := c.AddNote(ctx, e.CitizenCF, "Nota di prova del giro "+string(rune('A'+round))); err != nil {
						t.Fatalf("round %d: note: %v", round, err)
					}
					queued++
					break
				}
			}
			if err := c.Close(); err != nil {
				t.Fatal(err)
			}
		}
		var wg sync.WaitGroup
		codes, outs := make([]int, 3), make([]string, 3)
		for i, args := range [][]string{{"sync", "--once"}, {"prefetch", "--days", "1"}, {"sync", "--once"}} {
			wg.Go(func() { codes[i], outs[i] = run(args...) })
		}
		wg.Wait()
		for i, code := range codes {
			if code != 0 {
				t.Fatalf("round %d: command %d exited %d:\n%s", round, i, code, outs[i])
			}
		}
	}
	aside, _ := filepath.Glob(filepath.Join(data, "cache.db.unreadable-*"))
	if len(aside) > 0 {
		t.Errorf("files set aside: %v", aside)
	}
	c := consolekit.Open(t, app.Options{DataDir: data, Now: clock})
	defer c.Close()
	unsent, err := c.Unsent(ctx)
	if err != nil || unsent.Actions != 0 || unsent.Conflicts != 0 || unsent.Audit != 0 {
		t.Errorf("after the rounds: %+v, %v; want nothing left to send and no conflict", unsent, err)
	}
	audit, _ := inspectSandbox(t, url)
	notes := 0
	for id, n := range audit {
		if n != 1 {
			t.Errorf("audit record %s held %d times", id, n)
		}
		notes++
	}
	if notes < queued {
		t.Errorf("central holds %d audit records; want the %d notes' at least", notes, queued)
	}
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Errorf("the session after the rounds: %v", err)
	}
	t.Logf("20 rounds of sync ∥ prefetch ∥ sync, %d notes queued between them", queued)
}

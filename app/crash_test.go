package app

import (
	"context"
	"encoding/hex"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"sportello/cache"
	"sportello/client"
	"sportello/client/sandbox"
	"sportello/internal/testkit"
	"sportello/model"
)

// The crash test runs the sync in a child process (this test binary again,
// in TestCrashChild) and kills it with SIGKILL at random moments of its
// pushes and pulls, then restarts it, as a laptop that loses power would.
const (
	envCache = "SPORTELLO_CRASH_CACHE"
	envKey   = "SPORTELLO_CRASH_KEY"
	envURL   = "SPORTELLO_CRASH_URL"
	envToken = "SPORTELLO_CRASH_TOKEN"
)

// TestCrashChild is the child process of the crash test; run on its own it
// skips. It syncs until a sync succeeds, then exits 0.
func TestCrashChild(t *testing.T) {
	file := os.Getenv(envCache)
	if file == "" {
		t.Skip("child process of TestKilledMidSyncLosesNothing")
	}
	mirror, _ := hex.DecodeString(os.Getenv(envKey))
	outbox, _ := hex.DecodeString(os.Getenv(envKey + "_OUTBOX"))
	store, err := cache.Open(file, cache.Keys{Mirror: mirror, Outbox: outbox})
	if err != nil {
		fmt.Fprintln(os.Stderr, "child: open cache:", err)
		os.Exit(3)
	}
	api, _ := client.New(os.Getenv(envURL), client.Config{Tokens: client.Tokens{Access: os.Getenv(envToken)}, Backoff: time.Millisecond})
	c := newConsole(fixedNow, slog.New(slog.DiscardHandler))
	c.api, c.store = api, store
	for {
		if _, err := c.SyncOnce(context.Background()); err == nil {
			os.Exit(0)
		}
	}
}

func TestKilledMidSyncLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("the crash test takes several seconds")
	}
	sb := testkit.NewSandbox(t, sandbox.Options{Seed: 21, Now: fixedNow, Faults: sandbox.Faults{Latency: 15 * time.Millisecond}})
	url := testkit.Serve(t, sb)
	ctx := context.Background()
	api := demoClient(t, url)
	file, key := filepath.Join(t.TempDir(), "cache.db"), cache.NewKeys()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), envCache+"="+file, envKey+"="+hex.EncodeToString(key.Mirror), envKey+"_OUTBOX="+hex.EncodeToString(key.Outbox), envURL+"="+url, envToken+"="+api.Tokens().Access)
	child := func(killAfter time.Duration) (killed bool) {
		cmd := exec.Command(self, "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = env
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		if killAfter > 0 {
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("child failed: %v", err)
				}
				return false
			case <-time.After(killAfter):
				_ = cmd.Process.Signal(syscall.SIGKILL)
				<-done
				return true
			}
		}
		if err := <-done; err != nil {
			t.Fatalf("child failed: %v", err)
		}
		return false
	}
	child(0) // the first pull, undisturbed

	rng := rand.New(rand.NewPCG(21, 4))
	rounds, kills, inFlight := 16, 0, 0
	used := map[string]bool{}
	for round := range rounds {
		// The operator works (the child is not running): events on two
		// booked slots (a visit with a service added, parked, resumed,
		// given a priority and wrapped up) and a note, all queued.
		store, err := cache.Open(file, key)
		if err != nil {
			t.Fatalf("round %d: open cache: %v", round, err)
		}
		var picked []model.AgendaEntry
		for _, day := range model.NextWorkingDays(monday, SyncDays) {
			entries, _ := store.DayAgenda(ctx, day)
			for _, e := range entries {
				if len(picked) < 2 && e.Status == model.StatusBooked && e.Start.After(monday) && !used[e.ID] && !e.Pending {
					used[e.ID] = true
					picked = append(picked, e)
				}
			}
		}
		if len(picked) < 2 {
			t.Fatalf("round %d: no booked slots left", round)
		}
		at := monday.Add(time.Duration(round) * time.Minute)
		extra := "cu" // a service besides the booked one
		if picked[0].Service == "Certificazione Unica (CU)" {
			extra = "obism"
		}
		for i, ev := range []model.SlotEventAction{
			{SlotID: picked[0].ID, Event: model.EventCheckIn}, {SlotID: picked[0].ID, Event: model.EventStart},
			{SlotID: picked[0].ID, Event: model.EventAddService, Services: []string{extra}},
			{SlotID: picked[0].ID, Event: model.EventPark}, {SlotID: picked[0].ID, Event: model.EventResume},
			{SlotID: picked[0].ID, Event: model.EventPriority, Priority: model.PriorityElderly},
			{SlotID: picked[0].ID, Event: model.EventComplete, Outcome: model.OutcomeDocumentRequested, Note: fmt.Sprintf("giro %d", round),
				Services: []string{"pagamenti", extra}, NotRepresentative: round%2 == 0},
			{SlotID: picked[1].ID, Event: model.EventNoShow},
		} {
			ev.At = at
			if _, err := store.EnqueueSlotEvent(ctx, fmt.Sprintf("r%02d-e%d-%s", round, i, client.NewIdempotencyKey()[:8]), ev); err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
		}
		if err := store.EnqueueNote(ctx, fmt.Sprintf("r%02d-note-%s", round, client.NewIdempotencyKey()[:8]),
			model.NoteAction{CF: picked[0].CitizenCF, Text: fmt.Sprintf("Nota del giro %d", round), At: at, AuthorID: "demo", Author: "Anna Lombardi"}); err != nil {
			t.Fatal(err)
		}
		store.Close()
		// Power cuts at random moments, then a run to the end.
		for range 3 {
			if child(time.Duration(5+rng.IntN(150)) * time.Millisecond) {
				kills++
				inFlight += appliedNotConfirmed(t, file, key, sb)
			}
		}
		child(0)
	}

	store, err := cache.Open(file, key)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	var ok string
	if err := store.IntegrityCheck(ctx, &ok); err != nil || ok != "ok" {
		t.Fatalf("integrity check: %q, %v", ok, err)
	}
	actions := assertConverged(t, store, sb, api, rounds*9)
	t.Logf("%d rounds, %d SIGKILLs mid-sync (%d times an action was applied centrally but not yet confirmed locally), %d actions each applied once centrally",
		rounds, kills, inFlight, len(actions))
}

// assertConverged checks that every queued action reached central exactly
// once (its ledger), that none is left pending, and that the mirror agrees
// with central on every booked slot of the synced days. It returns the
// actions.
func assertConverged(t *testing.T, store *cache.Store, sb *sandbox.Sandbox, api *client.Client, want int) []cache.Action {
	t.Helper()
	ctx := context.Background()
	actions, _ := store.Actions(ctx)
	ledger, _ := sb.Ledger(ctx)
	applied := map[string]int{}
	for _, e := range ledger {
		applied[e.Key]++
	}
	if len(actions) != want || len(ledger) != len(actions) {
		t.Errorf("%d actions queued, %d applied centrally; want %d and %d", len(actions), len(ledger), want, want)
	}
	for _, a := range actions {
		if a.State != cache.StateDone || applied[a.Key] != 1 {
			t.Errorf("action %s: state %s, applied %d times", a.Key, a.State, applied[a.Key])
		}
	}
	days := model.NextWorkingDays(monday, SyncDays)
	central, err := api.Agenda(ctx, days[0], days[len(days)-1])
	if err != nil {
		t.Fatal(err)
	}
	mirror := map[string]model.AgendaEntry{}
	for _, d := range days {
		entries, _ := store.DayAgenda(ctx, d)
		for _, e := range entries {
			mirror[e.ID] = e
		}
	}
	for _, s := range central {
		m, found := mirror[s.ID]
		if s.Status == model.StatusFree {
			continue
		}
		if !found || m.Status != s.Status || m.Version != s.Version || m.Pending {
			t.Errorf("slot %s: central %s v%d, mirror %s v%d (found %v)", s.ID, s.Status, s.Version, m.Status, m.Version, found)
		}
		if found && (!slices.Equal(slices.Sorted(slices.Values(m.Services)), slices.Sorted(slices.Values(s.Services))) ||
			m.Priority != s.Priority || m.NotRepresentative != s.NotRepresentative || m.Note != s.Note) {
			t.Errorf("slot %s's visit: central %q %s %v, mirror %q %s %v", s.ID, s.Services, s.Priority, s.NotRepresentative,
				m.Services, m.Priority, m.NotRepresentative)
		}
	}
	return actions
}

// appliedNotConfirmed counts the actions central applied that the killed
// child had not yet marked done: the window where a naive retry would
// apply them twice.
func appliedNotConfirmed(t *testing.T, file string, key cache.Keys, sb *sandbox.Sandbox) int {
	t.Helper()
	ctx := context.Background()
	store, err := cache.Open(file, key)
	if err != nil {
		t.Fatalf("cache after a kill: %v", err)
	}
	defer store.Close()
	pending, _ := store.Pending(ctx)
	ledger, _ := sb.Ledger(ctx)
	applied := map[string]bool{}
	for _, e := range ledger {
		applied[e.Key] = true
	}
	n := 0
	for _, a := range pending {
		if applied[a.Key] {
			n++
		}
	}
	return n
}

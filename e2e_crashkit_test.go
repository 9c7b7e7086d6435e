package main

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"sportello/app"
	"sportello/internal/testkit/consolekit"
	"sportello/model"
)

// Where a kill landed, judged from central's ledger and the local outbox
// after it.
const (
	landStart   = "before the refresh"        // the process died before central rotated its refresh token
	landRotated = "inside the refresh window" // central rotated the refresh token, the keyring still has the old one
	landBefore  = "before any send"           // refreshed, but no action of the outbox applied by this run
	landWindow  = "inside the window"         // central applied an action the local outbox still has pending
	landBetween = "between confirmations"     // some actions confirmed by this run, the others not yet sent
	landAfter   = "after confirmation"        // the outbox empty: audit records, pull or the end of the run
	landDone    = "finished before the kill"  // the run ended by itself (not a kill)
	landFailed  = "failed by itself"          // the run gave up by itself (the line), its work kept for the next
)

// crashState is what central and this computer hold at one moment.
type crashState struct {
	actions      []string // keys of the actions queued on this computer (their audit records' ids)
	trail        []model.AuditEntry
	unsent       app.Unsent     // what this computer has not got to central
	ledger       map[string]int // central: state changes applied per Idempotency-Key
	centralAudit map[string]int // central: audit records received per id
	token        string         // the refresh token in the keyring
	issued       int            // central: tokens issued (each refresh adds two)
}

// applied counts the queued actions central applied.
func (s crashState) applied() int {
	n := 0
	for _, k := range s.actions {
		if s.ledger[k] > 0 {
			n++
		}
	}
	return n
}

// confirmed counts the queued actions this computer knows central took.
func (s crashState) confirmed() int { return len(s.actions) - s.unsent.Actions - s.unsent.Conflicts }

// auditInWindow counts the audit records central holds that this computer
// still has waiting.
func (s crashState) auditInWindow() int {
	n := 0
	for _, e := range s.trail {
		if e.SentAt.IsZero() && s.centralAudit[e.ID] > 0 {
			n++
		}
	}
	return n
}

// readCrashState opens the data folder in-process (no sync runs then) and
// inspects the sandbox.
func readCrashState(t *testing.T, url, data string) crashState {
	t.Helper()
	ctx := context.Background()
	c := consolekit.Open(t, app.Options{DataDir: data, Now: clock, Logger: slog.New(slog.DiscardHandler)})
	defer c.Close()
	var s crashState
	var err error
	if s.trail, err = c.AuditTrail(ctx); err != nil {
		t.Fatal(err)
	}
	// The audit record of an action bears the action's idempotency key;
	// an opening of a file and the rights to check it showed are not
	// actions.
	for _, e := range s.trail {
		if e.Action != app.AuditOpenFile && e.Action != model.AuditSuggestionShown {
			s.actions = append(s.actions, e.ID)
		}
	}
	if s.unsent, err = c.Unsent(ctx); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	s.ledger, s.centralAudit, s.issued = sandboxLedger(t, url)
	if s.token, err = keyring.Get("Sportello", "token:demo@"+url); err != nil {
		t.Fatalf("refresh token in the keyring: %v", err)
	}
	return s
}

// sandboxLedger reads central's ledger (state changes applied per
// Idempotency-Key), audit records (per id) and how many tokens it issued
// from a standalone sandbox.
func sandboxLedger(t *testing.T, url string) (ledger, audit map[string]int, issued int) {
	t.Helper()
	in := inspect(t, url)
	return in.Ledger, in.Audit, len(in.Tokens)
}

// queueWork opens the data folder in-process, as the console does, and
// records what happened at n booked slots of the synced days: each a
// check-in (then, by chance, the start and the completion, a note on the
// file) or a no-show, and the citizen's file opened. Every action is
// queued with its audit record. It returns how many actions it queued and
// how many files it opened.
func queueWork(t *testing.T, data string, rng *rand.Rand, n int, used map[string]bool, round int) (queued, opened int) {
	t.Helper()
	ctx := context.Background()
	c, err := app.Open(ctx, app.Options{DataDir: data, Now: clock, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatalf("round %d: open the data folder: %v", round, err)
	}
	defer c.Close()
	var booked []model.AgendaEntry
	for _, day := range model.NextWorkingDays(c.Today(), app.SyncDays) {
		entries, err := c.DayAgenda(ctx, day)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.Status == model.StatusBooked && !e.Pending && !used[e.ID] {
				booked = append(booked, e)
			}
		}
	}
	for i := 0; i < n && len(booked) > 0; i++ {
		j := rng.IntN(len(booked))
		e := booked[j]
		booked = append(booked[:j], booked[j+1:]...)
		used[e.ID] = true
		if _, err := c.Citizen(ctx, e.CitizenCF, model.Access{Reason: model.AccessAppointment, Ref: e.ID}); err != nil {
			t.Fatalf("round %d: open the file of slot %s: %v", round, e.ID, err)
		}
		opened++
		events := []model.SlotEvent{model.EventNoShow}
		if rng.IntN(3) > 0 {
			events = []model.SlotEvent{model.EventCheckIn}
			if rng.IntN(2) == 0 {
				events = append(events, model.EventStart, model.EventComplete)
			}
		}
		for _, ev := range events {
			outcome, note := model.Outcome(""), ""
			if ev == model.EventComplete {
				outcome, note = model.OutcomeResolved, fmt.Sprintf("Giro %d: pratica chiarita allo sportello.", round)
			}
			if _, err := c.RecordSlotEvent(ctx, e.ID, ev, outcome, note); err != nil {
				t.Fatalf("round %d: %s on slot %s: %v", round, ev, e.ID, err)
			}
			queued++
		}
		if events[0] == model.EventCheckIn && rng.IntN(2) == 0 {
			if err := c.AddNote(ctx, e.CitizenCF, fmt.Sprintf("Giro %d: il cittadino porterà i documenti mancanti.", round)); err != nil {
				t.Fatalf("round %d: note: %v", round, err)
			}
			queued++
		}
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	return queued, opened
}

// syncKilled runs `sportello sync --once` on data and kills it with
// SIGKILL after the delay, unless it ended first. It returns whether it
// was killed, its exit status otherwise, its standard error and how long
// it ran.
func syncKilled(t *testing.T, data string, after time.Duration) (killed bool, code int, stderr string, took time.Duration) {
	t.Helper()
	cmd := exec.Command(binary(t), "sync", "--once", "--data-dir", data)
	cmd.Env = os.Environ()
	var errb syncBuffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	status := func(err error) int {
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return 0
	}
	kill := time.NewTimer(after)
	defer kill.Stop()
	select {
	case err := <-done:
		return false, status(err), errb.String(), time.Since(start)
	case <-kill.C:
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err := <-done
	// A request central was handling when its client died is over
	// (applied or dropped) before anyone looks.
	time.Sleep(50 * time.Millisecond)
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok && !ee.Exited() {
			return true, -1, errb.String(), after // died of the signal
		}
		return false, status(err), errb.String(), after // ended by itself just before
	}
	return false, 0, errb.String(), after
}

// landing says where a kill (or a run that ended by itself) landed, from
// the states before and after the run.
func landing(before, now crashState, killed bool, code int) string {
	switch {
	case !killed && code != 0:
		return landFailed
	case !killed:
		return landDone
	case now.applied() > before.applied() && now.applied() > now.confirmed():
		return landWindow
	case now.applied() == before.applied() && now.confirmed() == before.confirmed() && now.token == before.token:
		if now.issued > before.issued {
			return landRotated
		}
		return landStart
	case now.applied() == before.applied() && now.confirmed() == before.confirmed():
		return landBefore
	case now.unsent.Actions == 0:
		return landAfter
	}
	return landBetween
}

// checkAfterKill checks what must hold at any moment: nothing confirmed
// here that central did not apply, nothing applied twice, no conflict.
func checkAfterKill(t *testing.T, where string, now crashState) {
	t.Helper()
	if now.confirmed() > now.applied() {
		t.Errorf("%s: %d actions confirmed here, only %d applied centrally", where, now.confirmed(), now.applied())
	}
	for _, k := range now.actions {
		if now.ledger[k] > 1 {
			t.Errorf("%s: action %s applied %d times centrally", where, k, now.ledger[k])
		}
	}
	if now.unsent.Conflicts > 0 {
		t.Errorf("%s: %d conflicts; the actions are on slots nobody else touches", where, now.unsent.Conflicts)
	}
}

// crashSeed is the seed of a crash test's random choices: a new one at
// each run, or SPORTELLO_CRASH_SEED's.
func crashSeed(t *testing.T) *rand.Rand {
	t.Helper()
	seed := rand.Uint64()
	if v := os.Getenv("SPORTELLO_CRASH_SEED"); v != "" {
		var err error
		if seed, err = strconv.ParseUint(v, 10, 64); err != nil {
			t.Fatalf("SPORTELLO_CRASH_SEED: %v", err)
		}
	}
	t.Logf("seed %d (SPORTELLO_CRASH_SEED=%d repeats the same choices)", seed, seed)
	return rand.New(rand.NewPCG(seed, 0x5157))
}

// crashLatency is the sandbox's delay before every answer, in ms: a sync
// lasts long enough to be killed half-way.
const crashLatency = 20

// loggedInFolder starts a standalone sandbox, logs the demo operator in
// with the command (the refresh token in the keyring) and syncs once. It
// returns the sandbox's URL and the data folder.
func loggedInFolder(t *testing.T) (url, data string) {
	t.Helper()
	url = startSandbox(t, "--latency", fmt.Sprintf("%dms", crashLatency))
	data = filepath.Join(t.TempDir(), "data")
	loginAndSync(t, nil, url, data)
	return url, data
}

// assertNothingLost syncs to the end on a clean line, then checks that
// every action on this computer's trail was applied exactly once
// centrally and nothing else was, that central received every audit
// record exactly once, and that nothing is left to send. queued and
// records are how many actions and audit records the test made (-1: not
// known to the test).
func assertNothingLost(t *testing.T, url, data string, queued, records int) crashState {
	t.Helper()
	setFaults(t, url, fmt.Sprintf(`{"latency_ms":%d}`, crashLatency))
	// The final syncs run an hour later: the undo window of the last
	// actions recorded (held on the clock of the console that recorded
	// them) is long over.
	later := []string{"SPORTELLO_TEST_CLOCK=" + clock().Add(time.Hour).Format(time.RFC3339)}
	if r := sportello(t, "", later, "sync", "--once", "--data-dir", data); r.code != 0 {
		t.Fatalf("final sync: exit %d, %q", r.code, r.stderr)
	}
	if r := sportello(t, "", later, "sync", "--once", "--data-dir", data); r.code != 0 || !strings.Contains(r.stdout, " 0 azioni inviate") {
		t.Errorf("a sync after the final one: exit %d, %q %q; want nothing sent", r.code, r.stdout, r.stderr)
	}
	end := readCrashState(t, url, data)
	if queued >= 0 && len(end.actions) != queued {
		t.Errorf("%d actions on this computer's trail, %d queued", len(end.actions), queued)
	}
	// The rights to check a file showed are recorded besides its opening
	// (one record per right and day, for the report): the test does not
	// count them.
	made := 0
	for _, e := range end.trail {
		if e.Action != model.AuditSuggestionShown {
			made++
		}
	}
	if records >= 0 && made != records {
		t.Errorf("%d audit records of openings and actions on this computer's trail, %d made", made, records)
	}
	for _, k := range end.actions {
		if n := end.ledger[k]; n != 1 {
			t.Errorf("action %s applied %d times centrally, want once", k, n)
		}
	}
	if len(end.ledger) != len(end.actions) {
		t.Errorf("central's ledger holds %d keys, %d actions were queued", len(end.ledger), len(end.actions))
	}
	for _, e := range end.trail {
		if n := end.centralAudit[e.ID]; n != 1 {
			t.Errorf("audit record %s (%s) received %d times centrally, want once", e.ID, e.Action, n)
		}
	}
	if len(end.centralAudit) != len(end.trail) {
		t.Errorf("central holds %d audit records, this computer made %d", len(end.centralAudit), len(end.trail))
	}
	if end.unsent.Total() != 0 {
		t.Errorf("left unsent on this computer: %+v", end.unsent)
	}
	once, auditOnce := 0, 0
	for _, k := range end.actions {
		if end.ledger[k] == 1 {
			once++
		}
	}
	for _, e := range end.trail {
		if end.centralAudit[e.ID] == 1 {
			auditOnce++
		}
	}
	t.Logf("%d actions queued, %d applied exactly once centrally (%d ledger keys); %d audit records made, %d received exactly once (%d held centrally); unsent here: %+v",
		len(end.actions), once, len(end.ledger), len(end.trail), auditOnce, len(end.centralAudit), end.unsent)
	return end
}

// tally formats the landings, sorted.
func tally(landed map[string]int) string {
	zones := make([]string, 0, len(landed))
	for z, n := range landed {
		zones = append(zones, fmt.Sprintf("%s %d", z, n))
	}
	sort.Strings(zones)
	return strings.Join(zones, ", ")
}

// lastLine is the last non-empty line of a command's output.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

package app

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"sportello/client"
	"sportello/client/sandbox"
	"sportello/internal/testkit"
	"sportello/model"
)

// lossyLine is a loopback link to a sandbox that loses the answers to
// refreshes while told to: central rotates the token, the console never
// hears of it.
type lossyLine struct {
	sb      *sandbox.Sandbox
	lose    atomic.Bool
	refresh atomic.Int32 // refreshes central received
}

func (l *lossyLine) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/v1/auth/refresh" {
		l.refresh.Add(1)
		if l.lose.Load() {
			l.sb.ServeHTTP(httptest.NewRecorder(), r) // done centrally…
			panic(http.ErrAbortHandler)               // …and the answer lost
		}
	}
	l.sb.ServeHTTP(w, r)
}

// sessionClock is the sandbox's and the consoles' clock, moved by a test.
type sessionClock struct{ ns atomic.Int64 }

func (c *sessionClock) now() time.Time      { return time.Unix(0, c.ns.Load()).In(model.Rome) }
func (c *sessionClock) add(d time.Duration) { c.ns.Add(int64(d)) }
func newSessionClock(at time.Time) *sessionClock {
	c := &sessionClock{}
	c.ns.Store(at.UnixNano())
	return c
}

// lossyServer serves a sandbox on the clock over a lossy loopback line.
func lossyServer(t *testing.T, clk *sessionClock) (*lossyLine, string) {
	t.Helper()
	l := &lossyLine{sb: testkit.NewSandbox(t, sandbox.Options{Seed: 3, Now: clk.now})}
	return l, testkit.Serve(t, l)
}

// TestALostRefreshAnswerDoesNotEndTheSession: the answers to a refresh
// are lost on the line (central rotated the token, the console kept the
// old one); half an hour later, far past the old two-minute grace, the
// next sync presents the old token again and is still signed in.
func TestALostRefreshAnswerDoesNotEndTheSession(t *testing.T) {
	requireKeyring(t)
	clk := newSessionClock(monday)
	l, url := lossyServer(t, clk)
	dir := filepath.Join(t.TempDir(), "data")
	ctx := context.Background()
	c := loggedIn(t, Options{DataDir: dir, Now: clk.now, Console: true}, url)
	defer c.Close()
	kept, _ := loadToken(url, "demo")

	// The access token expires; every answer to the refresh is lost.
	clk.add(sandbox.TokenLifetime + time.Minute)
	l.lose.Store(true)
	before := l.refresh.Load()
	_, err := c.SyncOnce(ctx)
	if !errors.Is(err, client.ErrOffline) || sessionExpired(err) {
		t.Fatalf("sync with the refresh answers lost: %v; want offline, not expired", err)
	}
	if l.refresh.Load() == before {
		t.Fatal("no refresh reached central")
	}
	if now, _ := loadToken(url, "demo"); now != kept {
		t.Fatal("the keyring holds a token the console never received")
	}

	// Half an hour later the line is good again.
	clk.add(30 * time.Minute)
	l.lose.Store(false)
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatalf("sync after the lost answers: %v; want still signed in", err)
	}
	rotated, _ := loadToken(url, "demo")
	if rotated == kept {
		t.Error("the keyring still holds the spent refresh token")
	}
	// And the token kept works for the next start.
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	clk.add(sandbox.TokenLifetime + time.Minute)
	again, err := Open(ctx, Options{DataDir: dir, Now: clk.now, Console: true})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if _, err := again.SyncOnce(ctx); err != nil {
		t.Fatalf("sync after a restart: %v", err)
	}
}

// TestConsoleAndCommandShareTheSession runs the console and a command
// (`sportello sync --once`) on one data folder, side by side, for six
// token lifetimes, each lifetime far past the replay grace: every sync of
// either succeeds, and the work queued is applied once. Without the
// keyring read before each refresh, the second process would present the
// token the first had spent, and central would end the session.
func TestConsoleAndCommandShareTheSession(t *testing.T) {
	requireKeyring(t)
	clk := newSessionClock(monday)
	l, url := lossyServer(t, clk)
	dir := filepath.Join(t.TempDir(), "data")
	ctx := context.Background()
	// No undo window: each round's check-in is sent by the round's sync.
	con := loggedIn(t, Options{DataDir: dir, Now: clk.now, Console: true, UndoWindow: -1}, url)
	defer con.Close()
	cli, err := Open(ctx, Options{DataDir: dir, Now: clk.now})
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()

	var slots []string
	for round := range 6 {
		clk.add(sandbox.TokenLifetime + sandbox.RefreshGrace + time.Minute)
		slot := nextBooked(t, con, round)
		if _, err := con.RecordSlotEvent(ctx, slot.ID, model.EventCheckIn, "", ""); err != nil {
			t.Fatal(err)
		}
		slots = append(slots, slot.ID)
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, c := range []*Console{con, cli} {
			wg.Go(func() { _, errs[i] = c.SyncOnce(ctx) })
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d: sync of the %s: %v", round, []string{"console", "command"}[i], err)
			}
		}
	}
	if l.refresh.Load() < 6 {
		t.Errorf("%d refreshes in six token lifetimes; want one at least each", l.refresh.Load())
	}
	ledger, err := l.sb.Ledger(ctx)
	if err != nil {
		t.Fatal(err)
	}
	applied := map[string]int{}
	for _, e := range ledger {
		applied[e.EntityID]++
	}
	for _, id := range slots {
		if applied[id] != 1 {
			t.Errorf("the check-in of slot %s applied %d times, want once", id, applied[id])
		}
	}
	if n, _ := con.store.Unsent(ctx); n.Actions != 0 {
		t.Errorf("%d actions still queued", n.Actions)
	}
	if _, err := keyring.Get(keyringService, account("token", url, "demo")); err != nil {
		t.Errorf("the session's token left the keyring: %v", err)
	}
}

// TestOneConsoleAFolderAndCommandsWaitTheirTurn: a second console on the
// folder is refused with a message that says so; a command waits while
// another process works on the folder, and gives up with its own message
// when that lasts too long.
func TestOneConsoleAFolderAndCommandsWaitTheirTurn(t *testing.T) {
	requireKeyring(t)
	srv := startCentral(t)
	dir := filepath.Join(t.TempDir(), "data")
	c := loggedInConsole(t, dir, srv.URL)
	defer c.Close()
	ctx := context.Background()
	if _, err := Open(ctx, Options{DataDir: dir, Now: fixedNow}); err != nil {
		t.Fatalf("a command beside the console: %v", err)
	}
	first, err := Open(ctx, Options{DataDir: dir, Now: fixedNow, Console: true})
	if err != nil {
		t.Fatal(err)
	}
	_, err = Open(ctx, Options{DataDir: dir, Now: fixedNow, Console: true})
	if !errors.Is(err, ErrAlreadyOpen) || Explain(err) != "Sportello è già aperto su questa cartella di dati: usa la finestra già aperta (anche se ridotta a icona) oppure chiudila e riprova." {
		t.Errorf("a second console: %v (%q); want ErrAlreadyOpen, said in Italian", err, Explain(err))
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	second, err := Open(ctx, Options{DataDir: dir, Now: fixedNow, Console: true})
	if err != nil {
		t.Fatalf("a console after the first closed: %v", err)
	}
	second.Close()

	// Another process works on the folder: a sync waits for it…
	release, err := lockFolder(ctx, c.folder, workLock, 0)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { _, err := c.SyncOnce(ctx); done <- err }()
	select {
	case err := <-done:
		t.Fatalf("a sync did not wait for the folder: %v", err)
	case <-time.After(300 * time.Millisecond):
	}
	release()
	if err := <-done; err != nil {
		t.Fatalf("the sync after its turn: %v", err)
	}
	// …and gives up when it lasts too long.
	defer func(w time.Duration) { FolderWait = w }(FolderWait)
	FolderWait = 200 * time.Millisecond
	release, err = lockFolder(ctx, c.folder, workLock, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	if _, err := c.SyncOnce(ctx); !errors.Is(err, ErrFolderBusy) || Explain(err) == Explain(errors.New("x")) {
		t.Errorf("a sync with the folder kept busy: %v (%q); want ErrFolderBusy with its own message", err, Explain(err))
	}
}

package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"sportello/assets/i18n"
	"sportello/cache"
	"sportello/client"
	"sportello/client/sandbox"
	"sportello/internal/testkit"
	"sportello/model"
)

// monday is a working Monday morning in Rome.
var monday = time.Date(2026, time.November, 23, 10, 5, 0, 0, model.Rome)

func fixedNow() time.Time { return monday }

// requireKeyring makes sure a real Secret Service answers (see
// testkit.RequireKeyring).
func requireKeyring(t *testing.T) {
	t.Helper()
	testkit.RequireKeyring(t, KeyringAvailable())
}

// startCentral serves the seeded sandbox of app's tests over loopback HTTP.
func startCentral(t *testing.T) *testkit.Central {
	t.Helper()
	return testkit.StartCentral(t, sandbox.Options{Seed: 3, Now: fixedNow})
}

// loggedInConsole logs the demo operator in to url with the real keyring
// (removing its entries at the end), opens the console on dir and syncs.
func loggedInConsole(t *testing.T, dir, url string) *Console {
	t.Helper()
	return loggedIn(t, Options{DataDir: dir, Now: fixedNow}, url)
}

// loggedIn logs the demo operator in to url with the real keyring
// (removing its entries at the end), opens the console of opts and syncs.
func loggedIn(t *testing.T, opts Options, url string) *Console {
	t.Helper()
	ctx := context.Background()
	if _, err := Login(ctx, opts.DataDir, url, "demo", "demo"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { forget(url, "demo") })
	c, err := Open(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	return c
}

// demoClient returns a client of the server at url, logged in as the demo
// operator.
func demoClient(t testing.TB, url string) *client.Client {
	t.Helper()
	api, err := client.New(url, client.Config{})
	if err == nil {
		_, err = api.Login(context.Background(), "demo", "demo")
	}
	if err != nil {
		t.Fatal(err)
	}
	return api
}

// filesUnder returns the bytes of every file under dir.
func filesUnder(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		out[p] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestLoginSyncLogoutWithRealKeyring(t *testing.T) {
	requireKeyring(t)
	srv := startCentral(t)
	dir := t.TempDir()
	ctx := context.Background()

	op, err := Login(ctx, dir, srv.URL, "demo", "demo")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { forget(srv.URL, "demo") })
	if op.Office.Name != "Sede provinciale di Salerno" {
		t.Errorf("operator office = %q", op.Office.Name)
	}
	token, err := keyring.Get(keyringService, account("token", srv.URL, "demo"))
	if err != nil || len(token) < 16 {
		t.Fatalf("token not in the keyring: %q, %v", token, err)
	}
	cfg, err := LoadConfig(dir)
	if err != nil || cfg.Server != srv.URL || cfg.Operator != "demo" {
		t.Fatalf("config = %+v, %v", cfg, err)
	}

	c, err := Open(ctx, Options{DataDir: dir, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := c.SyncOnce(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Pull.Changes < 4*28+24 || rep.Pull.Files == 0 || !rep.Pull.Until.Equal(model.Day(monday).AddDate(0, 0, 4)) {
		t.Errorf("sync report = %+v, want at least the week's slots and files until Friday", rep)
	}
	day, err := c.DayAgenda(ctx, c.Today())
	if err != nil || len(day) == 0 {
		t.Fatalf("day agenda: %d entries, %v", len(day), err)
	}
	first := day[0]
	for _, e := range day {
		if e.Booked() {
			first = e
			break
		}
	}
	if first.CitizenName == "" {
		t.Errorf("first slot has no citizen name: %+v", first)
	}
	cit, err := c.Citizen(ctx, first.CitizenCF, model.Access{Reason: model.AccessAppointment})
	if err != nil || cit.FullName() != first.CitizenName {
		t.Errorf("citizen file = %+v, %v", cit, err)
	}

	// With the server gone, sync fails as offline and the mirror keeps
	// serving the day.
	srv.Close()
	if _, err := c.SyncOnce(ctx); !errors.Is(err, client.ErrOffline) {
		t.Errorf("sync with server down: %v, want ErrOffline", err)
	}
	if again, err := c.DayAgenda(ctx, c.Today()); err != nil || len(again) != len(day) {
		t.Errorf("offline day agenda: %d entries, %v; want %d", len(again), err, len(day))
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}

	// Nothing the app wrote holds the token, the citizen's name or code.
	files := filesUnder(t, dir)
	if len(files) < 2 {
		t.Fatalf("expected config and cache files, got %v", files)
	}
	for name, b := range files {
		for _, secret := range []string{token, first.CitizenCF, cit.FamilyName + "\"", cit.Address} {
			if bytes.Contains(b, []byte(secret)) {
				t.Errorf("%s contains a secret or personal datum (%d bytes)", name, len(secret))
			}
		}
	}

	// The opening of the file never reached central: logging out, which
	// wipes the keys, would lose it.
	var unsent *UnsentError
	if err := Logout(ctx, dir, true); !errors.As(err, &unsent) || unsent.Audit != 1 || unsent.Total() != 1 {
		t.Fatalf("logout with an audit entry unsent: %v, want refused for it", err)
	}
	if _, err := keyring.Get(keyringService, account("token", srv.URL, "demo")); err != nil {
		t.Errorf("a refused logout removed the token: %v", err)
	}
}

func TestFailedLoginWritesNothing(t *testing.T) {
	srv := startCentral(t)
	dir := filepath.Join(t.TempDir(), "data")
	ctx := context.Background()
	if _, err := Login(ctx, dir, srv.URL, "demo", "sbagliata"); !errors.Is(err, client.ErrInvalidCredentials) {
		t.Errorf("wrong password: %v, want ErrInvalidCredentials", err)
	}
	if _, err := Login(ctx, dir, "http://127.0.0.1:1", "demo", "demo"); !errors.Is(err, client.ErrOffline) {
		t.Errorf("unreachable server: %v, want ErrOffline", err)
	}
	if _, err := Login(ctx, dir, "http://central.inps.example", "demo", "demo"); !errors.Is(err, client.ErrInsecure) {
		t.Errorf("plain http to another host: %v, want ErrInsecure", err)
	}
	if _, err := Login(ctx, dir, "127.0.0.1:8080", "demo", "demo"); !errors.Is(err, client.ErrBadAddress) {
		t.Errorf("address without scheme: %v, want ErrBadAddress", err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("failed logins created %s", dir)
	}
}

func TestEmbeddedSandboxConsole(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	c, err := Open(ctx, Options{DataDir: dir, Now: fixedNow, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if !c.Sandbox() || !strings.HasPrefix(c.Server(), "http://127.0.0.1:") {
		t.Fatalf("console not on the embedded loopback sandbox: %s", c.Server())
	}
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	op, err := c.Operator(ctx)
	if err != nil || op.ID != SandboxOperator || op.Roles[0] != model.RoleSportello {
		t.Errorf("operator = %+v, %v", op, err)
	}
	day, err := c.DayAgenda(ctx, c.Today())
	if err != nil || len(day) < 10 {
		t.Fatalf("day agenda: %d entries, %v", len(day), err)
	}
	if _, err := os.Stat(filepath.Join(dir, "sandbox", "demo", "cache.db")); err != nil {
		t.Errorf("sandbox cache not under data-dir/sandbox/demo: %v", err)
	}
	// Another demo operator has a mirror of their own, and is known (with
	// their roles) before any sync.
	cric, err := Open(ctx, Options{DataDir: dir, Now: fixedNow, Operator: "cric"})
	if err != nil {
		t.Fatal(err)
	}
	defer cric.Close()
	if op, err := cric.Operator(ctx); err != nil || op.ID != "cric" || len(op.Sections) != 2 || op.Roles[0] != model.RoleCRIC {
		t.Errorf("the consultant before a sync: %+v, %v", op, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "sandbox", "cric", "cache.db")); err != nil {
		t.Errorf("the consultant's mirror: %v", err)
	}
}

func TestTodayIsNextWorkingDay(t *testing.T) {
	sat := time.Date(2026, time.December, 5, 9, 0, 0, 0, model.Rome)
	c := &Console{now: func() time.Time { return sat }}
	if got := c.Today(); got.Weekday() != time.Monday || got.Day() != 7 {
		t.Errorf("Today on Saturday 5 Dec = %s, want Monday 7 Dec", got)
	}
}

func TestExplainSaysWhatToDo(t *testing.T) {
	errs := []error{ErrNoKeyring, ErrNotLoggedIn, client.ErrInvalidCredentials, client.ErrUnauthorized,
		client.ErrOffline, client.ErrServer, client.ErrBadResponse, client.ErrBadAddress, model.ErrCFCheck,
		client.ErrTooLarge, ErrTooManyAttempts, client.ErrRedirect, cache.ErrDiskFull, cache.ErrReadOnly, cache.ErrCorrupt,
		cache.ErrTampered, ErrNotAudited, ErrAlreadyOpen, ErrFolderBusy, &BadConfigError{Path: "config.json"},
		&GraphicsError{Cause: errors.New("GLX: GLX extension not found")}}
	seen := map[string]bool{}
	for _, e := range errs {
		msg := Explain(fmt.Errorf("wrapped: %w", e))
		if msg == Explain(errors.New("x")) || seen[msg] {
			t.Errorf("%v: message %q is generic or shared", e, msg)
		}
		seen[msg] = true
	}
	held := &client.APIError{Status: 409, Code: "held", Central: model.Scheda{HolderName: "Teresa Vitale"}}
	forbidden := &client.APIError{Status: 403, Code: "forbidden"}
	for err, want := range map[error]string{
		fmt.Errorf("claim: %w", held):              "Teresa Vitale",
		fmt.Errorf("schede: %w", forbidden):        "non consentita",
		fmt.Errorf("book: %w", client.ErrConflict): "modificato",
		&client.APIError{Status: 422, Code: "unprocessable", Message: "Per concludere indica l'esito."}: "indica l'esito",
	} {
		if got := Explain(err); !strings.Contains(got, want) {
			t.Errorf("Explain(%v) = %q, want it to mention %q", err, got, want)
		}
	}
	// Opening a link or a document with the system's handler: the raw
	// `exec: "xdg-open": executable file not found` became Italian.
	_, lookErr := exec.LookPath("sportello-no-such-opener")
	runErr := exec.Command("sh", "-c", "exit 4").Run()
	for err, want := range map[error]string{
		fmt.Errorf("open meeting: %w", &exec.Error{Name: "xdg-open", Err: exec.ErrNotFound}): "xdg-utils",
		fmt.Errorf("open: %w", lookErr): "xdg-utils",
		fmt.Errorf("open: %w", runErr):  "non è riuscito ad aprire",
	} {
		if got := Explain(err); !strings.Contains(got, want) {
			t.Errorf("Explain(%v) = %q, want it to mention %q", err, got, want)
		}
	}
	// No OpenGL: what is missing, what IT can do and GLFW's own words.
	noGL := Explain(fmt.Errorf("console: %w", &GraphicsError{Cause: errors.New("GLX: GLX extension not found")}))
	for _, want := range []string{"OpenGL 2.1", "driver", "Mesa", "GLX: GLX extension not found"} {
		if !strings.Contains(noGL, want) {
			t.Errorf("no OpenGL: %q does not mention %q", noGL, want)
		}
	}
	if got := Explain(client.ErrOffline); !strings.Contains(got, "non raggiungibile") {
		t.Errorf("offline message not Italian: %q", got)
	}
	if err := i18n.SetLanguage("en"); err != nil {
		t.Fatal(err)
	}
	defer i18n.SetLanguage("it")
	if got := Explain(client.ErrOffline); !strings.Contains(got, "unreachable") {
		t.Errorf("offline message in English: %q", got)
	}
}

// BenchmarkSyncOnce measures the steady state of the sync loop against the
// sandbox over loopback HTTP: an empty outbox, one page of the changes feed
// with nothing new, no file to fetch. BenchmarkFirstSync measures the first
// one, which brings everything.
func BenchmarkSyncOnce(b *testing.B) {
	sb := testkit.NewSandbox(b, sandbox.Options{Seed: 3, Now: fixedNow})
	url := testkit.Serve(b, sb)
	c := newConsole(fixedNow, slog.New(slog.DiscardHandler))
	c.api = demoClient(b, url)
	var err error
	c.store, err = cache.Open(filepath.Join(b.TempDir(), "cache.db"), cache.NewKeys())
	if err != nil {
		b.Fatal(err)
	}
	defer c.store.Close()
	// The first sync pulls the whole feed (BenchmarkFirstSync measures
	// it): done before the loop, so that the figure is an idle sync's
	// whatever the number of iterations.
	if _, err := c.SyncOnce(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.SyncOnce(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFirstSync measures a first sync into an empty mirror: the whole
// changes feed of the desk (about 1,000 slots over six weeks) and the files
// of the citizens booked in the next five working days.
func BenchmarkFirstSync(b *testing.B) {
	sb := testkit.NewSandbox(b, sandbox.Options{Seed: 3, Now: fixedNow})
	url := testkit.Serve(b, sb)
	api := demoClient(b, url)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		store, err := cache.Open(filepath.Join(b.TempDir(), "cache.db"), cache.NewKeys())
		if err != nil {
			b.Fatal(err)
		}
		c := newConsole(fixedNow, slog.New(slog.DiscardHandler))
		c.api, c.store = api, store
		b.StartTimer()
		if _, err := c.SyncOnce(context.Background()); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		store.Close()
		b.StartTimer()
	}
}

func TestLostCacheKeyRebuildsFromCentralAndKeepsTheOutbox(t *testing.T) {
	requireKeyring(t)
	srv := startCentral(t)
	sb := srv.Sandbox
	dir := t.TempDir()
	ctx := context.Background()
	c := loggedInConsole(t, dir, srv.URL)
	slot := nextBooked(t, c, 0)
	// Work recorded, then the laptop shut before any sync.
	if _, err := c.RecordSlotEvent(ctx, slot.ID, model.EventNoShow, "", ""); err != nil {
		t.Fatal(err)
	}
	if err := c.AddNote(ctx, slot.CitizenCF, "Non si è presentato; richiamare."); err != nil {
		t.Fatal(err)
	}
	c.Close()

	// The keyring loses the mirror's key.
	if err := keyring.Delete(keyringService, account("cache-key", srv.URL, "demo")); err != nil {
		t.Fatal(err)
	}
	c, err := Open(ctx, Options{DataDir: dir, Now: fixedNow})
	if err != nil {
		t.Fatalf("open after the key was lost: %v", err)
	}
	defer c.Close()
	if day, _ := c.DayAgenda(ctx, monday); len(day) != 0 {
		t.Errorf("the mirror sealed with the lost key still shows %d slots", len(day))
	}
	if st := c.Status(ctx); st.Pending != 2 {
		t.Fatalf("pending after the rebuild = %d, want the 2 actions recorded", st.Pending)
	}
	rep, err := c.SyncOnce(ctx)
	if err != nil || rep.Sent != 2 {
		t.Fatalf("sync after the rebuild: %+v, %v; want 2 actions sent", rep, err)
	}
	ledger, _ := sb.Ledger(ctx)
	var noShow, notes int
	for _, e := range ledger {
		switch {
		case e.Action == "slot_event:no_show" && e.EntityID == slot.ID:
			noShow++
		case e.Action == "note":
			notes++
		}
	}
	if noShow != 1 || notes != 1 {
		t.Errorf("central applied no-show %d times and the note %d times, want once each", noShow, notes)
	}
	day, err := c.DayAgenda(ctx, monday)
	if err != nil || len(day) == 0 {
		t.Fatalf("rebuilt day: %d slots, %v", len(day), err)
	}
	for _, e := range day {
		if e.ID == slot.ID && e.Status != model.StatusNoShow {
			t.Errorf("rebuilt slot status %s, want no_show", e.Status)
		}
	}
	cit, err := c.Citizen(ctx, slot.CitizenCF, model.Access{Reason: model.AccessAppointment})
	if err != nil || len(cit.Notes) == 0 || cit.Notes[0].Text != "Non si è presentato; richiamare." {
		t.Errorf("rebuilt file notes = %+v, %v", cit.Notes, err)
	}
}

func TestLostOutboxKeySetsTheCacheAsideUnread(t *testing.T) {
	requireKeyring(t)
	srv := startCentral(t)
	dir := t.TempDir()
	ctx := context.Background()
	c := loggedInConsole(t, dir, srv.URL)
	if _, err := c.RecordSlotEvent(ctx, nextBooked(t, c, 0).ID, model.EventCheckIn, "", ""); err != nil {
		t.Fatal(err)
	}
	c.Close()
	if err := keyring.Delete(keyringService, account("outbox-key", srv.URL, "demo")); err != nil {
		t.Fatal(err)
	}
	c, err := Open(ctx, Options{DataDir: dir, Now: fixedNow})
	if err != nil {
		t.Fatalf("open after the outbox key was lost: %v", err)
	}
	defer c.Close()
	aside, _ := filepath.Glob(filepath.Join(dir, "cache.db.unreadable-*"))
	if len(aside) == 0 {
		t.Fatal("the unreadable cache was not kept aside")
	}
	if st := c.Status(ctx); st.Pending != 0 {
		t.Errorf("new cache has %d pending actions", st.Pending)
	}
}

package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"sportello/assets/i18n"
	"sportello/client"
	"sportello/client/contracttest"
	"sportello/client/sandbox"
	"sportello/internal/testkit"
	"sportello/model"
)

func TestVersionIsFyneAppVersion(t *testing.T) {
	// FyneApp.toml is what `fyne package` and the MSI put in the
	// installer, the .exe's resource and the Start menu: the console must
	// call itself the same when it compares itself with central.
	b, err := os.ReadFile("../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*Version\s*=\s*"([^"]*)"`).FindSubmatch(b)
	if m == nil {
		t.Fatal("FyneApp.toml has no Version")
	}
	if got := string(m[1]); got != Version {
		t.Errorf("FyneApp.toml says Version = %q, app.Version is %q: change both together", got, Version)
	}
	if _, ok := parseVersion(Version); !ok {
		t.Errorf("app.Version %q is not a version the console can compare", Version)
	}
}

func TestCompareVersions(t *testing.T) {
	ordered := [][]string{ // each group after the one before; inside a group, equal
		{"0.8.0-alpha"},
		{"0.8.0-rc1"},
		{"0.8.0-rc2"},
		{"0.8", "0.8.0", "v0.8.0", "0.8.0+build.7", "0.8.0.0"},
		{"0.8.1"},
		{"0.9.0"},
		{"0.10.0"}, // numbers, not text: "0.10.0" < "0.9.0" as strings
		{"1.0"},
		{"1.0.10"},
		{"10.0.0"},
	}
	var all []version
	var groups []int
	for g, names := range ordered {
		for _, s := range names {
			v, ok := parseVersion(s)
			if !ok {
				t.Fatalf("parseVersion(%q) refused", s)
			}
			all, groups = append(all, v), append(groups, g)
		}
	}
	for i := range all {
		for j := range all {
			want := 0
			if groups[i] < groups[j] {
				want = -1
			} else if groups[i] > groups[j] {
				want = 1
			}
			if got := all[i].compare(all[j]); got != want {
				t.Errorf("compare(%v, %v) = %d, want %d", all[i], all[j], got, want)
			}
		}
	}
	for _, bad := range []string{"", "v", "banana", "1..2", ".1", "1.", "1.2.x", "1.-2", "-1.2", "+1.2", "1.2-", " 1.2", "1.2 ",
		"1,2", "1.2.3.4.5", "99999999999.0", "0x10", "1.2.3\n", "１.２", strings.Repeat("1.", 40) + "1", "<script>"} {
		if v, ok := parseVersion(bad); ok {
			t.Errorf("parseVersion(%q) = %v, want refused", bad, v)
		}
	}
}

func TestReadUpdateIgnoresGarbage(t *testing.T) {
	var logs bytes.Buffer
	c := newConsole(fixedNow, slog.New(slog.NewTextHandler(&logs, nil)))
	for _, tc := range []struct {
		latest, minimum string
		want            Update
	}{
		{"0.9.0", "0.8.0", Update{Current: "0.8.0", Latest: "0.9.0", Minimum: "0.8.0", Newer: true}},
		{"0.8.0", "0.8.0", Update{Current: "0.8.0", Latest: "0.8.0", Minimum: "0.8.0"}},
		{"0.10.0", "0.9.1", Update{Current: "0.8.0", Latest: "0.10.0", Minimum: "0.9.1", Newer: true, Outdated: true}},
		{"0.7.9", "0.7", Update{Current: "0.8.0", Latest: "0.7.9", Minimum: "0.7"}},
		{"", "", Update{Current: "0.8.0"}},
		// Garbage is ignored, never a refusal to sync, never a crash.
		{"banana", "∞", Update{Current: "0.8.0"}},
		{"0.9.0", "9.9.9.9.9.9", Update{Current: "0.8.0", Latest: "0.9.0", Newer: true}},
		{"'; DROP TABLE", "0.8.0", Update{Current: "0.8.0", Minimum: "0.8.0"}},
	} {
		got := c.readUpdate("0.8.0", clientVersions(tc.latest, tc.minimum, ""))
		if got != tc.want {
			t.Errorf("latest %q minimum %q: %+v, want %+v", tc.latest, tc.minimum, got, tc.want)
		}
	}
	if !strings.Contains(logs.String(), "unreadable console version") || !strings.Contains(logs.String(), `\"banana\"`) {
		t.Errorf("garbage not logged:\n%s", logs.String())
	}
}

// TestReadUpdateBoundsCentralsInfo: where to get the update is central's
// text, shown in the banner, the status and the outdated message. The
// contract caps it at 500 characters on one line; a central (or a proxy
// in front of it) that sends more must not push the console's screen
// off the window.
func TestReadUpdateBoundsCentralsInfo(t *testing.T) {
	c := newConsole(fixedNow, slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil)))
	huge := strings.Repeat("Software Center > Sportello è ", 4000) // ~120 KB
	u := c.readUpdate("0.8.0", clientVersions("0.9.0", "", huge))
	if n := len([]rune(u.Info)); n == 0 || n > 501 {
		t.Errorf("info of %d runes kept, want at most 500 (and an ellipsis)", n)
	}
	if !utf8.ValidString(u.Info) {
		t.Errorf("info cut inside a character: %q", u.Info[len(u.Info)-8:])
	}
	u = c.readUpdate("0.8.0", clientVersions("0.9.0", "", "Software Center\n\n\x1b> Sportello\u202e"))
	if strings.ContainsFunc(u.Info, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) }) || u.Info != "Software Center > Sportello" {
		t.Errorf("info %q: want one line with no control or format characters", u.Info)
	}
}

func clientVersions(latest, minimum, info string) client.ConsoleVersions {
	return client.ConsoleVersions{Latest: latest, Minimum: minimum, Info: info}
}

// counter counts the requests that reach central, by method and path.
type counter struct {
	next http.Handler
	mu   sync.Mutex
	n    map[string]int
}

func (c *counter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	c.n[r.Method+" "+r.URL.Path]++
	c.mu.Unlock()
	c.next.ServeHTTP(w, r)
}

// take returns the counts since the last take.
func (c *counter) take() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := c.n
	c.n = map[string]int{}
	return n
}

// posts sums the state-changing requests of counts (the batch of files
// is a POST that only reads).
func posts(n map[string]int) int {
	sum := 0
	for k, v := range n {
		if strings.HasPrefix(k, "POST ") && !strings.HasPrefix(k, "POST /v1/auth/") && k != "POST /v1/citizens/batch" {
			sum += v
		}
	}
	return sum
}

// nextMinor is the version after this console's: what central publishes
// when an update is out.
func nextMinor(t *testing.T) string {
	v, ok := parseVersion(Version)
	if !ok || len(v.nums) < 2 {
		t.Fatalf("version %q", Version)
	}
	return fmt.Sprintf("%d.%d.0", v.nums[0], v.nums[1]+1)
}

func TestOutdatedConsoleKeepsItsOutboxUntilUpdated(t *testing.T) {
	sb := testkit.NewSandbox(t, sandbox.Options{Seed: 3, Now: fixedNow})
	v, err := contracttest.New(sb)
	if err != nil {
		t.Fatal(err)
	}
	reqs := &counter{next: v, n: map[string]int{}}
	url := testkit.Serve(t, reqs)
	c := consoleOn(t, url, "demo")
	ctx := context.Background()
	next := nextMinor(t)

	// No versions published: the first sync asks once, and syncs.
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if n := reqs.take(); n["GET /v1/console/versions"] != 1 {
		t.Errorf("first sync: %v, want one look at the versions", n)
	}
	// The idle sync costs one request, the changes feed: no look at the
	// versions of its own.
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if n := reqs.take(); len(n) != 1 || n["GET /v1/changes"] != 1 {
		t.Errorf("idle sync: %v, want only GET /v1/changes", n)
	}

	// A newer version is out: the idle sync learns it from the feed's
	// headers, and asks once where to get it.
	sb.SetVersions(sandbox.Versions{Latest: next, Info: "Software Center > Sportello " + next})
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatalf("sync with a newer version out: %v", err)
	}
	st := c.Status(ctx)
	if u := st.Update; !u.Newer || u.Outdated || u.Latest != next || u.Current != Version || u.Info != "Software Center > Sportello "+next {
		t.Errorf("newer version out: %+v", u)
	}
	if n := reqs.take(); n["GET /v1/console/versions"] != 1 || n["GET /v1/changes"] != 1 {
		t.Errorf("sync that found a newer version: %v", n)
	}
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if n := reqs.take(); len(n) != 1 {
		t.Errorf("idle sync with the newer version known: %v, want only the feed", n)
	}

	// Work recorded, then central raises its minimum above this console:
	// the sync asks first (there is work to send), and sends and pulls
	// nothing.
	slot := nextBooked(t, c, 0)
	if _, err := c.RecordSlotEvent(ctx, slot.ID, model.EventCheckIn, "", ""); err != nil {
		t.Fatal(err)
	}
	if err := c.AddNote(ctx, slot.CitizenCF, "Portare il modello ISEE aggiornato."); err != nil {
		t.Fatal(err)
	}
	sb.SetVersions(sandbox.Versions{Latest: next, Minimum: next})
	for range 2 {
		_, err = c.SyncOnce(ctx)
		var out *OutdatedError
		if !errors.As(err, &out) || !errors.Is(err, ErrOutdated) || out.Minimum != next || out.Current != Version {
			t.Fatalf("sync below the minimum: %v, want an *OutdatedError", err)
		}
		if n := reqs.take(); posts(n) != 0 || n["GET /v1/changes"] != 0 || n["GET /v1/console/versions"] != 1 {
			t.Errorf("sync below the minimum reached central with %v; want only the look at the versions", n)
		}
	}
	st = c.Status(ctx)
	if st.Pending != 2 || !st.Update.Outdated {
		t.Errorf("status below the minimum: pending %d, %+v; want the 2 actions kept", st.Pending, st.Update)
	}
	msg := Explain(err)
	for _, want := range []string{Version, next, "non è più accettata", "sospesa", "Software Center"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
	// The mirror stays readable: the day and the file, with the work.
	if day, err := c.DayAgenda(ctx, monday); err != nil || len(day) == 0 {
		t.Errorf("agenda while outdated: %d slots, %v", len(day), err)
	}
	if f, err := c.Citizen(ctx, slot.CitizenCF, model.Access{Reason: model.AccessAppointment}); err != nil || len(f.Notes) == 0 || !f.Notes[0].Pending {
		t.Errorf("file while outdated: %v; want the note waiting", err)
	}
	if _, err := c.FetchDay(ctx, monday.AddDate(0, 0, 1)); !errors.Is(err, ErrOutdated) {
		t.Errorf("fetching a day while outdated: %v, want ErrOutdated", err)
	}
	reqs.take()

	// Updated (here: central lowers its minimum again): the same outbox
	// goes, each action once.
	sb.SetVersions(sandbox.Versions{Latest: next, Minimum: Version})
	rep, err := c.SyncOnce(ctx)
	if err != nil || rep.Sent != 2 {
		t.Fatalf("sync after the update: sent %d, %v; want 2", rep.Sent, err)
	}
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	n := reqs.take()
	if n["POST /v1/slots/"+slot.ID+"/events"] != 1 || n["POST /v1/citizens/"+slot.CitizenCF+"/notes"] != 1 || posts(n) != 3 {
		t.Errorf("after the update central got %v; want the event and the note once each (and the audit)", n)
	}
	if st := c.Status(ctx); st.Pending != 0 || st.Update.Outdated {
		t.Errorf("after the update: %+v", st)
	}

	// Raised again while idle: the feed's headers say it, and the page
	// that said it is not applied.
	other := demoClient(t, url)
	if _, err := other.AddNote(ctx, "k-"+slot.ID, slot.CitizenCF, "Nota da un'altra postazione."); err != nil {
		t.Fatal(err)
	}
	before, _ := c.store.Cursor(ctx)
	sb.SetVersions(sandbox.Versions{Minimum: next})
	if _, err := c.SyncOnce(ctx); !errors.Is(err, ErrOutdated) {
		t.Fatalf("idle sync after central raised the minimum: %v, want ErrOutdated", err)
	}
	if after, _ := c.store.Cursor(ctx); after != before {
		t.Errorf("a page of the feed was applied below the minimum: cursor %s → %s", before, after)
	}

	for _, viol := range v.Violations() {
		t.Errorf("contract violation: %s", viol)
	}
	if v.Seen()["consoleVersions"] == 0 {
		t.Error("GET /v1/console/versions never validated against the contract")
	}
}

func TestGarbledVersionsDoNotStopTheSync(t *testing.T) {
	srv := startCentral(t)
	sb := srv.Sandbox
	var logs bytes.Buffer
	c := consoleOn(t, srv.URL, "demo")
	c.log = slog.New(slog.NewTextHandler(&logs, nil))
	sb.SetVersions(sandbox.Versions{Latest: "ultima!", Minimum: "99.x", Info: "boh"})
	ctx := context.Background()
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatalf("sync with garbled versions: %v", err)
	}
	if u := c.Update(); u.Newer || u.Outdated || u.Latest != "" || u.Minimum != "" {
		t.Errorf("garbled versions read as %+v", u)
	}
	if !strings.Contains(logs.String(), "unreadable console version") {
		t.Errorf("no log line for the garbled versions:\n%s", logs.String())
	}
}

func TestOutdatedMessageInBothLanguages(t *testing.T) {
	err := fmt.Errorf("sync: %w", &OutdatedError{Update{Current: "0.8.0", Minimum: "0.9.0", Outdated: true}})
	for lang, want := range map[string]string{"it": "chiedi all'assistenza o installala dal Software Center", "en": "Software Center"} {
		if err := i18n.SetLanguage(lang); err != nil {
			t.Fatal(err)
		}
		if msg := Explain(err); !strings.Contains(msg, want) || !strings.Contains(msg, "0.9.0") {
			t.Errorf("%s: %q", lang, msg)
		}
	}
	_ = i18n.SetLanguage("it")
}

// laterCentral serves a sandbox whose versions answer carries fields this
// console does not know, as a later central may add (a release date, a
// download address) beside the sandbox's versions.
type laterCentral struct{ sb *sandbox.Sandbox }

func (l *laterCentral) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/v1/console/versions" {
		l.sb.ServeHTTP(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	v := l.sb.Versions()
	fmt.Fprintf(w, `{"latest":%q,"minimum":%q,"info":%q,"released":"2027-01-10","url":"https://intranet.example/sportello"}`, v.Latest, v.Minimum, v.Info)
}

// TestALaterCentralsVersionsDoNotStopTheSync: the versions answer is what
// every console ever installed reads before it sends its work, so it is
// read leniently: a field a later central adds there must not stop the
// older consoles' sync (the very consoles the answer is for), and the
// numbers it carries still decide.
func TestALaterCentralsVersionsDoNotStopTheSync(t *testing.T) {
	sb := testkit.NewSandbox(t, sandbox.Options{Seed: 3, Now: fixedNow})
	sb.SetVersions(sandbox.Versions{Latest: "0.9.0", Minimum: Version, Info: "Software Center"})
	url := testkit.Serve(t, &laterCentral{sb})
	c := consoleOn(t, url, "demo")
	ctx := context.Background()
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatalf("first sync with a later central's versions: %v", err)
	}
	if u := c.Update(); !u.Newer || u.Latest != "0.9.0" || u.Info != "Software Center" {
		t.Errorf("versions read as %+v", u)
	}
	slot := nextBooked(t, c, 0)
	if _, err := c.RecordSlotEvent(ctx, slot.ID, model.EventCheckIn, "", ""); err != nil {
		t.Fatal(err)
	}
	rep, err := c.SyncOnce(ctx)
	if err != nil || rep.Sent != 1 {
		t.Fatalf("sync with work to send: sent %d, %v; want the check-in sent", rep.Sent, err)
	}
	sb.SetVersions(sandbox.Versions{Latest: "0.9.0", Minimum: "0.9.0"})
	if _, err := c.SyncOnce(ctx); !errors.Is(err, ErrOutdated) {
		t.Errorf("sync below a later central's minimum: %v, want ErrOutdated", err)
	}
}

// brokenVersions serves a sandbox whose versions endpoint fails (an
// error page, then garbage): a central with one endpoint broken.
type brokenVersions struct {
	sb    *sandbox.Sandbox
	asked int
}

func (b *brokenVersions) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/v1/console/versions" {
		b.sb.ServeHTTP(w, r)
		return
	}
	b.asked++
	if b.asked%2 == 1 {
		http.Error(w, "boom", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprint(w, `{"latest":`)
}

// TestABrokenVersionsEndpointDoesNotHoldTheWorkBack: central answers
// everything but the console versions (500, then a cut answer); the
// operator's work is still sent, exactly once, and the mirror still
// pulled. A console central already said is below its minimum stays so.
func TestABrokenVersionsEndpointDoesNotHoldTheWorkBack(t *testing.T) {
	sb := testkit.NewSandbox(t, sandbox.Options{Seed: 3, Now: fixedNow})
	broken := &brokenVersions{sb: sb}
	url := testkit.Serve(t, broken)
	c := consoleOn(t, url, "demo")
	ctx := context.Background()
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatalf("first sync with the versions endpoint failing: %v", err)
	}
	slot := nextBooked(t, c, 0)
	if _, err := c.RecordSlotEvent(ctx, slot.ID, model.EventCheckIn, "", ""); err != nil {
		t.Fatal(err)
	}
	rep, err := c.SyncOnce(ctx)
	if err != nil || rep.Sent != 1 {
		t.Fatalf("sync with work to send and the versions endpoint failing: sent %d, %v", rep.Sent, err)
	}
	if broken.asked < 2 {
		t.Errorf("the versions were asked %d times, want at each sync while unknown", broken.asked)
	}
	// The feed's headers still tell a minimum above this console.
	sb.SetVersions(sandbox.Versions{Latest: "9.0.0", Minimum: "9.0.0"})
	if _, err := c.SyncOnce(ctx); !errors.Is(err, ErrOutdated) {
		t.Errorf("sync below the minimum given by the feed: %v, want ErrOutdated", err)
	}
	if _, err := c.SyncOnce(ctx); !errors.Is(err, ErrOutdated) {
		t.Errorf("sync again, versions endpoint failing: %v, want ErrOutdated still", err)
	}
}

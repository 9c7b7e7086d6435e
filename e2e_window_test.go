package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sportello/app"
	"sportello/cache"
	"sportello/client/sandbox"
	"sportello/internal/testkit"
)

// mirrorSize is how many citizens' files the measured console has on disk.
const mirrorSize = 100_000

// TestWindowUnderXvfb runs the console in a real X server on a mirror of
// 100,000 citizens' files: a first start that syncs, then a warm start that
// is timed (launch to a drawn agenda) and whose resident memory is read
// once the search index is built, then a start in the dark theme. The
// screenshots (Italian, 1366×768, light and dark, the day view with the
// caller's file open) and the figures are kept in artifacts/ (or
// $SPORTELLO_ARTIFACTS).
func TestWindowUnderXvfb(t *testing.T) {
	for _, tool := range []string{"Xvfb", "import", "xwininfo"} {
		_, err := exec.LookPath(tool)
		requireEnv(t, tool, err)
	}
	env := append(os.Environ(), "DISPLAY="+startXvfb(t), "SPORTELLO_DEMO_CLOCK="+demoMorning)
	dir := t.TempDir()
	art := os.Getenv("SPORTELLO_ARTIFACTS")
	if art == "" {
		art = "artifacts"
	}
	if err := os.MkdirAll(art, 0o755); err != nil {
		t.Fatal(err)
	}

	// The mirror of a laptop that has served a province for weeks.
	began := time.Now()
	st, err := app.SandboxMirror(dir)
	requireEnv(t, "keyring", err)
	fillMirror(t, st)
	t.Logf("mirror of %d files prepared in %v", mirrorSize, time.Since(began).Round(time.Millisecond))

	// First start: the agenda comes from the sandbox.
	first := launch(t, env, dir)
	testkit.WaitFor(t, 60*time.Second, "first sync", func() bool { return strings.Contains(first.logs.String(), "sync done") })
	first.stop()

	// Warm start: timed, measured, photographed.
	warm := launch(t, append(env, "SPORTELLO_THEME=light"), dir)
	testkit.WaitFor(t, 30*time.Second, "the agenda drawn", func() bool { return strings.Contains(warm.logs.String(), "agenda shown") })
	shown := logDuration(t, warm.logs.String(), "agenda shown", "since_start")
	testkit.WaitFor(t, 60*time.Second, "the search index", func() bool { return strings.Contains(warm.logs.String(), "search index ready") })
	index := logDuration(t, warm.logs.String(), "search index ready", "took")
	testkit.WaitFor(t, 60*time.Second, "a sync on the warm start", func() bool { return strings.Contains(warm.logs.String(), "sync done") })
	time.Sleep(2 * time.Second) // let the refreshed day paint
	rss := residentMB(t, warm.cmd.Process.Pid)
	screenshot(t, env, filepath.Join(art, "day-view.png"))
	warm.stop()

	dark := launch(t, append(env, "SPORTELLO_THEME=dark"), dir)
	testkit.WaitFor(t, 30*time.Second, "the agenda drawn", func() bool { return strings.Contains(dark.logs.String(), "agenda shown") })
	time.Sleep(2 * time.Second)
	screenshot(t, env, filepath.Join(art, "day-view-dark.png"))
	dark.stop()

	// A CRIC consultant: the inbox of schede, their own scheda open.
	cric := launch(t, append(env, "SPORTELLO_THEME=light"), dir, "--operator", "cric")
	testkit.WaitFor(t, 60*time.Second, "the consultant's first sync", func() bool { return strings.Contains(cric.logs.String(), "sync done") })
	time.Sleep(2 * time.Second)
	screenshot(t, env, filepath.Join(art, "inbox.png"))
	cric.stop()

	report := fmt.Sprintf("Console under Xvfb, 1366x768, %d citizens' files in the mirror\n"+
		"launch to a drawn agenda (warm cache): %v (goal 2s)\n"+
		"search index of the mirror built in the background in: %v\n"+
		"resident memory after the index and a sync: %.0f MiB (goal 200 MiB): %.0f MiB private, %.0f MiB mapped from files\n"+
		"(the process holds the embedded sandbox, with its own database, as well as the console)\n",
		mirrorSize, shown, index, rss.rss, rss.anon, rss.file)
	if err := os.WriteFile(filepath.Join(art, "startup.txt"), []byte(report), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Log(report)
	for _, l := range []*launched{first, warm, dark, cric} {
		if strings.Contains(l.logs.String(), "level=ERROR") {
			t.Errorf("the console logged errors:\n%s", l.logs.String())
		}
	}
}

// fillMirror stores mirrorSize citizens' files in a mirror, as weeks of
// serving a province leave them, and closes it.
func fillMirror(t testing.TB, st *cache.Store) {
	t.Helper()
	at, _ := time.Parse(time.RFC3339, demoMorning)
	people := sandbox.Citizens(mirrorSize, 7, at)
	for from := 0; from < len(people); from += 5000 {
		files := make([]cache.CitizenFile, 0, 5000)
		for _, c := range people[from:min(from+5000, len(people))] {
			files = append(files, cache.CitizenFile{Citizen: c, ETag: `"1"`})
		}
		if err := st.PutCitizens(context.Background(), files, at); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestReceptionUnderXvfb drives the Prima accoglienza's screens as an
// operator does, with the mouse and the keyboard (xdotool), and
// photographs them: the queue, a booking confirmed live, the day's report.
// The clicks are at the places the 1366x768 window puts the controls.
func TestReceptionUnderXvfb(t *testing.T) {
	for _, tool := range []string{"Xvfb", "import", "xwininfo", "xdotool"} {
		_, err := exec.LookPath(tool)
		requireEnv(t, tool, err)
	}
	env := append(os.Environ(), "DISPLAY="+startXvfb(t), "SPORTELLO_DEMO_CLOCK="+demoMorning, "SPORTELLO_THEME=light")
	art := os.Getenv("SPORTELLO_ARTIFACTS")
	if art == "" {
		art = "artifacts"
	}
	if err := os.MkdirAll(art, 0o755); err != nil {
		t.Fatal(err)
	}
	reception := launch(t, env, t.TempDir(), "--operator", "accoglienza")
	testkit.WaitFor(t, 60*time.Second, "the first sync", func() bool { return strings.Contains(reception.logs.String(), "sync done") })
	time.Sleep(2 * time.Second)
	screenshot(t, env, filepath.Join(art, "reception-queue.png"))

	do := func(steps ...string) {
		for _, s := range steps {
			args := []string{"type", "--delay", "40", strings.TrimPrefix(s, "type:")}
			if !strings.HasPrefix(s, "type:") {
				x, y, _ := strings.Cut(s, ",")
				args = []string{"mousemove", x, y, "click", "1"}
			}
			c := exec.Command("xdotool", args...)
			c.Env = env
			if out, err := c.CombinedOutput(); err != nil {
				t.Fatalf("xdotool %v: %v\n%s", args, err, out)
			}
			time.Sleep(1200 * time.Millisecond)
		}
	}
	// Prenota: search, pick the first Esposito, the first service, find
	// the free slots, take the second, book.
	do("148,49", "229,128", "type:esposito", "160,167", "683,128", "683,175", "683,451", "1100,205", "1137,497")
	screenshot(t, env, filepath.Join(art, "booking.png"))
	do("804,543", "380,49") // close the confirmation; Resoconto
	screenshot(t, env, filepath.Join(art, "report.png"))
	reception.stop()
	if strings.Contains(reception.logs.String(), "level=ERROR") {
		t.Errorf("the console logged errors:\n%s", reception.logs.String())
	}
}

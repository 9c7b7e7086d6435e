package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sportello/app"
	"sportello/internal/testkit"
	"sportello/ui"
)

// BenchmarkSoakWorkingDay leaves the console open for a working day, in the
// production shape: the binary in a real X server (glfw driver) against a
// standalone central (`sportello sandbox`, its own process), logged in
// with `sportello login`, on a mirror of 100,000 citizens' files. The
// console's test-only soak (ui/soak.go) replays at least 2,000
// interactions through the day view's own handlers and reports how long
// each took to be answered on screen and the process's resident memory at
// the start and the end of the day. Beside it, a bare Fyne window (one
// label, testdata/barewindow) is measured on the same X server. The soak
// is the unit: it runs once whatever b.N. The figures go to
// artifacts/soak.txt (or $SPORTELLO_ARTIFACTS).
func BenchmarkSoakWorkingDay(b *testing.B) {
	for _, tool := range []string{"Xvfb", "xwininfo"} {
		_, err := exec.LookPath(tool)
		requireEnv(b, tool, err)
	}
	requireEnv(b, "Secret Service", app.KeyringAvailable())
	env := append(os.Environ(), "DISPLAY="+startXvfb(b), "SPORTELLO_THEME=light")
	art := os.Getenv("SPORTELLO_ARTIFACTS")
	if art == "" {
		art = "artifacts"
	}
	if err := os.MkdirAll(art, 0o755); err != nil {
		b.Fatal(err)
	}

	// A console logged in to a standalone central, its mirror synced,
	// then grown to 100,000 files.
	url := startSandbox(b)
	data := filepath.Join(b.TempDir(), "data")
	if r := sportello(b, "demo\n", nil, "login", "--server", url, "--operator", "demo", "--data-dir", data); r.code != 0 {
		b.Fatalf("login: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	b.Cleanup(func() { forgetSession(url, "demo") })
	if r := sportello(b, "", nil, "sync", "--once", "--data-dir", data); r.code != 0 {
		b.Fatalf("sync: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	st, err := app.LoggedInMirror(data)
	if err != nil {
		b.Fatal(err)
	}
	fillMirror(b, st)

	// The day.
	report := filepath.Join(b.TempDir(), "soak.json")
	console := launch(b, append(env, "SPORTELLO_SOAK="+report), data)
	exited := make(chan error, 1)
	go func() { exited <- console.cmd.Wait() }()
	select {
	case err := <-exited:
		if err != nil {
			b.Fatalf("the console ended with %v:\n%s", err, console.logs.String())
		}
	case <-time.After(7 * time.Minute):
		_ = console.cmd.Process.Kill()
		<-exited
		b.Fatalf("the soak did not end in 7 minutes:\n%s", tail(console.logs.String(), 40))
	}
	var rep ui.SoakReport
	raw, err := os.ReadFile(report)
	if err != nil {
		b.Fatalf("no soak report: %v\n%s", err, tail(console.logs.String(), 40))
	}
	if err := json.Unmarshal(raw, &rep); err != nil {
		b.Fatal(err)
	}
	if rep.Err != "" {
		b.Fatalf("the soak failed: %s\n%s", rep.Err, tail(console.logs.String(), 40))
	}
	if rep.Interactions < ui.SoakInteractions {
		b.Fatalf("the soak replayed %d interactions, want %d", rep.Interactions, ui.SoakInteractions)
	}
	if strings.Contains(console.logs.String(), "level=ERROR") {
		b.Errorf("the console logged errors:\n%s", console.logs.String())
	}

	bare := bareWindow(b, env)

	growth := (rep.End.RSS - rep.Start.RSS) / rep.Start.RSS * 100
	day, key := rep.Kinds["day_switch"], rep.Kinds["keystroke"]
	b.ReportMetric(rep.Start.RSS, "rss_start_MB")
	b.ReportMetric(rep.End.RSS, "rss_end_MB")
	b.ReportMetric(growth, "growth_%")
	b.ReportMetric((rep.AfterPause.RSS-rep.Start.RSS)/rep.Start.RSS*100, "growth_after_pause_%")
	b.ReportMetric(day.P99, "day_switch_p99_ms")
	b.ReportMetric(key.P99, "keystroke_p99_ms")
	b.ReportMetric(rep.Slowest.MS, "slowest_ms")
	b.ReportMetric(bare.rss, "bare_window_MB")

	var out strings.Builder
	fmt.Fprintf(&out, "Soak: a working day in the console under Xvfb (1366x768, glfw, software GL), production shape:\n"+
		"standalone central (`sportello sandbox`, its own process), console logged in with --server, %d files in the mirror.\n"+
		"%d interactions in %.0f s; %d CPUs, load average %.1f at the start, %.1f at the end (other processes share the cores).\n\n",
		mirrorSize, rep.Interactions, rep.Seconds, rep.CPUs, rep.LoadStart, rep.LoadEnd)
	fmt.Fprintf(&out, "Resident memory (MiB)            all    private  from files  Go heap\n")
	row := func(name string, m ui.SoakMemory) {
		fmt.Fprintf(&out, "%-30s %6.0f %9.0f %10.0f %8.0f\n", name, m.RSS, m.Anon, m.File, m.Heap)
	}
	row("console, start of the day", rep.Start)
	row("console, end of the day", rep.End)
	row("console, after a 70 s pause", rep.AfterPause)
	row("console, start, settled (GC)", rep.SettledStart)
	row("console, end, settled (GC)", rep.SettledEnd)
	row("console, pause, settled (GC)", rep.SettledAfterPause)
	fmt.Fprintf(&out, "%-30s %6.0f %9.0f %10.0f %8s\n", "bare Fyne window (one label)", bare.rss, bare.anon, bare.file, "-")
	pct := func(from, to ui.SoakMemory) float64 { return (to.RSS - from.RSS) / from.RSS * 100 }
	fmt.Fprintf(&out, "growth over the day: %+.1f %% at its end, %+.1f %% after the pause (goal <= 10 %%); settled: %+.1f %%, %+.1f %%\n"+
		"start of the day %.0f MiB (goal <= 200 MiB)\n\n",
		growth, pct(rep.Start, rep.AfterPause), pct(rep.SettledStart, rep.SettledEnd), pct(rep.SettledStart, rep.SettledAfterPause), rep.Start.RSS)
	fmt.Fprintf(&out, "Interactions (ms): answered = work + the frame that paints it (goal <= 16 for day switches and keystrokes),\n"+
		"from the interactions timed to their frame (one in three); work p99 is from all of them;\n"+
		"wall adds the wait for the 60 Hz tick; cpu is the console's CPU time (all threads) from the input to the frame's end.\n")
	fmt.Fprintf(&out, "%-14s %11s %8s %8s %8s %9s %10s %9s %8s %8s\n", "kind", "n (framed)", "p50", "p99", "max", "work p99", "frame p99", "wall p99", "cpu p50", "cpu p99")
	for _, kind := range []string{"day_switch", "file_open", "keystroke", "search_open", "search_clear", "status_change", "note", "sync"} {
		k, ok := rep.Kinds[kind]
		if !ok {
			continue
		}
		fmt.Fprintf(&out, "%-14s %5d (%4d) %8.1f %8.1f %8.1f %9.1f %10.1f %9.1f %8.1f %8.1f\n",
			kind, k.N, k.Framed, k.P50, k.P99, k.Max, k.WorkP99, k.FrameP99, k.WallP99, k.CPUP50, k.CPUP99)
	}
	fmt.Fprintf(&out, "slowest: %s, %.1f ms (interaction %d)\n", rep.Slowest.Kind, rep.Slowest.MS, rep.Slowest.At)
	if err := os.WriteFile(filepath.Join(art, "soak.txt"), []byte(out.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	b.Log("\n" + out.String())
}

// bareWindow builds and opens the smallest Fyne window on the X server of
// env and reads its resident memory once it has drawn.
func bareWindow(b *testing.B, env []string) memory {
	b.Helper()
	bin := filepath.Join(b.TempDir(), "barewindow")
	if out, err := exec.Command("go", "build", "-tags", "migrated_fynedo", "-o", bin, "./testdata/barewindow").CombinedOutput(); err != nil {
		b.Fatalf("build the bare window: %v\n%s", err, out)
	}
	cmd := exec.Command(bin)
	cmd.Env = env
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	testkit.WaitFor(b, 60*time.Second, "the bare window", func() bool {
		c := exec.Command("xwininfo", "-root", "-tree")
		c.Env = env
		out, _ := c.Output()
		return strings.Contains(string(out), "Bare Fyne window")
	})
	time.Sleep(3 * time.Second) // drawn, settled
	return residentMB(b, cmd.Process.Pid)
}

// tail is the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(s, "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

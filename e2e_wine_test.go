package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"sportello/ui"
)

// wine is the Windows build under test, run by Wine in a prefix of its own.
type wine struct {
	t       *testing.T
	exe     string
	prefix  string
	display string
	env     []string
}

// openWine prepares a fresh Wine prefix (scripts/wine/prefix.sh) for the
// .exe named by SPORTELLO_WINE_EXE. Without it the test is skipped, unless
// SPORTELLO_REQUIRE_WINE=1 (the test command sets both after packaging).
func openWine(t *testing.T) *wine {
	t.Helper()
	exe := os.Getenv("SPORTELLO_WINE_EXE")
	if exe == "" {
		if os.Getenv("SPORTELLO_REQUIRE_WINE") == "1" {
			t.Fatal("SPORTELLO_WINE_EXE is not set")
		}
		t.Skip("SPORTELLO_WINE_EXE is not set; scripts/test.sh runs the Windows build under Wine")
	}
	exe, err := filepath.Abs(exe)
	if err != nil {
		t.Fatal(err)
	}
	_, err = exec.LookPath("wine")
	requireEnv(t, "wine", err)
	w := &wine{t: t, exe: exe, prefix: t.TempDir()}
	// One X server for every command: the first Wine process of a prefix
	// starts its desktop process (explorer.exe) on its display, and a
	// window opened later by any process fails if that had none.
	w.display = startXvfb(t)
	// No proxy variable of this machine: Windows' names are not case
	// sensitive, and an empty no_proxy would hide a test's NO_PROXY.
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); !strings.HasSuffix(strings.ToLower(k), "_proxy") {
			w.env = append(w.env, kv)
		}
	}
	w.env = append(w.env, "WINEPREFIX="+w.prefix, "WINEARCH=win64", "WINEDEBUG=-all", "DISPLAY="+w.display)
	prep := exec.Command("scripts/wine/prefix.sh")
	prep.Env = w.env
	out := w.tempFile()
	prep.Stdout, prep.Stderr = out, out
	if err := prep.Run(); err != nil {
		t.Fatalf("wine prefix: %v\n%s", err, readBack(t, out))
	}
	t.Cleanup(w.kill)
	return w
}

// kill ends every process of the prefix and waits for its wineserver.
func (w *wine) kill() {
	for _, args := range [][]string{{"-k"}, {"-w"}} {
		k := exec.Command("wineserver", args...)
		k.Env = w.env
		_ = k.Run()
	}
}

// run runs one command of the .exe with stdin and returns its result.
func (w *wine) run(stdin string, args ...string) result {
	w.t.Helper()
	return w.start(stdin, nil, append([]string{w.exe}, args...)...)
}

// command runs a Windows program (the .exe, reg…) with more environment.
func (w *wine) command(env []string, args ...string) result {
	w.t.Helper()
	return w.start("", env, args...)
}

func (w *wine) start(stdin string, env []string, args ...string) result {
	w.t.Helper()
	cmd := exec.Command("wine", args...)
	cmd.Env = append(append([]string{}, w.env...), env...)
	cmd.Stdin = strings.NewReader(stdin)
	// Files, not pipes: the Wine processes the command starts (wineserver,
	// services.exe, explorer.exe) inherit its output and outlive it, and
	// Wait would wait for them to close a pipe.
	out, errb := w.tempFile(), w.tempFile()
	cmd.Stdout, cmd.Stderr = out, errb
	err := cmd.Run()
	r := result{stdout: readBack(w.t, out), stderr: readBack(w.t, errb)}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		w.t.Fatal(err)
	}
	return r
}

// tempFile is a new empty file for a Wine process's output.
func (w *wine) tempFile() *os.File {
	w.t.Helper()
	f, err := os.CreateTemp(w.t.TempDir(), "wine-out")
	if err != nil {
		w.t.Fatal(err)
	}
	w.t.Cleanup(func() { f.Close() })
	return f
}

// readBack returns what was written to f.
func readBack(t *testing.T, f *os.File) string {
	t.Helper()
	b, err := os.ReadFile(f.Name())
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// credentials lists the console's entries in Wine's Credential Manager
// (kept, encrypted, in the prefix's registry).
func (w *wine) credentials() []string {
	w.t.Helper()
	cmd := exec.Command("wine", "reg", "query", `HKCU\Software\Wine\Credential Manager`)
	cmd.Env = w.env
	out, _ := cmd.Output() // no key at all before the first credential
	var names []string
	for _, line := range strings.Split(string(out), "\n") {
		if _, name, ok := strings.Cut(strings.TrimSpace(line), `Credential Manager\Generic: `); ok {
			names = append(names, strings.TrimSpace(name))
		}
	}
	return names
}

// localAppData is %LocalAppData% of the prefix's user, as a Linux path.
func (w *wine) localAppData() string {
	w.t.Helper()
	users, _ := filepath.Glob(filepath.Join(w.prefix, "drive_c", "users", "*", "AppData", "Local"))
	for _, u := range users {
		if !strings.Contains(u, "Public") {
			return u
		}
	}
	w.t.Fatalf("no AppData\\Local in %s", w.prefix)
	return ""
}

// TestWindowsBuildUnderWine runs the cross-built .exe as an operator's
// Windows laptop would, against a standalone sandbox on loopback: a
// headless login whose secrets go to the Credential Manager and to no
// file, a sync into %LocalAppData%\Sportello, the console's window showing
// the agenda, then a logout that removes the credentials. What Wine cannot
// prove (the real Credential Manager's DPAPI, real GL drivers, group
// policies) is in the README.
func TestWindowsBuildUnderWine(t *testing.T) {
	w := openWine(t)
	url := startSandbox(t)
	var report strings.Builder
	note := func(format string, args ...any) {
		t.Logf(format, args...)
		fmt.Fprintf(&report, format+"\n", args...)
	}

	began := time.Now()
	r := w.run("demo\n", "login", "--server", url, "--operator", "demo")
	if r.code != 0 || !strings.Contains(r.stdout, "Accesso eseguito") {
		t.Fatalf("login under Wine: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	note("login: %s", time.Since(began).Round(100*time.Millisecond))
	creds := w.credentials()
	want := []string{"Sportello:token:demo@" + url, "Sportello:unlock:demo@" + url}
	for _, c := range want {
		if !contains(creds, c) {
			t.Errorf("Credential Manager lacks %q after login; it holds %q", c, creds)
		}
	}
	note("Credential Manager after login: %s", strings.Join(creds, ", "))

	began = time.Now()
	r = w.run("", "sync", "--once")
	if r.code != 0 || !strings.Contains(r.stdout, "Sincronizzazione completata") {
		t.Fatalf("sync under Wine: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	note("sync: %s, %s", time.Since(began).Round(100*time.Millisecond), strings.TrimSpace(r.stdout))
	data := filepath.Join(w.localAppData(), "Sportello")
	files := filesIn(t, data)
	for _, f := range []string{"config.json", "cache.db", "cache.queue.db"} {
		if _, ok := files[f]; !ok {
			t.Errorf("%%LocalAppData%%\\Sportello lacks %s after the sync: %v", f, files)
		}
	}
	note("files in %%LocalAppData%%\\Sportello: %s", describeFiles(files))

	// The console's window, on the agenda of the test clock's Monday.
	display := w.display
	probe := filepath.Join(w.prefix, "drive_c", "probe.json")
	env := append(append([]string{}, w.env...), `SPORTELLO_TEST_PROBE=C:\probe.json`, "SPORTELLO_THEME=light")
	logs := w.tempFile()
	con := exec.Command("wine", w.exe)
	con.Env = env
	con.Stdout, con.Stderr = logs, logs
	began = time.Now()
	if err := con.Start(); err != nil {
		t.Fatal(err)
	}
	stopConsole := func() {
		if con.ProcessState == nil {
			_ = con.Process.Kill()
			_ = con.Wait()
		}
	}
	t.Cleanup(stopConsole)
	// The agenda is drawn from the mirror first, then the console is
	// online once its first sync is done.
	var p ui.Probe
	var agenda time.Duration
	for deadline := time.Now().Add(90 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		b, err := os.ReadFile(probe)
		if err == nil && json.Unmarshal(b, &p) == nil &&
			p.Day != nil && len(p.Day.Rows) > 0 && has(p, "Agenda di lunedì 23 novembre 2026") {
			if agenda == 0 {
				agenda = time.Since(began)
			}
			if has(p, "In linea") {
				break
			}
		}
		if time.Now().After(deadline) {
			shot := filepath.Join(artifacts(t), "wine-failed.png")
			screenshotCovering(t, []string{"DISPLAY=" + display}, shot, 0)
			t.Fatalf("no agenda online in the window under Wine after 90 s (see %s); probe %s\nlog:\n%s", shot, dump(p), readBack(t, logs))
		}
	}
	note("window with the agenda: %s from start, online after %s (%d rows; the console's own log: %s)",
		agenda.Round(100*time.Millisecond), time.Since(began).Round(100*time.Millisecond), len(p.Day.Rows),
		logLine(readBack(t, logs), "agenda shown"))
	time.Sleep(time.Second) // the last frame
	shot := filepath.Join(artifacts(t), "wine-agenda.png")
	screenshot(t, []string{"DISPLAY=" + display}, shot)
	note("screenshot: %s", shot)

	// The web meeting under way, opened with Windows' own handler
	// (rundll32, which reports nothing; under Wine no browser takes it):
	// the dialog says where the link went, never that it opened.
	if r, ok := selectedRow(p); !ok || r.Channel != "web_meeting" {
		t.Fatalf("at 10:05 the slot under way is not a web meeting (seed 9): %+v", r)
	}
	readProbe := func(what string, ok func(ui.Probe) bool) {
		t.Helper()
		for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(200 * time.Millisecond) {
			if b, err := os.ReadFile(probe); err == nil && json.Unmarshal(b, &p) == nil && ok(p) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s under Wine: %s", what, dump(p))
			}
		}
	}
	for _, step := range []struct {
		key, what, shows string
	}{
		{"ctrl+m", "the meeting dialog", "Apri"},
		{"Return", "the link handed to the browser", "Link passato al browser predefinito"},
	} {
		xdo := exec.Command("xdotool", "key", "--delay", keyDelay, step.key)
		xdo.Env = env
		if out, err := xdo.CombinedOutput(); err != nil {
			t.Fatalf("xdotool %s: %v\n%s", step.key, err, out)
		}
		readProbe(step.what, func(p ui.Probe) bool { return has(p, step.shows) })
		time.Sleep(stepPause)
	}
	if has(p, "Link aperto") {
		t.Errorf("under Wine, where nothing opened the link, the console says it opened: %s", dump(p))
	}
	screenshot(t, []string{"DISPLAY=" + display}, filepath.Join(artifacts(t), "wine-meeting.png"))
	note("Teams link under Wine: the dialog says %q", "Link passato al browser predefinito…")
	if l := readBack(t, logs); strings.Contains(l, "level=ERROR") {
		t.Errorf("the console logged errors under Wine:\n%s", l)
	}
	// Killing wine's loader leaves the console's Windows process running:
	// wineserver -k ends every process of the prefix.
	stopConsole()
	w.kill()

	note("Credential Manager after the console: %s", strings.Join(w.credentials(), ", "))

	// No token in any file of the prefix: the Credential Manager keeps it
	// encrypted in the registry, the data folder never.
	_, tokens := inspectSandbox(t, url)
	if len(tokens) == 0 {
		t.Fatal("the sandbox issued no token")
	}
	leaks := 0
	_ = filepath.WalkDir(w.prefix, func(path string, d fs.DirEntry, err error) error {
		// Regular files only: dosdevices holds links to / and to serial
		// ports, which would block a read.
		if err != nil || !d.Type().IsRegular() || strings.HasSuffix(path, ".dll") || strings.HasSuffix(path, ".exe") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return nil
		}
		for _, tok := range tokens {
			if bytes.Contains(b, []byte(tok)) {
				t.Errorf("a token in clear in %s", path)
				leaks++
			}
		}
		return nil
	})
	note("files of the prefix holding a token in clear: %d", leaks)

	// The console opened the slot under way by itself (an audited access
	// that waits to be sent): a logout refuses until it is synced.
	if r = w.run("", "logout"); r.code == 0 || !strings.Contains(r.stderr, "Non puoi uscire adesso") {
		t.Errorf("logout with an audit record unsent: exit %d, stderr %q", r.code, r.stderr)
	}
	if r = w.run("", "sync", "--once"); r.code != 0 {
		t.Fatalf("sync before logout: exit %d, stderr %q", r.code, r.stderr)
	}
	r = w.run("", "logout")
	if r.code != 0 {
		t.Fatalf("logout under Wine: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if left := w.credentials(); len(left) > 0 {
		t.Errorf("the logout left %q in the Credential Manager", left)
	}
	note("Credential Manager after logout: %d entries", len(w.credentials()))
	if err := os.WriteFile(filepath.Join(artifacts(t), "wine.txt"), []byte(report.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// filesIn maps the files under dir (relative names) to their sizes.
func filesIn(t *testing.T, dir string) map[string]int64 {
	t.Helper()
	files := map[string]int64{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = info.Size()
		return nil
	})
	if err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	return files
}

func describeFiles(files map[string]int64) string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for i, n := range names {
		names[i] = fmt.Sprintf("%s (%d B)", n, files[n])
	}
	return strings.Join(names, ", ")
}

// logLine returns the first log line with msg, or "none".
func logLine(logs, msg string) string {
	for _, line := range strings.Split(logs, "\n") {
		if strings.Contains(line, `msg="`+msg+`"`) {
			return strings.TrimSpace(line)
		}
	}
	return "none"
}

package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"sportello/internal/testkit"
	"sportello/ui"
)

// keyDelay is the time between two keys typed, as a person types.
const keyDelay = "120"

// stepPause is the pause after each step, as a person reads the screen.
const stepPause = 700 * time.Millisecond

// desk is a console started for a walk.
type desk struct {
	t     *testing.T
	env   []string
	probe string
	con   *launched
	art   string
}

// openDesk starts the console as operator (the embedded sandbox, the
// walks' clock unless clock is given) and waits for its first sync.
func openDesk(t *testing.T, operator string, extra ...string) *desk {
	t.Helper()
	return openDeskIn(t, filepath.Join(t.TempDir(), "data"), operator, extra...)
}

// openDeskIn is openDesk on a data folder prepared by the test; with no
// operator, on the session a login left there.
func openDeskIn(t *testing.T, data, operator string, extra ...string) *desk {
	t.Helper()
	for _, tool := range []string{"Xvfb", "import", "xwininfo", "xdotool"} {
		_, err := exec.LookPath(tool)
		requireEnv(t, tool, err)
	}
	d := &desk{t: t, probe: filepath.Join(t.TempDir(), "probe.json")}
	d.art = artifacts(t)
	// The walks know the agenda of a Monday at 10:05, whatever moment the
	// suite runs at (scripts/clock-matrix.sh moves the others).
	d.env = append(os.Environ(), "DISPLAY="+startXvfb(t), "SPORTELLO_THEME=light", "SPORTELLO_TEST_PROBE="+d.probe,
		"SPORTELLO_TEST_CLOCK="+demoMorning)
	d.env = append(d.env, extra...)
	var args []string
	if operator != "" { // "" for a folder logged in to a server
		args = []string{"--operator", operator}
	}
	d.con = launch(t, d.env, data, args...)
	testkit.WaitFor(t, 60*time.Second, "the first sync", func() bool { return strings.Contains(d.con.logs.String(), "sync done") })
	d.wait("the window probed", func(p ui.Probe) bool { return p.Title != "" })
	time.Sleep(stepPause)
	return d
}

// xdo runs xdotool, then pauses as a person does between steps.
func (d *desk) xdo(args ...string) {
	d.t.Helper()
	c := exec.Command("xdotool", args...)
	c.Env = d.env
	if out, err := c.CombinedOutput(); err != nil {
		d.t.Fatalf("xdotool %v: %v\n%s", args, err, out)
	}
	time.Sleep(stepPause)
}

// typeText types s at human speed.
func (d *desk) typeText(s string) { d.t.Helper(); d.xdo("type", "--delay", keyDelay, s) }

// key presses one key combination ("ctrl+m", "Escape").
func (d *desk) key(k string) { d.t.Helper(); d.xdo("key", "--delay", keyDelay, k) }

// read returns what the probe last wrote.
func (d *desk) read() ui.Probe {
	d.t.Helper()
	var p ui.Probe
	data, err := os.ReadFile(d.probe)
	if err == nil {
		err = json.Unmarshal(data, &p)
	}
	if err != nil && !os.IsNotExist(err) {
		d.t.Fatalf("probe: %v", err)
	}
	return p
}

// wait waits until the window shows what ok looks for, and fails with the
// last state seen.
func (d *desk) wait(what string, ok func(ui.Probe) bool) ui.Probe {
	d.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		p := d.read()
		if ok(p) {
			return p
		}
		if time.Now().After(deadline) {
			d.shot("failed-" + strings.ReplaceAll(d.t.Name(), "/", "-"))
			js, _ := json.MarshalIndent(p, "", " ")
			d.t.Fatalf("timed out waiting for %s; the window shows:\n%s", what, js)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// shot photographs the screen into artifacts/desk-<name>.png.
func (d *desk) shot(name string) {
	d.t.Helper()
	screenshot(d.t, d.env, filepath.Join(d.art, "desk-"+name+".png"))
}

// has reports whether any visible text of the window or of its dialogs
// contains s.
func has(p ui.Probe, s string) bool {
	for _, t := range p.Texts {
		if strings.Contains(t, s) {
			return true
		}
	}
	for _, o := range p.Overlays {
		for _, t := range o {
			if strings.Contains(t, s) {
				return true
			}
		}
	}
	return false
}

// button returns the visible button whose text starts with s.
func button(p ui.Probe, s string) (ui.ProbeButton, bool) {
	i := slices.IndexFunc(p.Buttons, func(b ui.ProbeButton) bool { return strings.HasPrefix(b.Text, s) })
	if i < 0 {
		return ui.ProbeButton{}, false
	}
	return p.Buttons[i], true
}

// dump is a probe in JSON, for failure messages.
func dump(p ui.Probe) string {
	js, _ := json.MarshalIndent(p, "", " ")
	return fmt.Sprint(string(js))
}

// row returns the day view's selected slot.
func selectedRow(p ui.Probe) (ui.DayRow, bool) {
	if p.Day == nil {
		return ui.DayRow{}, false
	}
	for _, r := range p.Day.Rows {
		if r.ID == p.Day.Selected {
			return r, true
		}
	}
	return ui.DayRow{}, false
}

// clipboard reads the X clipboard (the console owns it while it runs).
func (d *desk) clipboard() string {
	d.t.Helper()
	c := exec.Command("xclip", "-o", "-selection", "clipboard")
	c.Env = d.env
	out, err := c.Output()
	if err != nil {
		d.t.Fatalf("xclip: %v", err)
	}
	return string(out)
}

// sandboxURL is the address of the console's embedded sandbox, from its
// log.
func (d *desk) sandboxURL() string {
	d.t.Helper()
	logs := d.con.logs.String()
	const mark = `embedded sandbox started" addr=`
	i := strings.Index(logs, mark)
	if i < 0 {
		d.t.Fatalf("the console did not log its sandbox's address:\n%s", logs)
	}
	return strings.Fields(logs[i+len(mark):])[0]
}

// rowStatus is the status of the day view's selected slot.
func rowStatus(p ui.Probe) string {
	r, _ := selectedRow(p)
	return r.Status
}

// entry returns the visible entry whose placeholder or text contains s.
func entry(p ui.Probe, s string) (ui.ProbeEntry, bool) {
	i := slices.IndexFunc(p.Entries, func(e ui.ProbeEntry) bool {
		return strings.Contains(e.PlaceHolder, s) || strings.Contains(e.Text, s)
	})
	if i < 0 {
		return ui.ProbeEntry{}, false
	}
	return p.Entries[i], true
}

// windowWidth is the console window's width in pixels.
func (d *desk) windowWidth() int { d.t.Helper(); return d.windowGeometry("WIDTH") }

// windowHeight is the console window's height in pixels.
func (d *desk) windowHeight() int { d.t.Helper(); return d.windowGeometry("HEIGHT") }

// windowGeometry is one value of the console window's geometry
// ("WIDTH", "HEIGHT"), in pixels.
func (d *desk) windowGeometry(name string) int {
	d.t.Helper()
	c := exec.Command("xdotool", "search", "--name", "Sportello — INPS", "getwindowgeometry", "--shell")
	c.Env = d.env
	out, err := c.Output()
	if err != nil {
		d.t.Fatalf("xdotool getwindowgeometry: %v", err)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(line, name+"="); ok {
			var n int
			fmt.Sscan(v, &n)
			return n
		}
	}
	d.t.Fatalf("no %s in %q", name, out)
	return 0
}

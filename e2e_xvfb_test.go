package main

import (
	"bufio"
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"sportello/internal/testkit"
)

// startXvfb starts an X server on a free display and returns its name;
// extra are more arguments of Xvfb (e.g. "-extension", "GLX").
func startXvfb(t testing.TB, extra ...string) string {
	t.Helper()
	// -displayfd: Xvfb picks a free display and writes its number on fd 3.
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	xvfb := exec.Command("Xvfb", append([]string{"-displayfd", "3", "-screen", "0", "1366x768x24", "-nolisten", "tcp"}, extra...)...)
	xvfb.ExtraFiles = []*os.File{pw}
	if err := xvfb.Start(); err != nil {
		t.Fatal(err)
	}
	pw.Close()
	t.Cleanup(func() { _ = xvfb.Process.Kill(); _ = xvfb.Wait() })
	line, err := bufio.NewReader(pr).ReadString('\n')
	pr.Close()
	if err != nil {
		t.Fatalf("Xvfb did not report its display: %v", err)
	}
	display := ":" + strings.TrimSpace(line)
	testkit.WaitFor(t, 10*time.Second, "X server", func() bool {
		c := exec.Command("xwininfo", "-root")
		c.Env = append(os.Environ(), "DISPLAY="+display)
		return c.Run() == nil
	})
	return display
}

// launched is a console started in the X server.
type launched struct {
	cmd  *exec.Cmd
	logs *syncBuffer
}

// launch starts the console on a data folder, with more arguments if
// given.
func launch(t testing.TB, env []string, dir string, args ...string) *launched {
	t.Helper()
	l := &launched{logs: &syncBuffer{}}
	l.cmd = exec.Command(binary(t), append([]string{"--data-dir", dir}, args...)...)
	l.cmd.Env = env
	l.cmd.Stdout, l.cmd.Stderr = l.logs, l.logs
	if err := l.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.stop)
	testkit.WaitFor(t, 60*time.Second, "console window", func() bool {
		c := exec.Command("xwininfo", "-root", "-tree")
		c.Env = env
		out, _ := c.Output()
		return strings.Contains(string(out), "Sportello — INPS")
	})
	return l
}

// stop ends the console (it may be stopped twice).
func (l *launched) stop() {
	if l.cmd.ProcessState == nil {
		_ = l.cmd.Process.Kill()
		_ = l.cmd.Wait()
	}
}

// logDuration reads a duration attribute of the first log line with msg.
func logDuration(t *testing.T, logs, msg, attr string) time.Duration {
	t.Helper()
	for _, line := range strings.Split(logs, "\n") {
		if !strings.Contains(line, `msg="`+msg+`"`) {
			continue
		}
		for _, f := range strings.Fields(line) {
			if v, ok := strings.CutPrefix(f, attr+"="); ok {
				d, err := time.ParseDuration(v)
				if err != nil {
					t.Fatalf("log %q: %v", line, err)
				}
				return d
			}
		}
	}
	t.Fatalf("no %s in a %q log line:\n%s", attr, msg, logs)
	return 0
}

// memory reads a process's resident memory, in MiB: all of it, its
// private (anonymous) part and the part mapped from files (the binary, the
// GL and X libraries).
type memory struct{ rss, anon, file float64 }

func residentMB(t testing.TB, pid int) memory {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	var m memory
	for _, line := range strings.Split(string(b), "\n") {
		for name, dst := range map[string]*float64{"VmRSS:": &m.rss, "RssAnon:": &m.anon, "RssFile:": &m.file} {
			if v, ok := strings.CutPrefix(line, name); ok {
				var kb float64
				if _, err := fmt.Sscan(strings.TrimSuffix(strings.TrimSpace(v), " kB"), &kb); err != nil {
					t.Fatal(err)
				}
				*dst = kb / 1024
			}
		}
	}
	if m.rss == 0 {
		t.Fatal("no VmRSS")
	}
	return m
}

// screenshot captures the X screen to a PNG and checks it is not blank: a
// console window covers at least half the screen.
func screenshot(t *testing.T, env []string, shot string) {
	t.Helper()
	screenshotCovering(t, env, shot, 0.5)
}

// screenshotCovering is screenshot for a window that covers at least the
// share cover of the screen.
func screenshotCovering(t *testing.T, env []string, shot string, cover float64) {
	t.Helper()
	imp := exec.Command("import", "-window", "root", shot)
	imp.Env = env
	if out, err := imp.CombinedOutput(); err != nil {
		t.Fatalf("screenshot: %v\n%s", err, out)
	}
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	colours, covered := paint(img)
	t.Logf("screenshot %s: %d colours, %.0f%% of the screen painted", shot, colours, covered*100)
	// A blank or black window has a handful of colours; text and table
	// lines anti-aliased on the day view give hundreds.
	if colours < 50 || covered < cover {
		t.Errorf("window looks blank: %d colours, %.0f%% painted (see %s)", colours, covered*100, shot)
	}
}

// paint counts the distinct colours of an image and the share of pixels that
// are not the X server's black background.
func paint(img image.Image) (int, float64) {
	seen := map[uint32]bool{}
	b := img.Bounds()
	painted := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			seen[(r>>8)<<16|(g>>8)<<8|bl>>8] = true
			if r|g|bl != 0 {
				painted++
			}
		}
	}
	return len(seen), float64(painted) / float64(b.Dx()*b.Dy())
}

// syncBuffer is a bytes.Buffer safe for a child's two output pipes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

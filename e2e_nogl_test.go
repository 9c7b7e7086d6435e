package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"sportello/app"
)

// TestNoOpenGLSaysWhy starts the console on an X server without GLX, as
// a Remote Desktop session or a virtual desktop with no GPU offers no
// OpenGL: Fyne alone logged "window creation error" and ran on with no
// window, for ever. The console must stop at once with exit status 6,
// say in the operator's language what is missing and what IT can do, on
// stderr and in the data folder's log, and start nothing (no sandbox, no
// mirror).
func TestNoOpenGLSaysWhy(t *testing.T) {
	for _, tool := range []string{"Xvfb", "xwininfo"} {
		_, err := exec.LookPath(tool)
		requireEnv(t, tool, err)
	}
	display := startXvfb(t, "-extension", "GLX")

	for _, c := range []struct{ lang, says, detail string }{
		{"it", "Sportello non può aprire la sua finestra: mancano lo schermo grafico o OpenGL 2.1", "Dettaglio tecnico: APIUnavailable: GLX: GLX extension not found"},
		{"en", "Sportello cannot open its window: the graphical display or OpenGL 2.1", "Technical detail: APIUnavailable: GLX: GLX extension not found"},
	} {
		dir := t.TempDir()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		cmd := exec.CommandContext(ctx, binary(t), "--data-dir", dir, "--operator", "demo", "--lang", c.lang)
		cmd.Env = append(os.Environ(), "DISPLAY="+display)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		began := time.Now()
		err := cmd.Run()
		took := time.Since(began)
		cancel()
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			t.Fatalf("%s: the console was still running after %v with no OpenGL:\n%s", c.lang, took.Round(time.Second), stderr.String())
		}
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != exitNoWindow {
			t.Fatalf("%s: exit %v, want status %d:\n%s", c.lang, err, exitNoWindow, stderr.String())
		}
		t.Logf("%s: stopped in %v", c.lang, took.Round(time.Millisecond))
		for _, want := range []string{c.says, c.detail} {
			if !strings.Contains(stderr.String(), want) {
				t.Errorf("%s: stderr lacks %q:\n%s", c.lang, want, stderr.String())
			}
		}
		if strings.Contains(stderr.String(), "embedded sandbox started") {
			t.Errorf("%s: the sandbox started with no window to show:\n%s", c.lang, stderr.String())
		}
		logs, err := os.ReadFile(app.LogFile(dir))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(logs), `level=ERROR msg="console not started" told="`+c.says) || !strings.Contains(string(logs), c.detail) {
			t.Errorf("%s: the log does not say what the operator was told:\n%s", c.lang, logs)
		}
	}
}

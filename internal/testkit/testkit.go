// Package testkit is the tests' shared kit for the parts below the screens:
// central (a sandbox served over real loopback HTTP), an unpluggable line in
// front of it, the real keyring and waiting for a condition.
//
// Only tests import it (their _test files, and ui/uitest, the ui tests'
// kit, which builds on it): nothing in the console does. It imports no
// package of the console above client/sandbox, so that app's own tests
// (package app) can use it too; the logged-in console, which needs app, is
// in the sub-package consolekit, for the tests outside app (ui, the
// end-to-end tests).
package testkit

import (
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"sportello/client/sandbox"
)

// Line is a loopback link to a handler (a sandbox) that can be unplugged:
// while down, every request is cut before an answer, as on a dropped line.
// The zero value is not usable: make one with NewLine.
type Line struct {
	down atomic.Bool
	next http.Handler
	pass atomic.Pointer[func(*http.Request) bool]
}

// NewLine returns a line, plugged in, to next.
func NewLine(next http.Handler) *Line { return &Line{next: next} }

// Unplug cuts the line: every request from now on is cut before an answer.
func (l *Line) Unplug() { l.down.Store(true) }

// Plug puts the line back.
func (l *Line) Plug() { l.down.Store(false) }

// Down reports whether the line is unplugged.
func (l *Line) Down() bool { return l.down.Load() }

// PassWhileDown lets through, while the line is down, the requests pass
// reports true for (nil: none): e.g. one look-up, to test what a client
// does when only the request after it is cut.
func (l *Line) PassWhileDown(pass func(*http.Request) bool) {
	if pass == nil {
		l.pass.Store(nil)
		return
	}
	l.pass.Store(&pass)
}

// ServeHTTP passes r on to the handler behind the line, or cuts it.
func (l *Line) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if l.down.Load() {
		if p := l.pass.Load(); p == nil || !(*p)(r) {
			panic(http.ErrAbortHandler)
		}
	}
	l.next.ServeHTTP(w, r)
}

// Central is a sandbox served over real loopback HTTP behind a Line.
type Central struct {
	Sandbox *sandbox.Sandbox
	Line    *Line
	URL     string // the server's base URL, http://127.0.0.1:port
	srv     *httptest.Server
}

// StartCentral starts a sandbox of opts and serves it over loopback HTTP
// behind a line, plugged in; both stop at the end of the test.
func StartCentral(t testing.TB, opts sandbox.Options) *Central {
	t.Helper()
	sb := NewSandbox(t, opts)
	c := &Central{Sandbox: sb, Line: NewLine(sb)}
	c.srv = serve(t, c.Line)
	c.URL = c.srv.URL
	return c
}

// NewSandbox returns a sandbox of opts, closed at the end of the test: for
// a test that puts a handler of its own in front of it (see Serve).
func NewSandbox(t testing.TB, opts sandbox.Options) *sandbox.Sandbox {
	t.Helper()
	sb, err := sandbox.New(opts)
	if err != nil {
		t.Fatalf("sandbox: %v", err)
	}
	t.Cleanup(func() { sb.Close() })
	return sb
}

// Close stops serving, as a central gone away: connections are refused
// (not cut, as by Line.Unplug). The end of the test closes it anyway.
func (c *Central) Close() { c.srv.Close() }

// Serve serves h (e.g. a handler that wraps a Central's sandbox) over
// loopback HTTP until the end of the test and returns its base URL.
func Serve(t testing.TB, h http.Handler) string {
	t.Helper()
	return serve(t, h).URL
}

func serve(t testing.TB, h http.Handler) *httptest.Server {
	srv := httptest.NewUnstartedServer(h)
	// The connections a line cuts are deliberate: not worth a log line.
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

// RequireKeyring makes sure a real Secret Service answers, given the
// result of a probe (app.KeyringAvailable()). The test command starts
// gnome-keyring under dbus-run-session and sets SPORTELLO_REQUIRE_KEYRING=1,
// so there a missing keyring fails the test; a developer running plain
// `go test` without one gets a skip.
func RequireKeyring(t testing.TB, probe error) {
	t.Helper()
	if probe == nil {
		return
	}
	if os.Getenv("SPORTELLO_REQUIRE_KEYRING") == "1" {
		t.Fatalf("no usable Secret Service: %v", probe)
	}
	t.Skipf("no Secret Service on this machine (%v); the test command provides one", probe)
}

// WaitFor waits until ok holds, checking it every few milliseconds (a
// hundredth of limit, between 10 and 200 ms), or fails the test after
// limit naming what it waited for.
func WaitFor(t testing.TB, limit time.Duration, what string, ok func() bool) {
	t.Helper()
	every := min(max(limit/100, 10*time.Millisecond), 200*time.Millisecond)
	deadline := time.Now().Add(limit)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s", limit, what)
		}
		time.Sleep(every)
	}
}

package testkit

import (
	"net/http"
	"testing"
	"time"

	"sportello/client/sandbox"
)

// TestTheLineCutsWhileUnpluggedAndLetsThroughWhatItIsTold: over real
// loopback HTTP, the sandbox answers while the line is plugged in; while
// unplugged every request is cut, but for those PassWhileDown lets through.
func TestTheLineCutsWhileUnpluggedAndLetsThroughWhatItIsTold(t *testing.T) {
	now := time.Date(2026, time.November, 23, 10, 5, 0, 0, time.UTC)
	c := StartCentral(t, sandbox.Options{Seed: 3, Now: func() time.Time { return now }})
	get := func(path string) error {
		resp, err := http.Get(c.URL + path)
		if err == nil {
			resp.Body.Close()
		}
		return err
	}
	if err := get("/v1/console/versions"); err != nil {
		t.Fatalf("plugged in: %v", err)
	}
	c.Line.Unplug()
	if !c.Line.Down() {
		t.Error("unplugged, the line says it is up")
	}
	if err := get("/v1/console/versions"); err == nil {
		t.Error("unplugged: an answer came through")
	}
	c.Line.PassWhileDown(func(r *http.Request) bool { return r.URL.Path == "/v1/console/versions" })
	if err := get("/v1/console/versions"); err != nil {
		t.Errorf("let through while down: %v", err)
	}
	if err := get("/v1/offices"); err == nil {
		t.Error("unplugged: a request not let through got an answer")
	}
	c.Line.Plug()
	if err := get("/v1/offices"); err != nil {
		t.Errorf("plugged in again: %v", err)
	}
	c.Close()
	if err := get("/v1/console/versions"); err == nil {
		t.Error("closed: an answer came through")
	}
}

// TestWaitForReturnsOnceTheConditionHolds: the condition is checked until
// it holds, not once.
func TestWaitForReturnsOnceTheConditionHolds(t *testing.T) {
	n := 0
	WaitFor(t, time.Second, "the third check", func() bool { n++; return n == 3 })
	if n != 3 {
		t.Errorf("checked %d times, want 3", n)
	}
}

package app

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"sportello/client/sandbox"
	"sportello/internal/testkit"
	"sportello/model"
)

// TestAnOlderCentralWithoutTheCounterCallsStillSyncs: a central of the
// release before the counter's reference data answers 404 to the
// outcomes, the text modules and the calendar; the sync goes on, and the
// console falls back to what it has (defaults, none, national holidays).
func TestAnOlderCentralWithoutTheCounterCallsStillSyncs(t *testing.T) {
	ctx := context.Background()
	sb := testkit.NewSandbox(t, sandbox.Options{Seed: 3, Now: fixedNow})
	var asked []string
	url := testkit.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/v1/outcomes", r.URL.Path == "/v1/modules", r.URL.Path == "/v1/calendar",
			strings.HasSuffix(r.URL.Path, "/presence"):
			asked = append(asked, r.URL.Path)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"code":"not_found","message":"Risorsa inesistente."}`))
			return
		}
		sb.ServeHTTP(w, r)
	}))
	for _, op := range []string{"demo", "cric"} {
		c := consoleOn(t, url, op)
		if _, err := c.SyncOnce(ctx); err != nil {
			t.Fatalf("%s: sync against an older central: %v", op, err)
		}
		if _, err := c.SyncOnce(ctx); err != nil {
			t.Fatalf("%s: second sync against an older central: %v", op, err)
		}
		if got := c.Outcomes(ctx); len(got) != len(model.DefaultOutcomes) {
			t.Errorf("%s: outcomes: %+v", op, got)
		}
		if _, err := c.Calendar(ctx); err != nil {
			t.Errorf("%s: calendar: %v", op, err)
		}
		if got, err := c.TextModules(ctx, model.SectionPensioni); err != nil || len(got) != 0 {
			t.Errorf("%s: modules: %d, %v", op, len(got), err)
		}
	}
	if len(asked) == 0 {
		t.Fatal("sanity: the new calls were never asked")
	}
}

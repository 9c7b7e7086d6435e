package app

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"sportello/client"
	"sportello/client/sandbox"
	"sportello/model"
)

// counted serves the sandbox through fail (nil: nothing fails), counting
// the requests for files, one by one and in batches.
type counted struct {
	sb   *sandbox.Sandbox
	fail func(r *http.Request, batches int) int // a status to answer instead, or 0

	mu             sync.Mutex
	batches, files int
}

func (c *counted) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	switch {
	case r.URL.Path == "/v1/citizens/batch":
		c.batches++
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/v1/citizens/"):
		c.files++
	}
	status := 0
	if c.fail != nil {
		status = c.fail(r, c.batches)
	}
	c.mu.Unlock()
	if status != 0 {
		http.Error(w, http.StatusText(status), status)
		return
	}
	c.sb.ServeHTTP(w, r)
}

// prefetchConsole is a console logged in to a sandbox served through srv.
func prefetchConsole(t *testing.T, srv *counted) *Console {
	t.Helper()
	sb, err := sandbox.New(sandbox.Options{Seed: 3, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	srv.sb = sb
	hs := httptest.NewServer(srv)
	t.Cleanup(func() { hs.Close(); sb.Close() })
	return consoleOn(t, hs.URL, "demo")
}

// weekOffline opens every booked file of the next days working days from
// the mirror, and returns how many it opened.
func weekOffline(t *testing.T, c *Console, days int) int {
	t.Helper()
	ctx := context.Background()
	opened := 0
	for _, d := range model.NextWorkingDays(monday, days) {
		day, err := c.DayAgenda(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range day {
			if e.CitizenCF == "" {
				continue
			}
			if e.CitizenName == "" {
				t.Errorf("file of %s on %s not in the mirror", e.ID, d.Format("02/01"))
			}
			opened++
		}
	}
	return opened
}

func TestPrefetchOfAWeekFetchesTheFilesInBatchesWithTheirETags(t *testing.T) {
	srv := &counted{}
	c := prefetchConsole(t, srv)
	ctx := context.Background()
	rep, err := c.Prefetch(ctx, 5, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := weekOffline(t, c, 5); n == 0 {
		t.Fatal("no booked citizen in the week")
	}
	want := (rep.Pull.Files + filesPerBatch - 1) / filesPerBatch
	if rep.Pull.Files < 2*filesPerBatch || srv.batches != want || srv.files != 0 {
		t.Errorf("%d files in %d batches and %d requests one by one, want %d batches and none alone", rep.Pull.Files, srv.batches, srv.files, want)
	}

	// Two files go stale: one changed centrally (a note), one not. Both
	// travel in one batch, with their ETags: the changed one comes back
	// whole, the other as not modified.
	day, err := c.DayAgenda(ctx, monday)
	if err != nil {
		t.Fatal(err)
	}
	var cfs []string
	for _, e := range day {
		if e.CitizenCF != "" && (len(cfs) == 0 || cfs[0] != e.CitizenCF) {
			cfs = append(cfs, e.CitizenCF)
		}
	}
	if _, err := c.api.AddNote(ctx, "", cfs[0], "Nota da un collega."); err != nil {
		t.Fatal(err)
	}
	cursor, err := c.store.Cursor(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.store.ApplyChanges(ctx, []model.Change{{StaleCitizen: cfs[1]}}, cursor, fixedNow()); err != nil {
		t.Fatal(err)
	}
	srv.batches = 0
	rep, err = c.SyncOnce(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Pull.Files != 1 || srv.batches != 1 || srv.files != 0 {
		t.Errorf("two stale files, one changed: %d fetched in %d batches (%d alone), want 1 in 1", rep.Pull.Files, srv.batches, srv.files)
	}
	todo, err := c.store.FilesToFetch(ctx, monday, model.NextWorkingDays(monday, 5)[4])
	if err != nil || len(todo) != 0 {
		t.Errorf("files still to fetch: %+v, %v", todo, err)
	}
}

func TestPrefetchFromACentralWithoutTheBatchFetchesEachFile(t *testing.T) {
	srv := &counted{fail: func(r *http.Request, _ int) int {
		if r.URL.Path == "/v1/citizens/batch" {
			return http.StatusMethodNotAllowed // what Go's mux answers: GET /v1/citizens/{cf} is there
		}
		return 0
	}}
	c := prefetchConsole(t, srv)
	var last Progress
	rep, err := c.Prefetch(context.Background(), 5, func(p Progress) { last = p })
	if err != nil {
		t.Fatal(err)
	}
	if n := weekOffline(t, c, 5); n == 0 {
		t.Fatal("no booked citizen in the week")
	}
	if srv.files != rep.Pull.Files || rep.Pull.Files == 0 || last.Stage != "files" || last.Done != last.Total {
		t.Errorf("%d files fetched with %d requests one by one, progress %+v", rep.Pull.Files, srv.files, last)
	}
}

func TestAFailedBatchKeepsTheFilesThatArrived(t *testing.T) {
	ctx := context.Background()
	whole, err := prefetchConsole(t, &counted{}).Prefetch(ctx, 5, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := &counted{fail: func(r *http.Request, batches int) int {
		if r.URL.Path == "/v1/citizens/batch" && batches > 1 {
			return http.StatusServiceUnavailable // the first batch only gets through
		}
		return 0
	}}
	c := prefetchConsole(t, srv)
	if _, err := c.Prefetch(ctx, 5, nil); !errors.Is(err, client.ErrServer) {
		t.Fatalf("prefetch with every batch but the first failing: %v, want ErrServer", err)
	}
	left, err := c.store.FilesToFetch(ctx, monday, model.NextWorkingDays(monday, 5)[4])
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != whole.Pull.Files-filesPerBatch {
		t.Errorf("after the first batch of %d files arrived and the others failed, %d of %d files are left", filesPerBatch, len(left), whole.Pull.Files)
	}
	srv.fail = nil
	rep, err := c.Prefetch(ctx, 5, nil)
	if err != nil || rep.Pull.Files != len(left) {
		t.Errorf("the prefetch again fetched %d files, %v; want the %d left", rep.Pull.Files, err, len(left))
	}
	if weekOffline(t, c, 5) == 0 {
		t.Fatal("no booked citizen in the week")
	}
}

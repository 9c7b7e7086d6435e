package client_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"sportello/client"
	"sportello/client/sandbox"
)

// weekFiles logs in over a byte-counting transport and returns the client,
// its counter and the codici fiscali booked in the operator's week.
func weekFiles(t *testing.T, h func(http.Handler) http.Handler) (*client.Client, *counter, []client.FileWanted) {
	t.Helper()
	sb, err := sandbox.New(sandbox.Options{Seed: 3, Now: (&clock{t: monday}).Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	srv := httptest.NewServer(h(sb))
	t.Cleanup(srv.Close)
	cnt := &counter{}
	c, _ := client.New(srv.URL, client.Config{Transport: cnt.transport(), Backoff: fast.Backoff})
	ctx := context.Background()
	if _, err := c.Login(ctx, "demo", "demo"); err != nil {
		t.Fatal(err)
	}
	slots, err := c.Agenda(ctx, monday, monday.AddDate(0, 0, 4))
	if err != nil {
		t.Fatal(err)
	}
	var want []client.FileWanted
	seen := map[string]bool{}
	for _, s := range slots {
		if s.CitizenCF != "" && !seen[s.CitizenCF] && len(want) < client.MaxFilesPerBatch {
			seen[s.CitizenCF] = true
			want = append(want, client.FileWanted{CF: s.CitizenCF})
		}
	}
	if len(want) < 20 {
		t.Fatalf("only %d citizens booked in a week", len(want))
	}
	return c, cnt, want
}

// A week's files in one batch cost fewer bytes on the wire than one
// request each, compressed or not, and come back the same.
func TestABatchOfFilesCostsLessOnTheWireThanOneRequestEach(t *testing.T) {
	plain := func(h http.Handler) http.Handler { return h }
	c, cnt, want := weekFiles(t, plain)
	ctx := context.Background()
	before := cnt.n.Load()
	each := map[string]client.CitizenFile{}
	for _, w := range want {
		f, err := c.Citizen(ctx, w.CF, "")
		if err != nil {
			t.Fatal(err)
		}
		each[w.CF] = f
	}
	oneEach := cnt.n.Load() - before
	before = cnt.n.Load()
	batch, err := c.CitizenFiles(ctx, want)
	if err != nil {
		t.Fatal(err)
	}
	inBatch := cnt.n.Load() - before
	for i, f := range batch {
		if e := each[want[i].CF]; f.CF != want[i].CF || f.NotModified || f.NotFound || f.ETag != e.ETag || f.Citizen.FullName() != e.Citizen.FullName() {
			t.Errorf("file %d of the batch: %+v; one by one: %+v", i, f, e)
		}
	}
	// Asked again with their ETags, they cost next to nothing.
	for i := range want {
		want[i].ETag = batch[i].ETag
	}
	before = cnt.n.Load()
	again, err := c.CitizenFiles(ctx, want)
	if err != nil {
		t.Fatal(err)
	}
	unchanged := cnt.n.Load() - before
	for i, f := range again {
		if !f.NotModified || f.ETag != want[i].ETag {
			t.Errorf("file %d asked again with its ETag: %+v, want not modified", i, f)
		}
	}
	t.Logf("%d files: %d bytes on the wire one request each, %d in one batch, %d asked again with their ETags",
		len(want), oneEach, inBatch, unchanged)
	if inBatch*2 > oneEach {
		t.Errorf("a batch of %d files moved %d bytes, one request each %d: want at most half", len(want), inBatch, oneEach)
	}
	if unchanged > int64(len(want))*80 {
		t.Errorf("%d unchanged files moved %d bytes", len(want), unchanged)
	}
}

// A central without the batch call (404 or 405, as a mux without the route
// answers) gives ErrNoBatch, so the console asks for each file on its own.
func TestACentralWithoutTheBatchSaysSo(t *testing.T) {
	for _, status := range []int{http.StatusNotFound, http.StatusMethodNotAllowed} {
		old := func(h http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/v1/citizens/batch" {
					http.Error(w, http.StatusText(status), status)
					return
				}
				h.ServeHTTP(w, r)
			})
		}
		c, _, want := weekFiles(t, old)
		if _, err := c.CitizenFiles(context.Background(), want); !errors.Is(err, client.ErrNoBatch) {
			t.Errorf("HTTP %d to the batch: %v, want ErrNoBatch", status, err)
		}
	}
	c, _, want := weekFiles(t, func(h http.Handler) http.Handler { return h })
	if _, err := c.CitizenFiles(context.Background(), append(want, make([]client.FileWanted, client.MaxFilesPerBatch)...)); !errors.Is(err, client.ErrRejected) {
		t.Errorf("a batch over the limit: %v, want ErrRejected", err)
	}
}

package client_test

import (
	"context"
	"net"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"sportello/client"
)

// counter counts the bytes that cross its connections, both ways: what a
// metered mobile line would bill.
type counter struct{ n atomic.Int64 }

type countedConn struct {
	net.Conn
	c *counter
}

func (cc countedConn) Read(p []byte) (int, error) {
	n, err := cc.Conn.Read(p)
	cc.c.n.Add(int64(n))
	return n, err
}

func (cc countedConn) Write(p []byte) (int, error) {
	n, err := cc.Conn.Write(p)
	cc.c.n.Add(int64(n))
	return n, err
}

func (c *counter) transport() *http.Transport {
	d := &net.Dialer{Timeout: 5 * time.Second}
	return &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		conn, err := d.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return countedConn{conn, c}, nil
	}}
}

// idleDelta logs in, pulls the whole changes feed and returns a client,
// its byte counter and the cursor at the head.
func idleDelta(tb testing.TB) (*client.Client, *counter, string) {
	clk := &clock{t: monday}
	_, srv, _ := startSandbox(tb, 3, clk)
	cnt := &counter{}
	c, _ := client.New(srv.URL, client.Config{Transport: cnt.transport()})
	ctx := context.Background()
	if _, err := c.Login(ctx, "demo", "demo"); err != nil {
		tb.Fatal(err)
	}
	cursor := ""
	for {
		page, err := c.Changes(ctx, cursor, 1000)
		if err != nil {
			tb.Fatal(err)
		}
		cursor = page.Cursor
		if !page.HasMore {
			return c, cnt, cursor
		}
	}
}

func TestIdleDeltaSyncCostsUnder1KB(t *testing.T) {
	c, cnt, cursor := idleDelta(t)
	before := cnt.n.Load()
	page, err := c.Changes(context.Background(), cursor, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := cnt.n.Load() - before
	if len(page.Changes) != 0 || page.Cursor != cursor {
		t.Fatalf("nothing changed, yet %d changes and cursor %s→%s", len(page.Changes), cursor, page.Cursor)
	}
	if n >= 1024 {
		t.Errorf("an idle delta sync moved %d bytes on the wire, want under 1 KB", n)
	}
	t.Logf("idle delta sync: %d bytes on the wire, request and answer", n)
}

func TestLargeAnswersTravelCompressed(t *testing.T) {
	c, cnt, _ := idleDelta(t)
	before := cnt.n.Load()
	slots, err := c.Agenda(context.Background(), monday, monday.AddDate(0, 0, 13))
	if err != nil {
		t.Fatal(err)
	}
	// Uncompressed, each slot is over 250 bytes of JSON.
	if n := cnt.n.Load() - before; n > int64(len(slots))*100 {
		t.Errorf("two weeks of agenda (%d slots) moved %d bytes: not compressed", len(slots), n)
	}
}

func BenchmarkIdleDeltaSync(b *testing.B) {
	c, cnt, cursor := idleDelta(b)
	ctx := context.Background()
	before := cnt.n.Load()
	for b.Loop() {
		if _, err := c.Changes(ctx, cursor, 0); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cnt.n.Load()-before)/float64(b.N), "wire-B/op")
}

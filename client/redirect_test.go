package client_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"sportello/client"
	"sportello/model"
)

// recorder serves h and keeps every request it receives, with the headers
// and body that carry credentials.
type recorder struct {
	h    http.Handler
	mu   sync.Mutex
	reqs []string
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rec.mu.Lock()
	rec.reqs = append(rec.reqs, fmt.Sprintf("%s %s Authorization=%q body=%q", r.Method, r.URL.RequestURI(), r.Header.Get("Authorization"), body))
	rec.mu.Unlock()
	r.Body = io.NopCloser(strings.NewReader(string(body)))
	rec.h.ServeHTTP(w, r)
}

func (rec *recorder) take() []string {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	out := rec.reqs
	rec.reqs = nil
	return out
}

// redirector is an https server that answers every request with a
// redirect to target, keeping path and query plus a codice fiscale, and
// counts the requests per method and path.
func redirector(t *testing.T, code int, target string) (*httptest.Server, func() map[string]int) {
	t.Helper()
	var mu sync.Mutex
	hits := map[string]int{}
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.Method+" "+r.URL.Path]++
		mu.Unlock()
		http.Redirect(w, r, target+r.URL.Path+"?cf=RSSMRA85T10A562S&sid=secret-sid", code)
	}))
	t.Cleanup(srv.Close)
	return srv, func() map[string]int {
		mu.Lock()
		defer mu.Unlock()
		out := hits
		hits = map[string]int{}
		return out
	}
}

// trusting returns a transport that trusts the certificate authority of
// srv. The issue suggests SSL_CERT_FILE, but Go reads it once per process,
// when the system pool is first loaded, and this test runs inside the test
// binary with other tests: the CA goes in through Config.Transport
// instead. Every httptest TLS server shares one test certificate, so this
// transport trusts the redirect targets too: were the client to follow a
// redirect, the TLS handshake would not stop it.
func trusting(t *testing.T, srv *httptest.Server) *http.Transport {
	t.Helper()
	pool := x509.NewCertPool()
	pool.AddCert(srv.Certificate())
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}
	t.Cleanup(tr.CloseIdleConnections)
	return tr
}

// TestCredentialsNeverFollowARedirect: central (or a proxy) answers every
// call with a redirect, to plain http on another port or to another https
// host. No call follows it: the password, the refresh token and the bearer
// token never reach the target, the answer is ErrRedirect at once (no
// retry) and the session's tokens stay as they were.
func TestCredentialsNeverFollowARedirect(t *testing.T) {
	ctx := context.Background()
	// The targets are a real sandbox: a followed login or refresh would
	// succeed there and hand the client a session of the other host.
	sb, _, _ := startSandbox(t, 7, &clock{t: monday})
	plainRec, tlsRec := &recorder{h: sb}, &recorder{h: sb}
	plain := httptest.NewServer(plainRec)
	t.Cleanup(plain.Close)
	other := httptest.NewTLSServer(tlsRec)
	t.Cleanup(other.Close)

	// Setup, straight to the targets: both answer this client's transport
	// (so a followed redirect would have got through), and the session
	// they issue is a real one.
	direct, err := client.New(other.URL, client.Config{Backoff: time.Millisecond, Transport: trusting(t, other)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := direct.Login(ctx, "demo", "demo"); err != nil {
		t.Fatalf("the https target does not answer directly: %v", err)
	}
	session := direct.Tokens()
	// The sandbox's clock is not the client's: an expiry the client reads
	// as near would add a refresh before each call.
	session.Expiry = time.Time{}
	if _, err := login(t, plain.URL, "demo").Me(ctx); err != nil {
		t.Fatalf("the http target does not answer directly: %v", err)
	}
	plainRec.take()
	tlsRec.take()

	targets := []struct {
		name string
		url  string
		rec  *recorder
	}{{"plain http on another port", plain.URL, plainRec}, {"another https host", other.URL, tlsRec}}
	codes := []int{http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect, http.StatusPermanentRedirect}
	for _, target := range targets {
		for _, code := range codes {
			t.Run(fmt.Sprintf("%d to %s", code, target.name), func(t *testing.T) {
				srv, hits := redirector(t, code, target.url)
				k := &keeper{}
				c, err := client.New(srv.URL, client.Config{Tokens: session, Backoff: time.Millisecond,
					Transport: trusting(t, srv), Keeper: k})
				if err != nil {
					t.Fatal(err)
				}
				calls := []struct {
					name, hit string
					run       func() error
				}{
					{"login", "POST /v1/auth/token", func() error { _, err := c.Login(ctx, "demo", "demo"); return err }},
					{"refresh", "POST /v1/auth/refresh", func() error { return c.Refresh(ctx) }},
					{"changes", "GET /v1/changes", func() error { _, err := c.Changes(ctx, "", 0); return err }},
					{"slot event", "POST /v1/slots/slot-0001/events", func() error {
						_, err := c.RecordSlotEvent(ctx, "evento-0001", "slot-0001", client.SlotEvent{Type: model.EventCheckIn, Version: 1})
						return err
					}},
				}
				for _, call := range calls {
					err := call.run()
					switch {
					case !errors.Is(err, client.ErrRedirect):
						t.Errorf("%s: err = %v, want ErrRedirect", call.name, err)
					case errors.Is(err, client.ErrOffline), errors.Is(err, client.ErrBadResponse), errors.Is(err, client.ErrServer):
						t.Errorf("%s: err = %v, a redirect taken for another kind of failure", call.name, err)
					}
					if err != nil {
						// The status and the target's origin, never its path
						// or query (they may carry a codice fiscale).
						msg := err.Error()
						if !strings.Contains(msg, fmt.Sprint(code)) || !strings.Contains(msg, target.url) ||
							strings.Contains(msg, "RSSMRA85T10A562S") || strings.Contains(msg, "secret-sid") || strings.Contains(msg, "/v1/") {
							t.Errorf("%s: error %q, want the status and %s and no path or query", call.name, msg, target.url)
						}
					}
					if got := hits(); len(got) != 1 || got[call.hit] != 1 {
						t.Errorf("%s: requests at the redirecting server %v, want one %s (no retry)", call.name, got, call.hit)
					}
				}
				if got := target.rec.take(); len(got) != 0 {
					t.Errorf("the redirect target received %d requests: %q", len(got), got)
				}
				if c.Tokens() != session || len(k.refreshes()) > 0 {
					t.Errorf("tokens changed to %+v (refreshed %v), want the session unchanged", c.Tokens(), len(k.refreshes()) > 0)
				}
			})
		}
	}
	if got := append(plainRec.take(), tlsRec.take()...); len(got) != 0 {
		t.Errorf("the redirect targets received %q", got)
	}
}

// TestOtherThreeHundreds: a relative redirect (same origin) is refused
// too, naming only the origin; a 304 to a request that was not
// conditional breaks the contract but is no redirect.
func TestOtherThreeHundreds(t *testing.T) {
	ctx := context.Background()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.URL.Path == "/v1/me" {
			w.Header().Set("Location", "/v1/elsewhere?cf=RSSMRA85T10A562S")
			w.WriteHeader(http.StatusTemporaryRedirect)
			return
		}
		w.WriteHeader(http.StatusNotModified)
	}))
	t.Cleanup(srv.Close)
	c := withToken(srv.URL)
	_, err := c.Me(ctx)
	if !errors.Is(err, client.ErrRedirect) || !strings.Contains(err.Error(), srv.URL) || strings.Contains(err.Error(), "RSSMRA85T10A562S") {
		t.Errorf("relative redirect: err = %v, want ErrRedirect naming %s only", err, srv.URL)
	}
	if n := hits.Load(); n != 1 {
		t.Errorf("relative redirect: %d requests, want 1", n)
	}
	if _, err := c.Offices(ctx); !errors.Is(err, client.ErrBadResponse) || errors.Is(err, client.ErrRedirect) {
		t.Errorf("unasked 304: err = %v, want ErrBadResponse, not ErrRedirect", err)
	}
}

package client_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"sportello/client"
	"sportello/client/nettest"
	"sportello/client/sandbox"
)

// centralName is central's name in these tests: it resolves nowhere but
// at the proxy, as an office's proxy resolves central for the office.
// Go sends no request for localhost or a loopback address through a proxy
// (net/http and x/net/http/httpproxy both skip them), so a sandbox on
// 127.0.0.1 under its own name could never show the proxy at work.
const centralName = "central.sportello.test"

// tlsSandbox serves a sandbox over real loopback https with a certificate
// for centralName from an authority of its own; it returns the sandbox's
// address, the URL the client uses and the authority.
func tlsSandbox(t *testing.T) (addr, url string, ca *nettest.Authority) {
	t.Helper()
	sb, err := sandbox.New(sandbox.Options{Seed: 7, Now: (&clock{t: monday}).Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	addr, ca = nettest.ServeTLS(t, sb, centralName)
	_, port, _ := strings.Cut(addr, ":")
	return addr, "https://" + centralName + ":" + port, ca
}

// noProxyEnv clears the proxy variables the machine may have.
func noProxyEnv(t *testing.T) {
	for _, v := range []string{"HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy"} {
		t.Setenv(v, "")
	}
}

// TestLoginAndSyncThroughTheProxy: with HTTPS_PROXY set, login and the
// sync's calls reach central through the office's proxy, as CONNECT
// tunnels only: the proxy never reads the password or the tokens.
func TestLoginAndSyncThroughTheProxy(t *testing.T) {
	noProxyEnv(t)
	addr, url, ca := tlsSandbox(t)
	_, port, _ := strings.Cut(addr, ":")
	proxy := nettest.NewProxy(map[string]string{centralName + ":" + port: addr})
	t.Cleanup(proxy.Close)
	t.Setenv("HTTPS_PROXY", proxy.URL)

	c, err := client.New(url, client.Config{RootCAs: ca.Pool(), Backoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := c.Proxy(); got != proxy.URL {
		t.Errorf("Proxy() = %q, want %q", got, proxy.URL)
	}
	ctx := context.Background()
	if _, err := c.Login(ctx, "demo", "demo"); err != nil {
		t.Fatalf("login through the proxy: %v", err)
	}
	if _, err := c.Agenda(ctx, monday, monday.AddDate(0, 0, 4)); err != nil {
		t.Fatalf("agenda through the proxy: %v", err)
	}
	if _, err := c.Changes(ctx, "", 0); err != nil {
		t.Fatalf("changes through the proxy: %v", err)
	}
	reqs := proxy.Requests()
	if len(reqs) == 0 {
		t.Fatal("the proxy saw no request")
	}
	for _, r := range reqs {
		if r != "CONNECT "+centralName+":"+port {
			t.Errorf("the proxy saw %q, want only CONNECT tunnels to central", r)
		}
	}
	seen := proxy.Tunnelled()
	tok := c.Tokens()
	for what, secret := range map[string]string{"access token": tok.Access, "refresh token": tok.Refresh, "Authorization header": "Bearer "} {
		if bytes.Contains(seen, []byte(secret)) {
			t.Errorf("the proxy read the %s in clear", what)
		}
	}
	if len(seen) < 1000 {
		t.Errorf("only %d bytes through the tunnel: the calls did not go through it", len(seen))
	}

	// NO_PROXY sends central direct: the proxy sees nothing (and here,
	// where only the proxy knows central's name, the call cannot go).
	before := len(proxy.Requests())
	t.Setenv("NO_PROXY", centralName)
	direct, _ := client.New(url, client.Config{RootCAs: ca.Pool(), Attempts: 1})
	if got, _ := direct.Proxy(); got != "" {
		t.Errorf("with NO_PROXY, Proxy() = %q, want none", got)
	}
	_, err = direct.Login(ctx, "demo", "demo")
	if errors.Is(err, client.ErrProxy) || !errors.Is(err, client.ErrOffline) {
		t.Errorf("with NO_PROXY: err = %v, want offline (no name), not a proxy error", err)
	}
	if n := len(proxy.Requests()); n != before {
		t.Errorf("with NO_PROXY the proxy saw %d more requests", n-before)
	}
}

// TestTheEmbeddedSandboxNeverGoesThroughTheProxy: plain http on loopback
// (the embedded sandbox) stays on this computer with HTTP_PROXY set.
func TestTheEmbeddedSandboxNeverGoesThroughTheProxy(t *testing.T) {
	noProxyEnv(t)
	_, srv, _ := startSandbox(t, 7, &clock{t: monday})
	proxy := nettest.NewProxy(nil)
	t.Cleanup(proxy.Close)
	t.Setenv("HTTP_PROXY", proxy.URL)
	t.Setenv("HTTPS_PROXY", proxy.URL)
	c := login(t, srv.URL, "demo")
	if got, _ := c.Proxy(); got != "" {
		t.Errorf("Proxy() = %q for loopback, want none", got)
	}
	if n := len(proxy.Requests()); n != 0 {
		t.Errorf("the proxy saw %d requests to loopback", n)
	}
}

// TestPlainRequestsThroughAProxy: a plain http request goes through the
// proxy as a proxied GET, and a proxy asking for credentials there is a
// proxy error too. Central is https only, so only a Config.Proxy that
// names a proxy for loopback reaches this path (the variables never do).
func TestPlainRequestsThroughAProxy(t *testing.T) {
	noProxyEnv(t)
	_, srv, _ := startSandbox(t, 7, &clock{t: monday})
	proxy := nettest.NewProxy(nil)
	t.Cleanup(proxy.Close)
	c, err := client.New(srv.URL, client.Config{Proxy: func(u *url.URL) (*url.URL, error) { return url.Parse(proxy.URL) }, Attempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.Login(ctx, "demo", "demo"); err != nil {
		t.Fatalf("login through the proxy: %v", err)
	}
	if !nettest.HasPrefix(proxy.Requests(), "POST "+srv.URL+"/v1/auth/token") {
		t.Errorf("the proxy saw %q, want the proxied login", proxy.Requests())
	}
	proxy.Refuse = http.StatusProxyAuthRequired
	var pe *client.ProxyError
	if _, err := c.Me(ctx); !errors.As(err, &pe) || pe.Status != http.StatusProxyAuthRequired {
		t.Errorf("refused plain request: err = %v, want a 407 ProxyError", err)
	}
}

// TestARefusingProxyIsNamed: a proxy that asks for credentials (407), or
// is down, fails the call at once with a proxy error naming the proxy
// without the credentials its URL carries; central never had the request.
func TestARefusingProxyIsNamed(t *testing.T) {
	noProxyEnv(t)
	addr, url, ca := tlsSandbox(t)
	_, port, _ := strings.Cut(addr, ":")
	proxy := nettest.NewProxy(map[string]string{centralName + ":" + port: addr})
	t.Cleanup(proxy.Close)
	proxy.Refuse = http.StatusProxyAuthRequired
	closed, err := nettest.Closed()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, tc := range []struct {
		name, proxy string
		status      int
		requests    int
	}{
		{"407", strings.Replace(proxy.URL, "http://", "http://mario.rossi:segreto@", 1), http.StatusProxyAuthRequired, 1},
		{"down", "http://mario.rossi:segreto@" + closed, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("HTTPS_PROXY", tc.proxy)
			before := len(proxy.Requests())
			c, _ := client.New(url, client.Config{RootCAs: ca.Pool(), Backoff: time.Millisecond, Attempts: 2})
			_, err := c.Login(ctx, "demo", "demo")
			var pe *client.ProxyError
			if !errors.Is(err, client.ErrProxy) || !errors.As(err, &pe) || pe.Status != tc.status {
				t.Fatalf("err = %v, want a ProxyError with status %d", err, tc.status)
			}
			name := strings.Replace(tc.proxy, "mario.rossi:segreto@", "", 1)
			if pe.Proxy != name || !strings.Contains(err.Error(), name) {
				t.Errorf("error %q names %q, want %q", err, pe.Proxy, name)
			}
			if msg := err.Error(); strings.Contains(msg, "segreto") || strings.Contains(msg, "mario") {
				t.Errorf("the error shows the proxy's credentials: %q", msg)
			}
			if !client.NeverSent(err) {
				t.Errorf("NeverSent = false: central never had the request")
			}
			if tc.requests > 0 && len(proxy.Requests())-before > tc.requests {
				t.Errorf("the refusing proxy was asked %d times, want %d (credentials missing: no retry)", len(proxy.Requests())-before, tc.requests)
			}
		})
	}
}

// TestLoginToLoopbackNeverGoesThroughTheProxy: a console pointed at
// http://LOCALHOST:port (plain http, which New allows for loopback only)
// with HTTP_PROXY set logs in directly: the proxy must never receive the
// password, which plain http would hand it in clear.
func TestLoginToLoopbackNeverGoesThroughTheProxy(t *testing.T) {
	noProxyEnv(t)
	sb, err := sandbox.New(sandbox.Options{Seed: 7, Now: (&clock{t: monday}).Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	_, port, _ := strings.Cut(strings.TrimPrefix(srv.URL, "http://"), ":")
	proxy := nettest.NewProxy(map[string]string{"LOCALHOST:" + port: "127.0.0.1:" + port})
	t.Cleanup(proxy.Close)
	t.Setenv("HTTP_PROXY", proxy.URL)
	t.Setenv("HTTPS_PROXY", proxy.URL)
	c, err := client.New("http://LOCALHOST:"+port, client.Config{Backoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := c.Proxy(); p != "" {
		t.Errorf("Proxy() = %q for loopback, want direct", p)
	}
	if _, err := c.Login(context.Background(), "demo", "demo"); err != nil {
		t.Fatalf("login: %v", err)
	}
	if reqs := proxy.Requests(); len(reqs) != 0 {
		t.Errorf("the proxy was sent %q: the password went through it in clear", reqs)
	}
}

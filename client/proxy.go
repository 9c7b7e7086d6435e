package client

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"sync"
	"time"

	"golang.org/x/net/http/httpproxy"
)

// ErrProxy: the proxy between this computer and central could not be
// reached, or refused to open the way to central (407 asks for proxy
// credentials, 403 forbids the address, 502 could not reach central).
// The error is a *ProxyError, which names the proxy without credentials.
var ErrProxy = errors.New("proxy refused or unreachable")

// ProxyError is a failure of the proxy itself, before central was reached.
type ProxyError struct {
	Proxy  string // scheme://host:port of the proxy, never its credentials
	Status int    // the proxy's answer to CONNECT; 0 = no connection to the proxy
	Err    error  // the cause when no connection was opened
}

func (e *ProxyError) Error() string {
	if e.Status != 0 {
		return fmt.Sprintf("%v: %s answered HTTP %d", ErrProxy, e.Proxy, e.Status)
	}
	return fmt.Sprintf("%v: %s: %v", ErrProxy, e.Proxy, e.Err)
}

// Unwrap makes errors.Is(err, ErrProxy) true, and reaches the cause.
func (e *ProxyError) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrProxy, e.Err}
	}
	return []error{ErrProxy}
}

// transient reports whether the failure may go away by itself: a proxy
// that did not answer or could not reach central (5xx), not one that
// refused (407 wants credentials, 403 forbids).
func (e *ProxyError) transient() bool { return e.Status == 0 || e.Status >= 500 }

// ProxyFunc chooses the proxy for a URL: nil means a direct connection.
type ProxyFunc func(*url.URL) (*url.URL, error)

// SystemProxy returns the proxy choice of this computer, read now.
// The order is explicit:
//
//  1. The variables HTTPS_PROXY, HTTP_PROXY and NO_PROXY (or their lower
//     case forms), when HTTPS_PROXY or HTTP_PROXY is set: they alone
//     decide, on every OS (an override for IT and for tests).
//  2. On Windows only, when neither is set: the system's settings
//     (Internet Options: the PAC script or WPAD auto-detection first,
//     then the fixed proxy and its exceptions; then WinHTTP's default),
//     read through github.com/mattn/go-ieproxy. A NO_PROXY variable
//     still sends the hosts it names direct.
//  3. Otherwise (Linux, macOS with no variables) no proxy.
//
// Loopback addresses (the embedded sandbox) never go through a proxy.
func SystemProxy() ProxyFunc {
	return chooseProxy(httpproxy.FromEnvironment(), runtime.GOOS, systemProxy)
}

// chooseProxy is SystemProxy for an environment env, an OS goos and the
// system's own choice system (nil where the OS has none we read).
func chooseProxy(env *httpproxy.Config, goos string, system func() func(*http.Request) (*url.URL, error)) ProxyFunc {
	choose := envOrSystem(env, goos, system)
	return func(u *url.URL) (*url.URL, error) {
		// Loopback goes direct in every spelling New accepts for plain
		// http: httpproxy skips "localhost" in lower case only, and a
		// plain-http request through a proxy carries the password and
		// the tokens in clear.
		if Loopback(u.Hostname()) {
			return nil, nil
		}
		return choose(u)
	}
}

// envOrSystem is chooseProxy's choice for addresses off loopback.
func envOrSystem(env *httpproxy.Config, goos string, system func() func(*http.Request) (*url.URL, error)) ProxyFunc {
	fromEnv := env.ProxyFunc()
	if env.HTTPProxy != "" || env.HTTPSProxy != "" || goos != "windows" || system == nil {
		return fromEnv
	}
	// httpproxy answers nil for a URL that NO_PROXY (or loopback) sends
	// direct: with a stand-in proxy it tells the exceptions apart.
	direct := (&httpproxy.Config{HTTPProxy: "http://proxy.invalid", HTTPSProxy: "http://proxy.invalid", NoProxy: env.NoProxy}).ProxyFunc()
	sys := system()
	// go-ieproxy runs the PAC script (or WPAD's discovery) through WinHTTP
	// at every request: the answer for an origin is kept a few minutes.
	var mu sync.Mutex
	type choice struct {
		proxy *url.URL
		at    time.Time
	}
	kept := map[string]choice{}
	return func(u *url.URL) (*url.URL, error) {
		if p, err := direct(u); err != nil || p == nil {
			return nil, err
		}
		origin := u.Scheme + "://" + u.Host
		mu.Lock()
		k, ok := kept[origin]
		mu.Unlock()
		if ok && time.Since(k.at) < systemProxyKept {
			return k.proxy, nil
		}
		// The system (a PAC script, perhaps WPAD's from whoever answers on
		// the network) sees central's origin only: a path or a query may
		// carry a codice fiscale, userinfo a password; and the answer is
		// kept per origin anyway.
		at := &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/"}
		p, err := sys(&http.Request{Method: http.MethodGet, URL: at, Host: u.Host, Header: http.Header{}})
		if err != nil {
			return nil, err
		}
		mu.Lock()
		kept[origin] = choice{p, time.Now()}
		mu.Unlock()
		return p, nil
	}
}

// systemProxyKept is how long the system's choice for an origin is kept.
const systemProxyKept = 5 * time.Minute

// proxyName is how a proxy is named in errors and in the diagnosis:
// scheme://host:port, without the credentials a proxy URL may carry.
func proxyName(p *url.URL) string {
	if p == nil {
		return ""
	}
	scheme := p.Scheme
	if scheme == "" {
		scheme = "http" // a PAC script's "PROXY host:port"
	}
	return scheme + "://" + p.Host
}

// Proxy returns the proxy the client's requests go through, as
// scheme://host:port without credentials, or "" when they go direct.
func (c *Client) Proxy() (string, error) {
	p, err := c.proxy(c.base)
	if err != nil {
		return "", fmt.Errorf("proxy for %s: %w", c.base.Host, err)
	}
	return proxyName(p), nil
}

// newTransport is the client's HTTP transport: the proxy chosen by
// choose, TLS 1.2 at least, trusting roots (nil = the system's own
// verifier and store: on Windows and macOS the institute's CA comes from
// there), and a proxy's refusal of CONNECT as a *ProxyError.
func newTransport(choose ProxyFunc, cfg Config) *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.Proxy = func(r *http.Request) (*url.URL, error) { return choose(r.URL) }
	t.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: cfg.RootCAs}
	t.MaxIdleConnsPerHost = runtime.GOMAXPROCS(0) + 1
	t.OnProxyConnectResponse = func(_ context.Context, proxy *url.URL, _ *http.Request, res *http.Response) error {
		if res.StatusCode != http.StatusOK {
			return &ProxyError{Proxy: proxyName(proxy), Status: res.StatusCode}
		}
		return nil
	}
	return t
}

// proxyFailure turns a transport error that the proxy caused into a
// *ProxyError, or returns nil. Neither kind reached central.
func (c *Client) proxyFailure(err error) error {
	var pe *ProxyError
	if errors.As(err, &pe) {
		return pe
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "proxyconnect" {
		p, _ := c.proxy(c.base)
		return &ProxyError{Proxy: proxyName(p), Err: op.Err}
	}
	return nil
}

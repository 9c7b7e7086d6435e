// Package client talks to the central API described by openapi.yaml: a resty
// client with per-call timeouts, retries with backoff for the calls that are
// safe to repeat, transparent token refresh and typed errors.
package client

import (
	"cmp"
	"context"
	crand "crypto/rand"
	"crypto/x509"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-resty/resty/v2"
)

// OpenAPI is the contract, embedded so tests and tools share one copy.
//
//go:embed openapi.yaml
var OpenAPI []byte

// Defaults of Config.
const (
	DefaultTimeout     = 15 * time.Second // one attempt of an ordinary call
	DefaultSyncTimeout = 45 * time.Second // one attempt of a bulk call (agenda, changes, audit)
	DefaultAttempts    = 4
	DefaultBackoff     = 250 * time.Millisecond
	maxBackoff         = 5 * time.Second
	maxRetryAfter      = 30 * time.Second
	maxBody            = 16 << 20 // no answer of the contract comes near this
)

// Tokens are the credentials of a session. Only Refresh needs to outlive
// the process (in the OS keyring); Access is short-lived.
type Tokens struct {
	Access  string
	Refresh string
	Expiry  time.Time // when Access expires; zero if unknown
}

// Config configures a Client. The zero value is usable.
type Config struct {
	Tokens Tokens
	// Keeper, if set, keeps the session's refresh token where every
	// process of this computer finds it (the OS keyring): each refresh is
	// serialised with the other processes', starts from the token kept
	// now, and keeps the new one before it is used.
	Keeper Keeper
	// Timeout bounds one attempt of an ordinary call, SyncTimeout one
	// attempt of a bulk call. The caller's context bounds the whole call.
	Timeout, SyncTimeout time.Duration
	// Attempts is how many times a call that is safe to repeat is tried
	// (1 = no retries). Backoff is the first retry's base delay; it doubles
	// at each retry, with jitter.
	Attempts int
	Backoff  time.Duration
	// Proxy chooses the proxy of each request; nil = SystemProxy(), read
	// when the client is made.
	Proxy ProxyFunc
	// RootCAs are the certificate authorities trusted for central; nil =
	// the system's (on Windows and macOS, its own verifier and store).
	// Never an empty pool: the system's roots are added to, not replaced.
	RootCAs *x509.CertPool
	// Transport replaces the HTTP transport (tests count bytes with it);
	// Proxy and RootCAs then do not apply.
	Transport http.RoundTripper
	// UserAgent names the console and its version to central
	// ("Sportello/0.8.0"); empty: "Sportello".
	UserAgent string
}

// Keeper keeps a session's refresh token outside the process, for the
// processes that share a session (the console, `sportello sync`, …). The
// refresh token rotates at each refresh, so a process that refreshed with
// a token another one had already spent would look like a thief to
// central.
type Keeper interface {
	// Lock waits until no other process is refreshing, and returns the
	// function that lets them.
	Lock(ctx context.Context) (unlock func(), err error)
	// Load returns the refresh token kept now ("" if none).
	Load() (string, error)
	// Keep stores the tokens of a refresh, before they are used.
	Keep(Tokens) error
}

// Client is a client of the central API. It is safe for concurrent use.
type Client struct {
	r     *resty.Client
	cfg   Config
	base  *url.URL
	proxy ProxyFunc

	mu     sync.Mutex // guards tokens and serialises refreshes
	tokens Tokens
}

// New returns a client for the server at baseURL (e.g. https://host).
func New(baseURL string, cfg Config) (*Client, error) {
	u, err := url.Parse(baseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%w %q: must be http(s)://host[:port]", ErrBadAddress, baseURL)
	}
	if u.User != nil {
		// The address goes into config.json, keyring accounts and logs,
		// and net/http would send its user and password as Basic
		// authorization: refused, without repeating them.
		u.User = nil
		return nil, fmt.Errorf("%w %q: must be http(s)://host[:port], with no user or password", ErrBadAddress, u.String())
	}
	if u.Scheme == "http" && !Loopback(u.Hostname()) {
		return nil, fmt.Errorf("%w: %s", ErrInsecure, u.Host)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.SyncTimeout <= 0 {
		cfg.SyncTimeout = DefaultSyncTimeout
	}
	if cfg.Attempts <= 0 {
		cfg.Attempts = DefaultAttempts
	}
	if cfg.Backoff <= 0 {
		cfg.Backoff = DefaultBackoff
	}
	r := resty.New().
		SetBaseURL(strings.TrimRight(baseURL, "/")).
		SetHeader("Accept", "application/json").
		SetHeader("User-Agent", cmp.Or(cfg.UserAgent, "Sportello")).
		SetResponseBodyLimit(maxBody)
	proxy := cfg.Proxy
	if proxy == nil {
		proxy = SystemProxy()
	}
	if cfg.Transport != nil {
		r.SetTransport(cfg.Transport)
	} else {
		r.SetTransport(newTransport(proxy, cfg))
	}
	// Credentials go only to the configured origin: no redirect is
	// followed, on any call. net/http would resend the body (the password,
	// the refresh token) on a 307/308 and, to the same domain, the bearer
	// token. ErrUseLastResponse hands the 3xx back unfollowed, and attempt
	// turns it into ErrRedirect. The policy lives on the http.Client, not
	// on the transport, so Config.Transport cannot bypass it.
	r.SetRedirectPolicy(resty.RedirectPolicyFunc(func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}))
	// Accept-Encoding is left to net/http, which then asks for gzip and
	// inflates the answer itself.
	return &Client{r: r, cfg: cfg, base: u, proxy: proxy, tokens: cfg.Tokens}, nil
}

// Tokens returns the session's current tokens.
func (c *Client) Tokens() Tokens {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.tokens
}

// NewIdempotencyKey returns a fresh random key for one operator action.
func NewIdempotencyKey() string {
	b := make([]byte, 16)
	_, _ = crand.Read(b)
	return hex.EncodeToString(b)
}

// Loopback reports whether host names this computer: "localhost" or a
// loopback address. Only there may the API be reached over plain http.
func Loopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// apiError turns a non-2xx answer into an *APIError of the right kind.
func apiError(resp *resty.Response) error {
	e := &APIError{Status: resp.StatusCode()}
	var b ErrorBody
	if json.Unmarshal(resp.Body(), &b) == nil {
		e.Code, e.Message = b.Code, b.Message
		if c, err := b.EntityJSON.Model(); err == nil {
			e.Central = c
		}
	}
	if secs, err := strconv.Atoi(resp.Header().Get("Retry-After")); err == nil && secs > 0 {
		e.RetryAfter = time.Duration(secs) * time.Second
	}
	switch {
	case e.Status == http.StatusUnauthorized && e.Code == "invalid_credentials":
		e.kind = ErrInvalidCredentials
	case e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden:
		e.kind = ErrUnauthorized
	case e.Status == http.StatusNotFound:
		e.kind = ErrNotFound
	case e.Status == http.StatusConflict:
		e.kind = ErrConflict
	case e.Status >= 500 || e.Status == http.StatusTooManyRequests:
		e.kind = ErrServer
	case e.Status >= 400:
		e.kind = ErrRejected
	default:
		e.kind = ErrBadResponse
	}
	return e
}

// Package client talks to the central API described by openapi.yaml: a resty
// client with per-call timeouts, retries with backoff for the calls that are
// safe to repeat, transparent token refresh and typed errors.
package client

import (
	"bytes"
	"cmp"
	"context"
	crand "crypto/rand"
	"crypto/tls"
	"crypto/x509"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"reflect"
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

// call describes one operation of the contract.
type call struct {
	name   string // operation, for error context
	method string
	path   string
	query  url.Values
	body   any
	header map[string]string
	bulk   bool // uses SyncTimeout
	auth   bool // needs the access token
	retry  bool // safe to repeat: GET, or carries an Idempotency-Key, or idempotent by contract
	ok     []int
	// decode reads a successful answer; a body that breaks the contract
	// counts as a failed attempt (a proxy may have mangled it).
	decode func(result) error
}

// result is a successful answer.
type result struct {
	status int
	header http.Header
	body   []byte
}

// NewIdempotencyKey returns a fresh random key for one operator action.
func NewIdempotencyKey() string {
	b := make([]byte, 16)
	_, _ = crand.Read(b)
	return hex.EncodeToString(b)
}

// do runs a call: it refreshes the token once on 401 and repeats calls
// that are safe to repeat after transient failures, with exponential
// backoff and jitter, until the context ends.
func (c *Client) do(ctx context.Context, cl call) (result, error) {
	refreshed := false
	reached := false // an attempt may have reached the server
	for attempt := 1; ; attempt++ {
		access := ""
		if cl.auth {
			var err error
			if access, err = c.accessToken(ctx, &refreshed); err != nil {
				return result{}, fmt.Errorf("%s: %w", cl.name, err)
			}
		}
		res, err := c.attempt(ctx, cl, access)
		if err == nil && cl.decode != nil {
			err = cl.decode(res)
		}
		if err == nil {
			return res, nil
		}
		var apiErr *APIError
		if cl.auth && !refreshed && errors.As(err, &apiErr) && apiErr.Status == http.StatusUnauthorized {
			// The token expired or was revoked: refresh once, then repeat.
			refreshed = true
			if rerr := c.refresh(ctx, access); rerr != nil {
				return result{}, fmt.Errorf("%s: %w", cl.name, rerr)
			}
			attempt--
			continue
		}
		if !NeverSent(err) {
			reached = true
		}
		if !cl.retry || attempt >= c.cfg.Attempts || !transient(err) || ctx.Err() != nil {
			if reached && NeverSent(err) {
				// An earlier attempt may have reached the server.
				err = fmt.Errorf("%w: %v", ErrOffline, err)
			}
			return result{}, fmt.Errorf("%s: %w", cl.name, err)
		}
		wait := c.backoff(attempt)
		if errors.As(err, &apiErr) && apiErr.RetryAfter > 0 {
			wait = min(apiErr.RetryAfter, maxRetryAfter)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return result{}, fmt.Errorf("%s: %w: %w", cl.name, ErrOffline, ctx.Err())
		case <-t.C:
		}
	}
}

// notSentError is the failure of an attempt that opened no connection to
// the server: the server cannot have the request.
type notSentError struct{ error }

func (e notSentError) Unwrap() error { return e.error }

// NeverSent reports whether a failed call never reached the server: none
// of its attempts could open a connection (no route, connection refused,
// no name), so the server cannot have applied it. Any other failure may
// have reached it.
func NeverSent(err error) bool {
	var n notSentError
	return errors.As(err, &n)
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

// certificateError reports whether a TLS handshake failed on the server's
// certificate: such a failure is not a bad line, and retrying does not
// help.
func certificateError(err error) bool {
	var unknown x509.UnknownAuthorityError
	var invalid x509.CertificateInvalidError
	var hostname x509.HostnameError
	var verify *tls.CertificateVerificationError
	return errors.As(err, &unknown) || errors.As(err, &invalid) || errors.As(err, &hostname) || errors.As(err, &verify)
}

// transient reports whether a failure may go away by itself.
func transient(err error) bool {
	var pe *ProxyError
	if errors.As(err, &pe) {
		return pe.transient()
	}
	return errors.Is(err, ErrOffline) || errors.Is(err, ErrServer) || errors.Is(err, ErrBadResponse)
}

// backoff is the delay before retry n (1-based): exponential, capped, with
// "equal jitter" so that many consoles do not retry in step.
func (c *Client) backoff(n int) time.Duration {
	d := c.cfg.Backoff << (n - 1)
	if d > maxBackoff || d <= 0 {
		d = maxBackoff
	}
	return d/2 + rand.N(d/2+1)
}

// accessToken returns the access token to send, refreshing first when
// there is none or it is about to expire.
func (c *Client) accessToken(ctx context.Context, refreshed *bool) (string, error) {
	c.mu.Lock()
	t := c.tokens
	c.mu.Unlock()
	stale := t.Access == "" || (!t.Expiry.IsZero() && time.Until(t.Expiry) < 30*time.Second)
	if !stale || t.Refresh == "" || *refreshed {
		return t.Access, nil
	}
	*refreshed = true
	if err := c.refresh(ctx, t.Access); err != nil {
		return "", err
	}
	return c.Tokens().Access, nil
}

// refresh exchanges the refresh token for new tokens, unless another
// goroutine already replaced the access token that was used. With a
// Keeper, it waits for any other process's refresh, starts from the token
// kept now (another process may have rotated it), and keeps the new one
// before using it: a refresh whose new token cannot be kept fails, and
// central's grace window gives the same pair again at the next try.
func (c *Client) refresh(ctx context.Context, used string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tokens.Access != used {
		return nil // refreshed meanwhile by another call
	}
	k := c.cfg.Keeper
	if k != nil {
		unlock, err := k.Lock(ctx)
		if err != nil {
			return fmt.Errorf("wait for another process's refresh: %w", err)
		}
		defer unlock()
		kept, err := k.Load()
		if err != nil {
			return fmt.Errorf("read the kept refresh token: %w", err)
		}
		if kept != "" {
			c.tokens.Refresh = kept
		}
	}
	rt := c.tokens.Refresh
	if rt == "" {
		return fmt.Errorf("%w: session expired and no refresh token", ErrUnauthorized)
	}
	var s Session
	_, err := c.do(ctx, call{name: "refresh", method: http.MethodPost, path: "/v1/auth/refresh",
		body: RefreshRequest{RefreshToken: rt}, retry: true,
		decode: func(res result) error { return decodeInto(res, &s, func() error { _, err := s.Model(); return err }) }})
	if err != nil {
		if errors.Is(err, ErrInvalidCredentials) {
			err = fmt.Errorf("%w: %w", ErrUnauthorized, err)
		}
		return err
	}
	t := s.tokens()
	if k != nil {
		if err := k.Keep(t); err != nil {
			return fmt.Errorf("keep the new refresh token: %w", err)
		}
	}
	c.tokens = t
	return nil
}

// attempt performs one HTTP exchange.
func (c *Client) attempt(ctx context.Context, cl call, access string) (result, error) {
	timeout := c.cfg.Timeout
	if cl.bulk {
		timeout = c.cfg.SyncTimeout
	}
	actx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req := c.r.R().SetContext(actx)
	if access != "" {
		req.SetAuthToken(access)
	}
	if cl.body != nil {
		req.SetHeader("Content-Type", "application/json").SetBody(cl.body)
	}
	if cl.query != nil {
		req.SetQueryParamsFromValues(cl.query)
	}
	req.SetHeaders(cl.header)
	resp, err := req.Execute(cl.method, cl.path)
	if err != nil {
		if ctx.Err() != nil {
			return result{}, fmt.Errorf("%w: %w", ErrOffline, ctx.Err())
		}
		if errors.Is(err, resty.ErrResponseBodyTooLarge) {
			// Not a bad line: the server (or a proxy) sent more than any
			// answer of the contract can be; retrying reads it again.
			return result{}, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, maxBody)
		}
		// A *url.Error quotes the URL, whose path or query may hold a
		// codice fiscale: keep only the cause, so logs carry no personal
		// data.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		if errors.Is(err, context.DeadlineExceeded) {
			return result{}, fmt.Errorf("%w: no answer within %v", ErrOffline, timeout)
		}
		if certificateError(err) {
			return result{}, fmt.Errorf("%w: %v", ErrCertificate, err)
		}
		if perr := c.proxyFailure(err); perr != nil {
			// The proxy did not open the way: central has nothing.
			return result{}, notSentError{perr}
		}
		var op *net.OpError
		if errors.As(err, &op) && op.Op == "dial" {
			return result{}, notSentError{fmt.Errorf("%w: %v", ErrOffline, err)}
		}
		return result{}, fmt.Errorf("%w: %v", ErrOffline, err)
	}
	status := resp.StatusCode()
	ok := cl.ok
	if ok == nil {
		ok = []int{http.StatusOK}
	}
	for _, s := range ok {
		if status == s {
			return result{status: status, header: resp.Header(), body: resp.Body()}, nil
		}
	}
	if status == http.StatusProxyAuthRequired {
		// A proxy in front of plain http (never central's https: there a
		// refused CONNECT fails before any answer).
		if p, _ := c.proxy(c.base); p != nil {
			return result{}, &ProxyError{Proxy: proxyName(p), Status: status}
		}
	}
	if status >= 300 && status < 400 && status != http.StatusNotModified {
		return result{}, redirectError(resp)
	}
	if status >= 200 && status < 400 {
		// A 2xx the call does not expect, or a 304 to a request that was
		// not conditional: no redirect, but not the contract either.
		return result{}, fmt.Errorf("%w: unexpected HTTP %d", ErrBadResponse, status)
	}
	return result{}, apiError(resp)
}

// redirectError describes a 3xx answer, which the client never follows.
// It names at most the scheme and host of the target: a path or a query
// may carry a codice fiscale or a token, and errors end up in logs.
func redirectError(resp *resty.Response) error {
	to := "no target"
	if loc := resp.Header().Get("Location"); loc != "" {
		to = "an unreadable target"
		if u, err := url.Parse(loc); err == nil {
			if raw := resp.RawResponse; raw != nil && raw.Request != nil && raw.Request.URL != nil {
				u = raw.Request.URL.ResolveReference(u) // a relative target stays on the same origin
			}
			if (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
				to = u.Scheme + "://" + u.Host
			}
		}
	}
	return fmt.Errorf("%w: HTTP %d to %s, not followed", ErrRedirect, resp.StatusCode(), to)
}

// decodeInto decodes a JSON answer strictly into out (unknown fields or
// trailing data break the contract) and runs check on it.
func decodeInto(res result, out any, check func() error) error {
	if err := jsonAnswer(res, out); err != nil {
		return err
	}
	if err := decodeStrict(res.body, out); err != nil {
		return err
	}
	if check != nil {
		if err := check(); err != nil {
			return fmt.Errorf("%w: %v", ErrBadResponse, err)
		}
	}
	return nil
}

// decodeLenient decodes a JSON answer into out, ignoring the fields out
// does not have: for the one answer every console version must read.
func decodeLenient(res result, out any) error {
	if err := jsonAnswer(res, out); err != nil {
		return err
	}
	if err := json.Unmarshal(res.body, out); err != nil {
		return fmt.Errorf("%w: %v", ErrBadResponse, err)
	}
	return nil
}

// jsonAnswer clears out (nothing left over from an earlier attempt) and
// checks that the answer says it is JSON.
func jsonAnswer(res result, out any) error {
	reflect.ValueOf(out).Elem().SetZero()
	if ct := res.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		return fmt.Errorf("%w: content type %q", ErrBadResponse, ct)
	}
	return nil
}

// decodeStrict decodes exactly one JSON value with no unknown fields.
func decodeStrict(data []byte, out any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(out); err != nil {
		return fmt.Errorf("%w: %v", ErrBadResponse, err)
	}
	if dec.More() {
		return fmt.Errorf("%w: data after the JSON value", ErrBadResponse)
	}
	return nil
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

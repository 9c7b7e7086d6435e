package client

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/go-resty/resty/v2"
)

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
		if !cl.retry || attempt >= c.cfg.Attempts || !Transient(err) || ctx.Err() != nil {
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

// Transient reports whether a failure may go away by itself (the line,
// a proxy or central failing): the same request, with its key, is worth
// sending again.
func Transient(err error) bool {
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

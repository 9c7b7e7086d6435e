package client

import (
	"errors"
	"fmt"
	"time"

	"sportello/model"
)

// The kinds of failure a caller must tell apart. Every error the client
// returns wraps exactly one of them; test with errors.Is.
var (
	// ErrOffline: the server could not be reached or the connection broke.
	ErrOffline = errors.New("central server unreachable")
	// ErrInvalidCredentials: login refused (wrong operator or password).
	ErrInvalidCredentials = errors.New("invalid credentials")
	// ErrUnauthorized: the token is missing, expired or revoked, or the
	// operator may not do this (403).
	ErrUnauthorized = errors.New("not authorised")
	// ErrNotFound: the requested entity does not exist.
	ErrNotFound = errors.New("not found")
	// ErrConflict: the action clashes with the current state on the server
	// (stale version, slot taken, scheda held by someone else, transition
	// not allowed). The *APIError carries the current slot or scheda.
	ErrConflict = errors.New("conflict with the current state")
	// ErrRejected: the server refused the request as malformed or invalid.
	ErrRejected = errors.New("request rejected")
	// ErrServer: the server failed (5xx) or asked to slow down (429).
	ErrServer = errors.New("server fault")
	// ErrBadAddress: the server address is not an http(s) URL.
	ErrBadAddress = errors.New("bad server address")
	// ErrInsecure: the server address is plain http to a host other than
	// this computer. Citizens' data and tokens travel only over TLS; plain
	// http is allowed on loopback only (the embedded sandbox).
	ErrInsecure = errors.New("plain http to a non-loopback server")
	// ErrCertificate: the server's TLS certificate was refused (unknown
	// authority, expired, or issued for another name). Never skipped: it
	// is shown to the operator, who calls the help desk.
	ErrCertificate = errors.New("server certificate refused")
	// ErrBadResponse: the answer breaks the contract.
	ErrBadResponse = errors.New("response breaks the contract")
	// ErrRedirect: the server (or something between) answered with a
	// redirect (3xx). The client follows none: the password and the tokens
	// go only to the configured origin, so the request was not sent on.
	// Not transient, never retried: it is shown to the operator, who calls
	// the help desk. The error names the status and at most the scheme and
	// host of the target, never its path or query.
	ErrRedirect = errors.New("server answered with a redirect")
	// ErrTooLarge: the answer's body (inflated, if it came compressed)
	// passed the client's limit of 16 MiB, which no answer of the contract
	// comes near: a broken or hostile server or proxy, not a bad line. Not
	// transient, never retried (the next attempt would only read as much
	// again): it is shown to the operator, who calls the help desk.
	ErrTooLarge = errors.New("server answer too large")
)

// APIError is an error answered by the server in the contract's error shape.
type APIError struct {
	Status  int    // HTTP status
	Code    string // stable machine code
	Message string // Italian message from the server
	// Central is, with a conflict, the entity as the server has it now
	// (a scheda with its holder, say); nil when the server did not say.
	Central    model.Entity
	RetryAfter time.Duration // the server's Retry-After, if any
	kind       error
}

func (e *APIError) Error() string {
	return fmt.Sprintf("%v: HTTP %d %s", e.kind, e.Status, e.Code)
}

// Unwrap returns the kind of the error (ErrUnauthorized, ErrServer, …).
func (e *APIError) Unwrap() error { return e.kind }

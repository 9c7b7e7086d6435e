// Package contracttest checks live HTTP traffic against the API contract
// (client/openapi.yaml) with the kin-openapi validator. Tests wrap a real
// handler in Validator and every request and response that crosses it is
// validated.
package contracttest

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"sportello/client"
)

// Load parses and validates the embedded OpenAPI document.
func Load() (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(client.OpenAPI)
	if err != nil {
		return nil, fmt.Errorf("load contract: %w", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		return nil, fmt.Errorf("contract is not valid OpenAPI: %w", err)
	}
	doc.Servers = nil // match requests to any host (tests use random ports)
	return doc, nil
}

// Validator is an http.Handler that validates each request before passing it
// to Next and each response Next writes, recording every violation.
type Validator struct {
	Next   http.Handler
	router routers.Router

	mu         sync.Mutex
	violations []string
	seen       map[string]int // operation id → validated exchanges
}

// New wraps next in a validator of the contract.
func New(next http.Handler) (*Validator, error) {
	doc, err := Load()
	if err != nil {
		return nil, err
	}
	r, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("contract router: %w", err)
	}
	return &Validator{Next: next, router: r, seen: map[string]int{}}, nil
}

// Violations returns what broke the contract so far.
func (v *Validator) Violations() []string {
	v.mu.Lock()
	defer v.mu.Unlock()
	return append([]string(nil), v.violations...)
}

// Seen returns how many exchanges of each operation were validated.
func (v *Validator) Seen() map[string]int {
	v.mu.Lock()
	defer v.mu.Unlock()
	out := map[string]int{}
	for k, n := range v.seen {
		out[k] = n
	}
	return out
}

func (v *Validator) fail(format string, args ...any) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.violations = append(v.violations, fmt.Sprintf(format, args...))
}

// ServeHTTP implements http.Handler.
func (v *Validator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	route, params, err := v.router.FindRoute(r)
	if err != nil {
		v.fail("%s %s: no such operation in the contract: %v", r.Method, r.URL.Path, err)
		v.Next.ServeHTTP(w, r)
		return
	}
	ctx := context.Background()
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true}
	in := &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route, Options: opts}
	// A request that breaks the contract is recorded only when the client
	// sent it: tests that probe bad input on purpose mark it with a header.
	if err := openapi3filter.ValidateRequest(ctx, in); err != nil && r.Header.Get("X-Contract-Probe") == "" {
		v.fail("request %s: %v", route.Operation.OperationID, err)
	}
	rec := httptest.NewRecorder()
	v.Next.ServeHTTP(rec, r)
	body := rec.Body.Bytes()
	plain := body
	if rec.Header().Get("Content-Encoding") == "gzip" {
		var err error
		if plain, err = gunzip(body); err != nil {
			v.fail("response %s: bad gzip body: %v", route.Operation.OperationID, err)
		}
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: rec.Code, Header: rec.Header(), Options: opts}
	out.SetBodyBytes(plain)
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		v.fail("response %s %d: %v", route.Operation.OperationID, rec.Code, err)
	}
	v.mu.Lock()
	v.seen[route.Operation.OperationID]++
	v.mu.Unlock()
	for k, vals := range rec.Header() {
		w.Header()[k] = vals
	}
	w.WriteHeader(rec.Code)
	_, _ = bytes.NewReader(body).WriteTo(w)
}

func gunzip(b []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

// Operations returns the operation ids of every operation in the contract.
func Operations() ([]string, error) {
	doc, err := Load()
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, path := range doc.Paths.InMatchingOrder() {
		for _, op := range doc.Paths.Value(path).Operations() {
			ids = append(ids, op.OperationID)
		}
	}
	return ids, nil
}

// Package sandbox serves the central API contract (client/openapi.yaml)
// from its own SQLite database, seeded deterministically with realistic data
// of the Direzione provinciale di Salerno, with fault injection to reproduce
// a bad line on loopback. It is the console's embedded default server and
// the tests' peer.
package sandbox

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/tls"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // database/sql driver "sqlite"

	"sportello/client"
)

// Token lifetimes.
const (
	TokenLifetime   = 8 * time.Hour       // an access token
	RefreshLifetime = 30 * 24 * time.Hour // a refresh token
	// RefreshGrace is how long a replaced refresh token is still taken as
	// a repeat of the refresh that replaced it (the same pair is given
	// again), so that a refresh whose answer was lost on a slow line can
	// be retried at the next sync; after it, so is a replaced token whose
	// successor was never refreshed. Any other reuse is a replay.
	RefreshGrace = 10 * time.Minute
)

// Options configure a sandbox.
type Options struct {
	// Seed makes the data deterministic: the same seed gives the same
	// citizens and, for the same day, the same slots.
	Seed int64
	// DBPath is the SQLite file; empty means a private in-memory database.
	DBPath string
	// Now is the sandbox's clock; nil means time.Now.
	Now func() time.Time
	// DaysBefore and DaysAfter bound the days with slots around today
	// (defaults 10 and 30 calendar days).
	DaysBefore, DaysAfter int
	// Logger receives request logs; nil discards them.
	Logger *slog.Logger
	// Faults are switched on from the start (see SetFaults); New refuses
	// them out of range (see Faults.Validate).
	Faults Faults
	// Versions are the console versions published from the start (see
	// SetVersions); none by default.
	Versions Versions
	// RefreshTokenBytes, if set, makes the refresh tokens JWT-shaped and
	// of that size (see JWTLike): a central behind an identity provider
	// whose tokens carry the operator's claims. Zero: 64 hex characters.
	RefreshTokenBytes int
}

// Sandbox is an http.Handler serving the central API.
type Sandbox struct {
	db   *sql.DB
	now  func() time.Time
	log  *slog.Logger
	mux  *http.ServeMux
	seed int64
	// control opens /_sandbox/* to clients off loopback (see ControlToken).
	control string

	presence presenceBoard // who has which scheda open (see sla.go)

	mu       sync.Mutex // guards faults, versions and rng
	faults   Faults
	versions Versions
	rng      *rand.Rand
	modules  []client.ModuleJSON // set by SetModules; nil: the seeded ones
	// refreshBytes is Options.RefreshTokenBytes.
	refreshBytes int
}

// querier is what *sql.DB and *sql.Tx share: handlers run their queries
// on either.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// New opens (and seeds, if empty) the sandbox database.
func New(opts Options) (*Sandbox, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.DaysBefore == 0 {
		opts.DaysBefore = 10
	}
	if opts.DaysAfter == 0 {
		opts.DaysAfter = 30
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if err := opts.Faults.Validate(); err != nil {
		return nil, err
	}
	if !opts.Versions.valid() {
		return nil, ErrVersionsTooLong
	}
	dsn := "file::memory:"
	if opts.DBPath != "" {
		dsn = "file:" + opts.DBPath
	}
	db, err := sql.Open("sqlite", dsn+"?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("sandbox: open database: %w", err)
	}
	// One connection: an in-memory database is private to its connection,
	// and one connection also serialises every transaction, which is what
	// makes the idempotency ledger exact.
	db.SetMaxOpenConns(1)
	s := &Sandbox{db: db, now: opts.Now, log: opts.Logger, seed: opts.Seed, faults: opts.Faults, versions: opts.Versions, refreshBytes: opts.RefreshTokenBytes,
		rng: rand.New(rand.NewPCG(uint64(opts.Seed), 0xfa17)), control: newControlToken()}
	if err := s.seedDB(opts); err != nil {
		db.Close()
		return nil, fmt.Errorf("sandbox: seed: %w", err)
	}
	s.routes()
	return s, nil
}

// Close closes the database.
func (s *Sandbox) Close() error { return s.db.Close() }

func (s *Sandbox) routes() {
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("POST /v1/auth/token", s.handleLogin)
	s.mux.HandleFunc("POST /v1/auth/refresh", s.handleRefresh)
	s.mux.HandleFunc("POST /v1/auth/revoke", s.handleRevoke)
	s.mux.HandleFunc("GET /v1/console/versions", s.handleConsoleVersions)
	s.mux.HandleFunc("GET /v1/me", s.authed(s.handleMe))
	s.mux.HandleFunc("GET /v1/offices", s.authed(s.handleOffices))
	s.mux.HandleFunc("GET /v1/services", s.authed(s.handleServices))
	s.mux.HandleFunc("GET /v1/outcomes", s.authed(s.handleOutcomes))
	s.mux.HandleFunc("GET /v1/agenda", s.authed(s.handleAgenda))
	s.mux.HandleFunc("POST /v1/slots/{id}/events", s.mutation(s.slotEvent))
	s.mux.HandleFunc("GET /v1/citizens", s.authed(servingCitizens(s.handleSearch)))
	s.mux.HandleFunc("GET /v1/citizens/{cf}", s.authed(servingCitizens(s.handleCitizen)))
	s.mux.HandleFunc("POST /v1/citizens/batch", s.authed(servingCitizens(s.handleCitizenFiles)))
	s.mux.HandleFunc("POST /v1/citizens", s.mutation(s.registerCitizen))
	s.mux.HandleFunc("POST /v1/citizens/{cf}/notes", s.mutation(s.addNote))
	s.mux.HandleFunc("POST /v1/citizens/{cf}/suggestions/{id}/mark", s.mutation(s.markSuggestion))
	s.mux.HandleFunc("GET /v1/modules", s.authed(s.handleModules))
	s.mux.HandleFunc("GET /v1/schede", s.authed(s.handleSchede))
	s.mux.HandleFunc("POST /v1/schede/{id}/claim", s.mutation(s.claimScheda))
	s.mux.HandleFunc("POST /v1/schede/{id}/request_info", s.mutation(s.requestInfo))
	s.mux.HandleFunc("POST /v1/schede/{id}/answer", s.mutation(s.answerScheda))
	s.mux.HandleFunc("POST /v1/schede/{id}/forward", s.mutation(s.forwardScheda))
	s.mux.HandleFunc("POST /v1/schede/{id}/convert", s.mutation(s.convertScheda))
	s.mux.HandleFunc("PUT /v1/schede/{id}/presence", s.authed(s.handlePutPresence))
	s.mux.HandleFunc("DELETE /v1/schede/{id}/presence", s.authed(s.handleDeletePresence))
	s.mux.HandleFunc("GET /v1/calendar", s.authed(s.handleCalendar))
	s.mux.HandleFunc("GET /v1/availability", s.authed(s.handleAvailability))
	s.mux.HandleFunc("GET /v1/capacity", s.authed(s.handleCapacity))
	s.mux.HandleFunc("POST /v1/bookings", s.mutation(s.book))
	s.mux.HandleFunc("POST /v1/desks/clone", s.mutation(s.cloneDesk))
	s.mux.HandleFunc("POST /v1/desks/duration", s.mutation(s.changeDuration))
	s.mux.HandleFunc("POST /v1/tickets", s.mutation(s.issueTicket))
	s.mux.HandleFunc("POST /v1/tickets/{id}/events", s.mutation(s.ticketEvent))
	s.mux.HandleFunc("GET /v1/changes", s.authed(s.handleChanges))
	s.mux.HandleFunc("POST /v1/audit", s.authed(s.handleAudit))
	s.mux.HandleFunc("GET /_sandbox/faults", s.handleGetFaults)
	s.mux.HandleFunc("PUT /_sandbox/faults", s.handlePutFaults)
	s.mux.HandleFunc("GET /_sandbox/inspect", s.handleInspect)
	s.mux.HandleFunc("GET /_sandbox/versions", s.handleGetVersions)
	s.mux.HandleFunc("PUT /_sandbox/versions", s.handlePutVersions)
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "not_found", "Risorsa inesistente.")
	})
}

// buffered collects a handler's answer so that faults and compression can
// be applied to it as a whole.
type buffered struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *buffered) Header() http.Header         { return b.header }
func (b *buffered) Write(p []byte) (int, error) { return b.body.Write(p) }
func (b *buffered) WriteHeader(status int) {
	if b.status == 0 {
		b.status = status
	}
}

// gzipMin is the smallest body worth compressing.
const gzipMin = 1024

// gzipWriters are reused: a gzip.Writer allocates several hundred KB of
// tables.
var gzipWriters = sync.Pool{New: func() any { return gzip.NewWriter(nil) }}

// ServeHTTP implements http.Handler: it serves the API through the fault
// injector and compresses large answers for clients that accept gzip. The
// control endpoints (/_sandbox/*) bypass the faults and answer 403 to a
// client off loopback without the control token.
func (s *Sandbox) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/_sandbox/") {
		if !s.controlAllowed(r) {
			writeError(w, http.StatusForbidden, "forbidden",
				"I comandi della sandbox rispondono solo da questo computer o con il token di controllo (intestazione "+ControlHeader+").")
			return
		}
		s.mux.ServeHTTP(w, r)
		return
	}
	f := s.Faults()
	if f.Latency > 0 {
		t := time.NewTimer(f.Latency)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	if s.roll(f.ExpiredTokens) {
		s.expireToken(r)
	}
	if s.roll(f.ServerErrors) {
		// Refused before anything is applied, as an overloaded front end does.
		writeError(w, http.StatusServiceUnavailable, "unavailable", "Servizio centrale temporaneamente non disponibile: riprova tra poco.")
		return
	}
	out := &buffered{header: http.Header{}}
	s.mux.ServeHTTP(out, r)
	if out.status == 0 {
		out.status = http.StatusOK
	}
	body := out.body.Bytes()
	if len(body) > 0 && s.roll(f.Malformed) {
		body = malform(body, s.roll(0.5))
	}
	if len(body) >= gzipMin && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		var z bytes.Buffer
		zw := gzipWriters.Get().(*gzip.Writer)
		zw.Reset(&z)
		_, _ = zw.Write(body)
		_ = zw.Close()
		gzipWriters.Put(zw)
		body = z.Bytes()
		out.header.Set("Content-Encoding", "gzip")
		out.header.Add("Vary", "Accept-Encoding")
	}
	for k, v := range out.header {
		w.Header()[k] = v
	}
	if out.status != http.StatusNotModified && out.status != http.StatusNoContent {
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	}
	w.WriteHeader(out.status)
	switch {
	case len(body) > 1 && s.roll(f.Drops):
		// The answer is lost half-way, after the action was applied: the
		// client must retry with the same Idempotency-Key.
		_, _ = w.Write(body[:len(body)/2])
		if fl, ok := w.(http.Flusher); ok {
			fl.Flush()
		}
		panic(http.ErrAbortHandler)
	case f.SlowBody > 0:
		for len(body) > 0 {
			n := min(len(body), 512)
			if _, err := w.Write(body[:n]); err != nil {
				return
			}
			if fl, ok := w.(http.Flusher); ok {
				fl.Flush()
			}
			body = body[n:]
			select {
			case <-time.After(f.SlowBody):
			case <-r.Context().Done():
				return
			}
		}
	default:
		_, _ = w.Write(body)
	}
}

// malform breaks a JSON body: cut half-way, or swapped for valid JSON of
// the wrong shape.
func malform(body []byte, cut bool) []byte {
	if cut {
		return body[:len(body)/2]
	}
	return []byte(`{"unexpected":true,"items":[1,2,3]}`)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, client.ErrorBody{Code: code, Message: msg})
}

func (s *Sandbox) internal(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("sandbox: request failed", "method", r.Method, "route", r.Pattern, "err", err) // the path may hold a codice fiscale
	writeError(w, http.StatusInternalServerError, "internal", "Errore interno del server centrale: riprova tra qualche minuto.")
}

// decodeBody decodes a JSON request body strictly.
func decodeBody(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("data after the JSON value")
	}
	return nil
}

// Listen serves the sandbox over HTTP on addr (host:port; port 0 picks a
// free one) from a goroutine. It returns the server, its base URL and a
// channel that receives the error, if serving stops for any reason other
// than the server being closed (the error is also logged).
func (s *Sandbox) Listen(addr string) (*http.Server, string, <-chan error, error) {
	return s.ListenTLS(addr, "", "")
}

// ListenTLS is Listen over TLS with the certificate and key in the PEM
// files certFile and keyFile (plain http when both are empty): a sandbox
// reached over a network, as a real central server is, must be https.
func (s *Sandbox) ListenTLS(addr, certFile, keyFile string) (*http.Server, string, <-chan error, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, "", nil, fmt.Errorf("sandbox: listen on %s: %w", addr, err)
	}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second,
		ErrorLog: slog.NewLogLogger(slog.DiscardHandler, slog.LevelError)} // deliberate aborts are not errors
	scheme := "http://"
	if certFile != "" || keyFile != "" {
		cert, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			ln.Close()
			return nil, "", nil, fmt.Errorf("sandbox: certificate: %w", err)
		}
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		ln, scheme = tls.NewListener(ln, srv.TLSConfig), "https://"
	}
	errc := make(chan error, 1)
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("sandbox: serving stopped", "err", err)
			errc <- err
		}
	}()
	return srv, scheme + ln.Addr().String(), errc, nil
}

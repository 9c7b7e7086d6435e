// Package sandbox serves the central API contract (client/openapi.yaml)
// from its own SQLite database, seeded deterministically with realistic data
// of the Direzione provinciale di Salerno. It is the console's embedded
// default server and the tests' peer.
package sandbox

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	_ "modernc.org/sqlite" // database/sql driver "sqlite"

	"sportello/client"
	"sportello/model"
)

// TokenLifetime is how long an access token is valid.
const TokenLifetime = 8 * time.Hour

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
}

// Sandbox is an http.Handler serving the central API.
type Sandbox struct {
	db   *sql.DB
	now  func() time.Time
	log  *slog.Logger
	mux  *http.ServeMux
	seed int64
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
	dsn := "file::memory:"
	if opts.DBPath != "" {
		dsn = "file:" + opts.DBPath
	}
	db, err := sql.Open("sqlite", dsn+"?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("sandbox: open database: %w", err)
	}
	// One connection: an in-memory database is private to its connection,
	// and the sandbox needs no write concurrency.
	db.SetMaxOpenConns(1)
	s := &Sandbox{db: db, now: opts.Now, log: opts.Logger, seed: opts.Seed}
	if err := s.seedDB(opts); err != nil {
		db.Close()
		return nil, fmt.Errorf("sandbox: seed: %w", err)
	}
	s.routes()
	return s, nil
}

// Close closes the database.
func (s *Sandbox) Close() error { return s.db.Close() }

// ServeHTTP implements http.Handler.
func (s *Sandbox) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mux.ServeHTTP(w, r)
}

func (s *Sandbox) routes() {
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("POST /v1/auth/token", s.handleLogin)
	s.mux.HandleFunc("GET /v1/me", s.authed(s.handleMe))
	s.mux.HandleFunc("GET /v1/agenda", s.authed(s.handleAgenda))
	s.mux.HandleFunc("GET /v1/citizens/{cf}", s.authed(s.handleCitizen))
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "not_found", "Risorsa inesistente.")
	})
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

func hashPassword(operator, password string) string {
	h := sha256.Sum256([]byte("sportello-sandbox:" + operator + ":" + password))
	return hex.EncodeToString(h[:])
}

func (s *Sandbox) handleLogin(w http.ResponseWriter, r *http.Request) {
	var req client.LoginRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil || req.Operator == "" || req.Password == "" {
		writeError(w, http.StatusBadRequest, "bad_request", "Richiesta non valida: servono operatore e password.")
		return
	}
	var stored string
	err := s.db.QueryRowContext(r.Context(), `SELECT password_hash FROM operators WHERE id = ?`, req.Operator).Scan(&stored)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		s.internal(w, r, err)
		return
	}
	if errors.Is(err, sql.ErrNoRows) || subtle.ConstantTimeCompare([]byte(stored), []byte(hashPassword(req.Operator, req.Password))) != 1 {
		writeError(w, http.StatusUnauthorized, "invalid_credentials", "Operatore o password non corretti.")
		return
	}
	op, err := s.operator(r.Context(), req.Operator)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	buf := make([]byte, 32)
	_, _ = rand.Read(buf)
	token := hex.EncodeToString(buf)
	expires := s.now().Add(TokenLifetime)
	if _, err := s.db.ExecContext(r.Context(), `INSERT INTO tokens(token, operator_id, expires_at) VALUES (?, ?, ?)`,
		token, req.Operator, expires.Unix()); err != nil {
		s.internal(w, r, err)
		return
	}
	s.log.Info("sandbox: login", "operator", req.Operator)
	writeJSON(w, http.StatusOK, client.Session{AccessToken: token, TokenType: "Bearer",
		ExpiresIn: int(TokenLifetime / time.Second), Operator: op})
}

type ctxKey struct{}

// authed checks the bearer token and passes the operator id on in the
// request context.
func (s *Sandbox) authed(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || token == "" {
			writeError(w, http.StatusUnauthorized, "unauthorized", "Sessione assente: accedi di nuovo.")
			return
		}
		var opID string
		var expires int64
		err := s.db.QueryRowContext(r.Context(), `SELECT operator_id, expires_at FROM tokens WHERE token = ?`, token).Scan(&opID, &expires)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && s.now().Unix() >= expires) {
			writeError(w, http.StatusUnauthorized, "unauthorized", "Sessione scaduta o non valida: accedi di nuovo.")
			return
		}
		if err != nil {
			s.internal(w, r, err)
			return
		}
		next(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, opID)))
	}
}

func (s *Sandbox) operator(ctx context.Context, id string) (client.OperatorJSON, error) {
	var op client.OperatorJSON
	var roles string
	err := s.db.QueryRowContext(ctx, `SELECT o.id, o.name, o.desk, o.roles, f.code, f.name
		FROM operators o JOIN offices f ON f.code = o.office_code WHERE o.id = ?`, id).
		Scan(&op.ID, &op.Name, &op.Desk, &roles, &op.Office.Code, &op.Office.Name)
	if err != nil {
		return op, fmt.Errorf("operator %s: %w", id, err)
	}
	op.Roles = strings.Split(roles, ",")
	return op, nil
}

func (s *Sandbox) handleMe(w http.ResponseWriter, r *http.Request) {
	op, err := s.operator(r.Context(), r.Context().Value(ctxKey{}).(string))
	if err != nil {
		s.internal(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, op)
}

// maxAgendaDays bounds the range of one agenda request.
const maxAgendaDays = 62

func (s *Sandbox) handleAgenda(w http.ResponseWriter, r *http.Request) {
	from, err1 := time.ParseInLocation(client.DateLayout, r.URL.Query().Get("from"), model.Rome)
	to, err2 := time.ParseInLocation(client.DateLayout, r.URL.Query().Get("to"), model.Rome)
	if err1 != nil || err2 != nil || to.Before(from) || to.Sub(from) > maxAgendaDays*24*time.Hour {
		writeError(w, http.StatusBadRequest, "bad_request",
			fmt.Sprintf("Intervallo di date non valido: servono from e to (AAAA-MM-GG), from non dopo to, al massimo %d giorni.", maxAgendaDays))
		return
	}
	op, err := s.operator(r.Context(), r.Context().Value(ctxKey{}).(string))
	if err != nil {
		s.internal(w, r, err)
		return
	}
	out := client.AgendaJSON{From: from.Format(client.DateLayout), To: to.Format(client.DateLayout), Slots: []client.SlotJSON{}}
	rows, err := s.db.QueryContext(r.Context(), `SELECT id, start, end, desk, channel, service, level, status,
		citizen_cf, meeting_url, phone, version FROM slots
		WHERE office_code = ? AND desk = ? AND start >= ? AND start < ? ORDER BY start`,
		op.Office.Code, op.Desk, from.Unix(), to.AddDate(0, 0, 1).Unix())
	if err != nil {
		s.internal(w, r, err)
		return
	}
	defer rows.Close()
	for rows.Next() {
		var sl client.SlotJSON
		var start, end int64
		if err := rows.Scan(&sl.ID, &start, &end, &sl.Desk, &sl.Channel, &sl.Service, &sl.Level, &sl.Status,
			&sl.CitizenCF, &sl.MeetingURL, &sl.Phone, &sl.Version); err != nil {
			s.internal(w, r, err)
			return
		}
		sl.Start, sl.End = time.Unix(start, 0).In(model.Rome), time.Unix(end, 0).In(model.Rome)
		out.Slots = append(out.Slots, sl)
	}
	if err := rows.Err(); err != nil {
		s.internal(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Sandbox) handleCitizen(w http.ResponseWriter, r *http.Request) {
	cf := r.PathValue("cf")
	if err := model.ValidateCF(cf); err != nil {
		writeError(w, http.StatusBadRequest, "bad_request", "Codice fiscale non valido.")
		return
	}
	var c client.CitizenJSON
	var contacts string
	err := s.db.QueryRowContext(r.Context(), `SELECT cf, given_name, family_name, sex, birth_date, birth_place, address, contacts
		FROM citizens WHERE cf = ?`, cf).Scan(&c.CF, &c.GivenName, &c.FamilyName, &c.Sex, &c.BirthDate, &c.BirthPlace, &c.Address, &contacts)
	if errors.Is(err, sql.ErrNoRows) {
		writeError(w, http.StatusNotFound, "not_found", "Nessun cittadino con questo codice fiscale.")
		return
	}
	if err == nil {
		err = json.Unmarshal([]byte(contacts), &c.Contacts)
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
}

// Listen serves the sandbox over HTTP on addr (host:port; port 0 picks a
// free one) from a goroutine. It returns the server, its base URL and a
// channel that receives the error, if serving stops for any reason other
// than the server being closed (the error is also logged).
func (s *Sandbox) Listen(addr string) (*http.Server, string, <-chan error, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, "", nil, fmt.Errorf("sandbox: listen on %s: %w", addr, err)
	}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("sandbox: serving stopped", "err", err)
			errc <- err
		}
	}()
	return srv, "http://" + ln.Addr().String(), errc, nil
}

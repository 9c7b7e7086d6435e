package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strings"
	"time"
)

// MaxDelay bounds the faults' durations (Latency, SlowBody): a bad line is
// slow, not stopped for hours.
const MaxDelay = 60 * time.Second

// Errors of Faults.Validate, for errors.Is.
var (
	ErrShareRange = errors.New("fault share out of 0..1")
	ErrDelayRange = fmt.Errorf("fault duration out of 0..%v", MaxDelay)
)

// Faults reproduce a bad line. Shares are between 0 (never) and 1 (every
// request); durations between 0 and MaxDelay (see Validate).
type Faults struct {
	Latency       time.Duration // added before every answer
	ServerErrors  float64       // share answered 503 before anything is applied
	Drops         float64       // share whose connection drops half-way through the body, after the action was applied
	SlowBody      time.Duration // pause between 512-byte chunks of every body
	Malformed     float64       // share whose body is broken JSON or the wrong shape
	ExpiredTokens float64       // share of requests whose access token expires on arrival
}

// Validate says whether the faults are in range: every share in [0, 1],
// every duration in [0, MaxDelay]. The error wraps ErrShareRange or
// ErrDelayRange and names the first fault out of range. The command line
// and PUT /_sandbox/faults both check with it.
func (f Faults) Validate() error {
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"latency", f.Latency}, {"slow_body", f.SlowBody}} {
		if d.v < 0 || d.v > MaxDelay {
			return fmt.Errorf("sandbox: %s %v: %w", d.name, d.v, ErrDelayRange)
		}
	}
	for _, sh := range []struct {
		name string
		v    float64
	}{{"server_errors", f.ServerErrors}, {"drops", f.Drops}, {"malformed", f.Malformed}, {"expired_tokens", f.ExpiredTokens}} {
		if !(sh.v >= 0 && sh.v <= 1) { // also refuses NaN
			return fmt.Errorf("sandbox: %s %v: %w", sh.name, sh.v, ErrShareRange)
		}
	}
	return nil
}

// Faults returns the faults in force.
func (s *Sandbox) Faults() Faults {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.faults
}

// SetFaults switches faults on (or off, with the zero value) at run time.
func (s *Sandbox) SetFaults(f Faults) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = f
}

func (s *Sandbox) roll(share float64) bool {
	if share <= 0 {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rng.Float64() < share
}

// expireToken makes the request's access token expire now, as if it had
// reached the end of its life.
func (s *Sandbox) expireToken(r *http.Request) {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return
	}
	if _, err := s.db.ExecContext(r.Context(), `UPDATE tokens SET expires_at = ? WHERE token = ?`, s.now().Unix(), token); err != nil {
		s.log.Warn("sandbox: expire token", "err", err)
	}
}

// faultsJSON is the run-time control's shape: durations in milliseconds.
type faultsJSON struct {
	LatencyMS     int64   `json:"latency_ms"`
	ServerErrors  float64 `json:"server_errors"`
	Drops         float64 `json:"drops"`
	SlowBodyMS    int64   `json:"slow_body_ms"`
	Malformed     float64 `json:"malformed"`
	ExpiredTokens float64 `json:"expired_tokens"`
}

// handleGetFaults serves GET /_sandbox/faults, outside the contract.
func (s *Sandbox) handleGetFaults(w http.ResponseWriter, r *http.Request) {
	f := s.Faults()
	writeJSON(w, http.StatusOK, faultsJSON{LatencyMS: f.Latency.Milliseconds(), ServerErrors: f.ServerErrors, Drops: f.Drops,
		SlowBodyMS: f.SlowBody.Milliseconds(), Malformed: f.Malformed, ExpiredTokens: f.ExpiredTokens})
}

// handlePutFaults serves PUT /_sandbox/faults: switch faults at run time
// on a running sandbox, e.g. with curl -X PUT -d '{"drops":0.3}'.
func (s *Sandbox) handlePutFaults(w http.ResponseWriter, r *http.Request) {
	var fj faultsJSON
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<12))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&fj); err != nil {
		writeError(w, http.StatusBadRequest, "bad_request", "Guasti non validi: "+err.Error())
		return
	}
	f := Faults{Latency: millis(fj.LatencyMS), ServerErrors: fj.ServerErrors, Drops: fj.Drops,
		SlowBody: millis(fj.SlowBodyMS), Malformed: fj.Malformed, ExpiredTokens: fj.ExpiredTokens}
	switch err := f.Validate(); {
	case errors.Is(err, ErrDelayRange):
		writeError(w, http.StatusBadRequest, "bad_request",
			fmt.Sprintf("I ritardi di guasto (latency_ms, slow_body_ms) vanno da 0 a %d millisecondi.", MaxDelay.Milliseconds()))
		return
	case err != nil:
		writeError(w, http.StatusBadRequest, "bad_request", "Le quote di guasto vanno da 0 a 1.")
		return
	}
	s.SetFaults(f)
	s.log.Info("sandbox: faults changed", "faults", fj)
	s.handleGetFaults(w, r)
}

// millis converts milliseconds to a duration, saturating instead of
// overflowing, so that Validate sees an absurd value as out of range.
func millis(ms int64) time.Duration {
	const limit = math.MaxInt64 / int64(time.Millisecond)
	switch {
	case ms > limit:
		return math.MaxInt64
	case ms < -limit:
		return math.MinInt64
	}
	return time.Duration(ms) * time.Millisecond
}

package sandbox

import (
	"encoding/json"
	"errors"
	"net/http"

	"sportello/client"
)

// Versions are the console versions the sandbox publishes, as central
// would (GET /v1/console/versions, and the headers of the changes feed):
// set at start (Options.Versions, the sandbox command's --console-latest,
// --console-minimum and --console-info flags) or at run time (PUT
// /_sandbox/versions). They are served as given, unchecked, so that a
// test can send a console what a faulty central would: reading them is
// the console's job.
type Versions struct {
	Latest  string `json:"latest,omitempty"`
	Minimum string `json:"minimum,omitempty"`
	Info    string `json:"info,omitempty"`
}

// Limits of the contract on the versions' lengths.
const (
	maxVersionLen = 64
	maxInfoLen    = 500
)

// ErrVersionsTooLong is New's refusal of versions longer than the
// contract allows.
var ErrVersionsTooLong = errors.New("sandbox: console versions too long (latest, minimum: 64 characters; info: 500)")

// valid reports whether v fits the contract's lengths.
func (v Versions) valid() bool {
	return len(v.Latest) <= maxVersionLen && len(v.Minimum) <= maxVersionLen && len(v.Info) <= maxInfoLen
}

// Versions returns the console versions published now.
func (s *Sandbox) Versions() Versions {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.versions
}

// SetVersions publishes other console versions (a test raises the
// minimum above the console's, then lowers it again).
func (s *Sandbox) SetVersions(v Versions) {
	s.mu.Lock()
	s.versions = v
	s.mu.Unlock()
}

// handleConsoleVersions serves GET /v1/console/versions.
func (s *Sandbox) handleConsoleVersions(w http.ResponseWriter, r *http.Request) {
	v := s.Versions()
	writeJSON(w, http.StatusOK, client.ConsoleVersionsJSON(v))
}

// versionHeaders puts the console versions in the headers of an answer
// (the changes feed's).
func (s *Sandbox) versionHeaders(w http.ResponseWriter) {
	v := s.Versions()
	if v.Latest != "" {
		w.Header().Set(client.HeaderConsoleLatest, v.Latest)
	}
	if v.Minimum != "" {
		w.Header().Set(client.HeaderConsoleMinimum, v.Minimum)
	}
}

// handleGetVersions serves GET /_sandbox/versions, outside the contract.
func (s *Sandbox) handleGetVersions(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.Versions())
}

// handlePutVersions serves PUT /_sandbox/versions: publish other console
// versions on a running sandbox, e.g. with
// curl -X PUT -d '{"minimum":"0.9.0"}'. Fields left out are no longer
// published.
func (s *Sandbox) handlePutVersions(w http.ResponseWriter, r *http.Request) {
	var v Versions
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<12))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil || !v.valid() {
		writeError(w, http.StatusBadRequest, "bad_request",
			"Versioni non valide: latest e minimum al massimo 64 caratteri, info al massimo 500.")
		return
	}
	s.SetVersions(v)
	s.log.Info("sandbox: console versions changed", "latest", v.Latest, "minimum", v.Minimum)
	s.handleGetVersions(w, r)
}

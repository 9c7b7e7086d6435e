package sandbox

import (
	"context"
	"fmt"
	"net/http"
)

// AuditIDs returns the ids of the audit events the sandbox holds, with how
// many times each is stored (always once: central deduplicates on the id).
func (s *Sandbox) AuditIDs(ctx context.Context) (map[string]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, count(*) FROM audit GROUP BY id`)
	if err != nil {
		return nil, fmt.Errorf("sandbox: audit ids: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("sandbox: audit ids: %w", err)
		}
		out[id] = n
	}
	return out, rows.Err()
}

// AuditRefs returns, by id, what each audit event the sandbox holds
// concerns (the slot, the scheda, the ticket…), as the console named it.
func (s *Sandbox) AuditRefs(ctx context.Context) (map[string]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, ref FROM audit`)
	if err != nil {
		return nil, fmt.Errorf("sandbox: audit refs: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, ref string
		if err := rows.Scan(&id, &ref); err != nil {
			return nil, fmt.Errorf("sandbox: audit refs: %w", err)
		}
		out[id] = ref
	}
	return out, rows.Err()
}

// IssuedTokens returns every access and refresh token the sandbox still
// knows, so that a test can look for them where they must never be.
func (s *Sandbox) IssuedTokens(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT token FROM tokens UNION SELECT token FROM refresh_tokens`)
	if err != nil {
		return nil, fmt.Errorf("sandbox: tokens: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, fmt.Errorf("sandbox: tokens: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// inspection is the answer of GET /_sandbox/inspect.
type inspection struct {
	Audit  map[string]int `json:"audit"`
	Tokens []string       `json:"tokens"`
	// Ledger counts the state changes applied under each Idempotency-Key
	// (at most once, when central deduplicates as it must).
	Ledger map[string]int `json:"ledger"`
}

// handleInspect serves GET /_sandbox/inspect, outside the contract: the
// audit events received, the tokens issued and the keys of the ledger, for
// end-to-end tests of a standalone sandbox (its data are fictitious; a real
// server has no such door). Like every /_sandbox/ endpoint it answers only
// on loopback or with the control token (see ControlToken).
func (s *Sandbox) handleInspect(w http.ResponseWriter, r *http.Request) {
	var in inspection
	var err error
	if in.Audit, err = s.AuditIDs(r.Context()); err == nil {
		in.Tokens, err = s.IssuedTokens(r.Context())
	}
	var ledger []LedgerEntry
	if err == nil {
		ledger, err = s.Ledger(r.Context())
	}
	in.Ledger = make(map[string]int, len(ledger))
	for _, e := range ledger {
		in.Ledger[e.Key]++
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, in)
}

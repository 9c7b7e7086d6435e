package sandbox

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"time"

	"sportello/client"
)

// mreq is a state-changing request, handled inside one transaction.
type mreq struct {
	r   *http.Request
	op  client.OperatorJSON
	key string
	tx  *sql.Tx
	now time.Time
	raw []byte
}

// answer is what a mutation answers: a status and a JSON body.
type answer struct {
	status int
	body   any
}

func fail(status int, code, msg string) answer {
	return answer{status, client.ErrorBody{Code: code, Message: msg}}
}

// decode decodes the request body strictly.
func (m *mreq) decode(v any) bool { return decodeBody(m.raw, v) == nil }

// applied records in the ledger that this request applied action to the
// entity, and puts the entity at the head of the changes feed.
func (m *mreq) applied(ctx context.Context, action, entity, id string) error {
	if err := m.ledger(ctx, action, id); err != nil {
		return err
	}
	return touch(ctx, m.tx, entity, id)
}

// ledger records in the ledger that this request applied action to id.
func (m *mreq) ledger(ctx context.Context, action, id string) error {
	if _, err := m.tx.ExecContext(ctx, `INSERT INTO ledger(key, operator_id, action, entity_id, at) VALUES (?, ?, ?, ?, ?)`,
		m.key, m.op.ID, action, id, m.now.Unix()); err != nil {
		return fmt.Errorf("ledger: %w", err)
	}
	return nil
}

// touch moves an entity to the head of the changes feed.
func touch(ctx context.Context, q querier, entity, id string) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM changelog WHERE entity = ?1 AND id = ?2;
		INSERT INTO changelog(entity, id) VALUES (?1, ?2)`, entity, id); err != nil {
		return fmt.Errorf("changelog: %w", err)
	}
	return nil
}

var keyPattern = regexp.MustCompile(`^[A-Za-z0-9._:-]{8,128}$`)

// mutation wraps a state-changing handler: it authenticates, requires an
// Idempotency-Key, runs the handler in one transaction and stores its answer
// with the key in that same transaction. A repeated key with the same
// request returns the stored answer and applies nothing; with a different
// request it is refused.
func (s *Sandbox) mutation(fn func(context.Context, *mreq) (answer, error)) http.HandlerFunc {
	return s.authed(func(w http.ResponseWriter, r *http.Request) {
		key := r.Header.Get("Idempotency-Key")
		if !keyPattern.MatchString(key) {
			writeError(w, http.StatusBadRequest, "bad_request", "Manca un Idempotency-Key valido (8-128 caratteri).")
			return
		}
		raw, err := readAll(w, r, 1<<16)
		if err != nil {
			writeError(w, http.StatusBadRequest, "bad_request", "Richiesta troppo grande o interrotta.")
			return
		}
		sum := sha256.Sum256(append([]byte(r.Method+" "+r.URL.Path+"\n"), raw...))
		hash := hex.EncodeToString(sum[:])
		ctx := r.Context()
		m := &mreq{r: r, op: caller(r), key: key, now: s.now(), raw: raw}
		if m.tx, err = s.db.BeginTx(ctx, nil); err != nil {
			s.internal(w, r, err)
			return
		}
		defer m.tx.Rollback()
		var route, storedHash string
		var status int
		var stored []byte
		err = m.tx.QueryRowContext(ctx, `SELECT route, body_hash, status, body FROM idempotency WHERE operator_id = ? AND key = ?`,
			m.op.ID, key).Scan(&route, &storedHash, &status, &stored)
		switch {
		case err == nil && storedHash == hash:
			w.Header().Set("Idempotent-Replayed", "true")
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			_, _ = w.Write(stored)
			return
		case err == nil:
			writeError(w, http.StatusUnprocessableEntity, "idempotency_mismatch",
				"Questa chiave di idempotenza è già stata usata per un'altra operazione.")
			return
		case !errors.Is(err, sql.ErrNoRows):
			s.internal(w, r, err)
			return
		}
		ans, err := fn(ctx, m)
		if err != nil {
			s.internal(w, r, err)
			return
		}
		var body bytes.Buffer
		if err := json.NewEncoder(&body).Encode(ans.body); err != nil {
			s.internal(w, r, err)
			return
		}
		if _, err := m.tx.ExecContext(ctx, `INSERT INTO idempotency(operator_id, key, route, body_hash, status, body) VALUES (?, ?, ?, ?, ?, ?)`,
			m.op.ID, key, r.Pattern, hash, ans.status, body.Bytes()); err != nil {
			s.internal(w, r, err)
			return
		}
		if err := m.tx.Commit(); err != nil {
			s.internal(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(ans.status)
		_, _ = w.Write(body.Bytes())
	})
}

// LedgerEntry is one state change the sandbox applied.
type LedgerEntry struct {
	Seq        int64
	Key        string // the Idempotency-Key of the request that applied it
	OperatorID string
	Action     string // e.g. slot_event:complete, note, claim, book
	EntityID   string
	At         time.Time
}

// Ledger returns every state change applied so far, in order. Tests use it
// to check that nothing was applied twice.
func (s *Sandbox) Ledger(ctx context.Context) ([]LedgerEntry, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT seq, key, operator_id, action, entity_id, at FROM ledger ORDER BY seq`)
	if err != nil {
		return nil, fmt.Errorf("sandbox: ledger: %w", err)
	}
	defer rows.Close()
	var out []LedgerEntry
	for rows.Next() {
		var e LedgerEntry
		var at int64
		if err := rows.Scan(&e.Seq, &e.Key, &e.OperatorID, &e.Action, &e.EntityID, &at); err != nil {
			return nil, fmt.Errorf("sandbox: ledger: %w", err)
		}
		e.At = time.Unix(at, 0)
		out = append(out, e)
	}
	return out, rows.Err()
}

// AuditCount returns how many audit events the sandbox holds.
func (s *Sandbox) AuditCount(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM audit`).Scan(&n); err != nil {
		return 0, fmt.Errorf("sandbox: audit count: %w", err)
	}
	return n, nil
}

// AuditOf returns how many audit events the sandbox holds for a citizen,
// and how many of them were recorded offline.
func (s *Sandbox) AuditOf(ctx context.Context, cf string) (n, offline int, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(offline), 0) FROM audit WHERE citizen_cf = ?`, cf).Scan(&n, &offline)
	if err != nil {
		return 0, 0, fmt.Errorf("sandbox: audit of a citizen: %w", err)
	}
	return n, offline, nil
}

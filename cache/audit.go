package cache

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"sportello/model"
)

// AuditEntry is one record of the audit trail (see model.AuditEntry).
type AuditEntry = model.AuditEntry

// auditColumns are the columns an AuditEntry is read from.
const auditColumns = `id, operator_id, action, cf, reason, ref, at, offline, coalesce(sent_at, 0)`

// RecordOpening notes that the operator opened a citizen's file: the file
// is touched (kept from the retention purge) and an audit entry queued for
// central, in one transaction.
func (s *Store) RecordOpening(ctx context.Context, e AuditEntry) error {
	if err := model.ValidateCF(e.CF); err != nil {
		return fmt.Errorf("cache: audit: %w", err)
	}
	return s.write(ctx, "record opening", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE citizens SET touched_at = max(touched_at, ?) WHERE ref = ?`,
			e.At.Unix(), s.seal.ref(e.CF)); err != nil {
			return err
		}
		return s.audit(ctx, tx, e)
	})
}

// audit queues an audit entry in tx. The operator, when not given, is the
// mirror's.
func (s *Store) audit(ctx context.Context, tx *sql.Tx, e AuditEntry) error {
	if e.OperatorID == "" {
		// Not mirrored yet, the push fills it in.
		op, err := operatorIn(ctx, tx)
		if err != nil && !errors.Is(err, ErrNotCached) {
			return fmt.Errorf("audit: %w", err)
		}
		e.OperatorID = op.ID
	}
	// The code is sealed even when empty (an action on no citizen): the
	// column holds no plain text, ever. So is the reference: a suggested
	// right's (its rule, for a citizen) says something of the citizen.
	if _, err := tx.ExecContext(ctx, `INSERT INTO audit_queue(id, operator_id, action, cf, reason, ref, at, offline)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		e.ID, e.OperatorID, e.Action, s.box.seal([]byte(e.CF), auditCF.at(e.ID)), string(e.Reason),
		s.box.seal([]byte(e.Ref), auditRef.at(e.ID)), e.At.UnixMilli(), e.Offline); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// openAuditRef reads an audit entry's reference: sealed (a blob), or in
// clear as it was written before references were sealed (text).
func (s *Store) openAuditRef(ref any, id string) (string, error) {
	switch v := ref.(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	case []byte:
		return s.box.openString(v, auditRef.at(id))
	}
	return "", fmt.Errorf("audit reference of type %T", ref)
}

// auditLookup answers an action's audit questions from the mirror, inside
// the transaction that queues it.
type auditLookup struct {
	ctx context.Context
	tx  *sql.Tx
	s   *Store
}

// SlotCitizen is the codice fiscale booked on a mirrored slot.
func (l auditLookup) SlotCitizen(slotID string) (string, error) {
	var cf []byte
	err := l.tx.QueryRowContext(l.ctx, `SELECT citizen_cf FROM slots WHERE id = ?`, slotID).Scan(&cf)
	if errors.Is(err, sql.ErrNoRows) || err == nil && len(cf) == 0 {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return l.s.seal.openString(cf, slotsCF.at(slotID))
}

// SchedaRef is the number the consultant sees for a mirrored scheda.
func (l auditLookup) SchedaRef(schedaID string) string {
	if sc, err := l.s.schedaTx(l.ctx, l.tx, schedaID); err == nil {
		return sc.Ref()
	}
	return ""
}

// PendingAudit returns up to limit audit entries waiting to be sent,
// oldest first. The entry of an action held for the operator's undo waits
// until the action is sent (the operator may take it back: see Undo).
func (s *Store) PendingAudit(ctx context.Context, limit int) ([]AuditEntry, error) {
	return s.auditEntries(ctx, "pending audit", `SELECT `+auditColumns+` FROM audit_queue WHERE sent_at IS NULL
		AND id NOT IN (SELECT key FROM outbox WHERE state = 'pending' AND hold_until > 0) ORDER BY seq LIMIT ?`, limit)
}

// AuditTrail returns the operator's own trail kept on this computer, from
// since on, newest first, at most limit entries: sent and waiting alike.
func (s *Store) AuditTrail(ctx context.Context, since time.Time, limit int) ([]AuditEntry, error) {
	return s.auditEntries(ctx, "audit trail", `SELECT `+auditColumns+` FROM audit_queue WHERE at >= ? ORDER BY at DESC, seq DESC LIMIT ?`,
		since.UnixMilli(), limit)
}

func (s *Store) auditEntries(ctx context.Context, what, query string, args ...any) ([]AuditEntry, error) {
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("cache: %s: %w", what, err)
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var cf []byte
		var ref any
		var at, sent int64
		if err := rows.Scan(&e.ID, &e.OperatorID, &e.Action, &cf, &e.Reason, &ref, &at, &e.Offline, &sent); err != nil {
			return nil, fmt.Errorf("cache: %s: %w", what, err)
		}
		if e.CF, err = s.box.openString(cf, auditCF.at(e.ID)); err != nil {
			return nil, fmt.Errorf("cache: %s: %w", what, err)
		}
		if e.Ref, err = s.openAuditRef(ref, e.ID); err != nil {
			return nil, fmt.Errorf("cache: %s: %w", what, err)
		}
		e.At = time.UnixMilli(at).In(model.Rome)
		if sent > 0 {
			e.SentAt = time.UnixMilli(sent).In(model.Rome)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("cache: %s: %w", what, err)
	}
	return out, nil
}

// AuditSent marks the entries central acknowledged at a time; they stay
// in the operator's trail until the retention purges them.
func (s *Store) AuditSent(ctx context.Context, ids []string, at time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	args := make([]any, 0, len(ids)+1)
	args = append(args, at.UnixMilli())
	for _, id := range ids {
		args = append(args, id)
	}
	return s.write(ctx, "audit sent", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE audit_queue SET sent_at = ? WHERE sent_at IS NULL AND id IN (?`+strings.Repeat(", ?", len(ids)-1)+`)`, args...)
		return err
	})
}

// AuditCount returns how many audit entries wait to be sent.
func (s *Store) AuditCount(ctx context.Context) (int, error) {
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM audit_queue WHERE sent_at IS NULL`).Scan(&n); err != nil {
		return 0, fmt.Errorf("cache: audit count: %w", err)
	}
	return n, nil
}

// CitizenSlots returns the mirrored slots booked by a citizen that started
// before until, newest first: the contacts with this desk the mirror
// remembers.
func (s *Store) CitizenSlots(ctx context.Context, cf string, until time.Time) ([]model.Slot, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+slotColumns+` FROM slots s WHERE s.citizen_ref = ? AND s.start < ?
		ORDER BY s.start DESC`, s.seal.ref(cf), until.Unix())
	if err != nil {
		return nil, fmt.Errorf("cache: citizen slots: %w", err)
	}
	return s.collectSlots(rows, "citizen slots")
}

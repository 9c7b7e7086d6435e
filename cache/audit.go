package cache

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"sportello/model"
)

// AuditEntry is one access to a citizen's file, for the institute's audit
// trail.
type AuditEntry struct {
	ID         string // unique, chosen by the console; central deduplicates on it
	OperatorID string
	Action     string // open_file
	CF         string
	At         time.Time
	Offline    bool // the console could not reach central at the time
}

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
		_, err := tx.ExecContext(ctx, `INSERT INTO audit_queue(id, operator_id, action, cf, at, offline) VALUES (?, ?, ?, ?, ?, ?)`,
			e.ID, e.OperatorID, e.Action, s.box.sealString(e.CF), e.At.UnixMilli(), e.Offline)
		return err
	})
}

// PendingAudit returns up to limit queued audit entries, oldest first.
func (s *Store) PendingAudit(ctx context.Context, limit int) ([]AuditEntry, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, operator_id, action, cf, at, offline FROM audit_queue ORDER BY seq LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("cache: pending audit: %w", err)
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var cf []byte
		var at int64
		if err := rows.Scan(&e.ID, &e.OperatorID, &e.Action, &cf, &at, &e.Offline); err != nil {
			return nil, fmt.Errorf("cache: pending audit: %w", err)
		}
		if e.CF, err = s.box.openString(cf); err != nil {
			return nil, fmt.Errorf("cache: pending audit: %w", err)
		}
		e.At = time.UnixMilli(at).In(model.Rome)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("cache: pending audit: %w", err)
	}
	return out, nil
}

// AuditSent removes the entries central acknowledged.
func (s *Store) AuditSent(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return s.write(ctx, "audit sent", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM audit_queue WHERE id IN (?`+strings.Repeat(", ?", len(ids)-1)+`)`, args...)
		return err
	})
}

// AuditCount returns how many audit entries wait to be sent.
func (s *Store) AuditCount(ctx context.Context) (int, error) {
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM audit_queue`).Scan(&n); err != nil {
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

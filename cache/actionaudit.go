package cache

import (
	"context"
	"database/sql"
	"fmt"
)

// RecordAction queues the audit entry of an online action that is not an
// outbox row (a head of structure's action on the agendas): no citizen,
// the entity in Ref. An entry whose id is already queued (the same
// action's answer read again) is kept once.
func (s *Store) RecordAction(ctx context.Context, e AuditEntry) error {
	if e.ID == "" || e.Action == "" || e.CF != "" {
		return fmt.Errorf("cache: audit an action: id and action, and no citizen, are required")
	}
	return s.write(ctx, "record action", func(tx *sql.Tx) error {
		var queued bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM audit_queue WHERE id = ?)`, e.ID).Scan(&queued); err != nil || queued {
			return err
		}
		return s.audit(ctx, tx, e)
	})
}

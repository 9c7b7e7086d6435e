package cache

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"sportello/model"
)

// DefaultRetention is how long the mirror keeps what the operator no longer
// needs: callers' files with no booking from that many days ago on and not
// fetched or worked on since, and past days' agendas. A month covers the
// follow-ups of a contact ("richiamare la settimana prossima") and keeps
// the personal data on a laptop to what the work needs.
const DefaultRetention = 30 * 24 * time.Hour

// PurgeReport says what a purge removed.
type PurgeReport struct {
	Files int // callers' files
	Slots int // slots of past days
}

// Purge removes from the mirror the files of citizens with no booking on
// or after now-keep that were neither fetched nor worked on since then, the
// slots of days before now-keep, and the actions central took before then.
// Nothing with an action still waiting in the outbox is removed, nor any
// conflict.
func (s *Store) Purge(ctx context.Context, now time.Time, keep time.Duration) (PurgeReport, error) {
	var rep PurgeReport
	cutoff := now.Add(-keep)
	day := model.Day(cutoff).Format(dayLayout)
	// Citizens with notes waiting: the outbox names them by its own
	// index, so they are found through their codes.
	keepRefs, err := s.pendingNoteRefs(ctx)
	if err != nil {
		return rep, err
	}
	kept, err := json.Marshal(keepRefs)
	if err != nil {
		return rep, fmt.Errorf("cache: purge: %w", err)
	}
	var gone []string
	err = s.write(ctx, "purge", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM slots WHERE day < ? AND id NOT IN `+pendingSlots, day)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		rep.Slots = int(n)
		// Actions central took long ago are history, kept by central.
		if _, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE state = 'done' AND done_at < ?`, cutoff.Unix()); err != nil {
			return err
		}
		// And the operator's own trail, once central has it.
		if _, err := tx.ExecContext(ctx, `DELETE FROM audit_queue WHERE sent_at IS NOT NULL AND at < ?`, cutoff.UnixMilli()); err != nil {
			return err
		}
		// So are old queue tickets, and the confirmations of old bookings.
		if _, err := tx.ExecContext(ctx, `DELETE FROM tickets WHERE day < ?1 AND id NOT IN `+pendingTickets+`;
			DELETE FROM bookings WHERE created_at < ?2 AND state != 'pending'`, day, cutoff.Unix()); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `DELETE FROM citizens
			WHERE max(fetched_at, touched_at) < ?1
			AND NOT EXISTS (SELECT 1 FROM slots WHERE slots.citizen_ref = citizens.ref AND slots.day >= ?2)
			AND NOT EXISTS (SELECT 1 FROM schede k WHERE k.citizen_ref = citizens.ref AND k.status IN `+openStatuses+`)
			AND ref NOT IN (SELECT value FROM json_each(?3))
			RETURNING ref`, cutoff.Unix(), day, string(kept))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var ref string
			if err := rows.Scan(&ref); err != nil {
				return err
			}
			gone = append(gone, ref)
		}
		return rows.Err()
	})
	if err != nil {
		return rep, err
	}
	rep.Files = len(gone)
	return rep, s.index.remove(ctx, gone)
}

// pendingNoteRefs returns the mirror refs of the citizens with notes
// waiting in the outbox.
func (s *Store) pendingNoteRefs(ctx context.Context) ([]string, error) {
	acts, err := s.actions(ctx, `WHERE state = 'pending' AND kind = '`+string(model.KindNote)+`' ORDER BY seq`)
	if err != nil {
		return nil, err
	}
	refs := make([]string, 0, len(acts))
	for _, a := range acts {
		var n model.NoteAction
		if err := json.Unmarshal(a.Payload, &n); err != nil {
			return nil, fmt.Errorf("cache: decode note action: %w", err)
		}
		refs = append(refs, s.seal.ref(n.CF))
	}
	return refs, nil
}

package cache

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"sportello/model"
)

// ErrNoSuchSuggestion means the mirrored file has no suggestion with the
// id marked.
var ErrNoSuchSuggestion = errors.New("cache: no such suggestion in the file")

// EnqueueSuggestionMark records the operator's mark on a suggestion of a
// mirrored file at once (the suggestion marked, and an entry of the
// contact history, both pending) and queues it for central, in one
// transaction. A file not mirrored cannot be marked (its suggestions are
// not known here).
func (s *Store) EnqueueSuggestionMark(ctx context.Context, key string, a model.SuggestionMarkAction) error {
	return s.EnqueueSuggestionMarkHeld(ctx, key, a, time.Time{})
}

// markBefore is a file's suggestion as it was before a mark.
type markBefore struct {
	Suggestion model.Suggestion
}

// EnqueueSuggestionMarkHeld is EnqueueSuggestionMark for a mark held in
// the outbox until a time (zero: not held), the operator's window to take
// it back (see Undo): the suggestion as it was is kept for it.
func (s *Store) EnqueueSuggestionMarkHeld(ctx context.Context, key string, a model.SuggestionMarkAction, until time.Time) error {
	return s.write(ctx, "suggestion mark", func(tx *sql.Tx) error {
		ref := s.seal.ref(a.CF)
		c, err := s.citizenTx(ctx, tx, ref)
		if err != nil {
			return err
		}
		var was *model.Suggestion
		for _, sg := range c.Suggestions {
			if sg.ID == a.SuggestionID {
				was = &sg
			}
		}
		switch {
		case was == nil:
			return ErrNoSuchSuggestion
		case was.HasMark(a.Mark, a.Reason):
			return model.ErrAlreadyMarked
		}
		c.ApplyMark(a)
		// The outbox names the citizen by its own blind index, which
		// survives a rebuild of the mirror under a new key.
		if err := s.enqueue(ctx, tx, key, s.box.ref(a.CF), a, a.At); err != nil {
			return err
		}
		if err := s.keepBefore(ctx, tx, key, before{Mark: &markBefore{Suggestion: *was}}, until); err != nil {
			return err
		}
		return s.putCitizenTx(ctx, tx, ref, c, a.At)
	})
}

// citizenTx reads a mirrored file in tx (ErrNotCached: none).
func (s *Store) citizenTx(ctx context.Context, tx *sql.Tx, ref string) (model.Citizen, error) {
	var data []byte
	err := tx.QueryRowContext(ctx, `SELECT data FROM citizens WHERE ref = ?`, ref).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return model.Citizen{}, ErrNotCached
	}
	if err != nil {
		return model.Citizen{}, err
	}
	return s.decodeCitizen(ref, data)
}

// putCitizenTx writes back a mirrored file changed here, sealed.
func (s *Store) putCitizenTx(ctx context.Context, tx *sql.Tx, ref string, c model.Citizen, at time.Time) error {
	rec, err := json.Marshal(c)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE citizens SET data = ?, touched_at = max(touched_at, ?) WHERE ref = ?`,
		s.seal.seal(rec, citizensData.at(ref)), at.Unix(), ref)
	return err
}

// restoreMark takes a mark back from the mirrored file: the suggestion as
// it was, and the mark's pending entry of the contact history gone.
func (s *Store) restoreMark(ctx context.Context, tx *sql.Tx, key string, payload []byte, b markBefore) error {
	return s.withMarkedFile(ctx, tx, key, payload, func(a model.SuggestionMarkAction, c *model.Citizen) {
		c.UnapplyMark(a, b.Suggestion)
	})
}

// withMarkedFile decodes the mark of the outbox row key and hands fn the
// mirrored file it marked, then writes the file back sealed; a file that
// left the mirror is left alone.
func (s *Store) withMarkedFile(ctx context.Context, tx *sql.Tx, key string, payload []byte, fn func(model.SuggestionMarkAction, *model.Citizen)) error {
	plain, err := s.box.open(payload, outboxPayload.at(key))
	if err != nil {
		return err
	}
	var a model.SuggestionMarkAction
	if err := json.Unmarshal(plain, &a); err != nil {
		return fmt.Errorf("decode suggestion mark: %w", err)
	}
	ref := s.seal.ref(a.CF)
	c, err := s.citizenTx(ctx, tx, ref)
	if errors.Is(err, ErrNotCached) {
		return nil // the file left the mirror: nothing to put back
	}
	if err != nil {
		return err
	}
	fn(a, &c)
	return s.putCitizenTx(ctx, tx, ref, c, a.At)
}

// takeBackRefusedMark takes back from the mirrored file a mark central
// refused (the outbox row seq, just closed): no pull would, since
// central's file did not change, and the file would show it waiting, with
// its entry of the contact history, for good. The suggestion goes back as
// it was before the mark, unless a later mark on the file waits (that one
// stays); the refused mark's history entry goes in any case. Other kinds
// of action are left alone.
func (s *Store) takeBackRefusedMark(ctx context.Context, tx *sql.Tx, seq int64) error {
	var kind, key, target string
	var payload, sealed []byte
	if err := tx.QueryRowContext(ctx, `SELECT kind, key, target, payload, before FROM outbox WHERE seq = ?`, seq).
		Scan(&kind, &key, &target, &payload, &sealed); err != nil {
		return fmt.Errorf("refused mark: %w", err)
	}
	if kind != string(model.KindSuggestion) || sealed == nil {
		return nil
	}
	plain, err := s.box.open(sealed, outboxBefore.at(key))
	if err != nil {
		return err
	}
	var b before
	if err := json.Unmarshal(plain, &b); err != nil || b.Mark == nil {
		return err
	}
	var later int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE state = 'pending' AND kind = ? AND target = ? AND seq > ?`,
		kind, target, seq).Scan(&later); err != nil {
		return fmt.Errorf("refused mark: %w", err)
	}
	if later == 0 {
		return s.restoreMark(ctx, tx, key, payload, *b.Mark)
	}
	// A later mark waits: the suggestion shows it, and keeps it.
	return s.withMarkedFile(ctx, tx, key, payload, func(a model.SuggestionMarkAction, c *model.Citizen) {
		for _, sg := range c.Suggestions {
			if sg.ID == a.SuggestionID {
				c.UnapplyMark(a, sg)
			}
		}
	})
}

// keepPendingMarks applies again, on a file central sent, the marks still
// waiting in the outbox: a pull never takes back a mark not yet sent.
func (s *Store) keepPendingMarks(ctx context.Context, tx *sql.Tx, c *model.Citizen) error {
	return pendingFor(ctx, tx, s, c.CF, "", func(_ string, a model.SuggestionMarkAction) { c.ApplyMark(a) })
}

// RecordSuggestionsShown queues, for the audit trail, a "suggestion_shown"
// entry for each suggestion of a file shown to the operator, once per
// citizen, suggestion and day: the report counts them. The entry's id is
// derived from the citizen's blind index, the suggestion and the day, so
// a file opened again that day adds nothing.
func (s *Store) RecordSuggestionsShown(ctx context.Context, cf string, ids []string, at time.Time, offline bool) error {
	if len(ids) == 0 {
		return nil
	}
	day := model.Day(at).Format(dayLayout)
	return s.write(ctx, "suggestions shown", func(tx *sql.Tx) error {
		for _, id := range ids {
			sum := sha256.Sum256([]byte(s.box.ref(cf) + "/" + id + "/" + day))
			e := AuditEntry{ID: "shown-" + hex.EncodeToString(sum[:16]), Action: model.AuditSuggestionShown,
				CF: cf, Reason: model.AccessFile, Ref: id, At: at, Offline: offline}
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM audit_queue WHERE id = ?`, e.ID).Scan(&n); err != nil {
				return fmt.Errorf("suggestions shown: %w", err)
			}
			if n > 0 {
				continue
			}
			if err := s.audit(ctx, tx, e); err != nil {
				return err
			}
		}
		return nil
	})
}

// SuggestionCounts counts, in the operator's audit trail kept on this
// computer, the suggestions shown and marked from from to to: by audit
// action (suggestion_shown, suggestion_proposed, suggestion_not_relevant,
// suggestion_started). A mark central refused keeps its audit entry (the
// operator did try it) but is not counted: the citizen's file has no
// such mark.
func (s *Store) SuggestionCounts(ctx context.Context, from, to time.Time) (map[string]int, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT action, count(*) FROM audit_queue WHERE action LIKE 'suggestion\_%' ESCAPE '\'
		AND at >= ? AND at < ? AND id NOT IN (SELECT key FROM outbox WHERE state IN ('rejected', 'conflict'))
		GROUP BY action`, from.UnixMilli(), to.UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("cache: suggestion counts: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var action string
		var n int
		if err := rows.Scan(&action, &n); err != nil {
			return nil, fmt.Errorf("cache: suggestion counts: %w", err)
		}
		out[action] = n
	}
	return out, rows.Err()
}

package cache

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"sportello/model"
)

// The operator's undo. An action on a slot or a scheda keeps, in its
// outbox row, its entity as it was before (sealed, "before"), and may be
// held until a time (hold_until): the push sends nothing held, nor
// anything queued after it, so the outbox keeps its order. Until an
// attempt to send it begins (Claim, which sets maybe_sent in the same
// SQLite writer that Undo uses), Undo takes it back: the row goes, the
// mirror gets the entity as it was, and the audit entry goes too, in one
// transaction. Either Undo commits first (Claim then finds no row: nothing
// is sent) or Claim does (Undo then refuses with ErrAlreadySent): never
// both. The audit entry of a held action is not sent while it is held
// (PendingAudit), so taking the action back leaves no claim that it
// happened; should it have been sent all the same, an "undo_" entry says
// it was taken back.

// Errors of Undo, for errors.Is.
var (
	// ErrAlreadySent: central has the action, or may have it (an attempt
	// to send it began).
	ErrAlreadySent = errors.New("cache: the action has been sent to central")
	// ErrNotLast: a later action on the same slot or scheda waits to be
	// sent; that one must be taken back first.
	ErrNotLast = errors.New("cache: a later action on the same entity waits to be sent")
	// ErrNoUndo: the action is not in the outbox (taken back already) or
	// keeps no earlier state to go back to.
	ErrNoUndo = errors.New("cache: no action to take back")
)

// before is an entity as it was before an action.
type before struct {
	Slot   *slotBefore   `json:",omitempty"`
	Scheda *schedaBefore `json:",omitempty"`
	Mark   *markBefore   `json:",omitempty"` // a suggestion of a file, before a mark
}

// slotBefore is what a slot event changes of a mirrored slot.
type slotBefore struct {
	Status     model.Status
	Version    int64
	ServedFrom int64
	ServedTo   int64
	Outcome    model.Outcome
	Note       string
	// Desk, Service and Visit (its record's JSON) are what a visit's
	// event may change (see visitChange).
	Desk    string `json:",omitempty"`
	Service string `json:",omitempty"`
	Visit   string `json:",omitempty"`
}

// schedaBefore is a mirrored scheda and its draft (nil: none).
type schedaBefore struct {
	Scheda model.Scheda
	Draft  *draftBefore `json:",omitempty"`
}

type draftBefore struct {
	Text      string
	UpdatedAt int64
}

// slotBefore reads what a slot event may change of slot id, in tx
// (sql.ErrNoRows if it is not mirrored).
func (s *Store) slotBefore(ctx context.Context, tx *sql.Tx, id string) (slotBefore, error) {
	var b slotBefore
	var note, visit []byte
	err := tx.QueryRowContext(ctx, `SELECT status, version, served_from, served_to, outcome, note, desk, service, visit
		FROM slots WHERE id = ?`, id).
		Scan(&b.Status, &b.Version, &b.ServedFrom, &b.ServedTo, &b.Outcome, &note, &b.Desk, &b.Service, &visit)
	if err != nil {
		return b, err
	}
	if b.Visit, err = s.seal.openString(visit, slotsVisit.at(id)); err != nil {
		return b, fmt.Errorf("slot visit: %w", err)
	}
	if b.Note, err = s.seal.openString(note, slotsNote.at(id)); err != nil {
		return b, fmt.Errorf("slot note: %w", err)
	}
	return b, nil
}

// schedaBefore reads a mirrored scheda and its draft, in tx.
func (s *Store) schedaBefore(ctx context.Context, tx *sql.Tx, sc model.Scheda) (schedaBefore, error) {
	b := schedaBefore{Scheda: sc}
	var sealed []byte
	var at int64
	err := tx.QueryRowContext(ctx, `SELECT text, updated_at FROM drafts WHERE scheda_id = ?`, sc.ID).Scan(&sealed, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return b, nil
	}
	if err != nil {
		return b, fmt.Errorf("draft: %w", err)
	}
	text, err := s.box.openString(sealed, draftsText.at(sc.ID))
	if err != nil {
		return b, fmt.Errorf("draft: %w", err)
	}
	b.Draft = &draftBefore{Text: text, UpdatedAt: at}
	return b, nil
}

// keepBefore stores, in tx, the entity's state before the queued action
// key, and holds the action until a time (zero: not held).
func (s *Store) keepBefore(ctx context.Context, tx *sql.Tx, key string, b before, until time.Time) error {
	plain, err := json.Marshal(b)
	if err != nil {
		return fmt.Errorf("encode earlier state: %w", err)
	}
	var hold int64
	if !until.IsZero() {
		hold = until.UnixMilli()
	}
	if _, err := tx.ExecContext(ctx, `UPDATE outbox SET before = ?, hold_until = ? WHERE key = ?`,
		s.box.seal(plain, outboxBefore.at(key)), hold, key); err != nil {
		return fmt.Errorf("keep earlier state: %w", err)
	}
	return nil
}

// Claim marks the action seq as being sent, if it still waits and is not
// held at now: from then on it cannot be taken back. It reports false when
// the action was taken back (or is held): it must not be sent.
func (s *Store) Claim(ctx context.Context, seq int64, now time.Time) (bool, error) {
	var n int64
	err := s.write(ctx, "claim action", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE outbox SET maybe_sent = 1 WHERE seq = ? AND state = 'pending' AND hold_until <= ?`,
			seq, now.UnixMilli())
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n == 1, err
}

// NextHoldEnd returns when the first held action's window ends (zero: none
// is held): the push may go on then.
func (s *Store) NextHoldEnd(ctx context.Context) (time.Time, error) {
	var ms int64
	err := s.r.QueryRowContext(ctx, `SELECT coalesce(min(hold_until), 0) FROM outbox WHERE state = 'pending' AND hold_until > 0
		AND maybe_sent = 0`).Scan(&ms)
	if err != nil || ms == 0 {
		return time.Time{}, err
	}
	return time.UnixMilli(ms).In(model.Rome), nil
}

// Undoable is an action that can still be taken back.
type Undoable struct {
	Action
	Target string // the slot or scheda it is on
}

// HeldActions returns the actions still in their undo window at now,
// newest first.
func (s *Store) HeldActions(ctx context.Context, now time.Time) ([]Undoable, error) {
	return s.undoables(ctx, `WHERE o.state = 'pending' AND o.maybe_sent = 0 AND o.before IS NOT NULL AND o.hold_until > ?
		ORDER BY o.seq DESC`, now.UnixMilli())
}

// LastUnsent returns the last action on a slot or scheda (target) that
// central has not got and that can still be taken back, if any.
func (s *Store) LastUnsent(ctx context.Context, target string) (Undoable, bool, error) {
	u, err := s.undoables(ctx, `WHERE o.seq = (SELECT max(seq) FROM outbox WHERE state = 'pending' AND target = ?)
		AND o.maybe_sent = 0 AND o.before IS NOT NULL`, target)
	if err != nil || len(u) == 0 {
		return Undoable{}, false, err
	}
	return u[0], true, nil
}

func (s *Store) undoables(ctx context.Context, where string, args ...any) ([]Undoable, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT o.seq, o.target FROM outbox o `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("cache: undoable actions: %w", err)
	}
	targets := map[int64]string{}
	var seqs []int64
	for rows.Next() {
		var seq int64
		var target string
		if err := rows.Scan(&seq, &target); err != nil {
			rows.Close()
			return nil, fmt.Errorf("cache: undoable actions: %w", err)
		}
		seqs = append(seqs, seq)
		targets[seq] = target
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("cache: undoable actions: %w", err)
	}
	out := make([]Undoable, 0, len(seqs))
	for _, seq := range seqs {
		acts, err := s.actions(ctx, `WHERE seq = ?`, seq)
		if err != nil {
			return nil, err
		}
		if len(acts) == 1 {
			out = append(out, Undoable{Action: acts[0], Target: targets[seq]})
		}
	}
	return out, nil
}

// Undo takes back the action key while central has not got it: in one
// transaction its outbox row goes, its slot or scheda (and the scheda's
// draft) are as they were before it, and its audit entry goes. It refuses
// with ErrAlreadySent once an attempt to send it began, with ErrNotLast
// when a later action on the same entity waits, with ErrNoUndo when it is
// not there (taken back already) or keeps no earlier state.
//
// The draft of an answer taken back holds the answer's text (the words the
// consultant sent, which a draft saved a moment earlier may lack), saved
// when the draft was.
func (s *Store) Undo(ctx context.Context, key string, now time.Time) error {
	return s.write(ctx, "undo", func(tx *sql.Tx) error {
		var seq int64
		var state, kind, target string
		var maybeSent bool
		var sealed, payload []byte
		err := tx.QueryRowContext(ctx, `SELECT seq, state, kind, target, maybe_sent, before, payload FROM outbox WHERE key = ?`, key).
			Scan(&seq, &state, &kind, &target, &maybeSent, &sealed, &payload)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNoUndo
		}
		if err != nil {
			return err
		}
		if state != StatePending || maybeSent {
			return ErrAlreadySent
		}
		if sealed == nil {
			return ErrNoUndo
		}
		var later int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE state = 'pending' AND target = ? AND seq > ?`,
			target, seq).Scan(&later); err != nil {
			return err
		}
		if later > 0 {
			return ErrNotLast
		}
		plain, err := s.box.open(sealed, outboxBefore.at(key))
		if err != nil {
			return err
		}
		var b before
		if err := json.Unmarshal(plain, &b); err != nil {
			return fmt.Errorf("decode earlier state: %w", err)
		}
		switch {
		case b.Slot != nil:
			err = s.restoreSlot(ctx, tx, target, *b.Slot)
		case b.Scheda != nil:
			err = s.restoreScheda(ctx, tx, key, payload, *b.Scheda)
		case b.Mark != nil:
			err = s.restoreMark(ctx, tx, key, payload, *b.Mark)
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE seq = ?`, seq); err != nil {
			return fmt.Errorf("drop action: %w", err)
		}
		return s.unaudit(ctx, tx, key, now)
	})
}

// restoreSlot puts back what a slot event changed.
func (s *Store) restoreSlot(ctx context.Context, tx *sql.Tx, id string, b slotBefore) error {
	if b.Desk == "" { // kept before the visit's events: desk and service unchanged
		_, err := tx.ExecContext(ctx, `UPDATE slots SET status = ?, version = ?, served_from = ?, served_to = ?, outcome = ?, note = ?
		WHERE id = ?`, string(b.Status), b.Version, b.ServedFrom, b.ServedTo, string(b.Outcome),
			s.seal.sealString(b.Note, slotsNote.at(id)), id)
		if err != nil {
			return fmt.Errorf("restore slot: %w", err)
		}
		return nil
	}
	_, err := tx.ExecContext(ctx, `UPDATE slots SET status = ?, version = ?, served_from = ?, served_to = ?, outcome = ?, note = ?,
		desk = ?, service = ?, visit = ? WHERE id = ?`, string(b.Status), b.Version, b.ServedFrom, b.ServedTo, string(b.Outcome),
		s.seal.sealString(b.Note, slotsNote.at(id)), b.Desk, b.Service, s.seal.sealString(b.Visit, slotsVisit.at(id)), id)
	if err != nil {
		return fmt.Errorf("restore slot: %w", err)
	}
	return nil
}

// restoreScheda puts back a scheda as it was, and its draft.
func (s *Store) restoreScheda(ctx context.Context, tx *sql.Tx, key string, payload []byte, b schedaBefore) error {
	if err := s.putScheda(ctx, tx, b.Scheda, true); err != nil {
		return fmt.Errorf("restore scheda: %w", err)
	}
	plain, err := s.box.open(payload, outboxPayload.at(key))
	if err != nil {
		return err
	}
	var a model.SchedaAction
	if err := json.Unmarshal(plain, &a); err != nil {
		return fmt.Errorf("decode scheda action: %w", err)
	}
	draft := b.Draft
	if a.Op == model.OpAnswer && (draft == nil || draft.Text != a.Text) {
		at := a.At.Unix()
		if draft != nil {
			at = draft.UpdatedAt
		}
		draft = &draftBefore{Text: a.Text, UpdatedAt: at}
	}
	if draft == nil {
		_, err = tx.ExecContext(ctx, `DELETE FROM drafts WHERE scheda_id = ?`, b.Scheda.ID)
	} else {
		_, err = tx.ExecContext(ctx, `INSERT INTO drafts(scheda_id, text, updated_at) VALUES (?, ?, ?)
			ON CONFLICT(scheda_id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at`,
			b.Scheda.ID, s.box.sealString(draft.Text, draftsText.at(b.Scheda.ID)), draft.UpdatedAt)
	}
	if err != nil {
		return fmt.Errorf("restore draft: %w", err)
	}
	return nil
}

// unaudit drops the audit entry of an action taken back; one already sent
// (it should not be: see PendingAudit) gets an "undo_" entry beside it.
func (s *Store) unaudit(ctx context.Context, tx *sql.Tx, key string, now time.Time) error {
	res, err := tx.ExecContext(ctx, `DELETE FROM audit_queue WHERE id = ? AND sent_at IS NULL`, key)
	if err != nil {
		return fmt.Errorf("drop audit entry: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil
	}
	var e AuditEntry
	var cf []byte
	var ref any
	err = tx.QueryRowContext(ctx, `SELECT operator_id, action, cf, reason, ref FROM audit_queue WHERE id = ?`, key).
		Scan(&e.OperatorID, &e.Action, &cf, &e.Reason, &ref)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("audit undo: %w", err)
	}
	if e.CF, err = s.box.openString(cf, auditCF.at(key)); err != nil {
		return fmt.Errorf("audit undo: %w", err)
	}
	if e.Ref, err = s.openAuditRef(ref, key); err != nil {
		return fmt.Errorf("audit undo: %w", err)
	}
	e.ID, e.Action, e.At = key+"-undo", "undo_"+e.Action, now
	return s.audit(ctx, tx, e)
}

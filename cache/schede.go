package cache

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"sportello/model"
)

// ErrNoSuchScheda means the action names a scheda that is not in the
// mirror.
var ErrNoSuchScheda = errors.New("cache: scheda not in the local mirror")

// HeldError means a colleague holds the scheda.
type HeldError struct{ Holder string }

func (e *HeldError) Error() string { return "cache: the scheda is held by a colleague" }

// schedaColumns are the columns scanScheda reads, of schede as k.
const schedaColumns = `k.id, k.data, k.citizen_ref, COALESCE(c.name, x''), k.id IN ` + pendingSchede + `,
	EXISTS (SELECT 1 FROM drafts d WHERE d.scheda_id = k.id)`

const schedaFrom = ` FROM schede k LEFT JOIN citizens c ON c.ref = k.citizen_ref `

// pendingSchede selects the ids of the schede with actions waiting in the
// outbox.
const pendingSchede = `(SELECT target FROM outbox WHERE state = 'pending' AND kind = '` + string(model.KindScheda) + `')`

// openStatuses is the SQL list of the statuses still waiting for the CRIC.
const openStatuses = `('new', 'in_charge', 'waiting')`

func (s *Store) scanScheda(row interface{ Scan(...any) error }) (model.InboxEntry, error) {
	var e model.InboxEntry
	var id, ref string
	var data, name []byte
	if err := row.Scan(&id, &data, &ref, &name, &e.Pending, &e.Draft); err != nil {
		return e, err
	}
	var err error
	if e.Scheda, err = s.decodeScheda(id, data); err != nil {
		return e, err
	}
	if len(name) > 0 {
		if e.CitizenName, err = s.seal.openString(name, citizensName.at(ref)); err != nil {
			return e, err
		}
	}
	return e, nil
}

// schedaTx reads one mirrored scheda in tx.
func (s *Store) schedaTx(ctx context.Context, tx *sql.Tx, id string) (model.Scheda, error) {
	var data []byte
	err := tx.QueryRowContext(ctx, `SELECT data FROM schede WHERE id = ?`, id).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return model.Scheda{}, ErrNoSuchScheda
	}
	if err != nil {
		return model.Scheda{}, fmt.Errorf("read scheda: %w", err)
	}
	return s.decodeScheda(id, data)
}

// decodeScheda opens the sealed scheda id.
func (s *Store) decodeScheda(id string, sealed []byte) (model.Scheda, error) {
	plain, err := s.seal.open(sealed, schedeData.at(id))
	if err != nil {
		return model.Scheda{}, err
	}
	var sc model.Scheda
	if err := json.Unmarshal(plain, &sc); err != nil {
		return sc, fmt.Errorf("cache: decode scheda: %w", err)
	}
	return sc, nil
}

// putScheda stores a scheda as central has it. Unless force, a scheda with
// actions pending keeps its local state and an older version never
// replaces a newer one. The appointment of a conversion, known only
// locally, is kept. The answer index follows.
func (s *Store) putScheda(ctx context.Context, tx *sql.Tx, sc model.Scheda, force bool) error {
	if !force {
		var pending bool
		if err := tx.QueryRowContext(ctx, `SELECT ? IN `+pendingSchede, sc.ID).Scan(&pending); err != nil {
			return fmt.Errorf("store scheda %s: %w", sc.ID, err)
		}
		if pending {
			return nil
		}
	}
	// The copy held is opened only when something of it is needed: its
	// words, to take an answer out of the index, or its appointment.
	var oldStatus string
	var oldData []byte
	err := tx.QueryRowContext(ctx, `SELECT status, data FROM schede WHERE id = ?`, sc.ID).Scan(&oldStatus, &oldData)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("store scheda %s: %w", sc.ID, err)
	}
	keepAppointment := sc.Appointment == nil && sc.SlotID != ""
	var old model.Scheda
	if oldData != nil && (oldStatus == string(model.SchedaAnswered) || keepAppointment) {
		if old, err = s.decodeScheda(sc.ID, oldData); err != nil {
			return err
		}
	}
	if keepAppointment && old.SlotID == sc.SlotID {
		sc.Appointment = old.Appointment
	}
	plain, err := json.Marshal(sc)
	if err != nil {
		return fmt.Errorf("encode scheda: %w", err)
	}
	var closed int64
	if !sc.Status.Open() && !sc.AnsweredAt.IsZero() {
		closed = sc.AnsweredAt.Unix()
	}
	var rid int64
	err = tx.QueryRowContext(ctx, `INSERT INTO schede(id, section, status, received_at, closed_at, holder_id, citizen_ref, citizen_cf, data, version)
		VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
		ON CONFLICT(id) DO UPDATE SET section=excluded.section, status=excluded.status, received_at=excluded.received_at,
		closed_at=excluded.closed_at, holder_id=excluded.holder_id, citizen_ref=excluded.citizen_ref,
		citizen_cf=excluded.citizen_cf, data=excluded.data, version=excluded.version
		WHERE excluded.version >= schede.version OR ?11
		RETURNING rid`, sc.ID, string(sc.Section), string(sc.Status), sc.ReceivedAt.Unix(), closed, sc.HolderID,
		s.seal.ref(sc.CitizenCF), s.seal.sealString(sc.CitizenCF, schedeCF.at(sc.ID)), s.seal.seal(plain, schedeData.at(sc.ID)),
		sc.Version, force).Scan(&rid)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // central sent an older version than the one held
	}
	if err != nil {
		return fmt.Errorf("store scheda %s: %w", sc.ID, err)
	}
	if oldStatus == string(model.SchedaAnswered) {
		if err := s.indexAnswer(ctx, tx, rid, old, -1); err != nil {
			return err
		}
	}
	if sc.Status == model.SchedaAnswered {
		return s.indexAnswer(ctx, tx, rid, sc, +1)
	}
	return nil
}

// PutSchede stores schede as central has them (see putScheda).
func (s *Store) PutSchede(ctx context.Context, schede []model.Scheda) error {
	return s.write(ctx, "schede", func(tx *sql.Tx) error {
		for _, sc := range schede {
			if err := s.putScheda(ctx, tx, sc, false); err != nil {
				return err
			}
		}
		return nil
	})
}

// EnqueueScheda applies a consultant's operation to the mirrored scheda at
// once and queues it for central, in one transaction. It refuses an
// operation on a scheda a colleague holds (HeldError), one the consultant
// has not taken in charge, or one its status does not allow
// (model.ErrTransition). The version is advanced as central will advance
// it, so that operations done offline reach central in order. Queueing an
// answer deletes its draft: the text now lives in the outbox. It returns
// the scheda as it now stands.
func (s *Store) EnqueueScheda(ctx context.Context, key string, a model.SchedaAction) (model.Scheda, error) {
	return s.EnqueueSchedaHeld(ctx, key, a, time.Time{})
}

// EnqueueSchedaHeld is EnqueueScheda for an action held in the outbox
// until a time (zero: not held), the consultant's window to take it back
// (see Undo).
func (s *Store) EnqueueSchedaHeld(ctx context.Context, key string, a model.SchedaAction, until time.Time) (model.Scheda, error) {
	var out model.Scheda
	err := s.write(ctx, "scheda action", func(tx *sql.Tx) error {
		sc, err := s.schedaTx(ctx, tx, a.SchedaID)
		if err != nil {
			return err
		}
		b, err := s.schedaBefore(ctx, tx, sc)
		if err != nil {
			return err
		}
		if sc.Status.Held() && sc.HolderID != a.OperatorID {
			return &HeldError{Holder: sc.HolderName}
		}
		if a.Op != model.OpClaim && !sc.HeldBy(a.OperatorID) {
			return fmt.Errorf("%w: take the scheda in charge first", model.ErrTransition)
		}
		next, err := model.NextScheda(sc.Status, a.Op)
		if err != nil {
			return err
		}
		if err := checkScheda(&a); err != nil {
			return err
		}
		a.Version = sc.Version
		sc.Status, sc.Version = next, sc.Version+1
		switch a.Op {
		case model.OpClaim:
			sc.HolderID, sc.HolderName = a.OperatorID, a.Operator
		case model.OpRequestInfo:
			sc.InfoRequest = a.Text
		case model.OpAnswer:
			sc.Answer, sc.AnsweredAt = a.Text, a.At
		case model.OpForward:
			d, _ := model.DirezioneCentraleOf(a.Direzione)
			sc.ForwardedTo, sc.ForwardReason, sc.AnsweredAt = d.Code+" "+d.Name, a.Text, a.At
		case model.OpConvert:
			booked := *a.Slot
			booked.Status, booked.CitizenCF, booked.Channel = model.StatusBooked, sc.CitizenCF, a.Channel
			sc.SlotID, sc.Appointment, sc.AnsweredAt = booked.ID, &booked, a.At
		}
		if err := s.putScheda(ctx, tx, sc, true); err != nil {
			return err
		}
		if a.Op == model.OpAnswer {
			if _, err := tx.ExecContext(ctx, `DELETE FROM drafts WHERE scheda_id = ?`, a.SchedaID); err != nil {
				return fmt.Errorf("drop draft: %w", err)
			}
		}
		out = sc
		if err := s.enqueue(ctx, tx, key, a.SchedaID, a, a.At); err != nil {
			return err
		}
		return s.keepBefore(ctx, tx, key, before{Scheda: &b}, until)
	})
	return out, err
}

// ErrEmptyText is returned for an answer, a request to the citizen or a
// reason with no text, or a text too long.
var ErrEmptyText = errors.New("cache: text empty or too long")

// checkScheda validates what an operation carries.
func checkScheda(a *model.SchedaAction) error {
	a.Text = strings.TrimSpace(a.Text)
	limit := model.MaxReasonLength
	switch a.Op {
	case model.OpClaim:
		return nil
	case model.OpAnswer:
		limit = model.MaxAnswerLength
	case model.OpForward:
		if _, ok := model.DirezioneCentraleOf(a.Direzione); !ok {
			return fmt.Errorf("%w: unknown Direzione centrale %q", model.ErrTransition, a.Direzione)
		}
	case model.OpConvert:
		if a.Slot == nil || a.Slot.Status != model.StatusFree || !a.Channel.Valid() {
			return fmt.Errorf("%w: converting needs a free slot and a channel", model.ErrTransition)
		}
		return nil
	}
	if a.Text == "" || len(a.Text) > limit {
		return ErrEmptyText
	}
	return nil
}

// InboxQuery selects schede for the inbox.
type InboxQuery struct {
	Sections []model.Section      // empty: every section mirrored
	Statuses []model.SchedaStatus // empty: the open ones
	HolderID string               // only the schede this consultant holds
	Limit    int                  // at most this many (0: 500)
}

// DefaultInboxLimit bounds an inbox page.
const DefaultInboxLimit = 500

// where returns the SQL condition of the query (of every status, unless
// byStatus) and its arguments ?1 to ?3.
func (q InboxQuery) where(byStatus bool) (string, []any) {
	sections, _ := json.Marshal(q.Sections)
	statuses, _ := json.Marshal(q.Statuses)
	status := `(CASE WHEN ?2 = 'null' THEN k.status IN ` + openStatuses + ` ELSE k.status IN (SELECT value FROM json_each(?2)) END)`
	if !byStatus {
		status = `?2 IS NOT NULL`
	}
	cond := `(?1 = 'null' OR k.section IN (SELECT value FROM json_each(?1))) AND ` + status + ` AND (?3 = '' OR k.holder_id = ?3)`
	return cond, []any{string(sections), string(statuses), q.HolderID}
}

// Inbox returns the schede of a query, with how many there are in all:
// those still open oldest first (the longest waiting on top), closed ones
// most recently closed first.
func (s *Store) Inbox(ctx context.Context, q InboxQuery) ([]model.InboxEntry, int, error) {
	cond, args := q.where(true)
	var total int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM schede k WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("cache: inbox: %w", err)
	}
	if q.Limit <= 0 {
		q.Limit = DefaultInboxLimit
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+schedaColumns+schedaFrom+` WHERE `+cond+`
		ORDER BY CASE WHEN k.status IN `+openStatuses+` THEN k.received_at ELSE -k.closed_at END, k.id LIMIT ?4`,
		append(args, q.Limit)...)
	if err != nil {
		return nil, 0, fmt.Errorf("cache: inbox: %w", err)
	}
	defer rows.Close()
	out := make([]model.InboxEntry, 0, min(total, q.Limit))
	for rows.Next() {
		e, err := s.scanScheda(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("cache: inbox: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("cache: inbox: %w", err)
	}
	return out, total, nil
}

// Scheda returns one mirrored scheda, or ErrNoSuchScheda.
func (s *Store) Scheda(ctx context.Context, id string) (model.InboxEntry, error) {
	e, err := s.scanScheda(s.r.QueryRowContext(ctx, `SELECT `+schedaColumns+schedaFrom+` WHERE k.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return e, ErrNoSuchScheda
	}
	if err != nil {
		return e, fmt.Errorf("cache: scheda: %w", err)
	}
	return e, nil
}

// SchedaCounts counts the schede of the sections (empty: all) by status;
// open ones also by their age at now against target.
func (s *Store) SchedaCounts(ctx context.Context, sections []model.Section, now time.Time, target time.Duration) (map[model.SchedaStatus]model.AgeCount, error) {
	cond, args := InboxQuery{Sections: sections}.where(false)
	rows, err := s.r.QueryContext(ctx, `SELECT k.status, count(*),
		COALESCE(sum(k.received_at > ?4), 0), COALESCE(sum(k.received_at <= ?4 AND k.received_at > ?5), 0)
		FROM schede k WHERE `+cond+` GROUP BY k.status`,
		append(args, now.Add(-target/2).Unix(), now.Add(-target).Unix())...)
	if err != nil {
		return nil, fmt.Errorf("cache: scheda counts: %w", err)
	}
	defer rows.Close()
	out := map[model.SchedaStatus]model.AgeCount{}
	for rows.Next() {
		var st string
		var c model.AgeCount
		if err := rows.Scan(&st, &c.Total, &c.Fresh, &c.Aging); err != nil {
			return nil, fmt.Errorf("cache: scheda counts: %w", err)
		}
		if model.SchedaStatus(st).Open() {
			c.Late = c.Total - c.Fresh - c.Aging
		} else {
			c.Fresh, c.Aging = 0, 0
		}
		out[model.SchedaStatus(st)] = c
	}
	return out, rows.Err()
}

// SaveDraft keeps the answer being written to a scheda (an empty text
// deletes it). It is sealed with the outbox key: like a queued action it
// is the operator's work and survives a rebuilt mirror.
func (s *Store) SaveDraft(ctx context.Context, schedaID, text string, at time.Time) error {
	return s.write(ctx, "draft", func(tx *sql.Tx) error {
		if strings.TrimSpace(text) == "" {
			_, err := tx.ExecContext(ctx, `DELETE FROM drafts WHERE scheda_id = ?`, schedaID)
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO drafts(scheda_id, text, updated_at) VALUES (?, ?, ?)
			ON CONFLICT(scheda_id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at`,
			schedaID, s.box.sealString(text, draftsText.at(schedaID)), at.Unix())
		return err
	})
}

// Draft returns the answer being written to a scheda and when it was last
// saved (empty if none).
func (s *Store) Draft(ctx context.Context, schedaID string) (string, time.Time, error) {
	var sealed []byte
	var at int64
	err := s.r.QueryRowContext(ctx, `SELECT text, updated_at FROM drafts WHERE scheda_id = ?`, schedaID).Scan(&sealed, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return "", time.Time{}, nil
	}
	if err != nil {
		return "", time.Time{}, fmt.Errorf("cache: draft: %w", err)
	}
	text, err := s.box.openString(sealed, draftsText.at(schedaID))
	return text, time.Unix(at, 0).In(model.Rome), err
}

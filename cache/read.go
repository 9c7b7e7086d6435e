package cache

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"sportello/model"
)

// DayAgenda returns every slot of a day (booked, free and blocked), in
// time order, with the names of the citizens whose files are mirrored.
func (s *Store) DayAgenda(ctx context.Context, day time.Time) ([]model.AgendaEntry, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+slotColumns+`, s.citizen_ref, c.name, s.id IN `+pendingSlots+`
		FROM slots s LEFT JOIN citizens c ON c.ref = s.citizen_ref AND s.citizen_ref != ''
		WHERE s.day = ? ORDER BY s.start, s.id`, model.Day(day).Format(dayLayout))
	if err != nil {
		return nil, fmt.Errorf("cache: day agenda: %w", err)
	}
	defer rows.Close()
	var out []model.AgendaEntry
	for rows.Next() {
		var e model.AgendaEntry
		var ref string
		var name []byte
		if e.Slot, err = s.scanSlot(rows, &ref, &name, &e.Pending); err != nil {
			return nil, fmt.Errorf("cache: day agenda: %w", err)
		}
		if e.CitizenName, err = s.seal.openString(name, citizensName.at(ref)); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("cache: day agenda: %w", err)
	}
	return out, nil
}

// slotColumns are the columns scanSlot reads, of the slots table as s.
const slotColumns = `s.id, s.start, s.end, s.office, s.desk, s.channel, s.service, s.level, s.status,
	s.citizen_cf, s.meeting_url, s.phone, s.outcome, s.note, s.version, s.served_from, s.served_to, s.visit`

// scanSlot reads a row that starts with slotColumns, and then into extra,
// opening the sealed fields.
func (s *Store) scanSlot(row interface{ Scan(...any) error }, extra ...any) (model.Slot, error) {
	var sl model.Slot
	var start, end, from, to int64
	var channel, status, outcome string
	var level int
	var cf, meeting, phone, note, visit []byte
	dest := append(make([]any, 0, 18+len(extra)), &sl.ID, &start, &end, &sl.Office, &sl.Desk, &channel, &sl.Service,
		&level, &status, &cf, &meeting, &phone, &outcome, &note, &sl.Version, &from, &to, &visit)
	if err := row.Scan(append(dest, extra...)...); err != nil {
		return sl, err
	}
	sl.Start, sl.End = time.Unix(start, 0).In(model.Rome), time.Unix(end, 0).In(model.Rome)
	sl.ServedFrom, sl.ServedTo = timeOrZero(from), timeOrZero(to)
	sl.Channel, sl.Status, sl.Level, sl.Outcome = model.Channel(channel), model.Status(status), model.Level(level), model.Outcome(outcome)
	var err error
	for _, f := range [...]struct {
		dst *string
		src []byte
		col column
	}{{&sl.CitizenCF, cf, slotsCF}, {&sl.MeetingURL, meeting, slotsMeetingURL}, {&sl.Phone, phone, slotsPhone}, {&sl.Note, note, slotsNote}} {
		if *f.dst, err = s.seal.openString(f.src, f.col.at(sl.ID)); err != nil {
			return sl, err
		}
	}
	return sl, s.openVisit(visit, &sl)
}

// unixOrZero is t in unix seconds, 0 for the zero time.
func unixOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

// timeOrZero is the time of unix seconds, the zero time for 0.
func timeOrZero(unix int64) time.Time {
	if unix == 0 {
		return time.Time{}
	}
	return time.Unix(unix, 0).In(model.Rome)
}

// decodeCitizen opens the sealed file of the citizen whose blind index is
// ref.
func (s *Store) decodeCitizen(ref string, sealed []byte) (model.Citizen, error) {
	plain, err := s.seal.open(sealed, citizensData.at(ref))
	if err != nil {
		return model.Citizen{}, err
	}
	var c model.Citizen
	if err := json.Unmarshal(plain, &c); err != nil {
		return model.Citizen{}, fmt.Errorf("cache: decode citizen: %w", err)
	}
	return c, nil
}

// Citizen returns the mirrored file of a codice fiscale, or ErrNotCached.
func (s *Store) Citizen(ctx context.Context, cf string) (model.Citizen, error) {
	var data []byte
	ref := s.seal.ref(cf)
	err := s.r.QueryRowContext(ctx, `SELECT data FROM citizens WHERE ref = ?`, ref).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return model.Citizen{}, ErrNotCached
	}
	if err != nil {
		return model.Citizen{}, fmt.Errorf("cache: citizen: %w", err)
	}
	return s.decodeCitizen(ref, data)
}

// Operator returns the operator of the last pull, or ErrNotCached.
func (s *Store) Operator(ctx context.Context) (model.Operator, error) {
	return operatorIn(ctx, s.r)
}

// operatorIn reads the mirrored operator through db, or ErrNotCached.
func operatorIn(ctx context.Context, db queryRower) (model.Operator, error) {
	v, err := metaValue(ctx, db, "operator")
	if err != nil {
		return model.Operator{}, err
	}
	var op model.Operator
	if err := json.Unmarshal([]byte(v), &op); err != nil {
		return model.Operator{}, fmt.Errorf("cache: decode operator: %w", err)
	}
	return op, nil
}

// LastSync returns when the mirror was last refreshed (zero if never).
func (s *Store) LastSync(ctx context.Context) (time.Time, error) {
	v, err := metaValue(ctx, s.r, "last_sync")
	if errors.Is(err, ErrNotCached) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, err
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("cache: last sync: %w", err)
	}
	return time.Unix(n, 0).In(model.Rome), nil
}

// IntegrityCheck runs SQLite's integrity check and stores its first line
// in result ("ok" when the file is sound).
func (s *Store) IntegrityCheck(ctx context.Context, result *string) error {
	return s.r.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(result)
}

package cache

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"sportello/model"
)

// ApplyChanges stores a page of central's changes feed and advances the
// cursor to the page's in the same transaction: a crash leaves either both
// or neither. Entities with the operator's actions still pending keep
// their local state, and an older version never replaces a newer one.
func (s *Store) ApplyChanges(ctx context.Context, page []model.Change, cursor string, at time.Time) error {
	// Grouped by table, so that the slots, most of any page, go in a few
	// statements.
	var (
		slots   []model.Slot
		schede  []model.Scheda
		tickets []model.Ticket
		stale   []string
	)
	for _, ch := range page {
		switch e := ch.Entity.(type) {
		case model.Slot:
			if slots == nil {
				slots = make([]model.Slot, 0, len(page))
			}
			slots = append(slots, e)
		case model.Scheda:
			schede = append(schede, e)
		case model.Ticket:
			tickets = append(tickets, e)
		case nil:
			if ch.StaleCitizen != "" {
				stale = append(stale, ch.StaleCitizen)
			}
		}
	}
	var full *sql.Stmt
	if len(slots) >= slotsPerInsert {
		var err error
		if full, err = s.slotInsert(ctx); err != nil {
			return err
		}
	}
	return s.write(ctx, "apply changes", func(tx *sql.Tx) error {
		if err := s.putSlots(ctx, tx, slots, full); err != nil {
			return err
		}
		for _, sc := range schede {
			if err := s.putScheda(ctx, tx, sc, false); err != nil {
				return err
			}
		}
		for _, t := range tickets {
			if err := s.putTicket(ctx, tx, t, false); err != nil {
				return err
			}
		}
		for _, cf := range stale {
			if _, err := tx.ExecContext(ctx, `UPDATE citizens SET stale = 1 WHERE ref = ?`, s.seal.ref(cf)); err != nil {
				return fmt.Errorf("mark file stale: %w", err)
			}
		}
		return setMeta(ctx, tx, map[string]string{"cursor": cursor, "last_sync": strconv.FormatInt(at.Unix(), 10)})
	})
}

// Cursor returns where the next pull of the changes feed starts (empty:
// from the beginning).
func (s *Store) Cursor(ctx context.Context) (string, error) {
	v, err := metaValue(ctx, s.r, "cursor")
	if errors.Is(err, ErrNotCached) {
		return "", nil
	}
	return v, err
}

// SetOperator records the operator the mirror belongs to.
func (s *Store) SetOperator(ctx context.Context, op model.Operator) error {
	b, err := jsonString(op)
	if err != nil {
		return err
	}
	return s.write(ctx, "operator", func(tx *sql.Tx) error { return setMeta(ctx, tx, map[string]string{"operator": b}) })
}

// FileToFetch is a caller's file the mirror lacks or holds stale.
type FileToFetch struct {
	CF   string
	ETag string // of the stale copy, for If-None-Match; empty if none
}

// FilesToFetch returns the files that are missing or stale of the
// citizens booked from the day of from to the day of to, and of those
// whose schede are still open.
func (s *Store) FilesToFetch(ctx context.Context, from, to time.Time) ([]FileToFetch, error) {
	// The code is read with the key of its row (bare columns of one
	// group come from one row): a slot's, or a scheda's.
	rows, err := s.r.QueryContext(ctx, `SELECT s.citizen_ref, s.citizen_cf, MAX(COALESCE(c.etag, '')), 0, s.id FROM slots s
		LEFT JOIN citizens c ON c.ref = s.citizen_ref
		WHERE s.day BETWEEN ?1 AND ?2 AND s.citizen_ref != '' AND (c.ref IS NULL OR c.stale = 1)
		GROUP BY s.citizen_ref
		UNION ALL
		SELECT k.citizen_ref, k.citizen_cf, MAX(COALESCE(c.etag, '')), 1, k.id FROM schede k
		LEFT JOIN citizens c ON c.ref = k.citizen_ref
		WHERE k.status IN `+openStatuses+` AND (c.ref IS NULL OR c.stale = 1)
		GROUP BY k.citizen_ref`, model.Day(from).Format(dayLayout), model.Day(to).Format(dayLayout))
	if err != nil {
		return nil, fmt.Errorf("cache: files to fetch: %w", err)
	}
	defer rows.Close()
	var out []FileToFetch
	seen := map[string]bool{}
	for rows.Next() {
		var ref, id string
		var sealed []byte
		var f FileToFetch
		var ofScheda bool
		if err := rows.Scan(&ref, &sealed, &f.ETag, &ofScheda, &id); err != nil {
			return nil, fmt.Errorf("cache: files to fetch: %w", err)
		}
		if seen[ref] {
			continue // booked and with a scheda open
		}
		seen[ref] = true
		col := slotsCF
		if ofScheda {
			col = schedeCF
		}
		if f.CF, err = s.seal.openString(sealed, col.at(id)); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// PutCitizens stores fetched files.
func (s *Store) PutCitizens(ctx context.Context, files []CitizenFile, at time.Time) error {
	var cards []indexEntry
	err := s.write(ctx, "citizens", func(tx *sql.Tx) (err error) {
		cards, err = s.putCitizens(ctx, tx, files, at)
		return err
	})
	if err != nil {
		return err
	}
	return s.index.put(ctx, cards)
}

// MarkFresh records that the stale copies of these files are current after
// all (central answered 304).
func (s *Store) MarkFresh(ctx context.Context, cfs []string) error {
	return s.write(ctx, "fresh files", func(tx *sql.Tx) error {
		for _, cf := range cfs {
			if _, err := tx.ExecContext(ctx, `UPDATE citizens SET stale = 0 WHERE ref = ?`, s.seal.ref(cf)); err != nil {
				return err
			}
		}
		return nil
	})
}

// PutDay stores one day's agenda fetched from central on demand: a day the
// changes feed does not carry (too far ahead, or purged from the mirror as
// past). Slots with the operator's actions still unsent keep their local
// state, as with the changes feed.
func (s *Store) PutDay(ctx context.Context, slots []model.Slot) error {
	return s.write(ctx, "day agenda", func(tx *sql.Tx) error { return s.putSlots(ctx, tx, slots, nil) })
}

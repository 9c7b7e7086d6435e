package cache

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"sportello/model"
)

// The meta entries of the head of structure's picture.
const (
	capacityETagKey      = "capacity_etag"
	capacityFromKey      = "capacity_from"
	capacityToKey        = "capacity_to"
	capacityRefreshedKey = "capacity_refreshed"
)

// PutCapacity replaces the picture kept with central's, its ETag and the
// time it was refreshed, in one transaction.
func (s *Store) PutCapacity(ctx context.Context, c model.Capacity, etag string, at time.Time) error {
	return s.write(ctx, "capacity", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM capacity_offices; DELETE FROM capacity_agenda;
			DELETE FROM capacity_unmet; DELETE FROM capacity_waits`); err != nil {
			return err
		}
		for i, o := range c.Offices {
			if _, err := tx.ExecContext(ctx, `INSERT INTO capacity_offices(code, name, desks, position) VALUES (?, ?, ?, ?)`,
				o.Code, o.Name, strings.Join(o.Desks, "\n"), i); err != nil {
				return fmt.Errorf("office %s: %w", o.Code, err)
			}
		}
		if err := putCapacityRows(ctx, tx, c); err != nil {
			return err
		}
		return setMeta(ctx, tx, map[string]string{capacityETagKey: etag, capacityFromKey: c.From.Format(dayLayout),
			capacityToKey: c.To.Format(dayLayout), capacityRefreshedKey: strconv.FormatInt(at.Unix(), 10)})
	})
}

func putCapacityRows(ctx context.Context, tx *sql.Tx, c model.Capacity) error {
	ins, err := tx.PrepareContext(ctx, `INSERT INTO capacity_agenda(office, desk, day, service, channel, slots, booked, free, blocked,
		completed, no_show) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer ins.Close()
	for _, a := range c.Cells {
		if _, err := ins.ExecContext(ctx, a.Office, a.Desk, a.Day.Format(dayLayout), a.Service, string(a.Channel), a.Slots, a.Booked,
			a.Free, a.Blocked, a.Completed, a.NoShow); err != nil {
			return fmt.Errorf("agenda of %s %s: %w", a.Office, a.Desk, err)
		}
	}
	for _, u := range c.Unmet {
		if _, err := tx.ExecContext(ctx, `INSERT INTO capacity_unmet(office, day, service, channel, searches) VALUES (?, ?, ?, ?, ?)`,
			u.Office, u.Day.Format(dayLayout), u.Service, string(u.Channel), u.Searches); err != nil {
			return fmt.Errorf("unmet demand of %s: %w", u.Office, err)
		}
	}
	for _, w := range c.Waits {
		if _, err := tx.ExecContext(ctx, `INSERT INTO capacity_waits(office, day, tickets, mean_s, p90_s) VALUES (?, ?, ?, ?, ?)`,
			w.Office, w.Day.Format(dayLayout), w.Tickets, int64(w.Mean/time.Second), int64(w.Percent90/time.Second)); err != nil {
			return fmt.Errorf("waits of %s: %w", w.Office, err)
		}
	}
	return nil
}

// TouchCapacity records that central confirmed the picture kept (a 304)
// at a time.
func (s *Store) TouchCapacity(ctx context.Context, at time.Time) error {
	return s.write(ctx, "capacity", func(tx *sql.Tx) error {
		return setMeta(ctx, tx, map[string]string{capacityRefreshedKey: strconv.FormatInt(at.Unix(), 10)})
	})
}

// CapacityETag returns the ETag of the picture kept ("" for none) and
// the days it covers.
func (s *Store) CapacityETag(ctx context.Context) (etag string, from, to time.Time, err error) {
	vals := map[string]string{}
	for _, k := range []string{capacityETagKey, capacityFromKey, capacityToKey} {
		v, err := metaValue(ctx, s.r, k)
		if errors.Is(err, ErrNotCached) {
			return "", time.Time{}, time.Time{}, nil
		}
		if err != nil {
			return "", time.Time{}, time.Time{}, err
		}
		vals[k] = v
	}
	from, _ = time.ParseInLocation(dayLayout, vals[capacityFromKey], model.Rome)
	to, _ = time.ParseInLocation(dayLayout, vals[capacityToKey], model.Rome)
	return vals[capacityETagKey], from, to, nil
}

// Capacity returns the picture kept, with the time it was last
// refreshed (zero, and nothing else, before the first refresh).
func (s *Store) Capacity(ctx context.Context) (model.Capacity, error) {
	var c model.Capacity
	v, err := metaValue(ctx, s.r, capacityRefreshedKey)
	if errors.Is(err, ErrNotCached) {
		return c, nil
	}
	if err != nil {
		return c, err
	}
	sec, _ := strconv.ParseInt(v, 10, 64)
	c.Refreshed = time.Unix(sec, 0).In(model.Rome)
	if _, c.From, c.To, err = s.CapacityETag(ctx); err != nil {
		return c, err
	}
	if err := s.capacityOffices(ctx, &c); err != nil {
		return c, fmt.Errorf("cache: capacity: %w", err)
	}
	if err := s.capacityRows(ctx, &c); err != nil {
		return c, fmt.Errorf("cache: capacity: %w", err)
	}
	return c, nil
}

func (s *Store) capacityOffices(ctx context.Context, c *model.Capacity) error {
	rows, err := s.r.QueryContext(ctx, `SELECT code, name, desks FROM capacity_offices ORDER BY position`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var o model.CapacityOffice
		var desks string
		if err := rows.Scan(&o.Code, &o.Name, &desks); err != nil {
			return err
		}
		if desks != "" {
			o.Desks = strings.Split(desks, "\n")
		}
		c.Offices = append(c.Offices, o)
	}
	return rows.Err()
}

// scanEach runs a query and scan on each of its rows.
func scanEach(ctx context.Context, db *sql.DB, query string, scan func(*sql.Rows) error) error {
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (s *Store) capacityRows(ctx context.Context, c *model.Capacity) error {
	day := func(v string) time.Time { d, _ := time.ParseInLocation(dayLayout, v, model.Rome); return d }
	err := scanEach(ctx, s.r, `SELECT office, desk, day, service, channel, slots, booked, free, blocked, completed, no_show
		FROM capacity_agenda ORDER BY office, desk, day, service, channel`, func(r *sql.Rows) error {
		var a model.CapacityCell
		var d, ch string
		err := r.Scan(&a.Office, &a.Desk, &d, &a.Service, &ch, &a.Slots, &a.Booked, &a.Free, &a.Blocked, &a.Completed, &a.NoShow)
		a.Day, a.Channel = day(d), model.Channel(ch)
		c.Cells = append(c.Cells, a)
		return err
	})
	if err != nil {
		return err
	}
	err = scanEach(ctx, s.r, `SELECT office, day, service, channel, searches FROM capacity_unmet ORDER BY office, day, service, channel`,
		func(r *sql.Rows) error {
			var u model.UnmetDemand
			var d, ch string
			err := r.Scan(&u.Office, &d, &u.Service, &ch, &u.Searches)
			u.Day, u.Channel = day(d), model.Channel(ch)
			c.Unmet = append(c.Unmet, u)
			return err
		})
	if err != nil {
		return err
	}
	return scanEach(ctx, s.r, `SELECT office, day, tickets, mean_s, p90_s FROM capacity_waits ORDER BY office, day`, func(r *sql.Rows) error {
		var w model.ReceptionWait
		var d string
		var mean, p90 int64
		err := r.Scan(&w.Office, &d, &w.Tickets, &mean, &p90)
		w.Day, w.Mean, w.Percent90 = day(d), time.Duration(mean)*time.Second, time.Duration(p90)*time.Second
		c.Waits = append(c.Waits, w)
		return err
	})
}

package cache

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"sportello/model"
)

// SetCalendar keeps the office's working calendar as central gave it, for
// the service-level clock offline.
func (s *Store) SetCalendar(ctx context.Context, c model.WorkCalendar) error {
	v, err := jsonString(c)
	if err != nil {
		return err
	}
	return s.write(ctx, "calendar", func(tx *sql.Tx) error { return setMeta(ctx, tx, map[string]string{"calendar": v}) })
}

// Calendar returns the stored working calendar, or ErrNotCached.
func (s *Store) Calendar(ctx context.Context) (model.WorkCalendar, error) {
	var c model.WorkCalendar
	v, err := metaValue(ctx, s.r, "calendar")
	if err != nil {
		return c, err
	}
	if err := json.Unmarshal([]byte(v), &c); err != nil {
		return c, fmt.Errorf("cache: decode calendar: %w", err)
	}
	return c, nil
}

package cache

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"sportello/model"
)

// modulesETagKey is the meta entry holding the ETag of the text modules
// kept.
const modulesETagKey = "modules_etag"

// PutModules replaces the text modules kept with central's list and its
// ETag, in one transaction.
func (s *Store) PutModules(ctx context.Context, modules []model.TextModule, etag string) error {
	return s.write(ctx, "text modules", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM text_modules`); err != nil {
			return err
		}
		for i, m := range modules {
			if _, err := tx.ExecContext(ctx, `INSERT INTO text_modules(id, section, title, body, position) VALUES (?, ?, ?, ?, ?)`,
				m.ID, string(m.Section), m.Title, m.Text, i); err != nil {
				return fmt.Errorf("module %s: %w", m.ID, err)
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO meta(key, value) VALUES (?1, ?2)
			ON CONFLICT(key) DO UPDATE SET value = excluded.value`, modulesETagKey, etag)
		return err
	})
}

// ModulesETag returns the ETag of the text modules kept ("" for none).
func (s *Store) ModulesETag(ctx context.Context) (string, error) {
	v, err := metaValue(ctx, s.r, modulesETagKey)
	if errors.Is(err, ErrNotCached) {
		return "", nil
	}
	return v, err
}

// Modules returns the text modules kept for a section (all of them, for
// ""), in central's order.
func (s *Store) Modules(ctx context.Context, section model.Section) ([]model.TextModule, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, section, title, body FROM text_modules
		WHERE ?1 = '' OR section = ?1 ORDER BY position`, string(section))
	if err != nil {
		return nil, fmt.Errorf("cache: text modules: %w", err)
	}
	defer rows.Close()
	var out []model.TextModule
	for rows.Next() {
		var m model.TextModule
		var sec string
		if err := rows.Scan(&m.ID, &sec, &m.Title, &m.Text); err != nil {
			return nil, fmt.Errorf("cache: text modules: %w", err)
		}
		m.Section = model.Section(sec)
		out = append(out, m)
	}
	return out, rows.Err()
}

package cache

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"math"
	"path"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations/*.sql
var migrations embed.FS

// migrate applies the numbered migrations of the mirror above PRAGMA
// user_version, each in its own transaction together with its Go step, if
// it has one (see migrationSteps), and the new version number. The step
// of a migration needs the keys of the cache: mirror and outbox.
func migrate(db *sql.DB, mirror, outbox *sealer) error {
	return migrateUpTo(db, math.MaxInt, mirror, outbox)
}

// migrateUpTo is migrate with the migrations numbered up to last only.
func migrateUpTo(db *sql.DB, last int, mirror, outbox *sealer) error {
	return runMigrations(db, migrations, "migrations/*.sql", last, migrationSteps, mirror, outbox)
}

// runMigrations applies the numbered SQL files of files matching glob,
// up to last, above the database's PRAGMA user_version. The version is
// read again inside each migration's transaction (an immediate one: the
// write lock is taken at its start), so that two processes opening the
// same file never apply one migration twice.
func runMigrations(db *sql.DB, files embed.FS, glob string, last int,
	steps map[int]func(ctx context.Context, tx *sql.Tx, mirror, outbox *sealer) error, mirror, outbox *sealer) error {
	ctx := context.Background()
	names, err := fs.Glob(files, glob)
	if err != nil {
		return fmt.Errorf("cache: list migrations: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		n, err := strconv.Atoi(strings.SplitN(path.Base(name), "_", 2)[0])
		if err != nil {
			return fmt.Errorf("cache: migration %s: bad number", name)
		}
		if n > last {
			break
		}
		body, err := files.ReadFile(name)
		if err != nil {
			return fmt.Errorf("cache: read migration %s: %w", name, err)
		}
		if err := migrateOne(ctx, db, name, n, string(body), steps[n], mirror, outbox); err != nil {
			return err
		}
	}
	return nil
}

// migrateOne applies migration n, unless the file is already there.
func migrateOne(ctx context.Context, db *sql.DB, name string, n int, body string,
	step func(ctx context.Context, tx *sql.Tx, mirror, outbox *sealer) error, mirror, outbox *sealer) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("cache: migration %s: %w", name, err)
	}
	defer tx.Rollback()
	var version int
	if err := tx.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil {
		return fmt.Errorf("cache: read schema version: %w", err)
	}
	if n <= version {
		return nil
	}
	if _, err := tx.ExecContext(ctx, body); err != nil {
		return fmt.Errorf("cache: migration %s: %w", name, err)
	}
	if step != nil {
		if err := step(ctx, tx, mirror, outbox); err != nil {
			return fmt.Errorf("cache: migration %s: %w", name, err)
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, n)); err != nil {
		return fmt.Errorf("cache: migration %s: set version: %w", name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("cache: migration %s: commit: %w", name, err)
	}
	return nil
}

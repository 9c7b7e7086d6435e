package sandbox

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"sportello/model"
)

const schema = `
CREATE TABLE IF NOT EXISTS offices (
	code TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS comuni (
	name TEXT NOT NULL, office_code TEXT NOT NULL REFERENCES offices(code), population INTEGER NOT NULL,
	PRIMARY KEY (name, office_code));
CREATE TABLE IF NOT EXISTS operators (
	id TEXT PRIMARY KEY, password_hash TEXT NOT NULL, name TEXT NOT NULL,
	office_code TEXT NOT NULL REFERENCES offices(code), desk TEXT NOT NULL, roles TEXT NOT NULL,
	sections TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS tokens (
	token TEXT PRIMARY KEY, operator_id TEXT NOT NULL REFERENCES operators(id),
	session TEXT NOT NULL, expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS refresh_tokens (
	token TEXT PRIMARY KEY, operator_id TEXT NOT NULL REFERENCES operators(id), session TEXT NOT NULL,
	expires_at INTEGER NOT NULL, replaced_by TEXT NOT NULL DEFAULT '', replaced_at INTEGER NOT NULL DEFAULT 0,
	replaced_access TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS citizens (
	cf TEXT PRIMARY KEY, family_name TEXT NOT NULL, file TEXT NOT NULL, version INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS citizens_family_name ON citizens(family_name COLLATE NOCASE);
CREATE TABLE IF NOT EXISTS slots (
	id TEXT PRIMARY KEY, office_code TEXT NOT NULL REFERENCES offices(code), desk TEXT NOT NULL,
	start INTEGER NOT NULL, end INTEGER NOT NULL, channel TEXT NOT NULL, service TEXT NOT NULL,
	level INTEGER NOT NULL, status TEXT NOT NULL, citizen_cf TEXT NOT NULL DEFAULT '',
	meeting_url TEXT NOT NULL DEFAULT '', phone TEXT NOT NULL DEFAULT '',
	outcome TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '', version INTEGER NOT NULL,
	served_from INTEGER NOT NULL DEFAULT 0, served_to INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS slots_desk_start ON slots(office_code, desk, start);
CREATE INDEX IF NOT EXISTS slots_citizen ON slots(citizen_cf);
CREATE TABLE IF NOT EXISTS schede (
	id TEXT PRIMARY KEY, data TEXT NOT NULL, section TEXT NOT NULL, status TEXT NOT NULL,
	received_at INTEGER NOT NULL, citizen_cf TEXT NOT NULL,
	cric TEXT NOT NULL); -- the CRIC (regional office) the scheda was sent to
-- The changes feed: one row per entity, moved to a new seq at each change.
CREATE TABLE IF NOT EXISTS changelog (
	seq INTEGER PRIMARY KEY AUTOINCREMENT, entity TEXT NOT NULL, id TEXT NOT NULL, UNIQUE (entity, id));
-- Idempotency: the first answer to each operator's key.
CREATE TABLE IF NOT EXISTS idempotency (
	operator_id TEXT NOT NULL, key TEXT NOT NULL, route TEXT NOT NULL, body_hash TEXT NOT NULL,
	status INTEGER NOT NULL, body BLOB NOT NULL, PRIMARY KEY (operator_id, key));
-- The ledger: every state change applied, for tests to read.
CREATE TABLE IF NOT EXISTS ledger (
	seq INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL, operator_id TEXT NOT NULL,
	action TEXT NOT NULL, entity_id TEXT NOT NULL, at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS audit (
	id TEXT PRIMARY KEY, operator_id TEXT NOT NULL, action TEXT NOT NULL, citizen_cf TEXT NOT NULL,
	reason TEXT NOT NULL, ref TEXT NOT NULL, at INTEGER NOT NULL, offline INTEGER NOT NULL, received_by TEXT NOT NULL, received_at INTEGER NOT NULL);
`

// citizenCount is how many citizens the sandbox knows; openSchede how many
// Linea INPS schede of each section reached the CRIC in the last weeks, and
// answeredSchede how many of each it answered in the months before (the
// experts' shared answers).
const (
	citizenCount   = 600
	openSchede     = 30
	answeredSchede = 150
)

// seedDB creates the schema and, on an empty database, the data.
func (s *Sandbox) seedDB(opts Options) error {
	ctx := context.Background()
	if _, err := s.db.ExecContext(ctx, schema+receptionSchema+visitsSchema+ticketWrapUpsSchema+capacityMissesSchema); err != nil {
		return fmt.Errorf("schema: %w", err)
	}
	if err := addTicketCounterColumns(ctx, s.db); err != nil {
		return err
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM offices`).Scan(&n); err != nil {
		return fmt.Errorf("count offices: %w", err)
	}
	if n > 0 {
		return nil // seeded by an earlier run
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	if err := seedOffices(ctx, tx); err != nil {
		return err
	}
	now := opts.Now()
	rng := rand.New(rand.NewPCG(uint64(opts.Seed), 0x5a1e7))
	citizens, err := seedCitizens(ctx, tx, rng, now)
	if err != nil {
		return err
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO slots(id, office_code, desk, start, end, channel, service, level, status,
		citizen_cf, meeting_url, phone, outcome, version, served_from, served_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("prepare slots: %w", err)
	}
	defer ins.Close()
	today := model.Day(now)
	for d := today.AddDate(0, 0, -opts.DaysBefore); !d.After(today.AddDate(0, 0, opts.DaysAfter)); d = d.AddDate(0, 0, 1) {
		if !model.IsWorkingDay(d) {
			continue
		}
		for _, o := range offices {
			if !officeOpen(o.code, d) {
				continue
			}
			for _, desk := range desks[o.code] {
				if err := seedDay(ctx, ins, opts.Seed, now, o.code, desk, d, citizens); err != nil {
					return err
				}
			}
		}
	}
	if err := seedSchede(ctx, tx, rng, now, citizens); err != nil {
		return err
	}
	if err := seedTickets(ctx, tx, opts.Seed, now); err != nil {
		return err
	}
	// Everything seeded is in the changes feed, slots in time order.
	if _, err := tx.ExecContext(ctx, `INSERT INTO changelog(entity, id) SELECT 'slot', id FROM slots ORDER BY start, id;
		INSERT INTO changelog(entity, id) SELECT 'scheda', id FROM schede ORDER BY received_at, id;
		INSERT INTO changelog(entity, id) SELECT 'ticket', id FROM tickets ORDER BY issued_at, id`); err != nil {
		return fmt.Errorf("changelog: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// officeOpen reports whether an office receives on day d.
func officeOpen(code string, d time.Time) bool {
	days, ok := deskDays[code]
	if !ok {
		return true
	}
	for _, wd := range days {
		if d.Weekday() == wd {
			return true
		}
	}
	return false
}

func seedOffices(ctx context.Context, tx *sql.Tx) error {
	for _, o := range offices {
		if _, err := tx.ExecContext(ctx, `INSERT INTO offices(code, name, kind) VALUES (?, ?, ?)`, o.code, o.name, o.kind); err != nil {
			return fmt.Errorf("office %s: %w", o.code, err)
		}
		for _, c := range o.comuni {
			if _, err := tx.ExecContext(ctx, `INSERT INTO comuni(name, office_code, population) VALUES (?, ?, ?)`, c.name, o.code, c.population); err != nil {
				return fmt.Errorf("comune %s: %w", c.name, err)
			}
		}
	}
	for _, op := range demoOperators {
		sections := make([]string, len(op.sections))
		for i, sec := range op.sections {
			sections[i] = string(sec)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO operators(id, password_hash, name, office_code, desk, roles, sections)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, op.id, hashPassword(op.id, op.id), op.name, op.office, op.desk, strings.Join(op.roles, ","),
			strings.Join(sections, ",")); err != nil {
			return fmt.Errorf("operator %s: %w", op.id, err)
		}
	}
	return nil
}

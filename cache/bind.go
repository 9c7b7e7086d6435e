package cache

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
)

// Where sealed values live. Each is sealed bound to its place: the column
// and the key of its row (see place.ad).
var (
	keyChecks = column{"meta", "value"} // the key checks, by meta key; each with its own key

	// The mirror, sealed with the mirror key.
	slotsCF         = column{"slots", "citizen_cf"} // by slot id
	slotsMeetingURL = column{"slots", "meeting_url"}
	slotsPhone      = column{"slots", "phone"}
	slotsNote       = column{"slots", "note"}
	citizensData    = column{"citizens", "data"} // by the citizen's blind index (ref)
	citizensName    = column{"citizens", "name"}
	citizensCard    = column{"citizens", "card"}
	schedeCF        = column{"schede", "citizen_cf"} // by scheda id
	schedeData      = column{"schede", "data"}

	// The operator's work, sealed with the outbox key.
	outboxPayload   = column{"outbox", "payload"}   // by idempotency key
	outboxBefore    = column{"outbox", "before"}    // by idempotency key (see undo.go)
	conflictsServer = column{"conflicts", "server"} // by outbox seq (seqRow)
	auditCF         = column{"audit_queue", "cf"}   // by audit id
	auditRef        = column{"audit_queue", "ref"}  // by audit id; sealed since issue 22 (older rows: text in clear)
	draftsText      = column{"drafts", "text"}      // by scheda id
	bookingsData    = column{"bookings", "data"}    // by the outbox row's key
)

// seqRow is the row key of a conflict: its outbox seq.
func seqRow(seq int64) string { return strconv.FormatInt(seq, 10) }

// sealedTable is a table that holds sealed values, as bindSealed walks it.
type sealedTable struct {
	key     string // SQL of the row's key, as place.row has it
	outbox  bool   // sealed with the outbox key, else with the mirror's
	columns []column
}

var sealedTables = []sealedTable{
	{"id", false, []column{slotsCF, slotsMeetingURL, slotsPhone, slotsNote}},
	{"ref", false, []column{citizensData, citizensName, citizensCard}},
	{"id", false, []column{schedeCF, schedeData}},
	{"key", true, []column{outboxPayload}},
	{"CAST(seq AS TEXT)", true, []column{conflictsServer}},
	{"id", true, []column{auditCF}},
	{"scheda_id", true, []column{draftsText}},
	{"key", true, []column{bookingsData}},
}

// migrationSteps are the Go steps of migrations, for what SQL cannot do:
// each runs in its migration's transaction, after the SQL file.
var migrationSteps = map[int]func(ctx context.Context, tx *sql.Tx, mirror, outbox *sealer) error{
	8: bindSealed,
}

// bindSealed is the Go step of migration 8. Values sealed before it carry
// no associated data: each is opened so and sealed again, with the key it
// was sealed with, bound to its place. The key checks tell whether the
// keys are the file's. Values sealed with another mirror key are left
// alone: Open drops them with the mirror right after. An outbox sealed
// with another outbox key cannot be bound: ErrWrongKey rolls the migration
// back, so that the file, set aside, can still be read and migrated if its
// key turns up. A value that opens neither unbound nor bound (damaged) is
// left as it is, and will read as ErrTampered. A value already bound is
// kept, so running the step again changes nothing.
func bindSealed(ctx context.Context, tx *sql.Tx, mirror, outbox *sealer) error {
	mirrorOK, err := bindKeyCheck(ctx, tx, mirrorKeyCheck, mirror)
	if err != nil {
		return err
	}
	outboxOK, err := bindKeyCheck(ctx, tx, outboxKeyCheck, outbox)
	if err != nil {
		return err
	}
	if !outboxOK {
		return ErrWrongKey
	}
	for _, t := range sealedTables {
		sl := mirror
		if t.outbox {
			sl = outbox
		} else if !mirrorOK {
			continue
		}
		if err := t.bind(ctx, tx, sl); err != nil {
			return err
		}
	}
	return nil
}

// bindKeyCheck binds the key check stored under name in meta, and tells
// whether sl holds its key (true too when there is no check yet).
func bindKeyCheck(ctx context.Context, tx *sql.Tx, name string, sl *sealer) (bool, error) {
	sealed, err := metaValue(ctx, tx, name)
	if errors.Is(err, ErrNotCached) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	v, ok := rebind(sl, []byte(sealed), keyChecks.at(name))
	if !ok {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE meta SET value = ? WHERE key = ?`, string(v), name); err != nil {
		return false, fmt.Errorf("bind key check: %w", err)
	}
	return true, nil
}

// bindBatch is how many rows bind reads at a time: a mirror of 100,000
// files is not held in memory at once.
const bindBatch = 256

// bind seals again, bound, the values of every row of t.
func (t sealedTable) bind(ctx context.Context, tx *sql.Tx, sl *sealer) error {
	table := t.columns[0].table
	names := make([]string, len(t.columns))
	sets := make([]string, len(t.columns))
	for i, c := range t.columns {
		names[i], sets[i] = c.name, c.name+" = ?"
	}
	sel := fmt.Sprintf(`SELECT rowid, %s, %s FROM %s WHERE rowid > ? ORDER BY rowid LIMIT %d`,
		t.key, strings.Join(names, ", "), table, bindBatch)
	upd, err := tx.PrepareContext(ctx, fmt.Sprintf(`UPDATE %s SET %s WHERE rowid = ?`, table, strings.Join(sets, ", ")))
	if err != nil {
		return fmt.Errorf("bind %s: %w", table, err)
	}
	defer upd.Close()
	type row struct {
		id     int64
		key    string
		values [][]byte
	}
	left := 0
	for last := int64(0); ; {
		rows, err := tx.QueryContext(ctx, sel, last)
		if err != nil {
			return fmt.Errorf("bind %s: %w", table, err)
		}
		var batch []row
		for rows.Next() {
			r := row{values: make([][]byte, len(t.columns))}
			dest := []any{&r.id, &r.key}
			for i := range r.values {
				dest = append(dest, &r.values[i])
			}
			if err := rows.Scan(dest...); err != nil {
				rows.Close()
				return fmt.Errorf("bind %s: %w", table, err)
			}
			batch = append(batch, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("bind %s: %w", table, err)
		}
		for _, r := range batch {
			args := make([]any, 0, len(r.values)+1)
			for i, v := range r.values {
				v, ok := rebind(sl, v, t.columns[i].at(r.key))
				if !ok {
					left++
				}
				args = append(args, v)
			}
			if _, err := upd.ExecContext(ctx, append(args, r.id)...); err != nil {
				return fmt.Errorf("bind %s: %w", table, err)
			}
			last = r.id
		}
		if len(batch) < bindBatch {
			break
		}
	}
	if left > 0 {
		slog.Warn("cache: sealed values that do not open with the cache key were left as they are", "table", table, "values", left)
	}
	return nil
}

// rebind returns v sealed by sl bound to at: v itself if it is already,
// or nil; false, and v, if v does not open with sl's key.
func rebind(sl *sealer, v []byte, at place) ([]byte, bool) {
	if v == nil {
		return nil, true
	}
	ad := at.ad()
	if plain, ok := sl.openAD(v, nil); ok {
		return sl.sealAD(plain, ad), true
	}
	_, ok := sl.openAD(v, ad)
	return v, ok
}

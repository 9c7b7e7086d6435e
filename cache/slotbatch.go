package cache

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"time"

	"sportello/model"
)

// slotsPerInsert is how many slots one INSERT of a slotBatch carries: each
// statement sent to SQLite has a cost of its own (binding, stepping,
// resetting, database/sql's bookkeeping) beside the rows' B-tree work.
// 20 columns a row keep a full statement well under SQLite's 32,766
// parameters.
const slotsPerInsert = 50

// storedSlotColumns are the columns a slot from central is stored in, in the
// order slotBatch binds them.
const storedSlotColumns = `id, day, start, end, office, desk, channel, service, level, status,
	citizen_ref, citizen_cf, meeting_url, phone, outcome, note, version, served_from, served_to, visit`

// storedSlotColumnCount is the number of storedSlotColumns.
const storedSlotColumnCount = 20

// slotUpsert ends an INSERT of slots: a slot already held takes central's
// copy unless that is older.
const slotUpsert = `
	ON CONFLICT(id) DO UPDATE SET day=excluded.day, start=excluded.start, end=excluded.end, office=excluded.office,
	desk=excluded.desk, channel=excluded.channel, service=excluded.service, level=excluded.level, status=excluded.status,
	citizen_ref=excluded.citizen_ref, citizen_cf=excluded.citizen_cf, meeting_url=excluded.meeting_url,
	phone=excluded.phone, outcome=excluded.outcome, note=excluded.note, version=excluded.version,
	served_from=excluded.served_from, served_to=excluded.served_to, visit=excluded.visit
	WHERE excluded.version >= slots.version`

// putSlots stores slots as central has them, as slotWriter.put does
// without force (a slot with actions pending keeps its local state, an
// older version never replaces a newer one), many to a statement and
// sealed in a batch. full is the statement of slotsPerInsert slots
// prepared on the writer (see Store.slotInsert), or nil.
func (s *Store) putSlots(ctx context.Context, tx *sql.Tx, slots []model.Slot, full *sql.Stmt) error {
	if len(slots) == 0 {
		return nil
	}
	pending, err := pendingSlotSet(ctx, tx)
	if err != nil {
		return err
	}
	b := slotBatch{seal: s.seal.batch(), stmts: map[int]*sql.Stmt{}}
	defer b.close()
	if full != nil {
		b.stmts[slotsPerInsert] = tx.StmtContext(ctx, full)
	}
	rows := make([]model.Slot, 0, min(len(slots), slotsPerInsert))
	for i, sl := range slots {
		if !pending[sl.ID] {
			rows = append(rows, sl)
		}
		if len(rows) == slotsPerInsert || (i == len(slots)-1 && len(rows) > 0) {
			if err := b.insert(ctx, tx, rows); err != nil {
				return err
			}
			rows = rows[:0]
		}
	}
	return nil
}

// slotInserts holds the statement that inserts slotsPerInsert slots,
// prepared once on the writer connection: parsing its 950 parameters again
// for each page would cost more than binding them.
type slotInserts struct {
	mu   sync.Mutex
	full *sql.Stmt
}

// slotInsert returns the statement of slotsPerInsert slots, preparing it
// the first time. It needs the writer connection: call it outside any
// transaction.
func (s *Store) slotInsert(ctx context.Context) (*sql.Stmt, error) {
	s.inserts.mu.Lock()
	defer s.inserts.mu.Unlock()
	if s.inserts.full == nil {
		st, err := s.w.PrepareContext(ctx, slotInsertSQL(slotsPerInsert))
		if err != nil {
			return nil, fmt.Errorf("cache: store slots: %w", err)
		}
		s.inserts.full = st // closed with the writer connection
	}
	return s.inserts.full, nil
}

// slotInsertSQL is the statement that inserts n slots.
func slotInsertSQL(n int) string {
	var q strings.Builder
	q.WriteString(`INSERT INTO slots(` + storedSlotColumns + `) VALUES `)
	row := "(?" + strings.Repeat(", ?", storedSlotColumnCount-1) + ")"
	for i := range n {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString(row)
	}
	q.WriteString(slotUpsert)
	return q.String()
}

// pendingSlotSet returns the ids of the slots with actions pending.
func pendingSlotSet(ctx context.Context, tx *sql.Tx) (map[string]bool, error) {
	rows, err := tx.QueryContext(ctx, pendingSlotIDs)
	if err != nil {
		return nil, fmt.Errorf("pending slots: %w", err)
	}
	defer rows.Close()
	pending := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("pending slots: %w", err)
		}
		pending[id] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("pending slots: %w", err)
	}
	return pending, nil
}

// slotBatch inserts slots many to a statement, within one transaction.
type slotBatch struct {
	seal  *sealBatch
	stmts map[int]*sql.Stmt // by rows per statement
	args  []any
	day   time.Time // the day of the last slot bound, and its key
	key   string
}

func (b *slotBatch) close() {
	for _, st := range b.stmts {
		st.Close()
	}
}

// insert stores rows (at most slotsPerInsert) with one statement.
func (b *slotBatch) insert(ctx context.Context, tx *sql.Tx, rows []model.Slot) error {
	st := b.stmts[len(rows)]
	if st == nil {
		var err error
		if st, err = tx.PrepareContext(ctx, slotInsertSQL(len(rows))); err != nil {
			return fmt.Errorf("store slots: %w", err)
		}
		b.stmts[len(rows)] = st
	}
	b.args = b.args[:0]
	for _, sl := range rows {
		b.args = b.bind(b.args, sl)
	}
	if _, err := st.ExecContext(ctx, b.args...); err != nil {
		return fmt.Errorf("store slots %s…: %w", rows[0].ID, err)
	}
	b.seal.reset() // SQLite has copied the sealed values
	return nil
}

// bind appends the values of storedSlotColumns for sl to args.
func (b *slotBatch) bind(args []any, sl model.Slot) []any {
	if d := model.Day(sl.Start); !d.Equal(b.day) || b.key == "" {
		b.day, b.key = d, d.Format(dayLayout)
	}
	seal := b.seal
	return append(args, sl.ID, b.key, sl.Start.Unix(), sl.End.Unix(), sl.Office, sl.Desk, string(sl.Channel), sl.Service,
		int(sl.Level), string(sl.Status), seal.ref(sl.CitizenCF), seal.sealString(sl.CitizenCF, slotsCF.at(sl.ID)),
		seal.sealString(sl.MeetingURL, slotsMeetingURL.at(sl.ID)), seal.sealString(sl.Phone, slotsPhone.at(sl.ID)),
		string(sl.Outcome), seal.sealString(sl.Note, slotsNote.at(sl.ID)), sl.Version,
		unixOrZero(sl.ServedFrom), unixOrZero(sl.ServedTo), seal.sealString(visitOf(sl).plain(), slotsVisit.at(sl.ID)))
}

package cache

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"sportello/model"
)

// StateReplaced is the state of a booking central refused that an
// alternative booking took the place of.
const StateReplaced = string(model.BookingReplaced)

// ErrSlotTaken means the mirror already knows the slot is not free.
var ErrSlotTaken = errors.New("cache: the slot is no longer free")

// bookingRecord is what the bookings table seals.
type bookingRecord struct {
	Request model.BookingRequest
	Booked  *model.Slot `json:",omitempty"`
	Current *model.Slot `json:",omitempty"`
	Message string      `json:",omitempty"`
}

// EnqueueBooking records a booking at once and queues it for central, in
// one transaction: a new citizen's minimal file joins the mirror, and a
// mirrored slot shows as booked (pending) until central answers. A slot
// the mirror knows is taken gives ErrSlotTaken.
func (s *Store) EnqueueBooking(ctx context.Context, key string, a model.BookingRequest) (model.Booking, error) {
	out := model.Booking{Key: key, Request: a, State: model.BookingPending, CreatedAt: a.At}
	var cards []indexEntry
	err := s.write(ctx, "booking", func(tx *sql.Tx) error {
		if a.New != nil {
			var known bool
			if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM citizens WHERE ref = ?)`, s.seal.ref(a.CF)).Scan(&known); err != nil {
				return fmt.Errorf("booking: %w", err)
			}
			if !known {
				var err error
				if cards, err = s.putCitizens(ctx, tx, []CitizenFile{{Citizen: a.New.Citizen(a.At)}}, a.At); err != nil {
					return err
				}
			}
		}
		sl, err := s.slot(ctx, tx, a.Slot.ID)
		switch {
		case errors.Is(err, ErrNoSuchSlot):
			// A slot of another office: only central knows it.
		case err != nil:
			return err
		case sl.Status != model.StatusFree:
			return ErrSlotTaken
		default:
			a.Slot = sl
			booked := model.Booking{Request: a}.Slot()
			booked.Version++
			if err := s.putSlot(ctx, tx, booked, true); err != nil {
				return err
			}
		}
		out.Request = a
		if a.Replaces != "" {
			// The refused booking is replaced and its conflict settled.
			res, err := tx.ExecContext(ctx, `UPDATE bookings SET state = ? WHERE key = ? AND state = ?`, StateReplaced, a.Replaces, StateConflict)
			if err != nil {
				return fmt.Errorf("booking: %w", err)
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return fmt.Errorf("%w: the booking replaced is not in conflict", model.ErrTransition)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE conflicts SET resolved = 1 WHERE seq = (SELECT seq FROM outbox WHERE key = ?)`,
				a.Replaces); err != nil {
				return fmt.Errorf("booking: %w", err)
			}
		}
		if err := s.enqueue(ctx, tx, key, a.Slot.ID, a, a.At); err != nil {
			return err
		}
		sealed, err := s.sealBooking(key, bookingRecord{Request: a})
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO bookings(key, created_at, data) VALUES (?, ?, ?)`, key, a.At.Unix(), sealed); err != nil {
			return fmt.Errorf("store booking: %w", err)
		}
		return nil
	})
	if err != nil {
		return out, err
	}
	return out, s.index.put(ctx, cards)
}

// sealBooking encodes and seals the record of the booking of key with the
// outbox key.
func (s *Store) sealBooking(key string, rec bookingRecord) ([]byte, error) {
	plain, err := json.Marshal(rec)
	if err != nil {
		return nil, fmt.Errorf("encode booking: %w", err)
	}
	return s.box.seal(plain, bookingsData.at(key)), nil
}

// settleBooking records on the booking of outbox row seq, if it is one
// (it says whether it is), what central answered: the booked slot (done),
// the slot as it is now (conflict), or the refusal. A mirrored slot takes
// central's state; a rejected booking puts the slot back as it was.
func (s *Store) settleBooking(ctx context.Context, tx *sql.Tx, seq int64, state string, central model.Entity, message string) (bool, error) {
	var slot *model.Slot
	if sl, ok := central.(model.Slot); ok {
		slot = &sl
	}
	var key string
	var sealed []byte
	err := tx.QueryRowContext(ctx, `SELECT b.key, b.data FROM bookings b JOIN outbox o ON o.key = b.key WHERE o.seq = ?`,
		seq).Scan(&key, &sealed)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return true, fmt.Errorf("settle booking: %w", err)
	}
	rec, err := s.openBooking(key, sealed)
	if err != nil {
		return true, err
	}
	rec.Message = message
	switch state {
	case StateDone:
		rec.Booked = slot
	case StateConflict:
		rec.Current = slot
	case StateRejected:
		orig := rec.Request.Slot
		slot = &orig
	}
	if slot != nil {
		var mirrored bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM slots WHERE id = ?)`, slot.ID).Scan(&mirrored); err != nil {
			return true, fmt.Errorf("settle booking: %w", err)
		}
		if mirrored {
			if err := s.putSlot(ctx, tx, *slot, true); err != nil {
				return true, err
			}
		}
	}
	if sealed, err = s.sealBooking(key, rec); err != nil {
		return true, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE bookings SET state = ?, data = ? WHERE key = ?`, state, sealed, key); err != nil {
		return true, fmt.Errorf("settle booking: %w", err)
	}
	return true, nil
}

func (s *Store) openBooking(key string, sealed []byte) (bookingRecord, error) {
	var rec bookingRecord
	plain, err := s.box.open(sealed, bookingsData.at(key))
	if err != nil {
		return rec, err
	}
	if err := json.Unmarshal(plain, &rec); err != nil {
		return rec, fmt.Errorf("cache: decode booking: %w", err)
	}
	return rec, nil
}

// Bookings returns the booking requests made at this console since a
// time, newest first.
func (s *Store) Bookings(ctx context.Context, since time.Time) ([]model.Booking, error) {
	return s.bookings(ctx, `WHERE created_at >= ? ORDER BY created_at DESC, rowid DESC`, since.Unix())
}

// Booking returns one booking request by its key, or ErrNotCached.
func (s *Store) Booking(ctx context.Context, key string) (model.Booking, error) {
	out, err := s.bookings(ctx, `WHERE key = ?`, key)
	if err != nil {
		return model.Booking{}, err
	}
	if len(out) == 0 {
		return model.Booking{}, ErrNotCached
	}
	return out[0], nil
}

func (s *Store) bookings(ctx context.Context, where string, args ...any) ([]model.Booking, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT key, state, created_at, data FROM bookings `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("cache: bookings: %w", err)
	}
	defer rows.Close()
	var out []model.Booking
	for rows.Next() {
		var b model.Booking
		var created int64
		var sealed []byte
		if err := rows.Scan(&b.Key, &b.State, &created, &sealed); err != nil {
			return nil, fmt.Errorf("cache: bookings: %w", err)
		}
		rec, err := s.openBooking(b.Key, sealed)
		if err != nil {
			return nil, err
		}
		b.Request, b.Booked, b.Current, b.Message = rec.Request, rec.Booked, rec.Current, rec.Message
		b.CreatedAt = time.Unix(created, 0).In(model.Rome)
		out = append(out, b)
	}
	return out, rows.Err()
}

// FreeSlots returns the mirrored free slots of a level that start after
// from and before to, in time order.
func (s *Store) FreeSlots(ctx context.Context, level model.Level, from, to time.Time) ([]model.Slot, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+slotColumns+` FROM slots s WHERE s.status = 'free' AND s.level = ?
		AND s.start > ? AND s.start < ? ORDER BY s.start, s.desk`, int(level), from.Unix(), to.Unix())
	if err != nil {
		return nil, fmt.Errorf("cache: free slots: %w", err)
	}
	return s.collectSlots(rows, "free slots")
}

// DaySlots returns the mirrored slots of a day, of one desk or (desk
// empty) all, in time order.
func (s *Store) DaySlots(ctx context.Context, day time.Time, desk string) ([]model.Slot, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+slotColumns+` FROM slots s WHERE s.day = ?1 AND (?2 = '' OR s.desk = ?2)
		ORDER BY s.start, s.desk`, model.Day(day).Format(dayLayout), desk)
	if err != nil {
		return nil, fmt.Errorf("cache: day slots: %w", err)
	}
	return s.collectSlots(rows, "day slots")
}

// Desks returns the desks the mirror holds slots of on a day, by name.
func (s *Store) Desks(ctx context.Context, day time.Time) ([]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT DISTINCT desk FROM slots WHERE day = ? ORDER BY desk`, model.Day(day).Format(dayLayout))
	if err != nil {
		return nil, fmt.Errorf("cache: desks: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			return nil, fmt.Errorf("cache: desks: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// collectSlots reads rows of slotColumns, and closes them; what names the
// query in errors.
func (s *Store) collectSlots(rows *sql.Rows, what string) ([]model.Slot, error) {
	defer rows.Close()
	var out []model.Slot
	for rows.Next() {
		sl, err := s.scanSlot(rows)
		if err != nil {
			return nil, fmt.Errorf("cache: %s: %w", what, err)
		}
		out = append(out, sl)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("cache: %s: %w", what, err)
	}
	return out, nil
}

// pendingTickets selects the ids of the tickets with actions waiting in
// the outbox.
const pendingTickets = `(SELECT target FROM outbox WHERE state = 'pending' AND kind = '` + string(model.KindTicket) + `')`

// ErrNoSuchTicket means the action names a ticket not in the mirror.
var ErrNoSuchTicket = errors.New("cache: ticket not in the local mirror")

// EnqueueTicket applies a ticket operation at once and queues it for
// central, in one transaction. Issuing numbers the ticket after the
// highest of its letter the mirror knows for the office's day. It returns
// the ticket as it now stands.
func (s *Store) EnqueueTicket(ctx context.Context, key string, a model.TicketAction) (model.Ticket, error) {
	var out model.Ticket
	err := s.write(ctx, "ticket", func(tx *sql.Tx) error {
		if a.Op == model.TicketIssue {
			if !a.Reason.Valid() {
				return fmt.Errorf("%w: unknown ticket reason %q", model.ErrTransition, a.Reason)
			}
			day := model.Day(a.At)
			if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(number), 0) + 1 FROM tickets WHERE office = ? AND day = ? AND reason = ?`,
				a.Office, day.Format(dayLayout), string(a.Reason)).Scan(&a.Number); err != nil {
				return fmt.Errorf("number ticket: %w", err)
			}
			if !a.Priority.Valid() {
				return fmt.Errorf("%w: unknown priority %q", model.ErrTransition, a.Priority)
			}
			out = model.Ticket{ID: a.TicketID, Office: a.Office, Number: a.Number, Reason: a.Reason, Status: model.TicketWaiting,
				IssuedAt: a.At.Truncate(time.Second), Version: 1, Priority: a.Priority}
		} else {
			t, err := s.ticket(ctx, tx, a.TicketID)
			if err != nil {
				return err
			}
			a.Version = t.Version
			named := a // the mirror names the services as central will
			named.Services = nil
			for _, code := range a.Services {
				named.Services = append(named.Services, s.serviceName(ctx, tx, code))
			}
			if out, err = t.Apply(named); err != nil {
				return err
			}
		}
		if err := s.putTicket(ctx, tx, out, true); err != nil {
			return err
		}
		return s.enqueue(ctx, tx, key, a.TicketID, a, a.At)
	})
	return out, err
}

// putTicket stores a ticket as central has it. Unless force, a ticket with
// pending actions keeps its local state and an older version never
// replaces a newer one. A number central changed keeps the printed one in
// Was.
func (s *Store) putTicket(ctx context.Context, tx *sql.Tx, t model.Ticket, force bool) error {
	// Central numbers a ticket once, when issued: its number holds even
	// over local actions still pending.
	if _, err := tx.ExecContext(ctx, `UPDATE tickets SET was = CASE WHEN was = 0 THEN number ELSE was END, number = ?2
		WHERE id = ?1 AND number != ?2`, t.ID, t.Number); err != nil {
		return fmt.Errorf("store ticket %s: %w", t.ID, err)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO tickets(id, office, day, reason, number, status, issued_at, called_at, done_at, desk, version,
		recalls, max_recalls, transfers, priority, transfer_desk, transfer_reason, transfer_note, wrapup)
		SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20 WHERE ?12 OR ?1 NOT IN `+pendingTickets+`
		ON CONFLICT(id) DO UPDATE SET number = excluded.number, status = excluded.status, called_at = excluded.called_at,
		done_at = excluded.done_at, desk = excluded.desk, version = excluded.version, recalls = excluded.recalls,
		max_recalls = excluded.max_recalls, transfers = excluded.transfers, priority = excluded.priority,
		transfer_desk = excluded.transfer_desk, transfer_reason = excluded.transfer_reason, transfer_note = excluded.transfer_note,
		wrapup = excluded.wrapup
		WHERE ?12 OR excluded.version >= tickets.version`,
		t.ID, t.Office, model.Day(t.IssuedAt).Format(dayLayout), string(t.Reason), t.Number, string(t.Status), t.IssuedAt.Unix(),
		unixOrZero(t.CalledAt), unixOrZero(t.DoneAt), t.Desk, t.Version, force,
		t.Recalls, t.MaxRecalls, t.Transfers, string(t.Priority), t.TransferDesk, string(t.TransferReason),
		s.seal.sealString(t.TransferNote, ticketsTransferNote.at(t.ID)), s.seal.sealString(ticketWrapUpOf(t).plain(), ticketsWrapUp.at(t.ID)))
	if err != nil {
		return fmt.Errorf("store ticket %s: %w", t.ID, err)
	}
	return nil
}

// ticketsTransferNote is a ticket's transfer note, by ticket id: free
// text that may name the citizen's affairs.
var ticketsTransferNote = column{"tickets", "transfer_note"}

const ticketColumns = `id, office, reason, number, status, issued_at, called_at, done_at, desk, version, was,
	recalls, max_recalls, transfers, priority, transfer_desk, transfer_reason, transfer_note, wrapup, id IN ` + pendingTickets

// scanTicket reads a row of ticketColumns; the transfer note and the
// wrap-up are opened with the mirror's key.
func (s *Store) scanTicket(row interface{ Scan(...any) error }) (model.Ticket, bool, error) {
	var t model.Ticket
	var reason, status, priority, transferReason string
	var issued, called, done int64
	var pending bool
	var note, wrapUp []byte
	err := row.Scan(&t.ID, &t.Office, &reason, &t.Number, &status, &issued, &called, &done, &t.Desk, &t.Version, &t.Was,
		&t.Recalls, &t.MaxRecalls, &t.Transfers, &priority, &t.TransferDesk, &transferReason, &note, &wrapUp, &pending)
	if err != nil {
		return t, pending, err
	}
	t.Reason, t.Status = model.TicketReason(reason), model.TicketStatus(status)
	t.Priority, t.TransferReason = model.Priority(priority), model.TicketReason(transferReason)
	t.IssuedAt, t.CalledAt, t.DoneAt = timeOrZero(issued), timeOrZero(called), timeOrZero(done)
	if t.TransferNote, err = s.seal.openString(note, ticketsTransferNote.at(t.ID)); err != nil {
		return t, pending, err
	}
	err = s.openTicketWrapUp(wrapUp, &t)
	return t, pending, err
}

func (s *Store) ticket(ctx context.Context, tx *sql.Tx, id string) (model.Ticket, error) {
	t, _, err := s.scanTicket(tx.QueryRowContext(ctx, `SELECT `+ticketColumns+` FROM tickets WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return t, ErrNoSuchTicket
	}
	return t, err
}

// QueueEntry is a ticket as the queue shows it.
type QueueEntry = model.QueueEntry

// Queue returns the tickets of an office's day, by issue time.
func (s *Store) Queue(ctx context.Context, office string, day time.Time) ([]QueueEntry, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+ticketColumns+` FROM tickets WHERE office = ? AND day = ? ORDER BY issued_at, number`,
		office, model.Day(day).Format(dayLayout))
	if err != nil {
		return nil, fmt.Errorf("cache: queue: %w", err)
	}
	defer rows.Close()
	var out []QueueEntry
	for rows.Next() {
		var e QueueEntry
		if e.Ticket, e.Pending, err = s.scanTicket(rows); err != nil {
			return nil, fmt.Errorf("cache: queue: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Catalogue is what the reception books against: the services and the
// offices of the Direzione provinciale, kept for offline use.
type Catalogue struct {
	Services []model.Service
	Offices  []model.Office
	At       time.Time // when it was fetched
}

// SetCatalogue stores the catalogue.
func (s *Store) SetCatalogue(ctx context.Context, c Catalogue) error {
	v, err := jsonString(c)
	if err != nil {
		return err
	}
	return s.write(ctx, "catalogue", func(tx *sql.Tx) error { return setMeta(ctx, tx, map[string]string{"catalogue": v}) })
}

// Catalogue returns the stored catalogue, or ErrNotCached.
func (s *Store) Catalogue(ctx context.Context) (Catalogue, error) {
	var c Catalogue
	v, err := metaValue(ctx, s.r, "catalogue")
	if err != nil {
		return c, err
	}
	if err := json.Unmarshal([]byte(v), &c); err != nil {
		return c, fmt.Errorf("cache: decode catalogue: %w", err)
	}
	return c, nil
}

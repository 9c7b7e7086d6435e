package sandbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"time"

	"sportello/client"
	"sportello/model"
)

// receptionSchema holds the queue tickets (elimina code) of the offices.
const receptionSchema = `
CREATE TABLE IF NOT EXISTS tickets (
	id TEXT PRIMARY KEY, office_code TEXT NOT NULL REFERENCES offices(code), day TEXT NOT NULL,
	letter TEXT NOT NULL, number INTEGER NOT NULL, reason TEXT NOT NULL, status TEXT NOT NULL,
	issued_at INTEGER NOT NULL, called_at INTEGER NOT NULL DEFAULT 0, done_at INTEGER NOT NULL DEFAULT 0,
	desk TEXT NOT NULL DEFAULT '', version INTEGER NOT NULL,
	recalls INTEGER NOT NULL DEFAULT 0, transfers INTEGER NOT NULL DEFAULT 0, priority TEXT NOT NULL DEFAULT '',
	transfer_desk TEXT NOT NULL DEFAULT '', transfer_reason TEXT NOT NULL DEFAULT '', transfer_note TEXT NOT NULL DEFAULT '',
	UNIQUE (office_code, day, letter, number));
`

// receptionRoles may issue and call queue tickets.
var receptionRoles = []string{string(model.RoleAccoglienza), string(model.RolePuntoINPS)}

func isReception(op client.OperatorJSON) bool {
	return slices.ContainsFunc(receptionRoles, func(r string) bool { return hasRole(op, r) })
}

// registerCitizen records a citizen the institute does not know yet; a
// known codice fiscale answers its file unchanged.
func (s *Sandbox) registerCitizen(ctx context.Context, m *mreq) (answer, error) {
	var req client.NewCitizenJSON
	if !m.decode(&req) {
		return fail(http.StatusBadRequest, "bad_request", "Dati del cittadino non validi."), nil
	}
	n := model.NewCitizen{CF: req.CF, GivenName: req.GivenName, FamilyName: req.FamilyName, Phone: req.Phone, Email: req.Email}.Normalize()
	if err := n.Validate(); err != nil {
		return fail(http.StatusUnprocessableEntity, "unprocessable", "Dati del cittadino non validi: "+err.Error()+"."), nil
	}
	if c, err := loadCitizen(ctx, m.tx, n.CF); err == nil {
		return answer{http.StatusOK, client.CitizenToJSON(c)}, nil
	} else if !errors.Is(err, sql.ErrNoRows) {
		return answer{}, err
	}
	c := n.Citizen(m.now)
	for _, b := range birthPlaces {
		if b.catasto == c.BirthPlace {
			c.BirthPlace = b.name
		}
	}
	if err := putCitizen(ctx, m.tx, c); err != nil {
		return answer{}, err
	}
	if err := m.applied(ctx, "register", "citizen", c.CF); err != nil {
		return answer{}, err
	}
	return answer{http.StatusCreated, client.CitizenToJSON(c)}, nil
}

const ticketColumns = `id, office_code, number, reason, status, issued_at, called_at, done_at, desk, version, ` + ticketCounterColumns

func scanTicket(sc interface{ Scan(...any) error }) (client.TicketJSON, error) {
	var t client.TicketJSON
	var issued, called, done int64
	var wrapUp sql.NullString
	err := sc.Scan(&t.ID, &t.Office, &t.Number, &t.Reason, &t.Status, &issued, &called, &done, &t.Desk, &t.Version,
		&t.Recalls, &t.Transfers, &t.Priority, &t.TransferDesk, &t.TransferReason, &t.TransferNote, &wrapUp)
	if err == nil {
		err = scanTicketWrapUp(wrapUp, &t)
	}
	t.MaxRecalls = MaxRecalls
	t.IssuedAt = time.Unix(issued, 0).In(model.Rome)
	t.CalledAt, t.DoneAt = timeOf(called), timeOf(done)
	return t, err
}

func loadTicket(ctx context.Context, q querier, id string) (client.TicketJSON, error) {
	return scanTicket(q.QueryRowContext(ctx, `SELECT `+ticketColumns+` FROM tickets WHERE id = ?`, id))
}

// unixOf and timeOf convert an optional time to and from the unix
// seconds the tables keep, 0 for none.
func unixOf(t *time.Time) int64 {
	if t == nil {
		return 0
	}
	return t.Unix()
}

func timeOf(unix int64) *time.Time {
	if unix == 0 {
		return nil
	}
	t := time.Unix(unix, 0).In(model.Rome)
	return &t
}

func insertTicket(ctx context.Context, q querier, t client.TicketJSON) error {
	_, err := q.ExecContext(ctx, `INSERT INTO tickets(id, office_code, day, letter, number, reason, status, issued_at, called_at,
		done_at, desk, version, priority) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, t.ID, t.Office, model.Day(t.IssuedAt).Format(client.DateLayout),
		model.TicketReason(t.Reason).Letter(), t.Number, t.Reason, t.Status, t.IssuedAt.Unix(), unixOf(t.CalledAt), unixOf(t.DoneAt),
		t.Desk, t.Version, t.Priority)
	if err != nil {
		return fmt.Errorf("ticket %s: %w", t.ID, err)
	}
	return nil
}

// issueTicket issues a ticket of the operator's office, keeping the
// number the console proposes when it is still free that day.
func (s *Sandbox) issueTicket(ctx context.Context, m *mreq) (answer, error) {
	var req client.TicketRequest
	if !m.decode(&req) || len(req.ID) < 8 || !model.TicketReason(req.Reason).Valid() || req.Number < 1 || req.IssuedAt.IsZero() ||
		!model.Priority(req.Priority).Valid() {
		return fail(http.StatusBadRequest, "bad_request", "Biglietto non valido: servono id, motivo, numero e ora."), nil
	}
	reason := model.TicketReason(req.Reason)
	if !isReception(m.op) {
		return fail(http.StatusForbidden, "forbidden", "Solo l'accoglienza e il Punto INPS emettono biglietti."), nil
	}
	if _, err := loadTicket(ctx, m.tx, req.ID); err == nil {
		return fail(http.StatusConflict, "conflict", "Esiste già un biglietto con questo identificativo."), nil
	}
	day, letter := model.Day(req.IssuedAt).Format(client.DateLayout), reason.Letter()
	number := req.Number
	var taken bool
	if err := m.tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM tickets WHERE office_code = ? AND day = ? AND letter = ? AND number = ?)`,
		m.op.Office.Code, day, letter, number).Scan(&taken); err != nil {
		return answer{}, err
	}
	if taken {
		if err := m.tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(number), 0) + 1 FROM tickets WHERE office_code = ? AND day = ? AND letter = ?`,
			m.op.Office.Code, day, letter).Scan(&number); err != nil {
			return answer{}, err
		}
	}
	if number > 999 {
		return fail(http.StatusConflict, "conflict", "Numeri esauriti per oggi."), nil
	}
	t := client.TicketJSON{ID: req.ID, Office: m.op.Office.Code, Number: number, Reason: req.Reason,
		Status: string(model.TicketWaiting), IssuedAt: req.IssuedAt.In(model.Rome).Truncate(time.Second), Version: 1}
	t.Priority, t.MaxRecalls = req.Priority, MaxRecalls
	if err := insertTicket(ctx, m.tx, t); err != nil {
		return answer{}, err
	}
	if err := m.applied(ctx, "issue_ticket", "ticket", t.ID); err != nil {
		return answer{}, err
	}
	return answer{http.StatusCreated, t}, nil
}

// ticketEvent calls a ticket, or marks it served or given up.
func (s *Sandbox) ticketEvent(ctx context.Context, m *mreq) (answer, error) {
	var req client.TicketEventRequest
	if !m.decode(&req) || req.Version < 1 || req.At.IsZero() {
		return fail(http.StatusBadRequest, "bad_request", "Evento non valido: servono type, version e at."), nil
	}
	t, err := loadTicket(ctx, m.tx, m.r.PathValue("id"))
	if errors.Is(err, sql.ErrNoRows) || err == nil && t.Office != m.op.Office.Code {
		return fail(http.StatusNotFound, "not_found", "Biglietto inesistente."), nil
	}
	if err != nil {
		return answer{}, err
	}
	if t.Version != req.Version {
		return answer{http.StatusConflict, client.ErrorBody{Code: "conflict", EntityJSON: client.EntityJSON{Ticket: &t},
			Message: "Il biglietto è stato chiamato o chiuso da un'altra postazione."}}, nil
	}
	return s.applyTicketEvent(ctx, m, t, req)
}

// receptionOffices have a Prima accoglienza with queue tickets: the larger
// offices (seeds/003_…txt), and the Punto INPS.
var receptionOffices = []string{"7800", "7801", "7802", "7895"}

// seedTickets fills today's queue of the reception offices up to now: a
// ticket every few minutes from opening, the older ones served, the last
// ones waiting.
func seedTickets(ctx context.Context, tx *sql.Tx, seed int64, now time.Time) error {
	today := model.Day(now)
	if !model.IsWorkingDay(today) {
		return nil
	}
	for _, office := range receptionOffices {
		if !officeOpen(office, today) {
			continue
		}
		rng := rand.New(rand.NewPCG(uint64(seed), hashString("tickets"+office)))
		numbers := map[model.TicketReason]int{}
		at := time.Date(today.Year(), today.Month(), today.Day(), 8, 30, 0, 0, model.Rome)
		closing := at.Add(4 * time.Hour)
		deskNames := desks[office]
		for i := 0; ; i++ {
			at = at.Add(time.Duration(2+rng.IntN(6)) * time.Minute)
			if !at.Before(now) || !at.Before(closing) {
				break
			}
			reason := model.TicketReasons[min(rng.IntN(10)/3, 3)]
			numbers[reason]++
			t := client.TicketJSON{ID: fmt.Sprintf("t-%s-%s-%03d", office, today.Format("20060102"), i), Office: office,
				Number: numbers[reason], Reason: string(reason), Status: string(model.TicketWaiting), IssuedAt: at, Version: 1}
			called := at.Add(time.Duration(6+rng.IntN(20)) * time.Minute)
			if called.Before(now) {
				t.Status, t.CalledAt, t.Desk, t.Version = string(model.TicketCalled), &called, pick(rng, deskNames), 2
				done := called.Add(time.Duration(3+rng.IntN(9)) * time.Minute)
				if done.Before(now) {
					t.Status, t.DoneAt, t.Version = string(model.TicketServed), &done, 3
					if rng.IntN(20) == 0 {
						t.Status, t.DoneAt = string(model.TicketGone), &called
					}
				}
			}
			if err := insertTicket(ctx, tx, t); err != nil {
				return err
			}
		}
	}
	return nil
}

// DaySlots returns the slots of an office on a day as central has them,
// for tests to check the console's figures against.
func (s *Sandbox) DaySlots(ctx context.Context, office string, day time.Time) ([]model.Slot, error) {
	d := model.Day(day)
	raw, err := s.querySlots(ctx, s.db, `office_code = ? AND start >= ? AND start < ? ORDER BY start, desk`,
		office, d.Unix(), d.AddDate(0, 0, 1).Unix())
	if err != nil {
		return nil, fmt.Errorf("sandbox: day slots: %w", err)
	}
	out := make([]model.Slot, 0, len(raw))
	for _, r := range raw {
		sl, err := r.Model()
		if err != nil {
			return nil, err
		}
		out = append(out, sl)
	}
	return out, nil
}

// Tickets returns the queue tickets of an office on a day, by issue time.
func (s *Sandbox) Tickets(ctx context.Context, office string, day time.Time) ([]model.Ticket, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+ticketColumns+` FROM tickets WHERE office_code = ? AND day = ? ORDER BY issued_at, id`,
		office, model.Day(day).Format(client.DateLayout))
	if err != nil {
		return nil, fmt.Errorf("sandbox: tickets: %w", err)
	}
	defer rows.Close()
	var out []model.Ticket
	for rows.Next() {
		tj, err := scanTicket(rows)
		if err != nil {
			return nil, err
		}
		t, err := tj.Model()
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

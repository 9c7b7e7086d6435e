package sandbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"sportello/client"
	"sportello/model"
)

// MaxRecalls is central's recall limit: a called ticket can be recalled
// this many times; the next recall makes it gone. Every ticket answer
// announces it (max_recalls).
const MaxRecalls = 3

// ticketCounterColumns are the counter's columns of a ticket, in the order
// scanTicket reads them.
const ticketCounterColumns = `recalls, transfers, priority, transfer_desk, transfer_reason, transfer_note, ` + ticketWrapUpColumn

// addTicketCounterColumns adds the counter's columns to the tickets of a
// sandbox database made before them.
func addTicketCounterColumns(ctx context.Context, db *sql.DB) error {
	for _, col := range []string{"recalls INTEGER NOT NULL DEFAULT 0", "transfers INTEGER NOT NULL DEFAULT 0",
		"priority TEXT NOT NULL DEFAULT ''", "transfer_desk TEXT NOT NULL DEFAULT ''", "transfer_reason TEXT NOT NULL DEFAULT ''",
		"transfer_note TEXT NOT NULL DEFAULT ''"} {
		var has bool
		name := strings.Fields(col)[0]
		if err := db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pragma_table_info('tickets') WHERE name = ?)`, name).Scan(&has); err != nil {
			return fmt.Errorf("tickets columns: %w", err)
		}
		if !has {
			if _, err := db.ExecContext(ctx, `ALTER TABLE tickets ADD COLUMN `+col); err != nil {
				return fmt.Errorf("tickets column %s: %w", name, err)
			}
		}
	}
	return nil
}

// applyTicketEvent applies an event to a ticket at the version the console
// saw, with the rules the console follows too (model.Ticket.Apply): a desk
// acting on a ticket another desk holds is refused with the ticket, so two
// desks never call one citizen; an operator with a desk acts as that desk
// only; a recall past MaxRecalls makes the ticket gone. Requests are
// serialised (one connection, immediate transactions), so of two desks
// calling one ticket at once exactly one gets it.
func (s *Sandbox) applyTicketEvent(ctx context.Context, m *mreq, tj client.TicketJSON, req client.TicketEventRequest) (answer, error) {
	t, err := tj.Model()
	if err != nil {
		return answer{}, err
	}
	desk := req.Desk
	if desk == "" {
		desk = m.op.Desk
	}
	if m.op.Desk != "" && desk != m.op.Desk {
		// An operator at a desk acts as that desk, never in another's name.
		return *unprocessable("La postazione indicata non è quella dell'operatore."), nil
	}
	if req.Type != string(model.TicketServe) && utf8.RuneCountInString(req.Note) > model.MaxTicketNoteLength || !model.Priority(req.Priority).Valid() {
		return fail(http.StatusBadRequest, "bad_request", "Nota troppo lunga o priorità sconosciuta."), nil
	}
	if model.TicketOp(req.Type) == model.TicketTransfer {
		if bad := transferTicketTarget(m, desk, req); bad != nil {
			return *bad, nil
		}
	}
	services, bad := checkTicketWrapUp(req)
	if bad != nil {
		return *bad, nil
	}
	next, err := t.Apply(model.TicketAction{TicketID: t.ID, Op: model.TicketOp(req.Type), Version: req.Version, At: req.At.In(model.Rome),
		Desk: desk, Priority: model.Priority(req.Priority), TransferDesk: req.TransferDesk,
		TransferReason: model.TicketReason(req.TransferReason), Note: req.Note,
		Outcome: model.Outcome(req.Outcome), Services: services, NotRepresentative: req.NotRepresentative})
	switch {
	case errors.Is(err, model.ErrOtherDesk):
		return answer{http.StatusConflict, client.ErrorBody{Code: "conflict", EntityJSON: client.EntityJSON{Ticket: &tj},
			Message: "Il biglietto è già chiamato da un'altra postazione: due sportelli non chiamano lo stesso cittadino."}}, nil
	case err != nil:
		return answer{http.StatusConflict, client.ErrorBody{Code: "invalid_transition", EntityJSON: client.EntityJSON{Ticket: &tj},
			Message: "Operazione non possibile nello stato attuale del biglietto."}}, nil
	}
	out := client.TicketToJSON(next)
	out.IssuedAt = tj.IssuedAt
	if _, err := m.tx.ExecContext(ctx, `UPDATE tickets SET status = ?, called_at = ?, done_at = ?, desk = ?, version = ?, recalls = ?,
		transfers = ?, priority = ?, transfer_desk = ?, transfer_reason = ?, transfer_note = ? WHERE id = ?`,
		out.Status, unixOf(out.CalledAt), unixOf(out.DoneAt), out.Desk, out.Version, out.Recalls, out.Transfers, out.Priority,
		out.TransferDesk, out.TransferReason, out.TransferNote, out.ID); err != nil {
		return answer{}, fmt.Errorf("ticket %s: %w", out.ID, err)
	}
	if err := saveTicketWrapUp(ctx, m.tx, out); err != nil {
		return answer{}, err
	}
	if err := m.applied(ctx, "ticket:"+req.Type, "ticket", out.ID); err != nil {
		return answer{}, err
	}
	return answer{http.StatusOK, out}, nil
}

// transferTicketTarget checks a ticket's transfer at central's rules: the
// desk named is one of the office's and not the desk acting (a ticket
// waiting for a desk nobody sits at is called by no one), the service is
// one of the reasons, and the note has no control characters. A refusal
// comes back as the answer.
func transferTicketTarget(m *mreq, desk string, req client.TicketEventRequest) *answer {
	switch {
	case req.TransferDesk != "" && !slices.Contains(desks[m.op.Office.Code], req.TransferDesk):
		return unprocessable("Lo sportello indicato non è di questa struttura.")
	case req.TransferDesk != "" && req.TransferDesk == desk:
		return unprocessable("Indica un altro sportello o un altro servizio.")
	case req.TransferReason != "" && !model.TicketReason(req.TransferReason).Valid():
		return unprocessable("Servizio inesistente.")
	case model.HasControl(req.Note):
		return unprocessable("La nota per il collega contiene caratteri non ammessi.")
	}
	return nil
}

package sandbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"sportello/client"
	"sportello/model"
)

// ticketWrapUpsSchema keeps the wrap-up of a served ticket (outcome,
// services, note, flag), beside the ticket, as JSON.
const ticketWrapUpsSchema = `
CREATE TABLE IF NOT EXISTS ticket_wrapups (
	ticket_id TEXT PRIMARY KEY REFERENCES tickets(id), data TEXT NOT NULL);
`

// ticketWrapUpColumn reads a ticket's wrap-up in a SELECT … FROM tickets.
const ticketWrapUpColumn = `(SELECT data FROM ticket_wrapups WHERE ticket_wrapups.ticket_id = tickets.id)`

// scanTicketWrapUp decodes a ticket's wrap-up (NULL: none).
func scanTicketWrapUp(data sql.NullString, t *client.TicketJSON) error {
	return scanBeside(data, &t.TicketWrapUpJSON, "ticket "+t.ID+": wrap-up")
}

// saveTicketWrapUp stores a served ticket's wrap-up, if it has one.
func saveTicketWrapUp(ctx context.Context, q querier, t client.TicketJSON) error {
	w := t.TicketWrapUpJSON
	if w.Outcome == "" && len(w.Services) == 0 && w.Note == "" && !w.NotRepresentative {
		return nil
	}
	data, err := json.Marshal(w)
	if err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, `INSERT INTO ticket_wrapups(ticket_id, data) VALUES (?, ?)
		ON CONFLICT(ticket_id) DO UPDATE SET data = excluded.data`, t.ID, string(data)); err != nil {
		return fmt.Errorf("save wrap-up %s: %w", t.ID, err)
	}
	return nil
}

// checkTicketWrapUp applies central's rules to a serve's wrap-up: an
// outcome of the catalogue (none at all only from a console before the
// wrap-up, which sends nothing of it), services of the catalogue that a
// reception gives (first level), a note within model.MaxNoteLength. It
// returns the services named as the catalogue names them, or the refusal.
func checkTicketWrapUp(req client.TicketEventRequest) ([]string, *answer) {
	if req.Type != string(model.TicketServe) {
		return nil, nil
	}
	if req.Outcome == "" && len(req.Services) == 0 && strings.TrimSpace(req.Note) == "" && !req.NotRepresentative {
		return nil, nil
	}
	if !outcomeKnown(req.Outcome) {
		return nil, unprocessable("Per concludere il biglietto indica un esito del catalogo.")
	}
	if len(strings.TrimSpace(req.Note)) > model.MaxNoteLength {
		return nil, unprocessable("La nota è troppo lunga.")
	}
	if len(req.Services) > model.MaxServicesPerVisit {
		return nil, unprocessable("Troppi servizi per un solo biglietto.")
	}
	names := make([]string, 0, len(req.Services))
	for _, code := range req.Services {
		name, level, ok := serviceByCode(code)
		switch {
		case !ok:
			return nil, unprocessable("Servizio inesistente.")
		case level != int(model.LevelInformation):
			return nil, unprocessable("Un servizio di consulenza non si eroga all'accoglienza: trasferisci il biglietto.")
		}
		names = append(names, name)
	}
	return names, nil
}

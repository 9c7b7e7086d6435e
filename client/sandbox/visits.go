package sandbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"sportello/client"
	"sportello/model"
)

// visitsSchema keeps what a slot records of the visit served on it (its
// services, flag, transfers and priority), beside the slot, as JSON.
const visitsSchema = `
CREATE TABLE IF NOT EXISTS slot_visits (
	slot_id TEXT PRIMARY KEY REFERENCES slots(id), data TEXT NOT NULL);
`

// visitColumn reads a slot's visit in a SELECT … FROM slots.
const visitColumn = `(SELECT data FROM slot_visits WHERE slot_visits.slot_id = slots.id)`

// scanVisit decodes a slot's visit (NULL: none).
func scanVisit(data sql.NullString, sl *client.SlotJSON) error {
	return scanBeside(data, &sl.VisitJSON, "slot "+sl.ID+": visit")
}

// scanBeside decodes the JSON a table beside another keeps for one of its
// rows (slot_visits, ticket_wrapups) into v; NULL leaves v as it is.
func scanBeside(data sql.NullString, v any, what string) error {
	if !data.Valid {
		return nil
	}
	if err := json.Unmarshal([]byte(data.String), v); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// saveVisit stores a slot's visit.
func saveVisit(ctx context.Context, q querier, sl client.SlotJSON) error {
	v := sl.VisitJSON
	if len(v.Services) == 0 && !v.NotRepresentative && v.Transfers == 0 && v.TransferFrom == "" && v.TransferNote == "" && v.Priority == "" {
		_, err := q.ExecContext(ctx, `DELETE FROM slot_visits WHERE slot_id = ?`, sl.ID)
		return err
	}
	data, err := json.Marshal(sl.VisitJSON)
	if err != nil {
		return err
	}
	_, err = q.ExecContext(ctx, `INSERT INTO slot_visits(slot_id, data) VALUES (?, ?)
		ON CONFLICT(slot_id) DO UPDATE SET data = excluded.data`, sl.ID, string(data))
	if err != nil {
		return fmt.Errorf("save visit %s: %w", sl.ID, err)
	}
	return nil
}

// outcomeNames are central's catalogue of outcomes, in the wrap-up's order.
var outcomeNames = model.DefaultOutcomes

func (s *Sandbox) handleOutcomes(w http.ResponseWriter, _ *http.Request) {
	out := client.OutcomesJSON{Outcomes: make([]client.OutcomeJSON, 0, len(outcomeNames))}
	for _, o := range outcomeNames {
		out.Outcomes = append(out.Outcomes, client.OutcomeJSON{Code: string(o.Code), Name: o.Name})
	}
	writeJSON(w, http.StatusOK, out)
}

// outcomeKnown reports whether an outcome is in the catalogue.
func outcomeKnown(o string) bool {
	return slices.ContainsFunc(outcomeNames, func(i model.OutcomeInfo) bool { return string(i.Code) == o })
}

// unprocessable is a 422 with a message for the operator.
func unprocessable(msg string) *answer {
	a := fail(http.StatusUnprocessableEntity, "unprocessable", msg)
	return &a
}

// applyVisit applies the visit's part of an event to sl (already moved to
// its next status), at central's rules; a refusal comes back as the
// answer.
func applyVisit(m *mreq, sl *client.SlotJSON, ev model.SlotEvent, req client.SlotEventRequest) *answer {
	switch ev {
	case model.EventComplete:
		if !outcomeKnown(req.Outcome) {
			return unprocessable("Per concludere l'appuntamento indica un esito del catalogo.")
		}
		names, bad := serviceNames(req.Services)
		if bad != nil {
			return bad
		}
		all := append(slices.Clone(sl.Services), names...)
		slices.Sort(all)
		all = slices.DeleteFunc(slices.Compact(all), func(n string) bool { return n == sl.Service }) // the booked one counts by itself
		if len(all) > model.MaxServicesPerVisit {
			return unprocessable("Troppi servizi per una sola visita.")
		}
		sl.Services, sl.NotRepresentative = all, req.NotRepresentative
	case model.EventAddService:
		if len(req.Services) != 1 {
			return unprocessable("Indica un servizio da aggiungere.")
		}
		names, bad := serviceNames(req.Services)
		if bad != nil {
			return bad
		}
		if names[0] == sl.Service || slices.Contains(sl.Services, names[0]) {
			return unprocessable("Il servizio è già registrato in questa visita.")
		}
		if len(sl.Services) >= model.MaxServicesPerVisit {
			return unprocessable("Troppi servizi per una sola visita.")
		}
		sl.Services = append(sl.Services, names[0])
	case model.EventTransfer:
		return transfer(m, sl, req)
	case model.EventPriority:
		if !model.Priority(req.Priority).Valid() {
			return unprocessable("Priorità sconosciuta.")
		}
		sl.Priority = req.Priority
	}
	return nil
}

// transfer passes the visit to another desk of the office or another
// service, with a note for the colleague: the citizen waits there as
// arrived.
func transfer(m *mreq, sl *client.SlotJSON, req client.SlotEventRequest) *answer {
	desk, service := sl.Desk, sl.Service
	if req.Desk != "" {
		if !slices.Contains(desks[m.op.Office.Code], req.Desk) {
			return unprocessable("Lo sportello indicato non è di questa struttura.")
		}
		desk = req.Desk
	}
	if req.Service != "" {
		name, _, ok := serviceByCode(req.Service)
		if !ok {
			return unprocessable("Servizio inesistente.")
		}
		service = name
	}
	if desk == sl.Desk && service == sl.Service {
		return unprocessable("Indica un altro sportello o un altro servizio.")
	}
	if len(req.Note) > model.MaxTransferNoteLength {
		return unprocessable("La nota per il collega è troppo lunga.")
	}
	if model.HasControl(req.Note) {
		return unprocessable("La nota per il collega contiene caratteri non ammessi.")
	}
	sl.TransferFrom, sl.TransferNote, sl.Transfers = sl.Desk, strings.TrimSpace(req.Note), sl.Transfers+1
	sl.Desk, sl.Service, sl.ServedFrom = desk, service, nil
	return nil
}

// serviceNames turns service codes into the names slots carry.
func serviceNames(codes []string) ([]string, *answer) {
	out := make([]string, 0, len(codes))
	for _, c := range codes {
		name, _, ok := serviceByCode(c)
		if !ok {
			return nil, unprocessable("Servizio inesistente.")
		}
		out = append(out, name)
	}
	return out, nil
}

package sandbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"time"

	"sportello/client"
	"sportello/model"
)

const slotColumns = `id, office_code, start, end, desk, channel, service, level, status, citizen_cf, meeting_url, phone, outcome, note,
	version, served_from, served_to, ` + visitColumn

func scanSlot(sc interface{ Scan(...any) error }) (client.SlotJSON, error) {
	var sl client.SlotJSON
	var start, end, from, to int64
	var visit sql.NullString
	err := sc.Scan(&sl.ID, &sl.Office, &start, &end, &sl.Desk, &sl.Channel, &sl.Service, &sl.Level, &sl.Status,
		&sl.CitizenCF, &sl.MeetingURL, &sl.Phone, &sl.Outcome, &sl.Note, &sl.Version, &from, &to, &visit)
	sl.Start, sl.End = time.Unix(start, 0).In(model.Rome), time.Unix(end, 0).In(model.Rome)
	sl.ServedFrom, sl.ServedTo = timeOf(from), timeOf(to)
	if err == nil {
		err = scanVisit(visit, &sl)
	}
	return sl, err
}

func (s *Sandbox) querySlots(ctx context.Context, q querier, where string, args ...any) ([]client.SlotJSON, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+slotColumns+` FROM slots WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []client.SlotJSON{}
	for rows.Next() {
		sl, err := scanSlot(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, sl)
	}
	return out, rows.Err()
}

func (s *Sandbox) loadSlot(ctx context.Context, q querier, id string) (client.SlotJSON, error) {
	return scanSlot(q.QueryRowContext(ctx, `SELECT `+slotColumns+` FROM slots WHERE id = ?`, id))
}

func saveSlot(ctx context.Context, q querier, sl client.SlotJSON) error {
	_, err := q.ExecContext(ctx, `UPDATE slots SET desk = ?, channel = ?, service = ?, status = ?, citizen_cf = ?, meeting_url = ?,
		phone = ?, outcome = ?, note = ?, version = ?, served_from = ?, served_to = ? WHERE id = ?`,
		sl.Desk, sl.Channel, sl.Service, sl.Status, sl.CitizenCF, sl.MeetingURL, sl.Phone, sl.Outcome, sl.Note, sl.Version,
		unixOf(sl.ServedFrom), unixOf(sl.ServedTo), sl.ID)
	if err != nil {
		return fmt.Errorf("save slot %s: %w", sl.ID, err)
	}
	return saveVisit(ctx, q, sl)
}

func (s *Sandbox) handleAgenda(w http.ResponseWriter, r *http.Request) {
	from, to, ok := dateRange(w, r)
	if !ok {
		return
	}
	op := caller(r)
	office, desk := r.URL.Query().Get("office"), r.URL.Query().Get("desk")
	if office == "" {
		office = op.Office.Code
		if desk == "" {
			desk = op.Desk
		}
	}
	// The slots name their citizens: an operator reads his own office's,
	// and a head of structure, who serves none, reads the agendas as
	// counts (GET /v1/capacity).
	if office != op.Office.Code || servesNoCitizen(op) {
		writeError(w, http.StatusForbidden, "forbidden", "Le agende con i cittadini prenotati sono visibili solo agli operatori della struttura.")
		return
	}
	slots, err := s.querySlots(r.Context(), s.db, `office_code = ?1 AND (?2 = '' OR desk = ?2) AND start >= ?3 AND start < ?4 ORDER BY start, desk`,
		office, desk, from.Unix(), to.AddDate(0, 0, 1).Unix())
	if err != nil {
		s.internal(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, client.AgendaJSON{From: from.Format(client.DateLayout), To: to.Format(client.DateLayout), Slots: slots})
}

// slotEvent records check-in, start, complete, no-show or cancel.
func (s *Sandbox) slotEvent(ctx context.Context, m *mreq) (answer, error) {
	var req client.SlotEventRequest
	if !m.decode(&req) || req.Version < 1 {
		return fail(http.StatusBadRequest, "bad_request", "Evento non valido: servono type e version."), nil
	}
	sl, err := s.loadSlot(ctx, m.tx, m.r.PathValue("id"))
	if errors.Is(err, sql.ErrNoRows) {
		return fail(http.StatusNotFound, "not_found", "Appuntamento inesistente."), nil
	}
	if err != nil {
		return answer{}, err
	}
	if sl.Office != m.op.Office.Code {
		return fail(http.StatusForbidden, "forbidden", "L'appuntamento è di un'altra struttura."), nil
	}
	if sl.Version != req.Version {
		return answer{http.StatusConflict, client.ErrorBody{Code: "conflict", EntityJSON: client.EntityJSON{Slot: &sl},
			Message: "L'appuntamento è stato modificato da un altro operatore: ecco la versione attuale."}}, nil
	}
	ev := model.SlotEvent(req.Type)
	next, err := model.Next(model.Status(sl.Status), ev)
	if err != nil {
		return answer{http.StatusConflict, client.ErrorBody{Code: "invalid_transition", EntityJSON: client.EntityJSON{Slot: &sl},
			Message: "Operazione non possibile nello stato attuale dell'appuntamento."}}, nil
	}
	if len(req.Note) > model.MaxNoteLength {
		return fail(http.StatusUnprocessableEntity, "unprocessable", "La nota è troppo lunga."), nil
	}
	sl.Status, sl.Version = string(next), sl.Version+1
	if bad := applyVisit(m, &sl, ev, req); bad != nil {
		return *bad, nil
	}
	at := m.now
	if req.At != nil {
		at = req.At.In(model.Rome)
	}
	switch ev {
	case model.EventStart:
		sl.ServedFrom = &at
	case model.EventComplete:
		sl.Outcome, sl.Note = req.Outcome, req.Note
		sl.ServedTo = &at
	}
	if err := saveSlot(ctx, m.tx, sl); err != nil {
		return answer{}, err
	}
	if err := m.applied(ctx, "slot_event:"+req.Type, "slot", sl.ID); err != nil {
		return answer{}, err
	}
	if ev == model.EventComplete {
		err := s.updateCitizen(ctx, m, sl.CitizenCF, func(c *model.Citizen) {
			c.History = append([]model.HistoryEntry{{At: at, Channel: sl.Channel, Office: m.op.Office.Name,
				OperatorID: m.op.ID, Operator: m.op.Name, Service: sl.Service, Outcome: model.Outcome(req.Outcome), Note: req.Note}}, c.History...)
		})
		if err != nil {
			return answer{}, err
		}
	}
	return answer{http.StatusOK, sl}, nil
}

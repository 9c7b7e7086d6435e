package sandbox

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"strings"

	"sportello/client"
	"sportello/model"
)

func serviceByCode(code string) (name string, level int, ok bool) {
	for _, sv := range services {
		if sv.code == code {
			return sv.name, sv.level, true
		}
	}
	return "", 0, false
}

func officeKnown(code string) bool {
	for _, o := range offices {
		if o.code == code {
			return true
		}
	}
	return false
}

func (s *Sandbox) handleAvailability(w http.ResponseWriter, r *http.Request) {
	from, to, ok := dateRange(w, r)
	if !ok {
		return
	}
	office, service := r.URL.Query().Get("office"), r.URL.Query().Get("service")
	name, level, known := serviceByCode(service)
	if !officeKnown(office) || !known {
		writeError(w, http.StatusNotFound, "not_found", "Struttura o servizio inesistenti.")
		return
	}
	start := max(from.Unix(), s.now().Unix())
	slots, err := s.querySlots(r.Context(), s.db, `office_code = ? AND status = 'free' AND level = ? AND start >= ? AND start < ?
		ORDER BY start, desk LIMIT 500`, office, level, start, to.AddDate(0, 0, 1).Unix())
	if err != nil {
		s.internal(w, r, err)
		return
	}
	if len(slots) == 0 {
		// Central counts the demand its agendas did not meet (GET /v1/capacity).
		if err := s.recordMiss(r.Context(), office, name); err != nil {
			s.internal(w, r, err)
			return
		}
	}
	writeJSON(w, http.StatusOK, client.AvailabilityJSON{Office: office, Service: service, Slots: slots})
}

// bookSlot books a free future slot for a citizen. serviceCode empty keeps
// the slot's service; phone empty takes the citizen's first mobile.
func (s *Sandbox) bookSlot(ctx context.Context, m *mreq, slotID, cf, serviceCode string, ch model.Channel, phone string) (client.SlotJSON, *answer, error) {
	refuse := func(status int, code, msg string) (client.SlotJSON, *answer, error) {
		a := fail(status, code, msg)
		return client.SlotJSON{}, &a, nil
	}
	sl, err := s.loadSlot(ctx, m.tx, slotID)
	if errors.Is(err, sql.ErrNoRows) {
		return refuse(http.StatusNotFound, "not_found", "Appuntamento inesistente.")
	}
	if err != nil {
		return sl, nil, err
	}
	c, err := loadCitizen(ctx, m.tx, cf)
	if errors.Is(err, sql.ErrNoRows) {
		return refuse(http.StatusNotFound, "not_found", "Nessun cittadino con questo codice fiscale.")
	}
	if err != nil {
		return sl, nil, err
	}
	if sl.Status != string(model.StatusFree) || !sl.Start.After(m.now) {
		current := sl
		return client.SlotJSON{}, &answer{http.StatusConflict, client.ErrorBody{Code: "conflict", EntityJSON: client.EntityJSON{Slot: &current},
			Message: "L'orario non è più libero: scegline un altro."}}, nil
	}
	if serviceCode != "" {
		name, level, ok := serviceByCode(serviceCode)
		if !ok || level != sl.Level {
			return refuse(http.StatusUnprocessableEntity, "unprocessable", "Il servizio non si prenota in questa fascia oraria.")
		}
		sl.Service = name
	}
	switch ch {
	case model.ChannelPhone:
		if phone == "" {
			for _, k := range c.Contacts {
				if k.Kind == model.ContactMobile || k.Kind == model.ContactPhone {
					phone = k.Value
					break
				}
			}
		}
		if phone == "" {
			return refuse(http.StatusUnprocessableEntity, "unprocessable", "Per la richiamata serve un numero di telefono.")
		}
		sl.Phone = phone
	case model.ChannelWebMeeting:
		s.mu.Lock()
		sl.MeetingURL = teamsLink(s.rng)
		s.mu.Unlock()
	}
	sl.Status, sl.CitizenCF, sl.Channel, sl.Version = string(model.StatusBooked), cf, string(ch), sl.Version+1
	if err := saveSlot(ctx, m.tx, sl); err != nil {
		return sl, nil, err
	}
	if err := m.applied(ctx, "book", "slot", sl.ID); err != nil {
		return sl, nil, err
	}
	return sl, nil, nil
}

func (s *Sandbox) book(ctx context.Context, m *mreq) (answer, error) {
	var req client.BookingRequest
	if !m.decode(&req) || !model.Channel(req.Channel).Valid() || model.ValidateCF(req.CitizenCF) != nil {
		return fail(http.StatusBadRequest, "bad_request", "Prenotazione non valida: servono appuntamento, codice fiscale, servizio e canale."), nil
	}
	sl, refused, err := s.bookSlot(ctx, m, req.SlotID, req.CitizenCF, req.Service, model.Channel(req.Channel), strings.TrimSpace(req.Phone))
	if refused != nil || err != nil {
		return deref(refused), err
	}
	return answer{http.StatusCreated, sl}, nil
}

package sandbox

import (
	"net/http"
	"slices"
	"sync"
	"time"

	"sportello/client"
	"sportello/model"
)

// The working calendar central gives each office, the periods a scheda
// waits for the citizen, and the consultants' presence on the schede.

// patronSaint is an office's own holiday: the feast of its comune's patron
// saint, every year.
type patronSaint struct {
	month time.Month
	day   int
	name  string
}

// patronSaints are the holidays of the offices whose comune has one the
// sandbox knows (the CRIC Campania works in Naples).
var patronSaints = map[string]patronSaint{
	"7800": {time.September, 21, "San Matteo, patrono di Salerno"},
	"7802": {time.May, 9, "San Prisco, patrono di Nocera Inferiore"},
	"7880": {time.September, 19, "San Gennaro, patrono di Napoli"},
}

// schedaTargetDays is the service target of a scheda, in working days.
const schedaTargetDays = 5

func (s *Sandbox) handleCalendar(w http.ResponseWriter, r *http.Request) {
	op := caller(r)
	from, err := time.ParseInLocation(time.DateOnly, r.URL.Query().Get("from"), model.Rome)
	if err != nil {
		writeError(w, http.StatusBadRequest, "bad_request", "Serve la data di inizio (AAAA-MM-GG).")
		return
	}
	out := client.CalendarJSON{Office: op.Office.Code, Holidays: []client.HolidayJSON{}, SchedaTarget: schedaTargetDays}
	if p, ok := patronSaints[op.Office.Code]; ok {
		for y := from.Year(); y <= from.Year()+1; y++ {
			d := time.Date(y, p.month, p.day, 0, 0, 0, 0, model.Rome)
			out.Holidays = append(out.Holidays, client.HolidayJSON{Date: d.Format(time.DateOnly), Name: p.name})
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// trackWaits keeps the scheda's waiting periods with its status: one
// starts when it begins to wait for the citizen, and ends when it stops.
func trackWaits(sc *model.Scheda, now time.Time) {
	now = now.Truncate(time.Second)
	switch waiting := sc.Status == model.SchedaWaiting; {
	case waiting && !sc.WaitingNow():
		sc.Waits = append(sc.Waits, model.Period{From: now})
	case !waiting && sc.WaitingNow():
		sc.Waits[len(sc.Waits)-1].To = now
	}
}

// presenceBoard is who has which scheda open: in memory only, each
// presence expiring model.PresenceTTL after it was last announced.
type presenceBoard struct {
	mu    sync.Mutex
	bySch map[string]map[string]model.Presence // scheda id → operator id → presence
}

// put records a consultant's presence and returns the others' unexpired,
// by name.
func (b *presenceBoard) put(id string, p model.Presence, now time.Time) []model.Presence {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.bySch == nil {
		b.bySch = map[string]map[string]model.Presence{}
	}
	if b.bySch[id] == nil {
		b.bySch[id] = map[string]model.Presence{}
	}
	b.bySch[id][p.OperatorID] = p
	var out []model.Presence
	for opID, x := range b.bySch[id] {
		switch {
		case !x.Until.After(now):
			delete(b.bySch[id], opID)
		case opID != p.OperatorID:
			out = append(out, x)
		}
	}
	slices.SortFunc(out, func(a, b model.Presence) int {
		if a.OperatorName < b.OperatorName {
			return -1
		}
		if a.OperatorName > b.OperatorName {
			return 1
		}
		return 0
	})
	return out
}

// drop withdraws a consultant's presence.
func (b *presenceBoard) drop(id, opID string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.bySch[id], opID)
	if len(b.bySch[id]) == 0 {
		delete(b.bySch, id)
	}
}

// presenceAllowed checks that the caller is a consultant who sees the
// scheda of the request, and answers the refusal when not.
func (s *Sandbox) presenceAllowed(w http.ResponseWriter, r *http.Request) (client.OperatorJSON, bool) {
	op := caller(r)
	if !hasRole(op, string(model.RoleCRIC)) {
		writeError(w, http.StatusForbidden, "forbidden", "Le schede Linea INPS sono riservate ai consulenti CRIC.")
		return op, false
	}
	var inScope bool
	err := s.db.QueryRowContext(r.Context(), `SELECT EXISTS (SELECT 1 FROM schede k WHERE `+schedeScope+` AND k.id = ?3)`,
		append(scopeArgs(op), r.PathValue("id"))...).Scan(&inScope)
	if err != nil {
		s.internal(w, r, err)
		return op, false
	}
	if !inScope {
		writeError(w, http.StatusNotFound, "not_found", "Scheda inesistente o di un'altra sezione.")
		return op, false
	}
	return op, true
}

func (s *Sandbox) handlePutPresence(w http.ResponseWriter, r *http.Request) {
	var req client.PresenceRequest
	raw, err := readAll(w, r, 1<<10)
	if err != nil || decodeBody(raw, &req) != nil || !model.PresenceState(req.State).Valid() {
		writeError(w, http.StatusBadRequest, "bad_request", "Stato di presenza non valido (viewing o drafting).")
		return
	}
	op, ok := s.presenceAllowed(w, r)
	if !ok {
		return
	}
	now := s.now()
	others := s.presence.put(r.PathValue("id"), model.Presence{OperatorID: op.ID, OperatorName: op.Name,
		State: model.PresenceState(req.State), Until: now.Add(model.PresenceTTL).Truncate(time.Second)}, now)
	out := client.PresenceListJSON{Presence: []client.PresenceJSON{}}
	for _, p := range others {
		out.Presence = append(out.Presence, client.PresenceJSON{OperatorID: p.OperatorID, OperatorName: p.OperatorName,
			State: string(p.State), Until: p.Until})
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Sandbox) handleDeletePresence(w http.ResponseWriter, r *http.Request) {
	op := caller(r)
	if !hasRole(op, string(model.RoleCRIC)) {
		writeError(w, http.StatusForbidden, "forbidden", "Le schede Linea INPS sono riservate ai consulenti CRIC.")
		return
	}
	s.presence.drop(r.PathValue("id"), op.ID)
	w.WriteHeader(http.StatusNoContent)
}

package sandbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"sportello/client"
	"sportello/model"
)

func loadScheda(ctx context.Context, q querier, id string) (model.Scheda, error) {
	sj, err := loadDoc[client.SchedaJSON](ctx, q, `SELECT data FROM schede WHERE id = ?`, id)
	if err != nil {
		return model.Scheda{}, err
	}
	return sj.Model()
}

// schedeScope is the SQL condition (on schede k) of the schede an operator
// sees: those sent to their CRIC, of their sections; ?1 is the office and
// ?2 the sections as a JSON array.
const schedeScope = `k.cric = ?1 AND k.section IN (SELECT value FROM json_each(?2))`

// scopeArgs are the arguments of schedeScope for an operator.
func scopeArgs(op client.OperatorJSON) []any {
	sections, _ := json.Marshal(op.Sections)
	return []any{op.Office.Code, string(sections)}
}

func (s *Sandbox) handleSchede(w http.ResponseWriter, r *http.Request) {
	op := caller(r)
	if !hasRole(op, string(model.RoleCRIC)) {
		writeError(w, http.StatusForbidden, "forbidden", "Le schede Linea INPS sono riservate ai consulenti CRIC.")
		return
	}
	section, status := r.URL.Query().Get("section"), r.URL.Query().Get("status")
	if (section != "" && !model.Section(section).Valid()) || (status != "" && !model.SchedaStatus(status).Valid()) {
		writeError(w, http.StatusBadRequest, "bad_request", "Sezione o stato non validi.")
		return
	}
	rows, err := s.db.QueryContext(r.Context(), `SELECT data FROM schede k WHERE `+schedeScope+`
		AND (?3 = '' OR section = ?3) AND (?4 = '' OR status = ?4) ORDER BY received_at, id`,
		append(scopeArgs(op), section, status)...)
	out := client.SchedeJSON{Schede: []client.SchedaJSON{}}
	if err == nil {
		out.Schede, err = decodeRows[client.SchedaJSON](rows)
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// schedaAction loads the scheda of a CRIC request and checks that it is in
// the operator's scope, the version they saw and that the operation is
// possible: nobody else holds it and, unless claiming, they hold it.
func (s *Sandbox) schedaAction(ctx context.Context, m *mreq, version int64, op model.SchedaOp) (model.Scheda, *answer, error) {
	if !hasRole(m.op, string(model.RoleCRIC)) {
		a := fail(http.StatusForbidden, "forbidden", "Le schede Linea INPS sono riservate ai consulenti CRIC.")
		return model.Scheda{}, &a, nil
	}
	id := m.r.PathValue("id")
	var inScope bool
	err := m.tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM schede k WHERE `+schedeScope+` AND k.id = ?3)`,
		append(scopeArgs(m.op), id)...).Scan(&inScope)
	if err != nil {
		return model.Scheda{}, nil, err
	}
	sc, err := loadScheda(ctx, m.tx, id)
	if errors.Is(err, sql.ErrNoRows) || err == nil && !inScope {
		a := fail(http.StatusNotFound, "not_found", "Scheda inesistente o di un'altra sezione.")
		return sc, &a, nil
	}
	if err != nil {
		return sc, nil, err
	}
	current := client.SchedaToJSON(sc)
	conflict := func(code, msg string) (model.Scheda, *answer, error) {
		return sc, &answer{http.StatusConflict, client.ErrorBody{Code: code, Message: msg, EntityJSON: client.EntityJSON{Scheda: &current}}}, nil
	}
	mine := sc.HeldBy(m.op.ID)
	switch {
	case sc.Status.Held() && !mine:
		return conflict("held", fmt.Sprintf("La scheda è già in carico a %s.", sc.HolderName))
	case op == model.OpClaim && mine:
		return sc, nil, nil // already ours: claiming again changes nothing
	case sc.Version != version:
		return conflict("conflict", "La scheda è stata modificata nel frattempo: ecco la versione attuale.")
	case op != model.OpClaim && !mine:
		return conflict("invalid_transition", "Prima di lavorare la scheda occorre prenderla in carico.")
	}
	if _, err := model.NextScheda(sc.Status, op); err != nil {
		return conflict("invalid_transition", "Operazione non possibile nello stato attuale della scheda.")
	}
	return sc, nil, nil
}

// saveScheda bumps the scheda's version, stores it and records the action.
func saveScheda(ctx context.Context, m *mreq, sc *model.Scheda, action string) error {
	sc.Version++
	trackWaits(sc, m.now)
	if err := putScheda(ctx, m.tx, *sc); err != nil {
		return err
	}
	return m.applied(ctx, action, "scheda", sc.ID)
}

func (s *Sandbox) claimScheda(ctx context.Context, m *mreq) (answer, error) {
	var req client.VersionRequest
	if !m.decode(&req) || req.Version < 1 {
		return fail(http.StatusBadRequest, "bad_request", "Serve la versione della scheda."), nil
	}
	sc, refused, err := s.schedaAction(ctx, m, req.Version, model.OpClaim)
	if refused != nil || err != nil {
		return deref(refused), err
	}
	if sc.HeldBy(m.op.ID) {
		return answer{http.StatusOK, client.SchedaToJSON(sc)}, nil
	}
	sc.Status, sc.HolderID, sc.HolderName = model.SchedaInCharge, m.op.ID, m.op.Name
	if err := saveScheda(ctx, m, &sc, "claim"); err != nil {
		return answer{}, err
	}
	return answer{http.StatusOK, client.SchedaToJSON(sc)}, nil
}

func deref(a *answer) answer {
	if a == nil {
		return answer{}
	}
	return *a
}

func (s *Sandbox) answerScheda(ctx context.Context, m *mreq) (answer, error) {
	var req client.AnswerRequest
	if !m.decode(&req) || req.Version < 1 {
		return fail(http.StatusBadRequest, "bad_request", "Servono la versione e il testo della risposta."), nil
	}
	text := strings.TrimSpace(req.Text)
	if text == "" || len(text) > model.MaxAnswerLength {
		return fail(http.StatusUnprocessableEntity, "unprocessable", "La risposta deve avere un testo, al massimo 8000 caratteri."), nil
	}
	sc, refused, err := s.schedaAction(ctx, m, req.Version, model.OpAnswer)
	if refused != nil || err != nil {
		return deref(refused), err
	}
	sc.Status, sc.Answer, sc.AnsweredAt = model.SchedaAnswered, text, m.now.Truncate(time.Second)
	if err := saveScheda(ctx, m, &sc, "answer"); err != nil {
		return answer{}, err
	}
	return answer{http.StatusOK, client.SchedaToJSON(sc)}, nil
}

func (s *Sandbox) requestInfo(ctx context.Context, m *mreq) (answer, error) {
	var req client.InfoRequest
	if !m.decode(&req) || req.Version < 1 {
		return fail(http.StatusBadRequest, "bad_request", "Servono la versione e il testo della richiesta."), nil
	}
	text := strings.TrimSpace(req.Text)
	if text == "" || len(text) > model.MaxReasonLength {
		return fail(http.StatusUnprocessableEntity, "unprocessable", "La richiesta deve avere un testo, al massimo 2000 caratteri."), nil
	}
	sc, refused, err := s.schedaAction(ctx, m, req.Version, model.OpRequestInfo)
	if refused != nil || err != nil {
		return deref(refused), err
	}
	sc.Status, sc.InfoRequest = model.SchedaWaiting, text
	if err := saveScheda(ctx, m, &sc, "request_info"); err != nil {
		return answer{}, err
	}
	return answer{http.StatusOK, client.SchedaToJSON(sc)}, nil
}

func (s *Sandbox) forwardScheda(ctx context.Context, m *mreq) (answer, error) {
	var req client.ForwardRequest
	if !m.decode(&req) || req.Version < 1 {
		return fail(http.StatusBadRequest, "bad_request", "Servono versione, Direzione centrale e motivo."), nil
	}
	d, known := model.DirezioneCentraleOf(req.Direzione)
	reason := strings.TrimSpace(req.Reason)
	if !known || reason == "" || len(reason) > model.MaxReasonLength {
		return fail(http.StatusUnprocessableEntity, "unprocessable", "Direzione centrale sconosciuta o motivo mancante."), nil
	}
	sc, refused, err := s.schedaAction(ctx, m, req.Version, model.OpForward)
	if refused != nil || err != nil {
		return deref(refused), err
	}
	sc.Status, sc.ForwardedTo, sc.ForwardReason = model.SchedaForwarded, d.Code+" "+d.Name, reason
	sc.AnsweredAt = m.now.Truncate(time.Second)
	if err := saveScheda(ctx, m, &sc, "forward"); err != nil {
		return answer{}, err
	}
	return answer{http.StatusOK, client.SchedaToJSON(sc)}, nil
}

func (s *Sandbox) convertScheda(ctx context.Context, m *mreq) (answer, error) {
	var req client.ConvertRequest
	if !m.decode(&req) || req.Version < 1 || !model.Channel(req.Channel).Valid() {
		return fail(http.StatusBadRequest, "bad_request", "Servono versione, appuntamento e canale."), nil
	}
	sc, refused, err := s.schedaAction(ctx, m, req.Version, model.OpConvert)
	if refused != nil || err != nil {
		return deref(refused), err
	}
	sl, refused, err := s.bookSlot(ctx, m, req.SlotID, sc.CitizenCF, "", model.Channel(req.Channel), "")
	if refused != nil || err != nil {
		return deref(refused), err
	}
	sc.Status, sc.SlotID, sc.AnsweredAt = model.SchedaConverted, sl.ID, m.now.Truncate(time.Second)
	if err := saveScheda(ctx, m, &sc, "convert"); err != nil {
		return answer{}, err
	}
	return answer{http.StatusOK, client.ConversionJSON{Scheda: client.SchedaToJSON(sc), Slot: sl}}, nil
}

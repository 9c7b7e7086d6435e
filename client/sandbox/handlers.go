package sandbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"

	"sportello/client"
	"sportello/model"
)

// maxRangeDays bounds the range of one agenda or availability request.
const maxRangeDays = 62

// dateRange parses the from and to query parameters.
func dateRange(w http.ResponseWriter, r *http.Request) (from, to time.Time, ok bool) {
	from, err1 := time.ParseInLocation(client.DateLayout, r.URL.Query().Get("from"), model.Rome)
	to, err2 := time.ParseInLocation(client.DateLayout, r.URL.Query().Get("to"), model.Rome)
	if err1 != nil || err2 != nil || to.Before(from) || to.Sub(from) > maxRangeDays*24*time.Hour {
		writeError(w, http.StatusBadRequest, "bad_request",
			fmt.Sprintf("Intervallo di date non valido: servono from e to (AAAA-MM-GG), from non dopo to, al massimo %d giorni.", maxRangeDays))
		return from, to, false
	}
	return from, to, true
}

func (s *Sandbox) handleOffices(w http.ResponseWriter, r *http.Request) {
	out := client.OfficesJSON{Direzione: direzione, Offices: []client.OfficeDetailJSON{}}
	for _, o := range offices {
		d := client.OfficeDetailJSON{Code: o.code, Name: o.name, Kind: o.kind, Desks: desks[o.code], Hours: []client.OpeningHoursJSON{}}
		for _, c := range o.comuni {
			d.Comuni = append(d.Comuni, c.name)
		}
		if d.Desks == nil {
			d.Desks = []string{}
		}
		for wd := time.Monday; wd <= time.Friday; wd++ {
			day := time.Date(2026, 1, 5+int(wd-time.Monday), 0, 0, 0, 0, model.Rome) // a week with no holiday
			switch {
			case o.kind == "cric":
				d.Hours = append(d.Hours, client.OpeningHoursJSON{Weekday: int(wd), Open: "08:00", Close: "14:00"})
			case officeOpen(o.code, day):
				d.Hours = append(d.Hours, client.OpeningHoursJSON{Weekday: int(wd), Open: "08:30", Close: "12:30"})
				if wd <= time.Thursday {
					d.Hours = append(d.Hours, client.OpeningHoursJSON{Weekday: int(wd), Open: "14:30", Close: "16:30"})
				}
			}
		}
		out.Offices = append(out.Offices, d)
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Sandbox) handleServices(w http.ResponseWriter, r *http.Request) {
	out := client.ServicesJSON{Services: []client.ServiceJSON{}}
	for _, sv := range services {
		out.Services = append(out.Services, client.ServiceJSON{Code: sv.code, Name: sv.name, Level: sv.level})
	}
	writeJSON(w, http.StatusOK, out)
}

const slotColumns = `id, office_code, start, end, desk, channel, service, level, status, citizen_cf, meeting_url, phone, outcome, note,
	version, served_from, served_to`

func scanSlot(sc interface{ Scan(...any) error }) (client.SlotJSON, error) {
	var sl client.SlotJSON
	var start, end, from, to int64
	err := sc.Scan(&sl.ID, &sl.Office, &start, &end, &sl.Desk, &sl.Channel, &sl.Service, &sl.Level, &sl.Status,
		&sl.CitizenCF, &sl.MeetingURL, &sl.Phone, &sl.Outcome, &sl.Note, &sl.Version, &from, &to)
	sl.Start, sl.End = time.Unix(start, 0).In(model.Rome), time.Unix(end, 0).In(model.Rome)
	sl.ServedFrom, sl.ServedTo = timeOf(from), timeOf(to)
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
	_, err := q.ExecContext(ctx, `UPDATE slots SET channel = ?, service = ?, status = ?, citizen_cf = ?, meeting_url = ?,
		phone = ?, outcome = ?, note = ?, version = ?, served_from = ?, served_to = ? WHERE id = ?`,
		sl.Channel, sl.Service, sl.Status, sl.CitizenCF, sl.MeetingURL, sl.Phone, sl.Outcome, sl.Note, sl.Version,
		unixOf(sl.ServedFrom), unixOf(sl.ServedTo), sl.ID)
	if err != nil {
		return fmt.Errorf("save slot %s: %w", sl.ID, err)
	}
	return nil
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
	if ev == model.EventComplete && !model.Outcome(req.Outcome).Valid() {
		return fail(http.StatusUnprocessableEntity, "unprocessable", "Per concludere l'appuntamento indica l'esito."), nil
	}
	if len(req.Note) > model.MaxNoteLength {
		return fail(http.StatusUnprocessableEntity, "unprocessable", "La nota è troppo lunga."), nil
	}
	sl.Status, sl.Version = string(next), sl.Version+1
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

// decodeRows decodes the one JSON text column of each row, and closes rows.
func decodeRows[T any](rows *sql.Rows) ([]T, error) {
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		var data string
		if err := rows.Scan(&data); err != nil {
			return nil, err
		}
		var v T
		if err := json.Unmarshal([]byte(data), &v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// loadDoc reads the one JSON text column that query selects.
func loadDoc[T any](ctx context.Context, q querier, query string, arg any) (T, error) {
	var v T
	var data string
	if err := q.QueryRowContext(ctx, query, arg).Scan(&data); err != nil {
		return v, err
	}
	if err := json.Unmarshal([]byte(data), &v); err != nil {
		return v, fmt.Errorf("decode stored document: %w", err)
	}
	return v, nil
}

// loadCitizen reads a citizen's file.
func loadCitizen(ctx context.Context, q querier, cf string) (model.Citizen, error) {
	cj, err := loadDoc[client.CitizenJSON](ctx, q, `SELECT file FROM citizens WHERE cf = ?`, cf)
	if err != nil {
		return model.Citizen{}, err
	}
	return cj.Model()
}

// updateCitizen changes a citizen's file, bumps its version and puts it in
// the changes feed.
func (s *Sandbox) updateCitizen(ctx context.Context, m *mreq, cf string, change func(*model.Citizen)) error {
	c, err := loadCitizen(ctx, m.tx, cf)
	if err != nil {
		return fmt.Errorf("update citizen: %w", err)
	}
	change(&c)
	c.Version++
	if err := putCitizen(ctx, m.tx, c); err != nil {
		return err
	}
	return touch(ctx, m.tx, "citizen", cf)
}

func etag(version int64) string { return fmt.Sprintf(`"c%d"`, version) }

// matchETag reports whether an If-None-Match header names tag.
func matchETag(header, tag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == tag || t == "*" {
			return true
		}
	}
	return false
}

func (s *Sandbox) handleCitizen(w http.ResponseWriter, r *http.Request) {
	cf := r.PathValue("cf")
	if err := model.ValidateCF(cf); err != nil {
		writeError(w, http.StatusBadRequest, "bad_request", "Codice fiscale non valido.")
		return
	}
	var file string
	var version int64
	err := s.db.QueryRowContext(r.Context(), `SELECT file, version FROM citizens WHERE cf = ?`, cf).Scan(&file, &version)
	if errors.Is(err, sql.ErrNoRows) {
		writeError(w, http.StatusNotFound, "not_found", "Nessun cittadino con questo codice fiscale.")
		return
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	tag := etag(version)
	w.Header().Set("ETag", tag)
	w.Header().Set("Cache-Control", "private, no-cache")
	if matchETag(r.Header.Get("If-None-Match"), tag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte(file))
}

// searchQuery tells a codice fiscale from a surname prefix.
func searchQuery(q string) (cf, surname string, ok bool) {
	q = strings.TrimSpace(q)
	if n := model.NormalizeCF(q); model.ValidateCF(n) == nil {
		return n, "", true
	}
	letters := 0
	for _, r := range q {
		switch {
		case unicode.IsLetter(r):
			letters++
		case r == ' ' || r == '\'' || r == '-':
		default:
			return "", "", false
		}
	}
	return "", q, letters >= 2
}

func (s *Sandbox) handleSearch(w http.ResponseWriter, r *http.Request) {
	cf, surname, ok := searchQuery(r.URL.Query().Get("q"))
	if !ok {
		writeError(w, http.StatusBadRequest, "bad_request", "Cerca per codice fiscale completo o per cognome (almeno 2 lettere).")
		return
	}
	var rows *sql.Rows
	var err error
	if cf != "" {
		rows, err = s.db.QueryContext(r.Context(), `SELECT file FROM citizens WHERE cf = ?`, cf)
	} else {
		like := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(surname) + "%"
		rows, err = s.db.QueryContext(r.Context(), `SELECT file FROM citizens WHERE family_name LIKE ? ESCAPE '\'
			ORDER BY family_name COLLATE NOCASE, cf LIMIT 50`, like)
	}
	var files []client.CitizenJSON
	if err == nil {
		files, err = decodeRows[client.CitizenJSON](rows)
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	out := client.CitizenSearchJSON{Results: []client.CitizenSummaryJSON{}}
	for _, c := range files {
		out.Results = append(out.Results, client.CitizenSummaryJSON{CF: c.CF, GivenName: c.GivenName,
			FamilyName: c.FamilyName, BirthDate: c.BirthDate, BirthPlace: c.BirthPlace})
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Sandbox) addNote(ctx context.Context, m *mreq) (answer, error) {
	var req client.NoteRequest
	if !m.decode(&req) {
		return fail(http.StatusBadRequest, "bad_request", "Nota non valida."), nil
	}
	text := strings.TrimSpace(req.Text)
	if text == "" || len(text) > model.MaxNoteLength {
		return fail(http.StatusUnprocessableEntity, "unprocessable", "La nota deve avere un testo, al massimo 2000 caratteri."), nil
	}
	cf := m.r.PathValue("cf")
	note := model.Note{ID: "N" + newToken()[:12], At: m.now.Truncate(time.Second), AuthorID: m.op.ID, Author: m.op.Name, Text: text}
	err := s.updateCitizen(ctx, m, cf, func(c *model.Citizen) { c.Notes = append([]model.Note{note}, c.Notes...) })
	if errors.Is(err, sql.ErrNoRows) {
		return fail(http.StatusNotFound, "not_found", "Nessun cittadino con questo codice fiscale."), nil
	}
	if err != nil {
		return answer{}, err
	}
	if err := m.applied(ctx, "note", "citizen", cf); err != nil {
		return answer{}, err
	}
	return answer{http.StatusCreated, client.NoteToJSON(note)}, nil
}

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
	_, level, known := serviceByCode(service)
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

// Changes feed page sizes.
const (
	defaultChangesLimit = 500
	maxChangesLimit     = 1000
)

// handleChanges serves the changes feed of the operator's scope: the slots
// of their desk (or office, without a desk), the schede for CRIC
// consultants, and the citizens those concern.
func (s *Sandbox) handleChanges(w http.ResponseWriter, r *http.Request) {
	s.versionHeaders(w)
	q := r.URL.Query()
	var since int64
	var err error
	if v := q.Get("since"); v != "" {
		if since, err = strconv.ParseInt(v, 10, 64); err != nil || since < 0 {
			writeError(w, http.StatusBadRequest, "bad_request", "Cursore non valido.")
			return
		}
	}
	limit := defaultChangesLimit
	if v := q.Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > maxChangesLimit {
			writeError(w, http.StatusBadRequest, "bad_request", "Limite non valido (1-1000).")
			return
		}
	}
	op := caller(r)
	ctx := r.Context()
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		s.internal(w, r, err)
		return
	}
	defer tx.Rollback()
	var head int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) FROM changelog`).Scan(&head); err != nil {
		s.internal(w, r, err)
		return
	}
	// A consultant's office is their CRIC (scope ?1, ?2); a desk
	// operator's slots are those of their desk, or office without one.
	scope := scopeArgs(op)
	rows, err := tx.QueryContext(ctx, `SELECT c.seq, c.entity, c.id FROM changelog c WHERE c.seq > ?3 AND (
		(c.entity = 'slot' AND EXISTS (SELECT 1 FROM slots s WHERE s.id = c.id AND s.office_code = ?1 AND (?4 = '' OR s.desk = ?4)))
		OR (c.entity = 'scheda' AND EXISTS (SELECT 1 FROM schede k WHERE k.id = c.id AND `+schedeScope+`))
		OR (c.entity = 'ticket' AND EXISTS (SELECT 1 FROM tickets t WHERE t.id = c.id AND t.office_code = ?1))
		OR (c.entity = 'citizen' AND (
			EXISTS (SELECT 1 FROM slots s WHERE s.citizen_cf = c.id AND s.office_code = ?1 AND (?4 = '' OR s.desk = ?4))
			OR EXISTS (SELECT 1 FROM schede k WHERE k.citizen_cf = c.id AND `+schedeScope+`))))
		ORDER BY c.seq LIMIT ?5`, scope[0], scope[1], since, op.Desk, limit+1)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	type ref struct {
		seq        int64
		entity, id string
	}
	var refs []ref
	for rows.Next() {
		var rf ref
		if err := rows.Scan(&rf.seq, &rf.entity, &rf.id); err != nil {
			rows.Close()
			s.internal(w, r, err)
			return
		}
		refs = append(refs, rf)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		s.internal(w, r, err)
		return
	}
	out := client.ChangesJSON{Changes: []client.ChangeJSON{}, Cursor: strconv.FormatInt(max(head, since), 10)}
	if len(refs) > limit {
		refs, out.HasMore = refs[:limit], true
		out.Cursor = strconv.FormatInt(refs[limit-1].seq, 10)
	}
	for _, rf := range refs {
		ch := client.ChangeJSON{Entity: rf.entity, ID: rf.id}
		switch rf.entity {
		case "slot":
			sl, err := s.loadSlot(ctx, tx, rf.id)
			if err != nil {
				s.internal(w, r, err)
				return
			}
			ch.Slot = &sl
		case "scheda":
			sc, err := loadScheda(ctx, tx, rf.id)
			if err != nil {
				s.internal(w, r, err)
				return
			}
			sj := client.SchedaToJSON(sc)
			ch.Scheda = &sj
		case "ticket":
			t, err := loadTicket(ctx, tx, rf.id)
			if err != nil {
				s.internal(w, r, err)
				return
			}
			ch.Ticket = &t
		}
		out.Changes = append(out.Changes, ch)
	}
	writeJSON(w, http.StatusOK, out)
}

// maxAuditBatch bounds one audit batch.
const maxAuditBatch = 500

func (s *Sandbox) handleAudit(w http.ResponseWriter, r *http.Request) {
	var batch client.AuditBatchJSON
	data, err := readAll(w, r, 1<<20)
	if err == nil {
		err = decodeBody(data, &batch)
	}
	if err != nil || len(batch.Events) == 0 || len(batch.Events) > maxAuditBatch {
		writeError(w, http.StatusBadRequest, "bad_request", "Lotto di audit non valido (da 1 a 500 eventi).")
		return
	}
	op := caller(r)
	for _, e := range batch.Events {
		if e.OperatorID != op.ID {
			writeError(w, http.StatusForbidden, "forbidden", "Un operatore invia solo i propri eventi di audit.")
			return
		}
		if len(e.ID) < 8 || (e.CitizenCF != "" && model.ValidateCF(e.CitizenCF) != nil) || e.At.IsZero() || !model.AccessReason(e.Reason).Valid() {
			writeError(w, http.StatusBadRequest, "bad_request", "Evento di audit non valido.")
			return
		}
	}
	ctx := r.Context()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	defer tx.Rollback()
	var res client.AuditResultJSON
	for _, e := range batch.Events {
		out, err := tx.ExecContext(ctx, `INSERT INTO audit(id, operator_id, action, citizen_cf, reason, ref, at, offline, received_by, received_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING`,
			e.ID, e.OperatorID, e.Action, e.CitizenCF, e.Reason, e.Ref, e.At.Unix(), e.Offline, op.ID, s.now().Unix())
		if err != nil {
			s.internal(w, r, err)
			return
		}
		if n, _ := out.RowsAffected(); n == 1 {
			res.Accepted++
		} else {
			res.Duplicates++
		}
	}
	if err := tx.Commit(); err != nil {
		s.internal(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

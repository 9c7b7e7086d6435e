package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"sportello/model"
)

// The operations of the contract, one method each. Calls that change state
// take the idempotency key of the operator's action (the outbox row's key):
// the same key on a retry, or after a restart, applies the action once.
// An empty key gets a fresh one, good for this call's retries only.

func idemHeader(key string) map[string]string {
	if key == "" {
		key = NewIdempotencyKey()
	}
	return map[string]string{"Idempotency-Key": key}
}

func dates(from, to time.Time) url.Values {
	return url.Values{"from": {from.In(model.Rome).Format(DateLayout)}, "to": {to.In(model.Rome).Format(DateLayout)}}
}

// Login exchanges operator and password for a session; the client keeps
// its tokens (see Tokens). Login is never repeated automatically.
func (c *Client) Login(ctx context.Context, operator, password string) (model.Operator, error) {
	var s Session
	var op model.Operator
	_, err := c.do(ctx, call{name: "login", method: http.MethodPost, path: "/v1/auth/token",
		body: LoginRequest{Operator: operator, Password: password},
		decode: func(res result) error {
			return decodeInto(res, &s, func() (err error) { op, err = s.Model(); return err })
		}})
	if err != nil {
		return model.Operator{}, fmt.Errorf("login: %w", err)
	}
	c.mu.Lock()
	c.tokens = s.tokens()
	c.mu.Unlock()
	return op, nil
}

// Revoke ends the session on the server (both tokens) and forgets the
// tokens. Revoking twice is harmless.
func (c *Client) Revoke(ctx context.Context) error {
	t := c.Tokens()
	tok := t.Refresh
	if tok == "" {
		tok = t.Access
	}
	if tok == "" {
		return nil
	}
	if _, err := c.do(ctx, call{name: "revoke", method: http.MethodPost, path: "/v1/auth/revoke",
		body: RevokeRequest{Token: tok}, retry: true, ok: []int{http.StatusNoContent}}); err != nil {
		return err
	}
	c.mu.Lock()
	c.tokens = Tokens{}
	c.mu.Unlock()
	return nil
}

// Refresh replaces the session's tokens now (the console does it before
// the access token expires, so an operator is never stopped mid-action).
func (c *Client) Refresh(ctx context.Context) error {
	return c.refresh(ctx, c.Tokens().Access)
}

// Me returns the operator the session belongs to.
func (c *Client) Me(ctx context.Context) (model.Operator, error) {
	var o OperatorJSON
	var op model.Operator
	err := c.get(ctx, "me", "/v1/me", nil, false, &o, func() (err error) { op, err = o.Model(); return err })
	return op, err
}

// get performs a GET of a JSON answer, decoded strictly into out and
// checked with check.
func (c *Client) get(ctx context.Context, name, path string, q url.Values, bulk bool, out any, check func() error) error {
	_, err := c.do(ctx, call{name: name, method: http.MethodGet, path: path, query: q, auth: true, retry: true, bulk: bulk,
		decode: func(res result) error { return decodeInto(res, out, check) }})
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// post performs a state-changing POST with an idempotency key.
func (c *Client) post(ctx context.Context, name, path, key string, body, out any, okStatus int, check func() error) error {
	_, err := c.do(ctx, call{name: name, method: http.MethodPost, path: path, body: body, auth: true, retry: true,
		header: idemHeader(key), ok: []int{okStatus}, decode: func(res result) error { return decodeInto(res, out, check) }})
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// Offices returns the offices of the operator's Direzione provinciale.
func (c *Client) Offices(ctx context.Context) ([]model.Office, error) {
	var o OfficesJSON
	var out []model.Office
	err := c.get(ctx, "offices", "/v1/offices", nil, false, &o, func() (err error) { out, err = o.Model(); return err })
	return out, err
}

// Services returns the catalogue of bookable services.
func (c *Client) Services(ctx context.Context) ([]model.Service, error) {
	var s ServicesJSON
	var out []model.Service
	err := c.get(ctx, "services", "/v1/services", nil, false, &s, func() (err error) { out, err = s.Model(); return err })
	return out, err
}

// Agenda returns the slots of the operator's own desk from the day of from
// to the day of to, inclusive, in time order.
func (c *Client) Agenda(ctx context.Context, from, to time.Time) ([]model.Slot, error) {
	return c.DeskAgenda(ctx, "", "", from, to)
}

// DeskAgenda returns the slots of a desk of an office (empty: the
// operator's own) for a range of days.
func (c *Client) DeskAgenda(ctx context.Context, office, desk string, from, to time.Time) ([]model.Slot, error) {
	q := dates(from, to)
	if office != "" {
		q.Set("office", office)
	}
	if desk != "" {
		q.Set("desk", desk)
	}
	var a AgendaJSON
	var out []model.Slot
	err := c.get(ctx, "agenda", "/v1/agenda", q, true, &a, func() (err error) { out, err = a.Model(); return err })
	return out, err
}

// SlotEvent is what the operator records about a slot.
type SlotEvent struct {
	Type    model.SlotEvent
	Version int64     // the slot version the operator saw
	At      time.Time // when it happened at the desk; zero: now
	Outcome model.Outcome
	Note    string
	// The visit's details (see model.SlotEventAction).
	Services          []string
	NotRepresentative bool
	Desk, Service     string
	Priority          model.Priority
}

// RecordSlotEvent records an event on a slot. A stale version or a
// transition the slot's status does not allow gives ErrConflict, with the
// current slot in the *APIError.
func (c *Client) RecordSlotEvent(ctx context.Context, key, slotID string, ev SlotEvent) (model.Slot, error) {
	body := SlotEventRequest{Type: string(ev.Type), Version: ev.Version, Outcome: string(ev.Outcome), Note: ev.Note,
		VisitEventJSON: visitEventOf(ev)}
	if !ev.At.IsZero() {
		body.At = &ev.At
	}
	var sj SlotJSON
	var out model.Slot
	err := c.post(ctx, "slot event", "/v1/slots/"+url.PathEscape(slotID)+"/events", key, body, &sj, http.StatusOK,
		func() (err error) { out, err = sj.Model(); return err })
	return out, err
}

// CitizenFile is the caller's file with its entity tag. NotModified means
// the server confirmed the file of the ETag given is still current, and
// Citizen is empty.
type CitizenFile struct {
	Citizen     model.Citizen
	ETag        string
	NotModified bool
}

// Citizen returns the caller's file for a codice fiscale. With the ETag of
// a copy already held, an unchanged file costs a 304 with no body.
func (c *Client) Citizen(ctx context.Context, cf, etag string) (CitizenFile, error) {
	if err := model.ValidateCF(cf); err != nil {
		return CitizenFile{}, fmt.Errorf("citizen: %w: %w", ErrRejected, err)
	}
	var cj CitizenJSON
	var out CitizenFile
	tag, same, err := c.getTagged(ctx, "citizen", "/v1/citizens/"+url.PathEscape(cf), etag, func(res result) error {
		return decodeInto(res, &cj, func() (err error) {
			if cj.CF != cf {
				return fmt.Errorf("answer is for another codice fiscale")
			}
			out.Citizen, err = cj.Model()
			return err
		})
	})
	if err != nil {
		return CitizenFile{}, err
	}
	out.ETag, out.NotModified = tag, same
	return out, nil
}

// SearchCitizens finds citizens by codice fiscale or surname prefix.
func (c *Client) SearchCitizens(ctx context.Context, q string) ([]model.Citizen, error) {
	var s CitizenSearchJSON
	var out []model.Citizen
	err := c.get(ctx, "search citizens", "/v1/citizens", url.Values{"q": {q}}, false, &s,
		func() (err error) { out, err = s.Model(); return err })
	return out, err
}

// AddNote adds a note to a citizen's file.
func (c *Client) AddNote(ctx context.Context, key, cf, text string) (model.Note, error) {
	if err := model.ValidateCF(cf); err != nil {
		return model.Note{}, fmt.Errorf("add note: %w: %w", ErrRejected, err)
	}
	var nj NoteJSON
	var out model.Note
	err := c.post(ctx, "add note", "/v1/citizens/"+url.PathEscape(cf)+"/notes", key, NoteRequest{Text: text}, &nj,
		http.StatusCreated, func() (err error) { out, err = nj.Model(); return err })
	return out, err
}

// Schede lists the schede of the operator's CRIC; empty section or status
// means all.
func (c *Client) Schede(ctx context.Context, section model.Section, status model.SchedaStatus) ([]model.Scheda, error) {
	q := url.Values{}
	if section != "" {
		q.Set("section", string(section))
	}
	if status != "" {
		q.Set("status", string(status))
	}
	var s SchedeJSON
	var out []model.Scheda
	err := c.get(ctx, "schede", "/v1/schede", q, true, &s, func() (err error) { out, err = s.Model(); return err })
	return out, err
}

func (c *Client) schedaAction(ctx context.Context, name, action, key, id string, body any) (model.Scheda, error) {
	var sj SchedaJSON
	var out model.Scheda
	err := c.post(ctx, name, "/v1/schede/"+url.PathEscape(id)+"/"+action, key, body, &sj, http.StatusOK,
		func() (err error) { out, err = sj.Model(); return err })
	return out, err
}

// ClaimScheda takes a scheda in charge. When another consultant holds it,
// the error is ErrConflict and the *APIError's Scheda names the holder.
func (c *Client) ClaimScheda(ctx context.Context, key, id string, version int64) (model.Scheda, error) {
	return c.schedaAction(ctx, "claim scheda", "claim", key, id, VersionRequest{Version: version})
}

// RequestInfo asks the citizen for information or documents on a scheda
// the operator holds; the scheda then waits for the reply.
func (c *Client) RequestInfo(ctx context.Context, key, id string, version int64, text string) (model.Scheda, error) {
	return c.schedaAction(ctx, "request info", "request_info", key, id, InfoRequest{Version: version, Text: text})
}

// AnswerScheda answers a scheda the operator holds.
func (c *Client) AnswerScheda(ctx context.Context, key, id string, version int64, text string) (model.Scheda, error) {
	return c.schedaAction(ctx, "answer scheda", "answer", key, id, AnswerRequest{Version: version, Text: text})
}

// ForwardScheda forwards a scheda the operator holds to a Direzione
// centrale (by code, e.g. "0013").
func (c *Client) ForwardScheda(ctx context.Context, key, id string, version int64, direzione, reason string) (model.Scheda, error) {
	return c.schedaAction(ctx, "forward scheda", "forward", key, id,
		ForwardRequest{Version: version, Direzione: direzione, Reason: reason})
}

// ConvertScheda turns a scheda the operator holds into an appointment in
// the free slot slotID.
func (c *Client) ConvertScheda(ctx context.Context, key, id string, version int64, slotID string, ch model.Channel) (Conversion, error) {
	var cj ConversionJSON
	var out Conversion
	err := c.post(ctx, "convert scheda", "/v1/schede/"+url.PathEscape(id)+"/convert", key,
		ConvertRequest{Version: version, SlotID: slotID, Channel: string(ch)}, &cj, http.StatusOK,
		func() (err error) { out, err = cj.Model(); return err })
	return out, err
}

// Availability returns the free slots of an office for a service from the
// day of from to the day of to, inclusive.
func (c *Client) Availability(ctx context.Context, office, service string, from, to time.Time) ([]model.Slot, error) {
	q := dates(from, to)
	q.Set("office", office)
	q.Set("service", service)
	var a AvailabilityJSON
	var out []model.Slot
	err := c.get(ctx, "availability", "/v1/availability", q, false, &a, func() (err error) { out, err = a.Model(); return err })
	return out, err
}

// Booking is a request to book a slot for a citizen.
type Booking struct {
	SlotID    string
	CitizenCF string
	Service   string // service code
	Channel   model.Channel
	Phone     string // number to call back; empty: the citizen's mobile
}

// Book books a free slot for a citizen. A slot no longer free gives
// ErrConflict with the slot as it is now.
func (c *Client) Book(ctx context.Context, key string, b Booking) (model.Slot, error) {
	if err := model.ValidateCF(b.CitizenCF); err != nil {
		return model.Slot{}, fmt.Errorf("book: %w: %w", ErrRejected, err)
	}
	var sj SlotJSON
	var out model.Slot
	err := c.post(ctx, "book", "/v1/bookings", key, BookingRequest{SlotID: b.SlotID, CitizenCF: b.CitizenCF,
		Service: b.Service, Channel: string(b.Channel), Phone: b.Phone}, &sj, http.StatusCreated,
		func() (err error) { out, err = sj.Model(); return err })
	return out, err
}

// Changes returns one page of the entities changed since cursor (empty:
// from the beginning). Call again with the page's Cursor while HasMore.
func (c *Client) Changes(ctx context.Context, cursor string, limit int) (ChangesPage, error) {
	q := url.Values{}
	if cursor != "" {
		q.Set("since", cursor)
	}
	if limit > 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	var cj ChangesJSON
	var out ChangesPage
	_, err := c.do(ctx, call{name: "changes", method: http.MethodGet, path: "/v1/changes", query: q, auth: true, retry: true, bulk: true,
		decode: func(res result) error {
			err := decodeInto(res, &cj, func() (err error) { out, err = cj.Model(); return err })
			// The console versions ride in the headers (see the contract).
			out.Console = ConsoleVersions{Latest: res.header.Get(HeaderConsoleLatest), Minimum: res.header.Get(HeaderConsoleMinimum)}
			return err
		}})
	if err != nil {
		return out, fmt.Errorf("changes: %w", err)
	}
	return out, nil
}

// The headers of the changes feed that carry the console versions.
const (
	HeaderConsoleLatest  = "Sportello-Console-Latest"
	HeaderConsoleMinimum = "Sportello-Console-Minimum"
)

// ConsoleVersions are the console versions central accepts, as central
// wrote them (the console reads and compares them): the latest, the
// minimum allowed to sync, and where to get an update. Empty: not said.
type ConsoleVersions struct {
	Latest, Minimum, Info string
}

// ConsoleVersions asks central which console versions it accepts. It
// needs no session. Unlike every other answer it is read leniently
// (fields this console does not know are ignored): every console ever
// installed reads it before it sends its work, so a field a later central
// adds must not stop the older consoles' sync.
func (c *Client) ConsoleVersions(ctx context.Context) (ConsoleVersions, error) {
	var vj ConsoleVersionsJSON
	_, err := c.do(ctx, call{name: "console versions", method: http.MethodGet, path: "/v1/console/versions", retry: true,
		decode: func(res result) error { return decodeLenient(res, &vj) }})
	if err != nil {
		return ConsoleVersions{}, fmt.Errorf("console versions: %w", err)
	}
	return ConsoleVersions(vj), nil
}

// AuditEvent records that an operator opened a citizen's file, or acted
// (on a slot, a note, a scheda, a booking, a queue ticket), and why.
type AuditEvent struct {
	ID         string // unique, chosen by the console
	OperatorID string
	Action     string // open_file, slot_check_in, note, scheda_answer, book, ticket_call…
	CitizenCF  string // empty for an action on no citizen
	Reason     string // appointment, scheda, booking, queue, search, file
	Ref        string // the slot, scheda or ticket concerned, if any
	At         time.Time
	Offline    bool
}

// Audit sends a batch of audit events. Events are identified by ID, so a
// batch can be sent again safely; it returns how many were new.
func (c *Client) Audit(ctx context.Context, events []AuditEvent) (accepted, duplicates int, err error) {
	batch := AuditBatchJSON{Events: make([]AuditEventJSON, 0, len(events))}
	for _, e := range events {
		batch.Events = append(batch.Events, AuditEventJSON(e))
	}
	var r AuditResultJSON
	_, err = c.do(ctx, call{name: "audit", method: http.MethodPost, path: "/v1/audit", body: batch,
		auth: true, retry: true, bulk: true, decode: func(res result) error {
			return decodeInto(res, &r, func() (err error) { r, err = r.Model(); return err })
		}})
	if err != nil {
		return 0, 0, fmt.Errorf("audit: %w", err)
	}
	return r.Accepted, r.Duplicates, nil
}

// Ping asks central who the operator is, without a token: central's
// answer, 401 in the contract's error shape, shows it is there and
// speaks the contract, and no session is used or renewed (the connection
// diagnosis runs with none). One attempt, no retry.
func (c *Client) Ping(ctx context.Context) error {
	res, err := c.attempt(ctx, call{name: "ping", method: http.MethodGet, path: "/v1/me", ok: []int{http.StatusUnauthorized}}, "")
	if err == nil {
		var b ErrorBody
		err = decodeInto(res, &b, nil)
	}
	if err != nil {
		return fmt.Errorf("ping: %w", err)
	}
	return nil
}

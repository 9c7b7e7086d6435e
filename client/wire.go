package client

import (
	"fmt"
	"time"

	"sportello/model"
)

// The JSON shapes of the contract (openapi.yaml). The sandbox encodes the
// same types, so both sides of the conversation share one definition. Each
// answer type has a Model method that checks what the contract requires and
// converts it; its errors never quote personal data.

// DateLayout is the layout of the contract's dates (format: date).
const DateLayout = "2006-01-02"

// ErrorBody is the one error shape of the API. With a conflict, its
// entity is the slot, scheda or ticket as the server has it now.
type ErrorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	EntityJSON
}

// LoginRequest is the body of POST /v1/auth/token.
type LoginRequest struct {
	Operator string `json:"operator"`
	Password string `json:"password"`
}

// RefreshRequest is the body of POST /v1/auth/refresh.
type RefreshRequest struct {
	RefreshToken string `json:"refresh_token"`
}

// RevokeRequest is the body of POST /v1/auth/revoke.
type RevokeRequest struct {
	Token string `json:"token"`
}

// OfficeJSON is an office as part of an operator.
type OfficeJSON struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// OperatorJSON is an operator on the wire.
type OperatorJSON struct {
	ID       string     `json:"id"`
	Name     string     `json:"name"`
	Office   OfficeJSON `json:"office"`
	Desk     string     `json:"desk,omitempty"`
	Roles    []string   `json:"roles"`
	Sections []string   `json:"sections,omitempty"`
}

// Session is the answer to a login or a refresh.
type Session struct {
	AccessToken  string       `json:"access_token"`
	RefreshToken string       `json:"refresh_token"`
	TokenType    string       `json:"token_type"`
	ExpiresIn    int          `json:"expires_in"`
	Operator     OperatorJSON `json:"operator"`
}

// OpeningHoursJSON is one opening interval; weekday 1 is Monday, 7 Sunday.
type OpeningHoursJSON struct {
	Weekday int    `json:"weekday"`
	Open    string `json:"open"`
	Close   string `json:"close"`
}

// OfficeDetailJSON is an office with its desks and hours.
type OfficeDetailJSON struct {
	Code   string             `json:"code"`
	Name   string             `json:"name"`
	Kind   string             `json:"kind"`
	Desks  []string           `json:"desks"`
	Hours  []OpeningHoursJSON `json:"hours"`
	Comuni []string           `json:"comuni,omitempty"`
}

// OfficesJSON is the answer of GET /v1/offices.
type OfficesJSON struct {
	Direzione string             `json:"direzione"`
	Offices   []OfficeDetailJSON `json:"offices"`
}

// ServiceJSON is a bookable service.
type ServiceJSON struct {
	Code  string `json:"code"`
	Name  string `json:"name"`
	Level int    `json:"level"`
}

// ServicesJSON is the answer of GET /v1/services.
type ServicesJSON struct {
	Services []ServiceJSON `json:"services"`
}

// SlotJSON is a slot on the wire.
type SlotJSON struct {
	ID         string     `json:"id"`
	Office     string     `json:"office"`
	Start      time.Time  `json:"start"`
	End        time.Time  `json:"end"`
	Desk       string     `json:"desk"`
	Channel    string     `json:"channel"`
	Service    string     `json:"service"`
	Level      int        `json:"level"`
	Status     string     `json:"status"`
	CitizenCF  string     `json:"citizen_cf,omitempty"`
	MeetingURL string     `json:"meeting_url,omitempty"`
	Phone      string     `json:"phone,omitempty"`
	Outcome    string     `json:"outcome,omitempty"`
	Note       string     `json:"note,omitempty"`
	ServedFrom *time.Time `json:"served_from,omitempty"`
	ServedTo   *time.Time `json:"served_to,omitempty"`
	Version    int64      `json:"version"`
}

// AgendaJSON is the answer of GET /v1/agenda.
type AgendaJSON struct {
	From  string     `json:"from"`
	To    string     `json:"to"`
	Slots []SlotJSON `json:"slots"`
}

// SlotEventRequest is the body of POST /v1/slots/{id}/events.
type SlotEventRequest struct {
	Type    string     `json:"type"`
	Version int64      `json:"version"`
	At      *time.Time `json:"at,omitempty"`
	Outcome string     `json:"outcome,omitempty"`
	Note    string     `json:"note,omitempty"`
}

// ContactJSON is a contact on the wire.
type ContactJSON struct {
	Kind     string `json:"kind"`
	Value    string `json:"value"`
	Verified bool   `json:"verified"`
}

// DelegationJSON is a delegation or patronato mandate on the wire.
type DelegationJSON struct {
	Kind            string `json:"kind"`
	Holder          string `json:"holder"`
	HolderCF        string `json:"holder_cf,omitempty"`
	Scope           string `json:"scope"`
	From            string `json:"from"`
	Until           string `json:"until,omitempty"`
	Acquired        string `json:"acquired,omitempty"`
	PatronatoOffice string `json:"patronato_office,omitempty"`
}

// HistoryEntryJSON is an earlier contact on the wire.
type HistoryEntryJSON struct {
	At         time.Time `json:"at"`
	Channel    string    `json:"channel"`
	Office     string    `json:"office"`
	OperatorID string    `json:"operator_id"`
	Operator   string    `json:"operator"`
	Service    string    `json:"service"`
	Outcome    string    `json:"outcome"`
	Note       string    `json:"note,omitempty"`
}

// CaseJSON is a case (pratica) on the wire.
type CaseJSON struct {
	ID      string `json:"id"`
	Kind    string `json:"kind"`
	Status  string `json:"status"`
	Opened  string `json:"opened"`
	Updated string `json:"updated"`
	Office  string `json:"office"`
}

// DocumentJSON is a document on the wire.
type DocumentJSON struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Kind  string `json:"kind"`
	Date  string `json:"date"`
}

// NoteJSON is a note on the wire.
type NoteJSON struct {
	ID       string    `json:"id"`
	At       time.Time `json:"at"`
	AuthorID string    `json:"author_id"`
	Author   string    `json:"author"`
	Text     string    `json:"text"`
}

// NoteRequest is the body of POST /v1/citizens/{cf}/notes.
type NoteRequest struct {
	Text string `json:"text"`
}

// CitizenJSON is the caller's file on the wire.
type CitizenJSON struct {
	CF          string             `json:"cf"`
	GivenName   string             `json:"given_name"`
	FamilyName  string             `json:"family_name"`
	Sex         string             `json:"sex"`
	BirthDate   string             `json:"birth_date"`
	BirthPlace  string             `json:"birth_place"`
	Address     string             `json:"address,omitempty"`
	Contacts    []ContactJSON      `json:"contacts"`
	Delegations []DelegationJSON   `json:"delegations"`
	History     []HistoryEntryJSON `json:"history"`
	Cases       []CaseJSON         `json:"cases"`
	Documents   []DocumentJSON     `json:"documents"`
	Notes       []NoteJSON         `json:"notes"`
	Version     int64              `json:"version"`
}

// CitizenSummaryJSON is a search result.
type CitizenSummaryJSON struct {
	CF         string `json:"cf"`
	GivenName  string `json:"given_name"`
	FamilyName string `json:"family_name"`
	BirthDate  string `json:"birth_date"`
	BirthPlace string `json:"birth_place"`
}

// CitizenSearchJSON is the answer of GET /v1/citizens.
type CitizenSearchJSON struct {
	Results []CitizenSummaryJSON `json:"results"`
}

// SchedaJSON is a Linea INPS scheda on the wire.
type SchedaJSON struct {
	ID          string     `json:"id"`
	Number      string     `json:"number"`
	Section     string     `json:"section"`
	Status      string     `json:"status"`
	ReceivedAt  time.Time  `json:"received_at"`
	CitizenCF   string     `json:"citizen_cf"`
	Subject     string     `json:"subject"`
	Question    string     `json:"question"`
	HolderID    string     `json:"holder_id,omitempty"`
	HolderName  string     `json:"holder_name,omitempty"`
	InfoRequest string     `json:"info_request,omitempty"`
	Answer      string     `json:"answer,omitempty"`
	AnsweredAt  *time.Time `json:"answered_at,omitempty"`
	ForwardedTo string     `json:"forwarded_to,omitempty"`
	Reason      string     `json:"forward_reason,omitempty"`
	SlotID      string     `json:"slot_id,omitempty"`
	Version     int64      `json:"version"`
}

// SchedeJSON is the answer of GET /v1/schede.
type SchedeJSON struct {
	Schede []SchedaJSON `json:"schede"`
}

// VersionRequest is the body of a claim: the version the operator saw.
type VersionRequest struct {
	Version int64 `json:"version"`
}

// AnswerRequest is the body of POST /v1/schede/{id}/answer.
type AnswerRequest struct {
	Version int64  `json:"version"`
	Text    string `json:"text"`
}

// InfoRequest is the body of POST /v1/schede/{id}/request_info.
type InfoRequest struct {
	Version int64  `json:"version"`
	Text    string `json:"text"`
}

// ForwardRequest is the body of POST /v1/schede/{id}/forward.
type ForwardRequest struct {
	Version   int64  `json:"version"`
	Direzione string `json:"direzione"`
	Reason    string `json:"reason"`
}

// ConvertRequest is the body of POST /v1/schede/{id}/convert.
type ConvertRequest struct {
	Version int64  `json:"version"`
	SlotID  string `json:"slot_id"`
	Channel string `json:"channel"`
}

// ConversionJSON is the answer of a conversion.
type ConversionJSON struct {
	Scheda SchedaJSON `json:"scheda"`
	Slot   SlotJSON   `json:"slot"`
}

// AvailabilityJSON is the answer of GET /v1/availability.
type AvailabilityJSON struct {
	Office  string     `json:"office"`
	Service string     `json:"service"`
	Slots   []SlotJSON `json:"slots"`
}

// BookingRequest is the body of POST /v1/bookings.
type BookingRequest struct {
	SlotID    string `json:"slot_id"`
	CitizenCF string `json:"citizen_cf"`
	Service   string `json:"service"`
	Channel   string `json:"channel"`
	Phone     string `json:"phone,omitempty"`
}

// ChangeJSON is one changed entity in the changes feed.
type ChangeJSON struct {
	Entity string `json:"entity"`
	ID     string `json:"id"`
	EntityJSON
}

// ConsoleVersionsJSON is the answer of GET /v1/console/versions.
type ConsoleVersionsJSON struct {
	Latest  string `json:"latest,omitempty"`
	Minimum string `json:"minimum,omitempty"`
	Info    string `json:"info,omitempty"`
}

// ChangesJSON is one page of the changes feed.
type ChangesJSON struct {
	Changes []ChangeJSON `json:"changes"`
	Cursor  string       `json:"cursor"`
	HasMore bool         `json:"has_more"`
}

// AuditEventJSON is one audit record.
type AuditEventJSON struct {
	ID         string    `json:"id"`
	OperatorID string    `json:"operator_id"`
	Action     string    `json:"action"`
	CitizenCF  string    `json:"citizen_cf,omitempty"`
	Reason     string    `json:"reason"`
	Ref        string    `json:"ref,omitempty"`
	At         time.Time `json:"at"`
	Offline    bool      `json:"offline"`
}

// AuditBatchJSON is the body of POST /v1/audit.
type AuditBatchJSON struct {
	Events []AuditEventJSON `json:"events"`
}

// AuditResultJSON is the answer of POST /v1/audit.
type AuditResultJSON struct {
	Accepted   int `json:"accepted"`
	Duplicates int `json:"duplicates"`
}

// Model converts the operator to the model, checking what the contract
// requires.
func (o OperatorJSON) Model() (model.Operator, error) {
	if o.ID == "" || o.Name == "" || o.Office.Code == "" || len(o.Roles) == 0 {
		return model.Operator{}, fmt.Errorf("operator %q: missing id, name, office or roles", o.ID)
	}
	op := model.Operator{ID: o.ID, Name: o.Name, Desk: o.Desk,
		Office: model.Office{Code: o.Office.Code, Name: o.Office.Name}}
	for _, r := range o.Roles {
		switch role := model.Role(r); role {
		case model.RoleSportello, model.RoleCRIC, model.RoleAccoglienza, model.RolePuntoINPS:
			op.Roles = append(op.Roles, role)
		default:
			return model.Operator{}, fmt.Errorf("operator %q: unknown role %q", o.ID, r)
		}
	}
	for _, sec := range o.Sections {
		if !model.Section(sec).Valid() {
			return model.Operator{}, fmt.Errorf("operator %q: unknown section %q", o.ID, sec)
		}
		op.Sections = append(op.Sections, model.Section(sec))
	}
	return op, nil
}

// Model checks the session's tokens and operator.
func (s Session) Model() (model.Operator, error) {
	if len(s.AccessToken) < 16 || len(s.RefreshToken) < 16 || s.ExpiresIn < 1 || s.TokenType != "Bearer" {
		return model.Operator{}, fmt.Errorf("session: no usable tokens")
	}
	return s.Operator.Model()
}

// tokens returns the session's tokens, the access token expiring
// ExpiresIn seconds from now.
func (s Session) tokens() Tokens {
	return Tokens{Access: s.AccessToken, Refresh: s.RefreshToken, Expiry: time.Now().Add(time.Duration(s.ExpiresIn) * time.Second)}
}

// Model converts the offices.
func (o OfficesJSON) Model() ([]model.Office, error) {
	out := make([]model.Office, 0, len(o.Offices))
	for _, f := range o.Offices {
		if f.Code == "" || f.Name == "" {
			return nil, fmt.Errorf("office without code or name")
		}
		mo := model.Office{Code: f.Code, Name: f.Name, Kind: f.Kind, Desks: f.Desks, Comuni: f.Comuni}
		for _, h := range f.Hours {
			if h.Weekday < 1 || h.Weekday > 7 || !clockTime(h.Open) || !clockTime(h.Close) || h.Close <= h.Open {
				return nil, fmt.Errorf("office %s: bad opening hours", f.Code)
			}
			mo.Hours = append(mo.Hours, model.OpeningHours{Weekday: time.Weekday(h.Weekday % 7), Open: h.Open, Close: h.Close})
		}
		out = append(out, mo)
	}
	return out, nil
}

func clockTime(s string) bool {
	_, err := time.Parse("15:04", s)
	return err == nil && len(s) == 5
}

// Model converts the services.
func (s ServicesJSON) Model() ([]model.Service, error) {
	out := make([]model.Service, 0, len(s.Services))
	for _, sv := range s.Services {
		if sv.Code == "" || sv.Name == "" || (sv.Level != 1 && sv.Level != 2) {
			return nil, fmt.Errorf("service %q: missing name or bad level", sv.Code)
		}
		out = append(out, model.Service{Code: sv.Code, Name: sv.Name, Level: model.Level(sv.Level)})
	}
	return out, nil
}

// Model converts the slot to the model, rejecting values outside the
// contract.
func (s SlotJSON) Model() (model.Slot, error) {
	sl := model.Slot{
		ID: s.ID, Office: s.Office, Start: s.Start, End: s.End, Desk: s.Desk,
		Channel: model.Channel(s.Channel), Service: s.Service, Level: model.Level(s.Level),
		Status: model.Status(s.Status), CitizenCF: s.CitizenCF, MeetingURL: s.MeetingURL,
		Phone: s.Phone, Outcome: model.Outcome(s.Outcome), Note: s.Note, Version: s.Version,
		ServedFrom: valueOf(s.ServedFrom), ServedTo: valueOf(s.ServedTo),
	}
	switch {
	case s.ID == "":
		return sl, fmt.Errorf("slot without id")
	case s.Desk == "" || s.Office == "":
		return sl, fmt.Errorf("slot %s: no office or desk", s.ID)
	case s.Start.IsZero() || !s.End.After(s.Start):
		return sl, fmt.Errorf("slot %s: bad start/end", s.ID)
	case !sl.Channel.Valid():
		return sl, fmt.Errorf("slot %s: unknown channel %q", s.ID, s.Channel)
	case !sl.Status.Valid():
		return sl, fmt.Errorf("slot %s: unknown status %q", s.ID, s.Status)
	case sl.Level != model.LevelInformation && sl.Level != model.LevelConsulenza:
		return sl, fmt.Errorf("slot %s: unknown level %d", s.ID, s.Level)
	case s.CitizenCF != "" && model.ValidateCF(s.CitizenCF) != nil:
		return sl, fmt.Errorf("slot %s: invalid codice fiscale", s.ID)
	case s.Outcome != "" && !sl.Outcome.Valid():
		return sl, fmt.Errorf("slot %s: unknown outcome", s.ID)
	case s.Version < 1:
		return sl, fmt.Errorf("slot %s: no version", s.ID)
	}
	return sl, nil
}

// SlotToJSON converts a model slot to the wire.
func SlotToJSON(s model.Slot) SlotJSON {
	return SlotJSON{ID: s.ID, Office: s.Office, Start: s.Start, End: s.End, Desk: s.Desk,
		Channel: string(s.Channel), Service: s.Service, Level: int(s.Level),
		Status: string(s.Status), CitizenCF: s.CitizenCF, MeetingURL: s.MeetingURL,
		Phone: s.Phone, Outcome: string(s.Outcome), Note: s.Note, Version: s.Version,
		ServedFrom: optionalTime(s.ServedFrom), ServedTo: optionalTime(s.ServedTo)}
}

// slotsModel converts a list of slots.
func slotsModel(in []SlotJSON) ([]model.Slot, error) {
	out := make([]model.Slot, 0, len(in))
	for _, sj := range in {
		s, err := sj.Model()
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// Model converts the agenda's slots.
func (a AgendaJSON) Model() ([]model.Slot, error) { return slotsModel(a.Slots) }

// Model converts the free slots.
func (a AvailabilityJSON) Model() ([]model.Slot, error) { return slotsModel(a.Slots) }

func date(field, s string, optional bool) (time.Time, error) {
	if s == "" && optional {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation(DateLayout, s, model.Rome)
	if err != nil {
		return time.Time{}, fmt.Errorf("bad %s", field)
	}
	return t, nil
}

// Model converts the caller's file to the model, rejecting values outside
// the contract.
func (c CitizenJSON) Model() (model.Citizen, error) {
	if err := model.ValidateCF(c.CF); err != nil {
		return model.Citizen{}, fmt.Errorf("citizen: %w", err)
	}
	if c.GivenName == "" || c.FamilyName == "" || c.Version < 1 || (c.Sex != "M" && c.Sex != "F") {
		return model.Citizen{}, fmt.Errorf("citizen: missing name, sex or version")
	}
	birth, err := date("birth_date", c.BirthDate, false)
	if err != nil {
		return model.Citizen{}, fmt.Errorf("citizen: %w", err)
	}
	out := model.Citizen{CF: c.CF, GivenName: c.GivenName, FamilyName: c.FamilyName,
		Sex: c.Sex, BirthDate: birth, BirthPlace: c.BirthPlace, Address: c.Address, Version: c.Version}
	for _, k := range c.Contacts {
		out.Contacts = append(out.Contacts, model.Contact{Kind: model.ContactKind(k.Kind), Value: k.Value, Verified: k.Verified})
	}
	for _, d := range c.Delegations {
		from, err1 := date("delegation from", d.From, false)
		until, err2 := date("delegation until", d.Until, true)
		if err := firstErr(err1, err2); err != nil {
			return model.Citizen{}, fmt.Errorf("citizen: %w", err)
		}
		if (d.Kind != string(model.DelegationPerson) && d.Kind != string(model.DelegationPatronato)) || d.Holder == "" ||
			(d.HolderCF != "" && model.ValidateCF(d.HolderCF) != nil) {
			return model.Citizen{}, fmt.Errorf("citizen: bad delegation")
		}
		out.Delegations = append(out.Delegations, model.Delegation{Kind: model.DelegationKind(d.Kind), Holder: d.Holder,
			HolderCF: d.HolderCF, Scope: d.Scope, From: from, Until: until, Acquired: d.Acquired, Patronato: d.PatronatoOffice})
	}
	for _, h := range c.History {
		if h.At.IsZero() || h.Operator == "" || !model.Outcome(h.Outcome).Valid() {
			return model.Citizen{}, fmt.Errorf("citizen: bad history entry")
		}
		out.History = append(out.History, model.HistoryEntry{At: h.At, Channel: h.Channel, Office: h.Office,
			OperatorID: h.OperatorID, Operator: h.Operator, Service: h.Service, Outcome: model.Outcome(h.Outcome), Note: h.Note})
	}
	for _, k := range c.Cases {
		opened, err1 := date("case opened", k.Opened, false)
		updated, err2 := date("case updated", k.Updated, false)
		if err := firstErr(err1, err2); err != nil {
			return model.Citizen{}, fmt.Errorf("citizen: %w", err)
		}
		if k.ID == "" || !model.CaseStatus(k.Status).Valid() {
			return model.Citizen{}, fmt.Errorf("citizen: bad case")
		}
		out.Cases = append(out.Cases, model.Case{ID: k.ID, Kind: k.Kind, Status: model.CaseStatus(k.Status),
			Opened: opened, Updated: updated, Office: k.Office})
	}
	for _, d := range c.Documents {
		day, err := date("document date", d.Date, false)
		if err != nil || d.ID == "" {
			return model.Citizen{}, fmt.Errorf("citizen: bad document")
		}
		out.Documents = append(out.Documents, model.Document{ID: d.ID, Title: d.Title, Kind: d.Kind, Date: day})
	}
	for _, n := range c.Notes {
		note, err := n.Model()
		if err != nil {
			return model.Citizen{}, fmt.Errorf("citizen: %w", err)
		}
		out.Notes = append(out.Notes, note)
	}
	return out, nil
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// Model converts a note.
func (n NoteJSON) Model() (model.Note, error) {
	if n.ID == "" || n.At.IsZero() || n.Text == "" || n.AuthorID == "" {
		return model.Note{}, fmt.Errorf("bad note")
	}
	return model.Note{ID: n.ID, At: n.At, AuthorID: n.AuthorID, Author: n.Author, Text: n.Text}, nil
}

// NoteToJSON converts a model note to the wire.
func NoteToJSON(n model.Note) NoteJSON {
	return NoteJSON{ID: n.ID, At: n.At, AuthorID: n.AuthorID, Author: n.Author, Text: n.Text}
}

// CitizenToJSON converts a model citizen to the wire.
func CitizenToJSON(c model.Citizen) CitizenJSON {
	out := CitizenJSON{CF: c.CF, GivenName: c.GivenName, FamilyName: c.FamilyName,
		Sex: c.Sex, BirthDate: c.BirthDate.Format(DateLayout), BirthPlace: c.BirthPlace,
		Address: c.Address, Contacts: []ContactJSON{}, Delegations: []DelegationJSON{},
		History: []HistoryEntryJSON{}, Cases: []CaseJSON{}, Documents: []DocumentJSON{}, Notes: []NoteJSON{},
		Version: c.Version}
	for _, k := range c.Contacts {
		out.Contacts = append(out.Contacts, ContactJSON{Kind: string(k.Kind), Value: k.Value, Verified: k.Verified})
	}
	for _, d := range c.Delegations {
		dj := DelegationJSON{Kind: string(d.Kind), Holder: d.Holder, HolderCF: d.HolderCF, Scope: d.Scope,
			From: d.From.Format(DateLayout), Acquired: d.Acquired, PatronatoOffice: d.Patronato}
		if !d.Until.IsZero() {
			dj.Until = d.Until.Format(DateLayout)
		}
		out.Delegations = append(out.Delegations, dj)
	}
	for _, h := range c.History {
		out.History = append(out.History, HistoryEntryJSON{At: h.At, Channel: h.Channel, Office: h.Office,
			OperatorID: h.OperatorID, Operator: h.Operator, Service: h.Service, Outcome: string(h.Outcome), Note: h.Note})
	}
	for _, k := range c.Cases {
		out.Cases = append(out.Cases, CaseJSON{ID: k.ID, Kind: k.Kind, Status: string(k.Status),
			Opened: k.Opened.Format(DateLayout), Updated: k.Updated.Format(DateLayout), Office: k.Office})
	}
	for _, d := range c.Documents {
		out.Documents = append(out.Documents, DocumentJSON{ID: d.ID, Title: d.Title, Kind: d.Kind, Date: d.Date.Format(DateLayout)})
	}
	for _, n := range c.Notes {
		out.Notes = append(out.Notes, NoteToJSON(n))
	}
	return out
}

// Model converts the search results.
func (s CitizenSearchJSON) Model() ([]model.Citizen, error) {
	out := make([]model.Citizen, 0, len(s.Results))
	for _, r := range s.Results {
		birth, err := date("birth_date", r.BirthDate, false)
		if err != nil || model.ValidateCF(r.CF) != nil || r.FamilyName == "" {
			return nil, fmt.Errorf("bad search result")
		}
		out = append(out, model.Citizen{CF: r.CF, GivenName: r.GivenName, FamilyName: r.FamilyName,
			BirthDate: birth, BirthPlace: r.BirthPlace})
	}
	return out, nil
}

// Model converts a scheda, rejecting values outside the contract.
func (s SchedaJSON) Model() (model.Scheda, error) {
	sc := model.Scheda{ID: s.ID, Number: s.Number, Section: model.Section(s.Section), Status: model.SchedaStatus(s.Status),
		ReceivedAt: s.ReceivedAt, CitizenCF: s.CitizenCF, Subject: s.Subject, Question: s.Question,
		HolderID: s.HolderID, HolderName: s.HolderName, InfoRequest: s.InfoRequest, Answer: s.Answer, ForwardedTo: s.ForwardedTo,
		ForwardReason: s.Reason, SlotID: s.SlotID, Version: s.Version}
	if s.AnsweredAt != nil {
		sc.AnsweredAt = *s.AnsweredAt
	}
	switch {
	case s.ID == "" || s.Number == "":
		return sc, fmt.Errorf("scheda without id or number")
	case !sc.Section.Valid():
		return sc, fmt.Errorf("scheda %s: unknown section %q", s.ID, s.Section)
	case !sc.Status.Valid():
		return sc, fmt.Errorf("scheda %s: unknown status %q", s.ID, s.Status)
	case model.ValidateCF(s.CitizenCF) != nil:
		return sc, fmt.Errorf("scheda %s: invalid codice fiscale", s.ID)
	case s.ReceivedAt.IsZero() || s.Question == "" || s.Version < 1:
		return sc, fmt.Errorf("scheda %s: missing question, date or version", s.ID)
	case sc.Status != model.SchedaNew && s.HolderID == "":
		return sc, fmt.Errorf("scheda %s: taken in charge without a holder", s.ID)
	}
	return sc, nil
}

// SchedaToJSON converts a model scheda to the wire.
func SchedaToJSON(s model.Scheda) SchedaJSON {
	out := SchedaJSON{ID: s.ID, Number: s.Number, Section: string(s.Section), Status: string(s.Status),
		ReceivedAt: s.ReceivedAt, CitizenCF: s.CitizenCF, Subject: s.Subject, Question: s.Question,
		HolderID: s.HolderID, HolderName: s.HolderName, InfoRequest: s.InfoRequest, Answer: s.Answer, ForwardedTo: s.ForwardedTo,
		Reason: s.ForwardReason, SlotID: s.SlotID, Version: s.Version}
	if !s.AnsweredAt.IsZero() {
		at := s.AnsweredAt
		out.AnsweredAt = &at
	}
	return out
}

// Model converts the list of schede.
func (s SchedeJSON) Model() ([]model.Scheda, error) {
	out := make([]model.Scheda, 0, len(s.Schede))
	for _, sj := range s.Schede {
		sc, err := sj.Model()
		if err != nil {
			return nil, err
		}
		out = append(out, sc)
	}
	return out, nil
}

// Conversion is a scheda turned into an appointment.
type Conversion struct {
	Scheda model.Scheda
	Slot   model.Slot
}

// Model converts a conversion.
func (c ConversionJSON) Model() (Conversion, error) {
	sc, err1 := c.Scheda.Model()
	sl, err2 := c.Slot.Model()
	if err := firstErr(err1, err2); err != nil {
		return Conversion{}, err
	}
	if sc.SlotID != sl.ID || sl.CitizenCF != sc.CitizenCF {
		return Conversion{}, fmt.Errorf("conversion: scheda and slot do not match")
	}
	return Conversion{Scheda: sc, Slot: sl}, nil
}

// ChangesPage is one page of the changes feed.
type ChangesPage struct {
	Changes []model.Change
	Cursor  string
	HasMore bool
	// Console are the console versions central accepts, from the
	// page's headers (Info is never there).
	Console ConsoleVersions
}

// Model converts a page of the changes feed.
func (c ChangesJSON) Model() (ChangesPage, error) {
	if c.Cursor == "" {
		return ChangesPage{}, fmt.Errorf("changes: no cursor")
	}
	out := ChangesPage{Cursor: c.Cursor, HasMore: c.HasMore, Changes: make([]model.Change, len(c.Changes))}
	for i, ch := range c.Changes {
		mc, err := ch.Model()
		if err != nil {
			return ChangesPage{}, fmt.Errorf("changes: %w", err)
		}
		out.Changes[i] = mc
	}
	return out, nil
}

// Model converts one entry of the changes feed: exactly one entity, the
// one its entity and id name, or a citizen's codice fiscale alone.
func (ch ChangeJSON) Model() (model.Change, error) {
	var (
		e   model.Entity
		err error
	)
	switch {
	case ch.Entity == "slot" && ch.Slot != nil && ch.Slot.ID == ch.ID:
		e, err = ch.Slot.Model()
	case ch.Entity == "scheda" && ch.Scheda != nil && ch.Scheda.ID == ch.ID:
		e, err = ch.Scheda.Model()
	case ch.Entity == "ticket" && ch.Ticket != nil && ch.Ticket.ID == ch.ID:
		e, err = ch.Ticket.Model()
	case ch.Entity == "citizen" && ch.Slot == nil && ch.Scheda == nil && ch.Ticket == nil && model.ValidateCF(ch.ID) == nil:
		return model.Change{StaleCitizen: ch.ID}, nil
	default:
		return model.Change{}, fmt.Errorf("malformed %q change", ch.Entity)
	}
	if err != nil {
		return model.Change{}, err
	}
	return model.Change{Entity: e}, nil
}

// Model checks an audit result.
func (a AuditResultJSON) Model() (AuditResultJSON, error) {
	if a.Accepted < 0 || a.Duplicates < 0 {
		return a, fmt.Errorf("audit: negative counts")
	}
	return a, nil
}

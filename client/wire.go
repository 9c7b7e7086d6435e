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
	VisitJSON
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
	VisitEventJSON
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
		case model.RoleSportello, model.RoleCRIC, model.RoleAccoglienza, model.RolePuntoINPS, model.RoleResponsabile:
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
	s.VisitJSON.model(&sl)
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
	case !sl.Priority.Valid():
		return sl, fmt.Errorf("slot %s: unknown priority", s.ID)
	}
	return sl, nil
}

// SlotToJSON converts a model slot to the wire.
func SlotToJSON(s model.Slot) SlotJSON {
	return SlotJSON{ID: s.ID, Office: s.Office, Start: s.Start, End: s.End, Desk: s.Desk,
		Channel: string(s.Channel), Service: s.Service, Level: int(s.Level),
		Status: string(s.Status), CitizenCF: s.CitizenCF, MeetingURL: s.MeetingURL,
		Phone: s.Phone, Outcome: string(s.Outcome), Note: s.Note, Version: s.Version,
		ServedFrom: optionalTime(s.ServedFrom), ServedTo: optionalTime(s.ServedTo), VisitJSON: visitToJSON(s)}
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

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

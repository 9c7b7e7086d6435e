package client

import (
	"fmt"
	"time"

	"sportello/model"
)

// The JSON shapes of the contract (openapi.yaml). The sandbox encodes the
// same types, so both sides of the conversation share one definition.

// ErrorBody is the one error shape of the API.
type ErrorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// LoginRequest is the body of POST /v1/auth/token.
type LoginRequest struct {
	Operator string `json:"operator"`
	Password string `json:"password"`
}

// OfficeJSON is an office on the wire.
type OfficeJSON struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// OperatorJSON is an operator on the wire.
type OperatorJSON struct {
	ID     string     `json:"id"`
	Name   string     `json:"name"`
	Office OfficeJSON `json:"office"`
	Desk   string     `json:"desk,omitempty"`
	Roles  []string   `json:"roles"`
}

// Session is the answer to a successful login.
type Session struct {
	AccessToken string       `json:"access_token"`
	TokenType   string       `json:"token_type"`
	ExpiresIn   int          `json:"expires_in"`
	Operator    OperatorJSON `json:"operator"`
}

// SlotJSON is a slot on the wire.
type SlotJSON struct {
	ID         string    `json:"id"`
	Start      time.Time `json:"start"`
	End        time.Time `json:"end"`
	Desk       string    `json:"desk"`
	Channel    string    `json:"channel"`
	Service    string    `json:"service"`
	Level      int       `json:"level"`
	Status     string    `json:"status"`
	CitizenCF  string    `json:"citizen_cf,omitempty"`
	MeetingURL string    `json:"meeting_url,omitempty"`
	Phone      string    `json:"phone,omitempty"`
	Version    int64     `json:"version"`
}

// AgendaJSON is the answer of GET /v1/agenda.
type AgendaJSON struct {
	From  string     `json:"from"`
	To    string     `json:"to"`
	Slots []SlotJSON `json:"slots"`
}

// ContactJSON is a contact on the wire.
type ContactJSON struct {
	Kind     string `json:"kind"`
	Value    string `json:"value"`
	Verified bool   `json:"verified"`
}

// CitizenJSON is the caller's file on the wire.
type CitizenJSON struct {
	CF         string        `json:"cf"`
	GivenName  string        `json:"given_name"`
	FamilyName string        `json:"family_name"`
	Sex        string        `json:"sex"`
	BirthDate  string        `json:"birth_date"`
	BirthPlace string        `json:"birth_place"`
	Address    string        `json:"address,omitempty"`
	Contacts   []ContactJSON `json:"contacts"`
}

// DateLayout is the layout of the contract's dates (format: date).
const DateLayout = "2006-01-02"

// Model converts the operator to the model, checking what the contract
// requires.
func (o OperatorJSON) Model() (model.Operator, error) {
	if o.ID == "" || o.Name == "" || o.Office.Code == "" || len(o.Roles) == 0 {
		return model.Operator{}, fmt.Errorf("operator %q: missing id, name, office or roles", o.ID)
	}
	op := model.Operator{ID: o.ID, Name: o.Name, Desk: o.Desk,
		Office: model.Office{Code: o.Office.Code, Name: o.Office.Name}}
	for _, r := range o.Roles {
		op.Roles = append(op.Roles, model.Role(r))
	}
	return op, nil
}

// Model converts the slot to the model, rejecting values outside the
// contract.
func (s SlotJSON) Model() (model.Slot, error) {
	sl := model.Slot{
		ID: s.ID, Start: s.Start, End: s.End, Desk: s.Desk,
		Channel: model.Channel(s.Channel), Service: s.Service, Level: model.Level(s.Level),
		Status: model.Status(s.Status), CitizenCF: s.CitizenCF, MeetingURL: s.MeetingURL,
		Phone: s.Phone, Version: s.Version,
	}
	switch {
	case s.ID == "":
		return sl, fmt.Errorf("slot without id")
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
	}
	return sl, nil
}

// SlotToJSON converts a model slot to the wire.
func SlotToJSON(s model.Slot) SlotJSON {
	return SlotJSON{ID: s.ID, Start: s.Start, End: s.End, Desk: s.Desk,
		Channel: string(s.Channel), Service: s.Service, Level: int(s.Level),
		Status: string(s.Status), CitizenCF: s.CitizenCF, MeetingURL: s.MeetingURL,
		Phone: s.Phone, Version: s.Version}
}

// Model converts the citizen's file to the model, rejecting values outside
// the contract. Errors never quote personal data.
func (c CitizenJSON) Model() (model.Citizen, error) {
	if err := model.ValidateCF(c.CF); err != nil {
		return model.Citizen{}, fmt.Errorf("citizen: %w", err)
	}
	if c.GivenName == "" || c.FamilyName == "" {
		return model.Citizen{}, fmt.Errorf("citizen: missing name")
	}
	birth, err := time.ParseInLocation(DateLayout, c.BirthDate, model.Rome)
	if err != nil {
		return model.Citizen{}, fmt.Errorf("citizen: bad birth_date")
	}
	out := model.Citizen{CF: c.CF, GivenName: c.GivenName, FamilyName: c.FamilyName,
		Sex: c.Sex, BirthDate: birth, BirthPlace: c.BirthPlace, Address: c.Address}
	for _, k := range c.Contacts {
		out.Contacts = append(out.Contacts, model.Contact{Kind: model.ContactKind(k.Kind), Value: k.Value, Verified: k.Verified})
	}
	return out, nil
}

// CitizenToJSON converts a model citizen to the wire.
func CitizenToJSON(c model.Citizen) CitizenJSON {
	out := CitizenJSON{CF: c.CF, GivenName: c.GivenName, FamilyName: c.FamilyName,
		Sex: c.Sex, BirthDate: c.BirthDate.Format(DateLayout), BirthPlace: c.BirthPlace,
		Address: c.Address, Contacts: []ContactJSON{}}
	for _, k := range c.Contacts {
		out.Contacts = append(out.Contacts, ContactJSON{Kind: string(k.Kind), Value: k.Value, Verified: k.Verified})
	}
	return out
}

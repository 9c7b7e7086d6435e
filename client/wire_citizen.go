package client

import (
	"fmt"
	"time"

	"sportello/model"
)

// The caller's file on the wire: citizens, their contacts, cases,
// documents and notes.

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
	Suggestions []SuggestionJSON   `json:"suggestions,omitempty"`
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
	out.Suggestions = suggestionsModel(c.Suggestions)
	return out, nil
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
	out.Suggestions = suggestionsJSON(c.Suggestions)
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

package client

import (
	"fmt"
	"time"

	"sportello/model"
)

// The changes feed and the audit batch on the wire.

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

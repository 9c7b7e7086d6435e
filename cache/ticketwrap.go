package cache

import (
	"encoding/json"
	"fmt"

	"sportello/model"
)

// ticketsWrapUp is a served ticket's wrap-up (see ticketWrapUpRecord), by
// ticket id.
var ticketsWrapUp = column{"tickets", "wrapup"}

// ticketWrapUpRecord is what the tickets table keeps of a served ticket's
// wrap-up, as JSON in its sealed wrapup column: the note is free text an
// operator may fill with the citizen's affairs.
type ticketWrapUpRecord struct {
	Outcome           model.Outcome `json:"o,omitempty"`
	Services          []string      `json:"s,omitempty"`
	Note              string        `json:"n,omitempty"`
	NotRepresentative bool          `json:"nr,omitempty"`
}

func ticketWrapUpOf(t model.Ticket) ticketWrapUpRecord {
	return ticketWrapUpRecord{Outcome: t.Outcome, Services: t.Services, Note: t.Note, NotRepresentative: t.NotRepresentative}
}

// plain is the record's JSON, "" for an empty one (stored as NULL).
func (w ticketWrapUpRecord) plain() string {
	if w.Outcome == "" && len(w.Services) == 0 && w.Note == "" && !w.NotRepresentative {
		return ""
	}
	b, _ := json.Marshal(w) // strings and a bool always encode
	return string(b)
}

// openTicketWrapUp reads the sealed wrap-up of ticket t.ID into t.
func (s *Store) openTicketWrapUp(sealed []byte, t *model.Ticket) error {
	plain, err := s.seal.openString(sealed, ticketsWrapUp.at(t.ID))
	if err != nil || plain == "" {
		return err
	}
	var w ticketWrapUpRecord
	if err := json.Unmarshal([]byte(plain), &w); err != nil {
		return fmt.Errorf("ticket %s: wrap-up: %w", t.ID, err)
	}
	t.Outcome, t.Services, t.Note, t.NotRepresentative = w.Outcome, w.Services, w.Note, w.NotRepresentative
	return nil
}

package client

import "sportello/model"

// TicketCounterJSON is what the counter adds to a ticket on the wire:
// recalls and transfers, the priority, central's recall limit and the last
// transfer's target and note.
type TicketCounterJSON struct {
	Recalls        int    `json:"recalls,omitempty"`
	MaxRecalls     int    `json:"max_recalls,omitempty"`
	Transfers      int    `json:"transfers,omitempty"`
	Priority       string `json:"priority,omitempty"`
	TransferDesk   string `json:"transfer_desk,omitempty"`
	TransferReason string `json:"transfer_reason,omitempty"`
	TransferNote   string `json:"transfer_note,omitempty"`
	TicketWrapUpJSON
}

// TicketWrapUpJSON is the wrap-up of a served ticket on the wire: the
// outcome of central's catalogue, the services delivered (their names),
// the note (it may name the citizen's affairs) and the time flagged not
// representative.
type TicketWrapUpJSON struct {
	Outcome           string   `json:"outcome,omitempty"`
	Services          []string `json:"services,omitempty"`
	Note              string   `json:"note,omitempty"`
	NotRepresentative bool     `json:"not_representative,omitempty"`
}

func counterToJSON(t model.Ticket) TicketCounterJSON {
	return TicketCounterJSON{Recalls: t.Recalls, MaxRecalls: t.MaxRecalls, Transfers: t.Transfers, Priority: string(t.Priority),
		TransferDesk: t.TransferDesk, TransferReason: string(t.TransferReason), TransferNote: t.TransferNote,
		TicketWrapUpJSON: TicketWrapUpJSON{Outcome: string(t.Outcome), Services: t.Services, Note: t.Note, NotRepresentative: t.NotRepresentative}}
}

func (c TicketCounterJSON) apply(t *model.Ticket) {
	t.Recalls, t.MaxRecalls, t.Transfers, t.Priority = c.Recalls, c.MaxRecalls, c.Transfers, model.Priority(c.Priority)
	t.TransferDesk, t.TransferReason, t.TransferNote = c.TransferDesk, model.TicketReason(c.TransferReason), c.TransferNote
	t.Outcome, t.Services, t.Note, t.NotRepresentative = model.Outcome(c.Outcome), c.Services, c.Note, c.NotRepresentative
}

// TicketEventExtraJSON is what an event carries besides its type: the
// priority given, a transfer's target and note, a serve's wrap-up (its
// outcome, the services delivered as codes of the catalogue, the time
// flagged not representative, with the note).
type TicketEventExtraJSON struct {
	Priority          string   `json:"priority,omitempty"`
	TransferDesk      string   `json:"transfer_desk,omitempty"`
	TransferReason    string   `json:"transfer_reason,omitempty"`
	Note              string   `json:"note,omitempty"`
	Outcome           string   `json:"outcome,omitempty"`
	Services          []string `json:"services,omitempty"`
	NotRepresentative bool     `json:"not_representative,omitempty"`
}

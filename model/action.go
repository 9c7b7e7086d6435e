package model

import "time"

// ActionKind names a kind of operator action the outbox holds.
type ActionKind string

// The kinds of operator action, one type each (see Action).
const (
	KindSlotEvent ActionKind = "slot_event" // SlotEventAction
	KindNote      ActionKind = "note"       // NoteAction
	KindScheda    ActionKind = "scheda"     // SchedaAction
	KindBooking   ActionKind = "booking"    // BookingRequest
	KindTicket    ActionKind = "ticket"     // TicketAction
	// KindSuggestion is a mark on a suggested right (SuggestionMarkAction).
	KindSuggestion ActionKind = "suggestion"
)

// ActionKinds lists every kind, in the order they were introduced.
var ActionKinds = []ActionKind{KindSlotEvent, KindNote, KindScheda, KindBooking, KindTicket, KindSuggestion}

// Action is an operator action recorded at once on this computer and
// queued for central: a value of one of the types listed with the
// ActionKind constants. It says what kind it is and what the audit trail
// records of it; the console says how it is sent and how its conflict
// reads (app's outbox kinds).
type Action interface {
	Kind() ActionKind
	// Audit is the audit entry the action leaves, without its id and
	// operator (the outbox's): what was done, why, to which citizen and
	// entity. The lookup fills in what the action names only by id.
	Audit(l AuditLookup) (AuditEntry, error)
}

// AuditLookup finds, in the local mirror, what an action's audit entry
// names that the action itself does not carry.
type AuditLookup interface {
	// SlotCitizen is the codice fiscale of the citizen booked on a slot
	// ("" when none, or the slot is not mirrored).
	SlotCitizen(slotID string) (string, error)
	// SchedaRef is the number the consultant sees for a scheda ("" when
	// the scheda is not mirrored).
	SchedaRef(schedaID string) string
}

// SlotEventAction is an event the operator recorded on a slot.
type SlotEventAction struct {
	SlotID  string
	Event   SlotEvent
	Version int64 // the slot version it applies to, as central will see it
	At      time.Time
	Outcome Outcome
	Note    string
	// The visit's details (see VisitEvents and WrapUp): the services
	// delivered (complete) or the one added (add_service), the time not
	// representative (complete), the target of a transfer (Desk,
	// Service, with Note for the colleague), the priority given.
	Services          []string `json:",omitempty"`
	NotRepresentative bool     `json:",omitempty"`
	Desk              string   `json:",omitempty"`
	Service           string   `json:",omitempty"`
	Priority          Priority `json:",omitempty"`
}

// Kind is KindSlotEvent.
func (SlotEventAction) Kind() ActionKind { return KindSlotEvent }

// Audit records the event on the slot, for the citizen booked on it.
func (a SlotEventAction) Audit(l AuditLookup) (AuditEntry, error) {
	cf, err := l.SlotCitizen(a.SlotID)
	return AuditEntry{Action: "slot_" + string(a.Event), Reason: AccessAppointment, Ref: a.SlotID, CF: cf, At: a.At}, err
}

// NoteAction is a note the operator wrote on a citizen's file.
type NoteAction struct {
	CF       string
	Text     string
	At       time.Time
	AuthorID string
	Author   string
}

// Kind is KindNote.
func (NoteAction) Kind() ActionKind { return KindNote }

// Audit records a note on the citizen's file.
func (a NoteAction) Audit(AuditLookup) (AuditEntry, error) {
	return AuditEntry{Action: "note", Reason: AccessFile, CF: a.CF, At: a.At}, nil
}

// SchedaAction is a consultant's operation on a scheda.
type SchedaAction struct {
	SchedaID string
	Op       SchedaOp
	Version  int64 // the scheda version it applies to, as central will see it
	At       time.Time
	// Text is the answer, the request to the citizen or the reason of a
	// forward.
	Text      string
	Direzione string  // code of the Direzione centrale (forward)
	Slot      *Slot   // the free slot chosen (convert)
	Channel   Channel // how the appointment is held (convert)
	// OperatorID and Operator are who acts: a claim makes them the holder.
	OperatorID string
	Operator   string
}

// Kind is KindScheda.
func (SchedaAction) Kind() ActionKind { return KindScheda }

// Audit records the operation under the scheda's number.
func (a SchedaAction) Audit(l AuditLookup) (AuditEntry, error) {
	ref := l.SchedaRef(a.SchedaID)
	if ref == "" {
		ref = a.SchedaID
	}
	return AuditEntry{Action: "scheda_" + string(a.Op), Reason: AccessScheda, Ref: ref, At: a.At}, nil
}

// Kind is KindBooking: a booking request is the booking action.
func (BookingRequest) Kind() ActionKind { return KindBooking }

// Audit records the booking for the citizen, by the operator who booked.
func (a BookingRequest) Audit(AuditLookup) (AuditEntry, error) {
	return AuditEntry{Action: "book", Reason: AccessBooking, CF: a.CF, Ref: a.Slot.ID, OperatorID: a.OperatorID, At: a.At}, nil
}

// TicketAction is an operation on a queue ticket: issuing it, calling it,
// serving it…
type TicketAction struct {
	TicketID string
	Op       TicketOp
	Version  int64 // the ticket version it applies to, as central will see it
	At       time.Time
	Reason   TicketReason // issue
	Number   int          // issue: the number printed
	Office   string       // issue
	Desk     string       // call: the desk the citizen goes to
	// Priority is the ticket's priority (issue, priority).
	Priority Priority
	// TransferDesk, TransferReason and Note say where a transfer sends the
	// ticket and why.
	TransferDesk   string
	TransferReason TicketReason
	Note           string
	// Outcome, Services (codes of the catalogue) and NotRepresentative are
	// the wrap-up of a serve, with Note its note (see WrapUp).
	Outcome           Outcome  `json:",omitempty"`
	Services          []string `json:",omitempty"`
	NotRepresentative bool     `json:",omitempty"`
}

// WrapUp is the wrap-up a serve carries (empty for another operation).
func (a TicketAction) WrapUp() WrapUp {
	return WrapUp{Outcome: a.Outcome, Services: a.Services, Note: a.Note, NotRepresentative: a.NotRepresentative}
}

// Kind is KindTicket.
func (TicketAction) Kind() ActionKind { return KindTicket }

// Audit records the operation on the ticket (on no citizen).
func (a TicketAction) Audit(AuditLookup) (AuditEntry, error) {
	return AuditEntry{Action: "ticket_" + string(a.Op), Reason: AccessQueue, Ref: a.TicketID, At: a.At}, nil
}

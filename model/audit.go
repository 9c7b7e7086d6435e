package model

import "time"

// AccessReason is why an operator opened a citizen's file or acted on it,
// as the audit trail records it. The console derives it from where the
// operator was: an appointment of the agenda, a scheda of the inbox, a
// booking at reception, or a search of their own.
type AccessReason string

// The reasons the audit trail knows.
const (
	AccessAppointment AccessReason = "appointment" // a booked slot of the agenda
	// AccessAgendaAuto is a file the console opened by itself, not the
	// operator: the slot under way (or the next one) when a day is shown,
	// so that the caller's file is ready when the citizen arrives.
	AccessAgendaAuto AccessReason = "agenda_auto"
	AccessScheda     AccessReason = "scheda"  // a Linea INPS scheda being worked
	AccessBooking    AccessReason = "booking" // a booking for a walk-in citizen
	AccessQueue      AccessReason = "queue"   // a queue ticket at reception
	AccessSearch     AccessReason = "search"  // the operator searched for the citizen
	AccessFile       AccessReason = "file"    // an action on a file already open (a note)
	// AccessManagement is the head of a structure acting on the
	// sportelli's agendas (a clone, a slot duration): no citizen.
	AccessManagement AccessReason = "management"
)

// Valid reports whether r is one of the known reasons.
func (r AccessReason) Valid() bool {
	switch r {
	case AccessAppointment, AccessAgendaAuto, AccessScheda, AccessBooking, AccessQueue, AccessSearch, AccessFile, AccessManagement:
		return true
	}
	return false
}

// Access says why a file is opened: the reason and the entity it is
// opened for (the slot, the scheda), if any.
type Access struct {
	Reason AccessReason
	Ref    string
}

// AuditEntry is one access to a citizen's file, or one action of the
// operator, for the institute's audit trail.
type AuditEntry struct {
	ID         string // unique, chosen by the console; central deduplicates on it
	OperatorID string
	Action     string // open_file, or the action: slot_check_in, note, book, scheda_answer, ticket_call…
	CF         string // the citizen concerned; empty for an action on no citizen (a queue ticket)
	Reason     AccessReason
	Ref        string // the slot, scheda, ticket… concerned, if any
	At         time.Time
	Offline    bool      // the console could not reach central at the time
	SentAt     time.Time // when central acknowledged it; zero while it waits
}

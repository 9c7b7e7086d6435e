package model

import (
	"errors"
	"fmt"
	"strings"
)

// The events of a visit being served, beside the slot's life cycle (see
// Events): they apply to a slot in progress or parked.
const (
	EventPark       SlotEvent = "park"        // the citizen went to fetch a document
	EventResume     SlotEvent = "resume"      // the parked visit goes on
	EventAddService SlotEvent = "add_service" // one more service delivered in the visit
	EventTransfer   SlotEvent = "transfer"    // passed to another desk or service, with a note
	EventPriority   SlotEvent = "priority"    // marked (or unmarked) priority
)

// VisitEvents lists the visit's events in the order the day view offers
// them.
var VisitEvents = []SlotEvent{EventPark, EventResume, EventAddService, EventTransfer, EventPriority}

// visitNext is Next for the visit's events; ok false for another event.
func visitNext(from Status, ev SlotEvent) (to Status, allowed, ok bool) {
	switch ev {
	case EventPark:
		return StatusParked, from == StatusInProgress, true
	case EventResume:
		return StatusInProgress, from == StatusParked, true
	case EventAddService:
		return from, from == StatusInProgress, true
	case EventTransfer:
		// The colleague finds the citizen arrived, waiting to be served.
		return StatusCheckedIn, from == StatusInProgress || from == StatusParked || from == StatusCheckedIn, true
	case EventPriority:
		return from, from == StatusBooked || from == StatusCheckedIn || from == StatusInProgress || from == StatusParked, true
	}
	return from, false, false
}

// AllowedVisit returns the visit's events a slot in status from can take,
// in the order of VisitEvents.
func AllowedVisit(from Status) []SlotEvent {
	var out []SlotEvent
	for _, ev := range VisitEvents {
		if _, err := Next(from, ev); err == nil {
			out = append(out, ev)
		}
	}
	return out
}

// MaxServicesPerVisit is how many services one visit may record besides
// the booked one.
const MaxServicesPerVisit = 10

// MaxTransferNoteLength is the longest note a transfer carries, in bytes.
const MaxTransferNoteLength = 500

// ErrWrapUp is returned for a wrap-up that cannot be recorded.
var ErrWrapUp = errors.New("wrap-up not valid")

// WrapUp is what the operator records when a visit (or a call) ends: the
// outcome from central's catalogue, the services delivered besides the
// booked one, a short note, and whether its time is representative.
type WrapUp struct {
	Outcome           Outcome
	Services          []string
	Note              string
	NotRepresentative bool
}

// Check reports whether the wrap-up can be recorded: an outcome of
// well-formed code, a note within MaxNoteLength, at most
// MaxServicesPerVisit services, none empty. Central checks the outcome
// against its catalogue.
func (w WrapUp) Check() error {
	switch {
	case !w.Outcome.Valid():
		return fmt.Errorf("%w: outcome %q", ErrWrapUp, w.Outcome)
	case len(strings.TrimSpace(w.Note)) > MaxNoteLength:
		return fmt.Errorf("%w: note too long", ErrWrapUp)
	case len(w.Services) > MaxServicesPerVisit:
		return fmt.Errorf("%w: too many services", ErrWrapUp)
	}
	for _, s := range w.Services {
		if strings.TrimSpace(s) == "" {
			return fmt.Errorf("%w: empty service", ErrWrapUp)
		}
	}
	return nil
}

// OutcomeInfo is one outcome of central's catalogue: its code and its
// name (in Italian, as central gives it).
type OutcomeInfo struct {
	Code Outcome
	Name string
}

// The outcomes central's catalogue adds to the first four.
const (
	OutcomeDocumentRequested Outcome = "document_requested" // documentazione richiesta
	OutcomeApplicationFiled  Outcome = "application_filed"  // domanda presentata
	OutcomeNotProvided       Outcome = "not_provided"       // servizio non erogato
	OutcomeReferred          Outcome = "referred"           // indirizzato ad altro ufficio
)

// DefaultOutcomes is the catalogue of outcomes a console uses before it
// has mirrored central's, in the order the wrap-up offers them.
var DefaultOutcomes = []OutcomeInfo{
	{OutcomeResolved, "Risolto"},
	{OutcomeDocumentRequested, "Documentazione richiesta"},
	{OutcomeApplicationFiled, "Domanda presentata"},
	{OutcomeCaseOpened, "Pratica avviata"},
	{OutcomeFollowUp, "Da ricontattare"},
	{OutcomeNotProvided, "Servizio non erogato"},
	{OutcomeReferred, "Indirizzato ad altro ufficio"},
	{OutcomeRedirected, "Indirizzato ad altra struttura"},
}

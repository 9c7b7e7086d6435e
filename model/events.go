package model

import (
	"errors"
	"fmt"
)

// SlotEvent is something that happens to a booked slot.
type SlotEvent string

// The slot events.
const (
	EventCheckIn  SlotEvent = "check_in" // the citizen arrived
	EventStart    SlotEvent = "start"    // the operator starts serving
	EventComplete SlotEvent = "complete" // served, with an outcome
	EventNoShow   SlotEvent = "no_show"  // the citizen did not come
	EventCancel   SlotEvent = "cancel"   // the booking is cancelled
)

// ErrTransition is returned for an event that does not apply to a slot in
// its current status.
var ErrTransition = errors.New("event not allowed in this status")

// Next returns the status a slot in status from reaches with event ev.
func Next(from Status, ev SlotEvent) (Status, error) {
	if to, allowed, ok := visitNext(from, ev); ok {
		if !allowed {
			return from, fmt.Errorf("%w: %s from %s", ErrTransition, ev, from)
		}
		return to, nil
	}
	to := map[SlotEvent]Status{EventCheckIn: StatusCheckedIn, EventStart: StatusInProgress,
		EventComplete: StatusCompleted, EventNoShow: StatusNoShow, EventCancel: StatusCancelled}[ev]
	ok := false
	switch ev {
	case EventCheckIn, EventNoShow, EventCancel:
		ok = from == StatusBooked || (from == StatusCheckedIn && ev != EventCheckIn)
	case EventStart:
		ok = from == StatusBooked || from == StatusCheckedIn
	case EventComplete:
		ok = from == StatusInProgress
	default:
		return from, fmt.Errorf("%w: unknown event %q", ErrTransition, ev)
	}
	if !ok {
		return from, fmt.Errorf("%w: %s from %s", ErrTransition, ev, from)
	}
	return to, nil
}

// Events lists the slot events in the order the day view offers them.
var Events = []SlotEvent{EventCheckIn, EventStart, EventComplete, EventNoShow, EventCancel}

// Allowed returns the events a slot in status from can take, in the order
// of Events.
func Allowed(from Status) []SlotEvent {
	var out []SlotEvent
	for _, ev := range Events {
		if _, err := Next(from, ev); err == nil {
			out = append(out, ev)
		}
	}
	return out
}

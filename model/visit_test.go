package model

import (
	"errors"
	"strings"
	"testing"
)

// TestVisitTransitions is the table of what a visit's events do in each
// status: where they lead, or that they are refused.
func TestVisitTransitions(t *testing.T) {
	const no = Status("") // refused
	table := map[SlotEvent]map[Status]Status{
		EventPark:       {StatusInProgress: StatusParked},
		EventResume:     {StatusParked: StatusInProgress},
		EventAddService: {StatusInProgress: StatusInProgress},
		EventTransfer:   {StatusInProgress: StatusCheckedIn, StatusParked: StatusCheckedIn, StatusCheckedIn: StatusCheckedIn},
		EventPriority: {StatusBooked: StatusBooked, StatusCheckedIn: StatusCheckedIn, StatusInProgress: StatusInProgress,
			StatusParked: StatusParked},
		EventComplete: {StatusInProgress: StatusCompleted},
		EventNoShow:   {StatusBooked: StatusNoShow, StatusCheckedIn: StatusNoShow},
		EventStart:    {StatusBooked: StatusInProgress, StatusCheckedIn: StatusInProgress},
	}
	for ev, allowed := range table {
		for _, from := range Statuses {
			want, ok := allowed[from]
			if !ok {
				want = no
			}
			got, err := Next(from, ev)
			switch {
			case want == no && !errors.Is(err, ErrTransition):
				t.Errorf("%s from %s: %s, %v; want refused", ev, from, got, err)
			case want != no && (err != nil || got != want):
				t.Errorf("%s from %s: %s, %v; want %s", ev, from, got, err, want)
			}
		}
	}
	if got := AllowedVisit(StatusParked); len(got) != 3 || got[0] != EventResume {
		t.Errorf("a parked visit offers %v, want resume, transfer, priority", got)
	}
	if !StatusParked.Valid() || !(Slot{Status: StatusParked}).Open() {
		t.Error("parked is not a valid, open status")
	}
}

func TestWrapUpCheck(t *testing.T) {
	for _, c := range []struct {
		w  WrapUp
		ok bool
	}{
		{WrapUp{Outcome: OutcomeResolved}, true},
		{WrapUp{Outcome: "document_requested", Services: []string{"cu"}, Note: "ok", NotRepresentative: true}, true},
		{WrapUp{}, false},
		{WrapUp{Outcome: "Risolto"}, false},
		{WrapUp{Outcome: OutcomeResolved, Note: strings.Repeat("x", MaxNoteLength+1)}, false},
		{WrapUp{Outcome: OutcomeResolved, Services: []string{" "}}, false},
		{WrapUp{Outcome: OutcomeResolved, Services: make([]string, MaxServicesPerVisit+1)}, false},
	} {
		if err := c.w.Check(); (err == nil) != c.ok || (err != nil && !errors.Is(err, ErrWrapUp)) {
			t.Errorf("%+v: %v, want ok %v", c.w, err, c.ok)
		}
	}
}

package client_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"sportello/client"
	"sportello/model"
)

// checkVisits walks a visit through central's rules over the contract: the
// catalogue of outcomes, a service added (twice refused), park and resume,
// priority, a transfer (to the same place refused) and the wrap-up (an
// outcome not in the catalogue refused). It takes the day's last booked
// slot, which the rest of the contract test leaves alone.
func checkVisits(t *testing.T, demo *client.Client, slots []model.Slot) {
	t.Helper()
	ctx := context.Background()
	outcomes, err := demo.Outcomes(ctx)
	if err != nil || !slices.ContainsFunc(outcomes, func(o model.OutcomeInfo) bool { return o.Code == model.OutcomeDocumentRequested }) ||
		!slices.ContainsFunc(outcomes, func(o model.OutcomeInfo) bool { return o.Code == model.OutcomeResolved }) {
		t.Fatalf("outcomes: %+v, %v; want the catalogue with the first four and document_requested", outcomes, err)
	}
	var s model.Slot
	for _, sl := range slices.Backward(slots) {
		if sl.Status == model.StatusBooked {
			s = sl
			break
		}
	}
	step := func(what string, ev client.SlotEvent, want error) model.Slot {
		t.Helper()
		ev.Version = s.Version
		got, err := demo.RecordSlotEvent(ctx, "", s.ID, ev)
		if !errors.Is(err, want) {
			t.Fatalf("%s: %+v, %v; want %v", what, got, err, want)
		}
		if err == nil {
			s = got
		}
		return got
	}
	step("start", client.SlotEvent{Type: model.EventStart}, nil)
	if got := step("add a service", client.SlotEvent{Type: model.EventAddService, Services: []string{"cu"}}, nil); !slices.Equal(got.Services, []string{"Certificazione Unica (CU)"}) {
		t.Errorf("services after one added: %q", got.Services)
	}
	step("the same service again", client.SlotEvent{Type: model.EventAddService, Services: []string{"cu"}}, client.ErrRejected)
	step("an unknown service", client.SlotEvent{Type: model.EventAddService, Services: []string{"nessuno"}}, client.ErrRejected)
	if got := step("park", client.SlotEvent{Type: model.EventPark}, nil); got.Status != model.StatusParked {
		t.Errorf("parked: status %s", got.Status)
	}
	step("complete a parked visit", client.SlotEvent{Type: model.EventComplete, Outcome: model.OutcomeResolved}, client.ErrConflict)
	step("resume", client.SlotEvent{Type: model.EventResume}, nil)
	if got := step("priority", client.SlotEvent{Type: model.EventPriority, Priority: model.PriorityElderly}, nil); got.Priority != model.PriorityElderly {
		t.Errorf("priority: %q", got.Priority)
	}
	step("transfer to the same desk", client.SlotEvent{Type: model.EventTransfer, Desk: s.Desk, Note: "x"}, client.ErrRejected)
	from := s.Desk
	to := "Sportello 2"
	if from == to {
		to = "Sportello 1"
	}
	got := step("transfer", client.SlotEvent{Type: model.EventTransfer, Desk: to, Note: "Manca il modello ISEE"}, nil)
	if got.Desk != to || got.Status != model.StatusCheckedIn || got.Transfers != 1 || got.TransferFrom != from ||
		got.TransferNote != "Manca il modello ISEE" || !got.ServedFrom.IsZero() {
		t.Errorf("transferred: %+v", got)
	}
	step("start at the colleague's desk", client.SlotEvent{Type: model.EventStart}, nil)
	step("an outcome not in the catalogue", client.SlotEvent{Type: model.EventComplete, Outcome: "boh"}, client.ErrRejected)
	// The wrap-up names the booked service and one already added again:
	// each service delivered counts once (the report counts the booked
	// one by itself).
	catalogue, err := demo.Services(ctx)
	if err != nil {
		t.Fatal(err)
	}
	booked := slices.IndexFunc(catalogue, func(sv model.Service) bool { return sv.Name == s.Service })
	if booked < 0 {
		t.Fatalf("the booked service %q is not in the catalogue", s.Service)
	}
	got = step("wrap-up", client.SlotEvent{Type: model.EventComplete, Outcome: model.OutcomeDocumentRequested,
		Services: []string{"pagamenti", "cu", catalogue[booked].Code}, NotRepresentative: true, Note: "Portare il modello ISEE"}, nil)
	if slices.Contains(got.Services, s.Service) {
		t.Errorf("the booked service %q among the added ones: %q", s.Service, got.Services)
	}
	if got.Status != model.StatusCompleted || got.Outcome != model.OutcomeDocumentRequested || !got.NotRepresentative ||
		len(got.Services) != 2 || got.Priority != model.PriorityElderly {
		t.Errorf("wrapped up: %+v", got)
	}
}

package app

import (
	"context"
	"testing"
	"time"

	"sportello/model"
)

// A booking at reception waits for central's answer through the sync
// loop: with no loop running nothing sends it (there is one sender), and
// with the loop it comes back confirmed, applied once.
func TestABookingWaitsForTheSyncLoopAndSendsNothingItself(t *testing.T) {
	central := startCentral(t)
	c := consoleOn(t, central.URL, "accoglienza")
	ctx := context.Background()
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	services, err := c.Services(ctx)
	if err != nil || len(services) == 0 {
		t.Fatalf("services: %d, %v", len(services), err)
	}
	svc := services[0]
	free, _, err := c.FreeSlots(ctx, svc, []string{"7801"})
	if err != nil || len(free) == 0 {
		t.Fatalf("free slots: %d, %v", len(free), err)
	}
	newcomer := model.NewCitizen{CF: model.BuildCF("Russo", "Gennaro", "M", time.Date(1958, 7, 2, 0, 0, 0, 0, model.Rome), "A717"),
		FamilyName: "Russo", GivenName: "Gennaro", Phone: "089 123456"}
	b, err := c.Book(ctx, model.BookingRequest{Slot: free[0], New: &newcomer, Service: svc, Channel: model.ChannelInPerson,
		OfficeName: "Battipaglia"})
	if err != nil {
		t.Fatal(err)
	}
	ledger := func() int {
		l, err := central.Sandbox.Ledger(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return len(l)
	}
	before := ledger()

	// No loop: the wait ends with the booking still pending, and central
	// has nothing new.
	got, err := c.AwaitBooking(ctx, b.Key, 300*time.Millisecond)
	if err != nil || got.State != model.BookingPending || ledger() != before {
		t.Fatalf("without a sync loop: %s, %v, ledger %d → %d; want pending and nothing sent", got.State, err, before, ledger())
	}

	// The loop sends it; the wait ends as soon as the loop's sync does.
	loop, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); c.RunSync(loop, time.Hour) }()
	defer func() { stop(); <-done }()
	got, err = c.AwaitBooking(ctx, b.Key, 20*time.Second)
	if err != nil || got.State != model.BookingDone || got.Booked == nil || got.Booked.ID != free[0].ID {
		t.Fatalf("with the sync loop: %+v, %v; want the slot booked", got, err)
	}
	if n := ledger() - before; n < 1 || n > 2 {
		t.Errorf("central applied %d changes, want the booking (and the registration) once", n)
	}
}

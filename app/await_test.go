package app

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"sportello/client/sandbox"
	"sportello/internal/testkit"
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

// Central's answer to a booking is known once the loop's push has it: the
// wait does not last until the pull after it ends (on a slow line the
// changes and the files take seconds more, past the screen's wait), and a
// wait that runs out says the booking as it then stands, not as it stood
// when the wait began.
func TestABookingIsAnsweredOnceThePushHasItNotAfterThePull(t *testing.T) {
	sb := testkit.NewSandbox(t, sandbox.Options{Seed: 3, Now: fixedNow})
	var slowPull atomic.Bool
	release := make(chan struct{})
	url := testkit.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if slowPull.Load() && r.URL.Path == "/v1/changes" {
			// A pull on a bad line: it answers when the test ends.
			select {
			case <-release:
			case <-r.Context().Done():
			}
		}
		sb.ServeHTTP(w, r)
	}))
	c := consoleOn(t, url, "accoglienza")
	ctx := context.Background()
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	services, err := c.Services(ctx)
	if err != nil || len(services) == 0 {
		t.Fatalf("services: %d, %v", len(services), err)
	}
	free, _, err := c.FreeSlots(ctx, services[0], []string{"7801"})
	if err != nil || len(free) < 2 {
		t.Fatalf("free slots: %d, %v", len(free), err)
	}
	book := func(slot model.Slot) model.Booking {
		t.Helper()
		cf := model.BuildCF("Russo", "Gennaro", "M", time.Date(1958, 7, 2, 0, 0, 0, 0, model.Rome), "A717")
		newcomer := model.NewCitizen{CF: cf, FamilyName: "Russo", GivenName: "Gennaro", Phone: "089 123456"}
		b, err := c.Book(ctx, model.BookingRequest{Slot: slot, New: &newcomer, Service: services[0],
			Channel: model.ChannelInPerson, OfficeName: "Battipaglia"})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	type answer struct {
		b   model.Booking
		err error
	}
	await := func(key string, wait time.Duration) <-chan answer {
		out := make(chan answer, 1)
		go func() {
			b, err := c.AwaitBooking(ctx, key, wait)
			out <- answer{b, err}
		}()
		return out
	}

	// No loop: the test pushes while the booking waits; the wait runs out
	// and says what central answered.
	b := book(free[0])
	got := await(b.Key, 2*time.Second)
	if _, err := c.Push(ctx); err != nil {
		t.Fatal(err)
	}
	if a := <-got; a.err != nil || a.b.State != model.BookingDone {
		t.Fatalf("a wait that ran out after central answered: %s, %v; want done", a.b.State, a.err)
	}

	// The loop's pull hangs after its push: the wait ends with the push.
	b = book(free[1])
	slowPull.Store(true)
	loop, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); c.RunSync(loop, time.Hour) }()
	defer func() { stop(); <-done; close(release) }()
	got = await(b.Key, time.Hour)
	select {
	case a := <-got:
		if a.err != nil || a.b.State != model.BookingDone {
			t.Fatalf("booking while the pull after the push hangs: %s, %v; want done", a.b.State, a.err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the booking still waits for a pull that hangs, though central answered its push")
	}
}

package app

import (
	"context"
	"errors"
	"net"
	"net/http"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"sportello/client"
	"sportello/internal/testkit"
	"sportello/model"
)

// heldConsole is a test console that holds actions for UndoWindow, on a
// clock the test moves.
func heldConsole(t *testing.T) (*Console, *testkit.Line, *atomic.Int64, func() int) {
	t.Helper()
	c, l, sb, _ := testConsole(t)
	clock := &atomic.Int64{}
	clock.Store(monday.UnixNano())
	c.now = func() time.Time { return time.Unix(0, clock.Load()).In(model.Rome) }
	c.undoWindow = UndoWindow
	if _, err := c.SyncOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	ledger := func() int {
		l, err := sb.Ledger(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return len(l)
	}
	return c, l, clock, ledger
}

func TestHeldActionIsSentOnlyAfterItsWindow(t *testing.T) {
	c, _, clock, ledger := heldConsole(t)
	ctx := context.Background()
	slot := nextBooked(t, c, 0)
	if _, err := c.RecordSlotEvent(ctx, slot.ID, model.EventNoShow, "", ""); err != nil {
		t.Fatal(err)
	}
	if err := c.AddNote(ctx, slot.CitizenCF, "Non si è presentato."); err != nil {
		t.Fatal(err)
	}
	held, err := c.HeldActions(ctx)
	if err != nil || len(held) != 1 || held[0].Event != model.EventNoShow || held[0].Target != slot.ID ||
		!held[0].Until.Equal(monday.Add(UndoWindow)) {
		t.Fatalf("held = %+v, %v", held, err)
	}
	// Inside the window nothing is sent, not even the note queued after it.
	clock.Add(int64(UndoWindow - time.Second))
	if rep, err := c.SyncOnce(ctx); err != nil || rep.Sent != 0 || ledger() != 0 {
		t.Fatalf("sync inside the window: %+v, %v; ledger %d", rep, err, ledger())
	}
	// The loop would wake when the window ends, not at the next periodic sync.
	if d := c.untilHoldEnd(ctx, time.Minute); d > 2*time.Second {
		t.Errorf("the loop waits %v after a sync inside the window", d)
	}
	clock.Add(int64(time.Second))
	if rep, err := c.SyncOnce(ctx); err != nil || rep.Sent != 2 || ledger() != 2 {
		t.Fatalf("sync after the window: %+v, %v; ledger %d", rep, err, ledger())
	}
	// Too late now, and said so.
	if err := c.Undo(ctx, held[0].Key); !errors.Is(err, ErrUndoTooLate) {
		t.Errorf("undo after sending: %v, want ErrUndoTooLate", err)
	}
}

func TestUndoneActionNeverReachesCentral(t *testing.T) {
	c, _, clock, ledger := heldConsole(t)
	ctx := context.Background()
	slot := nextBooked(t, c, 0)
	before := entry(t, c, slot.ID)
	if _, err := c.RecordSlotEvent(ctx, slot.ID, model.EventCancel, "", ""); err != nil {
		t.Fatal(err)
	}
	held, _ := c.HeldActions(ctx)
	if len(held) != 1 {
		t.Fatalf("held = %+v", held)
	}
	if err := c.Undo(ctx, held[0].Key); err != nil {
		t.Fatal(err)
	}
	if after := entry(t, c, slot.ID); !reflect.DeepEqual(after, before) {
		t.Errorf("slot after undo %+v, want %+v", after, before)
	}
	clock.Add(int64(time.Minute))
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if n := ledger(); n != 0 {
		t.Errorf("central applied %d actions; the cancellation was taken back", n)
	}
	if st := c.Status(ctx); st.Pending != 0 {
		t.Errorf("status after undo: %+v", st)
	}
	ids, err := c.store.PendingAudit(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ids {
		if e.ID == held[0].Key {
			t.Error("the audit entry of the cancellation taken back is still queued")
		}
	}
}

func TestAnUnsentActionCanBeTakenBackOnlyIfItNeverLeft(t *testing.T) {
	c, l, clock, ledger := heldConsole(t)
	ctx := context.Background()
	slot := nextBooked(t, c, 0)
	if _, err := c.RecordSlotEvent(ctx, slot.ID, model.EventCheckIn, "", ""); err != nil {
		t.Fatal(err)
	}
	clock.Add(int64(UndoWindow))
	// The line drops the connection of the push (the look at the console
	// versions before it gets through): the request may have reached
	// central, so the check-in is no longer offered back.
	l.PassWhileDown(func(r *http.Request) bool { return r.URL.Path == "/v1/console/versions" })
	l.Unplug()
	if _, err := c.SyncOnce(ctx); !errors.Is(err, client.ErrOffline) {
		t.Fatalf("sync with the line down: %v", err)
	}
	if _, ok, _ := c.LastUnsent(ctx, slot.ID); ok {
		t.Error("an action that may have reached central is offered back")
	}
	// A second one, after its window, that could not even be sent (no
	// connection): offered back, and taken back.
	l.Plug()
	if _, err := c.SyncOnce(ctx); err != nil || ledger() != 1 {
		t.Fatalf("sync: %v, ledger %d", err, ledger())
	}
	if _, err := c.RecordSlotEvent(ctx, slot.ID, model.EventStart, "", ""); err != nil {
		t.Fatal(err)
	}
	clock.Add(int64(UndoWindow))
	api := c.api
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()
	c.api, _ = client.New("http://"+closed, client.Config{Backoff: time.Millisecond, Attempts: 2, Tokens: api.Tokens()})
	if _, err := c.SyncOnce(ctx); !errors.Is(err, client.ErrOffline) {
		t.Fatalf("sync with no server: %v", err)
	}
	u, ok, err := c.LastUnsent(ctx, slot.ID)
	if err != nil || !ok || u.Event != model.EventStart {
		t.Fatalf("last unsent = %+v %v %v; want the start", u, ok, err)
	}
	if err := c.Undo(ctx, u.Key); err != nil {
		t.Fatal(err)
	}
	if e := entry(t, c, slot.ID); e.Status != model.StatusCheckedIn {
		t.Errorf("slot after undoing the start: %s", e.Status)
	}
	c.api = api
	if _, err := c.SyncOnce(ctx); err != nil || ledger() != 1 {
		t.Errorf("sync after the undo: %v, ledger %d (the start must never arrive)", err, ledger())
	}
}

// entry returns a slot of monday's agenda.
func entry(t *testing.T, c *Console, id string) model.AgendaEntry {
	t.Helper()
	day, err := c.DayAgenda(context.Background(), monday)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range day {
		if e.ID == id {
			return e
		}
	}
	t.Fatalf("slot %s not in the agenda", id)
	return model.AgendaEntry{}
}

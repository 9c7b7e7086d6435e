package app

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"sportello/client/sandbox"
	"sportello/internal/testkit"
	"sportello/model"
)

// dropFirst passes requests to a sandbox; the first n answers to a desk
// action are lost after central applied it, as on a line that drops.
type dropFirst struct {
	next http.Handler
	n    atomic.Int32
}

func (d *dropFirst) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/v1/desks/clone" || d.n.Add(-1) < 0 {
		d.next.ServeHTTP(w, r)
		return
	}
	d.next.ServeHTTP(httptest.NewRecorder(), r)
	panic(http.ErrAbortHandler)
}

func shortRetries(t *testing.T) {
	old := deskRetryPause
	deskRetryPause = time.Millisecond
	t.Cleanup(func() { deskRetryPause = old })
}

func deskActions(t *testing.T, sb *sandbox.Sandbox, action string) int {
	t.Helper()
	var n int
	l, err := sb.Ledger(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range l {
		if e.Action == action {
			n++
		}
	}
	return n
}

func queuedAudit(t *testing.T, c *Console, action string) []model.AuditEntry {
	t.Helper()
	all, err := c.store.PendingAudit(context.Background(), 1000)
	if err != nil {
		t.Fatal(err)
	}
	var out []model.AuditEntry
	for _, e := range all {
		if e.Action == action {
			out = append(out, e)
		}
	}
	return out
}

func TestCloneDeskLostAnswersAreSentAgainWithTheSameKeyAndAppliedOnce(t *testing.T) {
	shortRetries(t)
	sb := testkit.NewSandbox(t, sandbox.Options{Seed: 3, Now: fixedNow})
	drop := &dropFirst{next: sb}
	drop.n.Store(3) // the client's two attempts, then the console's first retry's first
	c := consoleOn(t, testkit.Serve(t, drop), "direttore")
	ctx := context.Background()
	tue := time.Date(2026, time.November, 24, 0, 0, 0, 0, model.Rome)
	got, err := c.CloneDesk(ctx, model.DeskClone{Office: "7800", Desk: "Sportello 1", Days: []time.Time{tue}})
	if err != nil || got.Desk != "Sportello 1 bis" || got.Slots != 28 {
		t.Fatalf("clone: %+v, %v", got, err)
	}
	if n := deskActions(t, sb, "desk_clone"); n != 1 {
		t.Errorf("central applied the clone %d times", n)
	}
	// The operator's trail has it, under the key central recorded it by;
	// the sync that was asked for brings the twin into the mirror and
	// sends the entry, which central counts once.
	audit := queuedAudit(t, c, AuditDeskClone)
	if len(audit) != 1 || audit[0].Ref != "7800/Sportello 1" || audit[0].CF != "" || audit[0].Reason != model.AccessManagement {
		t.Fatalf("audit queued: %+v", audit)
	}
	select {
	case <-c.loop.kick:
	default:
		t.Error("no sync asked for after the clone")
	}
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	// The twin shows in the capacity picture the mirror keeps, as counts:
	// the head of structure serves no citizen, so no slot is mirrored.
	pic, err := c.Capacity(ctx)
	twinSlots := 0
	for _, cl := range pic.Cells {
		if cl.Office == "7800" && cl.Desk == "Sportello 1 bis" && cl.Day.Equal(tue) {
			twinSlots += cl.Slots
		}
	}
	if err != nil || twinSlots != 28 {
		t.Errorf("the mirror's picture has %d slots of the twin: %v", twinSlots, err)
	}
	if own, err := c.store.DaySlots(ctx, tue, "Sportello 1"); err != nil || len(own) != 0 {
		t.Errorf("the head of structure's mirror holds %d slots of the Sede's agenda: %v", len(own), err)
	}
	if n, _, _ := sb.AuditAction(ctx, AuditDeskClone); n != 1 {
		t.Errorf("central's audit holds %d clones, want 1", n)
	}
	if left := queuedAudit(t, c, AuditDeskClone); len(left) != 0 {
		t.Errorf("audit still waiting: %+v", left)
	}
}

func TestDeskActionOfflineSaysSoAndRecordsNothing(t *testing.T) {
	shortRetries(t)
	central := startCentral(t)
	c := consoleOn(t, central.URL, "responsabile")
	central.Line.Unplug()
	wed := time.Date(2026, time.November, 25, 0, 0, 0, 0, model.Rome)
	_, err := c.ChangeSlotDuration(context.Background(), model.SlotDurationChange{Office: "7801", Desk: "Sportello 1", From: wed, Minutes: 5})
	if !errors.Is(err, ErrOffline) {
		t.Fatalf("offline: %v, want ErrOffline", err)
	}
	if n := deskActions(t, central.Sandbox, "desk_duration"); n != 0 || len(queuedAudit(t, c, AuditDeskDuration)) != 0 {
		t.Errorf("offline: %d applied, audit %+v", n, queuedAudit(t, c, AuditDeskDuration))
	}
}

func TestDeskRefusalIsTypedFinalAndAudited(t *testing.T) {
	shortRetries(t)
	central := startCentral(t)
	c := consoleOn(t, central.URL, "responsabile")
	ctx := context.Background()
	wed := time.Date(2026, time.November, 25, 0, 0, 0, 0, model.Rome)
	req := model.SlotDurationChange{Office: "7801", Desk: "Sportello 1", From: wed, Minutes: 8, Key: "duration-refused-once"}
	_, err := c.ChangeSlotDuration(ctx, req)
	var r *model.DeskRefusal
	if !errors.As(err, &r) || r.Code != model.RefusedBookedCitizens || r.Booked == 0 || !r.FirstDay.Equal(wed) {
		t.Fatalf("duration over booked citizens: %v", err)
	}
	// The operator tries the same request again: the same answer, one
	// audit entry.
	if _, err := c.ChangeSlotDuration(ctx, req); !errors.As(err, &r) {
		t.Fatalf("again: %v", err)
	}
	audit := queuedAudit(t, c, AuditDeskDuration+"_refused")
	if len(audit) != 1 || audit[0].ID != req.Key || audit[0].Ref != "7801/Sportello 1" {
		t.Fatalf("audit: %+v", audit)
	}
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if n, _, _ := central.Sandbox.AuditAction(ctx, AuditDeskDuration+"_refused"); n != 1 {
		t.Errorf("central's audit holds %d refusals, want 1", n)
	}
	// Outside the scope: refused as not allowed, not a desk refusal.
	_, err = c.CloneDesk(ctx, model.DeskClone{Office: "7800", Desk: "Sportello 1", Days: []time.Time{wed}})
	if errors.As(err, &r) || Explain(err) == "" || !refused(err) {
		t.Errorf("clone of another office: %v", err)
	}
}

package app

import (
	"context"
	"testing"

	"sportello/model"
)

func TestEveryFileOpeningReachesTheAuditTrailOfflineToo(t *testing.T) {
	c, l, sb, _ := testConsole(t)
	ctx := context.Background()
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	cf := nextBooked(t, c, 0).CitizenCF
	c.setState(ctx, StateOnline, nil)
	if _, err := c.Citizen(ctx, cf, model.Access{Reason: model.AccessAppointment}); err != nil {
		t.Fatal(err)
	}
	l.Unplug()
	c.setState(ctx, StateOffline, nil)
	if _, err := c.Citizen(ctx, cf, model.Access{Reason: model.AccessAppointment}); err != nil {
		t.Fatalf("open a file offline: %v", err)
	}
	if n, _ := c.store.AuditCount(ctx); n != 2 {
		t.Fatalf("audit queue holds %d openings, want 2", n)
	}
	if _, err := c.SyncOnce(ctx); err == nil {
		t.Fatal("sync with the line down succeeded")
	}
	if n, _ := c.store.AuditCount(ctx); n != 2 {
		t.Fatalf("after a failed sync the audit queue holds %d, want 2", n)
	}
	l.Plug()
	rep, err := c.SyncOnce(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Audited != 2 {
		t.Errorf("sync sent %d audit entries, want 2", rep.Audited)
	}
	if n, _ := c.store.AuditCount(ctx); n != 0 {
		t.Errorf("audit queue holds %d after central took it", n)
	}
	n, offline, err := sb.AuditOf(ctx, cf)
	if err != nil || n != 2 || offline != 1 {
		t.Errorf("central's audit trail for the file: %d openings, %d offline (%v); want 2 and 1", n, offline, err)
	}
	// Sending again (a lost answer) does not count twice.
	if rep, err := c.SyncOnce(ctx); err != nil || rep.Audited != 0 {
		t.Errorf("second sync sent %d audit entries (%v)", rep.Audited, err)
	}
}

func TestFileHistoryShowsTheMorningsContactsHandledHere(t *testing.T) {
	c, _, _, _ := testConsole(t)
	ctx := context.Background()
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	day, err := c.DayAgenda(ctx, monday)
	if err != nil {
		t.Fatal(err)
	}
	var served model.AgendaEntry
	for _, e := range day {
		if e.Status == model.StatusCompleted && e.CitizenCF != "" {
			served = e
			break
		}
	}
	if served.ID == "" {
		t.Fatal("no slot served this morning")
	}
	cit, err := c.Citizen(ctx, served.CitizenCF, model.Access{Reason: model.AccessAppointment})
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for i, h := range cit.History {
		if i > 0 && h.At.After(cit.History[i-1].At) {
			t.Errorf("history not newest first at %d", i)
		}
		if h.At.Equal(served.Start) {
			found = true
			if h.OperatorID != "demo" || h.Operator != "Anna Lombardi" || h.Outcome != model.OutcomeResolved {
				t.Errorf("this morning's contact: %+v", h)
			}
		}
	}
	if !found {
		t.Errorf("history of %d entries lacks this morning's contact at %s", len(cit.History), served.Start)
	}
}

package app

import (
	"context"
	"errors"
	"testing"
	"time"

	"sportello/client"
	"sportello/model"
)

func TestTheWorkingDayClockRunsFromTheMirrorOffline(t *testing.T) {
	ctx := context.Background()
	central := startCentral(t)
	marco := consoleOn(t, central.URL, "cric")
	if _, err := marco.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	central.Line.Unplug()

	// The office's own holiday came with the sync and stays offline.
	cal, err := marco.Calendar(ctx)
	gennaro := time.Date(2026, time.September, 19, 0, 0, 0, 0, model.Rome)
	if err != nil || cal.Office != "7880" || cal.Target(model.SectionPensioni) != 5 ||
		len(cal.Holidays) == 0 || !cal.Holidays[0].Date.Equal(gennaro) {
		t.Fatalf("mirrored calendar: %+v, %v; want San Gennaro and 5 working days", cal, err)
	}

	// In scadenza: the late and the soon due, running, most urgent first.
	due, n, err := marco.Inbox(ctx, InboxFilter{Due: true})
	if err != nil || n != len(due) || len(due) == 0 {
		t.Fatalf("in scadenza: %d (%d), %v", len(due), n, err)
	}
	prev := -1e9
	for _, e := range due {
		sla := cal.Clock(e.Scheda, monday)
		if sla.Paused || !(sla.Late() || sla.Soon()) || sla.Remaining < prev {
			t.Errorf("%s in the list: %+v after %v left", e.Number, sla, prev)
		}
		prev = sla.Remaining
	}
	all, _, _ := marco.Inbox(ctx, InboxFilter{})
	soon, paused := 0, 0
	for _, e := range all {
		sla := cal.Clock(e.Scheda, monday)
		if sla.Paused {
			paused++
		} else if sla.Late() || sla.Soon() {
			soon++
		}
	}
	if soon != len(due) || paused == 0 {
		t.Errorf("%d in scadenza listed, %d in the inbox (%d paused, waiting for the citizen)", len(due), soon, paused)
	}

	// The chart counts with the same clock.
	counts, err := marco.SchedaCounts(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	// Each open status splits into its three ages; the late ones are those
	// past the target on the clock, the waiting-for-the-citizen included
	// by the days counted before it paused.
	late := map[model.SchedaStatus]int{}
	total := map[model.SchedaStatus]int{}
	for _, e := range all {
		total[e.Status]++
		if cal.Clock(e.Scheda, monday).Late() {
			late[e.Status]++
		}
	}
	for _, st := range []model.SchedaStatus{model.SchedaNew, model.SchedaInCharge, model.SchedaWaiting} {
		k := counts[st]
		if k.Total != total[st] || k.Fresh+k.Aging+k.Late != k.Total || k.Late != late[st] {
			t.Errorf("%s: chart %+v, want %d with %d late on the clock", st, k, total[st], late[st])
		}
	}

	// Presence is online only: offline the console cannot know.
	if _, err := marco.AnnouncePresence(ctx, due[0].ID, model.PresenceViewing); !errors.Is(err, client.ErrOffline) {
		t.Errorf("presence offline: %v, want ErrOffline", err)
	}
	central.Line.Plug()
	teresa := consoleOn(t, central.URL, "cric2")
	shared := firstNew(t, marco, model.SectionPensioni, 0) // a section both work in
	if _, err := marco.AnnouncePresence(ctx, shared.ID, model.PresenceDrafting); err != nil {
		t.Fatal(err)
	}
	others, err := teresa.AnnouncePresence(ctx, shared.ID, model.PresenceViewing)
	if err != nil || len(others) != 1 || others[0].OperatorName != "Marco Santoro" || others[0].State != model.PresenceDrafting {
		t.Errorf("Teresa sees %+v, %v; want Marco Santoro drafting", others, err)
	}
}

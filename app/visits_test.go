package app

import (
	"context"
	"errors"
	"slices"
	"testing"

	"sportello/cache"
	"sportello/model"
)

// TestAVisitServedOfflineReachesCentralOnce: a visit started, given a
// second service, parked, resumed, marked priority and wrapped up, and
// another transferred to a colleague's desk, all with the line down, reach
// central once each when it returns, with the same result as the mirror
// showed; each is in the audit trail under the slot's citizen.
func TestAVisitServedOfflineReachesCentralOnce(t *testing.T) {
	c, l, sb, url := testConsole(t)
	ctx := context.Background()
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if got := c.Outcomes(ctx); !slices.ContainsFunc(got, func(o model.OutcomeInfo) bool { return o.Code == model.OutcomeNotProvided }) {
		t.Fatalf("outcomes mirrored: %+v, want central's catalogue", got)
	}
	visit, moved := nextBooked(t, c, 0), nextBooked(t, c, 1)
	desks, err := c.TransferDesks(ctx)
	if err != nil || len(desks) == 0 || slices.Contains(desks, moved.Desk) {
		t.Fatalf("desks to transfer to: %q, %v; want the office's others", desks, err)
	}

	l.Unplug()
	steps := []func() (model.Slot, error){
		func() (model.Slot, error) { return c.RecordSlotEvent(ctx, visit.ID, model.EventStart, "", "") },
		func() (model.Slot, error) { return c.AddVisitService(ctx, visit.ID, "cu") },
		func() (model.Slot, error) { return c.ParkVisit(ctx, visit.ID) },
		func() (model.Slot, error) { return c.ResumeVisit(ctx, visit.ID) },
		func() (model.Slot, error) { return c.SetVisitPriority(ctx, visit.ID, model.PriorityPregnancy) },
		func() (model.Slot, error) {
			// One more service (the booked one, Pagamenti prestazioni, counts by itself).
			return c.WrapUp(ctx, visit.ID, model.WrapUp{Outcome: model.OutcomeApplicationFiled, Services: []string{"naspi_stato"},
				Note: "Domanda inviata", NotRepresentative: true})
		},
		func() (model.Slot, error) { return c.RecordSlotEvent(ctx, moved.ID, model.EventCheckIn, "", "") },
		func() (model.Slot, error) {
			return c.TransferVisit(ctx, moved.ID, desks[0], "", "Serve la consulenza sul riscatto")
		},
	}
	for i, step := range steps {
		if _, err := step(); err != nil {
			t.Fatalf("offline step %d: %v", i, err)
		}
	}
	// The offline catalogue still answers; a second park is refused here.
	if _, err := c.ParkVisit(ctx, visit.ID); !errors.Is(err, model.ErrTransition) {
		t.Errorf("parking a completed visit: %v, want refused", err)
	}
	if len(c.Outcomes(ctx)) < 8 {
		t.Error("the catalogue of outcomes is not there offline")
	}
	mine := entry(t, c, visit.ID)
	if mine.Status != model.StatusCompleted || !mine.NotRepresentative || mine.Priority != model.PriorityPregnancy ||
		!slices.Equal(mine.Services, []string{"Certificazione Unica (CU)", "NASpI: stato della domanda"}) {
		t.Errorf("mirror offline: %+v", mine.Slot)
	}

	l.Plug()
	rep, err := c.SyncOnce(ctx)
	if err != nil || rep.Sent != len(steps) {
		t.Fatalf("sync with the line back: %+v, %v; want %d actions sent", rep, err, len(steps))
	}
	ledger, err := sb.Ledger(ctx)
	if err != nil {
		t.Fatal(err)
	}
	applied := map[string]int{}
	for _, e := range ledger {
		applied[e.Key]++
	}
	actions, _ := c.store.Actions(ctx)
	for _, a := range actions {
		if applied[a.Key] != 1 || a.State != cache.StateDone {
			t.Errorf("action %d: applied %d times centrally, state %s", a.Seq, applied[a.Key], a.State)
		}
	}
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if again, _ := sb.Ledger(ctx); len(again) != len(ledger) {
		t.Errorf("a second sync applied %d more", len(again)-len(ledger))
	}
	central := map[string]model.Slot{}
	agenda, _ := demoClient(t, url).Agenda(ctx, monday, monday)
	for _, s := range agenda {
		central[s.ID] = s
	}
	got := central[visit.ID]
	mine = entry(t, c, visit.ID)
	if got.Status != model.StatusCompleted || got.Outcome != model.OutcomeApplicationFiled || !got.NotRepresentative ||
		got.Priority != model.PriorityPregnancy || !slices.Equal(got.Services, mine.Services) || got.Version != mine.Version {
		t.Errorf("central %+v\nmirror %+v", got, mine.Slot)
	}
	// The transferred visit left this desk's agenda on central.
	if s, ok := central[moved.ID]; ok && s.Desk == moved.Desk {
		t.Errorf("the transferred visit is still at %s on central", s.Desk)
	}
	trail, err := c.store.AuditTrail(ctx, monday.AddDate(0, 0, -1), 100)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, e := range trail {
		if e.CF == visit.CitizenCF || e.CF == moved.CitizenCF {
			seen[e.Action]++
		}
	}
	for _, a := range []string{"slot_start", "slot_add_service", "slot_park", "slot_resume", "slot_priority", "slot_complete", "slot_transfer"} {
		if seen[a] != 1 {
			t.Errorf("audit trail has %q %d times for the citizens, want once", a, seen[a])
		}
	}
}

// A wrap-up that names the booked service, or one already added, again
// counts each service once, in the mirror as at central; more services
// than a visit may have are refused at once, not by central later.
func TestAWrapUpCountsEachServiceOnce(t *testing.T) {
	c, l, sb, _ := testConsole(t)
	ctx := context.Background()
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	cat, err := c.catalogue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	visit, full := nextBooked(t, c, 0), nextBooked(t, c, 1)
	var booked string
	var others []string
	for _, sv := range cat.Services {
		switch {
		case sv.Name == visit.Service:
			booked = sv.Code
		case sv.Name != full.Service:
			others = append(others, sv.Code)
		}
	}
	if booked == "" || len(others) < model.MaxServicesPerVisit+1 {
		t.Fatalf("catalogue: booked %q, %d others", booked, len(others))
	}
	l.Unplug()
	for _, step := range []func() (model.Slot, error){
		func() (model.Slot, error) { return c.RecordSlotEvent(ctx, visit.ID, model.EventStart, "", "") },
		func() (model.Slot, error) { return c.AddVisitService(ctx, visit.ID, others[0]) },
		func() (model.Slot, error) {
			return c.WrapUp(ctx, visit.ID, model.WrapUp{Outcome: model.OutcomeResolved, Services: []string{booked, others[0], others[1]}})
		},
		func() (model.Slot, error) { return c.RecordSlotEvent(ctx, full.ID, model.EventStart, "", "") },
	} {
		if _, err := step(); err != nil {
			t.Fatal(err)
		}
	}
	for _, code := range others[:model.MaxServicesPerVisit-1] {
		if _, err := c.AddVisitService(ctx, full.ID, code); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.WrapUp(ctx, full.ID, model.WrapUp{Outcome: model.OutcomeResolved, Services: others[model.MaxServicesPerVisit-1:][:2]}); !errors.Is(err, model.ErrWrapUp) {
		t.Errorf("a wrap-up past %d services: %v, want refused at once", model.MaxServicesPerVisit, err)
	}
	mine := entry(t, c, visit.ID)
	if len(mine.Services) != 2 || slices.Contains(mine.Services, visit.Service) {
		t.Errorf("the mirror's services: %q (booked %q)", mine.Services, visit.Service)
	}
	l.Plug()
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if k, _ := c.Conflicts(ctx); len(k) != 0 {
		t.Errorf("conflicts: %+v", k)
	}
	slots, err := sb.DaySlots(ctx, visit.Office, monday)
	if err != nil {
		t.Fatal(err)
	}
	for _, sl := range slots {
		if sl.ID == visit.ID {
			got, want := slices.Sorted(slices.Values(sl.Services)), slices.Sorted(slices.Values(mine.Services))
			if !slices.Equal(got, want) {
				t.Errorf("central's services %q, the mirror's %q", got, want)
			}
		}
	}
}

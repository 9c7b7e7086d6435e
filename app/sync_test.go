package app

import (
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sportello/assets/i18n"
	"sportello/cache"
	"sportello/client"
	"sportello/client/sandbox"
	"sportello/internal/testkit"
	"sportello/model"
)

// testConsole is a console on a real cache file, talking to a sandbox over
// a line that can be unplugged.
func testConsole(t *testing.T) (*Console, *testkit.Line, *sandbox.Sandbox, string) {
	t.Helper()
	central := startCentral(t)
	return consoleOn(t, central.URL, "demo"), central.Line, central.Sandbox, central.URL
}

// consoleOn is a console on a real cache file of its own, logged in to the
// server at url as a demo operator (the password is the id).
func consoleOn(t *testing.T, url, operator string) *Console {
	t.Helper()
	return consoleIn(t, url, operator, t.TempDir())
}

// consoleIn is consoleOn with the mirror in dir.
func consoleIn(t *testing.T, url, operator, dir string) *Console {
	t.Helper()
	c := newConsole(fixedNow, slog.New(slog.DiscardHandler))
	c.api, _ = client.New(url, client.Config{Backoff: time.Millisecond, Attempts: 2})
	if _, err := c.api.Login(context.Background(), operator, operator); err != nil {
		t.Fatal(err)
	}
	var err error
	c.store, err = cache.Open(filepath.Join(dir, "cache.db"), cache.NewKeys())
	if err != nil {
		t.Fatal(err)
	}
	c.target = DefaultSchedaTarget
	t.Cleanup(func() { c.store.Close() })
	return c
}

// nextBooked returns the first booked slot of the day after monday's time.
func nextBooked(t *testing.T, c *Console, skip int) model.AgendaEntry {
	t.Helper()
	day, err := c.DayAgenda(context.Background(), monday)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range day {
		if e.Status == model.StatusBooked && e.Start.After(monday) {
			if skip == 0 {
				return e
			}
			skip--
		}
	}
	t.Fatal("no booked slot ahead")
	return model.AgendaEntry{}
}

func TestWorkDoneOfflineReachesCentralOnceWhenTheLineReturns(t *testing.T) {
	c, l, sb, url := testConsole(t)
	ctx := context.Background()
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	slot := nextBooked(t, c, 0)

	l.Unplug()
	for _, ev := range []model.SlotEvent{model.EventCheckIn, model.EventStart} {
		if _, err := c.RecordSlotEvent(ctx, slot.ID, ev, "", ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.RecordSlotEvent(ctx, slot.ID, model.EventComplete, model.OutcomeCaseOpened, "Domanda NASpI inviata"); err != nil {
		t.Fatal(err)
	}
	if err := c.AddNote(ctx, slot.CitizenCF, "Richiamare a gennaio per l'esito."); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SyncOnce(ctx); !errors.Is(err, client.ErrOffline) {
		t.Fatalf("sync with the line down: %v, want ErrOffline", err)
	}
	st := c.Status(ctx)
	if st.Pending != 4 {
		t.Errorf("status while offline: %+v, want 4 actions waiting", st)
	}
	local := nextBooked(t, c, 0) // the slot is no longer booked locally
	if local.ID == slot.ID {
		t.Fatal("the completed slot still shows as booked")
	}
	file, _ := c.Citizen(ctx, slot.CitizenCF, model.Access{Reason: model.AccessAppointment})
	if len(file.Notes) == 0 || !file.Notes[0].Pending {
		t.Errorf("the offline note is not in the file: %+v", file.Notes)
	}

	l.Plug()
	rep, err := c.SyncOnce(ctx)
	if err != nil || rep.Sent != 4 {
		t.Fatalf("sync with the line back: %+v, %v; want 4 actions sent", rep, err)
	}
	if n, _ := c.store.OutboxCount(ctx); n != 0 {
		t.Errorf("%d actions still queued", n)
	}
	ledger, err := sb.Ledger(ctx)
	if err != nil {
		t.Fatal(err)
	}
	actions, _ := c.store.Actions(ctx)
	keys := map[string]int{}
	for _, e := range ledger {
		keys[e.Key]++
	}
	for _, a := range actions {
		if keys[a.Key] != 1 || a.State != cache.StateDone {
			t.Errorf("action %d (%s): applied %d times centrally, state %s", a.Seq, a.Kind, keys[a.Key], a.State)
		}
	}
	// Central and the mirror agree on the slot; the file carries central's
	// copy of the note.
	agenda, _ := demoClient(t, url).Agenda(ctx, monday, monday)
	for _, s := range agenda {
		if s.ID != slot.ID {
			continue
		}
		var mine model.AgendaEntry
		day, _ := c.DayAgenda(ctx, monday)
		for _, e := range day {
			if e.ID == s.ID {
				mine = e
			}
		}
		if s.Status != model.StatusCompleted || s.Outcome != model.OutcomeCaseOpened || mine.Version != s.Version || mine.Status != s.Status || mine.Pending {
			t.Errorf("central %s v%d, mirror %s v%d pending %v", s.Status, s.Version, mine.Status, mine.Version, mine.Pending)
		}
	}
	file, _ = c.Citizen(ctx, slot.CitizenCF, model.Access{Reason: model.AccessAppointment})
	if len(file.Notes) == 0 || file.Notes[0].Pending || file.Notes[0].Text != "Richiamare a gennaio per l'esito." {
		t.Errorf("after sync the note is %+v, want central's copy", file.Notes)
	}
	if h := file.History; len(h) == 0 || h[0].OperatorID != "demo" || h[0].Note != "Domanda NASpI inviata" {
		t.Errorf("history after sync: %+v", h)
	}
}

func TestCentralChangeBecomesAConflictNotAnOverwrite(t *testing.T) {
	c, _, _, url := testConsole(t)
	ctx := context.Background()
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	slot := nextBooked(t, c, 1)
	// A colleague at the same desk cancels the booking centrally; this
	// console has not pulled since, and records the citizen's arrival.
	if _, err := demoClient(t, url).RecordSlotEvent(ctx, "", slot.ID, client.SlotEvent{Type: model.EventCancel, Version: slot.Version}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.RecordSlotEvent(ctx, slot.ID, model.EventCheckIn, "", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	conflicts, err := c.store.Conflicts(ctx)
	if err != nil || len(conflicts) != 1 {
		t.Fatalf("conflicts = %d, %v; want 1", len(conflicts), err)
	}
	if s, _ := conflicts[0].Central.(model.Slot); s.Status != model.StatusCancelled || conflicts[0].Message == "" {
		t.Errorf("conflict = %+v, want central's cancelled slot and a message", conflicts[0])
	}
	if st := c.Status(ctx); st.Conflicts != 1 || st.Pending != 0 {
		t.Errorf("status = %+v", st)
	}
	day, _ := c.DayAgenda(ctx, monday)
	for _, e := range day {
		if e.ID == slot.ID && e.Status != model.StatusCancelled {
			t.Errorf("mirror shows %s, want central's cancelled", e.Status)
		}
	}
	// The operator sees both versions…
	shown, err := c.Conflicts(ctx)
	if err != nil || len(shown) != 1 {
		t.Fatalf("conflicts shown = %d, %v", len(shown), err)
	}
	k := shown[0]
	mine, _ := k.Action.(model.SlotEventAction)
	central, _ := k.Central.(model.Slot)
	if mine.Event != model.EventCheckIn || central.Status != model.StatusCancelled || k.CanRetry ||
		!strings.Contains(k.Mine, i18n.T("event.check_in")) || k.Theirs != i18n.T("status.cancelled") ||
		!strings.Contains(k.Title, central.Desk) {
		t.Fatalf("conflict shown = %+v, want my check-in beside central's cancellation", k)
	}
	// …cannot apply the check-in again on a cancelled slot…
	if err := c.ResolveConflict(ctx, k.Seq, true); !errors.Is(err, model.ErrTransition) {
		t.Errorf("retry on a cancelled slot: %v, want ErrTransition", err)
	}
	if st := c.Status(ctx); st.Conflicts != 1 || st.Pending != 0 {
		t.Errorf("after a refused retry status = %+v, want the conflict still open", st)
	}
	// …and accepts central's version.
	if err := c.ResolveConflict(ctx, k.Seq, false); err != nil {
		t.Fatal(err)
	}
	if st := c.Status(ctx); st.Conflicts != 0 {
		t.Errorf("after resolving status = %+v", st)
	}
}

func TestRetryingAConflictAppliesTheActionOnCentralsState(t *testing.T) {
	c, _, sb, url := testConsole(t)
	ctx := context.Background()
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	slot := nextBooked(t, c, 2)
	// A colleague at reception checks the citizen in centrally; here,
	// not yet pulled, the operator calls the citizen in and starts.
	if _, err := demoClient(t, url).RecordSlotEvent(ctx, "", slot.ID, client.SlotEvent{Type: model.EventCheckIn, Version: slot.Version}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.RecordSlotEvent(ctx, slot.ID, model.EventStart, "", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	shown, err := c.Conflicts(ctx)
	if err != nil || len(shown) != 1 || !shown[0].CanRetry || shown[0].Theirs != i18n.T("status.checked_in") {
		t.Fatalf("conflicts = %+v, %v; want the start refused on a checked-in slot", shown, err)
	}
	// Starting still makes sense on central's checked-in slot.
	if err := c.ResolveConflict(ctx, shown[0].Seq, true); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if st := c.Status(ctx); st.Conflicts != 0 || st.Pending != 0 {
		t.Errorf("status = %+v, want nothing left", st)
	}
	ledger, _ := sb.Ledger(ctx)
	var starts int
	for _, e := range ledger {
		if e.EntityID == slot.ID && e.Action == "slot_event:start" {
			starts++
		}
	}
	if starts != 1 {
		t.Errorf("central started the meeting %d times, want once", starts)
	}
}

func TestSyncLoopSendsAnActionAtOnce(t *testing.T) {
	c, _, sb, _ := testConsole(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	states := make(chan SyncStatus, 16)
	c.OnStatus(func(s SyncStatus) {
		select {
		case states <- s:
		default:
		}
	})
	go c.RunSync(ctx, time.Hour)
	<-states // the first sync, at start
	<-states
	slot := nextBooked(t, c, 0)
	if _, err := c.RecordSlotEvent(ctx, slot.ID, model.EventNoShow, "", ""); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(10 * time.Second)
	for {
		select {
		case s := <-states:
			if s.State == StateOnline && s.Pending == 0 {
				if l, _ := sb.Ledger(ctx); len(l) != 1 {
					t.Errorf("ledger has %d entries, want the one no-show", len(l))
				}
				return
			}
		case <-deadline:
			t.Fatal("the no-show was not sent within 10 s of being recorded")
		}
	}
}

func TestPrefetchBringsEveryBookedFileOfTheDaysWithProgress(t *testing.T) {
	c, l, _, _ := testConsole(t)
	ctx := context.Background()
	if _, err := c.Prefetch(ctx, 0, nil); !errors.Is(err, ErrPrefetchDays) {
		t.Errorf("prefetch of 0 days: %v, want ErrPrefetchDays", err)
	}
	var seen []Progress
	rep, err := c.Prefetch(ctx, 2, func(p Progress) { seen = append(seen, p) })
	if err != nil {
		t.Fatal(err)
	}
	days := model.NextWorkingDays(monday, 2)
	if !rep.Pull.Until.Equal(days[1]) || rep.Pull.Files == 0 {
		t.Errorf("prefetch report = %+v, want files up to %v", rep, days[1])
	}
	if len(seen) == 0 || seen[len(seen)-1].Stage != "files" || seen[len(seen)-1].Done != seen[len(seen)-1].Total {
		t.Fatalf("progress = %+v, want it to end with every file done", seen)
	}
	for i := 1; i < len(seen); i++ {
		if seen[i].Stage == seen[i-1].Stage && seen[i].Done <= seen[i-1].Done {
			t.Fatalf("progress went backwards: %+v then %+v", seen[i-1], seen[i])
		}
	}
	// With the line down, every file of those days opens from the mirror.
	l.Unplug()
	opened := 0
	for _, d := range days {
		day, err := c.DayAgenda(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range day {
			if e.CitizenCF == "" {
				continue
			}
			if _, err := c.Citizen(ctx, e.CitizenCF, model.Access{Reason: model.AccessAppointment}); err != nil {
				t.Errorf("file of %s on %s: %v", e.ID, d.Format("02/01"), err)
			}
			opened++
		}
	}
	if opened == 0 {
		t.Fatal("no booked citizen in the prefetched days")
	}
}

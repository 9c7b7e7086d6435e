package session

import (
	"context"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sportello/app"
	"sportello/assets/i18n"
	"sportello/model"
	"sportello/ui/dayview"
	"sportello/ui/uitest"
	"sportello/ui/widgets"
)

func TestIdleLockHidesTheScreensUntilThePassword(t *testing.T) {
	c := uitest.NewConsole(t)
	w := test.NewWindow(nil)
	defer w.Close()
	w.Resize(fyne.NewSize(1000, 700))
	l := NewIdleLock(w, c, func() *fyne.MainMenu { return nil })
	field := widget.NewEntry()
	l.SetContent(container.NewVBox(widget.NewLabel("Fascicolo di Rossi Mario"), field))
	// Typing into the focused field is input: no lock while the operator
	// writes, even without touching the mouse.
	w.Canvas().Focus(field)
	l.check()
	widgets.LastInput.Store(time.Now().Add(-c.IdleLock() - time.Minute).UnixNano())
	test.Type(field, "Richiamare")
	l.check()
	if l.locked {
		t.Fatal("locked while the operator was typing")
	}
	dialog.NewInformation("Nota", "Nota riservata", w).Show()
	l.check() // the dialog took the focus: input

	// Then nothing for longer than the idle time: locked, the file and
	// the dialog hidden.
	widgets.LastInput.Store(time.Now().Add(-c.IdleLock() - time.Minute).UnixNano())
	l.check()
	shown := uitest.Texts(w.Content())
	if !l.locked || slices.Contains(shown, "Fascicolo di Rossi Mario") || !slices.Contains(shown, "Sportello bloccato") {
		t.Fatalf("after the idle time: locked %v, screen %q", l.locked, shown)
	}
	if uitest.VisibleOverlays(w) != 0 {
		t.Error("a dialog stayed visible on the lock screen")
	}
	if !slices.Contains(shown, i18n.T("lock.who", "Anna Lombardi (demo)")) {
		t.Errorf("the lock screen does not say whose session it is: %q", shown)
	}

	// A wrong password keeps it locked and says so; the operator's opens.
	l.password.SetText("sbagliata")
	l.tryUnlock()
	if !l.locked || !l.msg.Visible() || l.msg.Text != "Password non corretta: restano 4 tentativi." {
		t.Errorf("wrong password: locked %v, message %q", l.locked, l.msg.Text)
	}
	l.password.SetText("demo")
	l.tryUnlock()
	if l.locked || !slices.Contains(uitest.Texts(w.Content()), "Fascicolo di Rossi Mario") || field.Text != "Richiamare" {
		t.Errorf("after the password: locked %v, screen %q", l.locked, uitest.Texts(w.Content()))
	}
	if uitest.VisibleOverlays(w) != 1 {
		t.Error("the dialog open before the lock did not come back")
	}
}

func TestTrailShowsTheOperatorsOwnAccesses(t *testing.T) {
	c := uitest.NewConsole(t)
	ctx := context.Background()
	day, err := c.DayAgenda(ctx, c.Today())
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(day, func(e model.AgendaEntry) bool { return e.CitizenCF != "" })
	cf := day[i].CitizenCF
	if _, err := c.Citizen(ctx, cf, model.Access{Reason: model.AccessSearch}); err != nil {
		t.Fatal(err)
	}
	var entries []model.AuditEntry
	uitest.Eventually(t, "the opening in the trail", func() bool {
		entries, err = c.AuditTrail(ctx)
		return err == nil && len(entries) > 0
	})
	e := entries[0]
	var row []string
	for col := range trailColumns {
		row = append(row, trailCell(e, col))
	}
	want := []string{"23/11/2026 10:05:00", "Apertura del fascicolo", cf, "Ricerca dell'operatore", "", "da inviare"}
	if !slices.Equal(row, want) {
		t.Errorf("trail row = %q, want %q", row, want)
	}
	w := test.NewWindow(newTrailView(entries))
	defer w.Close()
	if shown := uitest.Texts(w.Content()); !slices.Contains(shown, i18n.T("trail.summary", 1, 1)) {
		t.Errorf("trail window: %q", shown)
	}
}

func TestEveryAuditedActionHasItsWords(t *testing.T) {
	actions := []string{"open_file", "note", "book"}
	for _, e := range []model.SlotEvent{model.EventCheckIn, model.EventStart, model.EventComplete, model.EventNoShow, model.EventCancel} {
		actions = append(actions, "slot_"+string(e))
	}
	for _, op := range []model.SchedaOp{model.OpClaim, model.OpRequestInfo, model.OpAnswer, model.OpForward, model.OpConvert} {
		actions = append(actions, "scheda_"+string(op))
	}
	for _, op := range []model.TicketOp{model.TicketIssue, model.TicketCall, model.TicketServe, model.TicketAbsent} {
		actions = append(actions, "ticket_"+string(op))
	}
	for _, lang := range []string{"it", "en"} {
		keys := i18n.Keys(lang)
		for _, a := range actions {
			if !slices.Contains(keys, "audit."+a) {
				t.Errorf("%s: no words for the audited action %s", lang, a)
			}
		}
		for _, r := range []model.AccessReason{model.AccessAppointment, model.AccessAgendaAuto, model.AccessScheda, model.AccessBooking, model.AccessQueue,
			model.AccessSearch, model.AccessFile} {
			if !slices.Contains(keys, "reason."+string(r)) {
				t.Errorf("%s: no words for the reason %s", lang, r)
			}
		}
	}
}

func TestExpiredSessionBannerSaysWorkGoesOnAndAsksForThePassword(t *testing.T) {
	c := uitest.NewConsole(t)
	w := test.NewWindow(nil)
	defer w.Close()
	b := NewExpiredBanner(c, w)
	day := dayview.NewDayView(c)
	framed := container.NewBorder(b.Content, nil, nil, nil, day.Content())
	b.Parent = framed
	w.SetContent(framed)
	w.Resize(fyne.NewSize(1340, 730))
	day.SetWindow(w)
	day.Reload(context.Background())
	b.Show(app.SyncStatus{State: app.StateOnline})
	if b.Content.Visible() {
		t.Error("banner shown while online")
	}
	b.Show(app.SyncStatus{State: app.StateExpired, Pending: 3})
	if !b.Content.Visible() || !slices.Contains(uitest.Texts(w.Content()), i18n.T("expired.text", 3)) {
		t.Errorf("expired: banner visible %v, %q", b.Content.Visible(), uitest.Texts(w.Content()))
	}
	uitest.SaveArtifact(t, "expired-banner.png", w.Canvas().Capture())
	b.relogin()
	if uitest.VisibleOverlays(w) != 1 {
		t.Fatal("the relogin asks for no password")
	}
	// The embedded sandbox has no session to renew: the dialog says so
	// and stays.
	pw, ok := uitest.Find[*widgets.KeyEntry](w.Canvas().Overlays().Top())
	if !ok {
		t.Fatal("no password field")
	}
	test.Type(pw, "demo")
	pw.OnSubmitted(pw.Text)
	if shown := uitest.Texts(w.Canvas().Overlays().Top()); !slices.Contains(shown, i18n.T("err.sandbox_session")) {
		t.Errorf("relogin on the sandbox: %q", shown)
	}
}

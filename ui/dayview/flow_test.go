package dayview

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"sportello/app"
	"sportello/client"
	"sportello/model"
	"sportello/ui/uitest"
	"sportello/ui/widgets"
)

// TestOperatorsDayByKeyboard drives the whole flow from the keyboard on
// the real console (embedded sandbox over loopback, real SQLite mirror):
// the day opens on the slot under way; next slot, check-in, a note, start,
// complete with an outcome; next slot, no-show; another day and back.
func TestOperatorsDayByKeyboard(t *testing.T) {
	test.NewTempApp(t)
	c := uitest.NewConsole(t)
	v, w := showDay(t, c)
	ctx := context.Background()

	// At 10:05 the slot under way is selected, its file open.
	if v.tl.current < 0 || v.selected != v.entries[v.tl.current].ID {
		t.Fatalf("the day did not open on the slot under way (current %d, selected %q)", v.tl.current, v.selected)
	}
	assertGolden(t, w, "day_opened.png")

	// Ctrl+↓: the next booked slot, which is the highlighted next one.
	uitest.Press(w, uitest.Ctrl, fyne.KeyDown)
	next := v.entries[v.tl.next]
	if v.selected != next.ID || next.Status != model.StatusBooked {
		t.Fatalf("Ctrl+↓ selected %q, want the next booked slot %s (%s)", v.selected, next.ID, next.Status)
	}
	fyne.DoAndWait(func() {
		if v.actions.events[model.EventComplete].Disabled() == false || v.actions.events[model.EventCheckIn].Disabled() {
			t.Error("a booked slot offers completion, or no check-in")
		}
	})

	// Ctrl+1: arrived, at once on screen, waiting to be sent.
	uitest.Press(w, uitest.Ctrl, fyne.Key1)
	uitest.Eventually(t, "the slot marked arrived", func() bool {
		e, _ := v.selectedEntry()
		return e.Status == model.StatusCheckedIn && e.Pending
	})
	fyne.DoAndWait(func() {
		if !v.actions.events[model.EventCheckIn].Disabled() || v.actions.events[model.EventStart].Disabled() {
			t.Error("after check-in: check-in still offered, or start not offered")
		}
	})

	// Ctrl+N: a note on the file, shown at once with author and time.
	uitest.Press(w, uitest.Ctrl, fyne.KeyN)
	dlg := uitest.TopDialog(t, w, "Salva nota")
	fyne.DoAndWait(func() {
		e, _ := uitest.Find[*widgets.KeyEntry](dlg)
		test.Type(e, "Porta il modello ISEE aggiornato.")
		test.Tap(uitest.FindButton(dlg, "Salva nota"))
	})
	uitest.Eventually(t, "the note in the file panel", func() bool {
		return uitest.Contains(uitest.Texts(v.file.Content()), "23/11/2026 10:05 · Anna Lombardi · in coda") &&
			uitest.Contains(uitest.Texts(v.file.Content()), "Porta il modello ISEE aggiornato.")
	})

	// Ctrl+2, Ctrl+3: start, then complete with an outcome and a note.
	uitest.Press(w, uitest.Ctrl, fyne.Key2)
	uitest.Eventually(t, "the slot in progress", func() bool { e, _ := v.selectedEntry(); return e.Status == model.StatusInProgress })
	uitest.Press(w, uitest.Ctrl, fyne.Key3)
	dlg = uitest.TopDialog(t, w, "Concludi")
	fyne.DoAndWait(func() {
		r, _ := uitest.Find[*widgets.KeySelect](dlg)
		r.SetSelected("da ricontattare")
		e, _ := uitest.Find[*widgets.KeyEntry](dlg)
		test.Type(e, "Richiamare dopo l'esito della domanda.")
	})
	assertGolden(t, w, "day_complete_dialog.png")
	fyne.DoAndWait(func() { test.Tap(uitest.FindButton(dlg, "Concludi")) })
	uitest.Eventually(t, "the slot completed", func() bool { e, _ := v.selectedEntry(); return e.Status == model.StatusCompleted })
	done := uitest.SlotNow(t, c, next.ID)
	if done.Outcome != model.OutcomeFollowUp || done.Note != "Richiamare dopo l'esito della domanda." {
		t.Errorf("completed slot in the mirror: outcome %q, note %q", done.Outcome, done.Note)
	}
	uitest.Eventually(t, "the outcome under the agenda", func() bool {
		var text string
		fyne.DoAndWait(func() { text = v.actions.info.Text })
		return strings.Contains(text, "Concluso · da ricontattare")
	})
	// Nothing more can happen to it: the buttons are off, and the app
	// refuses the event if asked directly.
	fyne.DoAndWait(func() {
		for ev, b := range v.actions.events {
			if !b.Disabled() {
				t.Errorf("completed slot offers %s", ev)
			}
		}
	})
	if _, err := c.RecordSlotEvent(ctx, next.ID, model.EventNoShow, "", ""); !errors.Is(err, model.ErrTransition) {
		t.Errorf("no-show after completion: %v, want ErrTransition", err)
	}

	// Ctrl+↓, Ctrl+4: the following citizen did not come.
	uitest.Press(w, uitest.Ctrl, fyne.KeyDown)
	var absent model.AgendaEntry
	fyne.DoAndWait(func() { absent, _ = v.selectedEntry() })
	if absent.ID == next.ID || !absent.Booked() {
		t.Fatalf("Ctrl+↓ after the completed slot selected %+v", absent)
	}
	if absent.Status == model.StatusBooked {
		// It starts after 10:05: the no-show is confirmed first, with Enter.
		uitest.Press(w, uitest.Ctrl, fyne.Key4)
		uitest.TopDialog(t, w, "Segna assente (Invio)")
		uitest.Key(w, 0, fyne.KeyReturn)
		uitest.Eventually(t, "the slot marked absent", func() bool { e, _ := v.selectedEntry(); return e.Status == model.StatusNoShow })
	}
	assertGolden(t, w, "day_after_flow.png")

	// Alt+→ and Alt+←: the next working day and back; Alt+Home: today.
	uitest.Press(w, fyne.KeyModifierAlt, fyne.KeyRight)
	uitest.Eventually(t, "Tuesday", func() bool { return v.title.Text == "Agenda di martedì 24 novembre 2026" })
	uitest.Press(w, fyne.KeyModifierAlt, fyne.KeyRight)
	uitest.Eventually(t, "Wednesday", func() bool { return v.title.Text == "Agenda di mercoledì 25 novembre 2026" })
	uitest.Press(w, fyne.KeyModifierAlt, fyne.KeyHome)
	uitest.Eventually(t, "today again", func() bool { return v.title.Text == "Agenda di lunedì 23 novembre 2026" })
	uitest.Press(w, fyne.KeyModifierAlt, fyne.KeyLeft)
	uitest.Eventually(t, "the Friday before", func() bool { return v.title.Text == "Agenda di venerdì 20 novembre 2026" })

	// All of it is queued once each, in order, for central.
	st := c.Status(ctx)
	if want := 5; absent.Status == model.StatusBooked && st.Pending != want {
		t.Errorf("%d actions waiting, want %d (check-in, note, start, complete, no-show)", st.Pending, want)
	}
}

// assertGolden compares the window with a rendering kept in testdata
// (rendered with Fyne's test theme, so it is the same on every machine).
func assertGolden(t *testing.T, w fyne.Window, name string) {
	t.Helper()
	var img = w.Canvas().Capture()
	test.AssertImageMatches(t, name, img)
	uitest.SaveArtifact(t, "golden-"+name, img)
}

func TestSearchFlagsAWrongCodiceFiscaleBeforeSearching(t *testing.T) {
	test.NewTempApp(t)
	c := uitest.NewConsole(t)
	v, w := showDay(t, c)
	uitest.Press(w, uitest.Ctrl, fyne.KeyK)
	if w.Canvas().Focused() != v.search.entry {
		t.Fatal("Ctrl+K does not put the cursor in the search box")
	}
	for typed, want := range map[string]string{
		"RSSMRA85T10A562X":  "il carattere di controllo",
		"RSSMRA85T10A562SX": "17 caratteri invece di 16",
		"RSSMRA85T1OA562S":  "carattere non ammesso",
	} {
		fyne.DoAndWait(func() { v.search.entry.SetText(typed) })
		uitest.Eventually(t, "the reason for "+typed, func() bool { return strings.Contains(v.search.note.Text, want) })
		if len(v.search.hits) != 0 {
			t.Errorf("%q was searched for: %d hits", typed, len(v.search.hits))
		}
	}
	// Part of a real code is searched for as a prefix, and said to be
	// incomplete.
	cf := firstBooked(t, v).CitizenCF
	fyne.DoAndWait(func() { v.search.entry.SetText(cf[:11]) })
	uitest.Eventually(t, "a partial code searched as a prefix", func() bool { return v.search.shown == cf[:11] })
	found := false
	for _, h := range v.search.hits {
		found = found || h.CF == cf
		if !strings.HasPrefix(h.CF, cf[:11]) {
			t.Errorf("hit %s does not start with %s", h.CF, cf[:11])
		}
	}
	if !found || v.search.note.Text != "Codice fiscale incompleto: 11 caratteri su 16." {
		t.Errorf("prefix %s: found %v, note %q", cf[:11], found, v.search.note.Text)
	}
}

func TestEmptyOfflineAndFailedDaysSayWhy(t *testing.T) {
	test.NewTempApp(t)
	c := uitest.NewConsole(t)
	v, w := showDay(t, c)
	ctx := context.Background()

	v.ShowDay(ctx, time.Date(2026, time.November, 28, 0, 0, 0, 0, model.Rome))
	if !v.empty.Visible() || v.empty.Text != "sabato 28 novembre 2026: l'ufficio è chiuso." {
		t.Errorf("Saturday shows %q (visible %v)", v.empty.Text, v.empty.Visible())
	}
	// A day not on this computer is asked of central, and the screen
	// says so; central has no agenda that far ahead, and the screen says
	// it checked.
	// (Here background work runs inline: the answer is in at once.)
	v.ShowDay(ctx, time.Date(2027, time.March, 3, 0, 0, 0, 0, model.Rome))
	uitest.Eventually(t, "the day asked of central", func() bool {
		var text string
		fyne.DoAndWait(func() { text = v.empty.Text })
		return strings.HasPrefix(text, "Nessuno slot in agenda per questo giorno (verificato con la sede centrale alle ")
	})
	v.ShowDay(ctx, uitest.Monday)
	if v.empty.Visible() {
		t.Error("a full day shows the empty message")
	}

	last := time.Date(2026, time.November, 23, 9, 40, 0, 0, model.Rome)
	fyne.DoAndWait(func() {
		v.ShowStatus(app.SyncStatus{State: app.StateOffline, LastSync: last, Err: fmt.Errorf("sync: %w", client.ErrOffline)})
	})
	if !v.banner.Visible() || !strings.Contains(v.bannerTx.Text, "Non in linea: stai vedendo i dati scaricati il 23/11/2026 alle 09:40") {
		t.Errorf("offline banner = %q (visible %v)", v.bannerTx.Text, v.banner.Visible())
	}
	uitest.SaveArtifact(t, "day-view-offline.png", w.Canvas().Capture())
	fyne.DoAndWait(func() {
		v.ShowStatus(app.SyncStatus{State: app.StateOffline, LastSync: last, Err: fmt.Errorf("sync: %w", client.ErrServer)})
	})
	if !v.banner.Visible() || !strings.HasPrefix(v.bannerTx.Text, "Aggiornamento non riuscito: ") {
		t.Errorf("failed-sync banner = %q (visible %v)", v.bannerTx.Text, v.banner.Visible())
	}
	fyne.DoAndWait(func() { v.ShowStatus(app.SyncStatus{State: app.StateOnline, LastSync: uitest.Monday}) })
	if v.banner.Visible() {
		t.Errorf("banner still shown online: %q", v.bannerTx.Text)
	}
}

func TestReminderBeforeEachSlotOnce(t *testing.T) {
	test.NewTempApp(t)
	c := uitest.NewConsole(t)
	entries, err := c.DayAgenda(context.Background(), uitest.Monday)
	if err != nil {
		t.Fatal(err)
	}
	r := NewReminders(c, 10*time.Minute)
	due := dueReminders(entries, uitest.Monday, r.lead, r.sent)
	if len(due) == 0 {
		t.Fatal("no booked slot starts within 10 minutes of 10:05")
	}
	for _, e := range due {
		if e.Start.Before(uitest.Monday) || e.Start.After(uitest.Monday.Add(10*time.Minute)) || !e.Open() {
			t.Errorf("reminder for %s (%s)", widgets.CellText(e, widgets.ColTime), e.Status)
		}
	}
	first := due[0]
	want := &fyne.Notification{Title: fmt.Sprintf("Appuntamento delle %s tra %d min", widgets.Clock(first.Start), int(first.Start.Sub(uitest.Monday).Minutes())),
		Content: widgets.CellText(first, widgets.ColChannel) + " · " + first.Service}
	if len(due) == 1 {
		test.AssertNotificationSent(t, want, func() { r.check(context.Background()) })
	} else {
		r.check(context.Background())
	}
	if strings.Contains(want.Title+want.Content, first.CitizenName) {
		t.Error("the notification names the citizen")
	}
	// Announced once.
	test.AssertNotificationSent(t, nil, func() { r.check(context.Background()) })
}

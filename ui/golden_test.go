package ui

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sportello/app"
	"sportello/assets/i18n"
	"sportello/client"
	"sportello/model"
	"sportello/ui/session"
	"sportello/ui/uitest"
	"sportello/ui/widgets"
)

// The golden images: every screen and main dialog an operator sees, in
// the console's own theme held light and held dark, drawn by Fyne's test
// driver in a window of the console's own size, at a fixed time (Monday),
// on the sandbox's fixed data (seed 11). The window is built as Run builds
// it (newSession, the operator's tabs by role) and driven from the
// outside: a tab selected, a key pressed, a menu item chosen, a button
// clicked. The fonts are the ones embedded in Fyne, so the images are the
// same on every machine. When a screen changes on purpose, Fyne writes
// the new image to testdata/failed/screens/: look at it, and copy it over
// the old one.

// goldenSize is the window of the golden images: the console's (Run).
var goldenSize = fyne.NewSize(1366, 740)

// goldenThemes are the variants each screen is drawn in.
var goldenThemes = []string{app.ThemeLight, app.ThemeDark}

// forEachTheme runs f once per theme variant, in a fresh test app with
// the console's theme held to it (as SPORTELLO_THEME does).
func forEachTheme(t *testing.T, f func(t *testing.T, variant string)) {
	for _, variant := range goldenThemes {
		t.Run(variant, func(t *testing.T) {
			t.Setenv("SPORTELLO_THEME", variant)
			test.NewTempApp(t)
			f(t, variant)
		})
	}
}

// goldenWindow opens c's window as Run does once the session is open,
// loaded from the mirror, as after the sync loop's first round; the
// session's loops are not started, so nothing moves the screen but the
// test.
func goldenWindow(t *testing.T, c *app.Console) (*sessionWindow, fyne.Window) {
	t.Helper()
	syncedOnce(t, c)
	w := test.NewTempWindow(t, nil)
	var s *sessionWindow
	fyne.DoAndWait(func() {
		s = newSession(fyne.CurrentApp(), w, c, uitest.Monday, func(string) {})
		w.Resize(goldenSize)
	})
	t.Cleanup(s.end)
	s.scr.reload(context.Background())
	return s, w
}

// syncedOnce is uitest.SyncedOnce.
var syncedOnce = uitest.SyncedOnce

// golden compares the window with testdata/screens/<name>_<variant>.png.
func golden(t *testing.T, w fyne.Window, name, variant string) {
	t.Helper()
	fyne.DoAndWait(func() {
		relayout(w.Content())
		for _, o := range w.Canvas().Overlays().List() {
			relayout(o)
		}
	})
	file := name + "_" + variant + ".png"
	img := w.Canvas().Capture()
	test.AssertImageMatches(t, "screens/"+file, img)
	uitest.SaveArtifact(t, "golden-"+file, img)
}

// relayout lays out again every visible object under o, from the top.
// Fyne's window does it before each frame for whatever changed its
// minimum size (EnsureMinSize); the test canvas does not, so a text that
// grew would be drawn over its neighbours in the image and not on the
// screen.
func relayout(o fyne.CanvasObject) {
	if !o.Visible() {
		return
	}
	switch x := o.(type) {
	case *fyne.Container:
		if x.Layout != nil {
			x.Layout.Layout(x.Objects, x.Size())
		}
		for _, k := range x.Objects {
			relayout(k)
		}
	case fyne.Widget:
		r := test.WidgetRenderer(x)
		r.Layout(x.Size())
		for _, k := range r.Objects() {
			relayout(k)
		}
	}
}

// selectTab shows the window's tab named title.
func selectTab(t *testing.T, w fyne.Window, title string) {
	t.Helper()
	fyne.DoAndWait(func() {
		tabs, ok := uitest.Find[*container.AppTabs](w.Content())
		if !ok {
			t.Fatal("the window has no tabs")
		}
		for _, it := range tabs.Items {
			if it.Text == title {
				tabs.Select(it)
				return
			}
		}
		t.Fatalf("no tab %q", title)
	})
}

// chooseMenu runs the session menu's item labelled label, as a click on
// it does.
func chooseMenu(t *testing.T, s *sessionWindow, label string) {
	t.Helper()
	for _, m := range s.menu().Items {
		for _, it := range m.Items {
			if it.Label == label {
				fyne.DoAndWait(it.Action)
				return
			}
		}
	}
	t.Fatalf("no menu item %q", label)
}

// click taps the button labelled text shown in the window, as a click
// on it does.
func click(t *testing.T, w fyne.Window, text string) {
	t.Helper()
	fyne.DoAndWait(func() {
		b := uitest.FindButton(w.Content(), text)
		if b == nil {
			t.Fatalf("no button %q in the window", text)
		}
		test.Tap(b)
	})
}

// closeDialog closes the dialog open over the window with Esc.
func closeDialog(t *testing.T, w fyne.Window) {
	t.Helper()
	uitest.Key(w, 0, fyne.KeyEscape)
	uitest.Eventually(t, "the dialog closed by Esc", func() bool { return w.Canvas().Overlays().Top() == nil })
}

// TestGoldenDesk: the desk operator's (demo) day with the slot under way
// selected and its caller's file open, the keys help, the day report, the
// lock screen, the audit trail and the connection diagnosis.
func TestGoldenDesk(t *testing.T) {
	forEachTheme(t, func(t *testing.T, variant string) {
		c := uitest.NewConsole(t)
		s, w := goldenWindow(t, c)
		var selected string
		fyne.DoAndWait(func() { selected = s.scr.day.Probe().Selected })
		if selected == "" {
			t.Fatal("the day opened with no slot selected")
		}
		golden(t, w, "day", variant)

		// The dialogs of the slot under way: a note, its completion.
		uitest.Key(w, uitest.Ctrl, fyne.KeyN)
		uitest.TopDialog(t, w, i18n.T("note.save"))
		golden(t, w, "day_note", variant)
		closeDialog(t, w)
		uitest.Key(w, uitest.Ctrl, fyne.Key3)
		uitest.TopDialog(t, w, i18n.T("wrapup.confirm"))
		golden(t, w, "day_complete", variant)
		closeDialog(t, w)

		uitest.Key(w, uitest.Ctrl, fyne.KeyH)
		uitest.TopDialog(t, w, i18n.T("dialog.close"))
		golden(t, w, "day_help", variant)
		closeDialog(t, w)

		selectTab(t, w, i18n.T("tab.report"))
		golden(t, w, "report", variant)
		selectTab(t, w, i18n.T("tab.day"))

		chooseMenu(t, s, i18n.T("menu.diagnose"))
		dlg := uitest.TopDialog(t, w, i18n.T("diag.copy"))
		uitest.Eventually(t, "the diagnosis's verdict", func() bool {
			return !uitest.Contains(uitest.Texts(dlg), i18n.T("diag.running"))
		})
		maskDiagnosis(dlg)
		golden(t, w, "diagnosis", variant)
		closeDialog(t, w)

		chooseMenu(t, s, i18n.T("menu.trail"))
		var trail fyne.Window
		uitest.Eventually(t, "the trail's window", func() bool {
			for _, o := range fyne.CurrentApp().Driver().AllWindows() {
				if _, ok := uitest.Find[*widget.Table](o.Content()); ok && o != w {
					trail = o
				}
			}
			return trail != nil
		})
		golden(t, trail, "trail", variant)
		fyne.DoAndWait(trail.Close)

		uitest.Key(w, session.LockShortcut.Modifier, session.LockShortcut.KeyName)
		uitest.Eventually(t, "the lock screen", func() bool { return uitest.FindButton(w.Content(), i18n.T("lock.unlock")) != nil })
		golden(t, w, "lock", variant)
	})
}

// timings are what a diagnosis finds different from run to run or from
// machine to machine: durations, the loopback sandbox's port, the
// console's version and the system.
var timings = regexp.MustCompile(`<?\d+ ms|127\.0\.0\.1:\d+|^` + regexp.QuoteMeta(app.Version) + `$|^(linux|windows|darwin)/\w+$`)

// maskDiagnosis writes the diagnosis's measures as fixed words, so that
// its image does not change from run to run.
func maskDiagnosis(o fyne.CanvasObject) {
	fyne.DoAndWait(func() {
		for _, l := range uitest.All[*widget.Label](o) {
			if m := timings.ReplaceAllString(l.Text, "•"); m != l.Text {
				l.SetText(m)
			}
		}
	})
}

// TestGoldenConflicts: the conflicts dialog of a desk whose check-in met
// a booking a colleague had cancelled, opened by a click on the status
// bar's conflicts.
func TestGoldenConflicts(t *testing.T) {
	forEachTheme(t, func(t *testing.T, variant string) {
		c := uitest.NewConsole(t)
		colleagueCancelsMyCheckIn(t, c)
		s, w := goldenWindow(t, c)
		click(t, w, i18n.T("sync.conflicts", 1))
		s.scr.day.Settled()
		uitest.TopDialog(t, w, i18n.T("conflicts.keep_central"))
		golden(t, w, "conflicts", variant)
	})
}

// colleagueCancelsMyCheckIn prepares a conflict before the window opens:
// a colleague cancels a booked slot on central, the desk records its
// citizen's arrival on the mirror, and the sync meets the two.
func colleagueCancelsMyCheckIn(t *testing.T, c *app.Console) {
	t.Helper()
	ctx := context.Background()
	day, err := c.DayAgenda(ctx, uitest.Monday)
	if err != nil {
		t.Fatal(err)
	}
	var booked model.AgendaEntry
	for _, e := range day {
		if e.Status == model.StatusBooked && e.CitizenCF != "" {
			booked = e
			break
		}
	}
	if booked.ID == "" {
		t.Fatal("no booked slot on Monday")
	}
	colleague, err := client.New(c.Server(), client.Config{})
	if err == nil {
		_, err = colleague.Login(ctx, "demo", "demo")
	}
	if err == nil {
		_, err = colleague.RecordSlotEvent(ctx, "", booked.ID, client.SlotEvent{Type: model.EventCancel, Version: booked.Version})
	}
	if err == nil {
		_, err = c.RecordSlotEvent(ctx, booked.ID, model.EventCheckIn, "", "")
	}
	if err == nil {
		_, err = c.SyncOnce(ctx)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// TestGoldenConsultant: the CRIC consultant's inbox of schede as it opens
// on the first scheda, the request for more information (Ctrl+4) and the
// next scheda (Ctrl+↓).
func TestGoldenConsultant(t *testing.T) {
	forEachTheme(t, func(t *testing.T, variant string) {
		_, _, url := uitest.CentralServer(t)
		marco, _ := uitest.Consultant(t, url, "cric", "")
		_, w := goldenWindow(t, marco)
		uitest.Eventually(t, "the first scheda open", func() bool {
			return !uitest.Contains(uitest.Texts(w.Content()), i18n.T("inbox.pick"))
		})
		golden(t, w, "inbox", variant)
		uitest.Key(w, uitest.Ctrl, fyne.Key4)
		uitest.TopDialog(t, w, i18n.T("inbox.request_info_send"))
		golden(t, w, "inbox_request_info", variant)
		closeDialog(t, w)
		uitest.Key(w, uitest.Ctrl, fyne.KeyDown)
		golden(t, w, "inbox_next", variant)
	})
}

// TestGoldenReception: the Prima accoglienza's queue, booking screen, day
// and report.
func TestGoldenReception(t *testing.T) {
	forEachTheme(t, func(t *testing.T, variant string) {
		_, _, url := uitest.CentralServer(t)
		giulia, _ := uitest.Consultant(t, url, "accoglienza", "")
		s, w := goldenWindow(t, giulia)
		golden(t, w, "queue", variant)
		selectTab(t, w, i18n.T("tab.booking"))
		golden(t, w, "booking", variant)
		// A service chosen, the free slots found (Ctrl+T); a new citizen
		// (Ctrl+N).
		booking := s.scr.booking.Content()
		chooseService(t, booking, model.LevelInformation)
		uitest.Key(w, uitest.Ctrl, fyne.KeyT)
		uitest.Eventually(t, "the free slots", func() bool {
			// The screen's lists, in order: the citizens found, the free
			// slots, today's bookings.
			lists := uitest.All[*widget.List](booking)
			return len(lists) == 3 && lists[1].Length() > 0
		})
		golden(t, w, "booking_slots", variant)
		uitest.Key(w, uitest.Ctrl, fyne.KeyN)
		uitest.TopDialog(t, w, i18n.T("book.use_citizen"))
		golden(t, w, "booking_new_citizen", variant)
		closeDialog(t, w)
		selectTab(t, w, i18n.T("tab.day"))
		golden(t, w, "reception_day", variant)
		selectTab(t, w, i18n.T("tab.report"))
		golden(t, w, "reception_report", variant)
	})
}

// chooseService picks, in the booking screen's list of services, the
// first of level, as the operator does from the drop-down.
func chooseService(t *testing.T, booking fyne.CanvasObject, level model.Level) {
	t.Helper()
	levelName := " · " + i18n.T(fmt.Sprintf("level.%d", level))
	fyne.DoAndWait(func() {
		for _, sel := range uitest.All[*widget.Select](booking) {
			if sel.PlaceHolder != i18n.T("book.service_placeholder") {
				continue
			}
			for _, o := range sel.Options {
				if strings.HasSuffix(o, levelName) {
					sel.SetSelected(o)
					return
				}
			}
			t.Fatalf("no service of %q in %d", levelName, len(sel.Options))
		}
		t.Fatal("the booking screen has no list of services")
	})
}

// TestGoldenLogin: the login screen, server and operator prefilled.
func TestGoldenLogin(t *testing.T) {
	forEachTheme(t, func(t *testing.T, variant string) {
		w := test.NewTempWindow(t, nil)
		fyne.DoAndWait(func() {
			fyne.CurrentApp().Settings().SetTheme(widgets.ChosenTheme(app.Preferences{}))
			f := session.NewLoginForm(w, session.LoginStart{Server: "https://sportello.example.it", Operator: "demo"}, "", func(*app.Console) {})
			w.SetContent(f.Content)
			w.Resize(goldenSize)
			f.Focus(w)
		})
		golden(t, w, "login", variant)
	})
}

package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sportello/app"
	"sportello/model"
)

// key delivers a key as the desktop driver does: a combination with Ctrl
// or Alt goes to the focused widget when it takes shortcuts, else to the
// window's shortcuts; a plain key goes to the focused widget, else to the
// window.
func key(w fyne.Window, mod fyne.KeyModifier, name fyne.KeyName) {
	fyne.DoAndWait(func() {
		c := w.Canvas()
		focused := c.Focused()
		if mod != 0 {
			s := &desktop.CustomShortcut{KeyName: name, Modifier: mod}
			if sc, ok := focused.(fyne.Shortcutable); ok {
				sc.TypedShortcut(s)
				return
			}
			c.(fyne.Shortcutable).TypedShortcut(s)
			return
		}
		ev := &fyne.KeyEvent{Name: name}
		if focused != nil {
			focused.TypedKey(ev)
		} else if h := c.OnTypedKey(); h != nil {
			h(ev)
		}
	})
}

// typeSlowly types text one character at a time into whatever has the
// focus (or the window, as the desktop driver does), as a person does: each search answer arrives before the next key
// (the test driver runs the background search inline).
func typeSlowly(w fyne.Window, text string) {
	for _, r := range text {
		fyne.DoAndWait(func() {
			if f := w.Canvas().Focused(); f != nil {
				f.TypedRune(r)
			} else if h := w.Canvas().OnTypedRune(); h != nil {
				h(r)
			}
		})
	}
}

// searchable returns a surname of the mirror with more than one file
// sharing its first letters, and how many of its files the search finds.
func searchable(t *testing.T, v *DayView, c interface {
	Search(context.Context, string) ([]model.CitizenCard, error)
}) string {
	t.Helper()
	for _, e := range v.entries {
		if e.CitizenName == "" {
			continue
		}
		hits, err := c.Search(context.Background(), e.CitizenName[:3])
		if err == nil && len(hits) > 1 {
			cit, err := v.src.Citizen(context.Background(), e.CitizenCF, model.Access{Reason: model.AccessAppointment})
			if err != nil {
				t.Fatal(err)
			}
			return cit.FamilyName
		}
	}
	t.Fatal("no surname with two files sharing its first letters")
	return ""
}

func TestSearchKeepsTheKeyboardWhileResultsShow(t *testing.T) {
	test.NewTempApp(t)
	c := newConsole(t)
	v, w := showDay(t, c)
	surname := searchable(t, v, c)
	key(w, ctrl, fyne.KeyK)
	typed := ""
	for _, r := range surname {
		typeSlowly(w, string(r))
		typed += string(r)
		if w.Canvas().Focused() != v.search.entry {
			t.Fatalf("after %q the focus is on %T, not the search box", typed, w.Canvas().Focused())
		}
	}
	if v.search.entry.Text != surname {
		t.Fatalf("the box holds %q, typed %q", v.search.entry.Text, surname)
	}
	if !v.search.Open() || len(v.search.hits) == 0 {
		t.Fatalf("no results shown for %q", surname)
	}
	if v.search.cursor != -1 {
		t.Errorf("a result is highlighted before any arrow: %d", v.search.cursor)
	}
}

func TestSearchArrowsEnterAndEsc(t *testing.T) {
	test.NewTempApp(t)
	c := newConsole(t)
	v, w := showDay(t, c)
	surname := searchable(t, v, c)
	prefix := surname[:3]
	key(w, ctrl, fyne.KeyK)
	typeSlowly(w, prefix)
	if !v.search.Open() || len(v.search.hits) < 2 {
		t.Fatalf("results for %q: open %v, %d hits", prefix, v.search.Open(), len(v.search.hits))
	}
	key(w, 0, fyne.KeyDown)
	key(w, 0, fyne.KeyDown)
	key(w, 0, fyne.KeyUp)
	key(w, 0, fyne.KeyDown)
	if v.search.cursor != 1 {
		t.Fatalf("↓ ↓ ↑ ↓ highlights result %d, want 1", v.search.cursor)
	}
	if w.Canvas().Focused() != v.search.entry {
		t.Fatal("the arrows moved the focus out of the box")
	}
	// Esc closes the results and keeps the text; ↓ does not reopen them.
	key(w, 0, fyne.KeyEscape)
	if v.search.Open() || v.search.entry.Text != prefix {
		t.Fatalf("after Esc: results open %v, text %q", v.search.Open(), v.search.entry.Text)
	}
	// Typing on reopens them; Enter opens the highlighted file.
	typeSlowly(w, surname[3:4])
	if !v.search.Open() {
		t.Fatal("results not shown again after typing")
	}
	key(w, 0, fyne.KeyDown)
	key(w, 0, fyne.KeyDown)
	want := v.search.hits[v.search.cursor]
	key(w, 0, fyne.KeyReturn)
	if v.search.Open() {
		t.Error("results still open after Enter")
	}
	if v.fileCF != want.CF {
		t.Errorf("Enter opened %q, want the highlighted %q", v.fileCF, want.CF)
	}
	if w.Canvas().Focused() != v.search.entry {
		t.Error("the focus left the box after Enter")
	}
	// Enter with nothing highlighted opens the first result.
	fyne.DoAndWait(func() { v.search.entry.SetText("") })
	typeSlowly(w, prefix)
	first := v.search.hits[0]
	key(w, 0, fyne.KeyEnter)
	if v.fileCF != first.CF {
		t.Errorf("Enter opened %q, want the first %q", v.fileCF, first.CF)
	}
}

func TestShortcutsFireFromTheSearchBox(t *testing.T) {
	test.NewTempApp(t)
	c := newConsole(t)
	v, w := showDay(t, c)
	key(w, ctrl, fyne.KeyK)
	typeSlowly(w, "R") // one letter: no results yet, the cursor is surely in the box
	if w.Canvas().Focused() != v.search.entry {
		t.Fatal("Ctrl+K does not put the cursor in the search box")
	}
	day := v.day
	key(w, fyne.KeyModifierAlt, fyne.KeyRight)
	if !v.day.After(day) {
		t.Errorf("Alt+→ in the search box left the day at %s", v.day.Format("02/01"))
	}
	key(w, ctrl, fyne.KeyL)
	if w.Canvas().Focused() != v.list {
		t.Errorf("Ctrl+L in the search box left the focus on %T", w.Canvas().Focused())
	}
	// The entry's own shortcuts stay its own: Ctrl+← moves by word.
	key(w, ctrl, fyne.KeyK)
	fyne.DoAndWait(func() {
		v.search.entry.SetText("Rossi Mario")
		v.search.entry.CursorColumn = len("Rossi Mario")
	})
	key(w, ctrl, fyne.KeyLeft)
	if v.search.entry.CursorColumn != len("Rossi ") {
		t.Errorf("Ctrl+← put the cursor at %d", v.search.entry.CursorColumn)
	}
	if !strings.Contains(v.search.entry.Text, "Rossi") {
		t.Errorf("text %q", v.search.entry.Text)
	}
}

// overlayOpen says whether a dialog is open over the window.
func overlayOpen(w fyne.Window) bool {
	var open bool
	fyne.DoAndWait(func() { open = w.Canvas().Overlays().Top() != nil })
	return open
}

func TestDialogsCloseWithEscAndConfirmWithEnter(t *testing.T) {
	test.NewTempApp(t)
	c := newConsole(t)
	v, w := showDay(t, c)
	if v.fileCF == "" {
		t.Fatal("no file open at the start")
	}

	// The help: nothing has the focus in it; Esc closes it, and so does
	// Enter (its one button).
	key(w, ctrl, fyne.KeyH)
	if !overlayOpen(w) {
		t.Fatal("Ctrl+H opened nothing")
	}
	key(w, 0, fyne.KeyEscape)
	if overlayOpen(w) {
		t.Fatal("Esc left the help open")
	}
	key(w, ctrl, fyne.KeyH)
	key(w, 0, fyne.KeyReturn)
	if overlayOpen(w) {
		t.Fatal("Enter left the help open")
	}

	// A note: the cursor is in its box; Esc there closes the dialog and
	// saves nothing (the text waits for the next Ctrl+N, in memory).
	key(w, ctrl, fyne.KeyN)
	if _, ok := w.Canvas().Focused().(*keyEntry); !ok || !overlayOpen(w) {
		t.Fatalf("Ctrl+N: dialog open %v, focus on %T", overlayOpen(w), w.Canvas().Focused())
	}
	typeSlowly(w, "Da buttare")
	key(w, 0, fyne.KeyEscape)
	if overlayOpen(w) {
		t.Fatal("Esc in the note's box left the dialog open")
	}
	if contains(texts(v.file.Content()), "Da buttare") {
		t.Fatal("the note closed with Esc was saved")
	}
	if !strings.HasPrefix(v.actions.info.Text, "Nota non salvata") {
		t.Errorf("after Esc on a typed note the line says %q", v.actions.info.Text)
	}
	key(w, ctrl, fyne.KeyN)
	note := w.Canvas().Focused().(*keyEntry)
	if note.Text != "Da buttare" {
		t.Fatalf("the note closed with Esc came back as %q", note.Text)
	}
	fyne.DoAndWait(func() { note.SetText("") })
	// Enter in the note's lines is a new line; Ctrl+Enter saves it.
	typeSlowly(w, "Prima riga")
	key(w, 0, fyne.KeyReturn)
	typeSlowly(w, "seconda riga")
	if note.Text != "Prima riga\nseconda riga" || !overlayOpen(w) {
		t.Fatalf("after Enter the note reads %q, dialog open %v", note.Text, overlayOpen(w))
	}
	key(w, ctrl, fyne.KeyReturn)
	if overlayOpen(w) {
		t.Fatal("Ctrl+Enter left the note open")
	}
	eventually(t, "the note in the file", func() bool { return contains(texts(v.file.Content()), "Prima riga\nseconda riga") })

	// A confirmation: Esc answers no, Enter yes.
	booked := firstBooked(t, v)
	fyne.DoAndWait(func() {
		for i, e := range v.entries {
			if e.ID == booked.ID {
				v.selectEntry(i)
			}
		}
	})
	key(w, ctrl, fyne.Key5)
	if !overlayOpen(w) {
		t.Fatal("Ctrl+5 asked nothing")
	}
	key(w, 0, fyne.KeyEscape)
	if overlayOpen(w) || slotNow(t, c, booked.ID).Status != model.StatusBooked {
		t.Fatalf("after Esc: dialog open %v, slot %s", overlayOpen(w), slotNow(t, c, booked.ID).Status)
	}
	key(w, ctrl, fyne.Key5)
	key(w, 0, fyne.KeyEnter)
	if overlayOpen(w) {
		t.Fatal("Enter left the confirmation open")
	}
	eventually(t, "the slot cancelled", func() bool { return slotNow(t, c, booked.ID).Status == model.StatusCancelled })
}

func TestDialogKeepsTheScreensKeysWhileOpen(t *testing.T) {
	test.NewTempApp(t)
	c := newConsole(t)
	v, w := showDay(t, c)
	day := v.day
	key(w, ctrl, fyne.KeyH)
	// Alt+→ with the help open does not move the day behind it.
	key(w, fyne.KeyModifierAlt, fyne.KeyRight)
	if !v.day.Equal(day) {
		t.Error("a key reached the day view behind a dialog")
	}
	key(w, 0, fyne.KeyEscape)
	key(w, fyne.KeyModifierAlt, fyne.KeyRight)
	if !v.day.After(day) {
		t.Error("Alt+→ does not work once the dialog is closed")
	}
}

func TestHelpFitsTheScreenScrollsAndListsEveryScreen(t *testing.T) {
	test.NewTempApp(t)
	c := newConsole(t)
	_, w := showDay(t, c)
	w.Resize(fyne.NewSize(1366, 740))
	key(w, ctrl, fyne.KeyH)
	var top fyne.CanvasObject
	fyne.DoAndWait(func() { top = w.Canvas().Overlays().Top() })
	scroll, ok := find[*container.Scroll](top)
	if !ok {
		t.Fatal("the help does not scroll")
	}
	d := fyne.CurrentApp().Driver()
	bottom := d.AbsolutePositionForObject(scroll).Y + scroll.Size().Height
	if bottom > w.Canvas().Size().Height || scroll.Size().Height >= scroll.Content.MinSize().Height {
		t.Errorf("the help's list ends at %.0f in a %.0f window; shown %.0f of %.0f", bottom, w.Canvas().Size().Height,
			scroll.Size().Height, scroll.Content.MinSize().Height)
	}
	shown := texts(top)
	for _, want := range []string{"Agenda del giorno", "Schede Linea INPS", "Elimina code", "Prenota", "Scheda successiva",
		"Prendi in carico", "Biglietto A · Informazioni e orientamento", "Chiama il prossimo", "Posto libero successivo",
		"Ctrl+3", "Alt+1", "Esc"} {
		if !contains(shown, want) {
			t.Errorf("the help does not list %q", want)
		}
	}
	// The keys scroll it: nothing has the focus in the help.
	key(w, 0, fyne.KeyPageDown)
	key(w, 0, fyne.KeyDown)
	if scroll.Offset.Y <= scroll.Size().Height/2 {
		t.Errorf("Page Down and ↓ scrolled the help to %.0f", scroll.Offset.Y)
	}
	saveArtifact(t, "help.png", w.Canvas().Capture())
}

func TestFocusedListShowsItsRing(t *testing.T) {
	test.NewTempApp(t)
	c := newConsole(t)
	v, w := showDay(t, c)
	key(w, ctrl, fyne.KeyL)
	if w.Canvas().Focused() != v.list || !v.list.HasFocus() {
		t.Fatalf("Ctrl+L: focus on %T, ring shown %v", w.Canvas().Focused(), v.list.HasFocus())
	}
	key(w, ctrl, fyne.KeyK)
	if v.list.HasFocus() {
		t.Error("the ring stays after the focus left the list")
	}
}

func TestReportKeepsTheStatusBar(t *testing.T) {
	test.NewTempApp(t)
	c := newConsole(t)
	v, _ := show(t, NewReportView(c))
	if v.bar == nil || v.bar.state.Text == "" || !contains(texts(v.Content()), v.bar.state.Text) {
		t.Fatal("the report shows no sync status")
	}
}

func TestTrailWindowFitsAndClosesWithEsc(t *testing.T) {
	a := test.NewTempApp(t)
	c := newConsole(t)
	w := showTrail(a, c)
	eventually(t, "the trail's table", func() bool { _, ok := find[*widget.Table](w.Content()); return ok })
	if s := w.Canvas().Size(); s.Height > 740 || s.Width > 1366 {
		t.Errorf("the trail window is %v", s)
	}
	fyne.DoAndWait(func() { w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape}) })
	for _, o := range a.Driver().AllWindows() {
		if o == w {
			t.Fatal("Esc left the trail open")
		}
	}
}

func TestInboxKeysMoveThroughSchedeAndClaim(t *testing.T) {
	_, _, url := centralServer(t)
	marco, _ := consultant(t, url, "cric", "")
	v, w := showInbox(t, marco)
	fyne.DoAndWait(func() { bindKeys(w.Canvas(), "inbox", v.Content(), v, inboxKeys) })
	if v.current == nil || len(v.entries) < 3 {
		t.Fatalf("the inbox opened %v of %d schede", v.current, len(v.entries))
	}
	at := func() int {
		for i, e := range v.entries {
			if e.ID == v.current.ID {
				return i
			}
		}
		return -1
	}
	from := at()
	key(w, ctrl, fyne.KeyDown)
	eventually(t, "the next scheda open", func() bool { return at() == from+1 })
	key(w, ctrl, fyne.KeyUp)
	eventually(t, "the previous scheda open", func() bool { return at() == from })
	// Ctrl+2 puts the cursor in the answer, and the keys still work from
	// there: Ctrl+↓ opens the next scheda.
	if !v.answer.Disabled() {
		key(w, ctrl, fyne.Key2)
		if w.Canvas().Focused() != v.answer {
			t.Fatalf("Ctrl+2 left the focus on %T", w.Canvas().Focused())
		}
		key(w, ctrl, fyne.KeyDown)
		eventually(t, "the next scheda open from the answer", func() bool { return at() == from+1 })
	}
	// Ctrl+L: the list, with its ring.
	key(w, ctrl, fyne.KeyL)
	if !v.list.HasFocus() {
		t.Error("Ctrl+L does not focus the list of schede")
	}
}

func TestQueueKeysIssueAndCallOnlyOnTheTabShown(t *testing.T) {
	_, _, url := centralServer(t)
	giulia, _ := consultant(t, url, "accoglienza", "")
	q := NewQueueView(giulia)
	b := NewBookingView(giulia)
	tabs := container.NewAppTabs(container.NewTabItem("coda", q.Content()), container.NewTabItem("prenota", b.Content()))
	w := test.NewWindow(tabs)
	t.Cleanup(w.Close)
	w.Resize(fyne.NewSize(1366, 740))
	q.SetWindow(w)
	b.SetWindow(w)
	fyne.DoAndWait(func() {
		bindKeys(w.Canvas(), "queue", q.Content(), q, queueKeys)
		bindKeys(w.Canvas(), "booking", b.Content(), b, bookingKeys)
	})
	q.Reload(context.Background())
	waiting := len(q.waiting)

	// On the booking tab, Alt+1 issues nothing and Ctrl+F is the
	// booking's search.
	fyne.DoAndWait(func() { tabs.SelectIndex(1) })
	key(w, fyne.KeyModifierAlt, fyne.Key1)
	if len(q.waiting) != waiting {
		t.Fatal("Alt+1 on the booking tab issued a ticket")
	}
	key(w, ctrl, fyne.KeyF)
	if w.Canvas().Focused() != b.search {
		t.Fatalf("Ctrl+F on the booking tab: focus on %T", w.Canvas().Focused())
	}
	// On the queue: Alt+1 issues an A ticket, Ctrl+2 calls the next.
	fyne.DoAndWait(func() { tabs.SelectIndex(0); w.Canvas().Unfocus() })
	key(w, fyne.KeyModifierAlt, fyne.Key1)
	eventually(t, "an A ticket", func() bool { return len(q.waiting) == waiting+1 && strings.Contains(q.issued.Text, "A") })
	key(w, ctrl, fyne.Key2)
	eventually(t, "a ticket called", func() bool { return q.current != nil })
	key(w, ctrl, fyne.Key3)
	eventually(t, "the ticket served", func() bool { return q.current == nil })
}

func TestCtrlTabChangesTabEvenFromAnEntry(t *testing.T) {
	test.NewTempApp(t)
	box := newKeyEntry()
	tabs := container.NewAppTabs(container.NewTabItem("uno", box), container.NewTabItem("due", widget.NewLabel("due")))
	w := test.NewTempWindow(t, tabs)
	fyne.DoAndWait(func() { bindTabKeys(w.Canvas(), tabs); w.Canvas().Focus(box) })
	key(w, ctrl, fyne.KeyTab)
	if tabs.SelectedIndex() != 1 {
		t.Fatalf("Ctrl+Tab in a box: tab %d", tabs.SelectedIndex())
	}
	key(w, ctrl|fyne.KeyModifierShift, fyne.KeyTab)
	key(w, ctrl, fyne.KeyPageUp)
	if tabs.SelectedIndex() != 1 {
		t.Fatalf("Ctrl+Shift+Tab, Ctrl+Page Up: tab %d, want 1 (back twice, round)", tabs.SelectedIndex())
	}
}

func TestFocusedPrimaryButtonLooksDifferent(t *testing.T) {
	for _, variant := range []string{"light", "dark"} {
		a := test.NewTempApp(t)
		a.Settings().SetTheme(themeFor(app.Preferences{Theme: variant}))
		b := widget.NewButton("Concludi…", func() {})
		b.Importance = widget.HighImportance
		w := test.NewTempWindow(t, container.NewCenter(b))
		w.Resize(fyne.NewSize(300, 120))
		// A point of the button's ground, clear of its text.
		at := func() (r, g, bl uint32) {
			pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(b).AddXY(3, b.Size().Height/2)
			img := w.Canvas().Capture()
			scale := float32(img.Bounds().Dx()) / w.Canvas().Size().Width
			r, g, bl, _ = img.At(int(pos.X*scale), int(pos.Y*scale)).RGBA()
			return r >> 8, g >> 8, bl >> 8
		}
		r0, g0, b0 := at()
		fyne.DoAndWait(func() { w.Canvas().Focus(b) })
		r1, g1, b1 := at()
		diff := func(x, y uint32) int { return max(int(x)-int(y), int(y)-int(x)) }
		if d := diff(r0, r1) + diff(g0, g1) + diff(b0, b1); d < 40 {
			t.Errorf("%s theme: a focused primary button differs by %d (%d,%d,%d → %d,%d,%d)", variant, d, r0, g0, b0, r1, g1, b1)
		}
	}
}

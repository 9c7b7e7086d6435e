package dayview

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"sportello/model"
	"sportello/ui/uitest"
	"sportello/ui/widgets"
)

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
	c := uitest.NewConsole(t)
	v, w := showDay(t, c)
	surname := searchable(t, v, c)
	uitest.Key(w, uitest.Ctrl, fyne.KeyK)
	typed := ""
	for _, r := range surname {
		uitest.TypeSlowly(w, string(r))
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
	c := uitest.NewConsole(t)
	v, w := showDay(t, c)
	surname := searchable(t, v, c)
	prefix := surname[:3]
	uitest.Key(w, uitest.Ctrl, fyne.KeyK)
	uitest.TypeSlowly(w, prefix)
	if !v.search.Open() || len(v.search.hits) < 2 {
		t.Fatalf("results for %q: open %v, %d hits", prefix, v.search.Open(), len(v.search.hits))
	}
	uitest.Key(w, 0, fyne.KeyDown)
	uitest.Key(w, 0, fyne.KeyDown)
	uitest.Key(w, 0, fyne.KeyUp)
	uitest.Key(w, 0, fyne.KeyDown)
	if v.search.cursor != 1 {
		t.Fatalf("↓ ↓ ↑ ↓ highlights result %d, want 1", v.search.cursor)
	}
	if w.Canvas().Focused() != v.search.entry {
		t.Fatal("the arrows moved the focus out of the box")
	}
	// Esc closes the results and keeps the text; ↓ does not reopen them.
	uitest.Key(w, 0, fyne.KeyEscape)
	if v.search.Open() || v.search.entry.Text != prefix {
		t.Fatalf("after Esc: results open %v, text %q", v.search.Open(), v.search.entry.Text)
	}
	// Typing on reopens them; Enter opens the highlighted file.
	uitest.TypeSlowly(w, surname[3:4])
	if !v.search.Open() {
		t.Fatal("results not shown again after typing")
	}
	uitest.Key(w, 0, fyne.KeyDown)
	uitest.Key(w, 0, fyne.KeyDown)
	want := v.search.hits[v.search.cursor]
	uitest.Key(w, 0, fyne.KeyReturn)
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
	uitest.TypeSlowly(w, prefix)
	first := v.search.hits[0]
	uitest.Key(w, 0, fyne.KeyEnter)
	if v.fileCF != first.CF {
		t.Errorf("Enter opened %q, want the first %q", v.fileCF, first.CF)
	}
}

func TestShortcutsFireFromTheSearchBox(t *testing.T) {
	test.NewTempApp(t)
	c := uitest.NewConsole(t)
	v, w := showDay(t, c)
	uitest.Key(w, uitest.Ctrl, fyne.KeyK)
	uitest.TypeSlowly(w, "R") // one letter: no results yet, the cursor is surely in the box
	if w.Canvas().Focused() != v.search.entry {
		t.Fatal("Ctrl+K does not put the cursor in the search box")
	}
	day := v.day
	uitest.Key(w, fyne.KeyModifierAlt, fyne.KeyRight)
	if !v.day.After(day) {
		t.Errorf("Alt+→ in the search box left the day at %s", v.day.Format("02/01"))
	}
	uitest.Key(w, uitest.Ctrl, fyne.KeyL)
	if w.Canvas().Focused() != v.list {
		t.Errorf("Ctrl+L in the search box left the focus on %T", w.Canvas().Focused())
	}
	// The entry's own shortcuts stay its own: Ctrl+← moves by word.
	uitest.Key(w, uitest.Ctrl, fyne.KeyK)
	fyne.DoAndWait(func() {
		v.search.entry.SetText("Rossi Mario")
		v.search.entry.CursorColumn = len("Rossi Mario")
	})
	uitest.Key(w, uitest.Ctrl, fyne.KeyLeft)
	if v.search.entry.CursorColumn != len("Rossi ") {
		t.Errorf("Ctrl+← put the cursor at %d", v.search.entry.CursorColumn)
	}
	if !strings.Contains(v.search.entry.Text, "Rossi") {
		t.Errorf("text %q", v.search.entry.Text)
	}
}

func TestDialogsCloseWithEscAndConfirmWithEnter(t *testing.T) {
	test.NewTempApp(t)
	c := uitest.NewConsole(t)
	v, w := showDay(t, c)
	if v.fileCF == "" {
		t.Fatal("no file open at the start")
	}

	// The help: nothing has the focus in it; Esc closes it, and so does
	// Enter (its one button).
	uitest.Key(w, uitest.Ctrl, fyne.KeyH)
	if !uitest.OverlayOpen(w) {
		t.Fatal("Ctrl+H opened nothing")
	}
	uitest.Key(w, 0, fyne.KeyEscape)
	if uitest.OverlayOpen(w) {
		t.Fatal("Esc left the help open")
	}
	uitest.Key(w, uitest.Ctrl, fyne.KeyH)
	uitest.Key(w, 0, fyne.KeyReturn)
	if uitest.OverlayOpen(w) {
		t.Fatal("Enter left the help open")
	}

	// A note: the cursor is in its box; Esc there closes the dialog and
	// saves nothing (the text waits for the next Ctrl+N, in memory).
	uitest.Key(w, uitest.Ctrl, fyne.KeyN)
	if _, ok := w.Canvas().Focused().(*widgets.KeyEntry); !ok || !uitest.OverlayOpen(w) {
		t.Fatalf("Ctrl+N: dialog open %v, focus on %T", uitest.OverlayOpen(w), w.Canvas().Focused())
	}
	uitest.TypeSlowly(w, "Da buttare")
	uitest.Key(w, 0, fyne.KeyEscape)
	if uitest.OverlayOpen(w) {
		t.Fatal("Esc in the note's box left the dialog open")
	}
	if uitest.Contains(uitest.Texts(v.file.Content()), "Da buttare") {
		t.Fatal("the note closed with Esc was saved")
	}
	if !strings.HasPrefix(v.actions.info.Text, "Nota non salvata") {
		t.Errorf("after Esc on a typed note the line says %q", v.actions.info.Text)
	}
	uitest.Key(w, uitest.Ctrl, fyne.KeyN)
	note := w.Canvas().Focused().(*widgets.KeyEntry)
	if note.Text != "Da buttare" {
		t.Fatalf("the note closed with Esc came back as %q", note.Text)
	}
	fyne.DoAndWait(func() { note.SetText("") })
	// Enter in the note's lines is a new line; Ctrl+Enter saves it.
	uitest.TypeSlowly(w, "Prima riga")
	uitest.Key(w, 0, fyne.KeyReturn)
	uitest.TypeSlowly(w, "seconda riga")
	if note.Text != "Prima riga\nseconda riga" || !uitest.OverlayOpen(w) {
		t.Fatalf("after Enter the note reads %q, dialog open %v", note.Text, uitest.OverlayOpen(w))
	}
	uitest.Key(w, uitest.Ctrl, fyne.KeyReturn)
	if uitest.OverlayOpen(w) {
		t.Fatal("Ctrl+Enter left the note open")
	}
	uitest.Eventually(t, "the note in the file", func() bool { return uitest.Contains(uitest.Texts(v.file.Content()), "Prima riga\nseconda riga") })

	// A confirmation: Esc answers no, Enter yes.
	booked := firstBooked(t, v)
	fyne.DoAndWait(func() {
		for i, e := range v.entries {
			if e.ID == booked.ID {
				v.selectEntry(i)
			}
		}
	})
	uitest.Key(w, uitest.Ctrl, fyne.Key5)
	if !uitest.OverlayOpen(w) {
		t.Fatal("Ctrl+5 asked nothing")
	}
	uitest.Key(w, 0, fyne.KeyEscape)
	if uitest.OverlayOpen(w) || uitest.SlotNow(t, c, booked.ID).Status != model.StatusBooked {
		t.Fatalf("after Esc: dialog open %v, slot %s", uitest.OverlayOpen(w), uitest.SlotNow(t, c, booked.ID).Status)
	}
	uitest.Key(w, uitest.Ctrl, fyne.Key5)
	uitest.Key(w, 0, fyne.KeyEnter)
	if uitest.OverlayOpen(w) {
		t.Fatal("Enter left the confirmation open")
	}
	uitest.Eventually(t, "the slot cancelled", func() bool { return uitest.SlotNow(t, c, booked.ID).Status == model.StatusCancelled })
}

func TestDialogKeepsTheScreensKeysWhileOpen(t *testing.T) {
	test.NewTempApp(t)
	c := uitest.NewConsole(t)
	v, w := showDay(t, c)
	day := v.day
	uitest.Key(w, uitest.Ctrl, fyne.KeyH)
	// Alt+→ with the help open does not move the day behind it.
	uitest.Key(w, fyne.KeyModifierAlt, fyne.KeyRight)
	if !v.day.Equal(day) {
		t.Error("a key reached the day view behind a dialog")
	}
	uitest.Key(w, 0, fyne.KeyEscape)
	uitest.Key(w, fyne.KeyModifierAlt, fyne.KeyRight)
	if !v.day.After(day) {
		t.Error("Alt+→ does not work once the dialog is closed")
	}
}

func TestFocusedListShowsItsRing(t *testing.T) {
	test.NewTempApp(t)
	c := uitest.NewConsole(t)
	v, w := showDay(t, c)
	uitest.Key(w, uitest.Ctrl, fyne.KeyL)
	if w.Canvas().Focused() != v.list || !v.list.HasFocus() {
		t.Fatalf("Ctrl+L: focus on %T, ring shown %v", w.Canvas().Focused(), v.list.HasFocus())
	}
	uitest.Key(w, uitest.Ctrl, fyne.KeyK)
	if v.list.HasFocus() {
		t.Error("the ring stays after the focus left the list")
	}
}

package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

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
	typeSlowly(w, "Ro")
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

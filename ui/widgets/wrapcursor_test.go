package widgets

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// answer is typed rune by rune, as the operator types it.
const answer = "Gentile signora, la pensione di reversibilità spetta al coniuge superstite dalla data della morte. " +
	"Grazie per la pazienza: può però chiedere l'integrazione al minimo, è già così, ed è più semplice."

// typeKeys types text as the desktop driver delivers it: each key's name
// (TypedKey: KeyP, KeySpace) and then its rune (TypedRune).
func typeKeys(e fyne.Focusable, text string) {
	for _, r := range text {
		name := fyne.KeyName(strings.ToUpper(string(r)))
		if r == ' ' {
			name = fyne.KeySpace
		}
		e.TypedKey(&fyne.KeyEvent{Name: name})
		e.TypedRune(r)
	}
}

// wrapped shows entry in a window width wide, focused.
func wrapped(t *testing.T, entry fyne.Focusable, width float32) {
	t.Helper()
	w := test.NewWindow(entry.(fyne.CanvasObject))
	w.Resize(fyne.NewSize(width, 400))
	w.Canvas().Focus(entry)
	t.Cleanup(w.Close)
}

// TestTypingAtWordWrapKeepsEverySpace: a space typed where the word wrap
// breaks the row stays where it was typed, at the end of the text or of a
// line followed by others (an answer written between the greeting and the
// closing). Fyne's own entry put it after the next word, or put the rest
// of the sentence inside the closing line.
func TestTypingAtWordWrapKeepsEverySpace(t *testing.T) {
	test.NewTempApp(t)
	const greeting, closing = "Gentile signora,\n", "\nCordiali saluti."
	lostByFyne := 0
	for width := float32(100); width < 300; width += 5 {
		e := NewKeyMultiLineEntry()
		wrapped(t, e, width)
		typeKeys(e, answer)
		if e.Text != answer || e.CursorTextOffset() != len([]rune(answer)) {
			t.Errorf("at %v wide the answer reads %q, the cursor at %d", width, e.Text, e.CursorTextOffset())
		}

		e = NewKeyMultiLineEntry()
		wrapped(t, e, width)
		e.SetText(greeting + closing)
		e.CursorRow, e.CursorColumn = 0, 0
		for range len([]rune(greeting)) {
			e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
		}
		typeKeys(e, answer)
		if want := greeting + answer + closing; e.Text != want || e.CursorTextOffset() != len([]rune(greeting+answer)) {
			t.Errorf("at %v wide the answer between greeting and closing reads %q, the cursor at %d", width, e.Text, e.CursorTextOffset())
		}

		plain := widget.NewMultiLineEntry()
		plain.Wrapping = fyne.TextWrapWord
		wrapped(t, plain, width)
		typeKeys(plain, answer)
		if plain.Text != answer {
			lostByFyne++
		}
	}
	if lostByFyne == 0 {
		t.Error("Fyne's entry no longer misplaces a space at the wrap: KeyEntry's wrapCursor may go")
	}
}

// atSwallowedSpace is a word-wrapped entry in which answer has been typed
// up to a space the wrap swallowed, the last rune typed, with nothing
// after it (end) or a closing line after it.
func atSwallowedSpace(t *testing.T, end bool) (e *KeyEntry, typed string) {
	t.Helper()
	runes := []rune(answer)
	for width := float32(100); width < 300; width++ {
		e = NewKeyMultiLineEntry()
		wrapped(t, e, width)
		if !end {
			e.SetText("\nCordiali saluti.")
		}
		for i, r := range runes {
			typeKeys(e, string(r))
			if r == ' ' && e.Entry.CursorTextOffset() != i+1 {
				if e.CursorTextOffset() != i+1 {
					t.Fatalf("at %v wide the cursor is at %d after %q", width, e.CursorTextOffset(), string(runes[:i+1]))
				}
				return e, string(runes[:i+1])
			}
		}
	}
	t.Fatal("no width puts a space at the wrap")
	return nil, ""
}

// TestEditingAfterASwallowedSpace: after a space the wrap swallowed,
// Backspace takes the space, Enter starts a line after it, a paste and a
// rune go after it, Ctrl+Z takes the rune back; the text box shows its
// cursor at the end of the row (not in the line below), and tells where it
// is while the text changes.
func TestEditingAfterASwallowedSpace(t *testing.T) {
	test.NewTempApp(t)
	for _, end := range []bool{true, false} {
		rest := map[bool]string{true: "", false: "\nCordiali saluti."}[end]

		e, typed := atSwallowedSpace(t, end)
		e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
		if want := typed[:len(typed)-1] + rest; e.Text != want {
			t.Errorf("Backspace left %q, want %q", e.Text, want)
		}

		e, typed = atSwallowedSpace(t, end)
		row := e.CursorRow
		e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		e.TypedRune('x')
		if want := typed + "\nx" + rest; e.Text != want || e.CursorRow != row+1 || e.CursorColumn != 1 {
			t.Errorf("Enter and x give %q, cursor on row %d column %d (the space's row %d), want %q",
				e.Text, e.CursorRow, e.CursorColumn, row, want)
		}

		e, typed = atSwallowedSpace(t, end)
		if e.Entry.CursorTextOffset() != len([]rune(typed))-1 {
			t.Errorf("the cursor shows at %d, not at the end of the space's row (%d)", e.Entry.CursorTextOffset(), len([]rune(typed))-1)
		}
		e.TypedShortcut(&fyne.ShortcutPaste{Clipboard: textClipboard("Cordiali")})
		if want := typed + "Cordiali" + rest; e.Text != want {
			t.Errorf("the paste gives %q, want %q", e.Text, want)
		}

		e, typed = atSwallowedSpace(t, end)
		var seen []int
		e.OnChanged = func(string) { seen = append(seen, e.CursorTextOffset()) }
		typeKeys(e, "è")
		if n := len([]rune(typed)); len(seen) != 1 || seen[0] != n+1 {
			t.Errorf("while typing è after %d runes the cursor was at %v", n, seen)
		}
		e.TypedShortcut(&fyne.ShortcutUndo{})
		// Fyne takes back what was typed since the last space, as it does
		// without the wrap.
		flat := NewKeyMultiLineEntry()
		flat.Wrapping = fyne.TextWrapOff
		wrapped(t, flat, 300)
		if !end {
			flat.SetText(rest)
		}
		typeKeys(flat, typed+"è")
		flat.TypedShortcut(&fyne.ShortcutUndo{})
		if e.Text != flat.Text {
			t.Errorf("Ctrl+Z left %q, without the wrap %q", e.Text, flat.Text)
		}
		e.TypedShortcut(&fyne.ShortcutRedo{})
		typeKeys(e, "ù")
		if want := typed + "èù" + rest; e.Text != want {
			t.Errorf("ù after undo and redo gives %q, want %q", e.Text, want)
		}
	}
}

// textClipboard is a clipboard holding text.
type textClipboard string

func (c textClipboard) Content() string   { return string(c) }
func (c textClipboard) SetContent(string) {}

// TestCursorToEndInADialog: a note taken up again in its dialog is written
// on at its end, not at the end of its first wrapped row (rows are not
// lines).
func TestCursorToEndInADialog(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewWindow(widget.NewLabel(""))
	w.Resize(fyne.NewSize(1000, 700))
	t.Cleanup(w.Close)
	for _, draft := range []string{answer, "Prima riga,\n" + answer} {
		e := NewKeyMultiLineEntry()
		e.SetMinRowsVisible(5)
		e.SetText(draft)
		// Where the day view put the cursor: its last line, as if it were
		// its last row.
		e.CursorRow = len(strings.Split(draft, "\n")) - 1
		e.CursorColumn = len([]rune(draft[strings.LastIndex(draft, "\n")+1:]))
		d := dialog.NewForm("Nota", "Salva", "Annulla", []*widget.FormItem{widget.NewFormItem("Testo", e)}, nil, w)
		d.Resize(fyne.NewSize(560, 320))
		d.Show()
		w.Canvas().Focus(e)
		e.CursorToEnd()
		typeKeys(e, " Fine.")
		if want := draft + " Fine."; e.Text != want {
			t.Errorf("the draft taken up reads %q, want %q", e.Text, want)
		}
		d.Hide()
	}
}

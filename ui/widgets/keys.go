package widgets

import (
	"runtime"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// KeyEntry is the console's text entry. Beside what widget.Entry does:
//   - onKey, when set, sees each key first (the search box's ↓ ↑ Enter Esc);
//   - in a dialog, Esc closes the dialog and Enter confirms it (a single-line
//     entry; a multi-line one keeps Enter for a new line and confirms with
//     Ctrl+Enter);
//   - elsewhere, a Ctrl/Alt shortcut it has no use for (anything but copy,
//     paste, cut, select all, undo, redo and its own word moves) goes on to
//     the window's shortcuts: Fyne gives shortcuts to the focused widget
//     only, so without this Ctrl+1 or Alt+→ would be dead while the cursor
//     is in a box.
type KeyEntry struct {
	widget.Entry
	OnKey       func(*fyne.KeyEvent) bool // true: handled
	OnFocusLost func()
	wrap        wrapCursor // see wrapcursor.go
}

// FocusLost tells onFocusLost too.
func (e *KeyEntry) FocusLost() {
	e.Entry.FocusLost()
	if e.OnFocusLost != nil {
		e.OnFocusLost()
	}
}

func NewKeyEntry() *KeyEntry {
	e := &KeyEntry{}
	e.ExtendBaseWidget(e)
	return e
}

func NewKeyMultiLineEntry() *KeyEntry {
	e := &KeyEntry{}
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	e.ExtendBaseWidget(e)
	return e
}

func NewKeyPasswordEntry() *KeyEntry {
	e := &KeyEntry{}
	e.Password = true
	e.ExtendBaseWidget(e)
	return e
}

// Canvas is the canvas the entry is drawn on, if any.
func (e *KeyEntry) Canvas() fyne.Canvas {
	if fyne.CurrentApp() == nil {
		return nil
	}
	return fyne.CurrentApp().Driver().CanvasForObject(e)
}

// TypedKey handles Esc and Enter for the dialog the entry is in.
func (e *KeyEntry) TypedKey(k *fyne.KeyEvent) {
	if e.OnKey != nil && e.OnKey(k) {
		return
	}
	switch k.Name {
	case fyne.KeyEscape:
		if dismissTopDialog(e.Canvas()) {
			return
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		if !e.MultiLine && e.OnSubmitted == nil && confirmTopDialog(e.Canvas()) {
			return
		}
	}
	e.typedEditKey(k)
}

// TypedShortcut keeps the editing shortcuts and passes the others on.
func (e *KeyEntry) TypedShortcut(s fyne.Shortcut) {
	if _, undo := s.(*fyne.ShortcutUndo); undo {
		if b := shownUndo(e.Canvas()); b != nil {
			NoteInput()
			b.Undo()
			return
		}
	}
	cs, ok := s.(*desktop.CustomShortcut)
	if !ok || entryOwns(cs) {
		e.typedEditShortcut(s)
		return
	}
	c := e.Canvas()
	if (cs.KeyName == fyne.KeyReturn || cs.KeyName == fyne.KeyEnter) && cs.Modifier == fyne.KeyModifierShortcutDefault &&
		confirmTopDialog(c) {
		return
	}
	if len(dialogsOn(c)) > 0 {
		return // a dialog is modal: the screen's keys wait for it to close
	}
	if h, ok := c.(interface{ TypedShortcut(fyne.Shortcut) }); ok {
		h.TypedShortcut(s)
	}
}

// entryOwns says whether widget.Entry has a use for a custom shortcut: the
// word moves, selections and deletions (Ctrl, or Alt on macOS, with ← →
// Backspace Delete), and Cmd+← → on macOS.
func entryOwns(s *desktop.CustomShortcut) bool {
	word := fyne.KeyModifierShortcutDefault
	if runtime.GOOS == "darwin" {
		word = fyne.KeyModifierAlt
		if s.Modifier == fyne.KeyModifierSuper && (s.KeyName == fyne.KeyLeft || s.KeyName == fyne.KeyRight) {
			return true
		}
	}
	switch s.KeyName {
	case fyne.KeyLeft, fyne.KeyRight:
		return s.Modifier&^fyne.KeyModifierShift == word
	case fyne.KeyBackspace, fyne.KeyDelete:
		return s.Modifier == word
	}
	return false
}

// openDialog is a dialog shown with showDialog.
type openDialog struct {
	d       dialog.Dialog
	confirm func()
	keys    func(*fyne.KeyEvent) bool // other keys typed with nothing focused; true: handled
}

// dialogs are the dialogs open on each canvas, the top one last; touched on
// the UI goroutine only.
var dialogs = map[fyne.Canvas][]*openDialog{}

// keyedCanvases are the canvases whose Esc and Enter showDialog handles.
var keyedCanvases = map[fyne.Canvas]bool{}

func dialogsOn(c fyne.Canvas) []*openDialog {
	if c == nil {
		return nil
	}
	switch top := c.Overlays().Top(); {
	case top == nil:
		// No overlay, no dialog: one closed without telling (its window
		// changed content) is forgotten.
		delete(dialogs, c)
		return nil
	case !top.Visible():
		return nil // hidden under the idle lock: the keys are the lock's
	}
	return dialogs[c]
}

// ShowDialog shows a dialog that closes with Esc and confirms with Enter:
// confirm is what Enter does (nil: a form's Submit, a confirmation's
// Confirm, else close, as the one button of a message does). The keys
// reach it whether nothing has the focus in the dialog or a keyEntry has.
func ShowDialog(win fyne.Window, d dialog.Dialog, confirm func()) {
	ShowDialogKeys(win, d, confirm, nil)
}

// ShowDialogKeys is showDialog for a dialog with keys of its own (the
// help scrolls with the arrows).
func ShowDialogKeys(win fyne.Window, d dialog.Dialog, confirm func(), keys func(*fyne.KeyEvent) bool) {
	if confirm == nil {
		switch x := d.(type) {
		case *dialog.FormDialog:
			confirm = x.Submit
		case *dialog.ConfirmDialog:
			confirm = x.Confirm
		default:
			confirm = d.Hide
		}
	}
	c := win.Canvas()
	hookDialogKeys(c)
	od := &openDialog{d: d, confirm: confirm, keys: keys}
	dialogs[c] = append(dialogs[c], od)
	d.SetOnClosed(func() {
		open := dialogs[c]
		for i, o := range open {
			if o == od {
				dialogs[c] = append(open[:i:i], open[i+1:]...)
				break
			}
		}
	})
	d.Show()
}

// hookDialogKeys makes Esc and Enter typed with nothing focused reach the
// top dialog; other keys go where they went before.
func hookDialogKeys(c fyne.Canvas) {
	if keyedCanvases[c] {
		return
	}
	keyedCanvases[c] = true
	prev := c.OnTypedKey()
	c.SetOnTypedKey(func(k *fyne.KeyEvent) {
		switch k.Name {
		case fyne.KeyEscape:
			if dismissTopDialog(c) {
				return
			}
		case fyne.KeyReturn, fyne.KeyEnter:
			if confirmTopDialog(c) {
				return
			}
		default:
			if open := dialogsOn(c); len(open) > 0 && open[len(open)-1].keys != nil && open[len(open)-1].keys(k) {
				return
			}
		}
		if prev != nil {
			prev(k)
		}
	})
}

// dismissTopDialog closes the top dialog of a canvas, if any.
func dismissTopDialog(c fyne.Canvas) bool {
	open := dialogsOn(c)
	if len(open) == 0 {
		return false
	}
	open[len(open)-1].d.Dismiss()
	return true
}

// confirmTopDialog confirms the top dialog of a canvas, if any.
func confirmTopDialog(c fyne.Canvas) bool {
	open := dialogsOn(c)
	if len(open) == 0 {
		return false
	}
	open[len(open)-1].confirm()
	return true
}

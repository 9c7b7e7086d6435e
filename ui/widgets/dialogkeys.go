package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// KeySelect is a widget.Select that a dialog's keys reach: Enter confirms
// the dialog and Esc closes it, ← → change the choice, Space and ↑ ↓ open
// the list.
type KeySelect struct{ widget.Select }

// NewKeySelect returns a KeySelect of options.
func NewKeySelect(options []string) *KeySelect {
	s := &KeySelect{}
	s.Options = options
	s.ExtendBaseWidget(s)
	return s
}

// TypedKey passes Enter and Esc to the dialog the select is in.
func (s *KeySelect) TypedKey(k *fyne.KeyEvent) {
	if dialogKey(s, k) {
		return
	}
	s.Select.TypedKey(k)
}

// KeyCheck is a widget.Check that a dialog's keys reach (Enter, Esc).
type KeyCheck struct{ widget.Check }

// NewKeyCheck returns a KeyCheck with a label.
func NewKeyCheck(label string) *KeyCheck {
	c := &KeyCheck{}
	c.Text = label
	c.ExtendBaseWidget(c)
	return c
}

// TypedKey passes Enter and Esc to the dialog the check is in.
func (c *KeyCheck) TypedKey(k *fyne.KeyEvent) {
	if !dialogKey(c, k) {
		c.Check.TypedKey(k)
	}
}

// dialogKey confirms (Enter) or closes (Esc) the top dialog of the canvas
// o is drawn on; true when it did.
func dialogKey(o fyne.CanvasObject, k *fyne.KeyEvent) bool {
	if fyne.CurrentApp() == nil {
		return false
	}
	c := fyne.CurrentApp().Driver().CanvasForObject(o)
	switch k.Name {
	case fyne.KeyEscape:
		return dismissTopDialog(c)
	case fyne.KeyReturn, fyne.KeyEnter:
		return confirmTopDialog(c)
	}
	return false
}

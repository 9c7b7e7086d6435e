package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// SetWindow sets the window the status bar's dialogs open over.
func (b *StatusBar) SetWindow(w fyne.Window) { b.win = w }

// StatusParts are the status bar's widgets, for the tests of the screens
// that show it.
type StatusParts struct {
	State, Pending, Refreshed *widget.Label
	Conflicts                 *widget.Button
	Content                   *fyne.Container
}

// Parts returns the status bar's widgets (for tests).
func (b *StatusBar) Parts() StatusParts {
	return StatusParts{State: b.state, Pending: b.pending, Refreshed: b.refreshed, Conflicts: b.conflicts, Content: b.content}
}

// Settled waits until the conflicts dialog opened has its cards (for
// tests).
func (b *StatusBar) Settled() { b.filling.Wait() }

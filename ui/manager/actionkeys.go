package manager

import (
	"time"

	"fyne.io/fyne/v2"

	"sportello/ui/widgets"
)

// ActionTarget is the sportello the manager's keys act on: the one
// selected on the screen, with what the dialogs need.
type ActionTarget struct {
	Win    fyne.Window
	Actor  Actor
	Office string
	Desk   string
	Day    time.Time // the first day offered
	Done   func()    // after central did it: reload the screen
}

// ActionKeys are the keys of the manager's actions for a screen of type
// V, to add to its key list (and so to the Ctrl+H help): Ctrl+G clones
// the sportello selected (an agenda "gemella"), Ctrl+T changes its slot
// duration ("tempo"). target says which sportello is selected (false:
// none, the key does nothing).
func ActionKeys[V any](target func(V) (ActionTarget, bool)) []widgets.KeyOf[V] {
	return []widgets.KeyOf[V]{
		{Key: fyne.KeyG, Mod: fyne.KeyModifierShortcutDefault, What: "keys.desk_clone", Run: func(v V) {
			if t, ok := target(v); ok {
				ShowCloneDesk(t.Win, t.Actor, t.Office, t.Desk, t.Day, t.Done)
			}
		}},
		{Key: fyne.KeyT, Mod: fyne.KeyModifierShortcutDefault, What: "keys.desk_duration", Run: func(v V) {
			if t, ok := target(v); ok {
				ShowSlotDuration(t.Win, t.Actor, t.Office, t.Desk, t.Day, t.Done)
			}
		}},
	}
}

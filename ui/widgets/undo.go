package widgets

import (
	"context"
	"math"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sportello/app"
	"sportello/assets/i18n"
)

// UndoSource is how a screen takes back an action central has not got.
// app.Console implements it.
type UndoSource interface {
	HeldActions(ctx context.Context) ([]app.Undoable, error)
	LastUnsent(ctx context.Context, target string) (app.Undoable, bool, error)
	Undo(ctx context.Context, key string) error
	Now() time.Time
}

// undoTick is how often the undo bar counts down.
const undoTick = 250 * time.Millisecond

// StartUndoTicker counts the undo bar down while an action is held; tests
// replace it and drive the bar with refresh.
var StartUndoTicker = func(b *UndoBar) {
	if !b.ticking.CompareAndSwap(false, true) {
		return
	}
	go func() {
		defer b.ticking.Store(false)
		for {
			time.Sleep(undoTick)
			if !b.RefreshNow() {
				return
			}
		}
	}()
}

// UndoBar offers to take back the operator's last action while central
// has not got it: during its undo window, with the seconds left, and after
// it while it waits for the line (the last unsent action on the selected
// slot or scheda). Ctrl+Z does what its button does.
type UndoBar struct {
	src     UndoSource
	mine    func(app.Undoable) bool   // the actions of this screen
	says    func(app.Undoable) string // what the action was, for the operator
	Undone  func(app.Undoable)        // after an undo, on the UI goroutine
	Failed  func(error)
	Layout  func() // lays the screen out again once the bar shows or hides
	Label   *widget.Label
	Button  *widget.Button
	Content *fyne.Container
	ticking atomic.Bool

	// On the UI goroutine:
	shown  app.Undoable // what the button takes back (Key "": nothing)
	target string       // the selected slot or scheda
}

func NewUndoBar(src UndoSource, mine func(app.Undoable) bool, says func(app.Undoable) string) *UndoBar {
	b := &UndoBar{src: src, mine: mine, says: says, Label: widget.NewLabel("")}
	b.Label.Wrapping = fyne.TextWrapWord
	b.Button = widget.NewButtonWithIcon(i18n.T("undo.button_unsent"), theme.ContentUndoIcon(), b.Undo)
	b.Button.Importance = widget.WarningImportance
	b.Content = container.NewBorder(nil, nil, nil, b.Button, b.Label)
	b.Content.Hide()
	return b
}

// Watch shows the action just queued, and counts down its window.
func (b *UndoBar) Watch() {
	Background(func() { b.RefreshNow() })
	StartUndoTicker(b)
}

// select follows the selected slot or scheda (id, "" for none): its last
// unsent action, if any, is offered once no action is held.
func (b *UndoBar) Follow(id string) {
	if b.target == id {
		return
	}
	b.target = id
	Background(func() { b.RefreshNow() })
}

// Refresh reads what can be taken back and shows it (off the UI
// goroutine).
func (b *UndoBar) Refresh() { Background(func() { b.RefreshNow() }) }

// RefreshNow reads what can be taken back and shows it; it reports
// whether an action is held (the countdown goes on).
func (b *UndoBar) RefreshNow() bool {
	ctx := context.Background()
	var target string
	fyne.DoAndWait(func() { target = b.target })
	var u app.Undoable
	found, held := false, false
	all, err := b.src.HeldActions(ctx)
	for _, h := range all {
		if b.mine(h) {
			u, found, held = h, true, true
			break
		}
	}
	if err == nil && !found && target != "" {
		u, found, err = b.src.LastUnsent(ctx, target)
		found = found && b.mine(u)
	}
	now := b.src.Now()
	fyne.Do(func() {
		if err != nil {
			b.Failed(err)
			return
		}
		b.show(u, found, now)
	})
	return held
}

// show offers u (if found) at now; it runs on the UI goroutine.
func (b *UndoBar) show(u app.Undoable, found bool, now time.Time) {
	if !found {
		if b.Content.Visible() {
			// Sent meanwhile, or no longer selected.
			b.shown = app.Undoable{}
			b.setVisible(false)
		}
		return
	}
	b.shown = u
	if left := u.Until.Sub(now); left > 0 {
		secs := int(math.Ceil(left.Seconds()))
		b.Label.SetText(i18n.T("undo.held", b.says(u), secs))
		b.Button.SetText(i18n.T("undo.button", secs))
	} else {
		b.Label.SetText(i18n.T("undo.unsent", b.says(u)))
		b.Button.SetText(i18n.T("undo.button_unsent"))
	}
	b.Button.Enable()
	b.setVisible(true)
}

// setVisible shows or hides the bar, and lays the screen out again.
func (b *UndoBar) setVisible(on bool) {
	if on == b.Content.Visible() {
		return
	}
	if on {
		b.Content.Show()
	} else {
		b.Content.Hide()
	}
	if b.Layout != nil {
		b.Layout()
	}
}

// Undo takes back the action shown (Ctrl+Z, or the button).
func (b *UndoBar) Undo() {
	u := b.shown
	if u.Key == "" || b.Button.Disabled() {
		return
	}
	b.Button.Disable()
	Background(func() {
		err := b.src.Undo(context.Background(), u.Key)
		fyne.Do(func() {
			b.shown = app.Undoable{}
			if err != nil {
				b.setVisible(false)
				b.Failed(err)
				return
			}
			b.Label.SetText(i18n.T("undo.done", b.says(u)))
			b.Button.SetText(i18n.T("undo.button_unsent"))
			b.setVisible(true)
			b.Undone(u)
		})
	})
}

// ConfirmAction asks the operator to confirm an irreversible step, in
// Italian: the yes button (or Enter) runs do, the no button (or Esc) does
// nothing. It returns the dialog shown.
func ConfirmAction(win fyne.Window, title, text, yes, no string, do func()) dialog.Dialog {
	msg := widget.NewLabel(text)
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm(title, yes, no, msg, func(ok bool) {
		if ok {
			do()
		}
	}, win)
	d.SetConfirmImportance(widget.DangerImportance)
	d.Resize(fyne.NewSize(520, 200))
	ShowDialog(win, d, nil) // Invio confirms, Esc does nothing
	return d
}

// BindUndo makes Ctrl+Z take back what bar shows. The desktop driver
// turns Ctrl+Z into fyne.ShortcutUndo, not a custom shortcut: both are
// bound.
func BindUndo(c fyne.Canvas, screen string, bar *UndoBar) {
	if _, bound := undoBars[c]; !bound {
		undoBars[c] = map[string]*UndoBar{}
		run := func(fyne.Shortcut) {
			NoteInput()
			if b := shownUndo(c); b != nil {
				b.Undo()
			}
		}
		c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: fyne.KeyModifierShortcutDefault}, run)
		c.AddShortcut(&fyne.ShortcutUndo{}, run)
	}
	undoBars[c][screen] = bar // a screen built again replaces its bar
}

// undoBars are the undo bars of each canvas's screens (the day view's, the
// inbox's), touched on the UI goroutine only.
var undoBars = map[fyne.Canvas]map[string]*UndoBar{}

// shownUndo is the undo bar of a canvas that offers an action to take
// back now, if any: Ctrl+Z is for it, even from a text box (an action
// about to leave matters more than the box's last edit).
func shownUndo(c fyne.Canvas) *UndoBar {
	for _, b := range undoBars[c] {
		if b.Content.Visible() && b.shown.Key != "" && !b.Button.Disabled() && b.Button.Visible() {
			return b
		}
	}
	return nil
}

package ui

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

// startUndoTicker counts the undo bar down while an action is held; tests
// replace it and drive the bar with refresh.
var startUndoTicker = func(b *undoBar) {
	if !b.ticking.CompareAndSwap(false, true) {
		return
	}
	go func() {
		defer b.ticking.Store(false)
		for {
			time.Sleep(undoTick)
			if !b.refreshNow() {
				return
			}
		}
	}()
}

// undoBar offers to take back the operator's last action while central
// has not got it: during its undo window, with the seconds left, and after
// it while it waits for the line (the last unsent action on the selected
// slot or scheda). Ctrl+Z does what its button does.
type undoBar struct {
	src     UndoSource
	mine    func(app.Undoable) bool   // the actions of this screen
	says    func(app.Undoable) string // what the action was, for the operator
	undone  func(app.Undoable)        // after an undo, on the UI goroutine
	failed  func(error)
	layout  func() // lays the screen out again once the bar shows or hides
	label   *widget.Label
	button  *widget.Button
	content *fyne.Container
	ticking atomic.Bool

	// On the UI goroutine:
	shown  app.Undoable // what the button takes back (Key "": nothing)
	target string       // the selected slot or scheda
}

func newUndoBar(src UndoSource, mine func(app.Undoable) bool, says func(app.Undoable) string) *undoBar {
	b := &undoBar{src: src, mine: mine, says: says, label: widget.NewLabel("")}
	b.label.Wrapping = fyne.TextWrapWord
	b.button = widget.NewButtonWithIcon(i18n.T("undo.button_unsent"), theme.ContentUndoIcon(), b.undo)
	b.button.Importance = widget.WarningImportance
	b.content = container.NewBorder(nil, nil, nil, b.button, b.label)
	b.content.Hide()
	return b
}

// watch shows the action just queued, and counts down its window.
func (b *undoBar) watch() {
	background(func() { b.refreshNow() })
	startUndoTicker(b)
}

// select follows the selected slot or scheda (id, "" for none): its last
// unsent action, if any, is offered once no action is held.
func (b *undoBar) follow(id string) {
	if b.target == id {
		return
	}
	b.target = id
	background(func() { b.refreshNow() })
}

// refresh reads what can be taken back and shows it (off the UI
// goroutine).
func (b *undoBar) refresh() { background(func() { b.refreshNow() }) }

// refreshNow reads what can be taken back and shows it; it reports
// whether an action is held (the countdown goes on).
func (b *undoBar) refreshNow() bool {
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
			b.failed(err)
			return
		}
		b.show(u, found, now)
	})
	return held
}

// show offers u (if found) at now; it runs on the UI goroutine.
func (b *undoBar) show(u app.Undoable, found bool, now time.Time) {
	if !found {
		if b.content.Visible() {
			// Sent meanwhile, or no longer selected.
			b.shown = app.Undoable{}
			b.setVisible(false)
		}
		return
	}
	b.shown = u
	if left := u.Until.Sub(now); left > 0 {
		secs := int(math.Ceil(left.Seconds()))
		b.label.SetText(i18n.T("undo.held", b.says(u), secs))
		b.button.SetText(i18n.T("undo.button", secs))
	} else {
		b.label.SetText(i18n.T("undo.unsent", b.says(u)))
		b.button.SetText(i18n.T("undo.button_unsent"))
	}
	b.button.Enable()
	b.setVisible(true)
}

// setVisible shows or hides the bar, and lays the screen out again.
func (b *undoBar) setVisible(on bool) {
	if on == b.content.Visible() {
		return
	}
	if on {
		b.content.Show()
	} else {
		b.content.Hide()
	}
	if b.layout != nil {
		b.layout()
	}
}

// undo takes back the action shown (Ctrl+Z, or the button).
func (b *undoBar) undo() {
	u := b.shown
	if u.Key == "" || b.button.Disabled() {
		return
	}
	b.button.Disable()
	background(func() {
		err := b.src.Undo(context.Background(), u.Key)
		fyne.Do(func() {
			b.shown = app.Undoable{}
			if err != nil {
				b.setVisible(false)
				b.failed(err)
				return
			}
			b.label.SetText(i18n.T("undo.done", b.says(u)))
			b.button.SetText(i18n.T("undo.button_unsent"))
			b.setVisible(true)
			b.undone(u)
		})
	})
}

// confirmAction asks the operator to confirm an irreversible step, in
// Italian: the yes button (or Enter) runs do, the no button (or Esc) does
// nothing. It returns the dialog shown.
func confirmAction(win fyne.Window, title, text, yes, no string, do func()) dialog.Dialog {
	msg := widget.NewLabel(text)
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm(title, yes, no, msg, func(ok bool) {
		if ok {
			do()
		}
	}, win)
	d.SetConfirmImportance(widget.DangerImportance)
	d.Resize(fyne.NewSize(520, 200))
	showDialog(win, d, nil) // Invio confirms, Esc does nothing
	return d
}

// bindUndo makes Ctrl+Z take back what bar shows. The desktop driver
// turns Ctrl+Z into fyne.ShortcutUndo, not a custom shortcut: both are
// bound.
func bindUndo(c fyne.Canvas, screen string, bar *undoBar) {
	if _, bound := undoBars[c]; !bound {
		undoBars[c] = map[string]*undoBar{}
		run := func(fyne.Shortcut) {
			noteInput()
			if b := shownUndo(c); b != nil {
				b.undo()
			}
		}
		c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: fyne.KeyModifierShortcutDefault}, run)
		c.AddShortcut(&fyne.ShortcutUndo{}, run)
	}
	undoBars[c][screen] = bar // a screen built again replaces its bar
}

// undoBars are the undo bars of each canvas's screens (the day view's, the
// inbox's), touched on the UI goroutine only.
var undoBars = map[fyne.Canvas]map[string]*undoBar{}

// shownUndo is the undo bar of a canvas that offers an action to take
// back now, if any: Ctrl+Z is for it, even from a text box (an action
// about to leave matters more than the box's last edit).
func shownUndo(c fyne.Canvas) *undoBar {
	for _, b := range undoBars[c] {
		if b.content.Visible() && b.shown.Key != "" && !b.button.Disabled() && b.button.Visible() {
			return b
		}
	}
	return nil
}

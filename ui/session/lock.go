package session

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sportello/app"
	"sportello/assets/i18n"
	"sportello/ui/widgets"
)

// LockShortcut locks the screen at once (Ctrl+Shift+L; Ctrl+L goes back
// to the agenda).
var LockShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: fyne.KeyModifierControl | fyne.KeyModifierShift}

// idleCheck is how often the idle lock looks at the time since the last
// input (and at the focused field's text).
const idleCheck = 5 * time.Second

// IdleLock locks the screen after the console's idle time without input,
// or at once from the menu: the window then shows only the lock screen,
// which asks for the operator's password. The sync loop goes on; the
// cache stays sealed on disk as always.
type IdleLock struct {
	w        fyne.Window
	c        *app.Console
	content  fyne.CanvasObject   // the screens, shown when unlocked
	hidden   []fyne.CanvasObject // the dialogs open when the screen locked
	locked   bool
	password *widget.Entry
	msg      *widget.Label
	unlock   *widget.Button
	screen   fyne.CanvasObject
	// typed is the focused field and its text at the last check.
	focused fyne.Focusable
	typed   string
	// menu is the window's menu, taken away while the screen is locked.
	menu func() *fyne.MainMenu
	who  *widget.Label
}

func NewIdleLock(w fyne.Window, c *app.Console, menu func() *fyne.MainMenu) *IdleLock {
	l := &IdleLock{w: w, c: c, menu: menu, password: widget.NewPasswordEntry(), msg: widget.NewLabel(""),
		who: widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})}
	l.msg.Importance = widget.DangerImportance
	l.msg.Wrapping = fyne.TextWrapWord
	l.msg.Alignment = fyne.TextAlignCenter
	l.msg.Hide()
	l.unlock = widget.NewButton(i18n.T("lock.unlock"), l.tryUnlock)
	l.unlock.Importance = widget.HighImportance
	l.password.OnSubmitted = func(string) { l.tryUnlock() }
	icon := widget.NewIcon(theme.VisibilityOffIcon())
	card := container.NewVBox(container.NewCenter(icon),
		widget.NewLabelWithStyle(i18n.T("lock.title"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true}), l.who,
		widget.NewForm(widget.NewFormItem(i18n.T("login.password"), l.password)), l.msg, l.unlock,
		widget.NewLabelWithStyle(i18n.T("lock.hint"), fyne.TextAlignCenter, fyne.TextStyle{Italic: true}))
	l.screen = container.NewCenter(container.NewGridWrap(fyne.NewSize(460, 380), card))
	w.Canvas().AddShortcut(LockShortcut, func(fyne.Shortcut) { l.LockNow() })
	widgets.NoteInput()
	return l
}

// SetContent shows the screens (or keeps them for after the unlock).
func (l *IdleLock) SetContent(content fyne.CanvasObject) {
	l.content = newActivity(content)
	if !l.locked {
		l.w.SetContent(l.content)
	}
}

// Run locks the screen when the idle time has passed, until ctx ends.
// A console whose wrong passwords were used up before a restart starts
// locked, waiting for central.
func (l *IdleLock) Run(ctx context.Context) {
	if l.c.UnlockAttemptsLeft() == 0 {
		fyne.Do(l.LockNow)
	}
	widgets.Every(ctx, idleCheck, func() { fyne.Do(l.check) })
}

// check locks the screen if the idle time has passed since the last
// input; it runs on the UI goroutine.
func (l *IdleLock) check() {
	l.sawInput()
	if !l.locked && time.Since(time.Unix(0, widgets.LastInput.Load())) >= l.c.IdleLock() {
		l.LockNow()
	}
}

// sawInput counts typing into the focused field as input: keys typed into
// a field reach the field, not the window.
func (l *IdleLock) sawInput() {
	f := l.w.Canvas().Focused()
	text := ""
	switch e := f.(type) {
	case *widget.Entry:
		text = e.Text
	case *widgets.KeyEntry:
		text = e.Text
	}
	if f != l.focused || text != l.typed {
		widgets.NoteInput()
	}
	l.focused, l.typed = f, text
}

// LockNow locks the screen: the dialogs open are hidden with the screens,
// to come back after the unlock.
func (l *IdleLock) LockNow() {
	if l.locked {
		return
	}
	l.locked = true
	widgets.KeysLocked[l.w.Canvas()] = true
	l.hidden = l.hidden[:0]
	for _, o := range l.w.Canvas().Overlays().List() {
		if o.Visible() {
			o.Hide()
			l.hidden = append(l.hidden, o)
		}
	}
	l.password.SetText("")
	l.msg.Hide()
	l.showOnline(l.c.UnlockAttemptsLeft() == 0)
	who := i18n.T("lock.who_unknown")
	if op, err := l.c.Operator(context.Background()); err == nil {
		who = i18n.T("lock.who", fmt.Sprintf("%s (%s)", op.Name, op.ID))
	}
	l.who.SetText(who)
	l.w.SetMainMenu(nil)
	l.w.SetContent(l.screen)
	l.w.Canvas().Focus(l.password)
}

// showOnline sets the lock screen to check the password offline (the
// unlock button) or, after too many wrong passwords, with central (the
// confirm button, and the message that says why).
func (l *IdleLock) showOnline(online bool) {
	if !online {
		l.unlock.SetText(i18n.T("lock.unlock"))
		return
	}
	l.unlock.SetText(i18n.T("lock.confirm"))
	l.msg.SetText(i18n.T("lock.too_many"))
	l.msg.Show()
}

// tryUnlock checks the password off the UI goroutine (it takes a fraction
// of a second by design): offline against the verifier, or with central
// once the wrong passwords taken offline are used up.
func (l *IdleLock) tryUnlock() {
	pw := l.password.Text
	if pw == "" {
		return
	}
	l.unlock.Disable()
	online := l.c.UnlockAttemptsLeft() == 0
	widgets.Background(func() {
		var err error
		if online {
			ctx, cancel := context.WithTimeout(context.Background(), loginTimeout)
			err = l.c.UnlockOnline(ctx, pw)
			cancel()
		} else {
			err = l.c.Unlock(context.Background(), pw)
		}
		left := l.c.UnlockAttemptsLeft()
		fyne.Do(func() {
			l.unlock.Enable()
			if err != nil {
				l.password.SetText("")
				switch {
				case errors.Is(err, app.ErrTooManyAttempts):
					l.showOnline(true)
				case errors.Is(err, app.ErrWrongPassword) && online:
					l.msg.SetText(i18n.T("lock.wrong"))
				case errors.Is(err, app.ErrWrongPassword) && left == 1:
					l.msg.SetText(i18n.T("lock.wrong_last"))
				case errors.Is(err, app.ErrWrongPassword):
					l.msg.SetText(i18n.T("lock.wrong_left", left))
				default:
					l.msg.SetText(app.Explain(err))
				}
				l.msg.Show()
				return
			}
			l.showOnline(false)
			l.locked = false
			delete(widgets.KeysLocked, l.w.Canvas())
			widgets.NoteInput()
			l.w.SetMainMenu(l.menu())
			l.w.SetContent(l.content)
			for _, o := range l.hidden {
				o.Show()
			}
			l.hidden = nil
			slog.Info("screen unlocked")
		})
	})
}

// activity wraps the screens to notice the pointer: it gets the moves and
// taps that no widget inside takes (Fyne gives an event to the deepest
// object that handles it), which is where a pointer crossing the window
// passes.
type activity struct {
	widget.BaseWidget
	content fyne.CanvasObject
}

func newActivity(content fyne.CanvasObject) *activity {
	a := &activity{content: content}
	a.ExtendBaseWidget(a)
	return a
}

func (a *activity) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(a.content) }

// ProbeContent lets the test probe see the screens.
func (a *activity) ProbeContent() fyne.CanvasObject { return a.content }

// MouseIn, MouseMoved and MouseOut make the wrapper hoverable.
func (a *activity) MouseIn(*desktop.MouseEvent)    { widgets.NoteInput() }
func (a *activity) MouseMoved(*desktop.MouseEvent) { widgets.NoteInput() }
func (a *activity) MouseOut()                      {}

// Tapped notes a tap where no widget takes it.
func (a *activity) Tapped(*fyne.PointEvent) { widgets.NoteInput() }

// ExpiredBanner tells the operator that central refused the session:
// they can go on reading and recording (the work waits in the outbox),
// and log in again with their password to send it.
type ExpiredBanner struct {
	c       *app.Console
	w       fyne.Window
	text    *widget.Label
	Content *fyne.Container
	// Parent is the container the banner sits in, laid out again when the
	// banner appears or goes.
	Parent fyne.CanvasObject
}

func NewExpiredBanner(c *app.Console, w fyne.Window) *ExpiredBanner {
	b := &ExpiredBanner{c: c, w: w, text: widget.NewLabel("")}
	b.text.Wrapping = fyne.TextWrapWord
	b.text.TextStyle.Bold = true
	again := widget.NewButtonWithIcon(i18n.T("expired.login"), theme.LoginIcon(), b.relogin)
	again.Importance = widget.WarningImportance
	bg := canvas.NewRectangle(widgets.WithAlpha(theme.Color(theme.ColorNameWarning), 0x40))
	b.Content = container.NewStack(bg, container.NewBorder(nil, nil, nil, again, b.text))
	b.Content.Hide()
	return b
}

// Show shows or hides the banner for a sync status.
func (b *ExpiredBanner) Show(st app.SyncStatus) {
	was := b.Content.Visible()
	if st.State != app.StateExpired {
		b.Content.Hide()
	} else {
		b.text.SetText(i18n.T("expired.text", st.Pending))
		b.Content.Show()
	}
	if was != b.Content.Visible() && b.Parent != nil {
		b.Parent.Refresh()
	}
}

// relogin asks for the password and starts a new session.
func (b *ExpiredBanner) relogin() {
	pw := widgets.NewKeyPasswordEntry()
	msg := widget.NewLabel("")
	msg.Importance = widget.DangerImportance
	msg.Wrapping = fyne.TextWrapWord
	msg.Hide()
	var d *dialog.CustomDialog
	send := func() {
		password := pw.Text
		if password == "" {
			return
		}
		widgets.Background(func() {
			ctx, cancel := context.WithTimeout(context.Background(), loginTimeout)
			defer cancel()
			err := b.c.Relogin(ctx, password)
			fyne.Do(func() {
				if err != nil {
					pw.SetText("")
					msg.SetText(app.Explain(err))
					msg.Show()
					return
				}
				d.Hide() // the new status (syncing) takes the banner away

			})
		})
	}
	pw.OnSubmitted = func(string) { send() }
	ok := widget.NewButton(i18n.T("login.submit"), send)
	ok.Importance = widget.HighImportance
	body := container.NewVBox(widget.NewLabel(i18n.T("expired.ask")), pw, msg)
	d = dialog.NewCustomWithoutButtons(i18n.T("expired.title"), body, b.w)
	d.SetButtons([]fyne.CanvasObject{widget.NewButton(i18n.T("dialog.cancel"), func() { d.Hide() }), ok})
	d.Resize(fyne.NewSize(460, 0))
	widgets.ShowDialog(b.w, d, send)
	b.w.Canvas().Focus(pw)
}

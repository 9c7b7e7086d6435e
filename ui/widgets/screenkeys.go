package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"sportello/assets/i18n"
)

// KeyOf is a key combination of a screen of type V.
type KeyOf[V any] struct {
	Key  fyne.KeyName
	Mod  fyne.KeyModifier
	What string // i18n key of what it does
	Run  func(v V)
}

// boundScreen is a screen whose keys a window's canvas dispatches: a key
// runs on the screen shown (the tab selected), so that Ctrl+1 checks a
// citizen in on the day view and recalls a ticket on the queue.
type boundScreen struct {
	name    string
	content fyne.CanvasObject
	run     map[string]func() // by shortcut name
}

// boundScreens are the screens of each canvas, on the UI goroutine only.
var boundScreens = map[fyne.Canvas][]*boundScreen{}

// BindKeys binds a screen's keys to a canvas, in place of the keys of an
// earlier screen of the same name (the screens are built again when the
// language changes). Each use is input for the idle lock.
func BindKeys[V any](c fyne.Canvas, name string, content fyne.CanvasObject, v V, keys []KeyOf[V]) {
	s := &boundScreen{name: name, content: content, run: map[string]func(){}}
	for _, k := range keys {
		sc := &desktop.CustomShortcut{KeyName: k.Key, Modifier: k.Mod}
		s.run[sc.ShortcutName()] = func() { k.Run(v) }
		c.AddShortcut(sc, func(fyne.Shortcut) { dispatchKey(c, sc.ShortcutName()) })
	}
	screens := boundScreens[c]
	for i, o := range screens {
		if o.name == name {
			screens[i] = s
			return
		}
	}
	boundScreens[c] = append(screens, s)
}

// KeysLocked are the canvases whose screens are hidden by the idle lock:
// their keys wait for the unlock.
var KeysLocked = map[fyne.Canvas]bool{}

// dispatchKey runs a key on the screen shown; none while the screen is
// locked or a dialog is open over it (a dialog is modal).
func dispatchKey(c fyne.Canvas, name string) {
	if KeysLocked[c] || len(dialogsOn(c)) > 0 {
		return
	}
	for _, s := range boundScreens[c] {
		if f := s.run[name]; f != nil && s.content.Visible() {
			NoteInput()
			f()
			return
		}
	}
}

// TapIfEnabled does what a button does when it is shown and enabled: a
// key does no more than the button on screen allows.
func TapIfEnabled(b *widget.Button) {
	if b != nil && b.Visible() && !b.Disabled() && b.OnTapped != nil {
		b.OnTapped()
	}
}

// Focus puts the keyboard focus on o, if it is shown in a window.
func Focus(win fyne.Window, o fyne.Focusable) {
	if win != nil {
		win.Canvas().Focus(o)
	}
}

// MoveListSelection selects the next (+1) or previous (-1) row of a list
// of n rows after the selected one, and shows it.
func MoveListSelection(l *widget.List, selected, n, dir int) {
	i := selected + dir
	if selected < 0 && dir < 0 {
		i = n - 1
	}
	if i < 0 || i >= n {
		return
	}
	l.Select(i)
	l.ScrollTo(i)
}

// BindTabKeys lets the keyboard change tab: Ctrl+Tab and Ctrl+Page Down
// the next, Ctrl+Shift+Tab and Ctrl+Page Up the previous (Fyne's tabs
// take no focus).
func BindTabKeys(c fyne.Canvas, tabs *container.AppTabs) {
	step := func(dir int) func(fyne.Shortcut) {
		return func(fyne.Shortcut) {
			if KeysLocked[c] || len(dialogsOn(c)) > 0 || len(tabs.Items) == 0 {
				return
			}
			NoteInput()
			n := len(tabs.Items)
			tabs.SelectIndex((tabs.SelectedIndex() + dir + n) % n)
			c.Unfocus() // the focus is not left on the page now hidden
		}
	}
	ctrl := fyne.KeyModifierShortcutDefault
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyTab, Modifier: ctrl}, step(1))
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyPageDown, Modifier: ctrl}, step(1))
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyTab, Modifier: ctrl | fyne.KeyModifierShift}, step(-1))
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyPageUp, Modifier: ctrl}, step(-1))
}

// keyName is how the help writes a key combination.
func keyName(key fyne.KeyName, mod fyne.KeyModifier) string {
	m := "Ctrl"
	switch {
	case mod&fyne.KeyModifierAlt != 0:
		m = "Alt"
	case mod&fyne.KeyModifierSuper != 0:
		m = "⌘"
	}
	if mod&fyne.KeyModifierShift != 0 {
		m += "+" + i18n.T("keys.shift")
	}
	k := string(key)
	switch key {
	case fyne.KeyDown:
		k = "↓"
	case fyne.KeyUp:
		k = "↑"
	case fyne.KeyLeft:
		k = "←"
	case fyne.KeyRight:
		k = "→"
	case fyne.KeyHome:
		k = "Home"
	}
	return m + "+" + k
}

// HelpSection lists a screen's keys under its name.
func HelpSection[V any](form *fyne.Container, title string, keys []KeyOf[V]) {
	form.Add(widget.NewLabelWithStyle(i18n.T(title), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}))
	form.Add(layout.NewSpacer())
	for _, k := range keys {
		form.Add(widget.NewLabelWithStyle(keyName(k.Key, k.Mod), fyne.TextAlignTrailing, fyne.TextStyle{Monospace: true}))
		form.Add(widget.NewLabel(i18n.T(k.What)))
	}
}

// HelpRow adds a key the help explains without a table.
func HelpRow(form *fyne.Container, keys, what string) {
	form.Add(widget.NewLabelWithStyle(keys, fyne.TextAlignTrailing, fyne.TextStyle{Monospace: true}))
	form.Add(widget.NewLabel(i18n.T(what)))
}

// helpSections add each screen's keys to the help, by the name of its
// tab; each screen registers its own (registerHelp).
var helpSections = map[string]func(form *fyne.Container){}

// helpOrder is the order of the screens in the help, after the one it is
// asked from.
var helpOrder = []string{"tab.day", "tab.inbox", "tab.queue", "tab.booking", "tab.manager"}

// RegisterHelp adds a screen's keys to the help, under the name of its tab.
func RegisterHelp(name string, add func(form *fyne.Container)) { helpSections[name] = add }

// ShowKeysHelp lists the keyboard shortcuts of every screen (the day, the
// inbox, the queue, the booking), the screen it is asked from first, after
// the keys that work everywhere. It fits the window and scrolls, with the
// mouse or ↑ ↓ Page Up/Down.
func ShowKeysHelp(win fyne.Window, first string) {
	if win == nil {
		return
	}
	form := container.New(layout.NewFormLayout())
	form.Add(widget.NewLabelWithStyle(i18n.T("keys.everywhere"), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}))
	form.Add(layout.NewSpacer())
	HelpRow(form, "Tab  "+i18n.T("keys.shift")+"+Tab", "keys.tab")
	HelpRow(form, "Ctrl+Tab  Ctrl+"+i18n.T("keys.shift")+"+Tab", "keys.next_tab")
	HelpRow(form, "Esc", "keys.esc")
	HelpRow(form, i18n.T("keys.enter_name"), "keys.enter")
	HelpRow(form, "Ctrl+"+i18n.T("keys.shift")+"+L", "menu.lock")
	for _, name := range helpOrder {
		if name == first && helpSections[name] != nil {
			helpSections[name](form)
		}
	}
	for _, name := range helpOrder {
		if name != first && helpSections[name] != nil {
			helpSections[name](form)
		}
	}
	scroll := container.NewVScroll(form)
	d := dialog.NewCustom(i18n.T("keys.title"), i18n.T("dialog.close"), scroll, win)
	room := win.Canvas().Size()
	d.Resize(fyne.NewSize(min(form.MinSize().Width+80, max(room.Width-40, 320)),
		min(form.MinSize().Height+140, max(room.Height-40, 240))))
	ShowDialogKeys(win, d, nil, func(k *fyne.KeyEvent) bool { return scrollByKey(scroll, k) })
}

// scrollByKey scrolls a scroll container with ↑ ↓ Page Up/Down Home End.
func scrollByKey(s *container.Scroll, k *fyne.KeyEvent) bool {
	line := widget.NewLabel("X").MinSize().Height
	y := s.Offset.Y
	switch k.Name {
	case fyne.KeyDown:
		y += line
	case fyne.KeyUp:
		y -= line
	case fyne.KeyPageDown:
		y += s.Size().Height - line
	case fyne.KeyPageUp:
		y -= s.Size().Height - line
	case fyne.KeyHome:
		y = 0
	case fyne.KeyEnd:
		y = s.Content.MinSize().Height
	default:
		return false
	}
	s.Offset.Y = max(0, min(y, s.Content.MinSize().Height-s.Size().Height))
	s.Refresh()
	return true
}

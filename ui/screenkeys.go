package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"sportello/assets/i18n"
	"sportello/model"
)

// keyOf is a key combination of a screen of type V.
type keyOf[V any] struct {
	key  fyne.KeyName
	mod  fyne.KeyModifier
	what string // i18n key of what it does
	run  func(v V)
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

// bindKeys binds a screen's keys to a canvas, in place of the keys of an
// earlier screen of the same name (the screens are built again when the
// language changes). Each use is input for the idle lock.
func bindKeys[V any](c fyne.Canvas, name string, content fyne.CanvasObject, v V, keys []keyOf[V]) {
	s := &boundScreen{name: name, content: content, run: map[string]func(){}}
	for _, k := range keys {
		sc := &desktop.CustomShortcut{KeyName: k.key, Modifier: k.mod}
		s.run[sc.ShortcutName()] = func() { k.run(v) }
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

// keysLocked are the canvases whose screens are hidden by the idle lock:
// their keys wait for the unlock.
var keysLocked = map[fyne.Canvas]bool{}

// dispatchKey runs a key on the screen shown; none while the screen is
// locked or a dialog is open over it (a dialog is modal).
func dispatchKey(c fyne.Canvas, name string) {
	if keysLocked[c] || len(dialogsOn(c)) > 0 {
		return
	}
	for _, s := range boundScreens[c] {
		if f := s.run[name]; f != nil && s.content.Visible() {
			noteInput()
			f()
			return
		}
	}
}

// tapIfEnabled does what a button does when it is shown and enabled: a
// key does no more than the button on screen allows.
func tapIfEnabled(b *widget.Button) {
	if b != nil && b.Visible() && !b.Disabled() && b.OnTapped != nil {
		b.OnTapped()
	}
}

// focus puts the keyboard focus on o, if it is shown in a window.
func focus(win fyne.Window, o fyne.Focusable) {
	if win != nil {
		win.Canvas().Focus(o)
	}
}

// moveListSelection selects the next (+1) or previous (-1) row of a list
// of n rows after the selected one, and shows it.
func moveListSelection(l *widget.List, selected, n, dir int) {
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

// inboxKeys are the keys of the schede inbox: the numbers follow the
// scheda's work from left to right, as on the day view they follow a
// slot's. Set in init: the help is one of them.
var inboxKeys []keyOf[*InboxView]

func init() {
	inboxKeys = []keyOf[*InboxView]{
		{fyne.KeyDown, fyne.KeyModifierShortcutDefault, "keys.next_scheda", func(v *InboxView) { v.moveScheda(1) }},
		{fyne.KeyUp, fyne.KeyModifierShortcutDefault, "keys.prev_scheda", func(v *InboxView) { v.moveScheda(-1) }},
		{fyne.Key1, fyne.KeyModifierShortcutDefault, "inbox.claim", func(v *InboxView) { tapIfEnabled(v.claim) }},
		{fyne.Key2, fyne.KeyModifierShortcutDefault, "keys.answer", func(v *InboxView) {
			if !v.answer.Disabled() && v.answer.Visible() {
				focus(v.win, v.answer)
			}
		}},
		{fyne.Key3, fyne.KeyModifierShortcutDefault, "inbox.send", func(v *InboxView) { tapIfEnabled(v.send) }},
		{fyne.Key4, fyne.KeyModifierShortcutDefault, "inbox.request_info", func(v *InboxView) { tapIfEnabled(v.info) }},
		{fyne.Key5, fyne.KeyModifierShortcutDefault, "inbox.forward", func(v *InboxView) { tapIfEnabled(v.forward) }},
		{fyne.Key6, fyne.KeyModifierShortcutDefault, "inbox.convert", func(v *InboxView) { tapIfEnabled(v.convert) }},
		{fyne.KeyL, fyne.KeyModifierShortcutDefault, "keys.inbox_list", func(v *InboxView) { focus(v.win, v.list) }},
		{fyne.KeyR, fyne.KeyModifierShortcutDefault, "day.refresh", func(v *InboxView) { v.src.Kick() }},
		{fyne.KeyH, fyne.KeyModifierShortcutDefault, "keys.help", func(v *InboxView) { showKeysHelp(v.win, "tab.inbox") }},
	}
}

// moveScheda opens the next (+1) or previous (-1) scheda of the list.
func (v *InboxView) moveScheda(dir int) {
	at := -1
	if v.current != nil {
		for i, e := range v.entries {
			if e.ID == v.current.ID {
				at = i
			}
		}
	}
	moveListSelection(&v.list.List, at, len(v.entries), dir)
}

// queueKeys are the keys of the queue: Alt and a number issue a ticket;
// Ctrl and a number act on the ticket called, as on the day view on a slot
// (2 call, 3 served, 4 gone).
var queueKeys []keyOf[*QueueView]

func init() {
	numbers := []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5, fyne.Key6, fyne.Key7, fyne.Key8, fyne.Key9}
	for i, r := range model.TicketReasons[:min(len(model.TicketReasons), len(numbers))] {
		queueKeys = append(queueKeys, keyOf[*QueueView]{numbers[i], fyne.KeyModifierAlt, "keys.issue." + string(r),
			func(v *QueueView) { v.issue(r) }})
	}
	queueKeys = append(queueKeys,
		keyOf[*QueueView]{fyne.Key1, fyne.KeyModifierShortcutDefault, "queue.recall", func(v *QueueView) { tapIfEnabled(v.recall) }},
		keyOf[*QueueView]{fyne.Key2, fyne.KeyModifierShortcutDefault, "queue.call_next", func(v *QueueView) { tapIfEnabled(v.next) }},
		keyOf[*QueueView]{fyne.Key3, fyne.KeyModifierShortcutDefault, "queue.served", func(v *QueueView) { tapIfEnabled(v.served) }},
		keyOf[*QueueView]{fyne.Key4, fyne.KeyModifierShortcutDefault, "queue.gone", func(v *QueueView) { tapIfEnabled(v.gone) }},
		keyOf[*QueueView]{fyne.KeyL, fyne.KeyModifierShortcutDefault, "keys.queue_list", func(v *QueueView) { focus(v.win, v.list) }},
		keyOf[*QueueView]{fyne.KeyH, fyne.KeyModifierShortcutDefault, "keys.help", func(v *QueueView) { showKeysHelp(v.win, "tab.queue") }},
	)
}

// bookingKeys are the keys of the booking screen, its steps in order.
var bookingKeys []keyOf[*BookingView]

func init() {
	bookingKeys = []keyOf[*BookingView]{
		{fyne.KeyF, fyne.KeyModifierShortcutDefault, "keys.book_search", func(v *BookingView) { focus(v.win, v.search) }},
		{fyne.KeyK, fyne.KeyModifierShortcutDefault, "keys.book_search", func(v *BookingView) { focus(v.win, v.search) }},
		{fyne.KeyN, fyne.KeyModifierShortcutDefault, "book.new_citizen", func(v *BookingView) { v.askNewCitizen() }},
		{fyne.KeyT, fyne.KeyModifierShortcutDefault, "book.find_slots", func(v *BookingView) { tapIfEnabled(v.find) }},
		{fyne.KeyDown, fyne.KeyModifierShortcutDefault, "keys.next_free", func(v *BookingView) { v.moveSlot(1) }},
		{fyne.KeyUp, fyne.KeyModifierShortcutDefault, "keys.prev_free", func(v *BookingView) { v.moveSlot(-1) }},
		{fyne.KeyB, fyne.KeyModifierShortcutDefault, "book.confirm", func(v *BookingView) { tapIfEnabled(v.book) }},
		{fyne.KeyH, fyne.KeyModifierShortcutDefault, "keys.help", func(v *BookingView) { showKeysHelp(v.win, "tab.booking") }},
	}
}

// moveSlot selects the next (+1) or previous (-1) free slot found.
func (v *BookingView) moveSlot(dir int) {
	at := -1
	for i, s := range v.slots {
		if v.slot != nil && s.ID == v.slot.ID {
			at = i
		}
	}
	moveListSelection(v.slotList, at, len(v.slots), dir)
}

// bindTabKeys lets the keyboard change tab: Ctrl+Tab and Ctrl+Page Down
// the next, Ctrl+Shift+Tab and Ctrl+Page Up the previous (Fyne's tabs
// take no focus).
func bindTabKeys(c fyne.Canvas, tabs *container.AppTabs) {
	step := func(dir int) func(fyne.Shortcut) {
		return func(fyne.Shortcut) {
			if keysLocked[c] || len(dialogsOn(c)) > 0 || len(tabs.Items) == 0 {
				return
			}
			noteInput()
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

// reportKeys are the keys of the day's report: the help, as everywhere.
var reportKeys []keyOf[*ReportView]

func init() {
	reportKeys = []keyOf[*ReportView]{
		{fyne.KeyH, fyne.KeyModifierShortcutDefault, "keys.help", func(v *ReportView) { showKeysHelp(v.win, "tab.day") }},
	}
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

// helpSection lists a screen's keys under its name.
func helpSection[V any](form *fyne.Container, title string, keys []keyOf[V]) {
	form.Add(widget.NewLabelWithStyle(i18n.T(title), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}))
	form.Add(layout.NewSpacer())
	for _, k := range keys {
		form.Add(widget.NewLabelWithStyle(keyName(k.key, k.mod), fyne.TextAlignTrailing, fyne.TextStyle{Monospace: true}))
		form.Add(widget.NewLabel(i18n.T(k.what)))
	}
}

// helpRow adds a key the help explains without a table.
func helpRow(form *fyne.Container, keys, what string) {
	form.Add(widget.NewLabelWithStyle(keys, fyne.TextAlignTrailing, fyne.TextStyle{Monospace: true}))
	form.Add(widget.NewLabel(i18n.T(what)))
}

// showKeysHelp lists the keyboard shortcuts of every screen (the day, the
// inbox, the queue, the booking), the screen it is asked from first, after
// the keys that work everywhere. It fits the window and scrolls, with the
// mouse or ↑ ↓ Page Up/Down.
func showKeysHelp(win fyne.Window, first string) {
	if win == nil {
		return
	}
	form := container.New(layout.NewFormLayout())
	form.Add(widget.NewLabelWithStyle(i18n.T("keys.everywhere"), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}))
	form.Add(layout.NewSpacer())
	helpRow(form, "Tab  "+i18n.T("keys.shift")+"+Tab", "keys.tab")
	helpRow(form, "Ctrl+Tab  Ctrl+"+i18n.T("keys.shift")+"+Tab", "keys.next_tab")
	helpRow(form, "Esc", "keys.esc")
	helpRow(form, i18n.T("keys.enter_name"), "keys.enter")
	helpRow(form, "Ctrl+"+i18n.T("keys.shift")+"+L", "menu.lock")
	sections := []struct {
		name string
		add  func()
	}{
		{"tab.day", func() { helpSection(form, "tab.day", shortcuts); helpRow(form, "↑ ↓ Space", "keys.list_move") }},
		{"tab.inbox", func() { helpSection(form, "tab.inbox", inboxKeys) }},
		{"tab.queue", func() { helpSection(form, "tab.queue", queueKeys) }},
		{"tab.booking", func() { helpSection(form, "tab.booking", bookingKeys) }},
	}
	for _, s := range sections {
		if s.name == first {
			s.add()
		}
	}
	for _, s := range sections {
		if s.name != first {
			s.add()
		}
	}
	scroll := container.NewVScroll(form)
	d := dialog.NewCustom(i18n.T("keys.title"), i18n.T("dialog.close"), scroll, win)
	room := win.Canvas().Size()
	d.Resize(fyne.NewSize(min(form.MinSize().Width+80, max(room.Width-40, 320)),
		min(form.MinSize().Height+140, max(room.Height-40, 240))))
	showDialogKeys(win, d, nil, func(k *fyne.KeyEvent) bool { return scrollByKey(scroll, k) })
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

package ui

import "fyne.io/fyne/v2"

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
	registerHelp("tab.inbox", func(form *fyne.Container) { helpSection(form, "tab.inbox", inboxKeys) })
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

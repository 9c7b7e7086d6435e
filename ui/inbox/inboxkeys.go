package inbox

import (
	"fyne.io/fyne/v2"

	"sportello/ui/widgets"
)

// InboxKeys are the keys of the schede inbox: the numbers follow the
// scheda's work from left to right, as on the day view they follow a
// slot's. Set in init: the help is one of them.
var InboxKeys []widgets.KeyOf[*InboxView]

func init() {
	InboxKeys = []widgets.KeyOf[*InboxView]{
		{Key: fyne.KeyDown, Mod: fyne.KeyModifierShortcutDefault, What: "keys.next_scheda", Run: func(v *InboxView) { v.moveScheda(1) }},
		{Key: fyne.KeyUp, Mod: fyne.KeyModifierShortcutDefault, What: "keys.prev_scheda", Run: func(v *InboxView) { v.moveScheda(-1) }},
		{Key: fyne.Key1, Mod: fyne.KeyModifierShortcutDefault, What: "inbox.claim", Run: func(v *InboxView) { widgets.TapIfEnabled(v.claim) }},
		{Key: fyne.Key2, Mod: fyne.KeyModifierShortcutDefault, What: "keys.answer", Run: func(v *InboxView) {
			if !v.answer.Disabled() && v.answer.Visible() {
				widgets.Focus(v.win, v.answer)
			}
		}},
		{Key: fyne.Key3, Mod: fyne.KeyModifierShortcutDefault, What: "inbox.send", Run: func(v *InboxView) { widgets.TapIfEnabled(v.send) }},
		{Key: fyne.Key4, Mod: fyne.KeyModifierShortcutDefault, What: "inbox.request_info", Run: func(v *InboxView) { widgets.TapIfEnabled(v.info) }},
		{Key: fyne.Key5, Mod: fyne.KeyModifierShortcutDefault, What: "inbox.forward", Run: func(v *InboxView) { widgets.TapIfEnabled(v.forward) }},
		{Key: fyne.Key6, Mod: fyne.KeyModifierShortcutDefault, What: "inbox.convert", Run: func(v *InboxView) { widgets.TapIfEnabled(v.convert) }},
		{Key: fyne.KeyE, Mod: fyne.KeyModifierShortcutDefault, What: "inbox.due", Run: func(v *InboxView) { v.toggleDue() }},
		{Key: fyne.KeyM, Mod: fyne.KeyModifierShortcutDefault, What: "keys.modules", Run: func(v *InboxView) { v.modules.showAll() }},
		{Key: fyne.KeyL, Mod: fyne.KeyModifierShortcutDefault, What: "keys.inbox_list", Run: func(v *InboxView) { widgets.Focus(v.win, v.list) }},
		{Key: fyne.KeyR, Mod: fyne.KeyModifierShortcutDefault, What: "day.refresh", Run: func(v *InboxView) { v.src.Kick() }},
		{Key: fyne.KeyH, Mod: fyne.KeyModifierShortcutDefault, What: "keys.help", Run: func(v *InboxView) { widgets.ShowKeysHelp(v.win, "tab.inbox") }},
	}
	widgets.RegisterHelp("tab.inbox", func(form *fyne.Container) { widgets.HelpSection(form, "tab.inbox", InboxKeys) })
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
	widgets.MoveListSelection(&v.list.List, at, len(v.entries), dir)
}

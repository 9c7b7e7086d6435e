package manager

import (
	"fyne.io/fyne/v2"

	"sportello/ui/widgets"
)

// Keys are the keys of the head of structure's view: the heat map's
// cursor (Ctrl+M, then the arrows), the lower part (Ctrl+J: no free
// slot, no-shows, waits), the filters (Ctrl+1, 2, 3, then ← →),
// the actions on the cell under the cursor (Ctrl+K clone the sportello,
// Ctrl+L its slot duration) and the help.
var Keys []widgets.KeyOf[*View]

func init() {
	ctrl := fyne.KeyModifierShortcutDefault
	Keys = []widgets.KeyOf[*View]{
		{Key: fyne.KeyM, Mod: ctrl, What: "keys.mgr_map", Run: func(v *View) { v.scroll.ScrollToTop(); widgets.Focus(v.win, v.heat) }},
		{Key: fyne.KeyJ, Mod: ctrl, What: "keys.mgr_lower", Run: func(v *View) { v.scroll.ScrollToBottom() }},
		{Key: fyne.Key1, Mod: ctrl, What: "keys.mgr_office", Run: func(v *View) {
			if v.office.Visible() {
				widgets.Focus(v.win, v.office)
			}
		}},
		{Key: fyne.Key2, Mod: ctrl, What: "keys.mgr_service", Run: func(v *View) { widgets.Focus(v.win, v.service) }},
		{Key: fyne.Key3, Mod: ctrl, What: "keys.mgr_channel", Run: func(v *View) { widgets.Focus(v.win, v.channel) }},
		{Key: fyne.KeyK, Mod: ctrl, What: "mgr.clone", Run: func(v *View) { widgets.TapIfEnabled(v.clone) }},
		{Key: fyne.KeyL, Mod: ctrl, What: "mgr.duration", Run: func(v *View) { widgets.TapIfEnabled(v.duration) }},
		{Key: fyne.KeyH, Mod: ctrl, What: "keys.help", Run: func(v *View) { widgets.ShowKeysHelp(v.win, "tab.manager") }},
	}
	widgets.RegisterHelp("tab.manager", func(form *fyne.Container) {
		widgets.HelpSection(form, "tab.manager", Keys)
		widgets.HelpRow(form, "↑ ↓ ← →", "keys.mgr_arrows")
	})
}

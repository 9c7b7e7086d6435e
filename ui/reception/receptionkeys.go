package reception

import (
	"fyne.io/fyne/v2"

	"sportello/model"
	"sportello/ui/widgets"
)

// QueueKeys are the keys of the queue: Alt and a number issue a ticket;
// Ctrl and a number act on the ticket called, as on the day view on a slot
// (1 recall, 2 call, 3 served, 4 gone, 5 park, 6 resume, 7 transfer), 8 the
// priority of the waiting ticket selected.
var QueueKeys []widgets.KeyOf[*QueueView]

func init() {
	numbers := []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5, fyne.Key6, fyne.Key7, fyne.Key8, fyne.Key9}
	for i, r := range model.TicketReasons[:min(len(model.TicketReasons), len(numbers))] {
		QueueKeys = append(QueueKeys, widgets.KeyOf[*QueueView]{Key: numbers[i], Mod: fyne.KeyModifierAlt, What: "keys.issue." + string(r), Run: func(v *QueueView) { v.issue(r) }})
	}
	QueueKeys = append(QueueKeys,
		widgets.KeyOf[*QueueView]{Key: fyne.Key1, Mod: fyne.KeyModifierShortcutDefault, What: "queue.recall", Run: func(v *QueueView) { widgets.TapIfEnabled(v.recall) }},
		widgets.KeyOf[*QueueView]{Key: fyne.Key2, Mod: fyne.KeyModifierShortcutDefault, What: "queue.call_next", Run: func(v *QueueView) { widgets.TapIfEnabled(v.next) }},
		widgets.KeyOf[*QueueView]{Key: fyne.Key3, Mod: fyne.KeyModifierShortcutDefault, What: "queue.served", Run: func(v *QueueView) { widgets.TapIfEnabled(v.served) }},
		widgets.KeyOf[*QueueView]{Key: fyne.Key4, Mod: fyne.KeyModifierShortcutDefault, What: "queue.gone", Run: func(v *QueueView) { widgets.TapIfEnabled(v.gone) }},
		widgets.KeyOf[*QueueView]{Key: fyne.KeyD, Mod: fyne.KeyModifierShortcutDefault, What: "keys.display", Run: func(v *QueueView) {
			if v.OpenDisplay != nil {
				v.OpenDisplay()
			}
		}},
		widgets.KeyOf[*QueueView]{Key: fyne.Key5, Mod: fyne.KeyModifierShortcutDefault, What: "queue.park", Run: func(v *QueueView) { widgets.TapIfEnabled(v.park) }},
		widgets.KeyOf[*QueueView]{Key: fyne.Key6, Mod: fyne.KeyModifierShortcutDefault, What: "queue.resume", Run: func(v *QueueView) { widgets.TapIfEnabled(v.resume) }},
		widgets.KeyOf[*QueueView]{Key: fyne.Key7, Mod: fyne.KeyModifierShortcutDefault, What: "queue.transfer", Run: func(v *QueueView) { widgets.TapIfEnabled(v.transfer) }},
		widgets.KeyOf[*QueueView]{Key: fyne.Key8, Mod: fyne.KeyModifierShortcutDefault, What: "queue.prioritize", Run: func(v *QueueView) { widgets.TapIfEnabled(v.prioritize) }},
		widgets.KeyOf[*QueueView]{Key: fyne.KeyL, Mod: fyne.KeyModifierShortcutDefault, What: "keys.queue_list", Run: func(v *QueueView) { widgets.Focus(v.win, v.list) }},
		widgets.KeyOf[*QueueView]{Key: fyne.KeyH, Mod: fyne.KeyModifierShortcutDefault, What: "keys.help", Run: func(v *QueueView) { widgets.ShowKeysHelp(v.win, "tab.queue") }},
	)
	widgets.RegisterHelp("tab.queue", func(form *fyne.Container) { widgets.HelpSection(form, "tab.queue", QueueKeys) })
}

// BookingKeys are the keys of the booking screen, its steps in order.
var BookingKeys []widgets.KeyOf[*BookingView]

func init() {
	BookingKeys = []widgets.KeyOf[*BookingView]{
		{Key: fyne.KeyF, Mod: fyne.KeyModifierShortcutDefault, What: "keys.book_search", Run: func(v *BookingView) { widgets.Focus(v.win, v.search) }},
		{Key: fyne.KeyK, Mod: fyne.KeyModifierShortcutDefault, What: "keys.book_search", Run: func(v *BookingView) { widgets.Focus(v.win, v.search) }},
		{Key: fyne.KeyN, Mod: fyne.KeyModifierShortcutDefault, What: "book.new_citizen", Run: func(v *BookingView) { v.askNewCitizen() }},
		{Key: fyne.KeyT, Mod: fyne.KeyModifierShortcutDefault, What: "book.find_slots", Run: func(v *BookingView) { widgets.TapIfEnabled(v.find) }},
		{Key: fyne.KeyDown, Mod: fyne.KeyModifierShortcutDefault, What: "keys.next_free", Run: func(v *BookingView) { v.moveSlot(1) }},
		{Key: fyne.KeyUp, Mod: fyne.KeyModifierShortcutDefault, What: "keys.prev_free", Run: func(v *BookingView) { v.moveSlot(-1) }},
		{Key: fyne.KeyB, Mod: fyne.KeyModifierShortcutDefault, What: "book.confirm", Run: func(v *BookingView) { widgets.TapIfEnabled(v.book) }},
		{Key: fyne.KeyH, Mod: fyne.KeyModifierShortcutDefault, What: "keys.help", Run: func(v *BookingView) { widgets.ShowKeysHelp(v.win, "tab.booking") }},
	}
	widgets.RegisterHelp("tab.booking", func(form *fyne.Container) { widgets.HelpSection(form, "tab.booking", BookingKeys) })
}

// moveSlot selects the next (+1) or previous (-1) free slot found.
func (v *BookingView) moveSlot(dir int) {
	at := -1
	for i, s := range v.slots {
		if v.slot != nil && s.ID == v.slot.ID {
			at = i
		}
	}
	widgets.MoveListSelection(v.slotList, at, len(v.slots), dir)
}

// ReportKeys are the keys of the day's report: the help, as everywhere.
var ReportKeys []widgets.KeyOf[*ReportView]

func init() {
	ReportKeys = []widgets.KeyOf[*ReportView]{
		{Key: fyne.KeyH, Mod: fyne.KeyModifierShortcutDefault, What: "keys.help", Run: func(v *ReportView) { widgets.ShowKeysHelp(v.win, "tab.day") }},
	}
}

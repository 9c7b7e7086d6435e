package ui

import (
	"sportello/model"

	"fyne.io/fyne/v2"
)

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
	registerHelp("tab.queue", func(form *fyne.Container) { helpSection(form, "tab.queue", queueKeys) })
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
	registerHelp("tab.booking", func(form *fyne.Container) { helpSection(form, "tab.booking", bookingKeys) })
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

// reportKeys are the keys of the day's report: the help, as everywhere.
var reportKeys []keyOf[*ReportView]

func init() {
	reportKeys = []keyOf[*ReportView]{
		{fyne.KeyH, fyne.KeyModifierShortcutDefault, "keys.help", func(v *ReportView) { showKeysHelp(v.win, "tab.day") }},
	}
}

package dayview

import (
	"context"
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sportello/app"
	"sportello/assets/i18n"
	"sportello/assets/icons"
	"sportello/model"
	"sportello/ui/widgets"
)

// slotActions is the bar under the day list: the status transitions the
// selected slot allows, its meeting link or call-back number, and a note.
// Transitions the slot's status does not allow are disabled here and
// refused by the app layer too.
type slotActions struct {
	v       *DayView
	events  map[model.SlotEvent]*widget.Button
	meeting *widget.Button
	copyNum *widget.Button
	note    *widget.Button
	help    *widget.Button
	info    *widget.Label
	undo    *widgets.UndoBar // takes back the last action central has not got
	visit   *visitBar        // the visit under way: its timer and actions
	content fyne.CanvasObject
}

// eventIcon is an event button's icon.
func eventIcon(ev model.SlotEvent) fyne.Resource {
	switch ev {
	case model.EventCheckIn:
		return theme.LoginIcon()
	case model.EventStart:
		return theme.MediaPlayIcon()
	case model.EventComplete:
		return theme.ConfirmIcon()
	case model.EventNoShow:
		return theme.ContentClearIcon()
	}
	return theme.CancelIcon()
}

func newSlotActions(v *DayView) *slotActions {
	a := &slotActions{v: v, events: map[model.SlotEvent]*widget.Button{}, info: widget.NewLabel("")}
	a.info.Importance = widget.MediumImportance // feedback ("Numero copiato…"): full contrast, not the disabled grey
	a.info.Truncation = fyne.TextTruncateEllipsis
	row := []fyne.CanvasObject{}
	for _, ev := range model.Events {
		b := widget.NewButtonWithIcon(i18n.T("button."+string(ev)), eventIcon(ev), func() { a.act(ev) })
		a.events[ev] = b
		row = append(row, b)
	}
	a.events[model.EventComplete].Importance = widget.HighImportance
	a.meeting = widget.NewButtonWithIcon(i18n.T("action.meeting"), icons.WebMeeting, a.v.showMeeting)
	a.copyNum = widget.NewButtonWithIcon(i18n.T("action.copy_number"), theme.ContentCopyIcon(), a.copyNumber)
	a.note = widget.NewButtonWithIcon(i18n.T("action.note"), theme.DocumentCreateIcon(), v.addNote)
	a.help = widget.NewButtonWithIcon("", theme.QuestionIcon(), v.showShortcuts)
	row = append(row, widget.NewSeparator(), a.meeting, a.copyNum, a.note, layout.NewSpacer(), a.help)
	a.undo = v.newUndoBar()
	a.visit = newVisitBar(v)
	v.visit = a.visit
	a.content = container.NewVBox(widget.NewSeparator(), a.info, a.undo.Content, container.NewHBox(row...), a.visit.content)
	return a
}

// show enables what the selected slot allows (nil: nothing selected).
func (a *slotActions) show(e *model.AgendaEntry) {
	allowed := map[model.SlotEvent]bool{}
	switch {
	case e == nil:
		a.info.SetText(i18n.T("action.none"))
	case !e.Booked():
		a.info.SetText(i18n.T("action.unbooked", widgets.CellText(*e, widgets.ColTime), i18n.T("status."+string(e.Status))))
	default:
		for _, ev := range model.Allowed(e.Status) {
			allowed[ev] = true
		}
		status := widgets.CellText(*e, widgets.ColStatus)
		if e.Status == model.StatusCompleted && e.Outcome != "" { // what the wrap-up recorded, beside the status
			word := i18n.T("status." + string(e.Status))
			status = strings.Replace(status, word, word+" · "+app.OutcomeName(e.Outcome), 1)
		}
		a.info.SetText(i18n.T("action.selected", widgets.CellText(*e, widgets.ColTime), widgets.CellText(*e, widgets.ColCitizen), status))
	}
	for ev, b := range a.events {
		widgets.SetEnabled(b, allowed[ev])
	}
	id := ""
	if e != nil {
		id = e.ID
	}
	a.undo.Follow(id)
	widgets.SetEnabled(a.meeting, e != nil && e.Channel == model.ChannelWebMeeting && e.MeetingURL != "" && e.Open())
	widgets.SetEnabled(a.copyNum, e != nil && e.Channel == model.ChannelPhone && e.Phone != "")
	widgets.SetEnabled(a.note, a.v.fileCF != "")
	a.visit.show(e)
}

// act applies an event to the selected slot: completion asks for the
// outcome and a note, cancellation for a confirmation.
func (a *slotActions) act(ev model.SlotEvent) {
	e, ok := a.v.selectedEntry()
	if !ok || a.events[ev].Disabled() {
		return
	}
	switch ev {
	case model.EventComplete:
		a.wrapUp(e)
	case model.EventCancel:
		a.confirmCancel(e)
	case model.EventNoShow:
		a.noShow(e)
	default:
		a.otherDay(e, ev)
	}
}

// otherDay records an arrival or a start, asking first when the slot is
// not today's: the operator browsing another day rarely means it.
func (a *slotActions) otherDay(e model.AgendaEntry, ev model.SlotEvent) {
	if model.Day(e.Start).Equal(model.Day(a.v.src.Now())) {
		a.record(e, ev, "", "")
		return
	}
	if a.v.win == nil {
		return // no way to ask: refused
	}
	what := i18n.T("button." + string(ev))
	widgets.ConfirmAction(a.v.win, i18n.T("otherday.title"),
		i18n.T("otherday.text", widgets.CellText(e, widgets.ColCitizen), i18n.LongDate(model.Day(e.Start)), what),
		i18n.T("otherday.yes", what), i18n.T("otherday.no"), func() { a.record(e, ev, "", "") })
}

// noteLength validates a note: not longer than the institute allows and,
// when required, not empty.
func noteLength(required bool) fyne.StringValidator {
	return func(s string) error {
		s = strings.TrimSpace(s)
		switch {
		case required && s == "":
			return errors.New(i18n.T("err.empty_note"))
		case len(s) > model.MaxNoteLength:
			return errors.New(i18n.T("note.too_long", model.MaxNoteLength))
		}
		return nil
	}
}

// record sends an event to the app, off the UI goroutine, and shows the
// day again; a refusal is explained to the operator.
func (a *slotActions) record(e model.AgendaEntry, ev model.SlotEvent, out model.Outcome, note string) {
	widgets.Background(func() {
		ctx := context.Background()
		if _, err := a.v.src.RecordSlotEvent(ctx, e.ID, ev, out, note); err != nil {
			fyne.Do(func() { a.v.showError(err) })
		} else {
			a.undo.Watch()
		}
		a.v.Reload(ctx)
	})
}

// copyNumber puts the selected call-back's number on the clipboard.
func (a *slotActions) copyNumber() {
	if e, ok := a.v.selectedEntry(); ok && e.Phone != "" {
		a.v.copyText(e.Phone)
	}
}

// copyText puts text on the clipboard and says so.
func (v *DayView) copyText(text string) {
	fyne.CurrentApp().Clipboard().SetContent(text)
	v.actions.info.SetText(i18n.T("action.copied", text))
}

// showError explains an error in a dialog.
func (v *DayView) showError(err error) {
	if v.win != nil {
		widgets.ShowDialog(v.win, dialog.NewError(errors.New(app.Explain(err)), v.win), nil)
	}
}

// addNote asks for a note on the file in the panel and keeps it.
func (v *DayView) addNote() {
	cf := v.fileCF
	if cf == "" || v.win == nil {
		return
	}
	text := widgets.NewKeyMultiLineEntry()
	text.SetMinRowsVisible(5)
	text.Validator = noteLength(true)
	// A note closed unsaved (Esc, Annulla) is kept, in memory only, and
	// comes back with the next Ctrl+N on the same file.
	draft := v.noteDrafts[cf]
	text.SetText(draft)
	d := dialog.NewForm(i18n.T("note.title", v.cit.FullName()), i18n.T("note.save"), i18n.T("dialog.cancel"),
		[]*widget.FormItem{widget.NewFormItem(i18n.T("note.text"), text)}, func(ok bool) {
			delete(v.noteDrafts, cf)
			if ok {
				v.saveNote(cf, text.Text)
				return
			}
			if strings.TrimSpace(text.Text) != "" {
				v.noteDrafts[cf] = text.Text
				v.actions.info.SetText(i18n.T("note.kept"))
			}
		}, v.win)
	d.Resize(fyne.NewSize(560, 320))
	widgets.ShowDialog(v.win, d, nil)
	v.win.Canvas().Focus(text)
	if draft != "" {
		text.CursorToEnd() // once wrapped in the dialog: rows are not lines
	}
}

// saveNote records a note, off the UI goroutine, and shows it in the file
// at once (marked as waiting for central).
func (v *DayView) saveNote(cf, text string) {
	widgets.Background(func() {
		err := v.src.AddNote(context.Background(), cf, text)
		fyne.Do(func() {
			if err != nil {
				v.showError(err)
				return
			}
			if v.fileCF != cf {
				return
			}
			v.cit.Notes = append(v.cit.Notes, model.Note{At: v.src.Now(), AuthorID: v.op.ID, Author: v.op.Name,
				Text: strings.TrimSpace(text), Pending: true})
			v.file.ShowFile(v.cit, v.citErr, v.op.ID)
		})
	})
}

// shortcut is a key combination of the day view.
type shortcut = widgets.KeyOf[*DayView]

// shortcuts are the day view's keys; the help dialog lists them (hence
// set in init: the help is one of them).
var shortcuts []shortcut

func init() {
	shortcuts = []shortcut{
		{Key: fyne.KeyDown, Mod: fyne.KeyModifierShortcutDefault, What: "keys.next_slot", Run: func(v *DayView) { v.moveSelection(1) }},
		{Key: fyne.KeyUp, Mod: fyne.KeyModifierShortcutDefault, What: "keys.prev_slot", Run: func(v *DayView) { v.moveSelection(-1) }},
		{Key: fyne.Key1, Mod: fyne.KeyModifierShortcutDefault, What: "button.check_in", Run: func(v *DayView) { v.actions.act(model.EventCheckIn) }},
		{Key: fyne.Key2, Mod: fyne.KeyModifierShortcutDefault, What: "button.start", Run: func(v *DayView) { v.actions.act(model.EventStart) }},
		{Key: fyne.Key3, Mod: fyne.KeyModifierShortcutDefault, What: "button.complete", Run: func(v *DayView) { v.actions.act(model.EventComplete) }},
		{Key: fyne.Key4, Mod: fyne.KeyModifierShortcutDefault, What: "button.no_show", Run: func(v *DayView) { v.actions.act(model.EventNoShow) }},
		{Key: fyne.Key5, Mod: fyne.KeyModifierShortcutDefault, What: "button.cancel", Run: func(v *DayView) { v.actions.act(model.EventCancel) }},
		{Key: fyne.Key6, Mod: fyne.KeyModifierShortcutDefault, What: "keys.park_resume", Run: func(v *DayView) { v.visit.parkOrResume() }},
		{Key: fyne.Key7, Mod: fyne.KeyModifierShortcutDefault, What: "button.add_service", Run: func(v *DayView) { v.visit.act(model.EventAddService) }},
		{Key: fyne.Key8, Mod: fyne.KeyModifierShortcutDefault, What: "button.transfer", Run: func(v *DayView) { v.visit.act(model.EventTransfer) }},
		{Key: fyne.Key9, Mod: fyne.KeyModifierShortcutDefault, What: "button.priority", Run: func(v *DayView) { v.visit.act(model.EventPriority) }},
		{Key: fyne.KeyZ, Mod: fyne.KeyModifierShortcutDefault, What: "keys.undo", Run: func(v *DayView) { v.actions.undo.Undo() }},
		{Key: fyne.KeyN, Mod: fyne.KeyModifierShortcutDefault, What: "action.note", Run: func(v *DayView) { v.addNote() }},
		{Key: fyne.KeyDown, Mod: fyne.KeyModifierAlt, What: "keys.next_suggestion", Run: func(v *DayView) { v.moveSuggestion(1) }},
		{Key: fyne.KeyUp, Mod: fyne.KeyModifierAlt, What: "keys.prev_suggestion", Run: func(v *DayView) { v.moveSuggestion(-1) }},
		{Key: fyne.KeyP, Mod: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift, What: "keys.suggestion_proposed", Run: func(v *DayView) { v.markSuggestion(model.MarkProposed) }},
		{Key: fyne.KeyN, Mod: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift, What: "keys.suggestion_not_relevant", Run: func(v *DayView) { v.markSuggestion(model.MarkNotRelevant) }},
		{Key: fyne.KeyA, Mod: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift, What: "keys.suggestion_started", Run: func(v *DayView) { v.markSuggestion(model.MarkStarted) }},
		{Key: fyne.KeyM, Mod: fyne.KeyModifierShortcutDefault, What: "action.meeting", Run: func(v *DayView) { v.showMeeting() }},
		{Key: fyne.KeyM, Mod: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift, What: "meeting.copy", Run: func(v *DayView) { v.copyMeeting() }},
		{Key: fyne.KeyT, Mod: fyne.KeyModifierShortcutDefault, What: "action.copy_number", Run: func(v *DayView) { v.actions.copyNumber() }},
		{Key: fyne.KeyF, Mod: fyne.KeyModifierShortcutDefault, What: "keys.search", Run: func(v *DayView) { v.focusSearch() }},
		{Key: fyne.KeyK, Mod: fyne.KeyModifierShortcutDefault, What: "keys.search", Run: func(v *DayView) { v.focusSearch() }},
		{Key: fyne.KeyLeft, Mod: fyne.KeyModifierAlt, What: "keys.prev_day", Run: func(v *DayView) { v.step(-1) }},
		{Key: fyne.KeyRight, Mod: fyne.KeyModifierAlt, What: "keys.next_day", Run: func(v *DayView) { v.step(1) }},
		{Key: fyne.KeyHome, Mod: fyne.KeyModifierAlt, What: "day.today", Run: func(v *DayView) { v.goToday() }},
		{Key: fyne.KeyG, Mod: fyne.KeyModifierShortcutDefault, What: "day.pick", Run: func(v *DayView) { v.pickDay() }},
		{Key: fyne.KeyL, Mod: fyne.KeyModifierShortcutDefault, What: "keys.list", Run: func(v *DayView) { v.win.Canvas().Focus(v.list) }},
		{Key: fyne.KeyR, Mod: fyne.KeyModifierShortcutDefault, What: "day.refresh", Run: func(v *DayView) { v.refreshDay() }},
		{Key: fyne.KeyH, Mod: fyne.KeyModifierShortcutDefault, What: "keys.help", Run: func(v *DayView) { v.showShortcuts() }},
	}
	widgets.RegisterHelp("tab.day", func(form *fyne.Container) {
		widgets.HelpSection(form, "tab.day", shortcuts)
		widgets.HelpRow(form, "↑ ↓ Space", "keys.list_move")
	})
}

// bindShortcuts adds the day view's keys to a window's canvas, and the
// undo of its last action.
func bindShortcuts(v *DayView, c fyne.Canvas) {
	widgets.BindKeys(c, "day", v.content, v, shortcuts)
	widgets.BindUndo(c, "day", v.actions.undo)
}

// focusSearch puts the cursor in the search box.
func (v *DayView) focusSearch() {
	if v.win != nil {
		v.win.Canvas().Focus(v.search.entry)
	}
}

// showShortcuts lists the keyboard shortcuts.
func (v *DayView) showShortcuts() { widgets.ShowKeysHelp(v.win, "tab.day") }

package ui

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
	undo    *undoBar // takes back the last action central has not got
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
	a.content = container.NewVBox(widget.NewSeparator(), a.info, a.undo.content, container.NewHBox(row...))
	return a
}

// show enables what the selected slot allows (nil: nothing selected).
func (a *slotActions) show(e *model.AgendaEntry) {
	allowed := map[model.SlotEvent]bool{}
	switch {
	case e == nil:
		a.info.SetText(i18n.T("action.none"))
	case !e.Booked():
		a.info.SetText(i18n.T("action.unbooked", cellText(*e, colTime), i18n.T("status."+string(e.Status))))
	default:
		for _, ev := range model.Allowed(e.Status) {
			allowed[ev] = true
		}
		a.info.SetText(i18n.T("action.selected", cellText(*e, colTime), cellText(*e, colCitizen), cellText(*e, colStatus)))
	}
	for ev, b := range a.events {
		setEnabled(b, allowed[ev])
	}
	id := ""
	if e != nil {
		id = e.ID
	}
	a.undo.follow(id)
	setEnabled(a.meeting, e != nil && e.Channel == model.ChannelWebMeeting && e.MeetingURL != "" && e.Open())
	setEnabled(a.copyNum, e != nil && e.Channel == model.ChannelPhone && e.Phone != "")
	setEnabled(a.note, a.v.fileCF != "")
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
		a.completeDialog(e)
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
	confirmAction(a.v.win, i18n.T("otherday.title"),
		i18n.T("otherday.text", cellText(e, colCitizen), i18n.LongDate(model.Day(e.Start)), what),
		i18n.T("otherday.yes", what), i18n.T("otherday.no"), func() { a.record(e, ev, "", "") })
}

// outcomes are offered in this order, the most common first.
var outcomes = []model.Outcome{model.OutcomeResolved, model.OutcomeFollowUp, model.OutcomeCaseOpened, model.OutcomeRedirected}

// completeDialog asks how the contact ended, with an optional note.
func (a *slotActions) completeDialog(e model.AgendaEntry) {
	if a.v.win == nil {
		return
	}
	labels := make([]string, len(outcomes))
	for i, o := range outcomes {
		labels[i] = i18n.T("outcome." + string(o))
	}
	radio := widget.NewRadioGroup(labels, nil)
	radio.Required = true
	radio.SetSelected(labels[0])
	note := newKeyMultiLineEntry()
	note.SetMinRowsVisible(3)
	note.SetPlaceHolder(i18n.T("complete.note_hint"))
	note.Validator = noteLength(false)
	d := dialog.NewForm(i18n.T("complete.title", cellText(e, colTime), cellText(e, colCitizen)), i18n.T("complete.confirm"),
		i18n.T("dialog.cancel"), []*widget.FormItem{
			widget.NewFormItem(i18n.T("complete.outcome"), radio),
			widget.NewFormItem(i18n.T("complete.note"), note),
		}, func(ok bool) {
			if !ok {
				return
			}
			out := outcomes[0]
			for i, l := range labels {
				if l == radio.Selected {
					out = outcomes[i]
				}
			}
			a.record(e, model.EventComplete, out, note.Text)
		}, a.v.win)
	d.Resize(fyne.NewSize(560, 380))
	showDialog(a.v.win, d, nil)
	a.v.win.Canvas().Focus(note)
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
	background(func() {
		ctx := context.Background()
		if _, err := a.v.src.RecordSlotEvent(ctx, e.ID, ev, out, note); err != nil {
			fyne.Do(func() { a.v.showError(err) })
		} else {
			a.undo.watch()
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
		showDialog(v.win, dialog.NewError(errors.New(app.Explain(err)), v.win), nil)
	}
}

// addNote asks for a note on the file in the panel and keeps it.
func (v *DayView) addNote() {
	cf := v.fileCF
	if cf == "" || v.win == nil {
		return
	}
	text := newKeyMultiLineEntry()
	text.SetMinRowsVisible(5)
	text.Validator = noteLength(true)
	// A note closed unsaved (Esc, Annulla) is kept, in memory only, and
	// comes back with the next Ctrl+N on the same file.
	if draft := v.noteDrafts[cf]; draft != "" {
		text.SetText(draft)
		text.CursorRow = len(strings.Split(draft, "\n")) - 1
		text.CursorColumn = len([]rune(draft[strings.LastIndex(draft, "\n")+1:]))
	}
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
	showDialog(v.win, d, nil)
	v.win.Canvas().Focus(text)
}

// saveNote records a note, off the UI goroutine, and shows it in the file
// at once (marked as waiting for central).
func (v *DayView) saveNote(cf, text string) {
	background(func() {
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
			v.file.showFile(v.cit, v.citErr, v.op.ID)
		})
	})
}

// shortcut is a key combination of the day view.
type shortcut = keyOf[*DayView]

// shortcuts are the day view's keys; the help dialog lists them (hence
// set in init: the help is one of them).
var shortcuts []shortcut

func init() {
	shortcuts = []shortcut{
		{fyne.KeyDown, fyne.KeyModifierShortcutDefault, "keys.next_slot", func(v *DayView) { v.moveSelection(1) }},
		{fyne.KeyUp, fyne.KeyModifierShortcutDefault, "keys.prev_slot", func(v *DayView) { v.moveSelection(-1) }},
		{fyne.Key1, fyne.KeyModifierShortcutDefault, "button.check_in", func(v *DayView) { v.actions.act(model.EventCheckIn) }},
		{fyne.Key2, fyne.KeyModifierShortcutDefault, "button.start", func(v *DayView) { v.actions.act(model.EventStart) }},
		{fyne.Key3, fyne.KeyModifierShortcutDefault, "button.complete", func(v *DayView) { v.actions.act(model.EventComplete) }},
		{fyne.Key4, fyne.KeyModifierShortcutDefault, "button.no_show", func(v *DayView) { v.actions.act(model.EventNoShow) }},
		{fyne.Key5, fyne.KeyModifierShortcutDefault, "button.cancel", func(v *DayView) { v.actions.act(model.EventCancel) }},
		{fyne.KeyZ, fyne.KeyModifierShortcutDefault, "keys.undo", func(v *DayView) { v.actions.undo.undo() }},
		{fyne.KeyN, fyne.KeyModifierShortcutDefault, "action.note", func(v *DayView) { v.addNote() }},
		{fyne.KeyM, fyne.KeyModifierShortcutDefault, "action.meeting", func(v *DayView) { v.showMeeting() }},
		{fyne.KeyM, fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift, "meeting.copy", func(v *DayView) { v.copyMeeting() }},
		{fyne.KeyT, fyne.KeyModifierShortcutDefault, "action.copy_number", func(v *DayView) { v.actions.copyNumber() }},
		{fyne.KeyF, fyne.KeyModifierShortcutDefault, "keys.search", func(v *DayView) { v.focusSearch() }},
		{fyne.KeyK, fyne.KeyModifierShortcutDefault, "keys.search", func(v *DayView) { v.focusSearch() }},
		{fyne.KeyLeft, fyne.KeyModifierAlt, "keys.prev_day", func(v *DayView) { v.step(-1) }},
		{fyne.KeyRight, fyne.KeyModifierAlt, "keys.next_day", func(v *DayView) { v.step(1) }},
		{fyne.KeyHome, fyne.KeyModifierAlt, "day.today", func(v *DayView) { v.goToday() }},
		{fyne.KeyG, fyne.KeyModifierShortcutDefault, "day.pick", func(v *DayView) { v.pickDay() }},
		{fyne.KeyL, fyne.KeyModifierShortcutDefault, "keys.list", func(v *DayView) { v.win.Canvas().Focus(v.list) }},
		{fyne.KeyR, fyne.KeyModifierShortcutDefault, "day.refresh", func(v *DayView) { v.refreshDay() }},
		{fyne.KeyH, fyne.KeyModifierShortcutDefault, "keys.help", func(v *DayView) { v.showShortcuts() }},
	}
	registerHelp("tab.day", func(form *fyne.Container) {
		helpSection(form, "tab.day", shortcuts)
		helpRow(form, "↑ ↓ Space", "keys.list_move")
	})
}

// bindShortcuts adds the day view's keys to a window's canvas, and the
// undo of its last action.
func bindShortcuts(v *DayView, c fyne.Canvas) {
	bindKeys(c, "day", v.content, v, shortcuts)
	bindUndo(c, "day", v.actions.undo)
}

// focusSearch puts the cursor in the search box.
func (v *DayView) focusSearch() {
	if v.win != nil {
		v.win.Canvas().Focus(v.search.entry)
	}
}

// showShortcuts lists the keyboard shortcuts.
func (v *DayView) showShortcuts() { showKeysHelp(v.win, "tab.day") }

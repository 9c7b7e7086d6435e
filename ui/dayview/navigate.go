package dayview

import (
	"context"
	"log/slog"
	"time"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"sportello/assets/i18n"
	"sportello/model"
	"sportello/ui/widgets"
)

// step moves to the previous (-1) or next (+1) working day.
func (v *DayView) step(dir int) {
	d := model.NextWorkingDay(v.day)
	if dir < 0 {
		d = model.PreviousWorkingDay(v.day)
	}
	v.moved = true
	widgets.Background(func() { v.ShowDay(context.Background(), d) })
}

// goToday goes back to today.
func (v *DayView) goToday() {
	v.moved = false
	widgets.Background(func() { v.ShowDay(context.Background(), v.src.Today()) })
}

// pickDay lets the operator choose a day on a calendar.
func (v *DayView) pickDay() {
	if v.win == nil {
		return
	}
	var d *dialog.CustomDialog
	cal := widgets.NewDatePicker(v.day, func(t time.Time) {
		d.Hide()
		v.moved = true
		widgets.Background(func() {
			v.ShowDay(context.Background(), time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, model.Rome))
		})
	})
	d = dialog.NewCustom(i18n.T("day.pick"), i18n.T("dialog.close"), cal.Content, v.win)
	widgets.ShowDialog(v.win, d, nil)
	cal.Focus(v.win)
}

// rowSelected opens the file of a selected slot; headings and the now line
// are not selectable.
func (v *DayView) rowSelected(id widget.ListItemID) {
	if id < 0 || id >= len(v.tl.rows) {
		return
	}
	r := v.tl.rows[id]
	if r.kind != rowSlot {
		v.list.Unselect(id)
		return
	}
	v.openEntry(r.entry)
}

// selectEntry selects the row of an entry and scrolls to it.
func (v *DayView) selectEntry(i int) {
	for id, r := range v.tl.rows {
		if r.kind == rowSlot && r.entry == i {
			v.list.Select(id)
			// Show the rows after it too (the now line, the next slot);
			// the list is always taller than five rows.
			v.list.ScrollTo(min(id+3, len(v.tl.rows)-1))
			v.openEntry(i)
			return
		}
	}
}

// openEntry shows the selected slot and its citizen's file. The file is
// read when another citizen's file is opened (which is what the audit
// trail records), not at each reload.
func (v *DayView) openEntry(i int) {
	e := v.entries[i]
	v.selected = e.ID
	v.bySearch = false
	if e.CitizenCF != v.fileCF || (v.citErr != nil && !v.applying) {
		v.fileCF, v.cit, v.citErr = e.CitizenCF, model.Citizen{}, nil
		if e.CitizenCF != "" {
			// A mirrored file is a local primary-key read: fast enough to
			// do on the UI goroutine, and it keeps selection and panel in
			// step.
			reason := model.AccessAppointment
			if v.autoOpen {
				reason = model.AccessAgendaAuto
			}
			v.cit, v.citErr = v.src.Citizen(context.Background(), e.CitizenCF, model.Access{Reason: reason, Ref: e.ID})
			if v.citErr != nil {
				slog.Warn("open citizen file", "err", v.citErr)
			}
		}
	}
	v.file.Show(e, v.cit, v.citErr, v.op.ID)
	v.actions.show(&e)
}

// selectedIndex returns the index of the selected slot in the entries, or
// -1.
func (v *DayView) selectedIndex() int {
	for i, e := range v.entries {
		if v.selected != "" && e.ID == v.selected {
			return i
		}
	}
	return -1
}

// selectedEntry returns the selected slot, if any.
func (v *DayView) selectedEntry() (model.AgendaEntry, bool) {
	if i := v.selectedIndex(); i >= 0 {
		return v.entries[i], true
	}
	return model.AgendaEntry{}, false
}

// moveSelection selects the next (+1) or previous (-1) booked slot.
func (v *DayView) moveSelection(dir int) {
	from := v.selectedIndex()
	if from < 0 && dir > 0 && v.tl.next >= 0 {
		// Nothing selected: the next slot still to serve, not the
		// first of the day (long served by mid-morning).
		v.selectEntry(v.tl.next)
		return
	}
	if from < 0 && dir < 0 {
		from = len(v.entries)
	}
	for i := from + dir; i >= 0 && i < len(v.entries); i += dir {
		if v.entries[i].Booked() {
			v.selectEntry(i)
			return
		}
	}
}

// openCard opens the file of a citizen found by search.
func (v *DayView) openCard(card model.CitizenCard) {
	v.selected = ""
	v.list.UnselectAll()
	v.actions.show(nil)
	v.fileCF, v.bySearch = card.CF, true
	v.cit, v.citErr = v.src.Citizen(context.Background(), card.CF, model.Access{Reason: model.AccessSearch})
	if v.citErr != nil {
		slog.Warn("open citizen file", "err", v.citErr)
	}
	v.file.ShowCitizen(card.FullName(), v.cit, v.citErr, v.op.ID)
}

// closeFile empties the file panel.
func (v *DayView) closeFile() {
	v.file.Clear()
	v.fileCF, v.cit, v.citErr, v.bySearch = "", model.Citizen{}, nil, false
}

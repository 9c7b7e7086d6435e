package dayview

import (
	"context"
	"strings"

	"sportello/app"
	"sportello/assets/i18n"
	"sportello/model"
	"sportello/ui/widgets"
)

// noShow marks the citizen absent; before the slot's start it asks first,
// saying when the slot starts.
func (a *slotActions) noShow(e model.AgendaEntry) {
	now := a.v.src.Now()
	if !now.Before(e.Start) {
		a.record(e, model.EventNoShow, "", "")
		return
	}
	if a.v.win == nil {
		return // no way to ask: refused
	}
	widgets.ConfirmAction(a.v.win, i18n.T("noshow.early_title"),
		i18n.T("noshow.early_text", widgets.CellText(e, widgets.ColCitizen), e.Start.In(model.Rome).Format("15:04"), now.In(model.Rome).Format("15:04")),
		i18n.T("noshow.yes"), i18n.T("noshow.no"), func() { a.record(e, model.EventNoShow, "", "") })
}

// confirmCancel asks before a booked slot is cancelled: the citizen will
// have to book again.
func (a *slotActions) confirmCancel(e model.AgendaEntry) {
	if a.v.win == nil {
		return
	}
	widgets.ConfirmAction(a.v.win, i18n.T("cancel.title"), i18n.T("cancel.confirm", widgets.CellText(e, widgets.ColTime), widgets.CellText(e, widgets.ColCitizen)),
		i18n.T("cancel.yes"), i18n.T("cancel.no"), func() { a.record(e, model.EventCancel, "", "") })
}

// newUndoBar is the day view's undo: its slot events.
func (v *DayView) newUndoBar() *widgets.UndoBar {
	b := widgets.NewUndoBar(v.src, func(u app.Undoable) bool { return u.Event != "" || u.Mark != "" }, func(u app.Undoable) string {
		if u.Mark != "" {
			return i18n.T("undo.suggestion", i18n.T("suggestion.mark."+string(u.Mark)), u.Benefit)
		}
		what := strings.TrimSuffix(i18n.T("button."+string(u.Event)), "…") // «Concludi», not the button's «Concludi…»
		for _, e := range v.entries {
			if e.ID == u.Target {
				return i18n.T("undo.slot", what, widgets.CellText(e, widgets.ColTime), widgets.CellText(e, widgets.ColCitizen))
			}
		}
		return what
	})
	b.Undone = func(u app.Undoable) {
		if u.Mark != "" {
			v.markUndone(u)
			return
		}
		widgets.Background(func() { v.Reload(context.Background()) })
	}
	b.Failed = v.showError
	b.Layout = func() {
		if v.content != nil {
			v.content.Refresh()
		}
	}
	return b
}

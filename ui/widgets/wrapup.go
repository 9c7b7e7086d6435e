package widgets

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"sportello/assets/i18n"
	"sportello/model"
)

// WrapUpInput is what the wrap-up dialog offers: the outcomes of central's
// catalogue (the first is preselected), the services one may add (not the
// booked one nor those already recorded), the services already recorded
// during the visit (names) and the time the visit took, as shown.
type WrapUpInput struct {
	Title    string
	Clock    string
	Outcomes []model.OutcomeInfo
	Services []model.Service
	Recorded []string
}

// WrapUpDialog is the dialog "Concludi" opens: one form that records the
// outcome, one more service delivered, a short note and the flag "tempo
// non rappresentativo". Keyboard only: Tab moves in the order shown, ← →
// change a choice, Space ticks, Enter confirms, Esc cancels. Completing is
// not final on one key: the undo bar takes it back for its window.
type WrapUpDialog struct {
	Outcome *KeySelect
	Service *KeySelect
	Note    *KeyEntry
	NotRep  *KeyCheck
	Dialog  *dialog.FormDialog
	in      WrapUpInput
}

// ShowWrapUp shows the wrap-up dialog on win; done gets the wrap-up when
// the operator confirms.
func ShowWrapUp(win fyne.Window, in WrapUpInput, done func(model.WrapUp)) *WrapUpDialog {
	w := &WrapUpDialog{in: in}
	names := make([]string, len(in.Outcomes))
	for i, o := range in.Outcomes {
		names[i] = OutcomeLabel(o)
	}
	w.Outcome = NewKeySelect(names)
	if len(names) > 0 {
		w.Outcome.SetSelectedIndex(0)
	}
	svc := []string{i18n.T("wrapup.no_service")}
	for _, s := range in.Services {
		svc = append(svc, s.Name)
	}
	w.Service = NewKeySelect(svc)
	w.Service.SetSelectedIndex(0)
	w.Note = NewKeyEntry()
	w.Note.SetPlaceHolder(i18n.T("wrapup.note_hint"))
	w.Note.Validator = func(s string) error {
		if len(strings.TrimSpace(s)) > model.MaxNoteLength {
			return errors.New(i18n.T("note.too_long", model.MaxNoteLength))
		}
		return nil
	}
	w.NotRep = NewKeyCheck(i18n.T("wrapup.not_representative"))
	recorded := i18n.T("wrapup.none")
	if len(in.Recorded) > 0 {
		recorded = strings.Join(in.Recorded, ", ")
	}
	rec := widget.NewLabel(recorded)
	rec.Wrapping = fyne.TextWrapWord
	items := []*widget.FormItem{
		widget.NewFormItem(i18n.T("wrapup.time"), widget.NewLabel(in.Clock)),
		widget.NewFormItem(i18n.T("wrapup.outcome"), w.Outcome),
		widget.NewFormItem(i18n.T("wrapup.recorded"), rec),
		widget.NewFormItem(i18n.T("wrapup.service"), w.Service),
		widget.NewFormItem(i18n.T("wrapup.note"), w.Note),
		widget.NewFormItem("", w.NotRep),
	}
	w.Dialog = dialog.NewForm(in.Title, i18n.T("wrapup.confirm"), i18n.T("dialog.cancel"), items, func(ok bool) {
		if ok {
			done(w.Value())
		}
	}, win)
	w.Dialog.Resize(fyne.NewSize(600, 420))
	ShowDialog(win, w.Dialog, nil)
	win.Canvas().Focus(w.Outcome)
	return w
}

// Value is the wrap-up as the form stands.
func (w *WrapUpDialog) Value() model.WrapUp {
	out := model.WrapUp{Note: strings.TrimSpace(w.Note.Text), NotRepresentative: w.NotRep.Checked}
	if i := w.Outcome.SelectedIndex(); i >= 0 && i < len(w.in.Outcomes) {
		out.Outcome = w.in.Outcomes[i].Code
	}
	if i := w.Service.SelectedIndex(); i > 0 && i <= len(w.in.Services) {
		out.Services = []string{w.in.Services[i-1].Code}
	}
	return out
}

// OutcomeLabel names an outcome: its translation when the console has one,
// else the name central's catalogue gives.
func OutcomeLabel(o model.OutcomeInfo) string { return i18n.Or("outcome."+string(o.Code), o.Name) }

package dayview

import (
	"context"
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"sportello/app"
	"sportello/assets/i18n"
	"sportello/model"
	"sportello/ui/widgets"
)

// SuggestionSource marks the suggested rights of a caller's file.
// app.Console implements it.
type SuggestionSource interface {
	MarkSuggestion(ctx context.Context, cf, id string, mark model.SuggestionMark, reason string) error
}

// notRelevantReasons are the reasons offered for "non pertinente" (i18n
// keys); the last, "altro", asks for the text.
var notRelevantReasons = []string{"suggestion.reason.already", "suggestion.reason.requirements",
	"suggestion.reason.not_interested", "suggestion.reason.other"}

// moveSuggestion selects the next or previous suggestion of the file.
func (v *DayView) moveSuggestion(d int) {
	if v.fileCF != "" {
		v.file.MoveSuggestion(d, v.cit, v.op.ID)
	}
}

// markSuggestion marks the selected suggestion of the file; "not
// relevant" asks for its reason first.
func (v *DayView) markSuggestion(mark model.SuggestionMark) {
	s, ok := v.file.SelectedSuggestion()
	if v.fileCF == "" || !ok {
		v.actions.info.SetText(i18n.T("suggestion.none_selected"))
		return
	}
	if mark == model.MarkNotRelevant {
		v.askNotRelevant(v.fileCF, s)
		return
	}
	v.recordMark(v.fileCF, s, mark, "")
}

// askNotRelevant asks why a suggestion is not relevant: one of the
// reasons, and a short text (needed for "altro"). Enter confirms, Esc
// leaves.
func (v *DayView) askNotRelevant(cf string, s model.Suggestion) {
	if v.win == nil {
		return
	}
	labels := make([]string, len(notRelevantReasons))
	for i, k := range notRelevantReasons {
		labels[i] = i18n.T(k)
	}
	choice := widgets.NewKeySelect(labels) // ← → choose, Enter confirms, Esc leaves
	choice.SetSelectedIndex(0)
	text := widgets.NewKeyEntry()
	text.SetPlaceHolder(i18n.T("suggestion.reason_hint"))
	other := func() bool { return choice.SelectedIndex() == len(labels)-1 }
	compose := func(t string) string {
		// A tab or a line break pasted in is a space: central refuses
		// control characters.
		t = strings.Map(func(r rune) rune {
			if unicode.IsControl(r) {
				return ' '
			}
			return r
		}, t)
		r, extra := labels[choice.SelectedIndex()], strings.TrimSpace(t)
		switch {
		case other() && extra != "":
			return extra
		case extra != "":
			return r + ": " + extra
		}
		return r
	}
	// The bound is the reason's as sent, the chosen reason with the
	// detail: a detail that fits alone may not with the reason before it.
	// "altro" needs its text: the dialog stays open, its button off, until
	// it is written (it closed, and the operator chose and typed again).
	text.Validator = func(t string) error {
		if utf8.RuneCountInString(compose(t)) > model.MaxMarkReason {
			return errors.New(i18n.T("suggestion.reason_long"))
		}
		if other() && strings.TrimSpace(t) == "" {
			return errors.New(i18n.T("suggestion.reason_required"))
		}
		return nil
	}
	choice.OnChanged = func(string) { _ = text.Validate() }
	reason := func() string { return compose(text.Text) }
	items := []*widget.FormItem{
		widget.NewFormItem(i18n.T("suggestion.reason"), choice),
		widget.NewFormItem(i18n.T("suggestion.reason_text"), text),
	}
	d := dialog.NewForm(i18n.T("suggestion.not_relevant_title", s.Benefit), i18n.T("suggestion.not_relevant_confirm"), i18n.T("dialog.cancel"),
		items, func(ok bool) {
			if !ok {
				return
			}
			if other() && strings.TrimSpace(text.Text) == "" {
				v.actions.info.SetText(i18n.T("suggestion.other_needs_text"))
				return
			}
			v.recordMark(cf, s, model.MarkNotRelevant, reason())
		}, v.win)
	d.Resize(fyne.NewSize(560, 0))
	widgets.ShowDialog(v.win, d, nil)
	v.win.Canvas().Focus(choice)
}

// recordMark records a mark off the UI goroutine, and shows it in the file
// at once (waiting for central), with its entry of the contact history.
func (v *DayView) recordMark(cf string, s model.Suggestion, mark model.SuggestionMark, reason string) {
	widgets.Background(func() {
		err := v.src.MarkSuggestion(context.Background(), cf, s.ID, mark, reason)
		fyne.Do(func() {
			if errors.Is(err, model.ErrAlreadyMarked) {
				v.actions.info.SetText(app.Explain(err)) // a key pressed twice: nothing to undo
				return
			}
			if err != nil {
				v.showError(err)
				return
			}
			label := i18n.T("suggestion.mark." + string(mark))
			v.actions.info.SetText(i18n.T("suggestion.done", s.Benefit, label))
			v.actions.undo.Watch()
			if v.fileCF != cf {
				return
			}
			v.markPrev[cf+"/"+s.ID] = append(v.markPrev[cf+"/"+s.ID], s)
			v.cit.ApplyMark(model.SuggestionMarkAction{CF: cf, SuggestionID: s.ID, Benefit: s.Benefit, Mark: mark,
				Reason: strings.TrimSpace(reason), At: v.src.Now(), OperatorID: v.op.ID, Operator: v.op.Name, Office: v.op.Office.Name})
			v.file.ShowFile(v.cit, v.citErr, v.op.ID)
		})
	})
}

// markUndone shows a mark taken back with the undo bar: the suggestion
// as it was before it, without the mark's entry of the contact history.
func (v *DayView) markUndone(u app.Undoable) {
	k := u.Target + "/" + u.Suggestion
	prev := v.markPrev[k]
	if len(prev) == 0 || v.fileCF != u.Target {
		return
	}
	v.markPrev[k] = prev[:len(prev)-1]
	v.cit.UnapplyMark(model.SuggestionMarkAction{SuggestionID: u.Suggestion, Mark: u.Mark}, prev[len(prev)-1])
	v.file.ShowFile(v.cit, v.citErr, v.op.ID) // the undo bar says it was taken back
}

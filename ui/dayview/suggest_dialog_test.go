package dayview

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"sportello/assets/i18n"
	"sportello/model"
	"sportello/ui/uitest"
	"sportello/ui/widgets"
)

// TestNotRelevantHintFitsItsField: the hint in the reason's field reads
// whole, in both languages; at 1366x768 it ran under the validator's
// mark ("200 caratteri)" cut off).
func TestNotRelevantHintFitsItsField(t *testing.T) {
	for _, lang := range []string{"it", "en"} {
		if err := i18n.SetLanguage(lang); err != nil {
			t.Fatal(err)
		}
		test.NewTempApp(t)
		c := uitest.NewConsole(t)
		v, w := showDay(t, c)
		openWithSuggestions(t, c, v)
		uitest.Key(w, uitest.Ctrl|fyne.KeyModifierShift, fyne.KeyN)
		dlg := uitest.TopDialog(t, w, i18n.T("suggestion.not_relevant_confirm"))
		entry, _ := uitest.Find[*widgets.KeyEntry](dlg)
		var room, need float32
		fyne.DoAndWait(func() {
			// The validator's mark takes the field's right end.
			room = entry.Size().Width - 2*theme.InnerPadding() - theme.IconInlineSize() - theme.Padding()
			need = fyne.MeasureText(entry.PlaceHolder, theme.TextSize(), fyne.TextStyle{}).Width
		})
		if need > room {
			t.Errorf("%s: the hint %q needs %.0f px, the field has %.0f", lang, entry.PlaceHolder, need, room)
		}
	}
	_ = i18n.SetLanguage("it")
}

// TestOtherReasonKeepsTheDialogUntilWritten: "altro" with no text and
// Enter keeps the dialog open and marks nothing (it closed, and the
// operator had to choose and type all over again); the text written,
// Enter marks the right not relevant with it.
func TestOtherReasonKeepsTheDialogUntilWritten(t *testing.T) {
	test.NewTempApp(t)
	c := uitest.NewConsole(t)
	v, w := showDay(t, c)
	cit := openWithSuggestions(t, c, v)
	sel, _ := v.file.SelectedSuggestion()
	uitest.Key(w, uitest.Ctrl|fyne.KeyModifierShift, fyne.KeyN)
	dlg := uitest.TopDialog(t, w, i18n.T("suggestion.not_relevant_confirm"))
	for range 3 {
		uitest.Key(w, 0, fyne.KeyRight)
	}
	choice, _ := uitest.Find[*widgets.KeySelect](dlg)
	if choice.Selected != i18n.T("suggestion.reason.other") {
		t.Fatalf("→ three times chose %q", choice.Selected)
	}
	uitest.Key(w, 0, fyne.KeyReturn)
	if !uitest.OverlayOpen(w) {
		t.Fatal("Enter on «altro» with no text closed the dialog")
	}
	entry, _ := uitest.Find[*widgets.KeyEntry](dlg)
	fyne.DoAndWait(func() { w.Canvas().Focus(entry) })
	uitest.TypeSlowly(w, "trasferito all'estero")
	uitest.Key(w, 0, fyne.KeyReturn)
	if uitest.OverlayOpen(w) {
		t.Fatal("Enter with the text written did not confirm")
	}
	f, _ := c.Citizen(context.Background(), cit.CF, model.Access{Reason: model.AccessFile})
	for _, s := range f.Suggestions {
		if s.ID == sel.ID && (s.Mark != model.MarkNotRelevant || s.MarkReason != "trasferito all'estero") {
			t.Errorf("the right is marked %q with %q", s.Mark, s.MarkReason)
		}
	}
}

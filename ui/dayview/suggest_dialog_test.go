package dayview

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"sportello/assets/i18n"
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

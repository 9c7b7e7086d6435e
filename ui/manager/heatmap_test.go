package manager

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"sportello/model"
)

// A twin agenda's row, the cursor on it (bold), is named whole: the name
// used to run under the first day's cell ("Vallo della Lucania ·
// Sportello 1 b"). With 20 days the map still fits the 1366-pixel window.
func TestHeatMapNamesATwinRowWhole(t *testing.T) {
	test.NewTempApp(t)
	h := newHeatMap()
	h.name = func(string) string { return "Vallo della Lucania" }
	days := model.NextWorkingDays(tuesday, heatDays)
	h.set([]model.SaturationRow{
		{Office: "7894", Desk: "Sportello 1", Days: make([]model.Saturation, len(days))},
		{Office: "7894", Desk: "Sportello 1 bis", Days: make([]model.Saturation, len(days))},
	}, days)
	h.move(1, 0)
	need := fyne.MeasureText("Vallo della Lucania · Sportello 1 bis", theme.CaptionTextSize()+1, fyne.TextStyle{Bold: true}).Width + theme.Padding()
	if lw := h.labelWidth(); lw < need {
		t.Errorf("the rows' names get %.0f px, the twin's needs %.0f", lw, need)
	}
	if w := h.MinSize().Width; w > 1366-3*theme.Padding()-theme.ScrollBarSize() {
		t.Errorf("the map is %.0f px wide: it does not fit the window", w)
	}
}

package manager

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"sportello/ui/uitest"
)

// The screen opens with the keyboard on the heat map: → moves the cursor
// at once (it did nothing until Ctrl+M or a click). A clone dialog left
// with Esc gives the keyboard back to the map.
func TestManagerMapHasTheKeyboard(t *testing.T) {
	test.NewTempApp(t)
	v, w, c := direttore(t)
	focused := func() fyne.Focusable {
		var f fyne.Focusable
		fyne.DoAndWait(func() { f = w.Canvas().Focused() })
		return f
	}
	if f := focused(); f != v.heat {
		t.Fatalf("the screen opened with the focus on %T, not the heat map", f)
	}
	_, _, day, _ := v.Selected()
	uitest.Key(w, 0, fyne.KeyRight)
	if _, _, next, _ := v.Selected(); !next.After(day) {
		t.Fatalf("→ left the cursor on %s", next)
	}
	office, desk, day, _ := v.Selected()
	fyne.DoAndWait(func() { showClone(w, c, office, v.OfficeName(office), desk, day, nil) })
	uitest.Key(w, 0, fyne.KeyEscape)
	if uitest.OverlayOpen(w) {
		t.Fatal("Esc left the clone dialog open")
	}
	if f := focused(); f != v.heat {
		t.Errorf("after the clone dialog the focus is on %T, not the heat map", f)
	}
}

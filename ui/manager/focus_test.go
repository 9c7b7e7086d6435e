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
	fyne.DoAndWait(func() { showClone(w, c, v.Target(office, desk, day), nil) })
	uitest.Key(w, 0, fyne.KeyEscape)
	if uitest.OverlayOpen(w) {
		t.Fatal("Esc left the clone dialog open")
	}
	if f := focused(); f != v.heat {
		t.Errorf("after the clone dialog the focus is on %T, not the heat map", f)
	}
}

// The office filter says what it filters, as Servizio and Canale do; for
// one office it is hidden with its room (the filters started 270 pixels in).
func TestOfficeFilterHasItsLabelAndNoRoomWhenHidden(t *testing.T) {
	test.NewTempApp(t)
	v, _, _ := direttore(t)
	if !uitest.Contains(uitest.Texts(v.officeBox), "Ufficio") {
		t.Errorf("the office filter has no label: %q", uitest.Texts(v.officeBox))
	}
	_, _, url := uitest.CentralServer(t)
	c, _ := uitest.Consultant(t, url, "responsabile", "")
	r, _ := uitest.Show(t, NewView(c))
	var x float32
	fyne.DoAndWait(func() { x = fyne.CurrentApp().Driver().AbsolutePositionForObject(r.service).X + r.service.Size().Width })
	if x > 450 {
		t.Errorf("the responsabile's service filter ends at x=%.0f: the hidden office filter keeps its room", x)
	}
}

package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sportello/ui/uitest"
)

// Logging out does not wipe this computer's copy unless the operator
// asks: the box came ticked.
func TestLogoutDoesNotOfferTheWipeTicked(t *testing.T) {
	c := uitest.NewConsole(t)
	w := test.NewWindow(nil)
	defer w.Close()
	w.Resize(fyne.NewSize(1000, 700))
	s := &sessionWindow{c: c, w: w}
	s.logout()
	wipe, _ := uitest.Find[*widget.Check](w.Canvas().Overlays().Top())
	if wipe == nil || wipe.Checked {
		t.Fatalf("the wipe box: %+v", wipe)
	}
}

package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestTrailWindowFitsAndClosesWithEsc(t *testing.T) {
	a := test.NewTempApp(t)
	c := newConsole(t)
	w := showTrail(a, c)
	eventually(t, "the trail's table", func() bool { _, ok := find[*widget.Table](w.Content()); return ok })
	if s := w.Canvas().Size(); s.Height > 740 || s.Width > 1366 {
		t.Errorf("the trail window is %v", s)
	}
	fyne.DoAndWait(func() { w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape}) })
	for _, o := range a.Driver().AllWindows() {
		if o == w {
			t.Fatal("Esc left the trail open")
		}
	}
}

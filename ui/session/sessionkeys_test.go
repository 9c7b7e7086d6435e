package session

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sportello/ui/uitest"
)

func TestTrailWindowFitsAndClosesWithEsc(t *testing.T) {
	a := test.NewTempApp(t)
	c := uitest.NewConsole(t)
	w := ShowTrail(a, c)
	uitest.Eventually(t, "the trail's table", func() bool { _, ok := uitest.Find[*widget.Table](w.Content()); return ok })
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

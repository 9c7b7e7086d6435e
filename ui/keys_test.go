package ui

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sportello/app"
	"sportello/ui/dayview"
	"sportello/ui/uitest"
	"sportello/ui/widgets"
)

func TestHelpFitsTheScreenScrollsAndListsEveryScreen(t *testing.T) {
	test.NewTempApp(t)
	c := uitest.NewConsole(t)
	v := dayview.NewDayView(c)
	w := test.NewTempWindow(t, v.Content())
	w.Resize(fyne.NewSize(1366, 740))
	v.SetWindow(w)
	v.Reload(context.Background())
	uitest.Key(w, uitest.Ctrl, fyne.KeyH)
	var top fyne.CanvasObject
	fyne.DoAndWait(func() { top = w.Canvas().Overlays().Top() })
	scroll, ok := uitest.Find[*container.Scroll](top)
	if !ok {
		t.Fatal("the help does not scroll")
	}
	d := fyne.CurrentApp().Driver()
	bottom := d.AbsolutePositionForObject(scroll).Y + scroll.Size().Height
	if bottom > w.Canvas().Size().Height || scroll.Size().Height >= scroll.Content.MinSize().Height {
		t.Errorf("the help's list ends at %.0f in a %.0f window; shown %.0f of %.0f", bottom, w.Canvas().Size().Height,
			scroll.Size().Height, scroll.Content.MinSize().Height)
	}
	shown := uitest.Texts(top)
	for _, want := range []string{"Agenda del giorno", "Schede Linea INPS", "Elimina code", "Prenota", "Scheda successiva",
		"Prendi in carico", "Biglietto A · Informazioni e orientamento", "Chiama il prossimo", "Posto libero successivo",
		"Ctrl+3", "Alt+1", "Esc"} {
		if !uitest.Contains(shown, want) {
			t.Errorf("the help does not list %q", want)
		}
	}
	// The keys scroll it: nothing has the focus in the help.
	uitest.Key(w, 0, fyne.KeyPageDown)
	uitest.Key(w, 0, fyne.KeyDown)
	if scroll.Offset.Y <= scroll.Size().Height/2 {
		t.Errorf("Page Down and ↓ scrolled the help to %.0f", scroll.Offset.Y)
	}
	uitest.SaveArtifact(t, "help.png", w.Canvas().Capture())
}

func TestCtrlTabChangesTabEvenFromAnEntry(t *testing.T) {
	test.NewTempApp(t)
	box := widgets.NewKeyEntry()
	tabs := container.NewAppTabs(container.NewTabItem("uno", box), container.NewTabItem("due", widget.NewLabel("due")))
	w := test.NewTempWindow(t, tabs)
	fyne.DoAndWait(func() { widgets.BindTabKeys(w.Canvas(), tabs); w.Canvas().Focus(box) })
	uitest.Key(w, uitest.Ctrl, fyne.KeyTab)
	if tabs.SelectedIndex() != 1 {
		t.Fatalf("Ctrl+Tab in a box: tab %d", tabs.SelectedIndex())
	}
	uitest.Key(w, uitest.Ctrl|fyne.KeyModifierShift, fyne.KeyTab)
	uitest.Key(w, uitest.Ctrl, fyne.KeyPageUp)
	if tabs.SelectedIndex() != 1 {
		t.Fatalf("Ctrl+Shift+Tab, Ctrl+Page Up: tab %d, want 1 (back twice, round)", tabs.SelectedIndex())
	}
}

func TestFocusedPrimaryButtonLooksDifferent(t *testing.T) {
	for _, variant := range []string{"light", "dark"} {
		a := test.NewTempApp(t)
		a.Settings().SetTheme(widgets.ThemeFor(app.Preferences{Theme: variant}))
		b := widget.NewButton("Concludi…", func() {})
		b.Importance = widget.HighImportance
		w := test.NewTempWindow(t, container.NewCenter(b))
		w.Resize(fyne.NewSize(300, 120))
		// A point of the button's ground, clear of its text.
		at := func() (r, g, bl uint32) {
			pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(b).AddXY(3, b.Size().Height/2)
			img := w.Canvas().Capture()
			scale := float32(img.Bounds().Dx()) / w.Canvas().Size().Width
			r, g, bl, _ = img.At(int(pos.X*scale), int(pos.Y*scale)).RGBA()
			return r >> 8, g >> 8, bl >> 8
		}
		r0, g0, b0 := at()
		fyne.DoAndWait(func() { w.Canvas().Focus(b) })
		r1, g1, b1 := at()
		diff := func(x, y uint32) int { return max(int(x)-int(y), int(y)-int(x)) }
		if d := diff(r0, r1) + diff(g0, g1) + diff(b0, b1); d < 40 {
			t.Errorf("%s theme: a focused primary button differs by %d (%d,%d,%d → %d,%d,%d)", variant, d, r0, g0, b0, r1, g1, b1)
		}
	}
}

package dayview

import (
	"context"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"sportello/app"
	"sportello/model"
	"sportello/ui/uitest"
)

// heldConsole is the real console (embedded sandbox, real mirror) holding
// actions for app.UndoWindow, on a clock the test moves.
func heldConsole(t *testing.T) (*app.Console, *atomic.Int64) {
	t.Helper()
	clock := &atomic.Int64{}
	clock.Store(uitest.Monday.UnixNano())
	c := uitest.NewConsoleWith(t, app.Options{UndoWindow: app.UndoWindow,
		Now: func() time.Time { return time.Unix(0, clock.Load()).In(model.Rome) }})
	return c, clock
}

func TestEarlyNoShowAsksAndTheUndoBarTakesItBack(t *testing.T) {
	test.NewTempApp(t)
	c, clock := heldConsole(t)
	v, w := showDay(t, c)

	// The next booked slot starts after 10:05.
	uitest.Press(w, uitest.Ctrl, fyne.KeyDown)
	var e model.AgendaEntry
	fyne.DoAndWait(func() { e, _ = v.selectedEntry() })
	if e.Status != model.StatusBooked || !e.Start.After(uitest.Monday) {
		t.Fatalf("selected %+v, want a booked slot after 10:05", e)
	}
	before := uitest.SlotNow(t, c, e.ID)

	// Ctrl+4 asks first, saying when the slot starts; Esc leaves it be.
	uitest.Press(w, uitest.Ctrl, fyne.Key4)
	dlg := uitest.TopDialog(t, w, "Segna assente (Invio)")
	if text := strings.Join(uitest.Texts(dlg), " "); !strings.Contains(text, "inizia alle "+e.Start.Format("15:04")) {
		t.Errorf("the confirmation does not say when the slot starts: %q", text)
	}
	uitest.Key(w, 0, fyne.KeyEscape)
	if w.Canvas().Overlays().Top() != nil {
		t.Error("Esc did not close the confirmation")
	}
	if got := uitest.SlotNow(t, c, e.ID); got.Status != model.StatusBooked {
		t.Fatalf("Esc marked the slot %s", got.Status)
	}

	// Ctrl+4 and Enter: absent, and the undo bar counts down.
	uitest.Press(w, uitest.Ctrl, fyne.Key4)
	uitest.TopDialog(t, w, "Segna assente (Invio)")
	uitest.Key(w, 0, fyne.KeyReturn)
	uitest.Eventually(t, "the slot marked absent", func() bool { return uitest.SlotNow(t, c, e.ID).Status == model.StatusNoShow })
	bar := v.actions.undo
	fyne.DoAndWait(func() {
		if !bar.Content.Visible() || bar.Button.Text != "Annulla (10 s) · Ctrl+Z" || !strings.Contains(bar.Label.Text, "«Assente»") {
			t.Errorf("undo bar: visible %v, %q, %q", bar.Content.Visible(), bar.Button.Text, bar.Label.Text)
		}
	})
	assertGolden(t, w, "day_undo_bar.png")
	clock.Add(int64(3 * time.Second))
	bar.RefreshNow()
	fyne.DoAndWait(func() {
		if bar.Button.Text != "Annulla (7 s) · Ctrl+Z" {
			t.Errorf("after 3 s the button reads %q", bar.Button.Text)
		}
	})

	// Ctrl+Z: the slot is as it was, and nothing waits to be sent.
	// (the desktop driver sends Ctrl+Z as fyne.ShortcutUndo)
	fyne.DoAndWait(func() { w.Canvas().(fyne.Shortcutable).TypedShortcut(&fyne.ShortcutUndo{}) })
	uitest.Eventually(t, "the slot restored", func() bool { return reflect.DeepEqual(uitest.SlotNow(t, c, e.ID), before) })
	if st := c.Status(context.Background()); st.Pending != 0 {
		t.Errorf("%d actions still waiting after the undo", st.Pending)
	}
	fyne.DoAndWait(func() {
		if !strings.HasPrefix(bar.Label.Text, "Annullato:") {
			t.Errorf("after the undo the bar says %q", bar.Label.Text)
		}
	})

	// Cancelling asks too; Enter confirms it.
	uitest.Press(w, uitest.Ctrl, fyne.Key5)
	uitest.TopDialog(t, w, "Annulla l'appuntamento (Invio)")
	uitest.Key(w, 0, fyne.KeyReturn)
	uitest.Eventually(t, "the slot cancelled", func() bool { return uitest.SlotNow(t, c, e.ID).Status == model.StatusCancelled })
}

package dayview

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"sportello/app"
	"sportello/assets/i18n"
	"sportello/model"
	"sportello/ui/uitest"
	"sportello/ui/widgets"
)

// setClock is a console clock a test moves.
type setClock struct{ at atomic.Int64 }

func (c *setClock) now() time.Time      { return time.Unix(0, c.at.Load()).In(model.Rome) }
func (c *setClock) set(t time.Time)     { c.at.Store(t.UnixNano()) }
func (c *setClock) add(d time.Duration) { c.at.Add(int64(d)) }
func newSetClock(t time.Time) *setClock { c := &setClock{}; c.set(t); return c }
func consoleAt(t *testing.T, clk *setClock) *app.Console {
	return uitest.NewConsoleWith(t, app.Options{Now: clk.now})
}

// startSelected starts the visit selected at 10:05 (the next booked one)
// and returns it as the mirror has it.
func startSelected(t *testing.T, v *DayView, w fyne.Window) model.AgendaEntry {
	t.Helper()
	uitest.Press(w, uitest.Ctrl, fyne.KeyDown)
	uitest.Press(w, uitest.Ctrl, fyne.Key2)
	var e model.AgendaEntry
	uitest.Eventually(t, "the visit in progress", func() bool {
		e, _ = v.selectedEntry()
		return e.Status == model.StatusInProgress
	})
	return e
}

func TestCallTimerTicksAndSaysWhenOverTheExpectedTime(t *testing.T) {
	test.NewTempApp(t)
	clk := newSetClock(uitest.Monday)
	c := consoleAt(t, clk)
	v, w := showDay(t, c)
	e := startSelected(t, v, w)
	length := e.End.Sub(e.Start) // the expected time: 10 minutes for the morning's first level
	exp := fmt.Sprintf("%d min", int(length/time.Minute))

	clk.add(length/2 + 9*time.Second)
	fyne.DoAndWait(v.visit.tick)
	half, _ := widgets.CallClock(length/2+9*time.Second, 0)
	fyne.DoAndWait(func() {
		if got := v.visit.clock.Text; got != "In corso da "+half+" · tempo previsto "+exp || v.visit.over.Visible() {
			t.Errorf("half-way the timer reads %q (over shown %v)", got, v.visit.over.Visible())
		}
	})
	clk.add(length)
	fyne.DoAndWait(v.visit.tick)
	fyne.DoAndWait(func() {
		if got := v.visit.clock.Text; !strings.HasPrefix(got, "In corso da ") || !strings.Contains(got, "OLTRE il tempo previsto ("+exp+")") ||
			!v.visit.over.Visible() {
			t.Errorf("over the expected time the timer reads %q (over shown %v): want the words and the icon", got, v.visit.over.Visible())
		}
	})

	// Ctrl+6 parks it: the row says so, the timer too; Ctrl+6 again resumes.
	uitest.Press(w, uitest.Ctrl, fyne.Key6)
	uitest.Eventually(t, "the visit parked", func() bool { s, _ := v.selectedEntry(); return s.Status == model.StatusParked })
	fyne.DoAndWait(func() {
		if !strings.HasPrefix(v.visit.clock.Text, "Sospeso") || !uitest.Contains(uitest.Texts(v.list), "Sospeso") {
			t.Errorf("parked: timer %q, list %q", v.visit.clock.Text, uitest.Texts(v.list))
		}
		if v.actions.events[model.EventComplete].Disabled() == false {
			t.Error("a parked visit offers completion")
		}
	})
	uitest.Press(w, uitest.Ctrl, fyne.Key6)
	uitest.Eventually(t, "the visit resumed", func() bool { s, _ := v.selectedEntry(); return s.Status == model.StatusInProgress })

	// Another slot, not started: no timer.
	uitest.Press(w, uitest.Ctrl, fyne.KeyDown)
	fyne.DoAndWait(func() {
		if v.visit.clock.Visible() {
			t.Errorf("a slot not started shows a timer: %q", v.visit.clock.Text)
		}
	})
}

func TestWrapUpByKeyboard(t *testing.T) {
	test.NewTempApp(t)
	clk := newSetClock(uitest.Monday)
	c := consoleAt(t, clk)
	v, w := showDay(t, c)
	e := startSelected(t, v, w)
	clk.add(7 * time.Minute)

	// Esc closes the wrap-up and nothing happens.
	uitest.Press(w, uitest.Ctrl, fyne.Key3)
	uitest.TopDialog(t, w, "Concludi")
	uitest.Key(w, 0, fyne.KeyEscape)
	uitest.Eventually(t, "the wrap-up closed", func() bool { return w.Canvas().Overlays().Top() == nil })
	if s := uitest.SlotNow(t, c, e.ID); s.Status != model.StatusInProgress {
		t.Fatalf("Esc changed the slot: %s", s.Status)
	}

	// Ctrl+3 again: the outcome has the focus; → picks the next of the
	// catalogue, Tab the service (→ the first), Tab the note, Tab the
	// flag (Space ticks it), Enter confirms.
	uitest.Press(w, uitest.Ctrl, fyne.Key3)
	dlg := uitest.TopDialog(t, w, "Concludi")
	if !uitest.Contains(uitest.Texts(dlg), "07:00") || !uitest.Contains(uitest.Texts(dlg), "Documentazione richiesta") &&
		!uitest.Contains(uitest.Texts(dlg), "risolto") {
		t.Errorf("the wrap-up shows %q: want the time and the outcomes", uitest.Texts(dlg))
	}
	var firstService string
	fyne.DoAndWait(func() {
		if _, ok := w.Canvas().Focused().(*widgets.KeySelect); !ok {
			t.Errorf("focus on %T, want the outcome", w.Canvas().Focused())
		}
	})
	uitest.Key(w, 0, fyne.KeyRight)
	fyne.DoAndWait(func() { w.Canvas().FocusNext() })
	uitest.Key(w, 0, fyne.KeyRight)
	fyne.DoAndWait(func() {
		firstService = w.Canvas().Focused().(*widgets.KeySelect).Selected
		w.Canvas().FocusNext()
	})
	uitest.TypeSlowly(w, "Porterà il modello ISEE")
	fyne.DoAndWait(func() { w.Canvas().FocusNext() })
	uitest.TypeSlowly(w, " ")
	uitest.Key(w, 0, fyne.KeyReturn)
	uitest.Eventually(t, "the visit completed", func() bool { s, _ := v.selectedEntry(); return s.Status == model.StatusCompleted })

	done := uitest.SlotNow(t, c, e.ID)
	outcomes := c.Outcomes(context.Background())
	if done.Outcome != outcomes[1].Code || done.Note != "Porterà il modello ISEE" || !done.NotRepresentative ||
		len(done.Services) != 1 || done.Services[0] != firstService || !done.Pending {
		t.Errorf("wrapped up: outcome %q note %q not representative %v services %q pending %v; want %q, %q",
			done.Outcome, done.Note, done.NotRepresentative, done.Services, done.Pending, outcomes[1].Code, firstService)
	}
	// Taken back with Ctrl+Z within the undo window: nothing on one key is
	// final.
	fyne.DoAndWait(func() { w.Canvas().(fyne.Shortcutable).TypedShortcut(&fyne.ShortcutUndo{}) })
	uitest.Eventually(t, "the wrap-up undone", func() bool { return uitest.SlotNow(t, c, e.ID).Status == model.StatusInProgress })
}

func TestVisitKeysAreInTheHelp(t *testing.T) {
	for _, what := range []string{"keys.park_resume", "button.add_service", "button.transfer", "button.priority", "button.complete"} {
		found := false
		for _, s := range shortcuts {
			found = found || s.What == what
		}
		if !found {
			t.Errorf("no day-view key does %s", what)
		}
	}
}

// TestEveryStatusHasItsWords: the day view names and counts every status,
// parked included, in both languages.
func TestEveryStatusHasItsWords(t *testing.T) {
	for _, lang := range i18n.Languages {
		keys := map[string]bool{}
		for _, k := range i18n.Keys(lang) {
			keys[k] = true
		}
		for _, s := range model.Statuses {
			for _, k := range []string{"status." + string(s), "count." + string(s)} {
				if !keys[k] {
					t.Errorf("%s: no %q", lang, k)
				}
			}
		}
		for _, ev := range model.VisitEvents {
			for _, k := range []string{"button." + string(ev), "event." + string(ev)} {
				if !keys[k] {
					t.Errorf("%s: no %q", lang, k)
				}
			}
		}
	}
}

// TestAddServiceTransferAndPriorityByKeyboard: Ctrl+7 adds a service to the
// visit under way, Ctrl+9 marks the next citizen priority (shown in the
// list), Ctrl+8 passes an arrived citizen to another desk with a note the
// row then shows; a transfer without a note is not sent.
func TestAddServiceTransferAndPriorityByKeyboard(t *testing.T) {
	test.NewTempApp(t)
	c := consoleAt(t, newSetClock(uitest.Monday))
	v, w := showDay(t, c)
	e := startSelected(t, v, w)

	uitest.Press(w, uitest.Ctrl, fyne.Key7)
	uitest.TopDialog(t, w, "Aggiungi")
	var added string
	fyne.DoAndWait(func() {
		sel := w.Canvas().Focused().(*widgets.KeySelect)
		added = sel.Selected
	})
	uitest.Key(w, 0, fyne.KeyReturn)
	uitest.Eventually(t, "the service added", func() bool {
		s := uitest.SlotNow(t, c, e.ID)
		return len(s.Services) == 1 && s.Services[0] == added
	})

	uitest.Press(w, uitest.Ctrl, fyne.KeyDown)
	var next model.AgendaEntry
	fyne.DoAndWait(func() { next, _ = v.selectedEntry() })
	uitest.Press(w, uitest.Ctrl, fyne.Key9)
	uitest.TopDialog(t, w, "Salva")
	uitest.Key(w, 0, fyne.KeyRight) // from "Nessuna priorità" to the first priority
	uitest.Key(w, 0, fyne.KeyReturn)
	uitest.Eventually(t, "the priority shown", func() bool {
		s, _ := v.selectedEntry()
		return s.Priority == model.PriorityGeneric && strings.Contains(widgets.CellText(s, widgets.ColStatus), "PRIORITÀ: Precedenza")
	})

	uitest.Press(w, uitest.Ctrl, fyne.Key1)
	uitest.Eventually(t, "arrived", func() bool { s, _ := v.selectedEntry(); return s.Status == model.StatusCheckedIn })
	uitest.Press(w, uitest.Ctrl, fyne.Key8)
	uitest.TopDialog(t, w, "Trasferisci")
	uitest.Key(w, 0, fyne.KeyRight) // the first other desk
	uitest.Key(w, 0, fyne.KeyReturn)
	if !uitest.OverlayOpen(w) || uitest.SlotNow(t, c, next.ID).Transfers != 0 {
		t.Fatal("a transfer without a note was sent")
	}
	fyne.DoAndWait(func() { w.Canvas().FocusNext(); w.Canvas().FocusNext() })
	uitest.TypeSlowly(w, "Serve la consulenza sul riscatto")
	uitest.Key(w, 0, fyne.KeyReturn)
	uitest.Eventually(t, "the visit transferred", func() bool {
		s := uitest.SlotNow(t, c, next.ID)
		return s.Transfers == 1 && s.Desk != next.Desk && s.TransferFrom == next.Desk && s.Status == model.StatusCheckedIn
	})
	fyne.DoAndWait(func() {
		if !v.visit.transfer.Visible() || !strings.Contains(v.visit.transfer.Text, "Serve la consulenza sul riscatto") {
			t.Errorf("the row does not show the colleague's note: %q", v.visit.transfer.Text)
		}
	})
}

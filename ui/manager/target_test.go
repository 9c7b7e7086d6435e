package manager

import (
	"context"
	"fmt"
	"image/color"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"sportello/app"
	"sportello/assets/i18n"
	"sportello/model"
	"sportello/ui/uitest"
	"sportello/ui/widgets"
)

// The dialogs offer the days the sportello's agenda is open, as the
// picture has them: on Monday the 23rd the duration dialog used to start
// from that very day (refused: "too early"), and the Punto INPS's clone
// from its Monday and Wednesday (closed days). Their titles name the
// office too: the direttore has nine "Sportello 1".
func TestDeskDialogsOfferTheDaysTheAgendaIsOpen(t *testing.T) {
	test.NewTempApp(t)
	v, w, c := direttore(t)
	monday := time.Date(2026, time.November, 23, 0, 0, 0, 0, model.Rome)

	punto := v.Target("7895", "Sportello unico", monday)
	if len(punto.Days) < 4 {
		t.Fatalf("the Punto INPS's open days: %v", punto.Days)
	}
	for _, d := range punto.Days {
		if wd := d.Weekday(); wd != time.Tuesday && wd != time.Thursday {
			t.Errorf("the Punto INPS (Tuesdays and Thursdays) offered %s", d.Format(time.DateOnly))
		}
	}
	var d *actionDialog
	fyne.DoAndWait(func() { d = showClone(w, c, punto, nil) })
	if want := i18n.T("desk.clone_summary", "Sportello unico bis", 1); d.status.Text != want {
		t.Errorf("clone summary %q, want %q", d.status.Text, want)
	}
	title := uitest.Texts(w.Canvas().Overlays().Top())
	if !uitest.Contains(title, i18n.T("desk.clone_title", "Punto INPS di Padula · Sportello unico")) {
		t.Errorf("clone dialog %q: no office in its title", title)
	}
	uitest.Key(w, 0, fyne.KeyEscape)

	sede := v.Target("7800", "Sportello 1", monday)
	fyne.DoAndWait(func() { d = showDuration(w, c, sede, nil) })
	if want := i18n.T("desk.duration_summary", "24 novembre", "Sportello 1", 5); d.status.Text != want {
		t.Errorf("duration from the cursor on today: %q, want %q", d.status.Text, want)
	}
	uitest.Key(w, 0, fyne.KeyEscape)
}

// countingActor counts the actions sent.
type countingActor struct{ n int }

func (c *countingActor) CloneDesk(context.Context, model.DeskClone) (model.DeskChange, error) {
	c.n++
	return model.DeskChange{}, nil
}

func (c *countingActor) ChangeSlotDuration(context.Context, model.SlotDurationChange) (model.DeskChange, error) {
	c.n++
	return model.DeskChange{}, nil
}

// A twin agenda's row: central neither clones nor changes it (it used to
// answer "this sportello takes no bookings", false for a twin that does).
// The dialogs say to act on the sportello it twins, and send nothing.
func TestDeskDialogsOnATwinSayToActOnItsSportello(t *testing.T) {
	test.NewTempApp(t)
	w := window(t)
	actor := &countingActor{}
	twin := onTuesday("7801", "Sportello 1 bis")
	want := i18n.T("desk.twin", "Sportello 1 bis", "Sportello 1", "Sportello 1")
	for _, open := range []func() *actionDialog{
		func() *actionDialog { return showClone(w, actor, twin, nil) },
		func() *actionDialog { return showDuration(w, actor, twin, nil) },
	} {
		var d *actionDialog
		fyne.DoAndWait(func() { d = open() })
		uitest.Key(w, 0, fyne.KeyReturn)
		if d.status.Text != want || !d.send.Disabled() || actor.n != 0 {
			t.Errorf("a twin's dialog says %q (send disabled %v), %d sent", d.status.Text, d.send.Disabled(), actor.n)
		}
		uitest.Key(w, 0, fyne.KeyEscape)
	}
}

// The legend's "no open slot" swatch follows a change of theme, as the
// map's empty cells do.
func TestLegendSwatchFollowsTheTheme(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(widgets.ThemeFor(app.Preferences{Theme: app.ThemeDark}))
	var sw *themeSwatch
	fyne.DoAndWait(func() {
		w := test.NewWindow(legend())
		t.Cleanup(w.Close)
		var find func(o fyne.CanvasObject)
		find = func(o fyne.CanvasObject) {
			if s, ok := o.(*themeSwatch); ok {
				sw = s
			}
			if c, ok := o.(*fyne.Container); ok {
				for _, ch := range c.Objects {
					find(ch)
				}
			}
		}
		find(w.Content())
	})
	if sw == nil {
		t.Fatal("no theme swatch in the legend")
	}
	a.Settings().SetTheme(widgets.ThemeFor(app.Preferences{Theme: app.ThemeLight}))
	var got, want color.Color
	fyne.DoAndWait(func() {
		got, want = sw.rect.FillColor, theme.Color(theme.ColorNameInputBackground)
	})
	if got != want {
		t.Errorf("after the light theme the swatch is %v, the empty cells %v", got, want)
	}
}

// refusingActor refuses every action with one refusal.
type refusingActor struct{ r *model.DeskRefusal }

func (a refusingActor) CloneDesk(context.Context, model.DeskClone) (model.DeskChange, error) {
	return model.DeskChange{}, fmt.Errorf("clone desk: %w", a.r)
}

func (a refusingActor) ChangeSlotDuration(context.Context, model.SlotDurationChange) (model.DeskChange, error) {
	return model.DeskChange{}, fmt.Errorf("slot duration: %w", a.r)
}

// A clone of today refused once the sportello's slots have all begun is
// said as such, not as a duration's "too early".
func TestCloneOfADayBegunSaysNoSlotIsLeft(t *testing.T) {
	test.NewTempApp(t)
	w := window(t)
	actor := refusingActor{&model.DeskRefusal{Code: model.RefusedPastDay, Day: tuesday}}
	var d *actionDialog
	fyne.DoAndWait(func() { d = showClone(w, actor, onTuesday("7801", "Sportello 1"), nil) })
	uitest.Key(w, 0, fyne.KeyReturn)
	if want := i18n.T("desk.refused.clone_past_day", "24 novembre"); d.status.Text != want {
		t.Errorf("clone refused past_day: %q, want %q", d.status.Text, want)
	}
	uitest.Key(w, 0, fyne.KeyEscape)
	fyne.DoAndWait(func() { d = showDuration(w, actor, onTuesday("7801", "Sportello 1"), nil) })
	uitest.Key(w, 0, fyne.KeyReturn)
	if want := i18n.T("desk.refused.past_day", "24 novembre"); d.status.Text != want {
		t.Errorf("duration refused past_day: %q, want %q", d.status.Text, want)
	}
}

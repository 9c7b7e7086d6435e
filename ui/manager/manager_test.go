package manager

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"sportello/app"
	"sportello/model"
	"sportello/ui/uitest"
	"sportello/ui/widgets"
)

// direttore is the head of the Direzione provinciale's view on the
// sandbox's data, in a window of the console's size with its keys bound.
func direttore(t *testing.T) (*View, fyne.Window, *app.Console) {
	t.Helper()
	_, _, url := uitest.CentralServer(t)
	c, _ := uitest.Consultant(t, url, "direttore", "")
	uitest.SyncedOnce(t, c)
	v, w := uitest.Show(t, NewView(c))
	widgets.BindKeys(w.Canvas(), "manager", v.Content(), v, Keys)
	return v, w, c
}

type hit struct {
	office, desk string
	day          time.Time
}

func TestManagerViewMovesTheCursorFiltersAndFiresTheHooksOnTheCell(t *testing.T) {
	test.NewTempApp(t)
	v, w, _ := direttore(t)
	if n := len(v.heat.rows); n != 14 || len(v.heat.days) != heatDays {
		t.Fatalf("heat map of %d rows and %d days; want the direzione's 14 sportelli and %d days", n, len(v.heat.days), heatDays)
	}
	if !v.officeBox.Visible() || len(v.office.Options) != 10 {
		t.Errorf("the direttore's office filter: visible %v, %d choices", v.officeBox.Visible(), len(v.office.Options))
	}
	if v.capacity.Refreshed.IsZero() || v.dataTime.Text != "Dati del 23/11/2026 10:05" {
		t.Errorf("data time %q", v.dataTime.Text)
	}
	var clones, durations []hit
	v.OnClone = func(o, d string, day time.Time) { clones = append(clones, hit{o, d, day}) }
	v.OnDuration = func(o, d string, day time.Time) { durations = append(durations, hit{o, d, day}) }

	// Ctrl+M, then the arrows: two sportelli down, three days on.
	uitest.Key(w, fyne.KeyModifierShortcutDefault, fyne.KeyM)
	if w.Canvas().Focused() != v.heat {
		t.Fatal("Ctrl+M did not bring the focus to the map")
	}
	for _, k := range []fyne.KeyName{fyne.KeyDown, fyne.KeyDown, fyne.KeyRight, fyne.KeyRight, fyne.KeyRight, fyne.KeyLeft, fyne.KeyRight} {
		uitest.Key(w, 0, k)
	}
	office, desk, day, ok := v.Selected()
	thursday := time.Date(2026, 11, 26, 0, 0, 0, 0, model.Rome)
	if !ok || office != "7800" || desk != "Sportello 3" || !day.Equal(thursday) {
		t.Fatalf("cursor on %s %s %v", office, desk, day)
	}
	if want := "Sede provinciale di Salerno · Sportello 3 · giovedì 26 novembre 2026: "; len(v.cursor.Text) < len(want) || v.cursor.Text[:len(want)] != want {
		t.Errorf("cursor line %q", v.cursor.Text)
	}
	uitest.Key(w, fyne.KeyModifierShortcutDefault, fyne.KeyK)
	uitest.Key(w, fyne.KeyModifierShortcutDefault, fyne.KeyL)
	want := hit{"7800", "Sportello 3", thursday}
	if len(clones) != 1 || clones[0] != want || len(durations) != 1 || durations[0] != want {
		t.Errorf("hooks: clone %+v, duration %+v; want %+v each once", clones, durations, want)
	}
	// The buttons fire them too.
	test.Tap(v.clone)
	if len(clones) != 2 {
		t.Errorf("the clone button fired %d times in all", len(clones))
	}

	// Filters with the keyboard: Ctrl+1 the office, → to the next choice.
	uitest.Key(w, fyne.KeyModifierShortcutDefault, fyne.Key1)
	if w.Canvas().Focused() != v.office {
		t.Fatal("Ctrl+1 did not bring the focus to the office filter")
	}
	uitest.Key(w, 0, fyne.KeyRight)
	uitest.Key(w, 0, fyne.KeyRight)
	if v.filter().Office != "7801" || len(v.heat.rows) != 2 || v.heat.rows[0].Office != "7801" {
		t.Errorf("office filter %q: %d rows", v.filter().Office, len(v.heat.rows))
	}
	before := v.heat.rows[0].Days
	uitest.Key(w, fyne.KeyModifierShortcutDefault, fyne.Key3)
	uitest.Key(w, 0, fyne.KeyRight)
	if v.filter().Channel != model.ChannelInPerson {
		t.Errorf("channel filter %q", v.filter().Channel)
	}
	if same(before, v.heat.rows[0].Days) {
		t.Error("the channel filter changed nothing on the map")
	}

	// Ctrl+J scrolls down to the lower part, Ctrl+M back to the map.
	v.office.SetSelectedIndex(0)
	uitest.Key(w, fyne.KeyModifierShortcutDefault, fyne.KeyJ)
	if v.scroll.Offset.Y <= 0 {
		t.Error("Ctrl+J did not scroll to the lower part")
	}
	uitest.Key(w, fyne.KeyModifierShortcutDefault, fyne.KeyM)
	if v.scroll.Offset.Y != 0 || w.Canvas().Focused() != v.heat {
		t.Errorf("Ctrl+M: offset %.0f, focus %T", v.scroll.Offset.Y, w.Canvas().Focused())
	}

	// Offline the actions wait for the network, and the status says so.
	v.ShowStatus(app.SyncStatus{State: app.StateOffline})
	if v.dataTime.Text != "Dati del 23/11/2026 10:05; offline: le azioni richiedono la rete" || !v.clone.Disabled() {
		t.Errorf("offline: %q, clone disabled %v", v.dataTime.Text, v.clone.Disabled())
	}
	uitest.Key(w, fyne.KeyModifierShortcutDefault, fyne.KeyK)
	if len(clones) != 2 {
		t.Error("Ctrl+K fired the clone offline")
	}
}

func same(a, b []model.Saturation) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestManagerViewOfAnAgenziaShowsItsOwnOfficeOnly(t *testing.T) {
	test.NewTempApp(t)
	_, _, url := uitest.CentralServer(t)
	c, _ := uitest.Consultant(t, url, "responsabile", "")
	v, _ := uitest.Show(t, NewView(c))
	if len(v.heat.rows) != 2 || v.heat.rows[0].Office != "7801" || v.officeBox.Visible() {
		t.Errorf("the responsabile's map: %d rows, office filter visible %v", len(v.heat.rows), v.officeBox.Visible())
	}
	if len(v.unmet.Objects) == 0 || len(v.waits.Objects) == 0 {
		t.Error("the lower part is empty")
	}
}

// TestManagerGoldens draws the direttore's view in light and dark.
func TestManagerGoldens(t *testing.T) {
	for _, variant := range []string{app.ThemeLight, app.ThemeDark} {
		t.Run(variant, func(t *testing.T) {
			a := test.NewTempApp(t)
			a.Settings().SetTheme(widgets.ThemeFor(app.Preferences{Theme: variant}))
			v, w, _ := direttore(t)
			uitest.Key(w, fyne.KeyModifierShortcutDefault, fyne.KeyM)
			uitest.Key(w, 0, fyne.KeyDown)
			uitest.Key(w, 0, fyne.KeyRight)
			img := w.Canvas().Capture()
			test.AssertImageMatches(t, "manager_"+variant+".png", img)
			uitest.SaveArtifact(t, "golden-manager_"+variant+".png", img)
			// The lower part: no free slot, no-shows, waits.
			uitest.Key(w, fyne.KeyModifierShortcutDefault, fyne.KeyJ)
			if v.scroll.Offset.Y <= 0 {
				t.Fatal("Ctrl+J did not scroll")
			}
			img = w.Canvas().Capture()
			test.AssertImageMatches(t, "manager_lower_"+variant+".png", img)
			uitest.SaveArtifact(t, "golden-manager_lower_"+variant+".png", img)
		})
	}
}

func TestManagerKeysAreInTheHelp(t *testing.T) {
	test.NewTempApp(t)
	v, w, _ := direttore(t)
	uitest.Key(w, fyne.KeyModifierShortcutDefault, fyne.KeyH)
	var top fyne.CanvasObject
	fyne.DoAndWait(func() { top = w.Canvas().Overlays().Top() })
	if top == nil {
		t.Fatal("Ctrl+H opened no help")
	}
	shown := uitest.Texts(top)
	for _, want := range []string{"Sportelli", "Clona sportello", "Durata slot", "Ctrl+K", "Ctrl+L", "Ctrl+M", "Filtro per servizio"} {
		if !uitest.Contains(shown, want) {
			t.Errorf("the help does not list %q", want)
		}
	}
	_ = v
}

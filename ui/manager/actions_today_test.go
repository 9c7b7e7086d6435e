package manager

import (
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"sportello/assets/i18n"
	"sportello/model"
	"sportello/ui/uitest"
	"sportello/ui/widgets"
)

// The duration dialog opened on today's cell (the heat map's first
// column) offers tomorrow first: central refuses a change from today, and
// Enter on the dialog as it opened was refused ("troppo presto").
func TestDurationDialogOnTodayStartsTomorrow(t *testing.T) {
	_, _, url := uitest.CentralServer(t)
	boss, _ := uitest.Consultant(t, url, "direttore", "")
	today := model.Day(boss.Now())
	if !today.Equal(time.Date(2026, time.November, 23, 0, 0, 0, 0, model.Rome)) {
		t.Fatalf("the test clock's day is %s", today)
	}
	w := window(t)
	var d *actionDialog
	fyne.DoAndWait(func() {
		d = showDuration(w, boss, Target{Office: "7800", OfficeName: "Sede provinciale di Salerno", Desk: "Sportello 1", Today: today}, nil)
	})
	from, _ := uitest.Find[*widgets.KeySelect](w.Canvas().Overlays().Top())
	if from == nil {
		t.Fatal("no day to choose in the dialog")
	}
	if len(from.Options) == 0 || from.Options[0] != "martedì 24 novembre" {
		t.Fatalf("the first day offered is not tomorrow: %q", from.Options)
	}
	if want := i18n.T("desk.duration_summary", "24 novembre", "Sportello 1", 5); d.status.Text != want {
		t.Errorf("summary %q, want %q", d.status.Text, want)
	}
	for _, o := range from.Options {
		if strings.Contains(o, "23 novembre") {
			t.Errorf("today offered: %q", from.Options)
		}
	}
}

// The dialogs name the office as well as the sportello: a Direzione has a
// "Sportello 1" in every office, and the title said only "Clona Sportello 1".
func TestDeskDialogsNameTheOffice(t *testing.T) {
	_, _, url := uitest.CentralServer(t)
	boss, _ := uitest.Consultant(t, url, "direttore", "")
	for name, open := range map[string]func(w fyne.Window){
		"clone": func(w fyne.Window) {
			showClone(w, boss, Target{Office: "7801", OfficeName: "Agenzia complessa di Battipaglia", Desk: "Sportello 1", Days: model.NextWorkingDays(tuesday, 10), Today: model.Day(boss.Now())}, nil)
		},
		"duration": func(w fyne.Window) {
			showDuration(w, boss, Target{Office: "7801", OfficeName: "Agenzia complessa di Battipaglia", Desk: "Sportello 1", Days: model.NextWorkingDays(tuesday, 10), Today: model.Day(boss.Now())}, nil)
		},
	} {
		w := window(t)
		fyne.DoAndWait(func() { open(w) })
		var texts []string
		fyne.DoAndWait(func() { texts = uitest.Texts(w.Canvas().Overlays().Top()) })
		if !slices.ContainsFunc(texts, func(s string) bool { return strings.Contains(s, "Agenzia complessa di Battipaglia · Sportello 1") }) {
			t.Errorf("%s: the dialog does not name the office: %q", name, texts)
		}
	}
}

package ui

import (
	"context"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sportello/app"
	"sportello/assets/i18n"
	"sportello/model"
)

// monday is a working Monday morning in Rome.
var monday = time.Date(2026, time.November, 23, 10, 5, 0, 0, model.Rome)

// newConsole runs the real console against its embedded sandbox (over
// loopback HTTP) with a real SQLite mirror, synced once.
func newConsole(t *testing.T) *app.Console {
	t.Helper()
	c, err := app.Open(context.Background(), app.Options{DataDir: t.TempDir(), Now: func() time.Time { return monday }, Seed: 11})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if _, err := c.SyncOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	return c
}

// texts returns the text of every visible label under o, walking the
// renderers the window really uses (test.LaidOutObjects builds fresh ones,
// which miss the table's cells).
func texts(o fyne.CanvasObject) []string {
	var out []string
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if !o.Visible() {
			return
		}
		switch l := o.(type) {
		case *widget.Label:
			out = append(out, l.Text)
			return
		case *widget.Hyperlink:
			out = append(out, l.Text)
			return
		case *fyne.Container:
			for _, c := range l.Objects {
				walk(c)
			}
			return
		}
		if w, ok := o.(fyne.Widget); ok {
			for _, c := range test.WidgetRenderer(w).Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	return out
}

func contains(list []string, want string) bool {
	for _, s := range list {
		if strings.Contains(s, want) {
			return true
		}
	}
	return false
}

func showDay(t *testing.T, c *app.Console) (*DayView, fyne.Window) {
	t.Helper()
	v := NewDayView(c)
	w := test.NewTempWindow(t, v.Content())
	w.Resize(fyne.NewSize(1340, 730))
	v.Reload(context.Background())
	return v, w
}

func TestDayViewListsTheDayFromTheMirror(t *testing.T) {
	test.NewTempApp(t)
	c := newConsole(t)
	v, w := showDay(t, c)

	want, err := c.DayAgenda(context.Background(), monday)
	if err != nil || len(want) == 0 {
		t.Fatalf("mirror day: %d, %v", len(want), err)
	}
	if len(v.entries) != len(want) {
		t.Fatalf("table has %d rows, mirror %d", len(v.entries), len(want))
	}
	for i := 1; i < len(v.entries); i++ {
		if v.entries[i].Start.Before(v.entries[i-1].Start) {
			t.Fatalf("row %d before row %d", i, i-1)
		}
	}
	if got := v.title.Text; got != "Agenda di lunedì 23 novembre 2026" {
		t.Errorf("title = %q", got)
	}
	if !strings.Contains(v.operator.Text, "Sede provinciale di Salerno") || !strings.Contains(v.status.Text, "Ultimo aggiornamento") {
		t.Errorf("header = %q / %q", v.operator.Text, v.status.Text)
	}
	// Texts set after the first layout (status, operator) are laid out
	// again, inside the window.
	if right := v.status.Position().X + v.status.MinSize().Width; right > v.header.Size().Width+1 {
		t.Errorf("status area ends at %.0f, beyond the header (%.0f wide)", right, v.header.Size().Width)
	}
	shown := texts(w.Content())
	first := want[0]
	for _, s := range []string{"Ora", "Canale", "Cittadino", "Codice fiscale", "Servizio", "Stato",
		first.CitizenCF, first.CitizenName, i18n.T("channel." + string(first.Channel)),
		first.Start.Format("15:04") + "–" + first.End.Format("15:04"), "Seleziona un appuntamento"} {
		if !contains(shown, s) {
			t.Errorf("window does not show %q", s)
		}
	}
	// The day has each channel and its Italian name.
	for _, name := range []string{"In presenza", "Richiamata telefonica", "Web meeting"} {
		found := false
		for i := range v.entries {
			found = found || cellText(v.entries[i], colChannel) == name
		}
		if !found {
			t.Errorf("no %q slot on the day", name)
		}
	}
}

func TestSelectingASlotOpensTheCallersFile(t *testing.T) {
	test.NewTempApp(t)
	c := newConsole(t)
	v, w := showDay(t, c)
	row := func(ch model.Channel) int {
		for i, e := range v.entries {
			if e.Channel == ch && e.CitizenCF != "" {
				return i
			}
		}
		t.Fatalf("no %s slot", ch)
		return -1
	}

	r := row(model.ChannelPhone)
	v.table.Select(widget.TableCellID{Row: r, Col: colCitizen})
	e := v.entries[r]
	cit, err := c.Citizen(context.Background(), e.CitizenCF)
	if err != nil {
		t.Fatal(err)
	}
	shown := texts(v.file.Content())
	for _, s := range []string{"Fascicolo di " + e.CitizenName, "Codice fiscale", cit.CF, cit.FamilyName, cit.GivenName,
		cit.BirthPlace, cit.Address, "Cellulare", cit.Contacts[0].Value, "Numero da richiamare", e.Phone} {
		if !contains(shown, s) {
			t.Errorf("file panel does not show %q; shows %q", s, shown)
		}
	}
	if v.file.link.Visible() {
		t.Error("phone slot shows a meeting link")
	}
	saveArtifact(t, "day-view-file.png", w.Canvas().Capture())

	r = row(model.ChannelWebMeeting)
	v.table.Select(widget.TableCellID{Row: r, Col: colTime})
	if !v.file.link.Visible() || v.file.link.URL.String() != v.entries[r].MeetingURL {
		t.Errorf("web meeting link = %v (visible %v), want %s", v.file.link.URL, v.file.link.Visible(), v.entries[r].MeetingURL)
	}
}

func TestDayViewInEnglish(t *testing.T) {
	test.NewTempApp(t)
	if err := i18n.SetLanguage("en"); err != nil {
		t.Fatal(err)
	}
	defer i18n.SetLanguage("it")
	c := newConsole(t)
	v, w := showDay(t, c)
	if got := v.title.Text; got != "Agenda for Monday 23 November 2026" {
		t.Errorf("title = %q", got)
	}
	if shown := texts(w.Content()); !contains(shown, "Time") || !contains(shown, "Select an appointment") {
		t.Errorf("English window shows %q", shown)
	}
}

// saveArtifact keeps a rendering of the window for people to look at, when
// the test command asks for artifacts.
func saveArtifact(t *testing.T, name string, img image.Image) {
	dir := os.Getenv("SPORTELLO_ARTIFACTS")
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

package session

import (
	"context"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"sportello/app"
	"sportello/ui/dayview"
	"sportello/ui/uitest"
)

func TestUpdateBannerSaysWhereToGetItAndWhySyncStopped(t *testing.T) {
	c := uitest.NewConsole(t)
	w := test.NewWindow(nil)
	defer w.Close()
	b := NewUpdateBanner()
	day := dayview.NewDayView(c)
	framed := container.NewBorder(b.Content, nil, nil, nil, day.Content())
	b.Parent = framed
	w.SetContent(framed)
	w.Resize(fyne.NewSize(1340, 730))
	day.SetWindow(w)
	day.Reload(context.Background())

	b.Show(app.SyncStatus{State: app.StateOnline, Update: app.Update{Current: "0.8.0", Latest: "0.8.0"}})
	if b.Content.Visible() {
		t.Errorf("banner shown with no newer version: %q", b.text.Text)
	}

	// A newer version, central saying nothing of where: the usual way.
	b.Show(app.SyncStatus{State: app.StateOnline, Update: app.Update{Current: "0.8.0", Latest: "0.9.0", Newer: true}})
	want := "È disponibile una nuova versione di Sportello: la 0.9.0 (questa è la 0.8.0). " +
		"Per installarla: chiedi all'assistenza o installala dal Software Center."
	if !b.Content.Visible() || !slices.Contains(uitest.Texts(w.Content()), want) {
		t.Errorf("newer version: banner visible %v, %q", b.Content.Visible(), uitest.Texts(w.Content()))
	}
	uitest.SaveArtifact(t, "update-banner.png", w.Canvas().Capture())

	// Below the minimum: why nothing is sent, that the work waits, and
	// where central says the update is.
	st := app.SyncStatus{State: app.StateOutdated, Pending: 4, Update: app.Update{Current: "0.8.0", Latest: "0.9.0", Minimum: "0.9.0",
		Info: "Software Center > Sportello 0.9.0", Newer: true, Outdated: true}}
	b.Show(st)
	day.ShowStatus(st)
	want = "Questa versione di Sportello (0.8.0) non è più accettata dal server centrale (minima: 0.9.0): la sincronizzazione è sospesa. " +
		"Puoi continuare a consultare i dati e registrare le attività, che partiranno dopo l'aggiornamento. " +
		"Per aggiornare: Software Center > Sportello 0.9.0."
	got := uitest.Texts(w.Content())
	if !b.Content.Visible() || !slices.Contains(got, want) || !slices.Contains(got, "Versione da aggiornare") || !slices.Contains(got, "Azioni da inviare: 4") {
		t.Errorf("outdated: banner visible %v, %q", b.Content.Visible(), got)
	}
	uitest.SaveArtifact(t, "outdated-banner.png", w.Canvas().Capture())

	b.Show(app.SyncStatus{State: app.StateOnline})
	if b.Content.Visible() {
		t.Error("banner still shown once updated")
	}
}

package ui

import (
	"context"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"sportello/app"
)

func TestUpdateBannerSaysWhereToGetItAndWhySyncStopped(t *testing.T) {
	c := newConsole(t)
	w := test.NewWindow(nil)
	defer w.Close()
	b := newUpdateBanner()
	day := NewDayView(c)
	framed := container.NewBorder(b.content, nil, nil, nil, day.Content())
	b.parent = framed
	w.SetContent(framed)
	w.Resize(fyne.NewSize(1340, 730))
	day.SetWindow(w)
	day.Reload(context.Background())

	b.show(app.SyncStatus{State: app.StateOnline, Update: app.Update{Current: "0.8.0", Latest: "0.8.0"}})
	if b.content.Visible() {
		t.Errorf("banner shown with no newer version: %q", b.text.Text)
	}

	// A newer version, central saying nothing of where: the usual way.
	b.show(app.SyncStatus{State: app.StateOnline, Update: app.Update{Current: "0.8.0", Latest: "0.9.0", Newer: true}})
	want := "È disponibile una nuova versione di Sportello: la 0.9.0 (questa è la 0.8.0). " +
		"Per installarla: chiedi all'assistenza o installala dal Software Center."
	if !b.content.Visible() || !slices.Contains(texts(w.Content()), want) {
		t.Errorf("newer version: banner visible %v, %q", b.content.Visible(), texts(w.Content()))
	}
	saveArtifact(t, "update-banner.png", w.Canvas().Capture())

	// Below the minimum: why nothing is sent, that the work waits, and
	// where central says the update is.
	st := app.SyncStatus{State: app.StateOutdated, Pending: 4, Update: app.Update{Current: "0.8.0", Latest: "0.9.0", Minimum: "0.9.0",
		Info: "Software Center > Sportello 0.9.0", Newer: true, Outdated: true}}
	b.show(st)
	day.ShowStatus(st)
	want = "Questa versione di Sportello (0.8.0) non è più accettata dal server centrale (minima: 0.9.0): la sincronizzazione è sospesa. " +
		"Puoi continuare a consultare i dati e registrare le attività, che partiranno dopo l'aggiornamento. " +
		"Per aggiornare: Software Center > Sportello 0.9.0."
	got := texts(w.Content())
	if !b.content.Visible() || !slices.Contains(got, want) || !slices.Contains(got, "Versione da aggiornare") || !slices.Contains(got, "Azioni da inviare: 4") {
		t.Errorf("outdated: banner visible %v, %q", b.content.Visible(), got)
	}
	saveArtifact(t, "outdated-banner.png", w.Canvas().Capture())

	b.show(app.SyncStatus{State: app.StateOnline})
	if b.content.Visible() {
		t.Error("banner still shown once updated")
	}
}

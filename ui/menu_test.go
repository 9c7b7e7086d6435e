package ui

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sportello/app"
	"sportello/ui/session"
	"sportello/ui/uitest"
)

// TestDiagnosisDialogShowsCopiesAndCloses: the dialog of the Sessione
// menu shows the diagnosis of the real console (embedded sandbox over
// loopback), fits a 1366×768 screen, copies a report without personal
// data with Enter (or its button), and closes with Esc.
func TestDiagnosisDialogShowsCopiesAndCloses(t *testing.T) {
	a := test.NewTempApp(t)
	t.Setenv("HTTP_PROXY", "")
	t.Setenv("HTTPS_PROXY", "")
	c := uitest.NewConsole(t)
	w := test.NewWindow(widget.NewLabel("console"))
	defer w.Close()
	w.Resize(fyne.NewSize(1366, 768))

	// The menu has it, in the Sessione menu.
	s := &sessionWindow{a: a, w: w, c: c, lock: &session.IdleLock{}}
	menu := s.menu()
	i := slices.IndexFunc(menu.Items[0].Items, func(it *fyne.MenuItem) bool { return it.Label == "Diagnostica connessione…" })
	if menu.Items[0].Label != "Sessione" || i < 0 {
		t.Fatalf("no Diagnostica connessione in the Sessione menu")
	}
	menu.Items[0].Items[i].Action()
	if !uitest.OverlayOpen(w) {
		t.Fatal("the menu item opened nothing")
	}
	shown := uitest.Texts(w.Canvas().Overlays().Top())
	for _, want := range []string{"Diagnostica connessione", "Server", "Proxy", "nessuno", "Risoluzione del nome", "Connessione TCP",
		"Handshake TLS", "Risposta del server centrale", "Ultima sincronizzazione", "Azioni da inviare", "Versione", app.Version,
		"Esito: tutto funziona."} {
		if !slices.ContainsFunc(shown, func(s string) bool { return strings.Contains(s, want) }) {
			t.Errorf("the dialog lacks %q: %q", want, shown)
		}
	}
	if !slices.ContainsFunc(shown, func(s string) bool { return strings.HasPrefix(s, "sandbox integrata su questo computer") }) {
		t.Errorf("the dialog does not say it is the embedded sandbox: %q", shown)
	}
	if sz := w.Canvas().Overlays().Top().MinSize(); sz.Width > 1366 || sz.Height > 740 {
		t.Errorf("the dialog needs %v, more than the screen", sz)
	}

	// Enter copies the report; it names no operator and no citizen.
	uitest.Key(w, 0, fyne.KeyReturn)
	report := a.Clipboard().Content()
	if !strings.HasPrefix(report, "Diagnostica connessione di Sportello\n") || !strings.Contains(report, "Proxy: nessuno") {
		t.Fatalf("clipboard after Enter: %q", report)
	}
	op, err := c.Operator(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{op.ID, op.Name} {
		if strings.Contains(report, secret) {
			t.Errorf("the report shows the operator's %q", secret)
		}
	}
	if cf := regexp.MustCompile(`[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-EHLMPRST]`).FindString(report); cf != "" {
		t.Errorf("the report shows what looks like a codice fiscale: %s", cf)
	}
	if !slices.Contains(uitest.Texts(w.Canvas().Overlays().Top()), "Rapporto copiato: incollalo nella richiesta all'assistenza.") || !uitest.OverlayOpen(w) {
		t.Error("after Enter the dialog does not say the report was copied, or closed")
	}
	uitest.Key(w, 0, fyne.KeyEscape)
	if uitest.OverlayOpen(w) {
		t.Fatal("Esc left the dialog open")
	}
}

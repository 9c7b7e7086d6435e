package session

import (
	"context"
	"net"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sportello/app"
	"sportello/ui/uitest"
)

// diagnoserFunc is a Diagnoser made of a function.
type diagnoserFunc func(context.Context) app.Diagnosis

func (f diagnoserFunc) Diagnose(ctx context.Context) app.Diagnosis { return f(ctx) }

// TestDiagnosisDialogShowsFailures: a server that is down shows the
// failed steps in red with the reason in Italian, and the verdict.
func TestDiagnosisDialogShowsFailures(t *testing.T) {
	test.NewTempApp(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + l.Addr().String()
	l.Close()
	dir := t.TempDir()
	w := test.NewWindow(widget.NewLabel("console"))
	defer w.Close()
	w.Resize(fyne.NewSize(1366, 768))
	ShowDiagnosis(w, diagnoserFunc(func(ctx context.Context) app.Diagnosis {
		return app.Diagnose(ctx, app.Options{DataDir: dir, Server: dead})
	}))
	top := w.Canvas().Overlays().Top()
	var failed []string
	for _, l := range uitest.All[*widget.Label](top) {
		if l.Importance == widget.DangerImportance {
			failed = append(failed, l.Text)
		}
	}
	if !slices.ContainsFunc(failed, func(s string) bool { return strings.HasPrefix(s, "non riuscito: Server centrale non raggiungibile") }) ||
		!slices.Contains(failed, "Esito: qualcosa non funziona (vedi le righe «non riuscito»).") {
		t.Errorf("failed lines in red: %q", failed)
	}
}

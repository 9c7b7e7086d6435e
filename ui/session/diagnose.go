package session

import (
	"context"
	"runtime"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"sportello/app"
	"sportello/assets/i18n"
	"sportello/ui/widgets"
)

// Diagnoser is what the connection diagnosis needs from app.
type Diagnoser interface {
	Diagnose(ctx context.Context) app.Diagnosis
}

// diagnosisTimeout bounds a whole diagnosis (each of its network steps
// has its own, shorter, limit).
const diagnosisTimeout = time.Minute

// diagnosisSize keeps the dialog within a 1366×768 screen.
var diagnosisSize = fyne.NewSize(980, 660)

// diagnosisDialog is "Diagnostica connessione": the facts of app's
// diagnosis, and a button that copies them for support. Esc closes it;
// Enter copies the report once it is there, and closes it before.
type diagnosisDialog struct {
	d      dialog.Dialog
	facts  *fyne.Container // label, value pairs
	status *widget.Label   // running, the verdict, then "copied"
	copy   *widget.Button
	report string // the plain-text report, once done
}

// ShowDiagnosis opens the dialog and runs the diagnosis off the UI
// goroutine.
func ShowDiagnosis(win fyne.Window, src Diagnoser) *diagnosisDialog {
	dd := &diagnosisDialog{
		facts:  container.New(layout.NewFormLayout()),
		status: widget.NewLabel(i18n.T("diag.running")),
	}
	dd.status.Wrapping = fyne.TextWrapWord
	dd.copy = widget.NewButton(i18n.T("diag.copy"), dd.copyReport)
	dd.copy.Importance = widget.HighImportance
	dd.copy.Disable()
	closeBtn := widget.NewButton(i18n.T("dialog.close"), func() { dd.d.Hide() })
	buttons := container.NewHBox(layout.NewSpacer(), closeBtn, dd.copy)
	body := container.NewBorder(nil, container.NewVBox(dd.status, buttons), nil, nil, container.NewVScroll(dd.facts))
	dd.d = dialog.NewCustomWithoutButtons(i18n.T("diag.title"), body, win)
	dd.d.Resize(diagnosisSize)
	widgets.ShowDialog(win, dd.d, dd.enter)
	widgets.Background(func() {
		ctx, cancel := context.WithTimeout(context.Background(), diagnosisTimeout)
		defer cancel()
		d := src.Diagnose(ctx)
		fyne.Do(func() { dd.show(d) })
	})
	return dd
}

// show puts the diagnosis's facts in the dialog.
func (dd *diagnosisDialog) show(d app.Diagnosis) {
	for _, l := range d.Lines() {
		label := widget.NewLabelWithStyle(l.Label, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
		value := widget.NewLabel(l.Value)
		value.Wrapping = fyne.TextWrapWord
		if l.Failed {
			value.Importance = widget.DangerImportance
		}
		dd.facts.Add(label)
		dd.facts.Add(value)
	}
	dd.report = d.Report()
	dd.status.SetText(d.Verdict())
	if !d.OK() {
		dd.status.Importance = widget.DangerImportance
	}
	dd.status.Refresh()
	dd.copy.Enable()
	dd.d.Resize(diagnosisSize)
}

// copyReport copies the report for support to the clipboard.
func (dd *diagnosisDialog) copyReport() {
	if dd.report == "" {
		return
	}
	report := dd.report
	if runtime.GOOS == "windows" {
		// Older Windows programs (mail clients, ticket forms) show bare
		// line feeds as one long line.
		report = strings.ReplaceAll(report, "\n", "\r\n")
	}
	fyne.CurrentApp().Clipboard().SetContent(report)
	dd.status.Importance = widget.MediumImportance
	dd.status.SetText(i18n.T("diag.copied"))
}

// enter is the dialog's Enter: copy when there is a report, else close.
func (dd *diagnosisDialog) enter() {
	if dd.report == "" {
		dd.d.Hide()
		return
	}
	dd.copyReport()
}

package session

import (
	"context"
	"log/slog"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"sportello/app"
	"sportello/assets/i18n"
	"sportello/model"
	"sportello/ui/widgets"
)

// TrailSource is what the operator's audit trail reads. app.Console
// implements it.
type TrailSource interface {
	AuditTrail(ctx context.Context) ([]model.AuditEntry, error)
}

// trailColumns are the columns of the trail: when, what, citizen, why,
// concerning, sent.
var trailColumns = []string{"trail.at", "trail.action", "trail.citizen", "trail.reason", "trail.ref", "trail.state"}

// trailWidths are the columns' widths.
var trailWidths = []float32{175, 215, 180, 220, 260, 150}

// trailCell is the text of a cell of the trail.
func trailCell(e model.AuditEntry, col int) string {
	switch col {
	case 0:
		return e.At.In(model.Rome).Format("02/01/2006 15:04:05")
	case 1:
		return actionName(e.Action)
	case 2:
		return e.CF
	case 3:
		if e.Reason == "" {
			return "—" // recorded before reasons were
		}
		return i18n.T("reason." + string(e.Reason))
	case 4:
		return e.Ref
	}
	if e.SentAt.IsZero() {
		return i18n.T("trail.waiting")
	}
	return i18n.T("trail.sent", e.SentAt.In(model.Rome).Format("02/01 15:04"))
}

// actionName names an audited action for the operator: open_file,
// slot_check_in, scheda_answer… each have their words (a test checks that
// every action the console records has them).
func actionName(action string) string {
	return i18n.T("audit." + action)
}

// newTrailView builds the table of the operator's own trail, newest first.
func newTrailView(entries []model.AuditEntry) fyne.CanvasObject {
	t := widget.NewTableWithHeaders(func() (int, int) { return len(entries), len(trailColumns) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis // a long reason does not run into the next column
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(trailCell(entries[id.Row], id.Col))
		})
	t.ShowHeaderColumn = false
	t.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Row < 0 && id.Col >= 0 {
			o.(*widget.Label).SetText(i18n.T(trailColumns[id.Col]))
		}
	}
	for i, w := range trailWidths {
		t.SetColumnWidth(i, w)
	}
	waiting := 0
	for _, e := range entries {
		if e.SentAt.IsZero() {
			waiting++
		}
	}
	head := widget.NewLabel(i18n.T("trail.summary", len(entries), waiting))
	head.Wrapping = fyne.TextWrapWord
	return container.NewBorder(head, nil, nil, nil, t)
}

// trailSize is the trail window's size: within a 1366×768 screen, the
// table scrolls.
var trailSize = fyne.NewSize(1220, 600)

// ShowTrail opens the operator's own audit trail in a window of its own;
// Esc closes it.
func ShowTrail(a fyne.App, src TrailSource) fyne.Window {
	w := a.NewWindow(i18n.T("trail.title"))
	w.Resize(trailSize)
	w.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		if k.Name == fyne.KeyEscape {
			w.Close()
		}
	})
	w.SetContent(widget.NewLabel(i18n.T("trail.loading")))
	w.Show()
	widgets.Background(func() {
		entries, err := src.AuditTrail(context.Background())
		fyne.Do(func() {
			if err != nil {
				slog.Warn("audit trail", "err", err)
				w.SetContent(widget.NewLabel(app.Explain(err)))
				return
			}
			w.SetContent(newTrailView(entries))
			// Setting the table grows the window past the screen (to 1381
			// pixels under a 768-pixel screen, though its minimum is
			// small): back to the size asked for; the table scrolls.
			w.Resize(trailSize)
		})
	})
	return w
}

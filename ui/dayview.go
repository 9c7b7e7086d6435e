// Package ui holds Sportello's Fyne screens. Screens read view data and call
// actions through the small interfaces declared here, which package app
// implements; ui never touches the cache or the network itself.
package ui

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sportello/app"
	"sportello/assets/i18n"
	"sportello/model"
)

// AgendaSource is what the day view reads. app.Console implements it.
type AgendaSource interface {
	DayAgenda(ctx context.Context, day time.Time) ([]model.AgendaEntry, error)
	Citizen(ctx context.Context, cf string) (model.Citizen, error)
	Operator(ctx context.Context) (model.Operator, error)
	LastSync(ctx context.Context) (time.Time, error)
	Today() time.Time
}

// Syncer refreshes the mirror from central. app.Console implements it.
type Syncer interface {
	SyncOnce(ctx context.Context) (app.SyncReport, error)
}

// Column order of the day table.
const (
	colTime = iota
	colChannel
	colCitizen
	colCF
	colService
	colStatus
	numCols
)

var colWidths = [numCols]float32{100, 170, 185, 170, 215, 95}

// DayView is the operator's day: the table of booked slots and the caller's
// file of the selected one.
type DayView struct {
	src AgendaSource
	day time.Time

	entries []model.AgendaEntry // rows of the table; touched on the UI goroutine only

	title    *widget.Label
	operator *widget.Label
	status   *widget.Label
	table    *widget.Table
	file     *FilePanel
	header   *fyne.Container
	content  fyne.CanvasObject
	refresh  *widget.Button
}

// NewDayView builds the day view for src's today. Call Reload to fill it.
func NewDayView(src AgendaSource) *DayView {
	v := &DayView{src: src, day: src.Today()}
	v.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.title.SizeName = theme.SizeNameHeadingText
	v.operator = widget.NewLabel("")
	v.status = widget.NewLabel("")
	v.status.Importance = widget.LowImportance
	v.table = widget.NewTableWithHeaders(
		func() (int, int) { return len(v.entries), numCols },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		v.updateCell)
	v.table.ShowHeaderColumn = false
	v.table.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	v.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 {
			o.(*widget.Label).SetText(i18n.T(fmt.Sprintf("day.col.%d", id.Col)))
		}
	}
	for i, w := range colWidths {
		v.table.SetColumnWidth(i, w)
	}
	v.table.OnSelected = func(id widget.TableCellID) { v.selectRow(id.Row) }
	v.file = NewFilePanel()
	v.refresh = widget.NewButton(i18n.T("day.refresh"), nil)
	v.header = container.NewVBox(
		container.NewBorder(nil, nil, nil, v.refresh, v.title),
		container.NewHBox(v.operator, layout.NewSpacer(), v.status))
	split := container.NewHSplit(v.table, v.file.Content())
	split.Offset = 0.72
	v.content = container.NewBorder(v.header, nil, nil, nil, split)
	return v
}

// Content is the view's root object.
func (v *DayView) Content() fyne.CanvasObject { return v.content }

func (v *DayView) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	if id.Row < 0 || id.Row >= len(v.entries) {
		l.SetText("")
		return
	}
	l.SetText(cellText(v.entries[id.Row], id.Col))
}

// cellText is the text of one cell of the day table.
func cellText(e model.AgendaEntry, col int) string {
	switch col {
	case colTime:
		return e.Start.In(model.Rome).Format("15:04") + "–" + e.End.In(model.Rome).Format("15:04")
	case colChannel:
		return i18n.T("channel." + string(e.Channel))
	case colCitizen:
		if e.CitizenName == "" {
			return i18n.T("day.citizen_unknown")
		}
		return e.CitizenName
	case colCF:
		return e.CitizenCF
	case colService:
		return i18n.T(fmt.Sprintf("level.%d", e.Level)) + " · " + e.Service
	case colStatus:
		return i18n.T("status." + string(e.Status))
	}
	return ""
}

// dayState is what one reload reads from the source, off the UI goroutine.
type dayState struct {
	entries  []model.AgendaEntry
	operator model.Operator
	hasOp    bool
	lastSync time.Time
	err      error
}

func (v *DayView) load(ctx context.Context) dayState {
	var st dayState
	st.entries, st.err = v.src.DayAgenda(ctx, v.day)
	if op, err := v.src.Operator(ctx); err == nil {
		st.operator, st.hasOp = op, true
	}
	st.lastSync, _ = v.src.LastSync(ctx)
	return st
}

// apply shows a loaded state; it runs on the UI goroutine.
func (v *DayView) apply(st dayState) {
	v.entries = st.entries
	v.title.SetText(i18n.T("day.title", i18n.LongDate(v.day)))
	if st.hasOp {
		v.operator.SetText(i18n.T("day.operator", st.operator.Name, st.operator.Office.Name, st.operator.Desk, len(st.entries)))
	}
	switch {
	case st.err != nil:
		v.setStatus(app.Explain(st.err))
	case st.lastSync.IsZero():
		v.setStatus(i18n.T("day.never_synced"))
	default:
		v.setStatus(i18n.T("day.last_sync", st.lastSync.In(model.Rome).Format("02/01/2006 15:04")))
	}
	v.table.UnselectAll()
	v.file.Clear()
	v.table.Refresh()
}

// setStatus shows text in the status area; the header is laid out again
// because the labels' widths changed.
func (v *DayView) setStatus(text string) {
	v.status.SetText(text)
	v.header.Refresh()
}

// Reload reads the day from the source and shows it. It blocks; call it
// from a goroutine in the running app (it hands the result to the UI
// goroutine with fyne.Do), or directly in tests.
func (v *DayView) Reload(ctx context.Context) {
	st := v.load(ctx)
	fyne.DoAndWait(func() { v.apply(st) })
}

// selectRow opens the caller's file of a row.
func (v *DayView) selectRow(row int) {
	if row < 0 || row >= len(v.entries) {
		return
	}
	e := v.entries[row]
	var cit model.Citizen
	var err error
	if e.CitizenCF != "" {
		// A mirrored file is a local primary-key read: fast enough to do
		// on the UI goroutine, and it keeps selection and panel in step.
		cit, err = v.src.Citizen(context.Background(), e.CitizenCF)
	}
	if err != nil {
		slog.Warn("open citizen file", "err", err)
	}
	v.file.Show(e, cit, err)
}

// SetSyncer wires the refresh button to a syncer.
func (v *DayView) SetSyncer(s Syncer) {
	v.refresh.OnTapped = func() { go v.Sync(s) }
}

// Sync refreshes the mirror from central and reloads the day. It blocks;
// the app calls it from a goroutine.
func (v *DayView) Sync(s Syncer) {
	fyne.Do(func() {
		v.refresh.Disable()
		v.setStatus(i18n.T("day.syncing"))
	})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	_, err := s.SyncOnce(ctx)
	v.Reload(ctx)
	fyne.Do(func() {
		v.refresh.Enable()
		if err != nil {
			slog.Warn("sync failed", "err", err)
			v.setStatus(app.Explain(err) + " " + v.status.Text)
		}
	})
}

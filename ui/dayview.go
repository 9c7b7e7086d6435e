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
	Today() time.Time
}

// Source is everything the day view reads and does. app.Console
// implements it.
type Source interface {
	AgendaSource
	SyncSource
	Searcher
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

var colWidths = [numCols]float32{100, 165, 180, 170, 185, 135}

// DayView is the operator's day: the table of booked slots and the caller's
// file of the selected one.
type DayView struct {
	src Source
	day time.Time
	win fyne.Window

	entries  []model.AgendaEntry // rows of the table; touched on the UI goroutine only
	selected string              // id of the selected slot, kept across reloads

	title    *widget.Label
	operator *widget.Label
	status   *widget.Label // what went wrong reading the mirror, if anything
	table    *widget.Table
	file     *FilePanel
	search   *SearchBox
	bar      *StatusBar
	header   *fyne.Container
	content  fyne.CanvasObject
	refresh  *widget.Button
	prefetch *widget.Button
}

// NewDayView builds the day view for src's today. Call Reload to fill it.
func NewDayView(src Source) *DayView {
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
	v.search = NewSearchBox(src, v.openCard)
	v.bar = NewStatusBar(src)
	v.refresh = widget.NewButton(i18n.T("day.refresh"), src.Kick)
	v.prefetch = widget.NewButton(i18n.T("prefetch.button"), func() {
		if v.win != nil {
			showPrefetch(src, v.win, func() { v.Reload(context.Background()) })
		}
	})
	searchBox := container.NewGridWrap(fyne.NewSize(420, v.search.Content().MinSize().Height), v.search.Content())
	v.header = container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(searchBox, v.prefetch, v.refresh), v.title),
		container.NewHBox(v.operator, layout.NewSpacer(), v.status))
	split := container.NewHSplit(v.table, v.file.Content())
	split.Offset = 0.72
	v.content = container.NewBorder(v.header, v.bar.Content(), nil, nil, split)
	return v
}

// SetWindow gives the view the window its dialogs open in.
func (v *DayView) SetWindow(w fyne.Window) {
	v.win = w
	v.bar.win = w
}

// ShowStatus shows the sync status; it runs on the UI goroutine.
func (v *DayView) ShowStatus(st app.SyncStatus) { v.bar.Show(st) }

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
		if e.Pending {
			return i18n.T("day.pending", i18n.T("status."+string(e.Status)))
		}
		return i18n.T("status." + string(e.Status))
	}
	return ""
}

// dayState is what one reload reads from the source, off the UI goroutine.
type dayState struct {
	entries  []model.AgendaEntry
	operator model.Operator
	hasOp    bool
	sync     app.SyncStatus
	err      error
}

func (v *DayView) load(ctx context.Context) dayState {
	var st dayState
	st.entries, st.err = v.src.DayAgenda(ctx, v.day)
	if op, err := v.src.Operator(ctx); err == nil {
		st.operator, st.hasOp = op, true
	}
	st.sync = v.src.Status(ctx)
	return st
}

// apply shows a loaded state; it runs on the UI goroutine.
func (v *DayView) apply(st dayState) {
	v.entries = st.entries
	v.title.SetText(i18n.T("day.title", i18n.LongDate(v.day)))
	if st.hasOp {
		v.operator.SetText(i18n.T("day.operator", st.operator.Name, st.operator.Office.Name, st.operator.Desk, len(st.entries)))
	}
	v.setStatus(app.Explain(st.err))
	v.bar.Show(st.sync)
	v.table.Refresh()
	// A reload (after each sync) keeps the operator where they were: the
	// selected slot stays selected and its file open.
	if v.selected == "" {
		return
	}
	for i, e := range v.entries {
		if e.ID == v.selected {
			v.table.Select(widget.TableCellID{Row: i, Col: colCitizen})
			return
		}
	}
	v.selected = ""
	v.table.UnselectAll()
	v.file.Clear()
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
	v.selected = e.ID
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

// openCard opens the file of a citizen found by search.
func (v *DayView) openCard(card model.CitizenCard) {
	v.selected = ""
	v.table.UnselectAll()
	cit, err := v.src.Citizen(context.Background(), card.CF)
	if err != nil {
		slog.Warn("open citizen file", "err", err)
	}
	v.file.ShowCitizen(card.FullName(), cit, err)
}

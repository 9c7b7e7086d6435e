package reception

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"image/color"
	"io"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sportello/app"
	"sportello/assets/i18n"
	"sportello/export"
	"sportello/model"
	"sportello/ui/widgets"
)

// ReportSource is what the day's report needs of the console.
type ReportSource interface {
	DayReport(ctx context.Context, day time.Time, desk string) (model.DayReport, error)
	ReportDesks(ctx context.Context, day time.Time) ([]string, error)
	Now() time.Time
	widgets.SyncSource
}

// ReportView is the end-of-day report of the office or of one desk: the
// day's booked slots by outcome, channel and service, with charts, the
// average service time and the queue tickets, exported to CSV.
type ReportView struct {
	src ReportSource
	win fyne.Window
	ctx context.Context

	day     time.Time
	desks   []string
	scope   *widget.Select
	dayText *widget.Label
	tiles   map[string]*widget.Label
	channel *stackChart
	service *stackChart
	tickets *widget.Label
	counter *counterPart
	problem *widget.Label
	bar     *widgets.StatusBar
	report  model.DayReport
	content fyne.CanvasObject

	// saveCSV offers the CSV to be saved; tests replace it, as a native
	// file dialog cannot be driven headless.
	saveCSV func(name string, data []byte)
}

// reportTiles are the figures the report shows big, in order.
var reportTiles = []string{"booked", "served", "no_show", "cancelled", "open", "avg_service"}

// NewReportView builds the report screen on today.
func NewReportView(src ReportSource) *ReportView {
	v := &ReportView{src: src, ctx: context.Background(), day: model.Day(src.Now()), tiles: map[string]*widget.Label{}}
	v.saveCSV = v.saveDialog
	v.dayText = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	prev := widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { v.setDay(model.PreviousWorkingDay(v.day)) })
	next := widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { v.setDay(model.NextWorkingDay(v.day)) })
	today := widget.NewButton(i18n.T("report.today"), func() { v.setDay(model.Day(v.src.Now())) })
	v.scope = widget.NewSelect([]string{i18n.T("report.office")}, nil)
	v.scope.SetSelectedIndex(0)
	export := widget.NewButtonWithIcon(i18n.T("report.export"), theme.DocumentSaveIcon(), v.exportCSV)
	top := container.NewHBox(prev, v.dayText, next, today, widget.NewSeparator(), v.scope, export)

	tiles := container.NewGridWithColumns(len(reportTiles))
	more := container.NewGridWithColumns(len(reportTiles))
	for i, k := range append(slices.Clone(reportTiles), counterTiles...) {
		val := widget.NewLabelWithStyle("—", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
		val.SizeName = theme.SizeNameHeadingText
		v.tiles[k] = val
		tile := container.NewVBox(val, widget.NewLabelWithStyle(i18n.T("report."+k), fyne.TextAlignCenter, fyne.TextStyle{}))
		if i < len(reportTiles) {
			tiles.Add(tile)
		} else {
			more.Add(tile)
		}
	}
	v.counter = newCounterPart()
	v.channel = newStackChart()
	v.service = newStackChart()
	v.tickets = widget.NewLabel("")
	v.tickets.Wrapping = fyne.TextWrapWord
	v.problem = widget.NewLabel("")
	v.problem.Importance = widget.DangerImportance
	v.problem.Hide()
	legend := container.NewHBox()
	for i, k := range stackParts {
		sw := canvas.NewRectangle(stackColors()[i])
		sw.SetMinSize(fyne.NewSize(12, 12))
		legend.Add(container.NewCenter(sw))
		legend.Add(widget.NewLabel(i18n.T("report." + k)))
	}
	bold := func(key string) *widget.Label {
		return widget.NewLabelWithStyle(i18n.T(key), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	charts := container.NewGridWithColumns(2,
		container.NewVBox(bold("report.by_channel"), v.channel.content, widget.NewSeparator(), bold("report.tickets"), v.tickets,
			widget.NewSeparator(), v.counter.content),
		container.NewVBox(bold("report.by_service"), v.service.content))
	body := container.NewVBox(v.problem, tiles, more, legend, widget.NewSeparator(), charts)
	// The status bar stays at the bottom, as on every screen.
	v.bar = widgets.NewStatusBar(src)
	v.content = container.NewBorder(container.NewPadded(top), v.bar.Content(), nil, nil, container.NewVScroll(
		// The scroll bar is drawn over the content's right edge: the
		// bars end before it.
		container.New(layout.NewCustomPaddedLayout(0, 0, 0, theme.ScrollBarSize()), container.NewPadded(body))))
	v.dayText.SetText(i18n.LongDate(v.day))
	v.scope.OnChanged = func(string) { v.reloadLater() }
	return v
}

// Content is the screen.
func (v *ReportView) Content() fyne.CanvasObject { return v.content }

// SetWindow gives the view the window its dialogs open in.
func (v *ReportView) SetWindow(w fyne.Window) { v.win = w; v.bar.SetWindow(w) }

// ShowStatus shows the sync status in the status bar.
func (v *ReportView) ShowStatus(st app.SyncStatus) { v.bar.Show(st) }

func (v *ReportView) setDay(d time.Time) {
	v.day = model.Day(d)
	v.dayText.SetText(i18n.LongDate(v.day))
	v.reloadLater()
}

func (v *ReportView) reloadLater() {
	widgets.Background(func() { v.Reload(v.ctx) })
}

// desk is the desk the report is narrowed to, or "" for the office.
func (v *ReportView) desk() string {
	if i := v.scope.SelectedIndex(); i > 0 && i <= len(v.desks) {
		return v.desks[i-1]
	}
	return ""
}

// Reload computes the report from the mirror, and shows it. It runs off
// the UI goroutine: the day and the desk chosen are read on the UI
// goroutine first, the result is shown with fyne.Do.
func (v *ReportView) Reload(ctx context.Context) {
	var day time.Time
	var desk string
	fyne.DoAndWait(func() { day, desk = v.day, v.desk() })
	desks, err := v.src.ReportDesks(ctx, day)
	var r model.DayReport
	if err == nil {
		r, err = v.src.DayReport(ctx, day, desk)
	}
	st := v.src.Status(ctx)
	fyne.Do(func() {
		v.bar.Show(st)
		showError(v.problem, err)
		if err != nil {
			return
		}
		v.setDesks(desks)
		v.show(r)
	})
}

func (v *ReportView) setDesks(desks []string) {
	if slices.Equal(desks, v.desks) {
		return
	}
	keep := v.desk()
	v.desks = desks
	opts := append([]string{i18n.T("report.office")}, desks...)
	v.scope.Options = opts
	v.scope.Refresh()
	for i, d := range desks {
		if d == keep {
			v.scope.SetSelectedIndex(i + 1)
		}
	}
}

// show draws a report; it runs on the UI goroutine.
func (v *ReportView) show(r model.DayReport) {
	v.report = r
	t := r.Total
	for k, n := range map[string]int{"booked": t.Booked, "served": t.Served, "no_show": t.NoShow, "cancelled": t.Cancelled, "open": t.Open} {
		v.tiles[k].SetText(fmt.Sprint(n))
	}
	v.tiles["avg_service"].SetText(minutesText(t.AverageService()))
	var rows []stackRow
	for _, x := range r.ByChannel {
		rows = append(rows, stackRow{i18n.T("channel." + x.Key), x})
	}
	v.channel.show(rows)
	rows = nil
	for _, x := range r.ByService {
		rows = append(rows, stackRow{x.Key, x})
	}
	v.service.show(rows)
	v.counter.show(r, v.tiles)
	if r.Desk != "" {
		v.tickets.SetText(i18n.T("report.tickets_office_only"))
	} else {
		k := r.Tickets
		v.tickets.SetText(i18n.T("report.tickets_text", k.Issued, k.Served, k.Gone, k.Waiting, minutesText(k.AverageWait())) + "\n" +
			i18n.T("report.tickets_service", minutesText(k.AverageService()), k.NotRepresentative))
	}
}

// minutesText is a duration as minutes and seconds ("10 min 1 s"), "—"
// for none.
func minutesText(d time.Duration) string { return cmp.Or(export.Duration(d), "—") }

func (v *ReportView) exportCSV() {
	var buf bytes.Buffer
	if err := export.WriteReportCSV(&buf, v.report); err != nil {
		widgets.ShowDialog(v.win, dialog.NewError(errors.New(app.Explain(err)), v.win), nil)
		return
	}
	v.saveCSV(export.ReportFileName(v.report), buf.Bytes())
}

func (v *ReportView) saveDialog(name string, data []byte) {
	widgets.SaveFile(v.win, name, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// stackParts are the outcomes a report bar is split in, in order.
var stackParts = []string{"served", "no_show", "cancelled", "open"}

func stackColors() [4]color.Color {
	return [4]color.Color{theme.Color(theme.ColorNameSuccess), theme.Color(theme.ColorNameWarning),
		theme.Color(theme.ColorNameError), theme.Color(theme.ColorNamePrimary)}
}

// partsText is a bar's split in words, not by colour alone: " (4 serviti,
// 6 ancora aperti)"; "" for an empty row.
func partsText(r model.ReportRow) string {
	var parts []string
	for i, n := range []int{r.Served, r.NoShow, r.Cancelled, r.Open} {
		if n > 0 {
			parts = append(parts, i18n.T("report.part."+stackParts[i], n))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// stackRow is one bar of a report chart.
type stackRow struct {
	label string
	row   model.ReportRow
}

// stackChart draws report rows as bars split by outcome, the longest bar
// the row with most bookings.
type stackChart struct {
	grid    *fyne.Container
	content fyne.CanvasObject
}

func newStackChart() *stackChart {
	c := &stackChart{grid: container.New(widgets.ChartLayout{})}
	c.content = c.grid
	return c
}

func (c *stackChart) show(rows []stackRow) {
	most := 1
	for _, r := range rows {
		most = max(most, r.row.Booked)
	}
	c.grid.RemoveAll()
	colors := stackColors()
	for _, r := range rows {
		parts := make([]fyne.CanvasObject, len(colors))
		for i, col := range colors {
			parts[i] = canvas.NewRectangle(col)
		}
		l := &widgets.BarLayout{}
		l.Set([]int{r.row.Served, r.row.NoShow, r.row.Cancelled, r.row.Open}, most)
		c.grid.Add(widget.NewLabel(fmt.Sprintf("%s  %d", r.label, r.row.Booked) + partsText(r.row)))
		c.grid.Add(container.New(l, parts...))
	}
	c.grid.Refresh()
}

package manager

import (
	"fmt"
	"image/color"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sportello/assets/i18n"
	"sportello/model"
	"sportello/ui/widgets"
)

// topRows is how many rows each list of the lower part shows.
const topRows = 6

func newSwatch(c color.Color) *canvas.Rectangle {
	sw := canvas.NewRectangle(c)
	sw.SetMinSize(fyne.NewSize(14, 14))
	return sw
}

// barRow is a row of a bar chart: its label, its value and how it is
// written.
type barRow struct {
	label string
	value int
	text  string
}

// bars draws rows as a bar chart (the house's ChartLayout), each bar as
// long as its value is of most, with its value written after it.
func bars(box *fyne.Container, rows []barRow, most int, empty string) {
	box.RemoveAll()
	if len(rows) == 0 {
		box.Add(widget.NewLabel(i18n.T(empty)))
		return
	}
	chart := container.New(widgets.ChartLayout{})
	// The values' column is as wide as the widest, so that the bars of
	// one chart share one scale.
	texts := make([]*widget.Label, len(rows))
	var textSize fyne.Size
	for i, r := range rows {
		texts[i] = widget.NewLabelWithStyle(r.text, fyne.TextAlignTrailing, fyne.TextStyle{})
		textSize = textSize.Max(texts[i].MinSize())
	}
	for i, r := range rows {
		l := &widgets.BarLayout{}
		l.Set([]int{r.value}, most)
		bar := container.New(l, canvas.NewRectangle(theme.Color(theme.ColorNamePrimary)))
		chart.Add(widget.NewLabel(r.label))
		room := canvas.NewRectangle(color.Transparent)
		room.SetMinSize(textSize)
		chart.Add(container.NewBorder(nil, nil, nil, container.NewStack(room, texts[i]), bar))
	}
	box.Add(chart)
}

// short is an office's name without its kind ("Battipaglia" of "Agenzia
// complessa di Battipaglia"), for the narrow lists.
func (v *View) short(code string) string {
	name := v.capacity.OfficeName(code)
	for _, p := range []string{"Agenzia complessa di ", "Agenzia di ", "Sede provinciale di ", "Punto INPS di "} {
		if len(name) > len(p) && name[:len(p)] == p {
			return name[len(p):]
		}
	}
	return name
}

func (v *View) showUnmet(rows []model.UnmetRow) {
	var out []barRow
	most := 0
	for i, r := range rows {
		if i == topRows {
			break
		}
		most = max(most, r.Searches)
		out = append(out, barRow{fmt.Sprintf("%s · %s · %s", v.short(r.Office), r.Service, i18n.T("channel.short."+string(r.Channel))),
			r.Searches, fmt.Sprint(r.Searches)})
	}
	bars(v.unmet, out, most, "mgr.unmet_none")
}

func (v *View) showNoShows(c model.Capacity, f model.CapacityFilter) {
	rate := func(rs []model.NoShowRate, label func(model.NoShowRate) string) []barRow {
		var out []barRow
		for i, r := range rs {
			if i == topRows {
				break
			}
			out = append(out, barRow{label(r), r.Percent(), i18n.T("mgr.rate", r.Percent(), r.NoShow, r.Expected)})
		}
		return out
	}
	desks, services := c.NoShowsByDesk(f, v.now), c.NoShowsByService(f, v.now)
	// The bars are as long as the rate is of the highest of both lists.
	most := 1
	for _, r := range append(slices.Clone(desks), services...) {
		most = max(most, r.Percent())
	}
	bars(v.noShowDesk, rate(desks, func(r model.NoShowRate) string { return v.short(r.Office) + " · " + r.Desk }), most, "mgr.noshow_none")
	bars(v.noShowService, rate(services, func(r model.NoShowRate) string { return r.Key }), most, "mgr.noshow_none")
}

// showWaits lists the offices' reception waits as a table: the mean, the
// 90th percentile of the worst day and the tickets of a day.
func (v *View) showWaits(ws []model.OfficeWait) {
	v.waits.RemoveAll()
	if len(ws) == 0 {
		v.waits.Add(widget.NewLabel(i18n.T("mgr.waits_none")))
		return
	}
	grid := container.NewGridWithColumns(4)
	for _, k := range []string{"mgr.wait_office", "mgr.wait_mean", "mgr.wait_p90", "mgr.wait_tickets"} {
		grid.Add(widget.NewLabelWithStyle(i18n.T(k), fyne.TextAlignLeading, fyne.TextStyle{Italic: true}))
	}
	for _, w := range ws {
		grid.Add(widget.NewLabel(v.short(w.Office)))
		grid.Add(widget.NewLabel(i18n.T("mgr.minutes", minutes(w.Mean))))
		grid.Add(widget.NewLabel(i18n.T("mgr.minutes", minutes(w.WorstP90))))
		grid.Add(widget.NewLabel(fmt.Sprint(w.Tickets / max(w.Days, 1))))
	}
	v.waits.Add(grid)
	note := widget.NewLabel(i18n.T("mgr.wait_note"))
	note.SizeName = theme.SizeNameCaptionText
	note.Wrapping = fyne.TextWrapWord // it says what the figures mean: it must not widen the screen
	v.waits.Add(note)
}

// minutes writes a duration in whole minutes.
func minutes(d time.Duration) int { return int(d.Round(time.Minute) / time.Minute) }

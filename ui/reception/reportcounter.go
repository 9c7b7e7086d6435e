package reception

import (
	"cmp"
	"fmt"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sportello/assets/i18n"
	"sportello/export"
	"sportello/model"
	"sportello/ui/widgets"
)

// counterTiles are the counter's figures the report shows big, on a
// second row: the no-show rates, recalls and transfers.
var counterTiles = []string{"no_show_rate", "gone_rate", "recalls", "transfers"}

// counterPart is the report's part on the counter: outcomes and services
// delivered as bar charts, the visits left out of the averages.
type counterPart struct {
	outcomes  *tallyChart
	delivered *tallyChart
	times     *tallyChart // average service time per service
	excluded  *widget.Label
	// suggestions counts the suggested rights shown and marked.
	suggestions *widget.Label
	content     fyne.CanvasObject
	// The tickets' own figures (an office's report only): outcomes and
	// services delivered at the reception, kept apart from the visits'
	// (see model.TicketStats).
	ticketOutcomes  *tallyChart
	ticketDelivered *tallyChart
	ticketPart      *fyne.Container
}

func newCounterPart() *counterPart {
	p := &counterPart{outcomes: newTallyChart(), delivered: newTallyChart(), times: newTallyChart(), excluded: widget.NewLabel(""),
		ticketOutcomes: newTallyChart(), ticketDelivered: newTallyChart(), suggestions: widget.NewLabel("")}
	p.excluded.Wrapping = fyne.TextWrapWord
	p.suggestions.Wrapping = fyne.TextWrapWord
	bold := func(key string) *widget.Label {
		l := widget.NewLabelWithStyle(i18n.T(key), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Wrapping = fyne.TextWrapWord
		return l
	}
	p.ticketPart = container.NewVBox(widget.NewSeparator(), bold("report.ticket_outcomes"), p.ticketOutcomes.grid,
		widget.NewSeparator(), bold("report.ticket_delivered"), p.ticketDelivered.grid)
	p.content = container.NewVBox(bold("report.by_outcome"), p.outcomes.grid, p.excluded,
		widget.NewSeparator(), bold("report.delivered"), p.delivered.grid,
		widget.NewSeparator(), bold("report.service_times"), p.times.grid,
		widget.NewSeparator(), bold("report.suggestions"), p.suggestions, p.ticketPart)
	return p
}

// showTickets draws the tickets' outcomes and services, for an office's
// report; a desk's has no tickets.
func (p *counterPart) showTickets(r model.DayReport) {
	if r.Desk != "" {
		p.ticketPart.Hide()
		return
	}
	var rows []tallyRow
	for _, o := range r.Tickets.Outcomes {
		rows = append(rows, tallyRow{label: export.OutcomeLabel(o.Key), n: o.N})
	}
	p.ticketOutcomes.show(rows)
	rows = nil
	for _, d := range r.Tickets.Delivered {
		rows = append(rows, tallyRow{label: export.TicketServiceLabel(d.Key), n: d.N})
	}
	p.ticketDelivered.show(rows)
	p.ticketPart.Show()
}

// show draws a report's counter figures on the tiles and the charts; it
// runs on the UI goroutine.
func (p *counterPart) show(r model.DayReport, tiles map[string]*widget.Label) {
	tiles["no_show_rate"].SetText(rateText(r.NoShowRate()))
	tiles["transfers"].SetText(fmt.Sprint(r.Transfers()))
	if r.Desk != "" { // tickets are the office's
		tiles["gone_rate"].SetText("—")
		tiles["recalls"].SetText("—")
	} else {
		tiles["gone_rate"].SetText(rateText(r.Tickets.GoneRate()))
		tiles["recalls"].SetText(fmt.Sprint(r.Tickets.Recalls))
	}
	var rows []tallyRow
	for _, o := range r.Outcomes {
		rows = append(rows, tallyRow{label: export.OutcomeLabel(o.Key), n: o.N})
	}
	p.outcomes.show(rows)
	rows = nil
	for _, d := range r.Delivered {
		rows = append(rows, tallyRow{label: d.Key, n: d.N})
	}
	p.delivered.show(rows)
	rows = nil
	for _, x := range r.ByService {
		if avg := x.AverageService(); avg > 0 {
			rows = append(rows, tallyRow{label: x.Key, n: int(avg / time.Second), text: x.Key + "  " + minutesText(avg)})
		}
	}
	p.times.show(rows)
	p.showTickets(r)
	sg := r.Suggestions
	p.suggestions.SetText(i18n.T("report.suggestions_text", sg.Shown, sg.Proposed, sg.NotRelevant, sg.Started))
	if r.NotRepresentative > 0 {
		p.excluded.SetText(i18n.T("report.not_representative", r.NotRepresentative))
		p.excluded.Show()
	} else {
		p.excluded.Hide()
	}
}

// rateText is a rate as the report shows it, "—" when there is nothing
// to divide by.
func rateText(rate float64, ok bool) string {
	if !ok {
		return "—"
	}
	return export.Percent(rate, ok)
}

// tallyRow is one bar of a tally chart.
type tallyRow struct {
	label string
	n     int
	text  string // what the bar's label reads, when not "label  n"
}

// tallyChart draws counts as bars of one colour, in the style of the
// report's other charts, the longest bar the largest count.
type tallyChart struct{ grid *fyne.Container }

func newTallyChart() *tallyChart { return &tallyChart{grid: container.New(widgets.ChartLayout{})} }

func (c *tallyChart) show(rows []tallyRow) {
	most := 1
	for _, r := range rows {
		most = max(most, r.n)
	}
	c.grid.RemoveAll()
	if len(rows) == 0 {
		c.grid.Add(widget.NewLabel(i18n.T("report.none")))
		c.grid.Add(container.New(&widgets.BarLayout{}))
	}
	for _, r := range rows {
		l := &widgets.BarLayout{}
		l.Set([]int{r.n}, most)
		c.grid.Add(widget.NewLabel(cmp.Or(r.text, fmt.Sprintf("%s  %d", r.label, r.n))))
		c.grid.Add(container.New(l, canvas.NewRectangle(tallyColor())))
	}
	c.grid.Refresh()
}

// tallyColor is the colour of a count's bar: the text's, so that it reads
// apart from the outcome colours of the booking charts' legend.
func tallyColor() color.Color {
	c := color.NRGBAModel.Convert(theme.Color(theme.ColorNameForeground)).(color.NRGBA)
	c.A = 0x99
	return c
}

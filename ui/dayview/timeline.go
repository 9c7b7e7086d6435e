package dayview

import (
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sportello/assets/i18n"
	"sportello/assets/icons"
	"sportello/model"
	"sportello/ui/widgets"
)

// rowKind tells what a row of the day's timeline shows.
type rowKind uint8

const (
	rowSlot    rowKind = iota // a slot
	rowSection                // the heading of the morning or the afternoon
	rowNow                    // the "now" line
)

// timelineRow is one row of the day list.
type timelineRow struct {
	kind  rowKind
	entry int    // index in the entries, for a slot row
	text  string // for a section or now row
}

// timeline is a day laid out as the list shows it: the morning's
// first-level slots and the afternoon's consulenza under their headings, a
// "now" line where the clock is, and which slots are the current and the
// next one.
type timeline struct {
	rows    []timelineRow
	current int // entry under way now (a citizen's slot), or -1
	next    int // the next booked slot still to serve, or -1
	counts  map[model.Status]int
	desks   bool // the slots are of more than one desk: rows name their desk
}

// afternoon is the hour from which slots belong to the afternoon section.
const afternoon = 13

// buildTimeline lays out a day's entries (in time order) at time now.
func buildTimeline(entries []model.AgendaEntry, now time.Time) timeline {
	tl := timeline{current: -1, next: -1, counts: map[model.Status]int{}, rows: make([]timelineRow, 0, len(entries)+3)}
	nowPlaced := len(entries) == 0 || now.Before(entries[0].Start) || !now.Before(entries[len(entries)-1].End)
	nowRow := timelineRow{kind: rowNow, text: i18n.T("day.now", widgets.Clock(now))}
	section := -1
	for i, e := range entries {
		tl.counts[e.Status]++
		tl.desks = tl.desks || e.Desk != entries[0].Desk
		if e.Booked() {
			if !now.Before(e.Start) && now.Before(e.End) {
				tl.current = i
			}
			if tl.next < 0 && e.Open() && !e.Start.Before(now) {
				tl.next = i
			}
		}
		if !nowPlaced && !e.Start.Before(now) {
			tl.rows = append(tl.rows, nowRow)
			nowPlaced = true
		}
		if s := sectionOf(e); s != section {
			section = s
			tl.rows = append(tl.rows, timelineRow{kind: rowSection, text: sectionTitle(entries, i)})
		}
		tl.rows = append(tl.rows, timelineRow{kind: rowSlot, entry: i})
	}
	if !nowPlaced {
		tl.rows = append(tl.rows, nowRow)
	}
	return tl
}

// sectionOf is 0 for a morning slot, 1 for an afternoon one.
func sectionOf(e model.AgendaEntry) int {
	if e.Start.In(model.Rome).Hour() < afternoon {
		return 0
	}
	return 1
}

// sectionTitle is the heading of the section that starts at entry i: its
// part of the day, level and hours.
func sectionTitle(entries []model.AgendaEntry, i int) string {
	s := sectionOf(entries[i])
	last := i
	for last+1 < len(entries) && sectionOf(entries[last+1]) == s {
		last++
	}
	key := "day.section.morning"
	if s == 1 {
		key = "day.section.afternoon"
	}
	return i18n.T(key, i18n.T("level.name."+levelKey(entries[i].Level)), widgets.Clock(entries[i].Start), widgets.Clock(entries[last].End), last-i+1)
}

func levelKey(l model.Level) string {
	if l == model.LevelConsulenza {
		return "2"
	}
	return "1"
}

// channelIcon is the icon of a booking channel.
func channelIcon(c model.Channel) fyne.Resource {
	switch c {
	case model.ChannelPhone:
		return icons.Phone
	case model.ChannelWebMeeting:
		return icons.WebMeeting
	}
	return icons.InPerson
}

// statusImportance colours a status the way an operator scans the day:
// what needs them stands out, what is over fades.
func statusImportance(s model.Status) widget.Importance {
	switch s {
	case model.StatusCheckedIn, model.StatusParked:
		return widget.WarningImportance
	case model.StatusInProgress:
		return widget.HighImportance
	case model.StatusCompleted:
		return widget.SuccessImportance
	case model.StatusNoShow:
		return widget.DangerImportance
	case model.StatusCancelled, model.StatusFree, model.StatusBlocked:
		return widget.LowImportance
	}
	return widget.MediumImportance
}

// columnsLayout places objects side by side at fixed widths; the last one
// takes what is left. Hidden objects take no room.
type columnsLayout struct{ widths []float32 }

func (l columnsLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	x := float32(0)
	i := 0
	for n, o := range objs {
		if !o.Visible() {
			continue
		}
		w := size.Width - x
		if i < len(l.widths) && n < len(objs)-1 {
			w = l.widths[i]
		}
		i++
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(max(w, 0), size.Height))
		x += w
	}
}

func (l columnsLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	w := float32(0)
	for _, cw := range l.widths {
		w += cw
	}
	return fyne.NewSize(w, h)
}

// Column widths of the day list: time, channel, citizen, codice fiscale,
// service; the status takes the rest.
var colWidths = []float32{122, 128, 196, 168, 196}

// deskColWidths are the column widths when the list names each slot's
// desk (an office's agenda): time, desk, channel, citizen, codice fiscale,
// service; the status takes the rest.
var deskColWidths = []float32{122, 104, 104, 168, 164, 156}

// showDeskColumn shows or hides the desk column (desk) of a row or of the
// heading (cols).
func showDeskColumn(cols *fyne.Container, desk *widget.Label, on bool) {
	if desk.Visible() == on {
		return
	}
	desk.Hidden = !on
	cols.Layout = columnsLayout{colWidths}
	if on {
		cols.Layout = columnsLayout{deskColWidths}
	}
	cols.Refresh()
}

// dayRow is one row of the day list: a slot's columns, or a heading, or
// the now line, over a background that marks the current and next slot.
type dayRow struct {
	widget.BaseWidget
	bg                        *canvas.Rectangle
	nowLine                   *canvas.Rectangle
	cols                      *fyne.Container
	when, who, cf, svc, state *widget.Label
	desk                      *widget.Label // shown for an office's agenda only
	channel                   *widget.Label
	icon                      *widget.Icon
	// mark is the current slot's ▶ and the next one's →, as theme icons:
	// the bundled font has neither glyph (Windows showed empty boxes).
	mark    *widget.Icon
	markBox *fyne.Container // the time and its mark
	band    *widget.Label
}

func newDayRow() *dayRow {
	r := &dayRow{bg: canvas.NewRectangle(color.Transparent), nowLine: canvas.NewRectangle(color.Transparent), icon: widget.NewIcon(nil),
		mark: widget.NewIcon(nil), band: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})}
	label := func() *widget.Label {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	r.when, r.channel, r.who, r.cf, r.svc, r.state = label(), label(), label(), label(), label(), label()
	r.desk = label()
	r.desk.Hide()
	r.cf.TextStyle.Monospace = true
	ch := container.NewBorder(nil, nil, r.icon, nil, r.channel)
	r.mark.Hide()
	r.markBox = container.NewBorder(nil, nil, r.mark, nil, r.when)
	r.cols = container.New(columnsLayout{colWidths}, r.markBox, r.desk, ch, r.who, r.cf, r.svc, r.state)
	r.ExtendBaseWidget(r)
	return r
}

func (r *dayRow) CreateRenderer() fyne.WidgetRenderer {
	line := container.NewVBox(r.nowLine)
	return widget.NewSimpleRenderer(container.NewStack(r.bg, container.NewBorder(nil, nil, nil, nil, r.cols), r.band,
		container.NewBorder(nil, line, nil, nil)))
}

// show fills the row; it runs on the UI goroutine.
func (r *dayRow) show(tl *timeline, entries []model.AgendaEntry, row timelineRow) {
	r.bg.FillColor = color.Transparent
	r.nowLine.FillColor = color.Transparent
	r.nowLine.SetMinSize(fyne.NewSize(0, 0))
	switch row.kind {
	case rowSection, rowNow:
		r.cols.Hide()
		r.band.Show()
		imp := widget.MediumImportance
		if row.kind == rowNow {
			imp = widget.DangerImportance
			r.nowLine.FillColor = theme.Color(theme.ColorNameError)
			r.nowLine.SetMinSize(fyne.NewSize(0, 2))
		}
		widgets.SetLabel(r.band, row.text, imp)
		r.bg.Refresh()
		r.nowLine.Refresh()
		return
	}
	r.band.Hide()
	r.cols.Show()
	e := entries[row.entry]
	var mark fyne.Resource
	switch row.entry {
	case tl.current:
		mark = theme.MediaPlayIcon()
		r.bg.FillColor = widgets.WithAlpha(theme.Color(theme.ColorNamePrimary), 0x40)
	case tl.next:
		mark = theme.NavigateNextIcon()
		r.bg.FillColor = widgets.WithAlpha(theme.Color(theme.ColorNamePrimary), 0x1c)
	}
	if mark != r.mark.Resource || r.mark.Visible() != (mark != nil) {
		r.mark.SetResource(mark)
		r.mark.Hidden = mark == nil
		r.markBox.Refresh() // lays the time out beside the mark, or alone
	}
	fade := widget.MediumImportance
	who, channel, cf := widgets.CellText(e, widgets.ColCitizen), i18n.T("channel.short."+string(e.Channel)), e.CitizenCF
	icon := channelIcon(e.Channel)
	if !e.Booked() {
		fade, icon, channel, cf = widget.LowImportance, nil, "", ""
		who = i18n.T("day.unbooked." + string(e.Status))
	}
	if r.icon.Resource != icon {
		r.icon.SetResource(icon)
	}
	widgets.SetLabel(r.when, widgets.Clock(e.Start)+"–"+widgets.Clock(e.End), fade)
	showDeskColumn(r.cols, r.desk, tl.desks)
	widgets.SetLabel(r.desk, e.Desk, fade)
	widgets.SetLabel(r.channel, channel, fade)
	widgets.SetLabel(r.who, who, fade)
	widgets.SetLabel(r.cf, cf, widget.MediumImportance)
	widgets.SetLabel(r.svc, widgets.CellText(e, widgets.ColService), fade)
	widgets.SetLabel(r.state, widgets.CellText(e, widgets.ColStatus), statusImportance(e.Status))
	r.bg.Refresh()
	r.nowLine.Refresh()
}

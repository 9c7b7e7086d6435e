package inbox

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sportello/app"
	"sportello/assets/i18n"
	"sportello/model"
	"sportello/ui/widgets"
)

// ageChart shows the schede by status at a glance: for each open status a
// bar split by age against the service target (within half of it, past
// half, late), then how many were closed each way.
type ageChart struct {
	rows    map[model.SchedaStatus]*ageBar
	closed  *widget.Label
	content *fyne.Container
}

// openStatuses are the statuses the chart draws a bar for.
var openStatuses = []model.SchedaStatus{model.SchedaNew, model.SchedaInCharge, model.SchedaWaiting}

func newAgeChart() *ageChart {
	c := &ageChart{rows: map[model.SchedaStatus]*ageBar{}, closed: widget.NewLabel("")}
	c.closed.Wrapping = fyne.TextWrapWord
	grid := container.New(widgets.ChartLayout{})
	for _, st := range openStatuses {
		b := newAgeBar()
		c.rows[st] = b
		grid.Add(b.label)
		grid.Add(b.bar)
	}
	legend := container.NewHBox()
	for i, key := range []string{"inbox.legend_fresh", "inbox.legend_aging", "inbox.legend_late"} {
		swatch := canvas.NewRectangle(ageColors()[i])
		swatch.SetMinSize(fyne.NewSize(12, 12))
		legend.Add(container.NewCenter(swatch))
		legend.Add(widget.NewLabel(i18n.T(key)))
	}
	c.content = container.NewVBox(grid, legend, c.closed)
	return c
}

// show draws the counts; it runs on the UI goroutine.
func (c *ageChart) show(counts map[model.SchedaStatus]model.AgeCount) {
	most := 1
	for _, st := range openStatuses {
		most = max(most, counts[st].Total)
	}
	for _, st := range openStatuses {
		k := counts[st]
		b := c.rows[st]
		// The bar's colours in words too: how many are past half the
		// target, how many late.
		text := fmt.Sprintf("%s  %d", i18n.T("scheda."+string(st)), k.Total)
		if k.Aging > 0 || k.Late > 0 {
			text += " " + i18n.T("inbox.chart_ages", k.Aging, k.Late)
		}
		widgets.SetLabel(b.label, text, widget.MediumImportance)
		b.bar.Layout.(*widgets.BarLayout).Set([]int{k.Fresh, k.Aging, k.Late}, most)
		b.bar.Refresh()
	}
	c.closed.SetText(i18n.T("inbox.closed_counts", counts[model.SchedaAnswered].Total, counts[model.SchedaForwarded].Total,
		counts[model.SchedaConverted].Total))
}

// ageBar is one status of the chart: its label and its bar.
type ageBar struct {
	label *widget.Label
	bar   *fyne.Container
}

func newAgeBar() *ageBar {
	colors := ageColors()
	parts := make([]fyne.CanvasObject, len(colors))
	for i, col := range colors {
		parts[i] = canvas.NewRectangle(col)
	}
	return &ageBar{label: widget.NewLabel(""), bar: container.New(&widgets.BarLayout{}, parts...)}
}

// answersPanel shows the section's earlier answers that best match the
// open scheda (or words the consultant types), each with a button that
// puts it into the answer being written, at its cursor.
type answersPanel struct {
	src     SchedeSource
	insert  func(text string)
	section model.Section
	query   *widgets.KeyEntry
	heading *widget.Label // what the answers shown match
	results *fyne.Container
	content fyne.CanvasObject
	finding // the search under way (suggest.go)
}

func newAnswersPanel(src SchedeSource, insert func(string)) *answersPanel {
	p := &answersPanel{src: src, insert: insert, query: widgets.NewKeyEntry(), results: container.NewVBox(), heading: widget.NewLabel("")}
	p.query.SetPlaceHolder(i18n.T("inbox.answers_placeholder"))
	p.query.OnSubmitted = func(text string) { p.search(p.section, text) }
	find := widget.NewButtonWithIcon("", theme.SearchIcon(), func() { p.search(p.section, p.query.Text) })
	p.heading.Importance = widget.LowImportance
	p.heading.Wrapping = fyne.TextWrapWord
	p.content = container.NewBorder(container.NewVBox(container.NewBorder(nil, nil, nil, find, p.query), p.heading), nil, nil, nil,
		container.NewVScroll(p.results))
	return p
}

// search looks for answers of a section matching words the consultant
// typed, off the UI goroutine.
func (p *answersPanel) search(section model.Section, text string) {
	p.find(section, text, "", i18n.T("inbox.answers_for", strings.Join(strings.Fields(text), " ")))
}

// show lists the answers found; it runs on the UI goroutine.
func (p *answersPanel) show(found []model.Scheda, err error) {
	p.results.RemoveAll()
	switch {
	case err != nil:
		p.results.Add(widget.NewLabel(app.Explain(err)))
	case len(found) == 0:
		l := widget.NewLabel(i18n.T("inbox.answers_none"))
		l.Wrapping = fyne.TextWrapWord
		p.results.Add(l)
	}
	for i, sc := range found {
		body := widget.NewRichText(widgets.Strong(fmt.Sprintf("%d. %s", i+1, sc.Subject)), &widget.TextSegment{Style: widget.RichTextStyle{
			ColorName: theme.ColorNamePlaceHolder, TextStyle: fyne.TextStyle{Italic: true}}, Text: sc.Question}, widgets.Para(sc.Answer))
		body.Wrapping = fyne.TextWrapWord
		answer := sc.Answer
		use := widget.NewButtonWithIcon(i18n.T("inbox.insert"), theme.ContentPasteIcon(), func() { p.insert(answer) })
		meta := widget.NewLabel(i18n.T("inbox.answer_meta", sc.Number, sc.HolderName, widgets.Date(sc.AnsweredAt)))
		meta.Importance = widget.LowImportance
		meta.Truncation = fyne.TextTruncateEllipsis
		p.results.Add(container.NewVBox(body, meta, container.NewHBox(layout.NewSpacer(), use), widget.NewSeparator()))
	}
	p.results.Refresh()
}

// askConvert turns the open scheda into an appointment: it looks up, from
// central, the offices and the free consulenza slots of the citizen's
// agency (another may be picked), and the way the meeting is held.
func (v *InboxView) askConvert() {
	e := v.current
	if e == nil || v.win == nil {
		return
	}
	offices := widget.NewSelect(nil, nil)
	offices.PlaceHolder = i18n.T("select.placeholder") // Fyne's is "(Select one)"
	slots := widget.NewSelect(nil, nil)
	slots.PlaceHolder = i18n.T("inbox.convert_loading")
	channels := widget.NewRadioGroup([]string{i18n.T("channel.in_person"), i18n.T("channel.phone_callback"),
		i18n.T("channel.web_meeting")}, nil)
	channels.SetSelected(channels.Options[2])
	channelOf := []model.Channel{model.ChannelInPerson, model.ChannelPhone, model.ChannelWebMeeting}
	note := widget.NewLabel("")
	note.Wrapping = fyne.TextWrapWord
	var list []model.Office
	var free []model.Slot
	loadSlots := func(code string) {
		slots.ClearSelected()
		slots.Options = nil
		slots.PlaceHolder = i18n.T("inbox.convert_loading")
		slots.Refresh()
		widgets.Background(func() {
			got, err := v.src.AppointmentSlots(v.ctx, code)
			fyne.Do(func() {
				free = got
				slots.Options = make([]string, len(got))
				for i, s := range got {
					slots.Options[i] = fmt.Sprintf("%s · %s", widgets.Stamp(s.Start), s.Desk)
				}
				slots.PlaceHolder = i18n.T("inbox.convert_pick")
				switch {
				case err != nil:
					note.SetText(app.Explain(err))
				case len(got) == 0:
					note.SetText(i18n.T("inbox.convert_none"))
				default:
					note.SetText("")
					slots.SetSelectedIndex(0)
				}
				slots.Refresh()
			})
		})
	}
	offices.OnChanged = func(string) {
		if i := offices.SelectedIndex(); i >= 0 && i < len(list) {
			loadSlots(list[i].Code)
		}
	}
	widgets.Background(func() {
		got, home, err := v.src.Agencies(v.ctx, e.CitizenCF)
		fyne.Do(func() {
			if err != nil {
				note.SetText(app.Explain(err))
				return
			}
			list = got
			offices.Options = make([]string, len(got))
			pick := 0
			for i, o := range got {
				offices.Options[i] = o.Name
				if o.Code == home {
					pick = i
				}
			}
			if home != "" {
				note.SetText(i18n.T("inbox.convert_home"))
			}
			offices.SetSelectedIndex(pick) // loads its slots
		})
	})
	items := []*widget.FormItem{widget.NewFormItem(i18n.T("inbox.convert_office"), offices),
		widget.NewFormItem(i18n.T("inbox.convert_slot"), slots), widget.NewFormItem(i18n.T("inbox.convert_channel"), channels),
		widget.NewFormItem("", note)}
	d := dialog.NewForm(i18n.T("inbox.convert_title", e.Number), i18n.T("inbox.convert_book"), i18n.T("dialog.cancel"), items,
		func(yes bool) {
			i, ch := slots.SelectedIndex(), channels.Selected
			if !yes || i < 0 || i >= len(free) {
				return
			}
			channel := channelOf[2]
			for k, o := range channels.Options {
				if o == ch {
					channel = channelOf[k]
				}
			}
			slot := free[i]
			for _, o := range list {
				if o.Code == slot.Office {
					slot.Office = o.Name // as the scheda shows the appointment
				}
			}
			v.act(func() error { _, err := v.src.ConvertScheda(v.ctx, e.ID, slot, channel); return err })
		}, v.win)
	d.Resize(fyne.NewSize(620, 380))
	widgets.ShowDialog(v.win, d, nil)
}

// stableWidth holds a column of a split: its minimum width is fixed, so
// the split keeps the widths it was given whatever the column shows (a
// long message, a file) and the buttons do not move under the pointer.
func stableWidth(o fyne.CanvasObject) fyne.CanvasObject {
	return container.New(stableLayout{}, o)
}

// stableLayout gives its objects all its room and asks for a fixed
// width, and for the height they need.
type stableLayout struct{}

// stableMinWidth is the least width of a column of the inbox.
const stableMinWidth = 240

func (stableLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (stableLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(stableMinWidth, h)
}

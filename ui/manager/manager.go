// Package manager is the head of structure's view (issue 22): how full
// the agendas of the offices in scope are in the coming weeks (a heat map
// by office·sportello and day, by service and channel), where booking
// searches found no free slot, and the no-shows and the reception's waits
// of the past weeks. Everything reads from the mirror; the actions on a
// sportello (clone it, change its slot duration) are hooks the window
// wires to their dialogs, and need the network.
package manager

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sportello/app"
	"sportello/assets/i18n"
	"sportello/model"
	"sportello/ui/widgets"
)

// heatDays is how many working days the heat map shows: four weeks.
const heatDays = 20

// Source is what the view needs of the console.
type Source interface {
	Capacity(ctx context.Context) (model.Capacity, error)
	Now() time.Time
	widgets.SyncSource
}

// View is the head of structure's screen ("Sportelli").
type View struct {
	src Source
	win fyne.Window

	// OnClone and OnDuration are the actions on the sportello and day
	// under the cursor (Ctrl+K, Ctrl+L and the two buttons): the window
	// wires them to their dialogs. Nil: the action is not offered.
	OnClone    func(office, desk string, day time.Time)
	OnDuration func(office, desk string, day time.Time)

	capacity model.Capacity
	now      time.Time
	offline  bool

	office, service, channel *widgets.KeySelect
	officeCodes              []string
	services                 []string
	heat                     *heatMap
	cursor                   *widget.Label
	dataTime                 *widget.Label
	clone, duration          *widget.Button
	unmet, noShowDesk        *fyne.Container
	noShowService, waits     *fyne.Container
	problem                  *widget.Label
	bar                      *widgets.StatusBar
	scroll                   *container.Scroll
	content                  fyne.CanvasObject

	// officeBox is the office filter with its label: hidden, with the
	// room it takes, when the scope is one office.
	officeBox *fyne.Container
}

// channels are the channel filter's choices after "all".
var channels = []model.Channel{model.ChannelInPerson, model.ChannelPhone, model.ChannelWebMeeting}

// NewView builds the view; Reload fills it from the mirror.
func NewView(src Source) *View {
	v := &View{src: src, now: src.Now()}
	v.office = widgets.NewKeySelect([]string{i18n.T("mgr.all_offices")})
	v.service = widgets.NewKeySelect([]string{i18n.T("mgr.all_services")})
	chOpts := []string{i18n.T("mgr.all_channels")}
	for _, ch := range channels {
		chOpts = append(chOpts, i18n.T("channel."+string(ch)))
	}
	v.channel = widgets.NewKeySelect(chOpts)
	for _, s := range []*widgets.KeySelect{v.office, v.service, v.channel} {
		s.SetSelectedIndex(0)
		s.OnChanged = func(string) { v.redraw() }
	}
	v.heat = newHeatMap()
	v.heat.onMove = v.showCursor
	v.heat.name = v.short
	v.cursor = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.dataTime = widget.NewLabel("")
	v.clone = widget.NewButtonWithIcon(i18n.T("mgr.clone")+" (Ctrl+K)", theme.ContentCopyIcon(), func() { v.fire(v.OnClone) })
	v.duration = widget.NewButtonWithIcon(i18n.T("mgr.duration")+" (Ctrl+L)", theme.HistoryIcon(), func() { v.fire(v.OnDuration) })
	v.problem = widget.NewLabel("")
	v.problem.Importance = widget.DangerImportance
	v.problem.Hide()
	v.unmet, v.noShowDesk, v.noShowService, v.waits = container.NewVBox(), container.NewVBox(), container.NewVBox(), container.NewVBox()

	wide := func(s *widgets.KeySelect) fyne.CanvasObject {
		return container.NewGridWrap(fyne.NewSize(270, s.MinSize().Height), s)
	}
	v.officeBox = container.NewHBox(widget.NewLabel(i18n.T("mgr.office")), wide(v.office))
	v.officeBox.Hide() // shown when the scope has more than one office
	filters := container.NewHBox(v.officeBox, widget.NewLabel(i18n.T("mgr.service")), wide(v.service),
		widget.NewLabel(i18n.T("mgr.channel")), v.channel, layout.NewSpacer(), v.clone, v.duration)
	top := container.NewVBox(filters, container.NewHBox(v.cursor, layout.NewSpacer(), v.dataTime))
	bold := func(key string) *widget.Label {
		return widget.NewLabelWithStyle(i18n.T(key), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	lower := container.NewGridWithColumns(2,
		container.NewVBox(bold("mgr.unmet"), v.unmet, widget.NewSeparator(), bold("mgr.waits"), v.waits),
		container.NewVBox(bold("mgr.noshow_desk"), v.noShowDesk, widget.NewSeparator(), bold("mgr.noshow_service"), v.noShowService))
	body := container.NewVBox(v.problem, bold("mgr.saturation"), container.NewHBox(v.heat), legend(),
		widget.NewSeparator(), lower)
	v.bar = widgets.NewStatusBar(src)
	v.scroll = container.NewVScroll(container.New(layout.NewCustomPaddedLayout(0, 0, 0, theme.ScrollBarSize()), container.NewPadded(body)))
	v.content = container.NewBorder(container.NewPadded(top), v.bar.Content(), nil, nil, v.scroll)
	v.showCursor()
	return v
}

// legend explains the heat map's colours.
func legend() fyne.CanvasObject {
	box := container.NewHBox(widget.NewLabel(i18n.T("mgr.legend")))
	for i, key := range []string{"mgr.band_low", "mgr.band_high", "mgr.band_full"} {
		sw := newSwatch(bandColors[i])
		box.Add(container.NewCenter(sw))
		box.Add(widget.NewLabel(i18n.T(key)))
	}
	box.Add(container.NewCenter(newThemeSwatch(theme.ColorNameInputBackground)))
	box.Add(widget.NewLabel(i18n.T("mgr.band_none")))
	return box
}

// Content is the screen.
func (v *View) Content() fyne.CanvasObject { return v.content }

// SetWindow gives the view the window its dialogs open in.
func (v *View) SetWindow(w fyne.Window) { v.win = w; v.bar.SetWindow(w) }

// ShowStatus shows the sync's state; offline, the actions wait for the
// network.
func (v *View) ShowStatus(st app.SyncStatus) {
	v.bar.Show(st)
	v.offline = st.State == app.StateOffline
	v.showData()
}

// Reload reads the picture from the mirror and shows it. It runs off the
// UI goroutine; the result is applied with fyne.Do.
func (v *View) Reload(ctx context.Context) {
	c, err := v.src.Capacity(ctx)
	now := v.src.Now()
	st := v.src.Status(ctx)
	fyne.Do(func() {
		v.bar.Show(st)
		v.offline = st.State == app.StateOffline
		if err != nil {
			v.problem.SetText(i18n.T("mgr.read_failed"))
			v.problem.Show()
			return
		}
		v.problem.Hide()
		v.capacity, v.now = c, now
		v.setChoices()
		v.redraw()
		v.focusMap()
	})
}

// focusMap gives the heat map the keyboard when nothing has it (the
// screen just opened): the arrows move on the map at once, with no Ctrl+M
// or click first.
func (v *View) focusMap() {
	if v.win == nil || !v.content.Visible() || len(v.heat.rows) == 0 {
		return
	}
	if c := v.win.Canvas(); c.Focused() == nil && c.Overlays().Top() == nil {
		c.Focus(v.heat)
	}
}

// setChoices fills the office and service filters from the picture,
// keeping what was chosen.
func (v *View) setChoices() {
	keep := v.filter()
	v.officeCodes = v.officeCodes[:0]
	opts := []string{i18n.T("mgr.all_offices")}
	for _, o := range v.capacity.Offices {
		v.officeCodes = append(v.officeCodes, o.Code)
		opts = append(opts, o.Name)
	}
	v.office.Options = opts
	if len(v.capacity.Offices) > 1 {
		v.officeBox.Show()
	} else {
		v.officeBox.Hide()
	}
	v.services = v.capacity.Services()
	v.service.Options = append([]string{i18n.T("mgr.all_services")}, v.services...)
	// Select again what was chosen, without a redraw for each.
	v.office.OnChanged, v.service.OnChanged = nil, nil
	v.office.SetSelectedIndex(indexOf(v.officeCodes, keep.Office) + 1)
	v.service.SetSelectedIndex(indexOf(v.services, keep.Service) + 1)
	v.office.OnChanged, v.service.OnChanged = func(string) { v.redraw() }, func(string) { v.redraw() }
}

func indexOf(xs []string, x string) int {
	for i, s := range xs {
		if s == x && x != "" {
			return i
		}
	}
	return -1
}

// filter is what the filters choose.
func (v *View) filter() model.CapacityFilter {
	var f model.CapacityFilter
	if i := v.office.SelectedIndex(); i > 0 && i <= len(v.officeCodes) {
		f.Office = v.officeCodes[i-1]
	}
	if i := v.service.SelectedIndex(); i > 0 && i <= len(v.services) {
		f.Service = v.services[i-1]
	}
	if i := v.channel.SelectedIndex(); i > 0 && i <= len(channels) {
		f.Channel = channels[i-1]
	}
	return f
}

// redraw computes the parts from the picture held, as the filters choose;
// it runs on the UI goroutine (the computations are over a few thousand
// counts).
func (v *View) redraw() {
	f := v.filter()
	c := v.capacity
	days := model.NextWorkingDays(v.now, heatDays)
	for len(days) > 0 && !c.To.IsZero() && days[len(days)-1].After(c.To) {
		days = days[:len(days)-1] // past the picture's last day
	}
	v.heat.set(c.SaturationMap(f, days), days)
	v.showUnmet(c.UnmetByOffice(f))
	v.showNoShows(c, f)
	v.showWaits(c.WaitsByOffice(f, v.now))
	v.showCursor()
	v.showData()
	// The parts changed size: lay the screen out again.
	v.content.Refresh()
}

// showData says when the picture was refreshed and, offline, that the
// actions need the network.
func (v *View) showData() {
	at := v.capacity.Refreshed
	switch {
	case at.IsZero():
		v.dataTime.SetText(i18n.T("mgr.no_data"))
	case v.offline:
		v.dataTime.SetText(i18n.T("mgr.data_offline", at.In(model.Rome).Format("02/01/2006 15:04")))
	default:
		v.dataTime.SetText(i18n.T("mgr.data_of", at.In(model.Rome).Format("02/01/2006 15:04")))
	}
	v.setActions()
}

// setActions enables the actions when a cell is selected, online.
func (v *View) setActions() {
	_, _, _, ok := v.heat.selected()
	for _, b := range []*widget.Button{v.clone, v.duration} {
		if ok && !v.offline {
			b.Enable()
		} else {
			b.Disable()
		}
	}
}

// showCursor writes the cell under the cursor, so that it reads without
// colour too.
func (v *View) showCursor() {
	office, desk, day, ok := v.heat.selected()
	if !ok {
		v.cursor.SetText(i18n.T("mgr.no_cell"))
		return
	}
	s := v.heat.rows[v.heat.row].Days[v.heat.col]
	what := i18n.T("mgr.cell_closed")
	if s.Known {
		what = i18n.T("mgr.cell_of", s.Percent(), s.Booked, s.Open)
	}
	v.cursor.SetText(fmt.Sprintf("%s · %s · %s: %s", v.capacity.OfficeName(office), desk, i18n.LongDate(day), what))
}

// fire calls a hook with the cell under the cursor.
func (v *View) fire(hook func(office, desk string, day time.Time)) {
	office, desk, day, ok := v.heat.selected()
	if hook == nil || !ok || v.offline {
		return
	}
	hook(office, desk, day)
}

// Selected is the office, sportello and day under the cursor (for the
// window's dialogs and tests).
func (v *View) Selected() (office, desk string, day time.Time, ok bool) { return v.heat.selected() }

// Package ui holds Sportello's Fyne screens. Screens read view data and call
// actions through the small interfaces declared here, which package app
// implements; ui never touches the cache or the network itself.
package dayview

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
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

// AgendaSource is what the day view reads. app.Console implements it.
type AgendaSource interface {
	DayAgenda(ctx context.Context, day time.Time) ([]model.AgendaEntry, error)
	Citizen(ctx context.Context, cf string, why model.Access) (model.Citizen, error)
	Operator(ctx context.Context) (model.Operator, error)
	Today() time.Time
	Now() time.Time
	// OfficeOpen says whether the operator's office receives on a day
	// (known false: its hours are not on this computer).
	OfficeOpen(ctx context.Context, day time.Time) (open, known bool)
	// FetchDay brings a day that is not in the mirror from central.
	FetchDay(ctx context.Context, day time.Time) (int, error)
}

// ActionSource is what the day view does: the operator's actions, which
// land in the mirror at once and reach central through the sync loop.
// app.Console implements it.
type ActionSource interface {
	RecordSlotEvent(ctx context.Context, slotID string, ev model.SlotEvent, outcome model.Outcome, note string) (model.Slot, error)
	AddNote(ctx context.Context, cf, text string) error
	SuggestionSource
	widgets.UndoSource
}

// Source is everything the day view reads and does. app.Console
// implements it.
type Source interface {
	AgendaSource
	ActionSource
	VisitSource
	widgets.SyncSource
	Searcher
}

// DayView is the operator's day: the timeline of the day's slots, the
// actions on the selected one and the caller's file.
type DayView struct {
	src     Source
	day     time.Time
	win     fyne.Window
	openURL func(*url.URL) error // the system browser; tests watch it
	meeting *meetingDialog       // the meeting's link shown, if any

	// Touched on the UI goroutine only.
	entries  []model.AgendaEntry
	tl       timeline
	op       model.Operator
	selected string        // id of the selected slot, kept across reloads
	fileCF   string        // codice fiscale of the file in the panel
	bySearch bool          // the file in the panel was opened by search, not from the agenda
	cit      model.Citizen // the file in the panel, read once per opening
	citErr   error
	asked    uint64 // how many days were asked for
	shown    uint64 // which of them is on screen: a load asked for earlier is dropped
	autoSel  bool   // today's current or next slot was selected once: not again after moving away
	autoOpen bool   // the console, not the operator, is opening a file now
	applying bool   // apply is moving the selection: no new opening
	// fetches are the days not in the mirror asked of central, and how
	// it went: the empty day says which.
	fetches map[time.Time]*dayFetch
	moved   bool // the operator left today's agenda: reloads stay on their day
	// noteDrafts are the notes closed unsaved, by codice fiscale: in
	// memory only, never on disk.
	noteDrafts map[string]string
	// markPrev are the suggestions as they were before each mark given
	// here, by codice fiscale and suggestion, latest last: what the undo
	// bar puts back on screen.
	markPrev map[string][]model.Suggestion

	title    *widget.Label
	operator *widget.Label
	counts   *widget.Label
	problem  *widget.Label // what went wrong reading the mirror, if anything
	opening  *widget.Label // why the console opened on a day other than today
	banner   *fyne.Container
	bannerTx *widget.Label
	list     *widgets.FocusList
	empty    *widget.Label
	actions  *slotActions
	visit    *visitBar // the visit under way (part of actions)
	file     *widgets.FilePanel
	search   *SearchBox
	bar      *widgets.StatusBar
	header   *fyne.Container
	columns  *fyne.Container // the list's column headings
	deskHead *widget.Label   // the desk column's heading, shown for an office's agenda
	content  fyne.CanvasObject
	refresh  *widget.Button
	prefetch *widget.Button
}

// NewDayView builds the day view for src's today. Call Reload to fill it.
func NewDayView(src Source) *DayView {
	v := &DayView{src: src, day: src.Today(), fetches: map[time.Time]*dayFetch{}, noteDrafts: map[string]string{},
		markPrev: map[string][]model.Suggestion{}}
	v.openURL = widgets.OpenLink
	v.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.title.SizeName = theme.SizeNameSubHeadingText
	v.title.Truncation = fyne.TextTruncateEllipsis
	v.operator = widget.NewLabel("")
	v.counts = widget.NewLabel("")
	v.problem = widget.NewLabel("")
	v.problem.Importance = widget.DangerImportance
	v.problem.Wrapping = fyne.TextWrapWord
	v.problem.Hide()
	v.opening = widget.NewLabel("")
	v.opening.Wrapping = fyne.TextWrapWord
	v.opening.Importance = widget.WarningImportance
	v.opening.Hide()

	v.list = widgets.NewFocusList(func() int { return len(v.tl.rows) },
		func() fyne.CanvasObject { return newDayRow() },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(v.tl.rows) {
				o.(*dayRow).show(&v.tl, v.entries, v.tl.rows[id])
			}
		})
	v.list.OnSelected = v.rowSelected
	v.empty = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
	v.empty.Wrapping = fyne.TextWrapWord

	v.file = widgets.NewFilePanel(v.src.Now, v.copyText, v.addNote)
	v.file.OnMeeting = v.showMeeting
	v.file.EnableMarks()
	v.actions = newSlotActions(v)
	v.search = NewSearchBox(src, v.openCard)
	v.bar = widgets.NewStatusBar(src)
	v.refresh = widget.NewButtonWithIcon(i18n.T("day.refresh"), theme.ViewRefreshIcon(), v.refreshDay)
	v.prefetch = widget.NewButton(i18n.T("prefetch.button"), func() {
		if v.win != nil {
			widgets.ShowPrefetch(src, v.win, func() { v.Reload(context.Background()) })
		}
	})

	v.bannerTx = widget.NewLabel("")
	v.bannerTx.Wrapping = fyne.TextWrapWord
	retry := widget.NewButtonWithIcon(i18n.T("day.retry"), theme.ViewRefreshIcon(), src.Kick)
	v.banner = container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), retry, v.bannerTx)
	v.banner.Hide()

	searchBox := container.NewGridWrap(fyne.NewSize(380, v.search.Content().MinSize().Height), v.search.Content())
	navBox := container.NewHBox(
		widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { v.step(-1) }),
		widget.NewButton(i18n.T("day.today"), v.goToday),
		widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { v.step(1) }),
		widget.NewButtonWithIcon("", theme.CalendarIcon(), v.pickDay))
	v.header = container.NewVBox(
		container.NewBorder(nil, nil, navBox, container.NewHBox(searchBox, v.prefetch, v.refresh), v.title),
		container.NewHBox(v.operator, widget.NewSeparator(), v.counts, layout.NewSpacer()),
		v.opening, v.problem, v.banner)
	heads := make([]fyne.CanvasObject, 0, len(colWidths)+1)
	for i := 0; i <= len(colWidths); i++ {
		heads = append(heads, widget.NewLabelWithStyle(i18n.T(fmt.Sprintf("day.col.%d", i)), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	}
	v.deskHead = widget.NewLabelWithStyle(i18n.T("day.col.desk"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.deskHead.Hide()
	heads = append(heads[:1], append([]fyne.CanvasObject{v.deskHead}, heads[1:]...)...)
	v.columns = container.New(columnsLayout{colWidths}, heads...)
	agenda := container.NewBorder(container.NewVBox(v.columns, widget.NewSeparator()), v.actions.content, nil, nil,
		container.NewStack(v.list.Framed(), container.NewCenter(container.NewGridWrap(fyne.NewSize(520, 120), v.empty))))
	split := container.NewHSplit(agenda, v.file.Content())
	split.Offset = 0.68
	// The search results are drawn over the whole view, under the box.
	v.content = container.NewStack(container.NewBorder(v.header, v.bar.Content(), nil, nil, split), v.search.Layer())
	v.actions.show(nil)
	return v
}

// SetWindow gives the view the window its dialogs open in, and binds the
// keyboard shortcuts to it.
func (v *DayView) SetWindow(w fyne.Window) {
	v.win = w
	v.bar.SetWindow(w)
	bindShortcuts(v, w.Canvas())
}

// ShowStatus shows the sync status in the status bar, and in the banner
// when the data on screen may be old; it runs on the UI goroutine.
func (v *DayView) ShowStatus(st app.SyncStatus) {
	v.bar.Show(st)
	v.actions.undo.Refresh()
	text := ""
	switch {
	case st.State != app.StateOffline || st.Err == nil:
	case errors.Is(st.Err, app.ErrOffline) && st.LastSync.IsZero():
		text = i18n.T("banner.offline_never")
	case errors.Is(st.Err, app.ErrOffline):
		text = i18n.T("banner.offline", st.LastSync.In(model.Rome).Format("02/01/2006"), widgets.Clock(st.LastSync))
	default:
		text = i18n.T("banner.sync_failed", app.Explain(st.Err))
	}
	if text == v.bannerTx.Text && v.banner.Visible() == (text != "") {
		return
	}
	v.bannerTx.SetText(text)
	v.banner.Hidden = text == ""
	v.header.Refresh()
}

// KeepPlace shows the day, the slot selected and the slot moved of old, a
// day view this one replaces (the screens are built again when the
// language changes).
func (v *DayView) KeepPlace(old *DayView) {
	v.day, v.selected, v.moved = old.day, old.selected, old.moved
}

// Content is the view's root object.
func (v *DayView) Content() fyne.CanvasObject { return v.content }

// dayState is what one reload reads from the source, off the UI goroutine.
type dayState struct {
	day      time.Time
	entries  []model.AgendaEntry
	operator model.Operator
	hasOp    bool
	sync     app.SyncStatus
	open     bool // the office receives that day
	err      error
}

func (v *DayView) load(ctx context.Context, day time.Time) dayState {
	st := dayState{day: day}
	st.entries, st.err = v.src.DayAgenda(ctx, day)
	if op, err := v.src.Operator(ctx); err == nil {
		st.operator, st.hasOp = op, true
	}
	st.sync = v.src.Status(ctx)
	open, known := v.src.OfficeOpen(ctx, day)
	st.open = model.IsWorkingDay(day) && (open || !known)
	return st
}

// apply shows a loaded state; it runs on the UI goroutine.
func (v *DayView) apply(st dayState) {
	if !st.day.Equal(v.day) {
		v.day, v.selected = st.day, ""
		// The file of a slot belongs to its day: another day's agenda
		// must not leave it open (a note would land on the wrong
		// citizen). A file found by search stays, labelled as such.
		v.list.UnselectAll()
		v.list.ScrollToTop()
		v.actions.show(nil)
		if !v.bySearch {
			v.closeFile()
		}
	}
	v.entries = st.entries
	v.tl = buildTimeline(st.entries, v.src.Now())
	showDeskColumn(v.columns, v.deskHead, v.tl.desks)
	v.title.SetText(i18n.T("day.title", i18n.LongDate(v.day)))
	if st.hasOp {
		v.op = st.operator
		who := st.operator.Name + " · " + st.operator.Office.Name
		if st.operator.Desk != "" {
			who += " · " + st.operator.Desk // reception has the whole office, no desk
		}
		v.operator.SetText(who)
	}
	v.counts.SetText(countsText(v.tl.counts))
	// A console opened on a day when the office is closed (a weekend, a
	// Punto INPS's day off) says why it shows another day.
	if now := model.Day(v.src.Now()); !v.moved && !v.day.Equal(now) {
		v.opening.SetText(i18n.T("day.opened_on", i18n.LongDate(now), i18n.LongDate(v.day)))
		v.opening.Show()
	} else {
		v.opening.Hide()
	}
	v.problem.SetText(app.Explain(st.err))
	v.problem.Hidden = st.err == nil
	v.ShowStatus(st.sync)
	v.showEmpty(st)
	v.header.Refresh()
	v.list.Refresh()
	v.reselect()
}

// reselect keeps the operator where they were after a reload: the selected
// slot stays selected, its file open. On a day just opened it selects the
// slot under way, or the next one.
func (v *DayView) reselect() {
	v.applying = true
	defer func() { v.applying = false }()
	want := v.selectedIndex()
	// Only today's agenda opens a file by itself: the slot under way is
	// ready when the citizen arrives. Another day is browsed, not served.
	today := v.day.Equal(model.Day(v.src.Now()))
	if want < 0 && v.selected == "" && !v.autoSel && v.fileCF == "" && today && len(v.entries) > 0 {
		v.autoSel = true
		want = v.tl.current
		if want < 0 || !v.entries[want].Open() {
			want = v.tl.next
		}
		if want >= 0 {
			// The trail says the console opened this file, not the operator.
			v.autoOpen = true
			defer func() { v.autoOpen = false }()
		}
	}
	if want < 0 {
		if v.selected != "" {
			v.selected = ""
			v.list.UnselectAll()
			v.closeFile()
		}
		v.actions.show(nil)
		return
	}
	v.selectEntry(want)
}

// showEmpty says why a day has nothing to show, in place of a blank list.
func (v *DayView) showEmpty(st dayState) {
	switch {
	case len(st.entries) > 0 || st.err != nil:
		v.empty.Hide()
		return
	case !st.open:
		v.empty.SetText(i18n.T("day.empty.closed", i18n.LongDate(v.day)))
	case st.sync.LastSync.IsZero():
		v.empty.SetText(i18n.T("day.empty.never"))
	default:
		text, fetch := v.missingDay(st.day)
		v.empty.SetText(text)
		v.empty.Show()
		if fetch {
			v.fetchDay(st.day)
		}
		return
	}
	v.empty.Show()
}

// dayFetch is a day not in the mirror asked of central.
type dayFetch struct {
	done  bool
	slots int
	at    time.Time
	err   error
}

// missingDay says why an open day shows nothing: it is not on this
// computer (the changes feed does not carry it, or it was purged as
// past). The first time it is shown it is to be asked of central (fetch);
// then the text says how that went. It runs on the UI goroutine.
func (v *DayView) missingDay(day time.Time) (text string, fetch bool) {
	f := v.fetches[day]
	switch {
	case f == nil:
		return i18n.T("day.empty.fetching", i18n.LongDate(day)), true
	case !f.done:
		return i18n.T("day.empty.fetching", i18n.LongDate(day)), false
	case errors.Is(f.err, app.ErrOffline):
		return i18n.T("day.empty.offline", i18n.LongDate(day)), false
	case f.err != nil:
		return i18n.T("day.empty.fetch_failed", i18n.LongDate(day), app.Explain(f.err)), false
	default:
		return i18n.T("day.empty.none", widgets.Clock(f.at)), false
	}
}

// fetchDay asks central for a day not in the mirror, off the UI
// goroutine, and shows it again when the answer is in.
func (v *DayView) fetchDay(day time.Time) {
	f := &dayFetch{}
	v.fetches[day] = f
	widgets.Background(func() {
		n, err := v.src.FetchDay(context.Background(), day)
		if err != nil {
			slog.Warn("fetch a day", "err", err)
		}
		fyne.DoAndWait(func() { f.done, f.slots, f.at, f.err = true, n, v.src.Now(), err })
		v.ShowDay(context.Background(), day)
	})
}

// refreshDay is Aggiorna: a sync now, and the day shown asked of central
// again when it is not in the mirror.
func (v *DayView) refreshDay() {
	v.src.Kick()
	if len(v.entries) == 0 && v.empty.Visible() {
		if f := v.fetches[v.day]; f == nil || f.done {
			v.empty.SetText(i18n.T("day.empty.fetching", i18n.LongDate(v.day)))
			v.fetchDay(v.day)
		}
	}
}

// countsText sums up the day: how many slots in each status.
func countsText(counts map[model.Status]int) string {
	var parts []string
	for _, s := range model.Statuses {
		if n := counts[s]; n > 0 {
			parts = append(parts, i18n.T("count."+string(s), n))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, " · ")
}

// Reload reads the day shown from the source and shows it. As every
// screen's, it runs off the UI goroutine (see ui.Screen): the day is read
// on the UI goroutine first, the mirror off it, and the result is shown
// with fyne.Do.
func (v *DayView) Reload(ctx context.Context) {
	var day time.Time
	var moved bool
	fyne.DoAndWait(func() { day, moved = v.day, v.moved })
	if !moved {
		// Following today: the office's next open day (known after the
		// first sync), and the next day after midnight.
		day = v.src.Today()
	}
	v.ShowDay(ctx, day)
}

// ShowDay reads a day and shows it; it blocks like Reload. When the
// operator moves on before it is read, the older day is not shown.
func (v *DayView) ShowDay(ctx context.Context, day time.Time) {
	var asked uint64
	fyne.DoAndWait(func() { v.asked++; asked = v.asked })
	st := v.load(ctx, model.Day(day))
	fyne.DoAndWait(func() {
		if asked < v.shown {
			return
		}
		v.shown = asked
		v.apply(st)
	})
}

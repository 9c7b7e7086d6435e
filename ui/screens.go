package ui

import (
	"cmp"
	"context"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"sportello/app"
	"sportello/assets/i18n"
	"sportello/model"
	"sportello/ui/dayview"
	"sportello/ui/display"
	"sportello/ui/inbox"
	"sportello/ui/manager"
	"sportello/ui/reception"
	"sportello/ui/widgets"
)

// queueEvery is how often the queue of tickets is redrawn.
const queueEvery = 30 * time.Second

// Screen is a view the window shows in a tab: it draws itself from the
// mirror when reloaded and shows the sync's state in its status bar.
//
// One threading rule holds for every screen: Reload (and any work of an
// action) runs off the UI goroutine (the window calls it from a goroutine,
// an action through widgets.Background); the state of the widgets it
// needs is read on the UI goroutine first (fyne.DoAndWait), the mirror off
// it, and the result is set on the widgets with fyne.Do.
type Screen interface {
	// Content is the screen's root object.
	Content() fyne.CanvasObject
	// SetWindow gives the screen the window its dialogs open in.
	SetWindow(w fyne.Window)
	// Reload reads the mirror again and shows it.
	Reload(ctx context.Context)
	// ShowStatus shows the sync's state.
	ShowStatus(st app.SyncStatus)
}

// The tabs a screen can be shown in, by the i18n key of their names.
const (
	tabQueue   = "tab.queue"
	tabBooking = "tab.booking"
	tabDay     = "tab.day"
	tabInbox   = "tab.inbox"
	tabReport  = "tab.report"
	tabManager = "tab.manager"
)

// roleTab is a tab an operator's role calls for and its place among the
// tabs (lower first).
type roleTab struct {
	tab   string
	place int
}

// roleTabs are the tabs of each role: the Prima accoglienza starts on the
// queue, a Punto INPS and a desk on the day view; whoever has a day view
// has its report, last. An operator with several roles has each tab once,
// at its first place.
var roleTabs = map[model.Role][]roleTab{
	model.RoleAccoglienza: {{tabQueue, 0}, {tabBooking, 1}, {tabDay, 2}, {tabReport, 6}},
	model.RolePuntoINPS:   {{tabDay, 2}, {tabBooking, 3}, {tabQueue, 4}, {tabReport, 6}},
	model.RoleSportello:   {{tabDay, 2}, {tabReport, 6}},
	model.RoleCRIC:        {{tabInbox, 5}},
	// The head of a structure reads the agendas of the offices in scope;
	// no day view of his own.
	model.RoleResponsabile: {{tabManager, 7}},
}

// deskTabs are the tabs of a role the table does not name (or of no
// role): a desk's.
var deskTabs = []roleTab{{tabDay, 2}, {tabReport, 6}}

// tabsOf are the tabs of an operator's roles, in order.
func tabsOf(roles []model.Role) []string {
	place := map[string]int{}
	add := func(tabs []roleTab) {
		for _, t := range tabs {
			if p, ok := place[t.tab]; !ok || t.place < p {
				place[t.tab] = t.place
			}
		}
	}
	for _, r := range roles {
		tabs, ok := roleTabs[r]
		if !ok {
			tabs = deskTabs
		}
		add(tabs)
	}
	if len(roles) == 0 {
		add(deskTabs)
	}
	tabs := make([]string, 0, len(place))
	for t := range place {
		tabs = append(tabs, t)
	}
	slices.SortFunc(tabs, func(a, b string) int { return cmp.Compare(place[a], place[b]) })
	return tabs
}

// screens are the views of the window, as the operator's roles call for,
// in tabs when more than one.
type screens struct {
	day     *dayview.DayView
	inbox   *inbox.InboxView
	booking *reception.BookingView
	queue   *reception.QueueView
	report  *reception.ReportView
	manager *manager.View
	content fyne.CanvasObject
	// shown are the screens built, in the order of their tabs.
	shown []Screen
}

// build builds the screen of a tab, its keys bound to the window's canvas.
func (s *screens) build(tab string, c *app.Console, w fyne.Window) Screen {
	switch tab {
	case tabQueue:
		s.queue = keyed(w, "queue", reception.NewQueueView(c), reception.QueueKeys)
		s.queue.OpenDisplay = func() { display.Open(fyne.CurrentApp(), c, false) }
		return s.queue
	case tabBooking:
		s.booking = keyed(w, "booking", reception.NewBookingView(c), reception.BookingKeys)
		return s.booking
	case tabDay:
		s.day = dayview.NewDayView(c)
		s.day.SetWindow(w) // binds the day's keys
		return s.day
	case tabInbox:
		s.inbox = keyed(w, "inbox", inbox.NewInboxView(c), inbox.InboxKeys)
		return s.inbox
	case tabReport:
		s.report = keyed(w, "report", reception.NewReportView(c), reception.ReportKeys)
		return s.report
	case tabManager:
		m := keyed(w, "manager", manager.NewView(c), manager.Keys)
		reload := func() { widgets.Background(func() { m.Reload(context.Background()) }) }
		m.OnClone = func(office, desk string, day time.Time) {
			manager.ShowCloneDesk(w, c, m.Target(office, desk, day), reload)
		}
		m.OnDuration = func(office, desk string, day time.Time) {
			manager.ShowSlotDuration(w, c, m.Target(office, desk, day), reload)
		}
		s.manager = m
		return m
	}
	panic("ui: no screen for tab " + tab)
}

// keyed gives a screen the window and binds its keys to the window's
// canvas, under its name.
func keyed[V Screen](w fyne.Window, name string, v V, keys []widgets.KeyOf[V]) V {
	v.SetWindow(w)
	widgets.BindKeys(w.Canvas(), name, v.Content(), v, keys)
	return v
}

// newScreens builds the views of an operator's roles (roleTabs), as tabs
// when more than one.
func newScreens(c *app.Console, op model.Operator, w fyne.Window) screens {
	var s screens
	var tabs []*container.TabItem
	for _, tab := range tabsOf(op.Roles) {
		v := s.build(tab, c, w)
		s.shown = append(s.shown, v)
		tabs = append(tabs, container.NewTabItem(i18n.T(tab), v.Content()))
	}
	s.content = tabs[0].Content
	if len(tabs) > 1 {
		at := container.NewAppTabs(tabs...)
		widgets.BindTabKeys(w.Canvas(), at)
		s.content = at
	}
	return s
}

// reload reloads every screen shown; it runs off the UI goroutine.
func (s screens) reload(ctx context.Context) {
	for _, v := range s.shown {
		v.Reload(ctx)
	}
}

// showStatus shows the sync's state on every screen; it runs on the UI
// goroutine.
func (s screens) showStatus(st app.SyncStatus) {
	for _, v := range s.shown {
		v.ShowStatus(st)
	}
}

package ui

import (
	"context"
	"slices"
	"sportello/app"
	"sportello/assets/i18n"
	"sportello/model"
	"sportello/ui/dayview"
	"sportello/ui/inbox"
	"sportello/ui/reception"
	"sportello/ui/widgets"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// queueEvery is how often the queue of tickets is redrawn.
const queueEvery = 30 * time.Second

// screens are the views of the window, as the operator's roles call for:
// the day view and its report for a desk, the inbox of schede for a CRIC
// consultant, the queue and the booking for the reception and the Punto
// INPS; in tabs when more than one.
type screens struct {
	day     *dayview.DayView
	inbox   *inbox.InboxView
	booking *reception.BookingView
	queue   *reception.QueueView
	report  *reception.ReportView
	content fyne.CanvasObject
	// reloaders and statuses are the views built, to refresh.
	reloaders []interface{ Reload(context.Context) }
	statuses  []interface{ ShowStatus(app.SyncStatus) }
}

// newScreens builds the views of an operator's roles, as tabs when more
// than one: the Prima accoglienza starts on the queue, a Punto INPS and a
// desk on the day view; whoever has a day view has its report.
func newScreens(c *app.Console, op model.Operator, w fyne.Window) screens {
	var s screens
	has := func(r model.Role) bool { return slices.Contains(op.Roles, r) }
	cric := has(model.RoleCRIC)
	atReception := has(model.RoleAccoglienza) || has(model.RolePuntoINPS)
	var tabs []*container.TabItem
	add := func(key string, content fyne.CanvasObject) {
		tabs = append(tabs, container.NewTabItem(i18n.T(key), content))
	}
	if atReception {
		s.queue, s.booking = reception.NewQueueView(c), reception.NewBookingView(c)
		s.queue.SetWindow(w)
		s.booking.SetWindow(w)
		widgets.BindKeys(w.Canvas(), "queue", s.queue.Content(), s.queue, reception.QueueKeys)
		widgets.BindKeys(w.Canvas(), "booking", s.booking.Content(), s.booking, reception.BookingKeys)
		s.reloaders = append(s.reloaders, s.queue, s.booking)
		s.statuses = append(s.statuses, s.queue, s.booking)
	}
	if has(model.RoleAccoglienza) {
		add("tab.queue", s.queue.Content())
		add("tab.booking", s.booking.Content())
	}
	if !cric || slices.ContainsFunc(op.Roles, func(r model.Role) bool { return r != model.RoleCRIC }) {
		s.day, s.report = dayview.NewDayView(c), reception.NewReportView(c)
		s.day.SetWindow(w)
		s.report.SetWindow(w)
		widgets.BindKeys(w.Canvas(), "report", s.report.Content(), s.report, reception.ReportKeys)
		s.reloaders = append(s.reloaders, s.day, s.report)
		s.statuses = append(s.statuses, s.day, s.report)
		add("tab.day", s.day.Content())
	}
	if atReception && !has(model.RoleAccoglienza) {
		add("tab.booking", s.booking.Content())
		add("tab.queue", s.queue.Content())
	}
	if cric {
		s.inbox = inbox.NewInboxView(c)
		s.inbox.SetWindow(w)
		widgets.BindKeys(w.Canvas(), "inbox", s.inbox.Content(), s.inbox, inbox.InboxKeys)
		s.reloaders = append(s.reloaders, s.inbox)
		s.statuses = append(s.statuses, s.inbox)
		add("tab.inbox", s.inbox.Content())
	}
	if s.report != nil {
		add("tab.report", s.report.Content())
	}
	s.content = tabs[0].Content
	if len(tabs) > 1 {
		at := container.NewAppTabs(tabs...)
		widgets.BindTabKeys(w.Canvas(), at)
		s.content = at
	}
	return s
}

func (s screens) reload(ctx context.Context) {
	for _, v := range s.reloaders {
		v.Reload(ctx)
	}
}

func (s screens) showStatus(st app.SyncStatus) {
	for _, v := range s.statuses {
		v.ShowStatus(st)
	}
}

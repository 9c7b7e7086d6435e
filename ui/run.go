package ui

import (
	"context"
	"log/slog"
	"os"
	"slices"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"

	"sportello/app"
	"sportello/assets/i18n"
	"sportello/model"
)

// AppID identifies Sportello to the OS (preferences, notifications).
const AppID = "it.inps.sportello"

// syncEvery is how often the sync loop runs when nothing asks it to.
const syncEvery = 2 * time.Minute

// remindEvery is how often the reminders are checked.
const remindEvery = 20 * time.Second

// Run opens the console window on the day view and blocks until it is
// closed. The window shows the mirror at once; the sync loop starts when
// the app is running, sends each action as soon as it is recorded, and
// refreshes the view after every sync. started is when the process began,
// for the log line that says how long the first agenda took.
func Run(c *app.Console, started time.Time) {
	a := fyneapp.NewWithID(AppID)
	prefs := c.Preferences()
	if t := os.Getenv("SPORTELLO_THEME"); t != "" {
		prefs.Theme = t
	}
	a.Settings().SetTheme(themeFor(prefs.Theme))
	w := a.NewWindow(i18n.T("app.title"))
	ctx, stop := context.WithCancel(context.Background())

	op, _ := c.Operator(ctx)
	var scr screens // the views shown; replaced when the language changes (UI goroutine only)
	var build func()
	build = func() {
		old := scr
		scr = newScreens(c, op, w)
		if old.day != nil && scr.day != nil {
			scr.day.day, scr.day.selected = old.day.day, old.day.selected
		}
		if old.inbox != nil {
			old.inbox.Close()
		}
		w.SetContent(scr.content)
		w.SetTitle(i18n.T("app.title"))
		w.SetMainMenu(mainMenu(c, a, func() { build(); go scr.reload(ctx) }))
	}
	build()
	w.Resize(fyne.NewSize(1366, 740))

	var loop sync.WaitGroup
	c.OnStatus(func(st app.SyncStatus) {
		fyne.Do(func() { scr.showStatus(st) })
		if st.State == app.StateOnline {
			fyne.Do(func() {
				cur := scr
				// Not waited for: after the window closes nothing would run it.
				go cur.reload(ctx)
			})
		}
	})
	a.Lifecycle().SetOnStarted(func() {
		go func() {
			scr.reload(ctx)
			fyne.Do(func() { slog.Info("agenda shown", "since_start", time.Since(started).Round(time.Millisecond)) })
		}()
		loop.Go(func() { c.RunSync(ctx, syncEvery) })
		if scr.day != nil {
			loop.Go(func() { newReminders(c, prefs.Reminder()).run(ctx, remindEvery) })
		}
		if scr.queue != nil {
			// Waiting times grow, and colleagues issue and call tickets.
			loop.Go(func() {
				every(ctx, queueEvery, func() {
					fyne.Do(func() {
						if q := scr.queue; q != nil {
							go q.Reload(ctx)
						}
					})
				})
			})
		}
	})
	w.ShowAndRun()
	if scr.inbox != nil {
		scr.inbox.Close() // the draft being typed is kept
	}
	stop()
	loop.Wait() // a sync under way ends with its transaction, not half-way
	RemovePrinted()
}

// queueEvery is how often the queue of tickets is redrawn.
const queueEvery = 30 * time.Second

// every runs f every period until ctx ends.
func every(ctx context.Context, period time.Duration, f func()) {
	t := time.NewTicker(period)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			f()
		}
	}
}

// screens are the views of the window, as the operator's roles call for:
// the day view and its report for a desk, the inbox of schede for a CRIC
// consultant, the queue and the booking for the reception and the Punto
// INPS; in tabs when more than one.
type screens struct {
	day     *DayView
	inbox   *InboxView
	booking *BookingView
	queue   *QueueView
	report  *ReportView
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
	reception := has(model.RoleAccoglienza) || has(model.RolePuntoINPS)
	var tabs []*container.TabItem
	add := func(key string, content fyne.CanvasObject) {
		tabs = append(tabs, container.NewTabItem(i18n.T(key), content))
	}
	if reception {
		s.queue, s.booking = NewQueueView(c), NewBookingView(c)
		s.queue.SetWindow(w)
		s.booking.SetWindow(w)
		s.reloaders = append(s.reloaders, s.queue, s.booking)
		s.statuses = append(s.statuses, s.queue, s.booking)
	}
	if has(model.RoleAccoglienza) {
		add("tab.queue", s.queue.Content())
		add("tab.booking", s.booking.Content())
	}
	if !cric || slices.ContainsFunc(op.Roles, func(r model.Role) bool { return r != model.RoleCRIC }) {
		s.day, s.report = NewDayView(c), NewReportView(c)
		s.day.SetWindow(w)
		s.report.SetWindow(w)
		s.reloaders = append(s.reloaders, s.day, s.report)
		s.statuses = append(s.statuses, s.day)
		add("tab.day", s.day.Content())
	}
	if reception && !has(model.RoleAccoglienza) {
		add("tab.booking", s.booking.Content())
		add("tab.queue", s.queue.Content())
	}
	if cric {
		s.inbox = NewInboxView(c)
		s.inbox.SetWindow(w)
		s.reloaders = append(s.reloaders, s.inbox)
		s.statuses = append(s.statuses, s.inbox)
		add("tab.inbox", s.inbox.Content())
	}
	if s.report != nil {
		add("tab.report", s.report.Content())
	}
	s.content = tabs[0].Content
	if len(tabs) > 1 {
		s.content = container.NewAppTabs(tabs...)
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

// mainMenu is the window's menu: the theme and the language, kept in the
// operator's preferences. rebuild draws the view again in a new language.
func mainMenu(c *app.Console, a fyne.App, rebuild func()) *fyne.MainMenu {
	setTheme := func(name string) func() {
		return func() {
			p := c.Preferences()
			p.Theme = name
			if err := c.SetPreferences(p); err != nil {
				slog.Warn("keep the theme preference", "err", err)
			}
			a.Settings().SetTheme(themeFor(name))
		}
	}
	setLang := func(lang string) func() {
		return func() {
			if err := i18n.SetLanguage(lang); err != nil {
				slog.Warn("language", "err", err)
				return
			}
			p := c.Preferences()
			p.Language = lang
			if err := c.SetPreferences(p); err != nil {
				slog.Warn("keep the language preference", "err", err)
			}
			rebuild()
		}
	}
	view := fyne.NewMenu(i18n.T("menu.view"),
		fyne.NewMenuItem(i18n.T("menu.theme_light"), setTheme(app.ThemeLight)),
		fyne.NewMenuItem(i18n.T("menu.theme_dark"), setTheme(app.ThemeDark)),
		fyne.NewMenuItem(i18n.T("menu.theme_system"), setTheme("")),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Italiano", setLang("it")),
		fyne.NewMenuItem("English", setLang("en")))
	return fyne.NewMainMenu(view)
}

// background runs work that must not hold up the UI goroutine (reads and
// writes of the mirror); it hands its results back with fyne.Do. Tests
// replace it: Fyne's test driver has no UI goroutine and runs fyne.Do on
// the caller's, so work left running in the background would race with
// the test.
var background = func(f func()) { go f() }

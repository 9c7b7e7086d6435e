package ui

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"sportello/app"
	"sportello/assets/i18n"
	"sportello/assets/icons"
	"sportello/model"
	"sportello/ui/dayview"
	"sportello/ui/session"
	"sportello/ui/widgets"
)

// AppID identifies Sportello to the OS (preferences, notifications).
const AppID = "it.inps.sportello"

// syncEvery is how often the sync loop runs when nothing asks it to.
const syncEvery = 2 * time.Minute

// remindEvery is how often the reminders are checked.
const remindEvery = 20 * time.Second

// Start is what the console window opens with: a console whose session
// is open, or none, and then the login screen, which opens one through
// Login.
type Start struct {
	Console *app.Console
	// Login opens a console for operator on server (a new session), for
	// the login screen. Server and Operator prefill it.
	Login            func(ctx context.Context, server, operator, password string) (*app.Console, error)
	Server, Operator string
	// Theme and TextSize are the theme and the text size of the login
	// screen (the operator's last).
	Theme    string
	TextSize int
	// Probe, for the end-to-end tests only, is a file the window's state
	// is written to as it changes (see Probe).
	Probe string
	// Soak, for tests only, replays a working day in the window, writes
	// its report to this file and closes the window (see soak.go);
	// SoakProfiles is a folder for its CPU and heap profiles, if any.
	Soak, SoakProfiles string
}

// Run opens the console window and blocks until it is closed: on the day
// view (or the operator's first screen) when the session is open, else on
// the login screen. The window shows the mirror at once; the sync loop
// starts when the app is running, sends each action as soon as it is
// recorded, and refreshes the view after every sync. started is when the
// process began, for the log line that says how long the first agenda
// took. It returns the console open when the window closed, if any.
func Run(start Start, started time.Time) *app.Console {
	a := fyneapp.NewWithID(AppID)
	a.SetIcon(icons.App)
	widgets.FollowLanguage(i18n.Language())
	a.Settings().SetTheme(widgets.ChosenTheme(app.Preferences{Theme: start.Theme, TextSize: start.TextSize}))
	w := a.NewWindow(i18n.T("app.title"))
	w.Resize(fyne.NewSize(1366, 740))
	var current *sessionWindow
	running := false
	var begin func(c *app.Console)
	showLogin := func(notice string) {
		current = nil
		w.SetMainMenu(nil)
		w.SetTitle(i18n.T("app.title"))
		f := session.NewLoginForm(w, session.LoginStart{Login: start.Login, Server: start.Server, Operator: start.Operator}, notice, begin)
		w.SetContent(f.Content)
		f.Focus(w)
	}
	begin = func(c *app.Console) {
		current = newSession(a, w, c, started, func(notice string) { showLogin(notice) })
		current.soak, current.soakProfiles = start.Soak, start.SoakProfiles
		if running {
			current.start()
		}
	}
	if start.Console != nil {
		begin(start.Console)
	} else {
		showLogin("")
	}
	a.Lifecycle().SetOnStarted(func() {
		running = true
		if current != nil {
			current.start()
		}
		if start.Probe != "" {
			go runProbe(w, start.Probe, func() *dayview.DayView {
				if current == nil {
					return nil
				}
				return current.scr.day
			})
		}
	})
	w.ShowAndRun()
	if current == nil {
		return nil
	}
	current.end()
	return current.c
}

// Fatal shows why the console cannot start, in a window of its own, and
// returns when the operator closes it.
func Fatal(msg string) {
	if err := CheckGraphics(); err != nil {
		// No window can be drawn: the system's own message box, where
		// there is one.
		alert(i18n.T("fatal.title"), msg)
		return
	}
	a := fyneapp.NewWithID(AppID)
	a.SetIcon(icons.App)
	widgets.FollowLanguage(i18n.Language())
	a.Settings().SetTheme(widgets.ChosenTheme(app.Preferences{}))
	w := a.NewWindow(i18n.T("app.title"))
	title := widget.NewLabelWithStyle(i18n.T("fatal.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	text := widget.NewLabel(msg)
	text.Wrapping = fyne.TextWrapWord
	closeBtn := widget.NewButton(i18n.T("fatal.close"), a.Quit)
	closeBtn.Importance = widget.HighImportance
	w.SetContent(container.NewPadded(container.NewBorder(nil, container.NewHBox(layout.NewSpacer(), closeBtn),
		container.NewVBox(session.AppLogo(64)), nil, container.NewVBox(title, text))))
	w.Resize(fyne.NewSize(640, 240))
	w.SetFixedSize(true)
	w.CenterOnScreen()
	// Nothing takes the focus: the window's keys are Esc, Enter and Space,
	// each closes it as Chiudi does.
	w.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		switch k.Name {
		case fyne.KeyEscape, fyne.KeyReturn, fyne.KeyEnter, fyne.KeySpace:
			a.Quit()
		}
	})
	w.ShowAndRun()
}

// sessionWindow is the window while an operator's console is open: its screens,
// its background loops and its idle lock.
type sessionWindow struct {
	a       fyne.App
	w       fyne.Window
	c       *app.Console
	started time.Time
	ctx     context.Context
	stop    context.CancelFunc
	loop    sync.WaitGroup
	op      model.Operator
	scr     screens // the views shown; replaced when the language changes (UI goroutine only)
	banner  *session.ExpiredBanner
	update  *session.UpdateBanner
	lock    *session.IdleLock
	// loggedOut shows the login screen again after a logout.
	loggedOut func(notice string)
	// soak is where a test-only soak writes its report (see Start).
	soak, soakProfiles string
	synced             int // syncs ended and shown (UI goroutine only)
}

// newSession shows the operator's screens in the window.
func newSession(a fyne.App, w fyne.Window, c *app.Console, started time.Time, loggedOut func(string)) *sessionWindow {
	s := &sessionWindow{a: a, w: w, c: c, started: started, loggedOut: loggedOut}
	s.ctx, s.stop = context.WithCancel(context.Background())
	a.Settings().SetTheme(widgets.ChosenTheme(c.Preferences()))
	s.op, _ = c.Operator(s.ctx)
	s.banner = session.NewExpiredBanner(c, w)
	s.update = session.NewUpdateBanner()
	s.lock = session.NewIdleLock(w, c, s.menu)
	s.build()
	c.OnStatus(func(st app.SyncStatus) {
		fyne.Do(func() {
			s.scr.showStatus(st)
			s.banner.Show(st)
			s.update.Show(st)
			if st.State == app.StateOnline {
				s.synced++
			}
		})
		if st.State == app.StateOnline {
			fyne.Do(func() {
				cur := s.scr
				// Not waited for: after the window closes nothing would run it.
				go cur.reload(s.ctx)
			})
		}
	})
	return s
}

// build draws the screens (again, in a new language).
func (s *sessionWindow) build() {
	old := s.scr
	s.scr = newScreens(s.c, s.op, s.w)
	if old.day != nil && s.scr.day != nil {
		s.scr.day.KeepPlace(old.day)
	}
	if old.inbox != nil {
		old.inbox.Close()
	}
	framed := container.NewBorder(container.NewVBox(s.update.Content, s.banner.Content), nil, nil, nil, s.scr.content)
	s.banner.Parent, s.update.Parent = framed, framed
	s.lock.SetContent(framed)
	s.w.SetTitle(i18n.T("app.title"))
	s.w.SetMainMenu(s.menu())
}

// start starts the loops of a session once the app runs: the first load,
// the sync loop, the reminders, the queue's redraw and the idle lock.
func (s *sessionWindow) start() {
	scr := s.scr
	go func() {
		scr.reload(s.ctx)
		fyne.Do(func() { slog.Info("agenda shown", "since_start", time.Since(s.started).Round(time.Millisecond)) })
	}()
	s.loop.Go(func() { s.c.RunSync(s.ctx, syncEvery) })
	if scr.day != nil {
		s.loop.Go(func() { dayview.NewReminders(s.c, s.c.Preferences().Reminder()).Run(s.ctx, remindEvery) })
	}
	if scr.queue != nil {
		// Waiting times grow, and colleagues issue and call tickets.
		s.loop.Go(func() {
			widgets.Every(s.ctx, queueEvery, func() {
				fyne.Do(func() {
					if q := s.scr.queue; q != nil {
						go q.Reload(s.ctx)
					}
				})
			})
		})
	}
	s.loop.Go(func() { s.lock.Run(s.ctx) })
	if s.soak != "" {
		host := dayview.SoakHost{App: s.a, Win: s.w, Ctx: s.ctx, Day: func() *dayview.DayView { return s.scr.day }, Synced: func() int { return s.synced }}
		go dayview.RunSoak(host, s.soak, s.soakProfiles)
	}
	if msg := s.c.Recovered(); msg != "" {
		text := widget.NewLabel(msg)
		text.Wrapping = fyne.TextWrapWord
		d := dialog.NewCustom(i18n.T("recovery.title"), i18n.T("dialog.close"), text, s.w)
		d.Resize(fyne.NewSize(560, 240))
		widgets.ShowDialog(s.w, d, nil)
	}
}

// restart starts the loops again after end, on new screens (the inbox's
// ended with them).
func (s *sessionWindow) restart() {
	s.ctx, s.stop = context.WithCancel(context.Background())
	s.build()
	s.start()
}

// end stops the loops; a sync under way ends with its transaction, not
// half-way. The draft being typed is kept.
func (s *sessionWindow) end() {
	if s.scr.inbox != nil {
		s.scr.inbox.Close()
	}
	s.stop()
	s.loop.Wait()
}

// menu is the window's menu: the session (lock, the operator's own audit
// trail, the connection diagnosis, logout), then the theme and the language, kept in the operator's
// preferences.
func (s *sessionWindow) menu() *fyne.MainMenu {
	c, a := s.c, s.a
	// setPrefs keeps a change of the screen's preferences, applies it and
	// ticks the menu's items again.
	setPrefs := func(change func(*app.Preferences)) func() {
		return func() {
			p := c.Preferences()
			change(&p)
			if err := c.SetPreferences(p); err != nil {
				slog.Warn("keep the screen preferences", "err", err)
			}
			a.Settings().SetTheme(widgets.ThemeFor(p))
			s.w.SetMainMenu(s.menu())
		}
	}
	prefs := c.Preferences()
	themeItem := func(key, name string) *fyne.MenuItem {
		it := fyne.NewMenuItem(i18n.T(key), setPrefs(func(p *app.Preferences) { p.Theme = name }))
		it.Checked = prefs.Theme == name
		return it
	}
	var sizes []*fyne.MenuItem
	for _, n := range app.TextSizes {
		it := fyne.NewMenuItem(i18n.T("menu.text_size_value", n), setPrefs(func(p *app.Preferences) { p.TextSize = n }))
		it.Checked = max(prefs.TextSize, 100) == n
		sizes = append(sizes, it)
	}
	textSize := fyne.NewMenuItem(i18n.T("menu.text_size"), nil)
	textSize.ChildMenu = fyne.NewMenu("", sizes...)
	setLang := func(lang string) func() {
		return func() {
			if err := i18n.SetLanguage(lang); err != nil {
				slog.Warn("language", "err", err)
				return
			}
			widgets.FollowLanguage(lang)
			p := c.Preferences()
			p.Language = lang
			if err := c.SetPreferences(p); err != nil {
				slog.Warn("keep the language preference", "err", err)
			}
			s.build()
			go s.scr.reload(s.ctx)
		}
	}
	langItem := func(name, lang string) *fyne.MenuItem {
		it := fyne.NewMenuItem(name, setLang(lang))
		it.Checked = i18n.Language() == lang
		return it
	}
	lock := fyne.NewMenuItem(i18n.T("menu.lock"), s.lock.LockNow)
	lock.Shortcut = session.LockShortcut
	items := []*fyne.MenuItem{lock, fyne.NewMenuItem(i18n.T("menu.trail"), func() { session.ShowTrail(a, c) }),
		fyne.NewMenuItem(i18n.T("menu.diagnose"), func() { session.ShowDiagnosis(s.w, c) })}
	if !c.Sandbox() {
		items = append(items, fyne.NewMenuItemSeparator(), fyne.NewMenuItem(i18n.T("menu.logout"), s.logout))
	}
	quit := fyne.NewMenuItem(i18n.T("menu.quit"), a.Quit)
	quit.IsQuit = true // in the operator's language, not the system's
	items = append(items, fyne.NewMenuItemSeparator(), quit)
	view := fyne.NewMenu(i18n.T("menu.view"),
		themeItem("menu.theme_light", app.ThemeLight),
		themeItem("menu.theme_dark", app.ThemeDark),
		themeItem("menu.theme_system", ""),
		themeItem("menu.theme_contrast", app.ThemeContrast),
		fyne.NewMenuItemSeparator(),
		textSize,
		fyne.NewMenuItemSeparator(),
		langItem("Italiano", "it"), langItem("English", "en"))
	return fyne.NewMainMenu(fyne.NewMenu(i18n.T("menu.session"), items...), view)
}

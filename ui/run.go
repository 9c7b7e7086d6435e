package ui

import (
	"context"
	"log/slog"
	"os"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"sportello/app"
	"sportello/assets/i18n"
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

	var v *DayView // the view shown; replaced when the language changes (UI goroutine only)
	var build func()
	build = func() {
		old := v
		v = NewDayView(c)
		v.SetWindow(w)
		if old != nil {
			v.day, v.selected = old.day, old.selected
		}
		w.SetContent(v.Content())
		w.SetTitle(i18n.T("app.title"))
		w.SetMainMenu(mainMenu(c, a, func() { build(); go v.Reload(ctx) }))
	}
	build()
	w.Resize(fyne.NewSize(1366, 740))

	var loop sync.WaitGroup
	c.OnStatus(func(st app.SyncStatus) {
		fyne.Do(func() { v.ShowStatus(st) })
		if st.State == app.StateOnline {
			fyne.Do(func() {
				cur := v
				// Not waited for: after the window closes nothing would run it.
				go cur.Reload(ctx)
			})
		}
	})
	a.Lifecycle().SetOnStarted(func() {
		go func() {
			v.Reload(ctx)
			fyne.Do(func() { slog.Info("agenda shown", "since_start", time.Since(started).Round(time.Millisecond)) })
		}()
		loop.Go(func() { c.RunSync(ctx, syncEvery) })
		loop.Go(func() { newReminders(c, prefs.Reminder()).run(ctx, remindEvery) })
	})
	w.ShowAndRun()
	stop()
	loop.Wait() // a sync under way ends with its transaction, not half-way
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

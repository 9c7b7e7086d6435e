package ui

import (
	"context"
	"sync"
	"time"

	fyneapp "fyne.io/fyne/v2/app"

	"fyne.io/fyne/v2"

	"sportello/app"
	"sportello/assets/i18n"
)

// AppID identifies Sportello to the OS (preferences, notifications).
const AppID = "it.inps.sportello"

// syncEvery is how often the sync loop runs when nothing asks it to.
const syncEvery = 2 * time.Minute

// Run opens the console window on the day view and blocks until it is
// closed. The window shows the mirror at once; the sync loop starts when
// the app is running, sends each action as soon as it is recorded, and
// refreshes the view after every sync.
func Run(c *app.Console) {
	a := fyneapp.NewWithID(AppID)
	w := a.NewWindow(i18n.T("app.title"))
	v := NewDayView(c)
	v.SetWindow(w)
	w.SetContent(v.Content())
	w.Resize(fyne.NewSize(1340, 730))
	ctx, stop := context.WithCancel(context.Background())
	var loop sync.WaitGroup
	c.OnStatus(func(st app.SyncStatus) {
		fyne.Do(func() { v.ShowStatus(st) })
		if st.State == app.StateOnline {
			// Not waited for: after the window closes nothing would run it.
			go v.Reload(ctx)
		}
	})
	a.Lifecycle().SetOnStarted(func() {
		go v.Reload(ctx)
		loop.Go(func() { c.RunSync(ctx, syncEvery) })
	})
	w.ShowAndRun()
	stop()
	loop.Wait() // a sync under way ends with its transaction, not half-way
}

package ui

import (
	"context"

	fyneapp "fyne.io/fyne/v2/app"

	"fyne.io/fyne/v2"

	"sportello/app"
	"sportello/assets/i18n"
)

// AppID identifies Sportello to the OS (preferences, notifications).
const AppID = "it.inps.sportello"

// Run opens the console window on the day view and blocks until it is
// closed. The window shows the mirror at once; the first sync starts when
// the app is running and refreshes the view when done.
func Run(c *app.Console) {
	a := fyneapp.NewWithID(AppID)
	w := a.NewWindow(i18n.T("app.title"))
	v := NewDayView(c)
	v.SetSyncer(c)
	w.SetContent(v.Content())
	w.Resize(fyne.NewSize(1340, 730))
	a.Lifecycle().SetOnStarted(func() {
		go func() {
			v.Reload(context.Background())
			v.Sync(c)
		}()
	})
	w.ShowAndRun()
}

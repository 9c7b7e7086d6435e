//go:build walk

// Command managerwalk opens the office manager's two actions (ui/manager:
// clone a sportello, change its slot duration) in a real window against
// the embedded sandbox, logged in as the head of the Direzione
// provinciale, for a walk at human speed under Xvfb until the manager's
// screen that calls them is merged. Test-only: built with -tags walk.
//
//	go build -tags 'migrated_fynedo walk' -o bin/managerwalk ./scripts/managerwalk
//	Xvfb :73 -screen 0 1366x768x24 -nolisten tcp &
//	/tmp/kr.sh "DISPLAY=:73 ./bin/managerwalk /tmp/walk-data"
//
// Ctrl+G clones Sportello 2 of the Sede, Ctrl+T changes the slot duration
// of Sportello 1 (ActionKeys, as the screen binds them); the days offered
// start on Tuesday 24 November 2026 (the sandbox's clock is Monday 23,
// 10:05).
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"

	"sportello/app"
	"sportello/assets/i18n"
	"sportello/model"
	"sportello/ui/manager"
	"sportello/ui/widgets"
)

// walk is the window the keys act on.
type walk struct {
	win    fyne.Window
	c      *app.Console
	office string
	desk   string
	log    *widget.Label
}

func main() {
	dir := "/tmp/managerwalk"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	ctx := context.Background()
	c, err := app.Open(ctx, app.Options{DataDir: dir, Seed: 1, Operator: "direttore",
		DemoClock: time.Date(2026, time.November, 23, 10, 5, 0, 0, model.Rome)})
	if err != nil {
		fmt.Fprintln(os.Stderr, app.Explain(err), err)
		os.Exit(1)
	}
	defer c.Close()
	if _, err := c.SyncOnce(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "sync:", err)
	}
	a := fyneapp.NewWithID("it.inps.sportello.managerwalk")
	widgets.FollowLanguage(i18n.Language())
	a.Settings().SetTheme(widgets.ChosenTheme(app.Preferences{}))
	w := a.NewWindow("managerwalk")
	w.Resize(fyne.NewSize(1366, 740))
	v := &walk{win: w, c: c, office: "7800", log: widget.NewLabel("Ctrl+G: clona Sportello 2 · Ctrl+T: durata degli slot di Sportello 1")}
	w.SetContent(v.log)
	tue := time.Date(2026, time.November, 24, 0, 0, 0, 0, model.Rome)
	keys := manager.ActionKeys(func(v *walk) (manager.ActionTarget, bool) {
		return manager.ActionTarget{Win: v.win, Actor: v.c, Office: v.office, Desk: v.desk, Day: tue,
			Done: func() { v.log.SetText(v.log.Text + "\nfatto: " + v.desk) }}, true
	})
	// Ctrl+G on Sportello 2, Ctrl+T on Sportello 1.
	clone, duration := keys[0], keys[1]
	run := clone.Run
	clone.Run = func(v *walk) { v.desk = "Sportello 2"; run(v) }
	runT := duration.Run
	duration.Run = func(v *walk) { v.desk = "Sportello 1"; runT(v) }
	widgets.BindKeys(w.Canvas(), "managerwalk", v.log, v, []widgets.KeyOf[*walk]{clone, duration})
	w.ShowAndRun()
}

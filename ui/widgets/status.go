package widgets

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"sportello/app"
	"sportello/assets/i18n"
	"sportello/model"
)

// SyncSource is what the status area and its dialogs use. app.Console
// implements it.
type SyncSource interface {
	Status(ctx context.Context) app.SyncStatus
	Kick()
	Conflicts(ctx context.Context) ([]app.Conflict, error)
	ResolveConflict(ctx context.Context, seq int64, retry bool) error
	Prefetch(ctx context.Context, days int, progress func(app.Progress)) (app.SyncReport, error)
}

// StatusBar is the status area: online, offline or syncing; how many
// actions wait to be sent; when data was last refreshed; and the conflicts
// waiting for the operator, with a button that opens them.
type StatusBar struct {
	src       SyncSource
	win       fyne.Window
	state     *widget.Label
	pending   *widget.Label
	refreshed *widget.Label
	conflicts *widget.Button
	content   *fyne.Container
	// filling counts the conflicts dialog's fills and settlements under
	// way: a test waits for them before it reads the dialog (the test
	// driver runs fyne.Do on the calling goroutine).
	filling sync.WaitGroup
}

// NewStatusBar builds an empty status area.
func NewStatusBar(src SyncSource) *StatusBar {
	b := &StatusBar{src: src, state: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		pending: widget.NewLabel(""), refreshed: widget.NewLabel("")}
	b.conflicts = widget.NewButton("", b.showConflicts)
	b.conflicts.Importance = widget.DangerImportance
	b.conflicts.Hide()
	b.content = container.NewHBox(b.state, widget.NewSeparator(), b.pending, widget.NewSeparator(), b.refreshed,
		layout.NewSpacer(), b.conflicts)
	return b
}

// Content is the status area's root object.
func (b *StatusBar) Content() fyne.CanvasObject { return b.content }

// Show displays a status; it runs on the UI goroutine.
func (b *StatusBar) Show(st app.SyncStatus) {
	b.state.SetText(i18n.T("sync." + string(st.State)))
	b.state.Importance = widget.SuccessImportance
	switch st.State {
	case app.StateOffline:
		b.state.Importance = widget.WarningImportance
	case app.StateExpired, app.StateOutdated:
		b.state.Importance = widget.DangerImportance
	}
	b.state.Refresh()
	if st.Pending == 0 {
		b.pending.SetText(i18n.T("sync.nothing_pending"))
	} else {
		b.pending.SetText(i18n.T("sync.pending", st.Pending))
	}
	if st.LastSync.IsZero() {
		b.refreshed.SetText(i18n.T("day.never_synced"))
	} else {
		b.refreshed.SetText(i18n.T("day.last_sync", st.LastSync.In(model.Rome).Format("02/01/2006 15:04")))
	}
	if st.Conflicts > 0 {
		b.conflicts.SetText(i18n.T("sync.conflicts", st.Conflicts))
		b.conflicts.Show()
	} else {
		b.conflicts.Hide()
	}
	b.content.Refresh()
}

// showConflicts opens the conflicts, each with both versions and the two
// ways to settle it.
func (b *StatusBar) showConflicts() {
	if b.win == nil {
		return
	}
	list := container.NewVBox()
	d := dialog.NewCustom(i18n.T("conflicts.title"), i18n.T("conflicts.close"), container.NewVScroll(list), b.win)
	var fill func()
	fill = func() {
		b.filling.Go(func() {
			ctx := context.Background()
			all, err := b.src.Conflicts(ctx)
			st := b.src.Status(ctx)
			fyne.Do(func() {
				b.Show(st)
				list.Objects = nil
				switch {
				case err != nil:
					list.Add(widget.NewLabel(app.Explain(err)))
				case len(all) == 0:
					list.Add(widget.NewLabel(i18n.T("conflicts.none")))
				}
				for _, k := range all {
					list.Add(b.conflictCard(k, fill))
				}
				list.Refresh()
			})
		})
	}
	d.Resize(fyne.NewSize(760, 480))
	ShowDialog(b.win, d, nil)
	fill() // once shown: the dialog is laid out, the fill then lays out its list alone
}

// conflictCard shows one conflict: the operator's action beside central's
// version, and the two ways to settle it; done is called once settled.
func (b *StatusBar) conflictCard(k app.Conflict, done func()) fyne.CanvasObject {
	title, mine, central := k.Title, k.Mine, k.Theirs
	if k.Message != "" {
		central += "\n" + k.Message
	}
	if !k.FoundAt.IsZero() {
		central += "\n" + i18n.T("conflicts.since", k.FoundAt.In(model.Rome).Format("02/01/2006"), k.FoundAt.In(model.Rome).Format("15:04"))
	}
	if k.Citizen != "" {
		title += " · " + k.Citizen
	}
	column := func(head, body string) fyne.CanvasObject {
		l := widget.NewLabel(body)
		l.Wrapping = fyne.TextWrapWord
		return container.NewVBox(widget.NewLabelWithStyle(head, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), l)
	}
	errLabel := widget.NewLabel("")
	errLabel.Importance = widget.DangerImportance
	errLabel.Wrapping = fyne.TextWrapWord
	errLabel.Hide()
	settle := func(retry bool) func() {
		return func() {
			b.filling.Go(func() {
				err := b.src.ResolveConflict(context.Background(), k.Seq, retry)
				fyne.Do(func() {
					if err != nil {
						slog.Warn("resolve conflict", "err", err)
						errLabel.SetText(app.Explain(err))
						errLabel.Show()
						return
					}
					done()
				})
			})
		}
	}
	keep := widget.NewButton(i18n.T("conflicts.keep_central"), settle(false))
	retry := widget.NewButton(i18n.T("conflicts.retry"), settle(true))
	retry.Importance = widget.HighImportance
	why := widget.NewLabel("")
	why.Wrapping = fyne.TextWrapWord
	why.Hide()
	switch {
	case k.Rebook:
		// The same slot cannot be booked again: the booking screen offers
		// the nearest free ones instead.
		retry.Hide()
		keep.SetText(i18n.T("conflicts.booking_later"))
	case !k.CanRetry:
		// Only what can succeed is offered.
		retry.Hide()
		keep.Importance = widget.HighImportance
		why.SetText(i18n.T("conflicts.cannot_retry"))
		why.Show()
	}
	heading := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	heading.Wrapping = fyne.TextWrapWord
	return widget.NewCard("", "", container.NewVBox(heading,
		container.NewGridWithColumns(2, column(i18n.T("conflicts.mine"), mine), column(i18n.T("conflicts.central"), central)),
		why, errLabel, container.NewHBox(layout.NewSpacer(), keep, retry)))
}

// ShowPrefetch asks how many working days to prepare, then downloads them
// with a progress bar, and says what is on the laptop.
func ShowPrefetch(src SyncSource, win fyne.Window, after func()) {
	days := widget.NewSelect(nil, nil)
	for n := 1; n <= app.MaxPrefetchDays; n++ {
		days.Options = append(days.Options, fmt.Sprint(n))
	}
	days.SetSelected("3")
	explain := widget.NewLabel(i18n.T("prefetch.explain"))
	explain.Wrapping = fyne.TextWrapWord
	form := container.NewVBox(explain, container.NewHBox(widget.NewLabel(i18n.T("prefetch.days")), days))
	ask := dialog.NewCustomConfirm(i18n.T("prefetch.title"), i18n.T("prefetch.start"), i18n.T("prefetch.cancel"), form, func(ok bool) {
		if !ok {
			return
		}
		var n int
		fmt.Sscan(days.Selected, &n)
		bar := widget.NewProgressBar()
		stage := widget.NewLabel("")
		ctx, cancel := context.WithCancel(context.Background())
		running := dialog.NewCustom(i18n.T("prefetch.title"), i18n.T("prefetch.cancel"), container.NewVBox(stage, bar), win)
		running.SetOnClosed(cancel)
		running.Resize(fyne.NewSize(480, 160))
		ShowDialog(win, running, nil)
		go func() {
			defer cancel()
			last := time.Time{}
			rep, err := src.Prefetch(ctx, n, func(p app.Progress) {
				if time.Since(last) < 50*time.Millisecond && p.Done != p.Total {
					return // a few refreshes a second are enough
				}
				last = time.Now()
				fyne.Do(func() {
					if p.Stage == "changes" {
						stage.SetText(i18n.T("cli.prefetch_changes", p.Done))
						return
					}
					stage.SetText(i18n.T("cli.prefetch_files", p.Done, p.Total))
					bar.SetValue(float64(p.Done) / float64(max(p.Total, 1)))
				})
			})
			fyne.Do(func() {
				running.Hide()
				if err != nil {
					ShowDialog(win, dialog.NewInformation(i18n.T("prefetch.title"), app.Explain(err), win), nil)
					return
				}
				ShowDialog(win, dialog.NewInformation(i18n.T("prefetch.title"), i18n.T("cli.prefetched", rep.Pull.Until.Format("02/01/2006"),
					rep.Pull.Files, rep.Sent, rep.Took.Round(100*time.Millisecond)), win), nil)
			})
			if after != nil {
				after()
			}
		}()
	}, win)
	ask.Resize(fyne.NewSize(480, 220))
	ShowDialog(win, ask, nil)
}

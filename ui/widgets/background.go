package widgets

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
)

// Background runs work that must not hold up the UI goroutine (reads and
// writes of the mirror); it hands its results back with fyne.Do. Tests
// replace it: Fyne's test driver has no UI goroutine and runs fyne.Do on
// the caller's, so work left running in the background would race with
// the test.
var Background = func(f func()) { go f() }

// Every runs f every period until ctx ends.
func Every(ctx context.Context, period time.Duration, f func()) {
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

// StartTicker runs f on the UI goroutine every period until stop is
// closed (a nil stop: for the life of the window): the call and visit
// timers. Tests replace it with nothing and tick by hand (see RunInline).
var StartTicker = func(stop <-chan struct{}, period time.Duration, f func()) {
	go func() {
		t := time.NewTicker(period)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				fyne.Do(f)
			}
		}
	}()
}

// RunInline is for tests: Fyne's test driver has no UI goroutine and runs
// fyne.Do on the caller's, so background work runs inline too (a test has
// one goroutine), and the undo bar and the timers count only when a test
// moves the clock and ticks them.
func RunInline() {
	Background = func(f func()) { f() }
	StartUndoTicker = func(*UndoBar) {}
	StartTicker = func(<-chan struct{}, time.Duration, func()) {}
}

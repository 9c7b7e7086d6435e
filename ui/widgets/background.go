package ui

import (
	"context"
	"time"
)

// background runs work that must not hold up the UI goroutine (reads and
// writes of the mirror); it hands its results back with fyne.Do. Tests
// replace it: Fyne's test driver has no UI goroutine and runs fyne.Do on
// the caller's, so work left running in the background would race with
// the test.
var background = func(f func()) { go f() }

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

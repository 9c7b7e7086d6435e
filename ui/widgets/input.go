package widgets

import (
	"sync/atomic"
	"time"
)

// LastInput is when the operator last used the window, in Unix
// nanoseconds: pointer moves and taps on the window, keyboard shortcuts
// and typing into the focused field (see idleLock.sawInput).
var LastInput atomic.Int64

// NoteInput records that the operator used the window.
func NoteInput() { LastInput.Store(time.Now().UnixNano()) }

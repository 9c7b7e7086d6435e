package widgets

import (
	"fmt"
	"time"
)

// CallClock is the time since a ticket was called or a visit started, as
// "mm:ss" (minutes past 59 keep counting: "75:03"), and whether it is over
// the expected time (only when one is known: expected > 0).
func CallClock(elapsed, expected time.Duration) (text string, over bool) {
	if elapsed < 0 {
		elapsed = 0
	}
	s := int64(elapsed / time.Second)
	return fmt.Sprintf("%02d:%02d", s/60, s%60), expected > 0 && elapsed > expected
}

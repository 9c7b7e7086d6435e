package widgets

import (
	"fmt"
	"time"
)

// CallClock formats the time since a ticket was called or a slot started,
// as the counter shows it: "mm:ss" (from an hour, "h:mm:ss"); over reports
// whether it passed the expected time (never when expected is zero). The
// caller shows over with an icon and a word, not with colour only. Elapsed
// comes from the console's clock (app.Console.Now), so tests set it.
func CallClock(elapsed, expected time.Duration) (text string, over bool) {
	elapsed = max(elapsed, 0).Truncate(time.Second)
	s := int(elapsed / time.Second)
	if s >= 3600 {
		text = fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	} else {
		text = fmt.Sprintf("%02d:%02d", s/60, s%60)
	}
	return text, expected > 0 && elapsed > expected
}

package widgets

import (
	"testing"
	"time"
)

func TestCallClock(t *testing.T) {
	for _, c := range []struct {
		elapsed, expected time.Duration
		text              string
		over              bool
	}{
		{0, 5 * time.Minute, "00:00", false},
		{-3 * time.Second, 5 * time.Minute, "00:00", false}, // a clock set back
		{4*time.Minute + 59*time.Second + 900*time.Millisecond, 5 * time.Minute, "04:59", false},
		{5 * time.Minute, 5 * time.Minute, "05:00", false},
		{5*time.Minute + time.Second, 5 * time.Minute, "05:01", true},
		{72*time.Minute + 5*time.Second, 15 * time.Minute, "1:12:05", true},
		{30 * time.Minute, 0, "30:00", false},
	} {
		text, over := CallClock(c.elapsed, c.expected)
		if text != c.text || over != c.over {
			t.Errorf("CallClock(%v, %v) = %q, %v; want %q, %v", c.elapsed, c.expected, text, over, c.text, c.over)
		}
	}
}

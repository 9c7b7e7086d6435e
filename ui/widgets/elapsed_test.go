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
		{0, 10 * time.Minute, "00:00", false},
		{-time.Second, 0, "00:00", false},
		{9*time.Minute + 59*time.Second, 10 * time.Minute, "09:59", false},
		{10 * time.Minute, 10 * time.Minute, "10:00", false},
		{10*time.Minute + time.Second, 10 * time.Minute, "10:01", true},
		{75*time.Minute + 3*time.Second + 900*time.Millisecond, 0, "75:03", false}, // no expected time: never over
	} {
		if text, over := CallClock(c.elapsed, c.expected); text != c.text || over != c.over {
			t.Errorf("CallClock(%s, %s) = %q, %v; want %q, %v", c.elapsed, c.expected, text, over, c.text, c.over)
		}
	}
}

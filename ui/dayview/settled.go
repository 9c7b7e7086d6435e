package dayview

// Settled waits until the work the day's status bar started is done: the
// conflicts dialog opened from it has its cards (for tests that look at
// it).
func (v *DayView) Settled() { v.bar.Settled() }

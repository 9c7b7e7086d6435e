package dayview

import (
	"context"
	"log/slog"
	"time"

	"fyne.io/fyne/v2"

	"sportello/assets/i18n"
	"sportello/model"
	"sportello/ui/widgets"
)

// reminders tells the operator, through the system's notifications, that a
// booked slot is about to start. Each slot is announced once.
type reminders struct {
	src  AgendaSource
	lead time.Duration
	sent map[string]bool
}

func NewReminders(src AgendaSource, lead time.Duration) *reminders {
	return &reminders{src: src, lead: lead, sent: map[string]bool{}}
}

// dueReminders returns the slots of entries that start within lead of now
// and were not announced yet: booked or arrived, not yet begun.
func dueReminders(entries []model.AgendaEntry, now time.Time, lead time.Duration, sent map[string]bool) []model.AgendaEntry {
	var out []model.AgendaEntry
	for _, e := range entries {
		waiting := e.Status == model.StatusBooked || e.Status == model.StatusCheckedIn
		if waiting && !sent[e.ID] && e.Start.After(now) && !e.Start.After(now.Add(lead)) {
			out = append(out, e)
		}
	}
	return out
}

// check sends the reminders due now. The notification names the time,
// channel and service, never the citizen: notifications show on a locked
// screen and in shared screens.
func (r *reminders) check(ctx context.Context) {
	if r.lead <= 0 {
		return
	}
	now := r.src.Now()
	entries, err := r.src.DayAgenda(ctx, now)
	if err != nil {
		slog.Warn("reminders: read the day", "err", err)
		return
	}
	for _, e := range dueReminders(entries, now, r.lead, r.sent) {
		r.sent[e.ID] = true
		mins := int(e.Start.Sub(now).Round(time.Minute) / time.Minute)
		n := fyne.NewNotification(i18n.T("reminder.title", widgets.Clock(e.Start), max(mins, 1)),
			i18n.T("reminder.body", i18n.T("channel."+string(e.Channel)), e.Service))
		fyne.CurrentApp().SendNotification(n)
	}
}

// Run checks for reminders every interval until ctx ends.
func (r *reminders) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		r.check(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

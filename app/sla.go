package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"sportello/cache"
	"sportello/model"
)

// The service-level clock of the schede (working days on the office's
// calendar, stopped while a scheda waits for the citizen) and the
// consultants' presence on a scheda.

// refreshCalendar mirrors the office's working calendar once a day. A
// central that cannot give it leaves the one mirrored (or none: national
// holidays only) and does not stop the sync.
func (c *Console) refreshCalendar(ctx context.Context) {
	now := c.now()
	if cal, err := c.store.Calendar(ctx); err == nil && model.Day(cal.FetchedAt).Equal(model.Day(now)) {
		return
	}
	cal, err := c.api.Calendar(ctx, now)
	if err == nil {
		cal.FetchedAt = now
		err = c.store.SetCalendar(ctx, cal)
	}
	if err != nil {
		c.log.Warn("calendar not refreshed", "err", err)
	}
}

// Calendar returns the office's working calendar from the mirror; without
// one, the national calendar and the configured target.
func (c *Console) Calendar(ctx context.Context) (model.WorkCalendar, error) {
	cal, err := c.store.Calendar(ctx)
	if errors.Is(err, cache.ErrNotCached) {
		err = nil
	}
	if err != nil {
		return cal, fmt.Errorf("calendar: %w", err)
	}
	if cal.TargetDays == 0 {
		cal.TargetDays = int(c.target / (24 * time.Hour))
	}
	return cal, nil
}

// openSchede returns the open schede of some sections from the mirror.
func (c *Console) openSchede(ctx context.Context, q cache.InboxQuery) ([]model.InboxEntry, error) {
	q.Statuses = []model.SchedaStatus{model.SchedaNew, model.SchedaInCharge, model.SchedaWaiting}
	q.Limit = 1 << 20
	list, _, err := c.store.Inbox(ctx, q)
	return list, err
}

// dueInbox returns the open schede whose clock runs and that are late or
// fall due within model.SoonDays working days, the most urgent first.
func (c *Console) dueInbox(ctx context.Context, q cache.InboxQuery) ([]model.InboxEntry, int, error) {
	cal, err := c.Calendar(ctx)
	if err != nil {
		return nil, 0, err
	}
	list, err := c.openSchede(ctx, q)
	if err != nil {
		return nil, 0, err
	}
	now := c.now()
	left := make(map[string]float64, len(list))
	list = slices.DeleteFunc(list, func(e model.InboxEntry) bool {
		sla := cal.Clock(e.Scheda, now)
		left[e.ID] = sla.Remaining
		return sla.Paused || !(sla.Soon() || sla.Late())
	})
	slices.SortStableFunc(list, func(a, b model.InboxEntry) int {
		switch la, lb := left[a.ID], left[b.ID]; {
		case la < lb:
			return -1
		case la > lb:
			return 1
		}
		return 0
	})
	return list, len(list), nil
}

// clockCounts replaces the age counts of the open statuses with the
// working-day clock's: within half the target, past half, late.
func (c *Console) clockCounts(ctx context.Context, sections []model.Section, counts map[model.SchedaStatus]model.AgeCount) error {
	cal, err := c.Calendar(ctx)
	if err != nil {
		return err
	}
	list, err := c.openSchede(ctx, cache.InboxQuery{Sections: sections})
	if err != nil {
		return err
	}
	now := c.now()
	byStatus := map[model.SchedaStatus]model.AgeCount{}
	for _, e := range list {
		k := byStatus[e.Status]
		k.Total++
		switch cal.Clock(e.Scheda, now).Level() {
		case 0:
			k.Fresh++
		case 1:
			k.Aging++
		default:
			k.Late++
		}
		byStatus[e.Status] = k
	}
	for _, st := range []model.SchedaStatus{model.SchedaNew, model.SchedaInCharge, model.SchedaWaiting} {
		if k, ok := byStatus[st]; ok {
			counts[st] = k
		} else {
			delete(counts, st)
		}
	}
	return nil
}

// presenceWait bounds a presence call: it is never worth waiting for.
const presenceWait = 5 * time.Second

// AnnouncePresence tells central the consultant has a scheda open (or is
// writing its answer) and returns the colleagues who have it open too. It
// needs the network: offline it fails, and the screen says it cannot know.
func (c *Console) AnnouncePresence(ctx context.Context, id string, state model.PresenceState) ([]model.Presence, error) {
	ctx, cancel := context.WithTimeout(ctx, presenceWait)
	defer cancel()
	return c.api.AnnouncePresence(ctx, id, state)
}

// WithdrawPresence tells central the consultant closed the scheda; a
// failure only leaves the presence to expire.
func (c *Console) WithdrawPresence(ctx context.Context, id string) error {
	ctx, cancel := context.WithTimeout(ctx, presenceWait)
	defer cancel()
	return c.api.WithdrawPresence(ctx, id)
}

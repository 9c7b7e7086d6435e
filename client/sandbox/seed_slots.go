package sandbox

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"sportello/client"
	"sportello/model"
)

// seedDay creates the slots of one desk for one day: 10-minute first-level
// slots from 8:30 to 12:30 and, Monday to Thursday, 30-minute consulenza
// slots from 14:30 to 16:30 (8 hours a week). Each desk-day has its own
// random stream, so its slots depend only on the seed, the desk and the date.
func seedDay(ctx context.Context, ins *sql.Stmt, seed int64, now time.Time, office, desk string, day time.Time, citizens []model.Citizen) error {
	deskID := strings.ReplaceAll(strings.ToLower(desk), " ", "")
	stream := uint64(day.Year()*10000+int(day.Month())*100+day.Day())<<20 ^ uint64(len(office+desk))<<8 ^ hashString(office+deskID)
	rng := rand.New(rand.NewPCG(uint64(seed), stream))
	type block struct {
		from, to time.Time
		length   time.Duration
		level    model.Level
	}
	at := func(h, m int) time.Time { return time.Date(day.Year(), day.Month(), day.Day(), h, m, 0, 0, model.Rome) }
	blocks := []block{{at(8, 30), at(12, 30), 10 * time.Minute, model.LevelInformation}}
	if wd := day.Weekday(); wd >= time.Monday && wd <= time.Thursday {
		blocks = append(blocks, block{at(14, 30), at(16, 30), 30 * time.Minute, model.LevelConsulenza})
	}
	for _, b := range blocks {
		names := servicesOfLevel(int(b.level))
		for start := b.from; start.Before(b.to); start = start.Add(b.length) {
			end := start.Add(b.length)
			id := fmt.Sprintf("%s-%s-%s", office, deskID, start.Format("20060102-1504"))
			sl := client.SlotJSON{ID: id, Desk: desk, Level: int(b.level), Status: string(model.StatusFree),
				Channel: string(model.ChannelInPerson), Version: 1, Service: pick(rng, names)}
			if rng.IntN(100) < 78 { // most slots are booked
				c := pick(rng, citizens)
				sl.CitizenCF = c.CF
				switch r := rng.IntN(100); {
				case r < 45:
					sl.Channel = string(model.ChannelInPerson)
				case r < 80:
					sl.Channel = string(model.ChannelPhone)
					sl.Phone = c.Contacts[0].Value
				default:
					sl.Channel = string(model.ChannelWebMeeting)
					sl.MeetingURL = teamsLink(rng)
				}
				sl.Status = string(bookedStatus(rng, start, end, now))
				if sl.Status == string(model.StatusCompleted) {
					sl.Outcome = string(model.OutcomeResolved)
				}
			} else if hashString(id)%4 == 0 {
				// Some unbooked slots are blocked (a meeting, training, a
				// colleague's cover). Decided by the id, not the random
				// stream, so the bookings of a seed stay the same.
				sl.Status = string(model.StatusBlocked)
			}
			from, to := servedTimes(id, model.Status(sl.Status), start, b.length, now)
			if _, err := ins.ExecContext(ctx, sl.ID, office, sl.Desk, start.Unix(), end.Unix(), sl.Channel, sl.Service, sl.Level, sl.Status,
				sl.CitizenCF, sl.MeetingURL, sl.Phone, sl.Outcome, sl.Version, from, to); err != nil {
				return fmt.Errorf("slot %s: %w", id, err)
			}
		}
	}
	return nil
}

// servedTimes gives a served slot when its service began and ended (unix
// seconds, 0 for none): a few minutes after the start, for about the
// slot's length, more or less. They come from the slot id, not the random
// stream, so the bookings of a seed stay the same.
func servedTimes(id string, status model.Status, start time.Time, length time.Duration, now time.Time) (from, to int64) {
	if status != model.StatusCompleted && status != model.StatusInProgress {
		return 0, 0
	}
	h := hashString(id + "served")
	begin := start.Add(time.Duration(h%240) * time.Second)
	if begin.After(now) {
		begin = now
	}
	if status == model.StatusInProgress {
		return begin.Unix(), 0
	}
	took := length/2 + time.Duration(h>>8%uint64(length/time.Second))*time.Second
	return begin.Unix(), begin.Add(took).Unix()
}

func teamsLink(rng *rand.Rand) string {
	return fmt.Sprintf("https://teams.microsoft.com/l/meetup-join/19%%3ameeting_%016x%%40thread.v2/0", rng.Uint64())
}

func hashString(s string) uint64 {
	var h uint64 = 14695981039346656037
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * 1099511628211
	}
	return h
}

// bookedStatus gives a booked slot a status that fits the sandbox's clock:
// past slots were served or missed, the current one is under way.
func bookedStatus(rng *rand.Rand, start, end, now time.Time) model.Status {
	r := rng.IntN(100)
	switch {
	case !now.Before(end):
		switch {
		case r < 85:
			return model.StatusCompleted
		case r < 95:
			return model.StatusNoShow
		}
		return model.StatusCancelled
	case !now.Before(start):
		if r < 60 {
			return model.StatusInProgress
		}
		return model.StatusCheckedIn
	case r < 5:
		return model.StatusCancelled
	}
	return model.StatusBooked
}

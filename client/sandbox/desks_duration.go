package sandbox

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"sportello/client"
	"sportello/model"
)

// A sportello's agenda is a grid: the first-level morning (8:30–12:30) cut
// into slots of one length. A shorter slot cuts the morning again from a
// day on: every appointment keeps its start and takes the new length, the
// rest of the morning becomes free slots. An appointment whose start is
// not a start of the new grid would have to move: a booked citizen would
// lose it, and the change is refused whole (409 booked_citizens) with how
// many, from when, and the first day from which it drops nobody. Only a
// reduction, as seed 003 asks ("ridurre il tempo di durata degli slot"):
// a longer slot would remove slots, which the changes feed cannot carry.

// morning is the first-level block of a day.
func morning(day time.Time) (from, to time.Time) {
	at := func(h, m int) time.Time { return time.Date(day.Year(), day.Month(), day.Day(), h, m, 0, 0, model.Rome) }
	return at(8, 30), at(12, 30)
}

// holdsCitizen reports whether a slot of a coming day holds a booked
// citizen.
func holdsCitizen(sl client.SlotJSON) bool {
	return sl.Status == string(model.StatusBooked) || sl.Status == string(model.StatusCheckedIn)
}

// durationPlan is the desk's first-level slots from a day on, by day, and
// what the new length would do to them.
type durationPlan struct {
	days      []time.Time
	slots     map[time.Time][]client.SlotJSON
	dropped   int       // booked citizens whose start is off the new grid
	firstDrop time.Time // the first day with one
	lastDrop  time.Time // the last
	shortDay  time.Time // a day whose slots are not longer than the new length
}

func (s *Sandbox) planDuration(ctx context.Context, m *mreq, office, desk string, from time.Time, length time.Duration) (durationPlan, error) {
	p := durationPlan{slots: map[time.Time][]client.SlotJSON{}}
	all, err := s.querySlots(ctx, m.tx, `office_code = ? AND desk = ? AND level = ? AND start >= ? ORDER BY start`,
		office, desk, int(model.LevelInformation), from.Unix())
	if err != nil {
		return p, fmt.Errorf("plan duration: %w", err)
	}
	for _, sl := range all {
		day := model.Day(sl.Start)
		if _, ok := p.slots[day]; !ok {
			p.days = append(p.days, day)
		}
		p.slots[day] = append(p.slots[day], sl)
		if d := sl.End.Sub(sl.Start); d <= length && p.shortDay.IsZero() {
			p.shortDay = day
		}
		origin, _ := morning(day)
		if holdsCitizen(sl) && sl.Start.Sub(origin)%length != 0 {
			p.dropped++
			if p.firstDrop.IsZero() {
				p.firstDrop = day
			}
			p.lastDrop = day
		}
	}
	return p, nil
}

// changeDuration cuts a desk's first-level slots to the new length from a
// coming day on, within the agenda's horizon.
func (s *Sandbox) changeDuration(ctx context.Context, m *mreq) (answer, error) {
	var req client.SlotDurationRequest
	if !m.decode(&req) {
		return fail(http.StatusBadRequest, "bad_request", "Richiesta non valida: servono struttura, sportello, data e minuti."), nil
	}
	if a := deskPreamble(m, req.Office, req.Desk); a != nil {
		return audited(ctx, m, "desk_duration", req.Office, req.Desk, *a)
	}
	from, err := time.ParseInLocation(client.DateLayout, req.From, model.Rome)
	if err != nil {
		return fail(http.StatusBadRequest, "bad_request", "Data non valida: serve AAAA-MM-GG."), nil
	}
	refuse := func(code, msg string, day time.Time) (answer, error) {
		return audited(ctx, m, "desk_duration", req.Office, req.Desk, refusal(code, msg, day))
	}
	switch {
	case !model.ValidSlotMinutes(req.Minutes):
		return refuse(model.RefusedBadDuration, fmt.Sprintf("Durata non ammessa: %s minuti (al massimo %d per accesso, messaggio Hermes 3354/2021).",
			joinInts(model.SlotMinutes), model.MaxSlotMinutes), time.Time{})
	case !from.After(model.Day(m.now)):
		return refuse(model.RefusedPastDay, "La durata si cambia a partire da domani: le agende di oggi e dei giorni passati restano come sono.", from)
	}
	if a, err := s.deskDay(ctx, m, req.Office, req.Desk, from); a != nil || err != nil {
		return auditedOr(ctx, m, "desk_duration", req.Office, req.Desk, a, err)
	}
	length := time.Duration(req.Minutes) * time.Minute
	p, err := s.planDuration(ctx, m, req.Office, req.Desk, from, length)
	if err != nil {
		return answer{}, err
	}
	if !p.shortDay.IsZero() {
		return refuse(model.RefusedNotShorter, fmt.Sprintf("Dal %s gli slot di %s durano già %d minuti o meno: la durata si può solo ridurre.",
			italianDate(p.shortDay), req.Desk, req.Minutes), p.shortDay)
	}
	if p.dropped > 0 {
		return audited(ctx, m, "desk_duration", req.Office, req.Desk, s.bookedRefusal(req, p))
	}
	free := 0
	for _, day := range p.days {
		n, err := recutDay(ctx, m, req.Office, req.Desk, day, length, p.slots[day])
		if err != nil {
			return answer{}, err
		}
		free += n
	}
	if err := m.ledger(ctx, "desk_duration", req.Office+"/"+req.Desk); err != nil {
		return answer{}, err
	}
	out := client.DeskChangeJSON{Office: req.Office, Desk: req.Desk, Slots: free, Minutes: req.Minutes, Days: make([]string, len(p.days))}
	for i, d := range p.days {
		out.Days[i] = d.Format(client.DateLayout)
	}
	return audited(ctx, m, "desk_duration", req.Office, req.Desk, answer{http.StatusOK, out})
}

// bookedRefusal says how many booked citizens the change would drop,
// from when, and from which day it drops nobody (when the agenda is open
// that far).
func (s *Sandbox) bookedRefusal(req client.SlotDurationRequest, p durationPlan) answer {
	r := client.DeskRefusalJSON{Code: model.RefusedBookedCitizens, Booked: p.dropped, FirstDay: p.firstDrop.Format(client.DateLayout)}
	msg := fmt.Sprintf("%d cittadini prenotati dal %s perderebbero l'appuntamento: il loro orario non cade nella griglia da %d minuti.",
		p.dropped, italianDate(p.firstDrop), req.Minutes)
	for _, d := range p.days {
		if d.After(p.lastDrop) {
			r.EarliestFrom = d.Format(client.DateLayout)
			msg += fmt.Sprintf(" Si può cambiare dal %s.", italianDate(d))
			break
		}
	}
	if r.EarliestFrom == "" {
		msg += " Ci sono prenotazioni fino alla fine dell'agenda aperta."
	}
	r.Message = msg
	return answer{http.StatusConflict, r}
}

// recutDay cuts one day's morning into slots of the new length: a blocked
// slot keeps its time, and no cell it overlaps opens; every other slot
// not free keeps its start (snapped to the grid: a cancelled one may be
// off it) and takes the new length; the free rows move to the
// cells left, the same row where a cell starts where it did, and new free
// slots fill the rest. It returns the day's free slots.
func recutDay(ctx context.Context, m *mreq, office, desk string, day time.Time, length time.Duration, slots []client.SlotJSON) (int, error) {
	origin, end := morning(day)
	cells := int(end.Sub(origin) / length)
	taken := make([]bool, cells)
	var free []client.SlotJSON
	for _, sl := range slots {
		if sl.Status == string(model.StatusFree) {
			free = append(free, sl)
			continue
		}
		if sl.Status == string(model.StatusBlocked) {
			// A block (a meeting, training, a cover) keeps its time:
			// cut shorter, the rest of it would become free slots and
			// citizens would be booked while nobody receives.
			for i := range cells {
				at := origin.Add(time.Duration(i) * length)
				if at.Before(sl.End) && at.Add(length).After(sl.Start) {
					taken[i] = true
				}
			}
			continue
		}
		k := min(max(int(sl.Start.Sub(origin)/length), 0), cells-1)
		taken[k] = true
		if err := moveSlot(ctx, m, sl, origin.Add(time.Duration(k)*length), length); err != nil {
			return 0, err
		}
	}
	// Rows whose start is on a free cell stay there; the others fill the
	// free cells left, in order; new rows fill the rest.
	byStart := map[int64]client.SlotJSON{}
	var loose []client.SlotJSON
	for _, sl := range free {
		k := sl.Start.Sub(origin)
		if i := int(k / length); k%length == 0 && i < cells && !taken[i] {
			byStart[sl.Start.Unix()] = sl
			taken[i] = true
			continue
		}
		loose = append(loose, sl)
	}
	services := servicesOfLevel(int(model.LevelInformation))
	opened := 0
	for i := range cells {
		at := origin.Add(time.Duration(i) * length)
		if sl, ok := byStart[at.Unix()]; ok {
			opened++
			if err := moveSlot(ctx, m, sl, at, length); err != nil {
				return 0, err
			}
			continue
		}
		if taken[i] {
			continue
		}
		opened++
		if len(loose) > 0 {
			if err := moveSlot(ctx, m, loose[0], at, length); err != nil {
				return 0, err
			}
			loose = loose[1:]
			continue
		}
		id, err := freshSlotID(ctx, m, office, desk, at)
		if err != nil {
			return 0, err
		}
		svc := services[hashString(id)%uint64(len(services))]
		if err := insertFree(ctx, m, id, office, desk, at, at.Add(length), string(model.ChannelInPerson), svc, int(model.LevelInformation)); err != nil {
			return 0, err
		}
	}
	if len(loose) > 0 {
		return 0, fmt.Errorf("recut %s %s: %d free slots left without a cell", desk, day.Format(client.DateLayout), len(loose))
	}
	return opened, nil
}

// moveSlot gives a slot a new start and length (a new version), and puts
// it in the changes feed.
func moveSlot(ctx context.Context, m *mreq, sl client.SlotJSON, at time.Time, length time.Duration) error {
	if sl.Start.Equal(at) && sl.End.Equal(at.Add(length)) {
		return nil
	}
	if _, err := m.tx.ExecContext(ctx, `UPDATE slots SET start = ?, end = ?, version = version + 1 WHERE id = ?`,
		at.Unix(), at.Add(length).Unix(), sl.ID); err != nil {
		return fmt.Errorf("move slot %s: %w", sl.ID, err)
	}
	return touch(ctx, m.tx, "slot", sl.ID)
}

// freshSlotID is the id of a new slot of a desk at a time, as the seed
// makes them, with a suffix when a moved row already holds it.
func freshSlotID(ctx context.Context, m *mreq, office, desk string, at time.Time) (string, error) {
	base := fmt.Sprintf("%s-%s-%s", office, strings.ReplaceAll(strings.ToLower(desk), " ", ""), at.Format("20060102-1504"))
	id := base
	for n := 2; ; n++ {
		var taken bool
		if err := m.tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM slots WHERE id = ?)`, id).Scan(&taken); err != nil {
			return "", fmt.Errorf("slot id: %w", err)
		}
		if !taken {
			return id, nil
		}
		id = fmt.Sprintf("%s-%d", base, n)
	}
}

func joinInts(v []int) string {
	s := make([]string, len(v))
	for i, n := range v {
		s[i] = fmt.Sprint(n)
	}
	return strings.Join(s, ", ")
}

package sandbox

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"slices"
	"time"

	"sportello/client"
	"sportello/model"
)

// capacityMissesSchema counts the booking searches that found no free
// slot: central's measure of the demand the agendas did not meet.
const capacityMissesSchema = `
CREATE TABLE IF NOT EXISTS capacity_misses (
	office_code TEXT NOT NULL, day TEXT NOT NULL, service TEXT NOT NULL, channel TEXT NOT NULL,
	searches INTEGER NOT NULL, PRIMARY KEY (office_code, day, service, channel));
`

// recordMiss counts a search of an office's free slots for a service that
// found none, on the day it was made. The availability search has no
// channel: it is the reception's, for a citizen in person.
func (s *Sandbox) recordMiss(ctx context.Context, office, serviceName string) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO capacity_misses(office_code, day, service, channel, searches) VALUES (?, ?, ?, ?, 1)
		ON CONFLICT DO UPDATE SET searches = searches + 1`,
		office, model.Day(s.now()).Format(client.DateLayout), serviceName, string(model.ChannelInPerson))
	if err != nil {
		return fmt.Errorf("record a search with no free slot: %w", err)
	}
	return nil
}

// capacityScope returns the offices a head of structure sees: the head at
// the Sede provinciale sees every office of the Direzione with sportelli,
// the head of an Agenzia only his own.
func capacityScope(op client.OperatorJSON) []client.CapacityOfficeJSON {
	var out []client.CapacityOfficeJSON
	atSede := false
	for _, o := range offices {
		if o.code == op.Office.Code && o.kind == "sede" {
			atSede = true
		}
	}
	for _, o := range offices {
		if len(desks[o.code]) == 0 || (!atSede && o.code != op.Office.Code) {
			continue
		}
		out = append(out, client.CapacityOfficeJSON{Code: o.code, Name: o.name, Desks: slices.Clone(desks[o.code])})
	}
	return out
}

// servesNoCitizen reports whether an operator only heads a structure: he
// reads the agendas as counts (GET /v1/capacity) and serves no citizen,
// so the changes feed gives him no slot, ticket or citizen's file of his
// office (personal data his mirror has no use for).
func servesNoCitizen(op client.OperatorJSON) bool {
	return len(op.Roles) > 0 && !slices.ContainsFunc(op.Roles, func(r string) bool { return r != string(model.RoleResponsabile) })
}

// servingCitizens lets through only an operator who serves citizens: a
// head of structure reads no citizen's file (search, file, batch).
func servingCitizens(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if servesNoCitizen(caller(r)) {
			writeError(w, http.StatusForbidden, "forbidden", "Il responsabile di struttura legge le agende come conteggi, non i fascicoli dei cittadini.")
			return
		}
		h(w, r)
	}
}

// handleCapacity serves GET /v1/capacity: for a head of structure, the
// agendas of the offices in scope counted by sportello, day, service and
// channel, the searches that found no free slot and the reception's
// waits, with an ETag of the picture. Counts only: no citizen.
func (s *Sandbox) handleCapacity(w http.ResponseWriter, r *http.Request) {
	op := caller(r)
	if !hasRole(op, string(model.RoleResponsabile)) {
		writeError(w, http.StatusForbidden, "forbidden", "Il quadro delle agende è riservato ai responsabili di struttura.")
		return
	}
	from, err1 := time.ParseInLocation(client.DateLayout, r.URL.Query().Get("from"), model.Rome)
	to, err2 := time.ParseInLocation(client.DateLayout, r.URL.Query().Get("to"), model.Rome)
	if err1 != nil || err2 != nil || to.Before(from) {
		writeError(w, http.StatusBadRequest, "bad_request", "Servono from e to (AAAA-MM-GG), from non dopo to.")
		return
	}
	if to.After(from.AddDate(0, 0, client.MaxCapacityDays)) { // by calendar days: a day may last 23 or 25 hours
		writeError(w, http.StatusUnprocessableEntity, "unprocessable",
			fmt.Sprintf("Intervallo troppo lungo: al massimo %d giorni.", client.MaxCapacityDays))
		return
	}
	out := client.CapacityJSON{From: from.Format(client.DateLayout), To: to.Format(client.DateLayout), Offices: capacityScope(op)}
	var err error
	if out.Agenda, err = s.capacityAgenda(r.Context(), out.Offices, from, to); err == nil {
		if out.Unmet, err = s.capacityUnmet(r.Context(), out.Offices, from, to); err == nil {
			out.Waits, err = s.capacityWaits(r.Context(), out.Offices, from, to)
		}
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	addTwins(out.Offices, out.Agenda)
	s.writeTagged(w, r, out)
}

// addTwins adds to the offices' sportelli those the agenda has and the
// list of desks does not: the twin agendas a head of structure opened
// (POST /v1/desks/clone), each after the sportello it twins.
func addTwins(scope []client.CapacityOfficeJSON, agenda []client.CapacityAgendaJSON) {
	at := map[string]int{}
	for i, o := range scope {
		at[o.Code] = i
	}
	for _, a := range agenda {
		i, ok := at[a.Office]
		if !ok || slices.Contains(scope[i].Desks, a.Desk) {
			continue
		}
		o := &scope[i]
		place := len(o.Desks)
		for j, d := range o.Desks {
			if model.TwinDesk(d) == a.Desk {
				place = j + 1
			}
		}
		o.Desks = slices.Insert(o.Desks, place, a.Desk)
	}
}

// codes are the codes of the offices in scope.
func codes(scope []client.CapacityOfficeJSON) map[string]bool {
	out := map[string]bool{}
	for _, o := range scope {
		out[o.Code] = true
	}
	return out
}

// capacityAgenda counts the slots of the offices in scope by sportello,
// day, service and channel.
func (s *Sandbox) capacityAgenda(ctx context.Context, scope []client.CapacityOfficeJSON, from, to time.Time) ([]client.CapacityAgendaJSON, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT office_code, desk, start, service, channel, status FROM slots
		WHERE start >= ? AND start < ? ORDER BY office_code, desk, start`, from.Unix(), to.AddDate(0, 0, 1).Unix())
	if err != nil {
		return nil, fmt.Errorf("capacity: agenda: %w", err)
	}
	defer rows.Close()
	in := codes(scope)
	at := map[[5]string]int{}
	out := []client.CapacityAgendaJSON{}
	for rows.Next() {
		var a client.CapacityAgendaJSON
		var start int64
		var status string
		if err := rows.Scan(&a.Office, &a.Desk, &start, &a.Service, &a.Channel, &status); err != nil {
			return nil, fmt.Errorf("capacity: agenda: %w", err)
		}
		if !in[a.Office] {
			continue
		}
		a.Day = time.Unix(start, 0).In(model.Rome).Format(client.DateLayout)
		k := [5]string{a.Office, a.Desk, a.Day, a.Service, a.Channel}
		i, ok := at[k]
		if !ok {
			i = len(out)
			at[k] = i
			out = append(out, a)
		}
		countSlot(&out[i], model.Status(status))
	}
	return out, rows.Err()
}

// countSlot adds a slot of a status to its agenda's counts: a cancelled
// slot is among the slots only.
func countSlot(a *client.CapacityAgendaJSON, st model.Status) {
	a.Slots++
	switch st {
	case model.StatusFree:
		a.Free++
	case model.StatusBlocked:
		a.Blocked++
	case model.StatusCancelled:
	default:
		a.Booked++
	}
	switch st {
	case model.StatusCompleted:
		a.Completed++
	case model.StatusNoShow:
		a.NoShow++
	}
}

// pastDays calls f for each working day an office received on, from from
// to to but not after today.
func pastDays(office string, from, to, today time.Time, f func(day time.Time)) {
	for d := model.Day(from); !d.After(to) && !d.After(today); d = d.AddDate(0, 0, 1) {
		if model.IsWorkingDay(d) && officeOpen(office, d) {
			f(d)
		}
	}
}

// capacityUnmet returns the searches that found no free slot: those
// recorded, and a seeded history so that the picture is believable (the
// busiest services of the biggest offices miss most).
func (s *Sandbox) capacityUnmet(ctx context.Context, scope []client.CapacityOfficeJSON, from, to time.Time) ([]client.CapacityUnmetJSON, error) {
	by := map[[4]string]int{}
	today := model.Day(s.now())
	channels := []model.Channel{model.ChannelInPerson, model.ChannelInPerson, model.ChannelPhone, model.ChannelWebMeeting}
	for _, o := range scope {
		pastDays(o.Code, from, to, today, func(d time.Time) {
			day := d.Format(client.DateLayout)
			for _, sv := range services {
				h := hashString(s.seedKey() + o.Code + day + sv.code)
				n := int(h%100) - 100 + 8*len(o.Desks) + 6*sv.level // a few percent of the days
				if n <= 0 {
					continue
				}
				by[[4]string{o.Code, day, sv.name, string(channels[h>>16%4])}] += 1 + n/8
			}
		})
	}
	rows, err := s.db.QueryContext(ctx, `SELECT office_code, day, service, channel, searches FROM capacity_misses WHERE day >= ? AND day <= ?`,
		from.Format(client.DateLayout), to.Format(client.DateLayout))
	if err != nil {
		return nil, fmt.Errorf("capacity: misses: %w", err)
	}
	defer rows.Close()
	in := codes(scope)
	for rows.Next() {
		var k [4]string
		var n int
		if err := rows.Scan(&k[0], &k[1], &k[2], &k[3], &n); err != nil {
			return nil, fmt.Errorf("capacity: misses: %w", err)
		}
		if in[k[0]] {
			by[k] += n
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("capacity: misses: %w", err)
	}
	out := []client.CapacityUnmetJSON{}
	for k, n := range by {
		out = append(out, client.CapacityUnmetJSON{Office: k[0], Day: k[1], Service: k[2], Channel: k[3], Searches: n})
	}
	slices.SortFunc(out, func(a, b client.CapacityUnmetJSON) int {
		return cmp.Or(cmp.Compare(a.Office, b.Office), cmp.Compare(a.Day, b.Day), cmp.Compare(a.Service, b.Service), cmp.Compare(a.Channel, b.Channel))
	})
	return out, nil
}

// seedKey makes the seeded history depend on the sandbox's seed.
func (s *Sandbox) seedKey() string { return fmt.Sprint(s.seed) }

// capacityWaits returns the reception's waits of the offices in scope
// with a reception, by day: from the tickets called, or, for a past day
// without tickets, a seeded history.
func (s *Sandbox) capacityWaits(ctx context.Context, scope []client.CapacityOfficeJSON, from, to time.Time) ([]client.CapacityWaitJSON, error) {
	today := model.Day(s.now())
	out := []client.CapacityWaitJSON{}
	for _, o := range scope {
		if !slices.Contains(receptionOffices, o.Code) {
			continue
		}
		var err error
		pastDays(o.Code, from, to, today, func(d time.Time) {
			if err != nil {
				return
			}
			var w client.CapacityWaitJSON
			if w, err = s.dayWaits(ctx, o.Code, d); err != nil || w.Tickets > 0 || !d.Before(today) {
				if err == nil && w.Tickets > 0 {
					out = append(out, w)
				}
				return
			}
			h := hashString(s.seedKey() + "waits" + o.Code + w.Day)
			mean := 6*60 + int(h%(12*60))
			w.Tickets, w.MeanS, w.P90S = 25+int(h>>12%60), mean, mean*17/10+int(h>>24%240)
			out = append(out, w)
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// dayWaits measures the waits of an office's tickets called on a day.
func (s *Sandbox) dayWaits(ctx context.Context, office string, d time.Time) (client.CapacityWaitJSON, error) {
	w := client.CapacityWaitJSON{Office: office, Day: d.Format(client.DateLayout)}
	rows, err := s.db.QueryContext(ctx, `SELECT called_at - issued_at FROM tickets WHERE office_code = ? AND day = ? AND called_at > 0`,
		office, w.Day)
	if err != nil {
		return w, fmt.Errorf("capacity: waits: %w", err)
	}
	defer rows.Close()
	var waits []time.Duration
	for rows.Next() {
		var sec int64
		if err := rows.Scan(&sec); err != nil {
			return w, fmt.Errorf("capacity: waits: %w", err)
		}
		waits = append(waits, time.Duration(max(sec, 0))*time.Second)
	}
	mean, p90 := model.WaitStats(waits)
	w.Tickets, w.MeanS, w.P90S = len(waits), int(mean/time.Second), int(p90/time.Second)
	return w, rows.Err()
}

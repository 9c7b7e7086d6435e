package sandbox

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"sportello/client"
	"sportello/model"
)

// The head of a structure's actions on the sportelli's agendas, as seed
// 003 describes them: "clonazione" of the most requested sportelli, and a
// shorter slot for a sportello. Each runs in the mutation's transaction
// (the idempotency key's answer is stored with it), is written to the
// ledger and to central's audit (under the request's key, the id the
// console gives its own record of it: one event, however many times it
// is sent), and puts every slot it touched in the changes feed.

// managesOffice reports whether op may act on the agendas of an office:
// the head of an Agenzia on its own, the head of the Direzione provinciale
// (whose office is the Sede) on every office of the direzione. The CRIC is
// regional: it is not the direzione's, and has no sportelli.
func managesOffice(op client.OperatorJSON, code string) bool {
	if !hasRole(op, string(model.RoleResponsabile)) {
		return false
	}
	if op.Office.Code == code {
		return true
	}
	own, target := officeOf(op.Office.Code), officeOf(code)
	return own != nil && target != nil && own.kind == "sede" && target.kind != "cric"
}

func officeOf(code string) *office {
	for i := range offices {
		if offices[i].code == code {
			return &offices[i]
		}
	}
	return nil
}

// refusal is a refused desk action: 409 for booked citizens, 422 otherwise.
func refusal(code, msg string, day time.Time) answer {
	status := http.StatusUnprocessableEntity
	if code == model.RefusedBookedCitizens {
		status = http.StatusConflict
	}
	r := client.DeskRefusalJSON{Code: code, Message: msg}
	if !day.IsZero() {
		r.Day = day.Format(client.DateLayout)
	}
	return answer{status, r}
}

// deskDay checks that an office receives at a desk on a day: a working
// day of the office with the desk's agenda open (the sandbox's horizon).
func (s *Sandbox) deskDay(ctx context.Context, m *mreq, office, desk string, day time.Time) (*answer, error) {
	if !model.IsWorkingDay(day) || !officeOpen(office, day) {
		a := refusal(model.RefusedClosedDay, fmt.Sprintf("Il %s la struttura non riceve.", italianDate(day)), day)
		return &a, nil
	}
	n, err := deskSlots(ctx, m, office, desk, day)
	if err != nil || n > 0 {
		return nil, err
	}
	a := refusal(model.RefusedNoAgenda, fmt.Sprintf("L'agenda di %s non è ancora aperta il %s.", desk, italianDate(day)), day)
	return &a, nil
}

// deskSlots counts a desk's slots on a day.
func deskSlots(ctx context.Context, m *mreq, office, desk string, day time.Time) (int, error) {
	var n int
	err := m.tx.QueryRowContext(ctx, `SELECT count(*) FROM slots WHERE office_code = ? AND desk = ? AND start >= ? AND start < ?`,
		office, desk, day.Unix(), day.AddDate(0, 0, 1).Unix()).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("desk slots: %w", err)
	}
	return n, nil
}

// slotsLeft counts a desk's slots of a day that have not begun.
func slotsLeft(ctx context.Context, m *mreq, office, desk string, day time.Time) (int, error) {
	var n int
	err := m.tx.QueryRowContext(ctx, `SELECT count(*) FROM slots WHERE office_code = ? AND desk = ? AND start >= ? AND start < ?`,
		office, desk, max(day.Unix(), m.now.Unix()), day.AddDate(0, 0, 1).Unix()).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("desk slots left: %w", err)
	}
	return n, nil
}

// deskPreamble checks what both actions share: the scope and the desk.
func deskPreamble(m *mreq, office, desk string) *answer {
	if office == "" || desk == "" {
		a := fail(http.StatusBadRequest, "bad_request", "Servono struttura e sportello.")
		return &a
	}
	if !managesOffice(m.op, office) {
		a := fail(http.StatusForbidden, "forbidden", "Solo il responsabile della struttura (o della Direzione provinciale) interviene sulle sue agende.")
		return &a
	}
	if !slices.Contains(desks[office], desk) {
		a := refusal(model.RefusedUnknownDesk, fmt.Sprintf("La struttura non ha uno sportello %q che riceve su prenotazione.", desk), time.Time{})
		return &a
	}
	return nil
}

// deskAudit records a desk action (done or refused) in central's audit,
// under the request's key.
func deskAudit(ctx context.Context, m *mreq, action, office, desk string) error {
	_, err := m.tx.ExecContext(ctx, `INSERT INTO audit(id, operator_id, action, citizen_cf, reason, ref, at, offline, received_by, received_at)
		VALUES (?, ?, ?, '', ?, ?, ?, 0, ?, ?) ON CONFLICT(id) DO NOTHING`,
		m.key, m.op.ID, action, string(model.AccessManagement), office+"/"+desk, m.now.Unix(), m.op.ID, m.now.Unix())
	if err != nil {
		return fmt.Errorf("desk audit: %w", err)
	}
	return nil
}

// audited records a desk action's outcome in the audit and passes its
// answer on.
func audited(ctx context.Context, m *mreq, action, office, desk string, a answer) (answer, error) {
	if a.status != http.StatusOK {
		action += "_refused"
	}
	if err := deskAudit(ctx, m, action, office, desk); err != nil {
		return answer{}, err
	}
	return a, nil
}

// AuditAction returns how many audit events of an action central holds
// (desk_clone, desk_duration_refused…), and the ref of the last.
func (s *Sandbox) AuditAction(ctx context.Context, action string) (n int, ref string, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT count(*), coalesce(max(ref), '') FROM audit WHERE action = ?`, action).Scan(&n, &ref)
	if err != nil {
		return 0, "", fmt.Errorf("sandbox: audit of an action: %w", err)
	}
	return n, ref, nil
}

// italianDate writes a day as the operator reads it: "3 dicembre 2026".
func italianDate(d time.Time) string {
	months := [...]string{"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
		"settembre", "ottobre", "novembre", "dicembre"}
	return fmt.Sprintf("%d %s %d", d.Day(), months[d.Month()-1], d.Year())
}

// cloneDesk opens a twin agenda of a sportello on some days: every slot
// of the desk's grid that has not begun (times, services, levels; the
// channel of its free slots), free, at the twin desk.
func (s *Sandbox) cloneDesk(ctx context.Context, m *mreq) (answer, error) {
	var req client.DeskCloneRequest
	if !m.decode(&req) {
		return fail(http.StatusBadRequest, "bad_request", "Richiesta non valida: servono struttura, sportello e giorni."), nil
	}
	if a := deskPreamble(m, req.Office, req.Desk); a != nil {
		return audited(ctx, m, "desk_clone", req.Office, req.Desk, *a)
	}
	days, bad := cloneDays(req.Days, m.now)
	if bad != nil {
		return audited(ctx, m, "desk_clone", req.Office, req.Desk, *bad)
	}
	twin := model.TwinDesk(req.Desk)
	for _, day := range days {
		if a, err := s.deskDay(ctx, m, req.Office, req.Desk, day); a != nil || err != nil {
			return auditedOr(ctx, m, "desk_clone", req.Office, req.Desk, a, err)
		}
		n, err := deskSlots(ctx, m, req.Office, twin, day)
		if err != nil {
			return answer{}, err
		}
		if n > 0 {
			return audited(ctx, m, "desk_clone", req.Office, req.Desk, refusal(model.RefusedTwinExists,
				fmt.Sprintf("%s ha già un'agenda il %s.", twin, italianDate(day)), day))
		}
		if left, err := slotsLeft(ctx, m, req.Office, req.Desk, day); err != nil || left == 0 {
			if err != nil {
				return answer{}, err
			}
			// Today after the desk's last slot began: nothing to twin.
			return audited(ctx, m, "desk_clone", req.Office, req.Desk, refusal(model.RefusedPastDay,
				fmt.Sprintf("Il %s lo sportello non ha più slot da clonare.", italianDate(day)), day))
		}
	}
	opened := 0
	for _, day := range days {
		n, err := s.cloneDay(ctx, m, req.Office, req.Desk, twin, day)
		if err != nil {
			return answer{}, err
		}
		opened += n
	}
	if err := m.ledger(ctx, "desk_clone", req.Office+"/"+twin); err != nil {
		return answer{}, err
	}
	out := client.DeskChangeJSON{Office: req.Office, Desk: twin, Slots: opened, Days: req.Days}
	out.Days = make([]string, len(days))
	for i, d := range days {
		out.Days[i] = d.Format(client.DateLayout)
	}
	return audited(ctx, m, "desk_clone", req.Office, req.Desk, answer{http.StatusOK, out})
}

// auditedOr is audited for a refusal a check may have given.
func auditedOr(ctx context.Context, m *mreq, action, office, desk string, a *answer, err error) (answer, error) {
	if err != nil {
		return answer{}, err
	}
	return audited(ctx, m, action, office, desk, *a)
}

// cloneDays parses the days of a clone: 1 to MaxCloneDays, none past,
// sorted, each once.
func cloneDays(in []string, now time.Time) ([]time.Time, *answer) {
	if len(in) == 0 || len(in) > model.MaxCloneDays {
		a := refusal(model.RefusedTooManyDays, fmt.Sprintf("Scegli da 1 a %d giorni.", model.MaxCloneDays), time.Time{})
		return nil, &a
	}
	today := model.Day(now)
	var out []time.Time
	for _, s := range in {
		d, err := time.ParseInLocation(client.DateLayout, s, model.Rome)
		if err != nil {
			a := fail(http.StatusBadRequest, "bad_request", "Giorno non valido: serve AAAA-MM-GG.")
			return nil, &a
		}
		if d.Before(today) {
			a := refusal(model.RefusedPastDay, fmt.Sprintf("Il %s è passato.", italianDate(d)), d)
			return nil, &a
		}
		if !slices.ContainsFunc(out, d.Equal) {
			out = append(out, d)
		}
	}
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return out, nil
}

// cloneDay copies a desk's grid of one day to its twin and returns how
// many slots it opened.
func (s *Sandbox) cloneDay(ctx context.Context, m *mreq, office, desk, twin string, day time.Time) (int, error) {
	grid, err := s.querySlots(ctx, m.tx, `office_code = ? AND desk = ? AND start >= ? AND start < ? ORDER BY start`,
		office, desk, max(day.Unix(), m.now.Unix()), day.AddDate(0, 0, 1).Unix())
	if err != nil {
		return 0, fmt.Errorf("clone %s: %w", desk, err)
	}
	twinID := strings.ReplaceAll(strings.ToLower(twin), " ", "")
	for _, sl := range grid {
		ch := sl.Channel
		if sl.Status != string(model.StatusFree) {
			ch = string(model.ChannelInPerson) // a booked slot's channel is the citizen's
		}
		id := fmt.Sprintf("%s-%s-%s", office, twinID, sl.Start.Format("20060102-1504"))
		if err := insertFree(ctx, m, id, office, twin, sl.Start, sl.End, ch, sl.Service, sl.Level); err != nil {
			return 0, err
		}
	}
	return len(grid), nil
}

// insertFree adds a free slot and puts it in the changes feed.
func insertFree(ctx context.Context, m *mreq, id, office, desk string, start, end time.Time, ch, service string, level int) error {
	if _, err := m.tx.ExecContext(ctx, `INSERT INTO slots(id, office_code, desk, start, end, channel, service, level, status, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'free', 1)`, id, office, desk, start.Unix(), end.Unix(), ch, service, level); err != nil {
		return fmt.Errorf("open slot %s: %w", id, err)
	}
	return touch(ctx, m.tx, "slot", id)
}

package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"sportello/client"
	"sportello/model"
)

// deskClock is a Monday morning of the seeded agenda.
var deskClock = time.Date(2026, time.November, 23, 10, 5, 0, 0, model.Rome)

// deskPeer is a sandbox over loopback and a way to post as an operator.
type deskPeer struct {
	t   *testing.T
	sb  *Sandbox
	url string
}

func newDeskPeer(t *testing.T) *deskPeer {
	t.Helper()
	sb, err := New(Options{Seed: 7, Now: func() time.Time { return deskClock }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	return &deskPeer{t: t, sb: sb, url: srv.URL}
}

func (p *deskPeer) token(op string) string {
	p.t.Helper()
	body, _ := json.Marshal(client.LoginRequest{Operator: op, Password: op})
	resp, err := http.Post(p.url+"/v1/auth/token", "application/json", bytes.NewReader(body))
	if err != nil {
		p.t.Fatal(err)
	}
	defer resp.Body.Close()
	var s client.Session
	if err := json.NewDecoder(resp.Body).Decode(&s); err != nil || s.AccessToken == "" {
		p.t.Fatalf("login %s: %v", op, err)
	}
	return s.AccessToken
}

// post sends a desk action and returns the status, the body and whether
// it was a replay.
func (p *deskPeer) post(op, path, key string, body any) (int, []byte, bool) {
	p.t.Helper()
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, p.url+path, bytes.NewReader(raw))
	req.Header.Set("Authorization", "Bearer "+p.token(op))
	req.Header.Set("Idempotency-Key", key)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		p.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out, resp.Header.Get("Idempotent-Replayed") == "true"
}

func (p *deskPeer) refusal(body []byte) client.DeskRefusalJSON {
	p.t.Helper()
	var r client.DeskRefusalJSON
	if err := json.Unmarshal(body, &r); err != nil {
		p.t.Fatalf("refusal %s: %v", body, err)
	}
	return r
}

// deskSnapshot is every slot of a desk from a day on, by id.
func (p *deskPeer) deskSnapshot(office, desk string, from time.Time) map[string]client.SlotJSON {
	p.t.Helper()
	all, err := p.sb.querySlots(context.Background(), p.sb.db, `office_code = ? AND desk = ? AND start >= ?`, office, desk, from.Unix())
	if err != nil {
		p.t.Fatal(err)
	}
	out := map[string]client.SlotJSON{}
	for _, sl := range all {
		out[sl.ID] = sl
	}
	return out
}

func day(d int) time.Time { return time.Date(2026, time.November, d, 0, 0, 0, 0, model.Rome) }

func TestCloneOpensABookableTwinOnce(t *testing.T) {
	p := newDeskPeer(t)
	ctx := context.Background()
	req := client.DeskCloneRequest{Office: "7801", Desk: "Sportello 1", Days: []string{"2026-11-24", "2026-11-23"}}
	st, body, replay := p.post("direttore", "/v1/desks/clone", "clone-key-1", req)
	if st != http.StatusOK || replay {
		t.Fatalf("clone: %d %s", st, body)
	}
	var got client.DeskChangeJSON
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	// Today the slots begun (8:30 to 10:00) are not copied: 24+4 on the
	// 24th (a Tuesday: morning and afternoon), 14+4 today (from 10:10).
	if got.Desk != "Sportello 1 bis" || got.Slots != 28+18 || len(got.Days) != 2 || got.Days[0] != "2026-11-23" {
		t.Errorf("clone answered %+v", got)
	}
	// The twin's slots are free and bookable: availability offers them.
	q := "/v1/availability?office=7801&service=estratto_conto&from=2026-11-24&to=2026-11-24"
	hreq, _ := http.NewRequest(http.MethodGet, p.url+q, nil)
	hreq.Header.Set("Authorization", "Bearer "+p.token("accoglienza"))
	resp, err := http.DefaultClient.Do(hreq)
	if err != nil {
		t.Fatal(err)
	}
	var av client.AvailabilityJSON
	_ = json.NewDecoder(resp.Body).Decode(&av)
	resp.Body.Close()
	twin := 0
	for _, sl := range av.Slots {
		if sl.Desk == "Sportello 1 bis" {
			twin++
		}
	}
	if twin != 24 {
		t.Errorf("availability offers %d slots of the twin on the 24th, want its 24 morning slots", twin)
	}
	// The same key again: the same answer, and no second twin.
	st2, body2, replay := p.post("direttore", "/v1/desks/clone", "clone-key-1", req)
	if st2 != st || !bytes.Equal(body, body2) || !replay {
		t.Errorf("repeat: %d %s (replayed %v)", st2, body2, replay)
	}
	if n := len(p.deskSnapshot("7801", "Sportello 1 bis", day(23))); n != 46 {
		t.Errorf("the twin has %d slots after the repeat, want 46", n)
	}
	// Another request for a day the twin has: refused whole.
	st, body, _ = p.post("direttore", "/v1/desks/clone", "clone-key-2",
		client.DeskCloneRequest{Office: "7801", Desk: "Sportello 1", Days: []string{"2026-11-25", "2026-11-24"}})
	if r := p.refusal(body); st != http.StatusUnprocessableEntity || r.Code != model.RefusedTwinExists || r.Day != "2026-11-24" {
		t.Errorf("clone onto the twin: %d %+v", st, r)
	}
	if n := len(p.deskSnapshot("7801", "Sportello 1 bis", day(25))); n != 0 {
		t.Errorf("a refused clone opened %d slots", n)
	}
	ledger, _ := p.sb.Ledger(ctx)
	clones := 0
	for _, e := range ledger {
		if e.Action == "desk_clone" {
			clones++
		}
	}
	done, ref, _ := p.sb.AuditAction(ctx, "desk_clone")
	refused, _, _ := p.sb.AuditAction(ctx, "desk_clone_refused")
	if clones != 1 || done != 1 || refused != 1 || ref != "7801/Sportello 1" {
		t.Errorf("ledger %d clones, audit %d done (%s) %d refused; want 1, 1, 1", clones, done, ref, refused)
	}
}

func TestDeskActionsScope(t *testing.T) {
	p := newDeskPeer(t)
	clone := func(op, office, desk, key string) int {
		st, _, _ := p.post(op, "/v1/desks/clone", key, client.DeskCloneRequest{Office: office, Desk: desk, Days: []string{"2026-11-26"}})
		return st
	}
	for _, c := range []struct {
		op, office, desk string
		want             int
	}{
		{"responsabile", "7800", "Sportello 1", http.StatusForbidden}, // another office
		{"demo", "7800", "Sportello 1", http.StatusForbidden},         // not a head of structure
		{"accoglienza", "7801", "Sportello 1", http.StatusForbidden},
		{"direttore", "7880", "Sportello 1", http.StatusForbidden}, // the CRIC is not the direzione's
		{"responsabile", "7801", "Sportello 2", http.StatusOK},
		{"direttore", "7890", "Sportello 1", http.StatusOK}, // an Agenzia of the direzione
		{"direttore", "7800", "Sportello 4", http.StatusOK},
	} {
		if got := clone(c.op, c.office, c.desk, "scope-"+c.op+"-"+c.office); got != c.want {
			t.Errorf("%s cloning %s %s: %d, want %d", c.op, c.office, c.desk, got, c.want)
		}
	}
	st, _, _ := p.post("responsabile", "/v1/desks/duration", "scope-duration", client.SlotDurationRequest{Office: "7802", Desk: "Sportello 1", From: "2026-11-26", Minutes: 5})
	if st != http.StatusForbidden {
		t.Errorf("duration on another office: %d", st)
	}
}

func TestCloneRefusesBadDays(t *testing.T) {
	p := newDeskPeer(t)
	many := make([]string, model.MaxCloneDays+1)
	for i := range many {
		many[i] = time.Date(2026, time.December, 1+i, 0, 0, 0, 0, model.Rome).Format(client.DateLayout)
	}
	for i, c := range []struct {
		office, desk string
		days         []string
		code         string
	}{
		{"7801", "Sportello 1", []string{"2026-11-20"}, model.RefusedPastDay},
		{"7801", "Sportello 1", []string{"2026-11-28"}, model.RefusedClosedDay}, // a Saturday
		{"7801", "Sportello 1", []string{"2026-12-08"}, model.RefusedClosedDay}, // Immacolata
		{"7895", "Sportello unico", []string{"2026-11-24", "2026-11-25"}, model.RefusedClosedDay},
		{"7801", "Sportello 1", []string{"2027-01-12"}, model.RefusedNoAgenda},
		{"7801", "Sportello 9", []string{"2026-11-24"}, model.RefusedUnknownDesk},
		{"7801", "Sportello 1 bis", []string{"2026-11-24"}, model.RefusedUnknownDesk},
		{"7801", "Sportello 1", many, model.RefusedTooManyDays},
		{"7801", "Sportello 1", nil, model.RefusedTooManyDays},
	} {
		st, body, _ := p.post("direttore", "/v1/desks/clone", "bad-days-"+string(rune('a'+i)), client.DeskCloneRequest{Office: c.office, Desk: c.desk, Days: c.days})
		if r := p.refusal(body); st != http.StatusUnprocessableEntity || r.Code != c.code || r.Message == "" {
			t.Errorf("case %d: %d %+v, want 422 %s", i, st, r, c.code)
		}
	}
}

func TestDurationRefusedWhenItDropsBookedCitizensChangesNothing(t *testing.T) {
	p := newDeskPeer(t)
	ctx := context.Background()
	// Nobody is booked at the desk from 1 December on but on the 3rd:
	// the change drops the 3rd's citizens, and from the 4th nobody.
	dec1, dec3 := time.Date(2026, time.December, 1, 0, 0, 0, 0, model.Rome), time.Date(2026, time.December, 3, 0, 0, 0, 0, model.Rome)
	if _, err := p.sb.db.ExecContext(ctx, `UPDATE slots SET status = 'free', citizen_cf = '' WHERE office_code = '7801' AND desk = 'Sportello 2'
		AND start >= ? AND NOT (start >= ? AND start < ?)`, dec1.Unix(), dec3.Unix(), dec3.AddDate(0, 0, 1).Unix()); err != nil {
		t.Fatal(err)
	}
	before := p.deskSnapshot("7801", "Sportello 2", day(24))
	var offGrid int
	for _, sl := range before {
		origin, _ := morning(sl.Start)
		if holdsCitizen(sl) && sl.Level == 1 && sl.Start.Sub(origin)%(8*time.Minute) != 0 {
			offGrid++
		}
	}
	st, body, _ := p.post("direttore", "/v1/desks/duration", "duration-8", client.SlotDurationRequest{Office: "7801", Desk: "Sportello 2", From: "2026-11-24", Minutes: 8})
	r := p.refusal(body)
	if st != http.StatusConflict || r.Code != model.RefusedBookedCitizens || r.Booked != offGrid || r.Booked == 0 ||
		r.FirstDay != "2026-11-24" || r.EarliestFrom != "2026-12-04" {
		t.Fatalf("duration over booked citizens: %d %+v (want %d booked)", st, r, offGrid)
	}
	after := p.deskSnapshot("7801", "Sportello 2", day(24))
	if len(after) != len(before) {
		t.Fatalf("a refused change left %d slots, had %d", len(after), len(before))
	}
	for id, sl := range before {
		if a := after[id]; a.Start != sl.Start || a.End != sl.End || a.Version != sl.Version {
			t.Fatalf("a refused change moved %s", id)
		}
	}
	if n, _, _ := p.sb.AuditAction(ctx, "desk_duration_refused"); n != 1 {
		t.Errorf("%d refusals audited, want 1", n)
	}
	// From the day it names, it goes through.
	st, body, _ = p.post("direttore", "/v1/desks/duration", "duration-8-later", client.SlotDurationRequest{Office: "7801", Desk: "Sportello 2", From: r.EarliestFrom, Minutes: 8})
	if st != http.StatusOK {
		t.Errorf("duration from the earliest day: %d %s", st, body)
	}
}

func TestDurationRecutsTheMorningKeepingEveryAppointment(t *testing.T) {
	p := newDeskPeer(t)
	before := p.deskSnapshot("7800", "Sportello 1", day(25))
	req := client.SlotDurationRequest{Office: "7800", Desk: "Sportello 1", From: "2026-11-25", Minutes: 5}
	st, body, _ := p.post("direttore", "/v1/desks/duration", "duration-5", req)
	if st != http.StatusOK {
		t.Fatalf("duration 5: %d %s", st, body)
	}
	var got client.DeskChangeJSON
	_ = json.Unmarshal(body, &got)
	after := p.deskSnapshot("7800", "Sportello 1", day(25))
	perDay := map[time.Time][]client.SlotJSON{}
	free := 0
	for _, sl := range after {
		if sl.Level != 1 {
			continue
		}
		perDay[model.Day(sl.Start)] = append(perDay[model.Day(sl.Start)], sl)
		if sl.End.Sub(sl.Start) != 5*time.Minute && sl.Status != "blocked" {
			t.Fatalf("slot %s lasts %v", sl.ID, sl.End.Sub(sl.Start))
		}
		if sl.Status == "free" {
			free++
		}
	}
	if got.Slots != free || got.Minutes != 5 || len(got.Days) != len(perDay) || len(perDay) == 0 {
		t.Errorf("answer %+v; %d free slots over %d days", got, free, len(perDay))
	}
	for d, slots := range perDay {
		seen := map[int64]bool{}
		for _, sl := range slots {
			if seen[sl.Start.Unix()] {
				t.Fatalf("two slots at %v", sl.Start)
			}
			seen[sl.Start.Unix()] = true
		}
		// 48 cells of 5 minutes; a 10-minute block keeps two of them.
		blocked := 0
		for _, sl := range slots {
			if sl.Status == "blocked" {
				blocked++
				for _, o := range slots {
					if o.ID != sl.ID && o.Start.Before(sl.End) && o.End.After(sl.Start) {
						t.Errorf("%s %v overlaps the block %v–%v", o.Status, o.Start, sl.Start, sl.End)
					}
				}
			}
		}
		if len(slots) != 48-blocked {
			t.Errorf("%s has %d morning slots (%d blocked), want %d", d.Format(time.DateOnly), len(slots), blocked, 48-blocked)
		}
	}
	blocks := 0
	for id, sl := range before {
		a, ok := after[id]
		if !ok {
			t.Fatalf("slot %s vanished", id)
		}
		if holdsCitizen(sl) && (a.Start != sl.Start || a.CitizenCF != sl.CitizenCF || a.Status != sl.Status) {
			t.Errorf("booked %s moved from %v to %v", id, sl.Start, a.Start)
		}
		if sl.Status == "blocked" && sl.Level == 1 {
			blocks++
		}
		if sl.Status == "blocked" && (!a.Start.Equal(sl.Start) || !a.End.Equal(sl.End)) {
			t.Errorf("blocked %s %v–%v became %v–%v", id, sl.Start, sl.End, a.Start, a.End)
		}
		if sl.Level == 2 && (a.Start != sl.Start || a.End != sl.End || a.Version != sl.Version) {
			t.Errorf("consulenza slot %s changed", id)
		}
	}
	if blocks == 0 {
		t.Error("no blocked slot in the days cut: the test does not see a block kept")
	}
	// Again: nothing shorter to do. From today: too late.
	st, body, _ = p.post("direttore", "/v1/desks/duration", "duration-5-again", req)
	if r := p.refusal(body); st != http.StatusUnprocessableEntity || r.Code != model.RefusedNotShorter {
		t.Errorf("the same length again: %d %+v", st, r)
	}
	for key, c := range map[string]struct {
		from    string
		minutes int
		code    string
	}{
		"duration-today": {"2026-11-23", 5, model.RefusedPastDay},
		"duration-12":    {"2026-11-24", 12, model.RefusedBadDuration},
		"duration-sun":   {"2026-11-29", 5, model.RefusedClosedDay},
	} {
		st, body, _ := p.post("direttore", "/v1/desks/duration", key, client.SlotDurationRequest{Office: "7800", Desk: "Sportello 2", From: c.from, Minutes: c.minutes})
		if r := p.refusal(body); st != http.StatusUnprocessableEntity || r.Code != c.code {
			t.Errorf("%s: %d %+v", key, st, r)
		}
	}
}

// TestCapacityListsTheTwinAfterItsSportello: the head of structure who
// opened a twin agenda finds it in the picture of the agendas, after the
// sportello it twins (the office's list of desks does not name it).
func TestCapacityListsTheTwinAfterItsSportello(t *testing.T) {
	p := newDeskPeer(t)
	if st, body, _ := p.post("direttore", "/v1/desks/clone", "clone-cap", client.DeskCloneRequest{
		Office: "7800", Desk: "Sportello 2", Days: []string{"2026-11-25"}}); st != http.StatusOK {
		t.Fatalf("clone: %d %s", st, body)
	}
	req, _ := http.NewRequest(http.MethodGet, p.url+"/v1/capacity?from=2026-11-23&to=2026-11-27", nil)
	req.Header.Set("Authorization", "Bearer "+p.token("direttore"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var c client.CapacityJSON
	if err := json.NewDecoder(resp.Body).Decode(&c); err != nil {
		t.Fatal(err)
	}
	var sede []string
	for _, o := range c.Offices {
		if o.Code == "7800" {
			sede = o.Desks
		}
	}
	want := []string{"Sportello 1", "Sportello 2", "Sportello 2 bis", "Sportello 3", "Sportello 4"}
	if !slices.Equal(sede, want) {
		t.Errorf("the Sede's sportelli in the picture: %q, want %q", sede, want)
	}
	slots := 0
	for _, a := range c.Agenda {
		if a.Office == "7800" && a.Desk == "Sportello 2 bis" {
			slots += a.Slots
			if a.Day != "2026-11-25" || a.Booked != 0 {
				t.Errorf("the twin's agenda: %+v", a)
			}
		}
	}
	if slots == 0 {
		t.Error("the picture counts no slot of the twin")
	}
}

// TestCloneRefusesTodayOnceItsSlotsBegan: late in the day the sportello
// has no slot left to twin; the clone is refused, not "done" with none.
func TestCloneRefusesTodayOnceItsSlotsBegan(t *testing.T) {
	p := newDeskPeer(t)
	late := time.Date(2026, time.November, 23, 17, 5, 0, 0, model.Rome)
	p.sb.now = func() time.Time { return late }
	st, body, _ := p.post("direttore", "/v1/desks/clone", "late-clone-1",
		client.DeskCloneRequest{Office: "7801", Desk: "Sportello 1", Days: []string{"2026-11-24", "2026-11-23"}})
	if r := p.refusal(body); st != http.StatusUnprocessableEntity || r.Code != model.RefusedPastDay || r.Day != "2026-11-23" {
		t.Fatalf("clone of today after hours: %d %s, want 422 past_day on the 23rd", st, body)
	}
	if n := len(p.deskSnapshot("7801", "Sportello 1 bis", day(23))); n != 0 {
		t.Errorf("a refused clone opened %d slots", n)
	}
	done, _, _ := p.sb.AuditAction(context.Background(), "desk_clone")
	refused, _, _ := p.sb.AuditAction(context.Background(), "desk_clone_refused")
	if done != 0 || refused != 1 {
		t.Errorf("audit: %d done, %d refused; want 0, 1", done, refused)
	}
}

package sandbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"sportello/client"
	"sportello/model"
)

const schema = `
CREATE TABLE IF NOT EXISTS offices (
	code TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS comuni (
	name TEXT NOT NULL, office_code TEXT NOT NULL REFERENCES offices(code), population INTEGER NOT NULL,
	PRIMARY KEY (name, office_code));
CREATE TABLE IF NOT EXISTS operators (
	id TEXT PRIMARY KEY, password_hash TEXT NOT NULL, name TEXT NOT NULL,
	office_code TEXT NOT NULL REFERENCES offices(code), desk TEXT NOT NULL, roles TEXT NOT NULL,
	sections TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS tokens (
	token TEXT PRIMARY KEY, operator_id TEXT NOT NULL REFERENCES operators(id),
	session TEXT NOT NULL, expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS refresh_tokens (
	token TEXT PRIMARY KEY, operator_id TEXT NOT NULL REFERENCES operators(id), session TEXT NOT NULL,
	expires_at INTEGER NOT NULL, replaced_by TEXT NOT NULL DEFAULT '', replaced_at INTEGER NOT NULL DEFAULT 0,
	replaced_access TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS citizens (
	cf TEXT PRIMARY KEY, family_name TEXT NOT NULL, file TEXT NOT NULL, version INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS citizens_family_name ON citizens(family_name COLLATE NOCASE);
CREATE TABLE IF NOT EXISTS slots (
	id TEXT PRIMARY KEY, office_code TEXT NOT NULL REFERENCES offices(code), desk TEXT NOT NULL,
	start INTEGER NOT NULL, end INTEGER NOT NULL, channel TEXT NOT NULL, service TEXT NOT NULL,
	level INTEGER NOT NULL, status TEXT NOT NULL, citizen_cf TEXT NOT NULL DEFAULT '',
	meeting_url TEXT NOT NULL DEFAULT '', phone TEXT NOT NULL DEFAULT '',
	outcome TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '', version INTEGER NOT NULL,
	served_from INTEGER NOT NULL DEFAULT 0, served_to INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS slots_desk_start ON slots(office_code, desk, start);
CREATE INDEX IF NOT EXISTS slots_citizen ON slots(citizen_cf);
CREATE TABLE IF NOT EXISTS schede (
	id TEXT PRIMARY KEY, data TEXT NOT NULL, section TEXT NOT NULL, status TEXT NOT NULL,
	received_at INTEGER NOT NULL, citizen_cf TEXT NOT NULL,
	cric TEXT NOT NULL); -- the CRIC (regional office) the scheda was sent to
-- The changes feed: one row per entity, moved to a new seq at each change.
CREATE TABLE IF NOT EXISTS changelog (
	seq INTEGER PRIMARY KEY AUTOINCREMENT, entity TEXT NOT NULL, id TEXT NOT NULL, UNIQUE (entity, id));
-- Idempotency: the first answer to each operator's key.
CREATE TABLE IF NOT EXISTS idempotency (
	operator_id TEXT NOT NULL, key TEXT NOT NULL, route TEXT NOT NULL, body_hash TEXT NOT NULL,
	status INTEGER NOT NULL, body BLOB NOT NULL, PRIMARY KEY (operator_id, key));
-- The ledger: every state change applied, for tests to read.
CREATE TABLE IF NOT EXISTS ledger (
	seq INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL, operator_id TEXT NOT NULL,
	action TEXT NOT NULL, entity_id TEXT NOT NULL, at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS audit (
	id TEXT PRIMARY KEY, operator_id TEXT NOT NULL, action TEXT NOT NULL, citizen_cf TEXT NOT NULL,
	reason TEXT NOT NULL, ref TEXT NOT NULL, at INTEGER NOT NULL, offline INTEGER NOT NULL, received_by TEXT NOT NULL, received_at INTEGER NOT NULL);
`

// citizenCount is how many citizens the sandbox knows; openSchede how many
// Linea INPS schede of each section reached the CRIC in the last weeks, and
// answeredSchede how many of each it answered in the months before (the
// experts' shared answers).
const (
	citizenCount   = 600
	openSchede     = 30
	answeredSchede = 150
)

// cricOffice is the CRIC the sandbox's schede are sent to.
const cricOffice = "7880"

// seedDB creates the schema and, on an empty database, the data.
func (s *Sandbox) seedDB(opts Options) error {
	ctx := context.Background()
	if _, err := s.db.ExecContext(ctx, schema+receptionSchema); err != nil {
		return fmt.Errorf("schema: %w", err)
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM offices`).Scan(&n); err != nil {
		return fmt.Errorf("count offices: %w", err)
	}
	if n > 0 {
		return nil // seeded by an earlier run
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	if err := seedOffices(ctx, tx); err != nil {
		return err
	}
	now := opts.Now()
	rng := rand.New(rand.NewPCG(uint64(opts.Seed), 0x5a1e7))
	citizens, err := seedCitizens(ctx, tx, rng, now)
	if err != nil {
		return err
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO slots(id, office_code, desk, start, end, channel, service, level, status,
		citizen_cf, meeting_url, phone, outcome, version, served_from, served_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("prepare slots: %w", err)
	}
	defer ins.Close()
	today := model.Day(now)
	for d := today.AddDate(0, 0, -opts.DaysBefore); !d.After(today.AddDate(0, 0, opts.DaysAfter)); d = d.AddDate(0, 0, 1) {
		if !model.IsWorkingDay(d) {
			continue
		}
		for _, o := range offices {
			if !officeOpen(o.code, d) {
				continue
			}
			for _, desk := range desks[o.code] {
				if err := seedDay(ctx, ins, opts.Seed, now, o.code, desk, d, citizens); err != nil {
					return err
				}
			}
		}
	}
	if err := seedSchede(ctx, tx, rng, now, citizens); err != nil {
		return err
	}
	if err := seedTickets(ctx, tx, opts.Seed, now); err != nil {
		return err
	}
	// Everything seeded is in the changes feed, slots in time order.
	if _, err := tx.ExecContext(ctx, `INSERT INTO changelog(entity, id) SELECT 'slot', id FROM slots ORDER BY start, id;
		INSERT INTO changelog(entity, id) SELECT 'scheda', id FROM schede ORDER BY received_at, id;
		INSERT INTO changelog(entity, id) SELECT 'ticket', id FROM tickets ORDER BY issued_at, id`); err != nil {
		return fmt.Errorf("changelog: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// officeOpen reports whether an office receives on day d.
func officeOpen(code string, d time.Time) bool {
	days, ok := deskDays[code]
	if !ok {
		return true
	}
	for _, wd := range days {
		if d.Weekday() == wd {
			return true
		}
	}
	return false
}

func seedOffices(ctx context.Context, tx *sql.Tx) error {
	for _, o := range offices {
		if _, err := tx.ExecContext(ctx, `INSERT INTO offices(code, name, kind) VALUES (?, ?, ?)`, o.code, o.name, o.kind); err != nil {
			return fmt.Errorf("office %s: %w", o.code, err)
		}
		for _, c := range o.comuni {
			if _, err := tx.ExecContext(ctx, `INSERT INTO comuni(name, office_code, population) VALUES (?, ?, ?)`, c.name, o.code, c.population); err != nil {
				return fmt.Errorf("comune %s: %w", c.name, err)
			}
		}
	}
	for _, op := range demoOperators {
		sections := make([]string, len(op.sections))
		for i, sec := range op.sections {
			sections[i] = string(sec)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO operators(id, password_hash, name, office_code, desk, roles, sections)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, op.id, hashPassword(op.id, op.id), op.name, op.office, op.desk, strings.Join(op.roles, ","),
			strings.Join(sections, ",")); err != nil {
			return fmt.Errorf("operator %s: %w", op.id, err)
		}
	}
	return nil
}

// residence picks a comune of the province weighted by its population.
func residence(rng *rand.Rand) string {
	total := 0
	for _, o := range offices {
		for _, c := range o.comuni {
			total += c.population
		}
	}
	n := rng.IntN(total)
	for _, o := range offices {
		for _, c := range o.comuni {
			if n < c.population {
				return c.name
			}
			n -= c.population
		}
	}
	panic("unreachable")
}

func pick[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }

// newCitizen makes one plausible citizen with a valid codice fiscale.
func newCitizen(rng *rand.Rand) model.Citizen {
	c := model.Citizen{FamilyName: pick(rng, familyNames), Sex: "M", Version: 1}
	if rng.IntN(2) == 0 {
		c.Sex, c.GivenName = "F", pick(rng, femaleNames)
	} else {
		c.GivenName = pick(rng, maleNames)
	}
	c.BirthDate = time.Date(1940+rng.IntN(66), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)
	bp := pick(rng, birthPlaces)
	c.BirthPlace = bp.name
	c.CF = model.BuildCF(c.FamilyName, c.GivenName, c.Sex, c.BirthDate, bp.catasto)
	c.Address = fmt.Sprintf("%s %d, %s (SA)", pick(rng, streets), 1+rng.IntN(180), residence(rng))
	mobile := fmt.Sprintf("+39 3%d%d %03d %04d", 2+rng.IntN(8), rng.IntN(10), rng.IntN(1000), rng.IntN(10000))
	c.Contacts = []model.Contact{{Kind: model.ContactMobile, Value: mobile, Verified: rng.IntN(10) < 8}}
	if rng.IntN(3) == 0 {
		c.Contacts = append(c.Contacts, model.Contact{Kind: model.ContactPhone,
			Value: fmt.Sprintf("+39 089 %03d %03d", rng.IntN(1000), rng.IntN(1000)), Verified: false})
	}
	if rng.IntN(10) < 7 {
		user := strings.ToLower(strings.NewReplacer(" ", "", "'", "").Replace(c.GivenName + "." + c.FamilyName))
		c.Contacts = append(c.Contacts, model.Contact{Kind: model.ContactEmail,
			Value:    fmt.Sprintf("%s%d@%s", user, c.BirthDate.Year()%100, pick(rng, []string{"libero.it", "gmail.com", "virgilio.it", "alice.it"})),
			Verified: rng.IntN(2) == 0})
	}
	return c
}

// fillFile gives a citizen the rest of a plausible file: delegations,
// earlier contacts, cases fitting their age, documents and a note or two.
func fillFile(rng *rand.Rand, c *model.Citizen, now time.Time, others []model.Citizen) {
	day := func(daysAgo int) time.Time { return model.Day(now.AddDate(0, 0, -daysAgo)) }
	age := now.Year() - c.BirthDate.Year()
	if rng.IntN(100) < 15 {
		c.Delegations = append(c.Delegations, model.Delegation{Kind: model.DelegationPatronato,
			Holder: "Patronato " + pick(rng, patronati), Scope: pick(rng, []string{"Pensioni", "Prestazioni a sostegno del reddito", "Invalidità civile", "Tutte le prestazioni"}),
			From: day(30 + rng.IntN(900)), Acquired: pick(rng, []string{"digitale", "digitale", "cartaceo"}),
			Patronato: "Sede zonale di " + residence(rng)})
	}
	if rng.IntN(100) < 6 && len(others) > 0 {
		d := pick(rng, others)
		c.Delegations = append(c.Delegations, model.Delegation{Kind: model.DelegationPerson,
			Holder: d.GivenName + " " + d.FamilyName, HolderCF: d.CF, Scope: "Ritiro certificazioni e informazioni",
			From: day(60 + rng.IntN(700)), Until: day(-(30 + rng.IntN(300)))})
	}
	for i, n := 0, rng.IntN(5); i < n; i++ {
		who := pick(rng, colleagues)
		ch := pick(rng, []string{"in_person", "in_person", "phone_callback", "web_meeting", "linea_inps"})
		at := day(7 + rng.IntN(700)).Add(time.Duration(8*60+30+rng.IntN(8*60)) * time.Minute)
		c.History = append(c.History, model.HistoryEntry{At: at, Channel: ch, Office: officeName(who.office),
			OperatorID: who.id, Operator: who.name, Service: pick(rng, services).name,
			Outcome: pick(rng, []model.Outcome{model.OutcomeResolved, model.OutcomeResolved, model.OutcomeFollowUp, model.OutcomeCaseOpened, model.OutcomeRedirected})})
	}
	sortHistory(c.History)
	for i, n := 0, rng.IntN(3); i < n; i++ {
		k := pick(rng, caseKinds)
		if age < k.minAge || age > k.maxAge {
			continue
		}
		opened := day(10 + rng.IntN(400))
		c.Cases = append(c.Cases, model.Case{ID: fmt.Sprintf("%d%08d", now.Year()-rng.IntN(2), rng.IntN(1e8)), Kind: k.kind,
			Status: pick(rng, []model.CaseStatus{model.CaseReceived, model.CaseInReview, model.CaseInReview, model.CaseSuspended, model.CaseApproved, model.CaseRejected}),
			Opened: opened, Updated: opened.AddDate(0, 0, rng.IntN(10)), Office: officeName(pick(rng, offices[:8]).code)})
	}
	for i, n := 0, rng.IntN(4); i < n; i++ {
		d := pick(rng, documentKinds)
		year := now.Year() - 1 - rng.IntN(3)
		c.Documents = append(c.Documents, model.Document{ID: fmt.Sprintf("DOC-%s-%d", d.kind, rng.IntN(1e9)),
			Title: fmt.Sprintf(d.title, year), Kind: d.kind, Date: time.Date(year+1, time.Month(1+rng.IntN(6)), 1+rng.IntN(28), 0, 0, 0, 0, model.Rome)})
	}
	if rng.IntN(100) < 20 {
		who := pick(rng, colleagues)
		c.Notes = append(c.Notes, model.Note{ID: fmt.Sprintf("N%d", rng.IntN(1e9)), At: day(3 + rng.IntN(200)).Add(10 * time.Hour),
			AuthorID: who.id, Author: who.name, Text: pick(rng, []string{
				"Preferisce essere richiamato al mattino.", "Ha chiesto di essere seguito dallo stesso operatore.",
				"In attesa di documentazione sanitaria per la domanda.", "Assistito dal patronato per la domanda in corso.",
				"Ipoacusia: preferisce il contatto in presenza o via email."})})
	}
}

func officeName(code string) string {
	for _, o := range offices {
		if o.code == code {
			return o.name
		}
	}
	return code
}

// sortHistory orders a history newest first.
func sortHistory(h []model.HistoryEntry) {
	for i := 1; i < len(h); i++ {
		for j := i; j > 0 && h[j].At.After(h[j-1].At); j-- {
			h[j], h[j-1] = h[j-1], h[j]
		}
	}
}

func seedCitizens(ctx context.Context, tx *sql.Tx, rng *rand.Rand, now time.Time) ([]model.Citizen, error) {
	out := makeCitizens(rng, citizenCount, now)
	for _, c := range out {
		if err := putCitizen(ctx, tx, c); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Citizens makes n plausible citizens with whole files and distinct valid
// codici fiscali, as the sandbox seeds its own: for tests that need a
// population of a given size (a mirror of 100,000 files, say).
func Citizens(n int, seed int64, now time.Time) []model.Citizen {
	return makeCitizens(rand.New(rand.NewPCG(uint64(seed), 0xc1717)), n, now)
}

func makeCitizens(rng *rand.Rand, n int, now time.Time) []model.Citizen {
	seen := map[string]bool{}
	out := make([]model.Citizen, 0, n)
	for len(out) < n {
		c := newCitizen(rng)
		if len(out) > 0 && len(out)%97 == 0 {
			// Now and then a namesake born the same day in the same
			// comune: the case omocodia exists for.
			t := pick(rng, out)
			c.FamilyName, c.GivenName, c.Sex, c.BirthDate, c.BirthPlace, c.CF = t.FamilyName, t.GivenName, t.Sex, t.BirthDate, t.BirthPlace, t.CF
		}
		if seen[c.CF] {
			// Same code as someone else: the institute assigns an omocodia
			// variant, as it does for real people (seven at most).
			for k := 1; seen[c.CF] && k <= 7; k++ {
				c.CF = model.Omocodia(c.CF, k)
			}
			if seen[c.CF] {
				continue
			}
		}
		seen[c.CF] = true
		fillFile(rng, &c, now, out)
		out = append(out, c)
	}
	return out
}

// putCitizen writes a citizen's whole file.
func putCitizen(ctx context.Context, q querier, c model.Citizen) error {
	file, err := json.Marshal(client.CitizenToJSON(c))
	if err != nil {
		return fmt.Errorf("citizen file: %w", err)
	}
	if _, err := q.ExecContext(ctx, `INSERT INTO citizens(cf, family_name, file, version) VALUES (?, ?, ?, ?)
		ON CONFLICT(cf) DO UPDATE SET file = excluded.file, version = excluded.version`,
		c.CF, c.FamilyName, string(file), c.Version); err != nil {
		return fmt.Errorf("citizen: %w", err)
	}
	return nil
}

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

// seedSchede creates the Linea INPS schede of the CRIC: for each section,
// the experts' answers of the last months, then the schede of the last
// weeks: most new, some in charge or waiting for the citizen (the demo
// consultants' and their colleagues'), a few already closed.
func seedSchede(ctx context.Context, tx *sql.Tx, rng *rand.Rand, now time.Time, citizens []model.Citizen) error {
	n := 0
	put := func(sec model.Section, received time.Time) (model.Scheda, schedaTemplate) {
		n++
		t := pick(rng, schedaTemplates[sec])
		return model.Scheda{ID: fmt.Sprintf("SK%05d", n), Number: fmt.Sprintf("LI-%d-%06d", received.Year(), 100000+rng.IntN(900000)),
			Section: sec, Status: model.SchedaNew, ReceivedAt: received, CitizenCF: pick(rng, citizens).CF, Subject: t.subject,
			Question: opened(pick(rng, schedaOpenings), t.question) + pick(rng, schedaClosings), Version: 1}, t
	}
	for _, sec := range model.Sections {
		consultants := cricConsultants(sec)
		for range answeredSchede {
			sc, t := put(sec, now.Add(-time.Duration(30*24+rng.IntN(150*24))*time.Hour).Truncate(time.Minute))
			holder := pick(rng, consultants)
			sc.Status, sc.HolderID, sc.HolderName, sc.Version = model.SchedaAnswered, holder.id, holder.name, 3
			sc.Answer, sc.AnsweredAt = t.answer, sc.ReceivedAt.Add(time.Duration(4+rng.IntN(6*24))*time.Hour)
			if err := putScheda(ctx, tx, sc); err != nil {
				return err
			}
		}
	}
	for i := range openSchede * len(model.Sections) {
		sec := model.Sections[i%len(model.Sections)]
		sc, t := put(sec, now.Add(-time.Duration(1+rng.IntN(10*24))*time.Hour).Truncate(time.Minute))
		holder := pick(rng, cricConsultants(sec))
		switch r := rng.IntN(100); {
		case r < 12:
			sc.Status, sc.HolderID, sc.HolderName, sc.Version = model.SchedaInCharge, holder.id, holder.name, 2
		case r < 20:
			sc.Status, sc.HolderID, sc.HolderName, sc.Version = model.SchedaWaiting, holder.id, holder.name, 3
			sc.InfoRequest = pick(rng, infoRequests)
		case r < 30:
			sc.Status, sc.HolderID, sc.HolderName, sc.Version = model.SchedaAnswered, holder.id, holder.name, 3
			sc.Answer = t.answer
			sc.AnsweredAt = closedBefore(sc.ReceivedAt.Add(time.Duration(2+rng.IntN(72))*time.Hour), now)
		case r < 33:
			d := model.DirezioniCentrali[0]
			for _, x := range model.DirezioniCentrali {
				if x.Section == sec {
					d = x
				}
			}
			sc.Status, sc.HolderID, sc.HolderName, sc.Version = model.SchedaForwarded, holder.id, holder.name, 3
			sc.ForwardedTo, sc.ForwardReason = d.Code+" "+d.Name, "Caso che richiede una valutazione normativa della Direzione centrale."
			sc.AnsweredAt = closedBefore(sc.ReceivedAt.Add(30*time.Hour), now)
		}
		if err := putScheda(ctx, tx, sc); err != nil {
			return err
		}
	}
	return nil
}

// opened puts an opening before a question, the question's first letter
// then in lower case.
func opened(opening, question string) string {
	if opening == "" || question == "" {
		return question
	}
	r, n := utf8.DecodeRuneInString(question)
	return opening + string(unicode.ToLower(r)) + question[n:]
}

// closedBefore is when a scheda received recently was closed: at, or an
// hour before now if at is later.
func closedBefore(at, now time.Time) time.Time {
	if limit := now.Add(-time.Hour); at.After(limit) {
		at = limit
	}
	return at.Truncate(time.Minute)
}

// cricConsultants returns the consultants of a CRIC section.
func cricConsultants(sec model.Section) []demoOperator {
	var out []demoOperator
	for _, op := range demoOperators {
		if slices.Contains(op.sections, sec) {
			out = append(out, op)
		}
	}
	return out
}

// putScheda writes a scheda.
func putScheda(ctx context.Context, q querier, sc model.Scheda) error {
	data, err := json.Marshal(client.SchedaToJSON(sc))
	if err != nil {
		return fmt.Errorf("scheda %s: %w", sc.ID, err)
	}
	if _, err := q.ExecContext(ctx, `INSERT INTO schede(id, data, section, status, received_at, citizen_cf, cric) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(id) DO UPDATE SET data = excluded.data, status = excluded.status`,
		sc.ID, string(data), sc.Section, sc.Status, sc.ReceivedAt.Unix(), sc.CitizenCF, cricOffice); err != nil {
		return fmt.Errorf("scheda %s: %w", sc.ID, err)
	}
	return nil
}

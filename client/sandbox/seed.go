package sandbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

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
	office_code TEXT NOT NULL REFERENCES offices(code), desk TEXT NOT NULL, roles TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tokens (
	token TEXT PRIMARY KEY, operator_id TEXT NOT NULL REFERENCES operators(id), expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS citizens (
	cf TEXT PRIMARY KEY, given_name TEXT NOT NULL, family_name TEXT NOT NULL, sex TEXT NOT NULL,
	birth_date TEXT NOT NULL, birth_place TEXT NOT NULL, address TEXT NOT NULL, contacts TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS slots (
	id TEXT PRIMARY KEY, office_code TEXT NOT NULL REFERENCES offices(code), desk TEXT NOT NULL,
	start INTEGER NOT NULL, end INTEGER NOT NULL, channel TEXT NOT NULL, service TEXT NOT NULL,
	level INTEGER NOT NULL, status TEXT NOT NULL, citizen_cf TEXT NOT NULL DEFAULT '',
	meeting_url TEXT NOT NULL DEFAULT '', phone TEXT NOT NULL DEFAULT '', version INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS slots_desk_start ON slots(office_code, desk, start);
`

// citizenCount is how many citizens the sandbox knows.
const citizenCount = 600

// seedDB creates the schema and, on an empty database, the data.
func (s *Sandbox) seedDB(opts Options) error {
	ctx := context.Background()
	if _, err := s.db.ExecContext(ctx, schema); err != nil {
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
	rng := rand.New(rand.NewPCG(uint64(opts.Seed), 0x5a1e7))
	citizens, err := seedCitizens(ctx, tx, rng)
	if err != nil {
		return err
	}
	today := model.Day(opts.Now())
	for d := today.AddDate(0, 0, -opts.DaysBefore); !d.After(today.AddDate(0, 0, opts.DaysAfter)); d = d.AddDate(0, 0, 1) {
		if !model.IsWorkingDay(d) {
			continue
		}
		for _, op := range demoOperators {
			if op.desk == "" || !deskOpen(op, d) {
				continue
			}
			if err := seedDay(ctx, tx, opts, op, d, citizens); err != nil {
				return err
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

func deskOpen(op demoOperator, d time.Time) bool {
	if op.deskDays == nil {
		return true
	}
	for _, wd := range op.deskDays {
		if int(d.Weekday()) == wd {
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
		if _, err := tx.ExecContext(ctx, `INSERT INTO operators(id, password_hash, name, office_code, desk, roles) VALUES (?, ?, ?, ?, ?, ?)`,
			op.id, hashPassword(op.id, op.id), op.name, op.office, op.desk, strings.Join(op.roles, ",")); err != nil {
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
	c := model.Citizen{FamilyName: pick(rng, familyNames), Sex: "M"}
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

func seedCitizens(ctx context.Context, tx *sql.Tx, rng *rand.Rand) ([]model.Citizen, error) {
	seen := map[string]bool{}
	var out []model.Citizen
	for len(out) < citizenCount {
		c := newCitizen(rng)
		if seen[c.CF] {
			// Same code as someone else: the institute assigns an omocodia
			// variant, as it does for real people.
			for n := 1; seen[c.CF]; n++ {
				c.CF = model.Omocodia(c.CF, n)
			}
		}
		seen[c.CF] = true
		j := client.CitizenToJSON(c)
		contacts, err := json.Marshal(j.Contacts)
		if err != nil {
			return nil, fmt.Errorf("citizen contacts: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO citizens(cf, given_name, family_name, sex, birth_date, birth_place, address, contacts)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, j.CF, j.GivenName, j.FamilyName, j.Sex, j.BirthDate, j.BirthPlace, j.Address, string(contacts)); err != nil {
			return nil, fmt.Errorf("citizen: %w", err)
		}
		out = append(out, c)
	}
	return out, nil
}

// seedDay creates the slots of one desk for one day: 10-minute first-level
// slots from 8:30 to 12:30 and, Monday to Thursday, 30-minute consulenza
// slots from 14:30 to 16:30 (8 hours a week). Each day has its own random
// stream, so a day's slots depend only on the seed and the date.
func seedDay(ctx context.Context, tx *sql.Tx, opts Options, op demoOperator, day time.Time, citizens []model.Citizen) error {
	rng := rand.New(rand.NewPCG(uint64(opts.Seed), uint64(day.Year()*10000+int(day.Month())*100+day.Day())))
	now := opts.Now()
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
		for start := b.from; start.Before(b.to); start = start.Add(b.length) {
			end := start.Add(b.length)
			id := fmt.Sprintf("%s-%s-%s", op.office, strings.ReplaceAll(strings.ToLower(op.desk), " ", ""), start.Format("20060102-1504"))
			sl := client.SlotJSON{ID: id, Desk: op.desk, Level: int(b.level), Status: string(model.StatusFree),
				Channel: string(model.ChannelInPerson), Version: 1}
			services := levelOneServices
			if b.level == model.LevelConsulenza {
				services = levelTwoServices
			}
			sl.Service = pick(rng, services)
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
					sl.MeetingURL = fmt.Sprintf("https://teams.microsoft.com/l/meetup-join/19%%3ameeting_%016x%%40thread.v2/0", rng.Uint64())
				}
				sl.Status = string(bookedStatus(rng, start, end, now))
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO slots(id, office_code, desk, start, end, channel, service, level, status,
				citizen_cf, meeting_url, phone, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				sl.ID, op.office, sl.Desk, start.Unix(), end.Unix(), sl.Channel, sl.Service, sl.Level, sl.Status,
				sl.CitizenCF, sl.MeetingURL, sl.Phone, sl.Version); err != nil {
				return fmt.Errorf("slot %s: %w", id, err)
			}
		}
	}
	return nil
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

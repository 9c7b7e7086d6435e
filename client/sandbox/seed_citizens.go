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
	for i := range out {
		c := &out[i]
		// Central's suggestions, from what it holds beyond the file.
		c.Suggestions = suggest(*c, profileOf(c.CF, c.BirthDate, now), now)
		if err := putCitizen(ctx, tx, *c); err != nil {
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

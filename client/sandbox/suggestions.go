package sandbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"

	"sportello/client"
	"sportello/model"
)

// Central's suggestions: rights a citizen may not have claimed ("diritti
// inespressi"), computed from what central holds beyond the file the
// console shows (the household, the employment record, the pension and
// income on file). The sandbox keeps these facts as a profile derived
// from the citizen's codice fiscale and the day the data were seeded:
// deterministic, and plausible for the citizen's age.

// profile is what central knows of a citizen beyond the file.
type profile struct {
	Children []time.Time // birth dates of the children in the household
	JobEnd   time.Time   // end of the last employment (zero: none ended)
	Pension  int         // monthly pension, euro (0: not a pensioner)
	Income   int         // yearly personal income, euro
}

// Thresholds of the rules (euro). The minimum pension is the 2025 figure;
// the operator checks the year's (see ToCheck).
const (
	trattamentoMinimo  = 603  // monthly minimum pension (trattamento minimo)
	maggiorazioneLimit = 9300 // yearly personal income under which the maggiorazione sociale is increased
	naspiTerm          = 68   // days from the end of the job to apply for NASpI
)

// profileOf derives a citizen's profile from their codice fiscale (the
// same citizen, the same profile) and age at now.
func profileOf(cf string, birth, now time.Time) profile {
	h := fnv.New64a()
	h.Write([]byte(cf))
	rng := rand.New(rand.NewPCG(h.Sum64(), 0x5c66))
	age := yearsBetween(birth, now)
	var p profile
	if age >= 24 && age <= 52 && rng.IntN(100) < 50 {
		for i, n := 0, 1+rng.IntN(3); i < n; i++ {
			years := rng.IntN(min(age-20, 20) + 1)
			p.Children = append(p.Children, model.Day(now.AddDate(-years, 0, -rng.IntN(360))))
		}
	}
	if age >= 20 && age <= 64 && rng.IntN(100) < 15 {
		p.JobEnd = model.Day(now.AddDate(0, 0, -rng.IntN(100)))
	}
	if age >= 67 {
		p.Pension = 380 + rng.IntN(1300)
		p.Income = p.Pension*13 + rng.IntN(3)*1500
	}
	return p
}

// yearsBetween is the age in whole years at now of someone born on birth.
func yearsBetween(birth, now time.Time) int {
	y := now.Year() - birth.Year()
	if now.Month() < birth.Month() || now.Month() == birth.Month() && now.Day() < birth.Day() {
		y--
	}
	return y
}

// suggestionID is stable for a citizen and a rule.
func suggestionID(cf, rule string) string {
	h := fnv.New32a()
	h.Write([]byte(cf + "/" + rule))
	return fmt.Sprintf("SG-%s-%08x", rule, h.Sum32())
}

// hasCase reports whether the file holds a case of kind (not rejected)
// opened on or after since.
func hasCase(c model.Citizen, kind string, since time.Time) bool {
	for _, k := range c.Cases {
		if strings.EqualFold(k.Kind, kind) && k.Status != model.CaseRejected && !k.Opened.Before(since) {
			return true
		}
	}
	return false
}

// suggest computes the suggestions of a file from the citizen's profile,
// at now: central's rules, one function each.
func suggest(c model.Citizen, p profile, now time.Time) []model.Suggestion {
	var out []model.Suggestion
	for _, rule := range []func(model.Citizen, profile, time.Time) (model.Suggestion, bool){
		ruleAUU, ruleNASpI, ruleNido, ruleMaggiorazione, ruleMinimo,
	} {
		if s, ok := rule(c, p, now); ok {
			s.ID = suggestionID(c.CF, s.Rule)
			out = append(out, s)
		}
	}
	return out
}

// ruleAUU: a household with children under 21 and no application of
// Assegno unico universale (D.Lgs. 230/2021).
func ruleAUU(c model.Citizen, p profile, now time.Time) (model.Suggestion, bool) {
	var ages []string
	for _, b := range p.Children {
		if a := yearsBetween(b, now); a < 21 {
			ages = append(ages, ageText(a))
		}
	}
	if len(ages) == 0 || hasCase(c, "Assegno unico universale", time.Time{}) {
		return model.Suggestion{}, false
	}
	household := "Nucleo con 1 figlio sotto i 21 anni (" + ages[0] + ")"
	if len(ages) > 1 {
		household = fmt.Sprintf("Nucleo con %d figli sotto i 21 anni (%s e %s)", len(ages),
			strings.Join(ages[:len(ages)-1], ", "), ages[len(ages)-1])
	}
	return model.Suggestion{Benefit: "Assegno unico universale", Rule: "auu_children",
		Facts:    []string{household, "Nessuna domanda di Assegno unico universale nel fascicolo"},
		RuleText: "Spetta per ogni figlio a carico fino a 21 anni (senza limiti di età se disabile), in misura legata all'ISEE.",
		Basis:    "D.Lgs. 29 dicembre 2021, n. 230, artt. 1-2",
		ToCheck: []string{"Che l'altro genitore non abbia già presentato la domanda",
			"ISEE in corso di validità (senza ISEE spetta l'importo minimo)",
			"Per i figli tra 18 e 21 anni: studio, formazione, lavoro a basso reddito o servizio civile"}}, true
}

// ruleNASpI: an employment ended no more than 68 days ago (the term of
// the application) and no NASpI application since (D.Lgs. 22/2015, artt.
// 3 and 6).
func ruleNASpI(c model.Citizen, p profile, now time.Time) (model.Suggestion, bool) {
	if p.JobEnd.IsZero() {
		return model.Suggestion{}, false
	}
	days := int(model.Day(now).Sub(p.JobEnd).Hours()/24 + 0.5)
	if days < 0 || days > naspiTerm || hasCase(c, "NASpI", p.JobEnd) {
		return model.Suggestion{}, false
	}
	return model.Suggestion{Benefit: "NASpI", Rule: "naspi_job_end",
		Facts: []string{fmt.Sprintf("Rapporto di lavoro dipendente cessato il %s (%s)", p.JobEnd.Format("02/01/2006"), daysAgo(days)),
			"Nessuna domanda di NASpI dopo la cessazione",
			"Termine per la domanda: " + p.JobEnd.AddDate(0, 0, naspiTerm).Format("02/01/2006")},
		RuleText: "Spetta a chi perde involontariamente il lavoro dipendente, se la domanda è presentata entro 68 giorni dalla cessazione.",
		Basis:    "D.Lgs. 4 marzo 2015, n. 22, artt. 3 e 6",
		ToCheck: []string{"Che la cessazione sia involontaria (licenziamento, scadenza del termine, dimissioni per giusta causa)",
			"Almeno 13 settimane di contribuzione nei 4 anni precedenti"}}, true
}

// ruleNido: a child under 3 and no application of the Bonus asilo nido
// (L. 232/2016, art. 1, c. 355).
func ruleNido(c model.Citizen, p profile, now time.Time) (model.Suggestion, bool) {
	for _, b := range p.Children {
		if !now.Before(b.AddDate(3, 0, 0)) || hasCase(c, "Bonus asilo nido", time.Time{}) {
			continue
		}
		age := ageText(yearsBetween(b, now))
		return model.Suggestion{Benefit: "Bonus asilo nido", Rule: "bonus_nido",
			Facts:    []string{fmt.Sprintf("Figlio di %s (nato il %s)", age, b.Format("02/01/2006")), "Nessuna domanda di Bonus asilo nido"},
			RuleText: "Contributo per le rette dell'asilo nido, o per il supporto a casa del bambino con grave patologia, per i figli sotto i 3 anni.",
			Basis:    "L. 11 dicembre 2016, n. 232, art. 1, comma 355",
			ToCheck: []string{"Iscrizione a un asilo nido pubblico o privato autorizzato (o patologia certificata per il supporto a casa)",
				"ISEE minorenni per l'importo"}}, true
	}
	return model.Suggestion{}, false
}

// ruleMaggiorazione: a pensioner aged 70 or more with a yearly income
// under the limit (L. 448/2001, art. 38).
func ruleMaggiorazione(c model.Citizen, p profile, now time.Time) (model.Suggestion, bool) {
	age := yearsBetween(c.BirthDate, now)
	if p.Pension == 0 || age < 70 || p.Income >= maggiorazioneLimit {
		return model.Suggestion{}, false
	}
	return model.Suggestion{Benefit: "Incremento della maggiorazione sociale", Rule: "maggiorazione_sociale",
		Facts: []string{fmt.Sprintf("%s di %d anni", pensioner(c.Sex), age),
			fmt.Sprintf("Reddito personale di %s € l'anno, sotto il limite di %s €", euro(p.Income), euro(maggiorazioneLimit))},
		RuleText: "Ai pensionati dai 70 anni con redditi bassi la pensione è aumentata fino a una soglia mensile garantita.",
		Basis:    "L. 28 dicembre 2001, n. 448, art. 38",
		ToCheck: []string{"Il limite di reddito dell'anno, personale e con il coniuge",
			"Gli anni di contributi (ogni 5 anni l'età richiesta scende di uno, fino a 65)"}}, true
}

// ruleMinimo: a pension under the minimum with an income under twice the
// minimum (D.L. 463/1983, conv. L. 638/1983, art. 6).
func ruleMinimo(c model.Citizen, p profile, now time.Time) (model.Suggestion, bool) {
	if p.Pension == 0 || p.Pension >= trattamentoMinimo || p.Income >= 2*trattamentoMinimo*13 {
		return model.Suggestion{}, false
	}
	return model.Suggestion{Benefit: "Integrazione al trattamento minimo", Rule: "integrazione_minimo",
		Facts: []string{fmt.Sprintf("Pensione di %s € al mese, sotto il trattamento minimo", euro(p.Pension)),
			fmt.Sprintf("Reddito personale di %s € l'anno", euro(p.Income))},
		RuleText: "La pensione inferiore al trattamento minimo è integrata fino a esso se i redditi sono sotto i limiti.",
		Basis:    "D.L. 12 settembre 1983, n. 463, conv. L. 11 novembre 1983, n. 638, art. 6",
		ToCheck: []string{"Che la pensione non sia già integrata né calcolata col solo sistema contributivo",
			"I redditi del coniuge (limite coniugale) e l'importo del minimo dell'anno"}}, true
}

// ageText is a child's age in words: "meno di un anno", "1 anno", "7 anni".
func ageText(years int) string {
	switch years {
	case 0:
		return "meno di un anno"
	case 1:
		return "1 anno"
	}
	return fmt.Sprintf("%d anni", years)
}

// daysAgo says how long ago, in days, something happened: "oggi", "ieri",
// "31 giorni fa".
func daysAgo(days int) string {
	switch days {
	case 0:
		return "oggi"
	case 1:
		return "ieri"
	}
	return fmt.Sprintf("%d giorni fa", days)
}

// pensioner is "Pensionata" for a woman, else "Pensionato".
func pensioner(sex string) string {
	if sex == "F" {
		return "Pensionata"
	}
	return "Pensionato"
}

// euro writes an amount with the Italian thousands separator.
func euro(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}

// markSuggestion records the operator's mark on a suggestion of a file,
// with an entry in the citizen's contact history.
func (s *Sandbox) markSuggestion(ctx context.Context, m *mreq) (answer, error) {
	var req client.SuggestionMarkRequest
	if !m.decode(&req) {
		return fail(http.StatusBadRequest, "bad_request", "Segnalazione non valida."), nil
	}
	mark := model.SuggestionMark(req.Mark)
	if err := model.ValidateMark(mark, req.Reason); err != nil {
		return fail(http.StatusUnprocessableEntity, "unprocessable",
			"Indica proposto, non pertinente (con un motivo) o domanda avviata; il motivo al massimo 200 caratteri."), nil
	}
	cf, id := m.r.PathValue("cf"), m.r.PathValue("id")
	var marked model.Suggestion
	found := false
	c, err := loadCitizen(ctx, m.tx, cf)
	if err == nil {
		_, found = c.MarkSuggestion(id, mark, req.Reason, m.now, m.op.Name)
	}
	switch {
	case errors.Is(err, sql.ErrNoRows) || err == nil && !found:
		return fail(http.StatusNotFound, "not_found", "Nessun diritto da verificare con questo codice nel fascicolo."), nil
	case err != nil:
		return answer{}, err
	}
	err = s.updateCitizen(ctx, m, cf, func(c *model.Citizen) {
		marked, _ = c.MarkSuggestion(id, mark, req.Reason, m.now.Truncate(time.Second), m.op.Name)
		h := model.MarkHistory(marked, m.now.Truncate(time.Second), m.op.Office.Name, m.op.ID, m.op.Name)
		c.History = append([]model.HistoryEntry{h}, c.History...)
	})
	if err != nil {
		return answer{}, err
	}
	if err := m.applied(ctx, "suggestion_"+string(mark), "citizen", cf); err != nil {
		return answer{}, err
	}
	return answer{http.StatusOK, client.SuggestionToJSON(marked)}, nil
}

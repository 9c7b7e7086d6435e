package sandbox

import (
	"strings"
	"testing"
	"time"

	"sportello/model"
)

// TestSuggestionFactsReadAsItalian: the facts an operator reads out to
// the citizen agree in number and gender ("1 anno", "ieri",
// "Pensionata") and name the limit they rest on.
func TestSuggestionFactsReadAsItalian(t *testing.T) {
	mother := model.Citizen{CF: "RSSMRA85M41H703X", Sex: "F", BirthDate: date(1985, 8, 1)}
	widow := model.Citizen{CF: "BNCMRA50A41H703X", Sex: "F", BirthDate: date(1950, 1, 1)}
	widower := model.Citizen{CF: "BNCGPP50A01H703X", Sex: "M", BirthDate: date(1950, 1, 1)}
	facts := func(c model.Citizen, p profile) string {
		var out []string
		for _, s := range suggest(c, p, suggestNow) {
			out = append(out, s.Facts...)
		}
		return strings.Join(out, " | ")
	}
	for _, tc := range []struct {
		name      string
		c         model.Citizen
		p         profile
		want, not []string
	}{
		{"one child of 1", mother, profile{Children: []time.Time{date(2025, 6, 1)}},
			[]string{"Nucleo con 1 figlio sotto i 21 anni (1 anno)", "Figlio di 1 anno"}, []string{"(1 anni", "di 1 anni"}},
		{"children of 0, 1 and 12", mother, profile{Children: []time.Time{date(2026, 6, 1), date(2025, 6, 1), date(2014, 6, 1)}},
			[]string{"Nucleo con 3 figli sotto i 21 anni (meno di un anno, 1 anno e 12 anni)"}, []string{"0 anni", ", 1 anni", "di 1 anni"}},
		{"job ended yesterday", mother, profile{JobEnd: date(2026, 11, 22)},
			[]string{"cessato il 22/11/2026 (ieri)"}, []string{"1 giorni"}},
		{"job ended today", mother, profile{JobEnd: date(2026, 11, 23)},
			[]string{"cessato il 23/11/2026 (oggi)"}, []string{"0 giorni"}},
		{"a woman pensioner", widow, profile{Pension: 650, Income: 8450},
			[]string{"Pensionata di 76 anni", "sotto il limite di 9.300 €"}, []string{"Pensionato"}},
		{"a man pensioner", widower, profile{Pension: 650, Income: 8450},
			[]string{"Pensionato di 76 anni"}, []string{"Pensionata"}},
	} {
		got := facts(tc.c, tc.p)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: facts %q lack %q", tc.name, got, w)
			}
		}
		for _, n := range tc.not {
			if strings.Contains(got, n) {
				t.Errorf("%s: facts %q say %q", tc.name, got, n)
			}
		}
	}
}

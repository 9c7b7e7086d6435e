package model

import (
	"slices"
	"testing"
)

func TestFillPlaceholders(t *testing.T) {
	values := map[string]string{"nome": "Mario", "cognome": "Rossi", "numero_scheda": "LI-2026-000123", "data": "23/11/2026",
		"sezione": "Pensioni", "vuoto": "  "}
	for _, c := range []struct {
		text, want string
		missing    []string
	}{
		{"Gentile {nome} {cognome},", "Gentile Mario Rossi,", nil},
		{"Scheda n. {numero_scheda} del {data} ({sezione}).", "Scheda n. LI-2026-000123 del 23/11/2026 (Pensioni).", nil},
		{"L'importo di {importo} euro dal {decorrenza}; {importo}.", "L'importo di {importo} euro dal {decorrenza}; {importo}.", []string{"importo", "decorrenza"}},
		{"Blank: {vuoto}, {nome}", "Blank: {vuoto}, Mario", []string{"vuoto"}},
		{"Not one: {Nome}, { nome }, {}, {{nome}}", "Not one: {Nome}, { nome }, {}, {Mario}", nil},
		{"Nessun segnaposto.", "Nessun segnaposto.", nil},
	} {
		got, missing := FillPlaceholders(c.text, values)
		if got != c.want || !slices.Equal(missing, c.missing) {
			t.Errorf("FillPlaceholders(%q) = %q, %v; want %q, %v", c.text, got, missing, c.want, c.missing)
		}
	}
	if got := Placeholders("{data}: {nome}, {data} {x1}"); !slices.Equal(got, []string{"data", "nome", "x1"}) {
		t.Errorf("Placeholders: %v", got)
	}
}

package model

import (
	"regexp"
	"strings"
)

// TextModule is a reusable part of an answer, kept by central for a CRIC
// section: the consultant inserts it while writing and fills its
// placeholders ({nome}, {numero_scheda}, {data}…).
type TextModule struct {
	ID      string
	Section Section
	Title   string
	Text    string
}

// The placeholders the console fills from the open scheda, its citizen
// and the consultant; any other one found in a module is asked.
const (
	PlaceholderGivenName  = "nome"
	PlaceholderFamilyName = "cognome"
	PlaceholderNumber     = "numero_scheda"
	PlaceholderDate       = "data"
	PlaceholderSection    = "sezione"
	PlaceholderSubject    = "oggetto"
	PlaceholderOperator   = "operatore"
	PlaceholderOffice     = "sede"
)

// placeholder is {name}: lower-case letters, digits and underscores.
var placeholder = regexp.MustCompile(`\{([a-z][a-z0-9_]*)\}`)

// Placeholders returns the names of the placeholders of text, each once,
// in the order they first appear.
func Placeholders(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range placeholder.FindAllStringSubmatch(text, -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			out = append(out, m[1])
		}
	}
	return out
}

// FillPlaceholders replaces each placeholder of text that values gives
// (not blank) with its value, and returns the text and the names of those
// left, each once, in order.
func FillPlaceholders(text string, values map[string]string) (string, []string) {
	var missing []string
	seen := map[string]bool{}
	out := placeholder.ReplaceAllStringFunc(text, func(m string) string {
		name := m[1 : len(m)-1]
		if v := strings.TrimSpace(values[name]); v != "" {
			return v
		}
		if !seen[name] {
			seen[name] = true
			missing = append(missing, name)
		}
		return m
	})
	return out, missing
}

// Package i18n holds the operator-visible strings of Sportello, Italian
// first and English second, and picks the language in use.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"regexp"
	"strings"
	"sync"
	"time"
)

//go:embed it.json en.json fyne.it.json fyne.en.json
var files embed.FS

// Fyne returns the translation of Fyne's own strings (its dialogs' titles
// and buttons, the file dialog, the weekdays) into lang, as a go-i18n JSON
// file for fyne's lang package; nil for an unknown language. Fyne 2.7.1
// ships no Italian; fyne.en.json is a copy of its base.en.json, to switch
// back to English after Italian.
func Fyne(lang string) []byte {
	b, err := files.ReadFile("fyne." + lang + ".json")
	if err != nil {
		return nil
	}
	return b
}

// Languages lists the supported languages, the default first.
var Languages = []string{"it", "en"}

var (
	mu      sync.RWMutex
	current = "it"
	tables  = load()
)

func load() map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, lang := range Languages {
		b, err := files.ReadFile(lang + ".json")
		if err != nil {
			panic("i18n: " + err.Error())
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			panic("i18n: " + lang + ".json: " + err.Error())
		}
		out[lang] = m
	}
	return out
}

// SetLanguage selects the language ("it" or "en"; "" keeps the default,
// Italian). An unknown language is an error and changes nothing.
func SetLanguage(lang string) error {
	lang = strings.ToLower(strings.TrimSpace(lang))
	if lang == "" {
		return nil
	}
	if _, ok := tables[lang]; !ok {
		return fmt.Errorf("i18n: unsupported language %q (supported: %s)", lang, strings.Join(Languages, ", "))
	}
	mu.Lock()
	current = lang
	mu.Unlock()
	return nil
}

// FromEnv applies SPORTELLO_LANG if set.
func FromEnv() error { return SetLanguage(os.Getenv("SPORTELLO_LANG")) }

// Language returns the language in use.
func Language() string {
	mu.RLock()
	defer mu.RUnlock()
	return current
}

// T returns the string for key in the language in use, formatted with args
// (fmt verbs). A key missing in the language falls back to Italian, then to
// the key itself, and is logged.
func T(key string, args ...any) string {
	lang := Language()
	s, ok := tables[lang][key]
	if !ok {
		s, ok = tables["it"][key]
		if !ok {
			slog.Warn("i18n: missing string", "key", key, "lang", lang)
			s = key
		}
	}
	if len(args) > 0 || strings.Contains(s, "{") {
		return format(lang, s, args)
	}
	return s
}

var (
	// verb matches a fmt verb of the translations ("%s", "%d", "%02d", "%%").
	verb = regexp.MustCompile(`%[-+# 0]*[0-9]*(?:\.[0-9]+)?[a-zA-Z%]`)
	// plural matches a choice between singular and plural, "{giorno|giorni}".
	plural = regexp.MustCompile(`\{([^{}|]*)\|([^{}|]*)\}`)
)

// format is fmt.Sprintf for a translation, with two things of language:
//
//   - "{giorno|giorni}" reads as the singular when the integer argument
//     it goes with is 1, else the plural; it goes with the nearest
//     integer argument before it, or the first after it when none is
//     before ("{Resta|Restano} %d {tentativo|tentativi}");
//   - in Italian, the article or articulated preposition in front of an
//     argument is elided when the argument asks for it (see Elide):
//     "aggiornata il %s" with "11/12" reads "aggiornata l'11/12".
//
// Only the template's words change, never an argument.
func format(lang, tmpl string, args []any) string {
	if lang != "it" && !strings.Contains(tmpl, "{") {
		return fmt.Sprintf(tmpl, args...)
	}
	verbs := verb.FindAllStringIndex(tmpl, -1)
	type count struct{ at, n int }
	var counts []count
	i := 0
	for _, loc := range verbs {
		if tmpl[loc[0]:loc[1]] == "%%" {
			continue
		}
		if i >= len(args) {
			return fmt.Sprintf(tmpl, args...) // let fmt say what is missing
		}
		if n, ok := asInt(args[i]); ok {
			counts = append(counts, count{loc[0], n})
		}
		i++
	}
	if i != len(args) {
		return fmt.Sprintf(tmpl, args...)
	}
	// countAt is the integer a plural choice at position at goes with.
	countAt := func(at int) int {
		n := 2 // no integer at all: the plural
		for k, c := range counts {
			if c.at > at {
				if k == 0 {
					n = c.n
				}
				break
			}
			n = c.n
		}
		return n
	}
	literal := func(from, to int) string {
		var out strings.Builder
		last := from
		for _, m := range plural.FindAllStringSubmatchIndex(tmpl[from:to], -1) {
			out.WriteString(tmpl[last : from+m[0]])
			if countAt(from+m[0]) == 1 {
				out.WriteString(tmpl[from+m[2] : from+m[3]])
			} else {
				out.WriteString(tmpl[from+m[4] : from+m[5]])
			}
			last = from + m[1]
		}
		out.WriteString(tmpl[last:to])
		return out.String()
	}
	var b strings.Builder
	prev, i := 0, 0
	for _, loc := range verbs {
		b.WriteString(literal(prev, loc[0]))
		v := tmpl[loc[0]:loc[1]]
		prev = loc[1]
		if v == "%%" {
			b.WriteByte('%')
			continue
		}
		arg := fmt.Sprintf(v, args[i])
		i++
		if lang == "it" {
			before := Elide(b.String(), arg)
			b.Reset()
			b.WriteString(before)
		}
		b.WriteString(arg)
	}
	b.WriteString(literal(prev, len(tmpl)))
	return b.String()
}

// asInt is an integer argument's value.
func asInt(a any) (int, bool) {
	switch n := a.(type) {
	case int:
		return n, true
	case int64:
		return int(n), true
	case int32:
		return int(n), true
	case uint:
		return int(n), true
	}
	return 0, false
}

// elided are the Italian articles and articulated prepositions that lose
// their vowel before a word starting with a vowel sound.
var elided = map[string]string{"il": "l'", "del": "dell'", "dal": "dall'", "al": "all'", "nel": "nell'", "sul": "sull'"}

// Elide returns the Italian text before a number or a date with its last
// word elided when the number is read starting with a vowel: "il" + "11/12"
// gives "l'" ("l'11/12"), "dal" + "8 marzo" gives "dall'" ("dall'8 marzo"),
// and likewise 1, 01, 08, 80…; else before unchanged ("il 12/12").
func Elide(before, value string) string {
	digits := value[:len(value)-len(strings.TrimLeft(value, "0123456789"))]
	n := strings.TrimLeft(digits, "0")
	if n != "1" && n != "11" && !strings.HasPrefix(n, "8") {
		return before
	}
	head, ok := strings.CutSuffix(before, " ")
	if !ok {
		return before
	}
	cut := strings.LastIndexAny(head, " ([«\n") + 1
	word := head[cut:]
	short, ok := elided[strings.ToLower(word)]
	if !ok {
		return before
	}
	if word[0] != strings.ToLower(word)[0] { // "Il" at the start of a sentence
		short = strings.ToUpper(short[:1]) + short[1:]
	}
	return head[:cut] + short
}

// Has reports whether key has a translation (in the language in use or
// in Italian): for codes from central whose catalogue may grow, shown as
// they are when unknown.
func Has(key string) bool {
	_, ok := tables[Language()][key]
	if !ok {
		_, ok = tables["it"][key]
	}
	return ok
}

// Or is the translation of key when there is one, else fallback: how a
// code of central's catalogues reads when this console does not know it.
func Or(key, fallback string) string {
	if Has(key) {
		return T(key)
	}
	return fallback
}

// Keys returns the keys of a language's table (for tests).
func Keys(lang string) []string {
	var out []string
	for k := range tables[lang] {
		out = append(out, k)
	}
	return out
}

// LongDate formats a day the way an operator reads it, e.g. "lunedì 23
// novembre 2026" (the caller passes a time already in Europe/Rome).
func LongDate(d time.Time) string {
	return T("date.long", T(fmt.Sprintf("weekday.%d", d.Weekday())), d.Day(), T(fmt.Sprintf("month.%d", d.Month())), d.Year())
}

// Package i18n holds the operator-visible strings of Sportello, Italian
// first and English second, and picks the language in use.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
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
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
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

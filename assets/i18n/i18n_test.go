package i18n

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestLanguagesHaveTheSameKeys(t *testing.T) {
	it, en := Keys("it"), Keys("en")
	slices.Sort(it)
	slices.Sort(en)
	if !slices.Equal(it, en) {
		for _, k := range it {
			if !slices.Contains(en, k) {
				t.Errorf("%q missing in en.json", k)
			}
		}
		for _, k := range en {
			if !slices.Contains(it, k) {
				t.Errorf("%q missing in it.json", k)
			}
		}
	}
}

var (
	exactKey  = regexp.MustCompile(`i18n\.T\("([A-Za-z0-9_.]+)"\s*[,)]`)
	prefixKey = regexp.MustCompile(`i18n\.T\("([A-Za-z0-9_.]+\.)"\s*\+`)
)

// TestEveryKeyInTheCodeIsTranslated scans the project's Go files for
// i18n.T calls and checks each literal key (or key prefix) exists.
func TestEveryKeyInTheCodeIsTranslated(t *testing.T) {
	keys := Keys("it")
	calls := 0
	err := filepath.WalkDir("../..", func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range exactKey.FindAllSubmatch(src, -1) {
			calls++
			if !slices.Contains(keys, string(m[1])) {
				t.Errorf("%s: key %q has no translation", p, m[1])
			}
		}
		for _, m := range prefixKey.FindAllSubmatch(src, -1) {
			calls++
			if !slices.ContainsFunc(keys, func(k string) bool { return strings.HasPrefix(k, string(m[1])) }) {
				t.Errorf("%s: no key starts with %q", p, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if calls < 50 {
		t.Errorf("found only %d i18n.T calls: is the scan looking at the project?", calls)
	}
}

func TestLanguageAndDates(t *testing.T) {
	d := time.Date(2026, time.November, 23, 0, 0, 0, 0, time.UTC)
	if got := LongDate(d); got != "lunedì 23 novembre 2026" {
		t.Errorf("Italian date = %q", got)
	}
	if err := SetLanguage("fr"); err == nil || Language() != "it" {
		t.Errorf("unsupported language accepted: %v, now %s", err, Language())
	}
	if err := SetLanguage("EN"); err != nil {
		t.Fatal(err)
	}
	defer SetLanguage("it")
	if got := LongDate(d); got != "Monday 23 November 2026" {
		t.Errorf("English date = %q", got)
	}
	if got := T("status.no_show"); got != "No-show" {
		t.Errorf("status.no_show in English = %q", got)
	}
	if got := T("no.such.key"); got != "no.such.key" {
		t.Errorf("missing key = %q, want the key itself", got)
	}
}

// Italian elides the article before a date read with a vowel ("l'11/12",
// not "il 11/12"), and only then; English is untouched.
func TestItalianElision(t *testing.T) {
	for _, c := range []struct {
		key  string
		args []any
		want string
	}{
		{"file.case_detail", []any{"7", "08/12/2026", "11/12/2026", "x"}, "Pratica n. 7 · aperta l'08/12/2026, aggiornata l'11/12/2026 · x"},
		{"file.case_detail", []any{"7", "12/12/2026", "21/12/2026", "x"}, "Pratica n. 7 · aperta il 12/12/2026, aggiornata il 21/12/2026 · x"},
		{"file.from_to", []any{"01/12", "18/12"}, "dall'01/12 al 18/12"},
		{"file.from_to", []any{"2/12", "8/12"}, "dal 2/12 all'8/12"},
		{"conflicts.slot", []any{"1 dicembre", "10:00", "Rossi"}, "Appuntamento dell'1 dicembre, 10:00 · Rossi"},
		{"cli.listen", []any{"il 8", "100%"}, "Impossibile ascoltare su il 8: 100%"}, // arguments are never changed
	} {
		if got := T(c.key, c.args...); got != c.want {
			t.Errorf("T(%q, %v) = %q, want %q", c.key, c.args, got, c.want)
		}
	}
	if got := Elide("Il ", "11 maggio"); got != "L'" {
		t.Errorf("Elide at a sentence's start: %q", got)
	}
	if err := SetLanguage("en"); err != nil {
		t.Fatal(err)
	}
	defer SetLanguage("it")
	if got, want := T("file.from_to", "01/12", "08/12"), "from 01/12 to 08/12"; got != want {
		t.Errorf("English: %q, want %q", got, want)
	}
}

// A count of one reads in the singular ("1 convertite" read wrong), in
// both languages; zero and more in the plural.
func TestPlurals(t *testing.T) {
	for _, c := range []struct {
		key  string
		args []any
		want string
	}{
		{"inbox.closed_counts", []any{0, 2, 1}, "Chiuse: 0 risposte, 2 inoltrate, 1 convertita in appuntamento"},
		{"inbox.closed_counts", []any{1, 1, 0}, "Chiuse: 1 risposta, 1 inoltrata, 0 convertite in appuntamento"},
		{"lock.wrong_left", []any{1}, "Password non corretta: resta 1 tentativo."},
		{"lock.wrong_left", []any{3}, "Password non corretta: restano 3 tentativi."},
		{"inbox.shown", []any{1, 12}, "1 scheda mostrata di 12"},
		{"cli.synced", []any{1, 0, 1, "11/12"}, "Sincronizzazione completata: 1 azione inviata, 0 aggiornamenti e 1 fascicolo ricevuto; i fascicoli sono sul computer fino all'11/12."},
	} {
		if got := T(c.key, c.args...); got != c.want {
			t.Errorf("T(%q, %v) = %q, want %q", c.key, c.args, got, c.want)
		}
	}
	if err := SetLanguage("en"); err != nil {
		t.Fatal(err)
	}
	defer SetLanguage("it")
	if got, want := T("lock.wrong_left", 1), "Wrong password: 1 attempt left."; got != want {
		t.Errorf("English: %q, want %q", got, want)
	}
}

// No translation keeps a "{" that is not a plural choice, and every
// choice follows or precedes an integer.
func TestPluralChoicesAreWellFormed(t *testing.T) {
	for _, lang := range Languages {
		for k, v := range tables[lang] {
			rest := plural.ReplaceAllString(v, "")
			if strings.ContainsAny(rest, "{}") {
				t.Errorf("%s %s: stray brace in %q", lang, k, v)
			}
			if plural.MatchString(v) && !strings.Contains(v, "%d") {
				t.Errorf("%s %s: a plural choice with no integer: %q", lang, k, v)
			}
		}
	}
}

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

package cache

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzStems: whatever a citizen or a consultant types (emoji, scripts the
// stemmer was not made for, very long words, broken UTF-8), the stems are
// found without a panic, and none is empty. Run with
//
//	go test -run '^$' -fuzz '^FuzzStems$' -fuzztime 30s ./cache
func FuzzStems(f *testing.F) {
	for _, s := range []string{"", "🙂🙂🙂", "pensione pensioni contributi", "reversibilita' reversibilità",
		"ΑΒΓΔΕ ÆØÅ straße İstanbul", strings.Repeat("a", 10000), "\xff\xfe invalid", "aaa\u0301\u0301\u0301bbb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, st := range stems(text) {
			if st == "" {
				t.Fatalf("an empty stem of %q", text)
			}
			if !utf8.ValidString(st) && utf8.ValidString(text) {
				t.Fatalf("stem %q of valid text %q is not UTF-8", st, text)
			}
		}
	})
}

// A word longer than any Italian word (a pasted code, a run of letters) is
// cut before the stemmer sees it: Snowball's Italian stemmer takes time
// that grows with the square of a word's length (64,000 letters: seconds),
// at each indexing and each search.
func TestAVeryLongWordIsCutBeforeStemming(t *testing.T) {
	long := strings.Repeat("u", 20000)
	got := stems("pensione " + long + " contributi")
	if len(got) != 3 || got[0] != stems("pensione")[0] || got[2] != stems("contributi")[0] {
		t.Fatalf("stems around a long word: %d stems", len(got))
	}
	if n := utf8.RuneCountInString(got[1]); n > maxWordRunes {
		t.Errorf("the long word's stem has %d letters, want at most %d", n, maxWordRunes)
	}
	if again := stems(long + "ione"); len(again) != 1 || again[0] != got[1] {
		t.Errorf("two long words alike in their first %d letters give different stems", maxWordRunes)
	}
	if w := "precipitevolissimevolmente"; utf8.RuneCountInString(w) > maxWordRunes {
		t.Errorf("the longest Italian word is cut")
	}
}

package model

import (
	"testing"
	"time"
)

// FuzzValidateCF checks that validation never panics, that what it accepts
// is a normalised 16-character code whose check character is right, and
// that every omocodia variant of an accepted code is accepted too.
func FuzzValidateCF(f *testing.F) {
	for _, s := range []string{"RSSMRA85T10A562S", "RSSMRA85T10A562X", "rssmra85t10a562s", "RSSMRAURTMLARNNS", "", "RSSMRA85T10A562", "ÀSSMRA85T10A562S"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if err := ValidateCF(s); err != nil {
			return
		}
		if len(s) != 16 || NormalizeCF(s) != s || CFCheckChar(s[:15]) != s[15] {
			t.Fatalf("accepted %q: not a normalised code with its check character", s)
		}
		for n := 1; n <= 7; n++ {
			if err := ValidateCF(Omocodia(s, n)); err != nil {
				t.Fatalf("omocodia %d of %q rejected: %v", n, s, err)
			}
		}
	})
}

// FuzzBuildCF checks that every code built from a plausible identity is
// valid.
func FuzzBuildCF(f *testing.F) {
	f.Add("Rossi", "Mario", true, int64(500000000), "H703")
	f.Add("D'Amato", "Anna Maria", false, int64(-100000000), "F839")
	f.Fuzz(func(t *testing.T, family, given string, male bool, unix int64, catasto string) {
		if len(catasto) != 4 || !isUpperLetter(catasto[0]) || !isDigits(catasto[1:]) {
			return
		}
		sex := "F"
		if male {
			sex = "M"
		}
		birth := time.Unix(unix%4e9, 0).UTC()
		if err := ValidateCF(BuildCF(family, given, sex, birth, catasto)); err != nil {
			t.Fatalf("built code for %q %q %s %v %s invalid: %v", family, given, sex, birth, catasto, err)
		}
	})
}

func isUpperLetter(b byte) bool { return b >= 'A' && b <= 'Z' }

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

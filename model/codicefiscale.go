package model

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Reasons a codice fiscale is rejected; test with errors.Is.
var (
	ErrCFLength    = errors.New("codice fiscale: wrong length")
	ErrCFCharacter = errors.New("codice fiscale: character not allowed in this position")
	ErrCFCheck     = errors.New("codice fiscale: wrong check character")
)

// omocodia maps the digits 0-9 to the letters that replace them in the
// omocodia variants of a codice fiscale.
const omocodia = "LMNPQRSTUV"

// digitPositions are the indexes of the characters that are digits in a
// codice fiscale (or omocodia letters standing for them).
var digitPositions = [...]int{6, 7, 9, 10, 12, 13, 14}

// oddValues are the values of characters in odd positions (1st, 3rd, ...),
// indexed by digit or letter.
var oddValues = [...]int{1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23}

// monthLetters encodes the birth month, January first.
const monthLetters = "ABCDEHLMPRST"

// NormalizeCF trims spaces and upper-cases a codice fiscale.
func NormalizeCF(s string) string {
	return strings.ToUpper(strings.Join(strings.Fields(s), ""))
}

// ValidateCF checks a codice fiscale (already normalised): its length, the
// kind of character in each position (omocodia letters accepted) and the
// check character.
func ValidateCF(cf string) error {
	if len(cf) != 16 {
		return fmt.Errorf("%w: %d characters instead of 16", ErrCFLength, len(cf))
	}
	for i := 0; i < 16; i++ {
		c := cf[i]
		switch {
		case isDigitPosition(i):
			if !(c >= '0' && c <= '9') && strings.IndexByte(omocodia, c) < 0 {
				return fmt.Errorf("%w: position %d", ErrCFCharacter, i+1)
			}
		case i == 8:
			if strings.IndexByte(monthLetters, c) < 0 {
				return fmt.Errorf("%w: position %d (month)", ErrCFCharacter, i+1)
			}
		default:
			if c < 'A' || c > 'Z' {
				return fmt.Errorf("%w: position %d", ErrCFCharacter, i+1)
			}
		}
	}
	if want := CFCheckChar(cf[:15]); cf[15] != want {
		return fmt.Errorf("%w: %c instead of %c", ErrCFCheck, cf[15], want)
	}
	return nil
}

func isDigitPosition(i int) bool {
	for _, p := range digitPositions {
		if p == i {
			return true
		}
	}
	return false
}

// CFCheckChar computes the check character of the first 15 characters of a
// codice fiscale (upper-case letters and digits).
func CFCheckChar(first15 string) byte {
	sum := 0
	for i := 0; i < 15 && i < len(first15); i++ {
		c := first15[i]
		var idx int
		if c >= '0' && c <= '9' {
			idx = int(c - '0')
		} else {
			idx = int(c - 'A')
		}
		if i%2 == 0 { // 1st, 3rd, ... character: odd position
			sum += oddValues[idx]
		} else {
			sum += idx
		}
	}
	return byte('A' + sum%26)
}

// BuildCF composes the codice fiscale of a person from family name, given
// name, sex ("M" or "F"), birth date and the cadastral code of the comune of
// birth (e.g. H703 for Salerno).
func BuildCF(family, given, sex string, birth time.Time, comune string) string {
	var b strings.Builder
	b.WriteString(nameCode(family, false))
	b.WriteString(nameCode(given, true))
	fmt.Fprintf(&b, "%02d", birth.Year()%100)
	b.WriteByte(monthLetters[birth.Month()-1])
	day := birth.Day()
	if sex == "F" {
		day += 40
	}
	fmt.Fprintf(&b, "%02d", day)
	b.WriteString(strings.ToUpper(comune))
	s := b.String()
	return s + string(CFCheckChar(s))
}

// Omocodia returns the omocodia variant of cf in which the last n digits are
// replaced by letters, with its check character recomputed.
func Omocodia(cf string, n int) string {
	b := []byte(cf[:15])
	for i := len(digitPositions) - 1; i >= 0 && n > 0; i-- {
		p := digitPositions[i]
		if b[p] >= '0' && b[p] <= '9' {
			b[p] = omocodia[b[p]-'0']
			n--
		}
	}
	return string(b) + string(CFCheckChar(string(b)))
}

// nameCode gives the three letters of a name in a codice fiscale: consonants
// first, then vowels, then X. For a given name with four or more consonants
// the 1st, 3rd and 4th are used.
func nameCode(name string, given bool) string {
	var cons, vows []byte
	for _, r := range strings.ToUpper(FoldAccents(name)) {
		if r < 'A' || r > 'Z' {
			continue
		}
		if strings.ContainsRune("AEIOU", r) {
			vows = append(vows, byte(r))
		} else {
			cons = append(cons, byte(r))
		}
	}
	if given && len(cons) >= 4 {
		cons = []byte{cons[0], cons[2], cons[3]}
	}
	code := append(cons, vows...)
	code = append(code, 'X', 'X', 'X')
	return string(code[:3])
}

// accents folds the accented letters of Italian names.
var accents = strings.NewReplacer("À", "A", "È", "E", "É", "E", "Ì", "I", "Ò", "O", "Ù", "U",
	"à", "a", "è", "e", "é", "e", "ì", "i", "ò", "o", "ù", "u")

// FoldAccents replaces the accented letters of Italian names with plain
// ones, as the codice fiscale and alphabetical lists treat them.
func FoldAccents(s string) string { return accents.Replace(s) }

// LooksLikeCF reports whether what an operator typed in a search is meant
// as a codice fiscale rather than a name: one word with a digit in it.
func LooksLikeCF(typed string) bool {
	t := NormalizeCF(typed)
	return len(strings.Fields(typed)) == 1 && strings.ContainsAny(t, "0123456789")
}

// CFBirth reads the sex, the birth date and the cadastral code of the
// comune of birth from a valid codice fiscale (omocodia undone). The
// two-digit year is taken in the century that puts the birth in the 100
// years before now.
func CFBirth(cf string, now time.Time) (sex string, birth time.Time, catasto string, err error) {
	if err := ValidateCF(cf); err != nil {
		return "", time.Time{}, "", err
	}
	b := []byte(cf)
	for _, p := range digitPositions {
		if i := strings.IndexByte(omocodia, b[p]); i >= 0 {
			b[p] = byte('0' + i)
		}
	}
	yy := int(b[6]-'0')*10 + int(b[7]-'0')
	month := strings.IndexByte(monthLetters, b[8]) + 1
	day := int(b[9]-'0')*10 + int(b[10]-'0')
	sex = "M"
	if day > 40 {
		sex, day = "F", day-40
	}
	year := 2000 + yy
	if year > now.Year() {
		year -= 100
	}
	birth = time.Date(year, time.Month(month), day, 0, 0, 0, 0, Rome)
	if day < 1 || birth.Day() != day {
		return "", time.Time{}, "", fmt.Errorf("%w: no such birth date", ErrCFCharacter)
	}
	return sex, birth, string(b[11:15]), nil
}

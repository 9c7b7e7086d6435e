package model

import (
	"strings"
	"unicode"
)

// MaxTicketNoteLength is the longest note a ticket's transfer carries, in
// characters (the contract's maxLength counts characters, not bytes: an
// accented Italian note is as long as it reads).
const MaxTicketNoteLength = 200

// controlRune reports a control or format character: an escape sequence or
// a bidi override in a note would garble the colleague's screen.
func controlRune(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) }

// HasControl reports whether s holds a control or format character.
func HasControl(s string) bool { return strings.ContainsFunc(s, controlRune) }

// OneLine is s with each control or format character made a space and the
// spaces at its ends trimmed: a note pasted with a tab, a line break or an
// invisible mark reads as typed.
func OneLine(s string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if controlRune(r) {
			return ' '
		}
		return r
	}, s))
}

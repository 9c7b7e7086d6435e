package model

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Suggestion is a benefit the citizen may be entitled to and has not
// claimed, as central computes it from the data it holds ("diritti
// inespressi"): the facts of the file it rests on, the rule and its legal
// basis, and what the operator must still check. The operator marks it.
type Suggestion struct {
	ID       string   // stable for the citizen and the rule
	Benefit  string   // e.g. "Assegno unico universale"
	Rule     string   // the rule's code, e.g. "auu_children"
	Facts    []string // the facts of the file it rests on
	RuleText string   // the rule in one sentence
	Basis    string   // the legal basis, e.g. "D.Lgs. 29 dicembre 2021, n. 230"
	ToCheck  []string // what the operator must still check with the citizen
	// The operator's mark ("": none yet), with its reason (not_relevant),
	// when and by whom.
	Mark       SuggestionMark
	MarkReason string
	MarkedAt   time.Time
	MarkedBy   string
	Pending    bool `json:",omitempty"` // marked here, not yet received by central
}

// SuggestionMark is what the operator did with a suggestion.
type SuggestionMark string

// The marks of a suggestion.
const (
	MarkProposed    SuggestionMark = "proposed"     // proposed to the citizen
	MarkNotRelevant SuggestionMark = "not_relevant" // not relevant, with a reason
	MarkStarted     SuggestionMark = "started"      // the application was started
)

// SuggestionMarks lists the marks, in the order the operator meets them.
var SuggestionMarks = []SuggestionMark{MarkProposed, MarkNotRelevant, MarkStarted}

// Valid reports whether m is one of the marks.
func (m SuggestionMark) Valid() bool { return slices.Contains(SuggestionMarks, m) }

// MaxMarkReason bounds the reason of a mark, in characters.
const MaxMarkReason = 200

// ErrBadMark means a mark central would refuse: unknown, "not relevant"
// without a reason, or a reason too long or with control characters.
var ErrBadMark = errors.New("suggestion mark not valid")

// ErrAlreadyMarked means the suggestion already carries the mark, with
// the same reason: a second one (a key pressed twice) would count twice.
var ErrAlreadyMarked = errors.New("suggestion already so marked")

// HasMark reports whether the suggestion carries mark m with reason.
func (s Suggestion) HasMark(m SuggestionMark, reason string) bool {
	return s.Mark == m && s.MarkReason == strings.TrimSpace(reason)
}

// ValidateMark checks a mark and its reason as central does.
func ValidateMark(m SuggestionMark, reason string) error {
	switch {
	case !m.Valid():
		return fmt.Errorf("%w: unknown mark %q", ErrBadMark, m)
	case m == MarkNotRelevant && strings.TrimSpace(reason) == "":
		return fmt.Errorf("%w: not relevant needs a reason", ErrBadMark)
	case utf8.RuneCountInString(reason) > MaxMarkReason || !utf8.ValidString(reason):
		return fmt.Errorf("%w: reason longer than %d characters", ErrBadMark, MaxMarkReason)
	case strings.ContainsFunc(reason, unicode.IsControl):
		return fmt.Errorf("%w: reason with control characters", ErrBadMark)
	}
	return nil
}

// HistoryChannelSuggestion is the channel of a contact history entry that
// records a mark on a suggestion.
const HistoryChannelSuggestion = "suggestion"

// MarkHistory is the contact history entry a mark leaves on the file: the
// benefit as its service, the mark as its outcome ("suggestion_<mark>"),
// the reason as its note.
func MarkHistory(s Suggestion, at time.Time, office, operatorID, operator string) HistoryEntry {
	return HistoryEntry{At: at, Channel: HistoryChannelSuggestion, Office: office, OperatorID: operatorID, Operator: operator,
		Service: s.Benefit, Outcome: Outcome("suggestion_" + string(s.Mark)), Note: s.MarkReason}
}

// MarkSuggestion records a mark on the file's suggestion id, and reports
// whether the file has it.
func (c *Citizen) MarkSuggestion(id string, m SuggestionMark, reason string, at time.Time, by string) (Suggestion, bool) {
	for i := range c.Suggestions {
		if c.Suggestions[i].ID == id {
			s := &c.Suggestions[i]
			s.Mark, s.MarkReason, s.MarkedAt, s.MarkedBy = m, strings.TrimSpace(reason), at, by
			return *s, true
		}
	}
	return Suggestion{}, false
}

// ApplyMark records a mark made on this computer and not yet received by
// central: the suggestion marked and an entry of the contact history on
// top, both pending. It reports whether the file has the suggestion. A
// suggestion that carries the mark already (central's file with the mark
// whose answer was lost) is left as it is: the mark is not applied twice.
func (c *Citizen) ApplyMark(a SuggestionMarkAction) bool {
	for _, s := range c.Suggestions {
		if s.ID == a.SuggestionID && s.HasMark(a.Mark, a.Reason) {
			return true
		}
	}
	s, ok := c.MarkSuggestion(a.SuggestionID, a.Mark, a.Reason, a.At, a.Operator)
	if !ok {
		return false
	}
	for i := range c.Suggestions {
		if c.Suggestions[i].ID == a.SuggestionID {
			c.Suggestions[i].Pending = true
		}
	}
	h := MarkHistory(s, a.At, a.Office, a.OperatorID, a.Operator)
	h.Pending = true
	c.History = append([]HistoryEntry{h}, c.History...)
	return true
}

// UnapplyMark takes back the last mark ApplyMark recorded on a
// suggestion: the suggestion as it was, and the newest pending entry of
// the contact history for that mark gone.
func (c *Citizen) UnapplyMark(a SuggestionMarkAction, was Suggestion) {
	for i := range c.Suggestions {
		if c.Suggestions[i].ID == a.SuggestionID {
			c.Suggestions[i] = was
		}
	}
	for i, h := range c.History {
		if h.Pending && h.Channel == HistoryChannelSuggestion && h.Service == was.Benefit && h.Outcome == Outcome("suggestion_"+string(a.Mark)) {
			c.History = append(c.History[:i:i], c.History[i+1:]...)
			break
		}
	}
}

// SuggestionsToShow orders a file's suggestions as the operator reads
// them: the unmarked first, each group in central's order.
func SuggestionsToShow(in []Suggestion) []Suggestion {
	out := slices.Clone(in)
	slices.SortStableFunc(out, func(a, b Suggestion) int {
		switch {
		case a.Mark == "" && b.Mark != "":
			return -1
		case a.Mark != "" && b.Mark == "":
			return 1
		}
		return 0
	})
	return out
}

// SuggestionMarkAction is the operator's mark on a suggestion of a
// citizen's file.
type SuggestionMarkAction struct {
	CF           string
	SuggestionID string
	Benefit      string // for the conflict card and the undo bar
	Mark         SuggestionMark
	Reason       string
	At           time.Time
	OperatorID   string
	Operator     string
	Office       string
}

// Kind is KindSuggestion.
func (SuggestionMarkAction) Kind() ActionKind { return KindSuggestion }

// Audit records the mark on the citizen's file ("suggestion_proposed",
// "suggestion_not_relevant", "suggestion_started"), the suggestion as its
// reference.
func (a SuggestionMarkAction) Audit(AuditLookup) (AuditEntry, error) {
	return AuditEntry{Action: "suggestion_" + string(a.Mark), Reason: AccessFile, Ref: a.SuggestionID, CF: a.CF, At: a.At}, nil
}

// AuditSuggestionShown is the audit action that records a suggestion
// shown to the operator, once per citizen, suggestion and day: what the
// report counts as shown.
const AuditSuggestionShown = "suggestion_shown"

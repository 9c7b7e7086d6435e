package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"sportello/model"
)

// SuggestionJSON is a right the citizen may not have claimed, on the wire
// (the optional "suggestions" of the caller's file).
type SuggestionJSON struct {
	ID         string     `json:"id"`
	Benefit    string     `json:"benefit"`
	Rule       string     `json:"rule"`
	Facts      []string   `json:"facts"`
	RuleText   string     `json:"rule_text"`
	Basis      string     `json:"basis"`
	ToCheck    []string   `json:"to_check"`
	Mark       string     `json:"mark,omitempty"`
	MarkReason string     `json:"mark_reason,omitempty"`
	MarkedAt   *time.Time `json:"marked_at,omitempty"`
	MarkedBy   string     `json:"marked_by,omitempty"`
}

// SuggestionMarkRequest is the body of POST
// /v1/citizens/{cf}/suggestions/{id}/mark.
type SuggestionMarkRequest struct {
	Mark   string `json:"mark"`
	Reason string `json:"reason,omitempty"`
}

// Bounds of a file's suggestions as the console keeps them: central's
// advice, shown in the file and sealed in the mirror with it.
const (
	maxSuggestions     = 20  // per file
	maxSuggestionItems = 12  // facts, or things to check, per suggestion
	maxSuggestionText  = 400 // characters of one text
	maxSuggestionID    = 64  // as the contract says
)

// Model converts a suggestion, rejecting one outside the contract (no id,
// benefit, rule, basis or facts, an id too long or with control
// characters, an unknown mark). Its texts are cleaned: control characters
// become spaces, each text is cut to a bound, and so are its lists.
func (s SuggestionJSON) Model() (model.Suggestion, error) {
	out := model.Suggestion{ID: s.ID, Benefit: cleanText(s.Benefit), Rule: cleanText(s.Rule), Facts: cleanTexts(s.Facts),
		RuleText: cleanText(s.RuleText), Basis: cleanText(s.Basis), ToCheck: cleanTexts(s.ToCheck),
		Mark: model.SuggestionMark(s.Mark), MarkReason: cleanText(s.MarkReason), MarkedBy: cleanText(s.MarkedBy)}
	if out.ID == "" || len(out.ID) > maxSuggestionID || !utf8.ValidString(out.ID) || strings.ContainsFunc(out.ID, unicode.IsControl) ||
		out.Benefit == "" || out.Rule == "" || out.Basis == "" || len(out.Facts) == 0 || (out.Mark != "" && !out.Mark.Valid()) {
		return model.Suggestion{}, fmt.Errorf("bad suggestion")
	}
	if s.MarkedAt != nil {
		out.MarkedAt = *s.MarkedAt
	}
	return out, nil
}

// cleanText is a text of central's advice fit to show on one line: valid
// UTF-8, control characters (and the bidirectional ones, which would turn
// the line around on screen) as spaces, trimmed, at most
// maxSuggestionText characters.
func cleanText(t string) string {
	t = strings.ToValidUTF8(t, "\uFFFD")
	t = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			return ' '
		}
		return r
	}, t)
	t = strings.TrimSpace(t)
	if utf8.RuneCountInString(t) > maxSuggestionText {
		t = strings.TrimSpace(string([]rune(t)[:maxSuggestionText-1])) + "…"
	}
	return t
}

// cleanTexts cleans a list of texts, leaving out the empty ones, at most
// maxSuggestionItems.
func cleanTexts(in []string) []string {
	var out []string
	for _, t := range in {
		if t = cleanText(t); t != "" && len(out) < maxSuggestionItems {
			out = append(out, t)
		}
	}
	return out
}

// SuggestionToJSON converts a model suggestion to the wire.
func SuggestionToJSON(s model.Suggestion) SuggestionJSON {
	out := SuggestionJSON{ID: s.ID, Benefit: s.Benefit, Rule: s.Rule, Facts: s.Facts, RuleText: s.RuleText,
		Basis: s.Basis, ToCheck: s.ToCheck, Mark: string(s.Mark), MarkReason: s.MarkReason, MarkedBy: s.MarkedBy}
	if out.Facts == nil {
		out.Facts = []string{}
	}
	if out.ToCheck == nil {
		out.ToCheck = []string{}
	}
	if !s.MarkedAt.IsZero() {
		at := s.MarkedAt
		out.MarkedAt = &at
	}
	return out
}

// suggestionsModel converts a file's suggestions. They are central's
// advice, never a part of the file the operator needs: one outside the
// contract, or a second with an id already read, is left out rather than
// refusing the whole file (and with it the pull of the day's files); at
// most maxSuggestions are kept.
func suggestionsModel(in []SuggestionJSON) []model.Suggestion {
	var out []model.Suggestion
	seen := map[string]bool{}
	for _, s := range in {
		m, err := s.Model()
		if err != nil || seen[m.ID] || len(out) == maxSuggestions {
			continue
		}
		seen[m.ID] = true
		out = append(out, m)
	}
	return out
}

// suggestionsJSON converts a file's suggestions to the wire (nil: none,
// and the file says nothing of them, as an older central's).
func suggestionsJSON(in []model.Suggestion) []SuggestionJSON {
	var out []SuggestionJSON
	for _, s := range in {
		out = append(out, SuggestionToJSON(s))
	}
	return out
}

// MarkSuggestion records the operator's mark on a suggestion of a
// citizen's file (a reason for not_relevant), and returns the suggestion
// as central recorded it.
func (c *Client) MarkSuggestion(ctx context.Context, key, cf, id string, m model.SuggestionMark, reason string) (model.Suggestion, error) {
	if err := model.ValidateCF(cf); err != nil {
		return model.Suggestion{}, fmt.Errorf("mark suggestion: %w: %w", ErrRejected, err)
	}
	if id == "" {
		return model.Suggestion{}, fmt.Errorf("mark suggestion: %w: no suggestion", ErrRejected)
	}
	var sj SuggestionJSON
	var out model.Suggestion
	err := c.post(ctx, "mark suggestion", "/v1/citizens/"+url.PathEscape(cf)+"/suggestions/"+url.PathEscape(id)+"/mark", key,
		SuggestionMarkRequest{Mark: string(m), Reason: reason}, &sj, http.StatusOK,
		func() (err error) { out, err = sj.Model(); return err })
	return out, err
}

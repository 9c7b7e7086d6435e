package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

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

// Model converts a suggestion, rejecting values outside the contract.
func (s SuggestionJSON) Model() (model.Suggestion, error) {
	if s.ID == "" || s.Benefit == "" || s.Rule == "" || s.Basis == "" || len(s.Facts) == 0 ||
		(s.Mark != "" && !model.SuggestionMark(s.Mark).Valid()) {
		return model.Suggestion{}, fmt.Errorf("bad suggestion")
	}
	out := model.Suggestion{ID: s.ID, Benefit: s.Benefit, Rule: s.Rule, Facts: s.Facts, RuleText: s.RuleText,
		Basis: s.Basis, ToCheck: s.ToCheck, Mark: model.SuggestionMark(s.Mark), MarkReason: s.MarkReason, MarkedBy: s.MarkedBy}
	if s.MarkedAt != nil {
		out.MarkedAt = *s.MarkedAt
	}
	return out, nil
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

// suggestionsModel converts a file's suggestions.
func suggestionsModel(in []SuggestionJSON) ([]model.Suggestion, error) {
	var out []model.Suggestion
	for _, s := range in {
		m, err := s.Model()
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
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

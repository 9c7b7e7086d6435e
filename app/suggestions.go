package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"sportello/client"
	"sportello/model"
)

// MarkSuggestion records the operator's mark on a suggested right of a
// citizen's file (proposed to the citizen, not relevant with a reason,
// application started): at once in the mirror, with an entry of the
// contact history, and queued for central with its own idempotency key,
// which every attempt sends. It works offline. Like a slot event, it is
// held for the undo window (see Undo); a later mark replaces an earlier
// one.
func (c *Console) MarkSuggestion(ctx context.Context, cf, id string, mark model.SuggestionMark, reason string) error {
	reason = strings.TrimSpace(reason)
	if err := model.ValidateMark(mark, reason); err != nil {
		return err
	}
	if err := model.ValidateCF(cf); err != nil {
		return err
	}
	file, err := c.store.Citizen(ctx, cf)
	if err != nil {
		return fmt.Errorf("mark suggestion: %w", err)
	}
	benefit := ""
	for _, s := range file.Suggestions {
		if s.ID == id {
			benefit = s.Benefit
		}
	}
	op, err := c.store.Operator(ctx)
	if err != nil {
		return fmt.Errorf("mark suggestion: %w", err)
	}
	if err := c.store.EnqueueSuggestionMarkHeld(ctx, client.NewIdempotencyKey(), model.SuggestionMarkAction{CF: cf, SuggestionID: id,
		Benefit: benefit, Mark: mark, Reason: reason, At: c.now(), OperatorID: op.ID, Operator: op.Name, Office: op.Office.Name},
		c.holdUntil()); err != nil {
		return fmt.Errorf("mark suggestion: %w", err)
	}
	c.queued()
	return nil
}

// recordSuggestionsShown keeps, for the report, the suggestions of a file
// shown to the operator not yet marked (once per citizen, suggestion and
// day). The opening itself is audited already; a failure here is logged
// and does not hide the file.
func (c *Console) recordSuggestionsShown(ctx context.Context, cit model.Citizen) {
	var ids []string
	for _, s := range cit.Suggestions {
		if s.Mark == "" {
			ids = append(ids, s.ID)
		}
	}
	state, _ := c.syncState()
	if err := c.store.RecordSuggestionsShown(context.WithoutCancel(ctx), cit.CF, ids, c.now(), state != StateOnline); err != nil {
		c.log.Error("audit: record suggestions shown", "err", err)
	}
}

// SuggestionStats counts the day's suggestions shown to the operator and
// the marks they gave, from their audit trail kept on this computer.
func (c *Console) SuggestionStats(ctx context.Context, day time.Time) (model.SuggestionStats, error) {
	from := model.Day(day)
	n, err := c.store.SuggestionCounts(ctx, from, from.AddDate(0, 0, 1))
	if err != nil {
		return model.SuggestionStats{}, err
	}
	return model.SuggestionStats{Shown: n[model.AuditSuggestionShown], Proposed: n["suggestion_"+string(model.MarkProposed)],
		NotRelevant: n["suggestion_"+string(model.MarkNotRelevant)], Started: n["suggestion_"+string(model.MarkStarted)]}, nil
}

package app

import (
	"context"

	"sportello/assets/i18n"
	"sportello/model"
)

// suggestionKind is the operator's mark on a suggested right of a
// citizen's file.
type suggestionKind struct{}

func (suggestionKind) send(ctx context.Context, c *Console, key string, a model.SuggestionMarkAction) (model.Entity, error) {
	_, err := c.api.MarkSuggestion(ctx, key, a.CF, a.SuggestionID, a.Mark, a.Reason)
	return nil, err
}

func (suggestionKind) conflict(_ context.Context, _ *Console, a model.SuggestionMarkAction, k *Conflict) {
	k.At, k.Title, k.citizenCF = a.At, a.Benefit, a.CF
	k.Mine = i18n.T("conflicts.suggestion_action", a.Benefit, i18n.T("suggestion.mark."+string(a.Mark)))
}

func (suggestionKind) retry(ctx context.Context, c *Console, a model.SuggestionMarkAction) error {
	return c.MarkSuggestion(ctx, a.CF, a.SuggestionID, a.Mark, a.Reason)
}

func (suggestionKind) undoable(a model.SuggestionMarkAction, u *Undoable) {
	u.At, u.Target, u.Mark, u.Suggestion, u.Benefit = a.At, a.CF, a.Mark, a.SuggestionID, a.Benefit
}

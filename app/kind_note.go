package app

import (
	"context"

	"sportello/assets/i18n"
	"sportello/model"
)

// noteKind is a note the operator wrote on a citizen's file.
type noteKind struct{}

func (noteKind) send(ctx context.Context, c *Console, key string, a model.NoteAction) (model.Entity, error) {
	_, err := c.api.AddNote(ctx, key, a.CF, a.Text)
	return nil, err
}

func (noteKind) conflict(_ context.Context, _ *Console, a model.NoteAction, k *Conflict) {
	k.At, k.Title, k.citizenCF = a.At, a.CF, a.CF
	k.Mine = i18n.T("conflicts.note_action", a.Text)
}

func (noteKind) retry(ctx context.Context, c *Console, a model.NoteAction) error {
	return c.AddNote(ctx, a.CF, a.Text)
}

func (noteKind) undoable(a model.NoteAction, u *Undoable) { u.At = a.At }

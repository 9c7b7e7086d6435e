package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"sportello/client"
	"sportello/model"
)

// ErrEmptyNote is returned for a note with no text or a text too long.
var ErrEmptyNote = errors.New("note empty or too long")

// RecordSlotEvent records what happened to a slot (check-in, start,
// complete with outcome and note, no-show, cancel): at once in the mirror,
// and queued for central with its own idempotency key. It works offline;
// the sync loop sends it when it can, once its undo window is over (see
// Undo).
func (c *Console) RecordSlotEvent(ctx context.Context, slotID string, ev model.SlotEvent, outcome model.Outcome, note string) (model.Slot, error) {
	s, err := c.store.EnqueueSlotEventHeld(ctx, client.NewIdempotencyKey(), model.SlotEventAction{SlotID: slotID, Event: ev,
		At: c.now(), Outcome: outcome, Note: strings.TrimSpace(note)}, c.holdUntil())
	if err != nil {
		return s, err
	}
	c.queued()
	return s, nil
}

// AddNote adds the operator's note to a citizen's file, at once in the
// mirror and queued for central.
func (c *Console) AddNote(ctx context.Context, cf, text string) error {
	text = strings.TrimSpace(text)
	if text == "" || len(text) > model.MaxNoteLength {
		return ErrEmptyNote
	}
	if err := model.ValidateCF(cf); err != nil {
		return err
	}
	op, err := c.store.Operator(ctx)
	if err != nil {
		return fmt.Errorf("note: %w", err)
	}
	if err := c.store.EnqueueNote(ctx, client.NewIdempotencyKey(), model.NoteAction{CF: cf, Text: text, At: c.now(),
		AuthorID: op.ID, Author: op.Name}); err != nil {
		return err
	}
	c.Kick()
	return nil
}

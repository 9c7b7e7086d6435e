package app

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"sportello/cache"
	"sportello/client"
	"sportello/model"
)

// Citizen returns a caller's file from the mirror, its contact history
// completed with the earlier appointments the mirror holds, and records
// the opening, with why, for the audit trail (which also keeps the file
// from the retention purge); offline too: the sync loop sends it when it
// can. The record is written first: a file whose opening cannot be
// recorded (a full disk) is not returned, and the error says why.
func (c *Console) Citizen(ctx context.Context, cf string, why model.Access) (model.Citizen, error) {
	cit, err := c.store.Citizen(ctx, cf)
	if err != nil {
		return model.Citizen{}, err
	}
	op, opErr := c.store.Operator(ctx)
	slots, err := c.store.CitizenSlots(ctx, cf, c.now())
	if err != nil {
		return model.Citizen{}, err
	}
	if opErr == nil {
		cit.History = mergeHistory(cit.History, slots, op)
	}
	if err := c.recordOpening(ctx, cf, why); err != nil {
		return model.Citizen{}, err
	}
	c.recordSuggestionsShown(ctx, cit)
	return cit, nil
}

// ErrNotAudited means a citizen's file was not shown because its opening
// could not be written to the audit trail.
var ErrNotAudited = errors.New("file not shown: its opening could not be recorded")

// recordOpening writes the audit entry of a file opened (a local write of
// a few milliseconds, on the caller's goroutine: nothing is shown before
// it is kept).
func (c *Console) recordOpening(ctx context.Context, cf string, why model.Access) error {
	state, _ := c.syncState()
	e := cache.AuditEntry{ID: client.NewIdempotencyKey(), Action: AuditOpenFile, CF: cf, Reason: why.Reason, Ref: why.Ref,
		At: c.now(), Offline: state != StateOnline}
	if err := c.store.RecordOpening(context.WithoutCancel(ctx), e); err != nil {
		c.log.Error("audit: record a file opening", "err", err)
		return fmt.Errorf("%w: %w", ErrNotAudited, err)
	}
	return nil
}

// AuditTrail returns the operator's own audit trail kept on this computer
// (the retention's days, sent to central or waiting), newest first.
func (c *Console) AuditTrail(ctx context.Context) ([]model.AuditEntry, error) {
	return c.store.AuditTrail(ctx, c.now().Add(-c.retention), maxTrail)
}

// maxTrail bounds the trail shown at once.
const maxTrail = 2000

// AuditOpenFile is the audit action of opening a citizen's file.
const AuditOpenFile = "open_file"

// mergeHistory adds to a file's history the operator's own past slots with
// the citizen that central's history does not list yet (a contact served
// this morning, say): served, missed or cancelled, each with the operator
// who held the desk. The result is newest first.
func mergeHistory(h []model.HistoryEntry, slots []model.Slot, op model.Operator) []model.HistoryEntry {
	known := make(map[int64]bool, len(h))
	for _, e := range h {
		known[e.At.Unix()] = true
	}
	out := append([]model.HistoryEntry(nil), h...)
	for _, s := range slots {
		if known[s.Start.Unix()] || !s.Booked() || s.Open() {
			continue
		}
		out = append(out, model.HistoryEntry{At: s.Start, Channel: string(s.Channel), Office: op.Office.Name,
			OperatorID: op.ID, Operator: op.Name, Service: s.Service, Outcome: s.Outcome, Note: s.Note, Status: s.Status})
	}
	slices.SortStableFunc(out, func(a, b model.HistoryEntry) int { return b.At.Compare(a.At) })
	return out
}

// Operator returns the logged-in operator as last mirrored.
func (c *Console) Operator(ctx context.Context) (model.Operator, error) {
	return c.store.Operator(ctx)
}

// SearchPage is how many citizens a search returns at most.
const SearchPage = 50

// MinSearch is how many characters a search needs before it runs.
const MinSearch = cache.MinSearch

// Search finds mirrored citizens by codice fiscale or name as the
// operator types (see cache.Store.Search); it never touches the network.
func (c *Console) Search(ctx context.Context, typed string) ([]model.CitizenCard, error) {
	return c.store.Search(ctx, typed, SearchPage)
}

package app

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"sportello/cache"
	"sportello/client"
	"sportello/model"
)

// changesPage is how many changes one pull asks for at a time.
const changesPage = 500

// PullReport says what one pull brought.
type PullReport struct {
	Changes int       // entities changed centrally
	Files   int       // callers' files fetched (new or changed)
	Until   time.Time // last day whose files are on this computer
}

// Progress is how far a prefetch has gone.
type Progress struct {
	Stage       string // "changes" (the agenda) or "files"
	Done, Total int    // Total is 0 while unknown
}

// MaxPrefetchDays bounds a prefetch: a fortnight of working days.
const MaxPrefetchDays = 10

// ErrPrefetchDays is returned for a number of days out of 1…MaxPrefetchDays.
var ErrPrefetchDays = errors.New("prefetch days out of range")

// Prefetch prepares the laptop for the field: it syncs as SyncOnce does,
// but brings every booked citizen's file of the next days working days,
// telling progress (if not nil) as it goes.
func (c *Console) Prefetch(ctx context.Context, days int, progress func(Progress)) (SyncReport, error) {
	if days < 1 || days > MaxPrefetchDays {
		return SyncReport{}, ErrPrefetchDays
	}
	return c.sync(ctx, days, progress)
}

// pull brings the mirror up to date with central: the changes feed from
// the stored cursor (each page applied with its cursor in one transaction),
// then the files of every citizen booked in the next days working days
// that are missing or changed (with If-None-Match).
func (c *Console) pull(ctx context.Context, days int, progress func(Progress)) (PullReport, error) {
	var rep PullReport
	cursor, err := c.store.Cursor(ctx)
	if err != nil {
		return rep, err
	}
	for {
		page, err := c.api.Changes(ctx, cursor, changesPage)
		if err != nil {
			return rep, fmt.Errorf("pull: %w", err)
		}
		if err := c.noteVersions(ctx, page.Console); err != nil {
			return rep, err // central no longer accepts this console: the page is not applied
		}
		if err := c.store.ApplyChanges(ctx, page.Changes, page.Cursor, c.now()); err != nil {
			return rep, fmt.Errorf("pull: %w", err)
		}
		rep.Changes += len(page.Changes)
		cursor = page.Cursor
		if progress != nil {
			progress(Progress{Stage: "changes", Done: rep.Changes})
		}
		if !page.HasMore {
			break
		}
	}
	window := model.NextWorkingDays(c.now(), days)
	rep.Until = window[len(window)-1]
	n, err := c.fetchFiles(ctx, window[0], rep.Until, progress)
	rep.Files = n
	if err != nil {
		return rep, fmt.Errorf("pull: %w", err)
	}
	return rep, nil
}

// citizenFetchers bounds concurrent file downloads during a pull.
const citizenFetchers = 4

// fetchFiles downloads the missing or stale files of the citizens booked
// between from and to, a few at a time, and stores them as they come.
func (c *Console) fetchFiles(ctx context.Context, from, to time.Time, progress func(Progress)) (int, error) {
	todo, err := c.store.FilesToFetch(ctx, from, to)
	if err != nil || len(todo) == 0 {
		return 0, err
	}
	done := 0
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu       sync.Mutex
		files    []cache.CitizenFile
		fresh    []string
		firstErr error
		wg       sync.WaitGroup
	)
	work := make(chan cache.FileToFetch)
	for range min(citizenFetchers, len(todo)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range work {
				got, err := c.api.Citizen(ctx, f.CF, f.ETag)
				mu.Lock()
				switch {
				case errors.Is(err, client.ErrNotFound):
					// Booked but unknown to the registry: the slot still
					// shows, without a file.
					c.log.Warn("pull: a booked citizen has no file on central")
				case err != nil:
					if firstErr == nil {
						firstErr = err
						cancel()
					}
				case got.NotModified:
					fresh = append(fresh, f.CF)
				default:
					files = append(files, cache.CitizenFile{Citizen: got.Citizen, ETag: got.ETag})
				}
				done++
				if progress != nil && err == nil {
					progress(Progress{Stage: "files", Done: done, Total: len(todo)})
				}
				mu.Unlock()
			}
		}()
	}
feed:
	for _, f := range todo {
		select {
		case work <- f:
		case <-ctx.Done():
			break feed
		}
	}
	close(work)
	wg.Wait()
	// What arrived is kept even if another download failed.
	if err := c.store.PutCitizens(context.WithoutCancel(ctx), files, c.now()); err != nil {
		return 0, err
	}
	if err := c.store.MarkFresh(context.WithoutCancel(ctx), fresh); err != nil {
		return len(files), err
	}
	return len(files), firstErr
}

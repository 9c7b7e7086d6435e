package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
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

// How files are fetched during a pull: in batches of filesPerBatch,
// batchFetchers batches at a time; from a central without the batch call,
// one request per file, citizenFetchers at a time.
const (
	filesPerBatch   = 40
	batchFetchers   = 2
	citizenFetchers = 4
)

// fetchFiles downloads the missing or stale files of the citizens booked
// between from and to, with the ETag of each stale copy, and stores what
// arrived, even if a later batch failed.
func (c *Console) fetchFiles(ctx context.Context, from, to time.Time, progress func(Progress)) (int, error) {
	todo, err := c.store.FilesToFetch(ctx, from, to)
	if err != nil || len(todo) == 0 {
		return 0, err
	}
	got := &fetched{total: len(todo), progress: progress, done: map[string]bool{}}
	err = c.fetchBatches(ctx, todo, got)
	if errors.Is(err, client.ErrNoBatch) {
		c.log.Info("pull: central has no batch of files: one request each")
		err = c.fetchEach(ctx, got.left(todo), got)
	}
	if err := c.store.PutCitizens(context.WithoutCancel(ctx), got.files, c.now()); err != nil {
		return 0, err
	}
	if err := c.store.MarkFresh(context.WithoutCancel(ctx), got.fresh); err != nil {
		return len(got.files), err
	}
	return len(got.files), err
}

// fetchBatches fetches the files of todo in batches.
func (c *Console) fetchBatches(ctx context.Context, todo []cache.FileToFetch, got *fetched) error {
	var batches [][]client.FileWanted
	for b := range slices.Chunk(todo, filesPerBatch) {
		want := make([]client.FileWanted, len(b))
		for i, f := range b {
			want[i] = client.FileWanted(f)
		}
		batches = append(batches, want)
	}
	return forEach(ctx, batchFetchers, batches, func(ctx context.Context, want []client.FileWanted) error {
		files, err := c.api.CitizenFiles(ctx, want)
		if err != nil {
			return err
		}
		got.mu.Lock()
		defer got.mu.Unlock()
		for _, f := range files {
			if f.NotFound {
				c.log.Warn("pull: a booked citizen has no file on central")
			}
			got.add(f.CF, f.CitizenFile, f.NotFound)
		}
		got.report()
		return nil
	})
}

// fetchEach fetches the files of todo one request each.
func (c *Console) fetchEach(ctx context.Context, todo []cache.FileToFetch, got *fetched) error {
	return forEach(ctx, citizenFetchers, todo, func(ctx context.Context, f cache.FileToFetch) error {
		file, err := c.api.Citizen(ctx, f.CF, f.ETag)
		notFound := errors.Is(err, client.ErrNotFound)
		if err != nil && !notFound {
			return err
		}
		if notFound {
			// Booked but unknown to the registry: the slot still shows,
			// without a file.
			c.log.Warn("pull: a booked citizen has no file on central")
		}
		got.mu.Lock()
		defer got.mu.Unlock()
		got.add(f.CF, file, notFound)
		got.report()
		return nil
	})
}

// fetched collects the files a pull fetched, from several goroutines.
type fetched struct {
	mu       sync.Mutex
	files    []cache.CitizenFile
	fresh    []string        // stale copies central says are current
	done     map[string]bool // codici fiscali answered
	total    int
	progress func(Progress)
}

// add records central's answer about one file; the caller holds mu.
func (g *fetched) add(cf string, f client.CitizenFile, notFound bool) {
	g.done[cf] = true
	switch {
	case notFound:
	case f.NotModified:
		g.fresh = append(g.fresh, cf)
	default:
		g.files = append(g.files, cache.CitizenFile{Citizen: f.Citizen, ETag: f.ETag})
	}
}

// report tells progress; the caller holds mu.
func (g *fetched) report() {
	if g.progress != nil {
		g.progress(Progress{Stage: "files", Done: len(g.done), Total: g.total})
	}
}

// left returns the files of todo not answered yet.
func (g *fetched) left(todo []cache.FileToFetch) []cache.FileToFetch {
	g.mu.Lock()
	defer g.mu.Unlock()
	return slices.DeleteFunc(slices.Clone(todo), func(f cache.FileToFetch) bool { return g.done[f.CF] })
}

// forEach runs fn on the items, at most workers at a time, until one fails
// or ctx ends, and returns the first error. After a failure no item is
// started, but those under way finish: what they bring is kept.
func forEach[T any](ctx context.Context, workers int, items []T, fn func(context.Context, T) error) error {
	var (
		once  sync.Once
		first error
		wg    sync.WaitGroup
	)
	stop := make(chan struct{})
	work := make(chan T)
	for range min(workers, len(items)) {
		wg.Go(func() {
			for it := range work {
				if err := fn(ctx, it); err != nil {
					once.Do(func() { first = err; close(stop) })
				}
			}
		})
	}
feed:
	for _, it := range items {
		select {
		case work <- it:
		case <-stop:
			break feed
		case <-ctx.Done():
			break feed
		}
	}
	close(work)
	wg.Wait()
	if first == nil {
		first = ctx.Err()
	}
	return first
}

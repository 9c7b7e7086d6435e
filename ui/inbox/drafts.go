package inbox

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"sportello/app"
	"sportello/assets/i18n"
	"sportello/model"
	"sportello/ui/widgets"
)

// draftSaved says when the draft was kept; it runs on the UI goroutine.
func (v *InboxView) draftSaved(id string, at time.Time, err error) {
	if v.current == nil || v.current.ID != id {
		return
	}
	if err != nil {
		v.saved.SetText(i18n.T("inbox.draft_failed", app.Explain(err)))
		return
	}
	v.saved.SetText(i18n.T("inbox.draft_saved", at.In(model.Rome).Format("15:04:05")))
}

// draftWriter keeps the answers being typed on disk: each change is
// written off the UI goroutine as soon as it is made, the latest text of
// each scheda winning, so a crash loses at most the last keystroke.
type draftWriter struct {
	src   SchedeSource
	saved func(id string, at time.Time, err error)
	mu    sync.Mutex
	todo  map[string]string
	idle  sync.Cond // signalled when nothing is being written
	busy  bool
}

func newDraftWriter(src SchedeSource, saved func(string, time.Time, error)) *draftWriter {
	d := &draftWriter{src: src, saved: saved, todo: map[string]string{}}
	d.idle.L = &d.mu
	return d
}

// put saves a scheda's draft, off the caller's goroutine.
func (d *draftWriter) put(id, text string) {
	d.mu.Lock()
	d.todo[id] = text
	d.mu.Unlock()
	widgets.Background(d.flush)
}

// forget drops a draft not yet written (its answer was queued).
func (d *draftWriter) forget(id string) {
	d.mu.Lock()
	delete(d.todo, id)
	d.mu.Unlock()
}

// flush writes every draft waiting, one writer at a time: a newer text
// handed to put while an older one is written follows it.
func (d *draftWriter) flush() {
	d.mu.Lock()
	for d.busy {
		d.idle.Wait()
	}
	todo := d.todo
	d.todo, d.busy = map[string]string{}, true
	d.mu.Unlock()
	for id, text := range todo {
		err := d.src.SaveDraft(context.Background(), id, text)
		if err != nil {
			slog.Error("inbox: save a draft", "err", err)
		}
		d.saved(id, d.src.Now(), err)
	}
	d.mu.Lock()
	d.busy = false
	d.idle.Broadcast()
	d.mu.Unlock()
}

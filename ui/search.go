package ui

import (
	"context"
	"errors"
	"log/slog"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sportello/app"
	"sportello/assets/i18n"
	"sportello/model"
)

// Searcher finds citizens among the mirrored files. app.Console implements
// it.
type Searcher interface {
	Search(ctx context.Context, typed string) ([]model.CitizenCard, error)
}

// searchShown is how many results fit in the list without scrolling.
const searchShown = 8

// SearchBox searches the mirrored files by codice fiscale or surname as
// the operator types, and lists what it finds under the box.
type SearchBox struct {
	src   Searcher
	pick  func(model.CitizenCard)
	entry *widget.Entry
	list  *widget.List
	note  *widget.Label
	popup *widget.PopUp
	hits  []model.CitizenCard // touched on the UI goroutine only
	shown string              // what was typed for the hits shown
	asked uint64              // the latest search asked for; older answers are dropped
}

// NewSearchBox builds a search box; pick is called with the citizen the
// operator chooses.
func NewSearchBox(src Searcher, pick func(model.CitizenCard)) *SearchBox {
	b := &SearchBox{src: src, pick: pick, entry: widget.NewEntry(), note: widget.NewLabel("")}
	b.entry.SetPlaceHolder(i18n.T("search.placeholder"))
	b.note.Importance = widget.LowImportance
	b.list = widget.NewList(func() int { return len(b.hits) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i < len(b.hits) {
				o.(*widget.Label).SetText(hitText(b.hits[i]))
			}
		})
	b.list.OnSelected = func(i widget.ListItemID) {
		if i < len(b.hits) {
			c := b.hits[i]
			b.close()
			b.pick(c)
		}
		b.list.UnselectAll()
	}
	b.entry.OnChanged = b.changed
	b.entry.OnSubmitted = func(string) {
		if len(b.hits) > 0 {
			b.list.Select(0)
		}
	}
	return b
}

// Content is the box's root object.
func (b *SearchBox) Content() fyne.CanvasObject { return b.entry }

// hitText is one line of the results: name, code, birth.
func hitText(c model.CitizenCard) string {
	return i18n.T("search.hit", c.FullName(), c.CF, c.BirthDate.Format("02/01/2006"), c.BirthPlace)
}

// changed runs a search for what was typed, off the UI goroutine; only the
// answer to the latest keystroke is shown.
func (b *SearchBox) changed(typed string) {
	b.asked++
	asked := b.asked
	if err := checkTypedCF(typed); err != nil {
		// A whole codice fiscale that cannot be right is flagged with
		// the reason, and not searched for.
		b.show(typed, nil, err)
		return
	}
	background(func() {
		hits, err := b.src.Search(context.Background(), typed)
		fyne.Do(func() {
			if asked != b.asked {
				return
			}
			b.show(typed, hits, err)
		})
	})
}

// show lists the results under the box; it runs on the UI goroutine.
func (b *SearchBox) show(typed string, hits []model.CitizenCard, err error) {
	b.hits, b.shown = hits, typed
	switch {
	case errors.Is(err, model.ErrCFLength):
		b.note.SetText(i18n.T("search.cf_length", len(model.NormalizeCF(typed))))
	case err != nil:
		slog.Warn("search", "err", err)
		b.note.SetText(app.Explain(err))
	case len([]rune(strings.TrimSpace(typed))) < app.MinSearch:
		b.close()
		return
	case len(hits) == 0:
		b.note.SetText(i18n.T("search.none"))
	case len(hits) >= app.SearchPage:
		b.note.SetText(i18n.T("search.more", len(hits)))
	case model.LooksLikeCF(typed) && len(model.NormalizeCF(typed)) < 16:
		b.note.SetText(i18n.T("search.cf_partial", len(model.NormalizeCF(typed))))
	default:
		b.note.SetText("")
	}
	b.note.Hidden = b.note.Text == ""
	b.list.Refresh()
	b.list.ScrollToTop()
	if b.popup == nil {
		c := fyne.CurrentApp().Driver().CanvasForObject(b.entry)
		if c == nil {
			return
		}
		b.popup = widget.NewPopUp(container.NewBorder(nil, b.note, nil, nil, b.list), c)
	}
	rowH := widget.NewLabel("X").MinSize().Height + theme.Padding()
	shown := min(len(hits), searchShown)
	noteH := float32(0)
	if !b.note.Hidden {
		noteH = b.note.MinSize().Height
	}
	b.popup.Resize(fyne.NewSize(max(b.entry.Size().Width, 560), float32(shown)*rowH+noteH+2*theme.Padding()))
	b.popup.ShowAtRelativePosition(fyne.NewPos(0, b.entry.Size().Height), b.entry)
}

// checkTypedCF checks what was typed when it is meant as a whole codice
// fiscale (one word with a digit, 16 characters or more).
func checkTypedCF(typed string) error {
	if !model.LooksLikeCF(typed) {
		return nil
	}
	cf := model.NormalizeCF(typed)
	if len(cf) < 16 {
		return nil
	}
	return model.ValidateCF(cf)
}

// close hides the results.
func (b *SearchBox) close() {
	if b.popup != nil {
		b.popup.Hide()
	}
}

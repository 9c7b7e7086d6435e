package dayview

import (
	"context"
	"errors"
	"log/slog"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sportello/app"
	"sportello/assets/i18n"
	"sportello/model"
	"sportello/ui/widgets"
)

// Searcher finds citizens among the mirrored files. app.Console implements
// it.
type Searcher interface {
	Search(ctx context.Context, typed string) ([]model.CitizenCard, error)
}

// searchShown is how many results fit in the list without scrolling.
const searchShown = 8

// SearchBox searches the mirrored files by codice fiscale or surname as
// the operator types, and lists what it finds under the box. The list is
// drawn in a layer of the window's content, not in a pop-up: a pop-up
// takes the keyboard, and the rest of a surname typed at a human pace
// would be lost. The cursor stays in the box: ↓ and ↑ move the highlight
// through the results, Enter opens the highlighted one (or the first), Esc
// closes the list and keeps the text.
type SearchBox struct {
	src    Searcher
	pick   func(model.CitizenCard)
	entry  *widgets.KeyEntry
	list   *widget.List
	note   *widget.Label
	panel  *fyne.Container     // the results: the list and the note, on an opaque ground
	layer  *fyne.Container     // over the window's content, without layout; holds panel
	hits   []model.CitizenCard // touched on the UI goroutine only
	shown  string              // what was typed for the hits shown
	asked  uint64              // the latest search asked for; older answers are dropped
	cursor int                 // the highlighted result, -1 for none
}

// NewSearchBox builds a search box; pick is called with the citizen the
// operator chooses. Put Layer over the window's content (in a Stack).
func NewSearchBox(src Searcher, pick func(model.CitizenCard)) *SearchBox {
	b := &SearchBox{src: src, pick: pick, entry: widgets.NewKeyEntry(), note: widget.NewLabel(""), cursor: -1}
	b.entry.SetPlaceHolder(i18n.T("search.placeholder"))
	b.note.Importance = widget.LowImportance
	b.list = widget.NewList(func() int { return len(b.hits) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return widgets.NewCursorRow(l)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(b.hits) {
				return
			}
			widgets.CursorRow(o, i == b.cursor).(*widget.Label).SetText(hitText(b.hits[i]))
		})
	b.list.OnSelected = func(i widget.ListItemID) {
		b.list.UnselectAll()
		b.open(i)
	}
	b.entry.OnChanged = b.changed
	b.entry.OnKey = b.typedKey
	b.entry.OnFocusLost = b.close
	b.panel = container.NewStack(newSolidGround(), container.NewBorder(nil, b.note, nil, nil, b.list))
	b.panel.Hide()
	b.layer = container.NewWithoutLayout(b.panel)
	return b
}

// Content is the box's root object.
func (b *SearchBox) Content() fyne.CanvasObject { return b.entry }

// Layer is where the results are drawn: put it over the window's content.
func (b *SearchBox) Layer() fyne.CanvasObject { return b.layer }

// Open says whether the results are shown.
func (b *SearchBox) Open() bool { return b.panel.Visible() }

// typedKey moves through the results, opens one or closes them; other keys
// go to the entry.
func (b *SearchBox) typedKey(k *fyne.KeyEvent) bool {
	open := b.panel.Visible() && len(b.hits) > 0
	switch k.Name {
	case fyne.KeyDown, fyne.KeyUp:
		if open {
			b.move(map[fyne.KeyName]int{fyne.KeyDown: 1, fyne.KeyUp: -1}[k.Name])
		}
		return true
	case fyne.KeyReturn, fyne.KeyEnter:
		if open {
			b.open(max(b.cursor, 0))
		}
		return true
	case fyne.KeyEscape:
		if b.panel.Visible() {
			b.close()
			return true
		}
	}
	return false
}

// move moves the highlight by one result.
func (b *SearchBox) move(dir int) {
	b.cursor = min(max(b.cursor+dir, 0), len(b.hits)-1)
	b.list.Refresh()
	b.list.ScrollTo(b.cursor)
}

// open opens the file of a result and closes the list.
func (b *SearchBox) open(i int) {
	if i < 0 || i >= len(b.hits) {
		return
	}
	c := b.hits[i]
	b.close()
	b.pick(c)
	if cv := b.entry.Canvas(); cv != nil && cv.Focused() != b.entry {
		cv.Focus(b.entry) // a click on a result leaves the cursor in the box
	}
}

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
	widgets.Background(func() {
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
	b.cursor = -1
	b.list.Refresh()
	b.list.ScrollToTop()
	b.place(len(hits))
}

// place shows the results under the box, over the window's content,
// within its width.
func (b *SearchBox) place(n int) {
	// A row is a label: a line of text inside its padding (measured, not
	// built: this runs at every key typed).
	rowH := fyne.MeasureText("X", theme.TextSize(), fyne.TextStyle{}).Height + 2*theme.InnerPadding() + theme.Padding()
	noteH := float32(0)
	if !b.note.Hidden {
		noteH = b.note.MinSize().Height
	}
	size := fyne.NewSize(max(b.entry.Size().Width, 560), float32(min(n, searchShown))*rowH+noteH+2*theme.Padding())
	d := fyne.CurrentApp().Driver()
	pos := d.AbsolutePositionForObject(b.entry).Subtract(d.AbsolutePositionForObject(b.layer))
	pos.Y += b.entry.Size().Height
	if room := b.layer.Size().Width; room > 0 && pos.X+size.Width > room {
		pos.X = max(room-size.Width, 0)
	}
	b.panel.Move(pos)
	b.panel.Resize(size)
	b.panel.Show()
	b.layer.Refresh()
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
	b.cursor = -1
	b.panel.Hide()
}

// solidGround is the opaque ground of the results: it takes the clicks
// that land on it, so that they do not reach what is drawn under it.
type solidGround struct {
	widget.BaseWidget
}

func newSolidGround() *solidGround {
	g := &solidGround{}
	g.ExtendBaseWidget(g)
	return g
}

// Tapped does nothing: the click stops here.
func (g *solidGround) Tapped(*fyne.PointEvent) {}

func (g *solidGround) CreateRenderer() fyne.WidgetRenderer {
	r := canvas.NewRectangle(theme.Color(theme.ColorNameOverlayBackground))
	r.StrokeColor = theme.Color(theme.ColorNameSeparator)
	r.StrokeWidth = 1
	r.CornerRadius = theme.InputRadiusSize()
	return &groundRenderer{r: r}
}

type groundRenderer struct{ r *canvas.Rectangle }

func (g *groundRenderer) Layout(s fyne.Size)           { g.r.Resize(s) }
func (g *groundRenderer) MinSize() fyne.Size           { return fyne.Size{} }
func (g *groundRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{g.r} }
func (g *groundRenderer) Destroy()                     {}
func (g *groundRenderer) Refresh() {
	g.r.FillColor = theme.Color(theme.ColorNameOverlayBackground)
	g.r.StrokeColor = theme.Color(theme.ColorNameSeparator)
	g.r.Refresh()
}

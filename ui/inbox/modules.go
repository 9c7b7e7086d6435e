package inbox

import (
	"context"
	"slices"
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

// The text modules of the open scheda's section are inserted into the
// answer by typing "::" and a few words of the module (its title or its
// text): a list of the modules that match opens over the answer and
// narrows as the consultant types. ↓ ↑ move the highlight, Enter inserts
// the highlighted module in place of "::" and the words, Esc closes the
// list and keeps what was typed. Ctrl+M (or the Moduli button) shows the
// whole list. The list is drawn in a layer of the view, not in a pop-up:
// a pop-up takes the keyboard, and keys typed at a human pace would be
// lost; the cursor never leaves the answer. The modules are read from the
// mirror when a scheda opens: filtering them as keys come is a loop over a
// few dozen, on the UI goroutine.

// modulesShown is how many modules the list shows without scrolling.
const modulesShown = 6

// maxModuleQuery bounds the words after "::": longer, it is text.
const maxModuleQuery = 40

// modulePicker is the list of text modules over the answer.
type modulePicker struct {
	v         *InboxView
	all       []model.TextModule // the section's, on the UI goroutine
	section   model.Section
	loads     uint64 // the latest load asked for; older answers are dropped
	hits      []model.TextModule
	cursor    int
	start     int  // where the "::" that opened the list begins (runes); -1: closed
	typed     int  // how many runes "::" and the words after it take
	dismissed int  // the "::" Esc closed: typing on after it does not open it again
	auto      bool // the "::" was put by Ctrl+M
	busy      bool // the picker is editing the answer
	list      *widget.List
	note      *widget.Label
	panel     *fyne.Container
	layer     *fyne.Container
}

func newModulePicker(v *InboxView) *modulePicker {
	p := &modulePicker{v: v, start: -1, dismissed: -1, note: widget.NewLabel("")}
	p.note.Importance = widget.LowImportance
	p.note.Wrapping = fyne.TextWrapWord
	p.list = widget.NewList(func() int { return len(p.hits) },
		func() fyne.CanvasObject {
			line := widget.NewRichText()
			line.Truncation = fyne.TextTruncateEllipsis
			return widgets.NewCursorRow(line)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(p.hits) {
				return
			}
			line := widgets.CursorRow(o, i == p.cursor).(*widget.RichText)
			line.Segments = []widget.RichTextSegment{
				&widget.TextSegment{Style: widget.RichTextStyleStrong, Text: p.hits[i].Title + "  "},
				&widget.TextSegment{Style: widget.RichTextStyle{ColorName: theme.ColorNamePlaceHolder, Inline: true},
					Text: strings.Join(strings.Fields(p.hits[i].Text), " ")},
			}
			line.Refresh()
		})
	p.list.OnSelected = func(i widget.ListItemID) {
		p.list.UnselectAll()
		p.pick(i)
	}
	ground := canvas.NewRectangle(theme.Color(theme.ColorNameOverlayBackground))
	ground.StrokeColor = theme.Color(theme.ColorNameSeparator)
	ground.StrokeWidth = 1
	p.panel = container.NewStack(ground, container.NewBorder(nil, p.note, nil, nil, p.list))
	p.panel.Hide()
	p.layer = container.NewWithoutLayout(p.panel)
	return p
}

// load reads the modules of a section from the mirror, off the UI
// goroutine.
func (p *modulePicker) load(section model.Section) {
	p.close()
	p.loads++
	asked := p.loads
	p.section, p.all = section, nil
	widgets.Background(func() {
		got, err := p.v.src.TextModules(context.Background(), section)
		fyne.Do(func() {
			if asked != p.loads {
				return
			}
			if err != nil {
				p.note.SetText(app.Explain(err))
			}
			p.all = got
			if p.open() {
				p.changed(p.v.answer.Text)
			}
		})
	})
}

// open says whether the list is shown.
func (p *modulePicker) open() bool { return p.start >= 0 }

// changed follows the answer as it is typed: "::" and words before the
// cursor, on its line, open or narrow the list; anything else closes it.
func (p *modulePicker) changed(text string) {
	if p.busy || p.v.filling || p.v.current == nil || p.v.answer.Disabled() {
		return
	}
	start, query, ok := moduleQuery([]rune(text), p.v.answer.CursorTextOffset())
	if !ok || start == p.dismissed {
		if !ok {
			p.dismissed = -1
		}
		p.close()
		return
	}
	p.start, p.typed = start, 2+len([]rune(query))
	p.hits = matchModules(p.all, query)
	switch {
	case len(p.all) == 0:
		p.note.SetText(i18n.T("inbox.modules_empty"))
	case len(p.hits) == 0:
		p.note.SetText(i18n.T("inbox.modules_none", query))
	default:
		p.note.SetText("")
	}
	p.note.Hidden = p.note.Text == ""
	p.cursor = 0
	p.list.Refresh()
	p.list.ScrollToTop()
	p.place()
}

// moduleQuery finds "::" before the cursor (at, in runes) on its line and
// returns where it begins and the words typed after it.
func moduleQuery(text []rune, at int) (start int, query string, ok bool) {
	at = min(max(at, 0), len(text))
	line := 0
	for i := at - 1; i >= 0; i-- {
		if text[i] == '\n' {
			line = i + 1
			break
		}
	}
	before := string(text[line:at])
	i := strings.LastIndex(before, "::")
	if i < 0 {
		return -1, "", false
	}
	query = before[i+2:]
	if len([]rune(query)) > maxModuleQuery || strings.Contains(query, "::") {
		return -1, "", false
	}
	return line + len([]rune(before[:i])), query, true
}

// matchModules returns the modules whose title or text hold every word of
// query (accents and case aside), those matching in the title first, in
// central's order otherwise.
func matchModules(all []model.TextModule, query string) []model.TextModule {
	words := strings.Fields(fold(query))
	for i, w := range words {
		if len(w) >= 5 {
			words[i] = w[:len(w)-1] // the ending left out: "estero" finds "esteri"
		}
	}
	type scored struct {
		m     model.TextModule
		score int
	}
	var found []scored
	for _, m := range all {
		title, text := fold(m.Title), fold(m.Text)
		score := 0
		for _, w := range words {
			switch {
			case strings.Contains(title, w):
				score += 2
			case strings.Contains(text, w):
				score++
			default:
				score = -1
			}
			if score < 0 {
				break
			}
		}
		if score >= 0 {
			found = append(found, scored{m, score})
		}
	}
	slices.SortStableFunc(found, func(a, b scored) int { return b.score - a.score })
	out := make([]model.TextModule, len(found))
	for i, f := range found {
		out[i] = f.m
	}
	return out
}

// fold lower-cases s and takes its accents off.
func fold(s string) string { return strings.ToLower(model.FoldAccents(s)) }

// typedKey moves through the list, inserts a module or closes the list;
// other keys go to the answer.
func (p *modulePicker) typedKey(k *fyne.KeyEvent) bool {
	if !p.open() {
		return false
	}
	switch k.Name {
	case fyne.KeyDown, fyne.KeyUp:
		if len(p.hits) > 0 {
			p.cursor = min(max(p.cursor+map[fyne.KeyName]int{fyne.KeyDown: 1, fyne.KeyUp: -1}[k.Name], 0), len(p.hits)-1)
			p.list.Refresh()
			p.list.ScrollTo(p.cursor)
		}
		return true
	case fyne.KeyReturn, fyne.KeyEnter:
		if len(p.hits) == 0 {
			p.dismiss()
			return false // a new line
		}
		p.pick(p.cursor)
		return true
	case fyne.KeyEscape:
		p.dismiss()
		return true
	}
	return false
}

// dismiss closes the list for the "::" typed; the "::" Ctrl+M put, with
// nothing after it, is taken away.
func (p *modulePicker) dismiss() {
	if p.auto && p.typed == 2 {
		p.edit(2, "")
	}
	p.dismissed = p.start
	p.close()
}

// close hides the list.
func (p *modulePicker) close() {
	p.start, p.auto, p.hits = -1, false, nil
	p.panel.Hide()
}

// showAll opens the whole list of the section's modules at the answer's
// cursor (Ctrl+M, the Moduli button).
func (p *modulePicker) showAll() {
	a := p.v.answer
	if p.v.current == nil || a.Disabled() || !a.Visible() {
		return
	}
	widgets.Focus(p.v.win, a)
	if p.open() {
		return
	}
	a.TypedShortcut(&fyne.ShortcutPaste{Clipboard: textClipboard("::")}) // opens the list through changed
	p.auto = p.open()
}

// pick inserts a module in place of "::" and the words typed after it,
// with its placeholders filled; the consultant is asked for those the
// scheda cannot fill.
func (p *modulePicker) pick(i int) {
	if i < 0 || i >= len(p.hits) || p.v.current == nil {
		return
	}
	m, typed := p.hits[i], p.typed
	p.close()
	p.dismissed = -1
	text, missing := model.FillPlaceholders(m.Text, p.v.placeholderValues())
	if len(missing) == 0 {
		p.edit(typed, text)
		return
	}
	p.v.askPlaceholders(m.Title, text, missing, func(filled string) { p.edit(typed, filled) })
}

// edit takes back the n runes before the answer's cursor and puts text in
// their place, leaving the cursor after it.
func (p *modulePicker) edit(n int, text string) {
	a := p.v.answer
	p.busy = true
	defer func() { p.busy = false }()
	for range max(n, 0) {
		a.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace}) // the picker's keys leave Backspace alone
	}
	if text != "" {
		a.TypedShortcut(&fyne.ShortcutPaste{Clipboard: textClipboard(text)})
	}
	widgets.Focus(p.v.win, a)
}

// place shows the list just above the answer, within the view.
func (p *modulePicker) place() {
	a := p.v.answer
	rowH := fyne.MeasureText("X", theme.TextSize(), fyne.TextStyle{}).Height + 2*theme.InnerPadding() + theme.Padding()
	noteH := float32(0)
	if !p.note.Hidden {
		noteH = p.note.MinSize().Height
	}
	size := fyne.NewSize(max(a.Size().Width, 480), float32(min(len(p.hits), modulesShown))*rowH+noteH+2*theme.Padding())
	d := fyne.CurrentApp().Driver()
	pos := d.AbsolutePositionForObject(a).Subtract(d.AbsolutePositionForObject(p.layer))
	if pos.Y >= size.Height {
		pos.Y -= size.Height // above the answer: the text being typed stays in sight
	} else {
		pos.Y += a.Size().Height
	}
	if room := p.layer.Size().Width; room > 0 && pos.X+size.Width > room {
		pos.X = max(room-size.Width, 0)
	}
	p.panel.Move(pos)
	p.panel.Resize(size)
	p.panel.Show()
	p.layer.Refresh()
}

// modulesButton opens the whole list of the section's modules.
func (v *InboxView) modulesButton() *widget.Button {
	b := widget.NewButtonWithIcon(i18n.T("inbox.modules"), theme.DocumentIcon(), func() { v.modules.showAll() })
	b.Importance = widget.LowImportance
	return b
}

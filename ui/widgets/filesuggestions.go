package widgets

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sportello/assets/i18n"
	"sportello/model"
)

// The file's "Diritti da verificare": the rights central suggests the
// citizen may not have claimed, the unmarked first, one of them selected
// for the operator's marks (the day view's keys).

// fileSuggestions is the section's state: the suggestions in the order
// shown, and the one selected (by id, so that it stays through a redraw).
type fileSuggestions struct {
	list     []model.Suggestion
	selected string
	// marking says the screen has the keys that mark: the selection and
	// the keys' hint are shown.
	marking bool
}

// EnableMarks says the screen marks the suggestions with its keys: the
// section shows the selected one and the keys.
func (p *FilePanel) EnableMarks() { p.sugg.marking = true }

// SelectedSuggestion is the suggestion selected in the file shown.
func (p *FilePanel) SelectedSuggestion() (model.Suggestion, bool) {
	for _, s := range p.sugg.list {
		if s.ID == p.sugg.selected {
			return s, true
		}
	}
	return model.Suggestion{}, false
}

// MoveSuggestion selects the next (d > 0) or previous suggestion and
// draws the file again; c is the file shown.
func (p *FilePanel) MoveSuggestion(d int, c model.Citizen, me string) {
	n := len(p.sugg.list)
	if n == 0 {
		return
	}
	i := 0
	for k, s := range p.sugg.list {
		if s.ID == p.sugg.selected {
			i = (k + d + n) % n
		}
	}
	p.sugg.selected = p.sugg.list[i].ID
	p.ShowFile(c, nil, me)
}

// setSuggestions takes a file's suggestions, keeping the selection when
// the file still has it, else selecting the first.
func (s *fileSuggestions) set(c model.Citizen) {
	s.list = model.SuggestionsToShow(c.Suggestions)
	for _, x := range s.list {
		if x.ID == s.selected {
			return
		}
	}
	s.selected = ""
	if len(s.list) > 0 {
		s.selected = s.list[0].ID
	}
}

// segments is the section; none when central suggests nothing.
func (s *fileSuggestions) segments() []widget.RichTextSegment {
	if len(s.list) == 0 {
		return nil
	}
	segs := []widget.RichTextSegment{Heading(i18n.T("suggestion.title"))}
	if s.marking {
		segs = append(segs, &widget.TextSegment{Style: widget.RichTextStyle{TextStyle: fyne.TextStyle{Italic: true}},
			Text: i18n.T("suggestion.keys")})
	}
	for _, x := range s.list {
		head := x.Benefit
		if x.Mark != "" {
			head += " · " + i18n.T("suggestion.mark."+string(x.Mark))
		}
		title := &widget.TextSegment{Style: widget.RichTextStyle{TextStyle: fyne.TextStyle{Bold: true}}, Text: head}
		if s.marking && x.ID == s.selected {
			title.Text = i18n.T("suggestion.selected", head)
			title.Style.ColorName = theme.ColorNamePrimary
		}
		segs = append(segs, title,
			Para(i18n.T("suggestion.why", strings.Join(x.Facts, "; "))),
			Para(i18n.T("suggestion.rule", x.RuleText, x.Basis)))
		if len(x.ToCheck) > 0 {
			segs = append(segs, Para(i18n.T("suggestion.to_check", strings.Join(x.ToCheck, "; "))))
		}
		if x.Mark != "" {
			mark := i18n.T("suggestion.marked", Stamp(x.MarkedAt), x.MarkedBy)
			if x.MarkReason != "" {
				mark += " · " + x.MarkReason
			}
			if x.Pending {
				mark = i18n.T("day.pending", mark)
			}
			segs = append(segs, &widget.TextSegment{Style: widget.RichTextStyle{TextStyle: fyne.TextStyle{Italic: true}}, Text: mark})
		}
	}
	return segs
}

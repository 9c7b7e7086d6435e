package inbox

import (
	"context"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"sportello/assets/i18n"
	"sportello/model"
	"sportello/ui/widgets"
)

// When a scheda opens, the section's earlier answers that match its own
// words (subject and question) are looked up at once, off the UI
// goroutine, and shown ranked in the answers panel before the consultant
// types anything. A search still under way when another scheda opens (or
// the consultant searches words of their own) is cancelled and its answer
// dropped: the panel always shows the answers to what is open.

// finding is the answers panel's search under way.
type finding struct {
	asked  uint64             // the latest search; older answers are dropped
	cancel context.CancelFunc // stops the latest search
}

// find looks for the answers of a section matching text, leaving out the
// scheda skip (the open one, when answered: its own answer is no
// suggestion), and shows them under heading. It cancels the search before.
func (p *answersPanel) find(section model.Section, text, skip, heading string) {
	p.section = section
	if p.cancel != nil {
		p.cancel()
	}
	ctx, cancel := context.WithCancel(context.Background())
	p.cancel = cancel
	p.asked++
	asked := p.asked
	p.heading.SetText(i18n.T("inbox.answers_looking"))
	widgets.Background(func() {
		defer cancel()
		found, err := p.src.SearchAnswers(ctx, section, text)
		if ctx.Err() != nil {
			return // another scheda opened: its search shows
		}
		kept := found[:0]
		for _, sc := range found {
			if sc.ID != skip {
				kept = append(kept, sc)
			}
		}
		fyne.Do(func() {
			if asked != p.asked {
				return
			}
			p.heading.SetText(heading)
			p.show(kept, err)
		})
	})
}

// suggest shows the answers matching an opened scheda's own words.
func (p *answersPanel) suggest(e model.InboxEntry) {
	p.query.SetText("")
	p.find(e.Section, e.Subject+" "+e.Question, e.ID, i18n.T("inbox.answers_similar"))
}

// schedaOpened starts what a scheda that was just opened needs besides its
// text: the answers that match it, and the text modules of its section.
func (v *InboxView) schedaOpened(e model.InboxEntry) {
	v.faq.suggest(e)
	if v.modules.section != e.Section || v.modules.all == nil {
		v.modules.load(e.Section)
	} else {
		v.modules.close()
	}
}

// placeholderValues are the values of the placeholders the open scheda,
// its citizen's file (when mirrored) and the consultant give.
func (v *InboxView) placeholderValues() map[string]string {
	e := v.current
	if e == nil {
		return nil
	}
	vals := map[string]string{
		model.PlaceholderNumber:   e.Number,
		model.PlaceholderDate:     v.src.Now().In(model.Rome).Format("02/01/2006"),
		model.PlaceholderSection:  i18n.T("section." + string(e.Section)),
		model.PlaceholderSubject:  e.Subject,
		model.PlaceholderOperator: v.me.Name,
		model.PlaceholderOffice:   v.me.Office.Name,
	}
	if c := v.citizen; c.CF != "" && c.CF == e.CitizenCF {
		vals[model.PlaceholderGivenName] = nameCase(c.GivenName)
		vals[model.PlaceholderFamilyName] = nameCase(c.FamilyName)
	}
	return vals
}

// nameCase writes a name as in a letter: "ROSSI" and "rossi" as "Rossi",
// "DE LUCA" as "De Luca"; a name already in mixed case is kept.
func nameCase(s string) string {
	if s != strings.ToUpper(s) && s != strings.ToLower(s) {
		return s
	}
	r := []rune(strings.ToLower(s))
	for i := range r {
		if i == 0 || r[i-1] == ' ' || r[i-1] == '\'' || r[i-1] == '-' {
			r[i] = unicode.ToUpper(r[i])
		}
	}
	return string(r)
}

// askPlaceholders asks the consultant, in one small dialog, for the
// placeholders of a module the scheda could not fill, and gives done the
// text with them filled. Cancelled, nothing is inserted.
func (v *InboxView) askPlaceholders(title, text string, missing []string, done func(string)) {
	if v.win == nil {
		return
	}
	entries := make([]*widgets.KeyEntry, len(missing))
	items := make([]*widget.FormItem, len(missing))
	for i, name := range missing {
		entries[i] = widgets.NewKeyEntry()
		label := strings.ReplaceAll(name, "_", " ")
		items[i] = widget.NewFormItem(strings.ToUpper(label[:1])+label[1:], entries[i])
	}
	d := dialog.NewForm(i18n.T("inbox.modules_fill", title), i18n.T("inbox.modules_insert"), i18n.T("dialog.cancel"), items,
		func(ok bool) {
			if !ok {
				widgets.Focus(v.win, v.answer)
				return
			}
			vals := map[string]string{}
			for i, name := range missing {
				vals[name] = entries[i].Text
			}
			filled, _ := model.FillPlaceholders(text, vals)
			done(filled)
		}, v.win)
	d.Resize(fyne.NewSize(480, 0))
	widgets.ShowDialog(v.win, d, nil)
	v.win.Canvas().Focus(entries[0])
}

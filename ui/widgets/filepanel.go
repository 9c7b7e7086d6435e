package widgets

import (
	"net/url"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sportello/app"
	"sportello/assets/i18n"
	"sportello/model"
)

// FilePanel shows the caller's file (fascicolo): the appointment with its
// meeting link or numbers to call, then identity, contacts, delegations,
// cases, documents, the contact history and the notes.
type FilePanel struct {
	now      func() time.Time
	copyText func(string)
	canNote  bool
	// OnMeeting shows the meeting of the slot in the panel (its link is
	// not opened blindly: the dialog shows it, to copy or open).
	OnMeeting func()
	heading   *widget.Label
	cf        *widget.Label
	slot      *widget.Label
	Link      *widget.Hyperlink
	Numbers   *fyne.Container
	note      *widget.Button
	body      *widget.RichText
	scroll    *container.Scroll
	sugg      fileSuggestions // the section "Diritti da verificare"
}

// NewFilePanel builds an empty file panel: now is the clock (expired
// delegations are marked), copyText copies a number, addNote (if not nil)
// asks for a note on the file.
func NewFilePanel(now func() time.Time, copyText func(string), addNote func()) *FilePanel {
	p := &FilePanel{
		now:      now,
		copyText: copyText,
		heading:  widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		cf:       widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true}),
		slot:     widget.NewLabel(""),
		Link:     widget.NewHyperlink("", nil),
		Numbers:  container.NewVBox(),
		body:     widget.NewRichText(),
	}
	p.heading.SizeName = theme.SizeNameSubHeadingText
	p.heading.Wrapping = fyne.TextWrapWord
	p.cf.Selectable = true
	p.slot.Wrapping = fyne.TextWrapWord
	p.body.Wrapping = fyne.TextWrapWord
	p.note = widget.NewButtonWithIcon(i18n.T("action.note"), theme.DocumentCreateIcon(), addNote)
	p.canNote = addNote != nil
	p.scroll = container.NewVScroll(container.NewVBox(p.heading, p.cf, p.slot, p.Link, p.Numbers,
		container.NewHBox(p.note), p.body))
	p.Clear()
	return p
}

// Content is the panel's root object.
func (p *FilePanel) Content() fyne.CanvasObject { return p.scroll }

// SlotText is the line under the citizen's name: the slot, or where the
// file was opened from.
func (p *FilePanel) SlotText() string { return p.slot.Text }

// Clear empties the panel and invites a selection.
func (p *FilePanel) Clear() {
	p.heading.SetText(i18n.T("file.title"))
	p.cf.SetText("")
	p.slot.SetText("")
	p.Link.Hide()
	p.Numbers.RemoveAll()
	p.note.Hide()
	p.sugg = fileSuggestions{marking: p.sugg.marking}
	p.body.Segments = []widget.RichTextSegment{Para(i18n.T("file.empty"))}
	p.body.Refresh()
}

// Show fills the panel with a slot and its citizen's file; err is the
// error reading the file, if any; me is the operator's id, whose own
// earlier contacts are marked.
func (p *FilePanel) Show(e model.AgendaEntry, c model.Citizen, err error, me string) {
	name := e.CitizenName
	if !e.Booked() {
		name = i18n.T("status." + string(e.Status))
	}
	p.heading.SetText(name)
	p.slot.SetText(i18n.T("file.slot", CellText(e, ColTime), CellText(e, ColChannel), CellText(e, ColService), CellText(e, ColStatus)))
	p.Link.Hide()
	p.Link.OnTapped = p.OnMeeting
	if e.Channel == model.ChannelWebMeeting && e.MeetingURL != "" {
		if u, perr := url.Parse(e.MeetingURL); perr == nil {
			p.Link.SetText(i18n.T("file.open_meeting"))
			p.Link.SetURL(u)
			p.Link.Show()
		}
	}
	p.Numbers.RemoveAll()
	if e.Channel == model.ChannelPhone {
		// The call-back number is verified when the file says so of
		// the same number under Recapiti, else not: it read "verificato"
		// here and "non verificato" there.
		p.addNumber(i18n.T("file.callback_number"), e.Phone, slices.ContainsFunc(c.Contacts, func(k model.Contact) bool {
			return k.Verified && sameNumber(k.Value, e.Phone)
		}))
		for _, k := range c.Contacts {
			if (k.Kind == model.ContactMobile || k.Kind == model.ContactPhone) && !sameNumber(k.Value, e.Phone) {
				p.addNumber(i18n.T("contact."+string(k.Kind)), k.Value, k.Verified)
			}
		}
	}
	p.ShowFile(c, err, me)
	p.scroll.ScrollToTop()
}

// ShowCitizen fills the panel with a citizen's file opened outside the
// agenda (found by search); err is the error reading it, if any.
func (p *FilePanel) ShowCitizen(name string, c model.Citizen, err error, me string) {
	p.ShowCitizenFrom(name, i18n.T("file.from_search"), c, err, me)
}

// ShowCitizenFrom fills the panel with a citizen's file opened outside the
// agenda, saying how it was opened (from the search, from a scheda).
func (p *FilePanel) ShowCitizenFrom(name, how string, c model.Citizen, err error, me string) {
	p.heading.SetText(name)
	p.slot.SetText(how)
	p.Link.Hide()
	p.Numbers.RemoveAll()
	p.ShowFile(c, err, me)
	p.scroll.ScrollToTop()
}

// sameNumber reports whether two phone numbers are the same, whatever
// their spaces, dashes and dots.
func sameNumber(a, b string) bool {
	digits := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r == '+' || (r >= '0' && r <= '9') {
				return r
			}
			return -1
		}, s)
	}
	return digits(a) == digits(b)
}

// addNumber lists a number to call, with a button that copies it.
func (p *FilePanel) addNumber(kind, number string, verified bool) {
	if number == "" {
		return
	}
	mark := i18n.T("file.unverified")
	if verified {
		mark = i18n.T("file.verified")
	}
	copyBtn := widget.NewButtonWithIcon("", theme.ContentCopyIcon(), func() { p.copyText(number) })
	// The line wraps: a long one must not widen the panel, and with it
	// the window, past the screen.
	text := widget.NewLabel(kind + ": " + number + "  " + mark)
	text.Wrapping = fyne.TextWrapWord
	p.Numbers.Add(container.NewBorder(nil, nil, nil, copyBtn, text))
}

// ShowFile writes the file's sections; it runs on the UI goroutine.
func (p *FilePanel) ShowFile(c model.Citizen, err error, me string) {
	var segs []widget.RichTextSegment
	switch {
	case err != nil:
		p.sugg = fileSuggestions{marking: p.sugg.marking}
		p.cf.SetText("")
		p.note.Hide()
		p.body.Segments = []widget.RichTextSegment{Para(app.Explain(err))}
		p.body.Refresh()
		return
	case c.CF == "":
		p.sugg = fileSuggestions{marking: p.sugg.marking}
		p.cf.SetText("")
		p.note.Hide()
		p.body.Segments = []widget.RichTextSegment{Para(i18n.T("file.no_citizen"))}
		p.body.Refresh()
		return
	}
	p.cf.SetText(c.CF)
	if p.canNote {
		p.note.Show()
	}
	p.sugg.set(c)
	segs = append(segs, p.sugg.segments()...)

	segs = append(segs, Heading(i18n.T("file.identity")),
		line(i18n.T("file.born"), i18n.T("file.born_value", Date(c.BirthDate), c.BirthPlace)),
		line(i18n.T("file.sex"), i18n.T("sex."+c.Sex)),
		line(i18n.T("file.address"), c.Address))

	segs = append(segs, Heading(i18n.T("file.contacts")))
	for _, k := range c.Contacts {
		mark := i18n.T("file.unverified")
		if k.Verified {
			mark = i18n.T("file.verified")
		}
		segs = append(segs, line(i18n.T("contact."+string(k.Kind)), k.Value+"  "+mark))
	}
	if len(c.Contacts) == 0 {
		segs = append(segs, Para(i18n.T("file.none")))
	}

	segs = append(segs, Heading(i18n.T("file.delegations")))
	for _, d := range c.Delegations {
		segs = append(segs, delegationText(d, p.now())...)
	}
	if len(c.Delegations) == 0 {
		segs = append(segs, Para(i18n.T("file.none")))
	}

	segs = append(segs, Heading(i18n.T("file.cases")))
	for _, k := range c.Cases {
		segs = append(segs, Strong(k.Kind+" · "+i18n.T("case."+string(k.Status))),
			Para(i18n.T("file.case_detail", k.ID, Date(k.Opened), Date(k.Updated), k.Office)))
	}
	if len(c.Cases) == 0 {
		segs = append(segs, Para(i18n.T("file.none")))
	}

	segs = append(segs, Heading(i18n.T("file.documents")))
	for _, d := range c.Documents {
		segs = append(segs, Para(d.Title+" · "+Date(d.Date)))
	}
	if len(c.Documents) == 0 {
		segs = append(segs, Para(i18n.T("file.none")))
	}

	segs = append(segs, Heading(i18n.T("file.history")))
	for _, h := range c.History {
		segs = append(segs, HistoryText(h, me)...)
	}
	if len(c.History) == 0 {
		segs = append(segs, Para(i18n.T("file.no_history")))
	}

	segs = append(segs, Heading(i18n.T("file.notes")))
	for i := len(c.Notes) - 1; i >= 0; i-- {
		n := c.Notes[i]
		head := Stamp(n.At) + " · " + n.Author
		if n.Pending {
			head = i18n.T("day.pending", head)
		}
		segs = append(segs, Strong(head), Para(n.Text))
	}
	if len(c.Notes) == 0 {
		segs = append(segs, Para(i18n.T("file.none")))
	}
	p.body.Segments = segs
	p.body.Refresh()
}

// HistoryText is one earlier contact: when, how, outcome, and who handled
// it, marked when it was the operator themself.
func HistoryText(h model.HistoryEntry, me string) []widget.RichTextSegment {
	result := ""
	switch {
	case h.Status != "" && h.Status != model.StatusCompleted:
		result = i18n.T("status." + string(h.Status))
	case h.Outcome != "":
		result = i18n.T("outcome." + string(h.Outcome))
	}
	head := &widget.TextSegment{Style: widget.RichTextStyleStrong, Text: Stamp(h.At) + " · " + i18n.T("channel."+h.Channel)}
	if h.Pending {
		head.Text = i18n.T("day.pending", head.Text)
	}
	segs := []widget.RichTextSegment{head}
	// The first line ends with its last segment, not inline: the line
	// of who handled it ran on ("risoltoGestito da te").
	if result != "" {
		segs = append(segs, Para(" · "+result))
	} else {
		head.Style.Inline = false
	}
	who := i18n.T("file.handled_by", h.Operator, h.Office, h.Service)
	if h.OperatorID != "" && h.OperatorID == me {
		head.Style.ColorName = theme.ColorNamePrimary
		who = i18n.T("file.handled_by_me", h.Service)
	}
	segs = append(segs, Para(who))
	if h.Note != "" {
		segs = append(segs, &widget.TextSegment{Style: widget.RichTextStyle{TextStyle: fyne.TextStyle{Italic: true}}, Text: h.Note})
	}
	return segs
}

// delegationText is a delegation or patronato mandate, with its validity.
func delegationText(d model.Delegation, now time.Time) []widget.RichTextSegment {
	valid := i18n.T("file.since", Date(d.From))
	if !d.Until.IsZero() {
		valid = i18n.T("file.from_to", Date(d.From), Date(d.Until))
		if d.Until.Before(now) {
			valid += " · " + i18n.T("file.expired")
		}
	}
	if d.Kind == model.DelegationPatronato {
		return []widget.RichTextSegment{Strong(i18n.T("file.mandate", d.Holder)),
			Para(i18n.T("file.mandate_detail", d.Scope, valid, d.Acquired, d.Patronato))}
	}
	return []widget.RichTextSegment{Strong(i18n.T("file.delegation", d.Holder, d.HolderCF)), Para(d.Scope + " · " + valid)}
}

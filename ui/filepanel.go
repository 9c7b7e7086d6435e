package ui

import (
	"net/url"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sportello/app"
	"sportello/assets/i18n"
	"sportello/model"
)

// FilePanel shows the caller's file (fascicolo) of the selected slot:
// the appointment, identity and contacts.
type FilePanel struct {
	heading *widget.Label
	slot    *widget.Label
	link    *widget.Hyperlink
	form    *fyne.Container
	note    *widget.Label
	content fyne.CanvasObject
}

// NewFilePanel builds an empty file panel.
func NewFilePanel() *FilePanel {
	p := &FilePanel{
		heading: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		slot:    widget.NewLabel(""),
		link:    widget.NewHyperlink("", nil),
		form:    container.New(layout.NewFormLayout()),
		note:    widget.NewLabel(""),
	}
	p.heading.SizeName = theme.SizeNameSubHeadingText
	p.slot.Wrapping = fyne.TextWrapWord
	p.note.Wrapping = fyne.TextWrapWord
	p.content = container.NewVScroll(container.NewVBox(p.heading, p.slot, p.link, p.form, p.note))
	p.Clear()
	return p
}

// Content is the panel's root object.
func (p *FilePanel) Content() fyne.CanvasObject { return p.content }

// Clear empties the panel and invites a selection.
func (p *FilePanel) Clear() {
	p.heading.SetText(i18n.T("file.title"))
	p.slot.SetText("")
	p.link.Hide()
	p.form.Objects = nil
	p.form.Refresh()
	p.note.SetText(i18n.T("file.empty"))
}

// Show fills the panel with a slot and its citizen's file; err is the
// error reading the file, if any.
func (p *FilePanel) Show(e model.AgendaEntry, c model.Citizen, err error) {
	p.heading.SetText(i18n.T("file.title_of", e.CitizenName))
	p.slot.SetText(i18n.T("file.slot", cellText(e, colTime), i18n.T("channel."+string(e.Channel)), e.Service, i18n.T("status."+string(e.Status))))
	p.link.Hide()
	if e.Channel == model.ChannelWebMeeting && e.MeetingURL != "" {
		if u, perr := url.Parse(e.MeetingURL); perr == nil {
			p.link.SetText(i18n.T("file.open_meeting"))
			p.link.SetURL(u)
			p.link.Show()
		}
	}
	p.form.Objects = nil
	p.note.SetText("")
	if e.Channel == model.ChannelPhone && e.Phone != "" {
		p.addRow(i18n.T("file.callback_number"), e.Phone)
	}
	p.showFile(c, err)
}

// ShowCitizen fills the panel with a citizen's file opened outside the
// agenda (found by search); err is the error reading it, if any.
func (p *FilePanel) ShowCitizen(name string, c model.Citizen, err error) {
	p.heading.SetText(i18n.T("file.title_of", name))
	p.slot.SetText("")
	p.link.Hide()
	p.form.Objects = nil
	p.note.SetText("")
	p.showFile(c, err)
}

// showFile adds the file's identity and contacts to the panel.
func (p *FilePanel) showFile(c model.Citizen, err error) {
	switch {
	case err != nil:
		p.note.SetText(app.Explain(err))
	case c.CF == "":
		p.note.SetText(i18n.T("file.no_citizen"))
	}
	if err != nil || c.CF == "" {
		p.form.Refresh()
		return
	}
	p.addRow(i18n.T("file.cf"), c.CF)
	p.addRow(i18n.T("file.family_name"), c.FamilyName)
	p.addRow(i18n.T("file.given_name"), c.GivenName)
	p.addRow(i18n.T("file.sex"), i18n.T("sex."+c.Sex))
	p.addRow(i18n.T("file.born"), i18n.T("file.born_value", c.BirthDate.Format("02/01/2006"), c.BirthPlace))
	p.addRow(i18n.T("file.address"), c.Address)
	for _, k := range c.Contacts {
		mark := i18n.T("file.unverified")
		if k.Verified {
			mark = i18n.T("file.verified")
		}
		p.addRow(i18n.T("contact."+string(k.Kind)), k.Value+"  "+mark)
	}
	p.form.Refresh()
}

func (p *FilePanel) addRow(key, value string) {
	k := widget.NewLabelWithStyle(key, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	v := widget.NewLabel(value)
	v.Selectable = true
	v.Wrapping = fyne.TextWrapWord
	p.form.Objects = append(p.form.Objects, k, v)
}

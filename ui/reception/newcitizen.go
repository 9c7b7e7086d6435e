package reception

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sportello/app"
	"sportello/assets/i18n"
	"sportello/model"
	"sportello/ui/widgets"
)

// citizenForm is the dialog that records a new citizen's details.
type citizenForm struct {
	cf, family, given, phone, email *widgets.KeyEntry
	problem                         *widget.Label
	ok                              *widget.Button
	asked                           bool // the details were checked once: the problem follows them from then on
}

// details are the new citizen's details as typed, and what is wrong with
// them, if anything.
func (f *citizenForm) details() (model.NewCitizen, error) {
	n := model.NewCitizen{CF: f.cf.Text, FamilyName: f.family.Text, GivenName: f.given.Text, Phone: f.phone.Text,
		Email: f.email.Text}.Normalize()
	return n, n.Validate()
}

// recheck keeps the problem, once the details were checked, in step with
// what is typed, key by key: it changes with the details, and goes once
// they are right.
func (f *citizenForm) recheck() {
	if !f.asked {
		return // nothing said yet: the operator is still typing
	}
	text := ""
	if _, err := f.details(); err != nil {
		text = app.Explain(err)
	}
	f.problem.SetText(text)
}

// askNewCitizen registers the minimum details of a citizen not found.
func (v *BookingView) askNewCitizen() {
	f := &citizenForm{cf: widgets.NewKeyEntry(), family: widgets.NewKeyEntry(), given: widgets.NewKeyEntry(), phone: widgets.NewKeyEntry(),
		email: widgets.NewKeyEntry(), problem: widget.NewLabel("")}
	if model.LooksLikeCF(v.search.Text) {
		f.cf.SetText(model.NormalizeCF(v.search.Text))
	}
	f.problem.Importance = widget.DangerImportance
	f.problem.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(widget.NewFormItem(i18n.T("book.cf"), f.cf), widget.NewFormItem(i18n.T("book.family_name"), f.family),
		widget.NewFormItem(i18n.T("book.given_name"), f.given), widget.NewFormItem(i18n.T("book.phone"), f.phone),
		widget.NewFormItem(i18n.T("book.email"), f.email))
	var d *dialog.CustomDialog
	for _, e := range []*widgets.KeyEntry{f.cf, f.family, f.given, f.phone, f.email} {
		e.OnChanged = func(string) { f.recheck() }
	}
	f.ok = widget.NewButtonWithIcon(i18n.T("book.use_citizen"), theme.ConfirmIcon(), func() {
		n, err := f.details()
		f.asked = true
		if err != nil {
			f.problem.SetText(app.Explain(err))
			return
		}
		c := n.Citizen(v.src.Now())
		v.choose(c.Card(), &n)
		v.form = nil
		d.Hide()
	})
	f.ok.Importance = widget.HighImportance
	v.form = f
	ok := f.ok
	body := container.NewVBox(widget.NewLabel(i18n.T("book.new_citizen_help")), form, f.problem)
	d = dialog.NewCustomWithoutButtons(i18n.T("book.new_citizen"), body, v.win)
	d.SetButtons([]fyne.CanvasObject{widget.NewButton(i18n.T("dialog.cancel"), func() { d.Hide() }), ok})
	d.Resize(fyne.NewSize(520, 0))
	v.show(d, ok)
	// The cursor is in the first field: what is typed at once is kept.
	if v.win != nil {
		v.win.Canvas().Focus(f.cf)
	}
}

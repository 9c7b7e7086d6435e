package session

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"sportello/app"
	"sportello/assets/i18n"
	"sportello/assets/icons"
	"sportello/ui/widgets"
)

// loginTimeout bounds one attempt to log in.
const loginTimeout = 30 * time.Second

// LoginStart is what the login screen opens with: the server and the
// operator to prefill, and how it opens a console (a new session).
type LoginStart struct {
	Login            func(ctx context.Context, server, operator, password string) (*app.Console, error)
	Server, Operator string
}

// loginForm is the login screen: operator id and password, and the
// server's address under "Avanzate". A login stores the session in the
// keyring and opens the operator's console.
type loginForm struct {
	operator, password, server *widget.Entry
	submit                     *widget.Button
	msg                        *widget.Label
	Content                    fyne.CanvasObject
}

// NewLoginForm builds the login screen; opened gets the console of a
// successful login, on the UI goroutine.
func NewLoginForm(w fyne.Window, start LoginStart, notice string, opened func(*app.Console)) *loginForm {
	f := &loginForm{operator: widget.NewEntry(), password: widget.NewPasswordEntry(), server: widget.NewEntry(),
		msg: widget.NewLabel("")}
	f.operator.SetPlaceHolder(i18n.T("login.operator_hint"))
	f.operator.SetText(start.Operator)
	f.server.SetPlaceHolder("https://…")
	f.server.SetText(start.Server)
	f.msg.Wrapping = fyne.TextWrapWord
	f.msg.Importance = widget.DangerImportance
	if notice != "" {
		f.msg.SetText(notice)
		f.msg.Importance = widget.WarningImportance
	} else {
		f.msg.Hide()
	}
	f.submit = widget.NewButton(i18n.T("login.submit"), func() { f.login(start, opened) })
	f.submit.Importance = widget.HighImportance
	f.password.OnSubmitted = func(string) { f.login(start, opened) }
	f.operator.OnSubmitted = func(string) { w.Canvas().Focus(f.password) }

	advanced := widget.NewAccordion(widget.NewAccordionItem(i18n.T("login.advanced"),
		widget.NewForm(widget.NewFormItem(i18n.T("login.server"), f.server))))
	if start.Server == "" {
		advanced.OpenAll() // nothing configured: the address is needed
	}
	logo := AppLogo(72)
	title := widget.NewLabelWithStyle(i18n.T("login.title"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	form := widget.NewForm(widget.NewFormItem(i18n.T("login.operator"), f.operator),
		widget.NewFormItem(i18n.T("login.password"), f.password))
	card := container.NewVBox(logo, title, widget.NewLabelWithStyle(i18n.T("login.subtitle"), fyne.TextAlignCenter, fyne.TextStyle{}),
		form, advanced, f.msg, f.submit)
	box := container.NewGridWrap(fyne.NewSize(460, 520), card)
	f.Content = container.NewCenter(container.NewVBox(box, layout.NewSpacer()))
	return f
}

// AppLogo is the app's icon drawn side points square.
func AppLogo(side float32) *canvas.Image {
	logo := canvas.NewImageFromResource(icons.App)
	logo.FillMode = canvas.ImageFillContain
	logo.SetMinSize(fyne.NewSize(side, side))
	return logo
}

// Focus puts the cursor where the operator types first, once the form is
// the window's content.
func (f *loginForm) Focus(w fyne.Window) {
	if f.operator.Text != "" {
		w.Canvas().Focus(f.password)
	} else {
		w.Canvas().Focus(f.operator)
	}
}

// login checks the fields and logs in, off the UI goroutine.
func (f *loginForm) login(start LoginStart, opened func(*app.Console)) {
	operator, password, server := strings.TrimSpace(f.operator.Text), f.password.Text, strings.TrimSpace(f.server.Text)
	switch {
	case operator == "" || password == "":
		f.show(i18n.T("login.missing"))
		return
	case server == "":
		f.show(i18n.T("login.no_server"))
		return
	}
	f.submit.Disable()
	f.submit.SetText(i18n.T("login.busy"))
	widgets.Background(func() {
		ctx, cancel := context.WithTimeout(context.Background(), loginTimeout)
		defer cancel()
		c, err := start.Login(ctx, server, operator, password)
		fyne.Do(func() {
			f.submit.Enable()
			f.submit.SetText(i18n.T("login.submit"))
			if err != nil {
				f.password.SetText("")
				f.show(app.Explain(err))
				return
			}
			opened(c)
		})
	})
}

// show tells the operator why the login did not go through.
func (f *loginForm) show(msg string) {
	f.msg.SetText(msg)
	f.msg.Importance = widget.DangerImportance
	f.msg.Show()
	f.msg.Refresh()
}

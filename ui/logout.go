package ui

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"sportello/app"
	"sportello/assets/i18n"
	"sportello/ui/widgets"
)

// logout asks whether to wipe this computer's copy too, then ends the
// session and shows the login screen; refused, with the reason, while
// work waits to be sent.
func (s *sessionWindow) logout() {
	wipe := widget.NewCheck(i18n.T("logout.wipe"), nil)
	body := container.NewVBox(widget.NewLabel(i18n.T("logout.text")), wipe)
	d := dialog.NewCustomConfirm(i18n.T("logout.title"), i18n.T("logout.confirm"), i18n.T("dialog.cancel"), body, func(yes bool) {
		if !yes {
			return
		}
		wiping := wipe.Checked
		widgets.Background(func() {
			// Checked first with the session running; Logout checks again,
			// with the loops stopped.
			un, err := s.c.Unsent(context.Background())
			ended := false
			if err == nil && un.Total() == 0 {
				fyne.DoAndWait(s.end)
				err, ended = s.c.Logout(context.Background(), wiping), true
			}
			fyne.Do(func() {
				var refused *app.UnsentError
				switch {
				case errors.As(err, &refused):
					// Work arrived meanwhile: the session goes on.
					un = refused.Unsent
					s.restart()
				case ended:
					notice := i18n.T("logout.done")
					if err != nil {
						notice = app.Explain(err)
					}
					s.loggedOut(notice)
					return
				case err != nil:
					widgets.ShowDialog(s.w, dialog.NewError(errors.New(app.Explain(err)), s.w), nil)
					return
				}
				widgets.ShowDialog(s.w, dialog.NewInformation(i18n.T("logout.title"), i18n.T("logout.unsent", un.Actions, un.Conflicts, un.Audit, un.Drafts), s.w), nil)
			})
		})
	}, s.w)
	widgets.ShowDialog(s.w, d, nil)
}

package session

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sportello/app"
	"sportello/assets/i18n"
	"sportello/ui/widgets"
)

// UpdateBanner says that central publishes a newer version of the console
// and where to get it (installing it is IT's job: the MSI, the Software
// Center) or, below central's minimum, that the console no longer syncs:
// the operator goes on reading and recording, and the work waits for the
// update.
type UpdateBanner struct {
	text    *widget.Label
	icon    *widget.Icon
	bg      *canvas.Rectangle
	Content *fyne.Container
	// Parent is the container the banner sits in, laid out again when the
	// banner appears or goes.
	Parent fyne.CanvasObject
}

func NewUpdateBanner() *UpdateBanner {
	b := &UpdateBanner{text: widget.NewLabel(""), icon: widget.NewIcon(theme.InfoIcon()), bg: canvas.NewRectangle(nil)}
	b.text.Wrapping = fyne.TextWrapWord
	b.Content = container.NewStack(b.bg, container.NewBorder(nil, nil, b.icon, nil, b.text))
	b.Content.Hide()
	return b
}

// Show shows, changes or hides the banner for a sync status; it runs on
// the UI goroutine.
func (b *UpdateBanner) Show(st app.SyncStatus) {
	u := st.Update
	was, text := b.Content.Visible(), ""
	switch {
	case u.Outdated:
		text = i18n.T("update.outdated", u.Current, u.Minimum, app.UpdateWhere(u))
		b.icon.SetResource(theme.ErrorIcon())
		b.bg.FillColor = widgets.WithAlpha(theme.Color(theme.ColorNameError), 0x40)
		b.text.TextStyle.Bold = true
	case u.Newer:
		text = i18n.T("update.newer", u.Latest, u.Current, app.UpdateWhere(u))
		b.icon.SetResource(theme.InfoIcon())
		b.bg.FillColor = widgets.WithAlpha(theme.Color(theme.ColorNamePrimary), 0x30)
		b.text.TextStyle.Bold = false
	}
	if text == "" {
		b.Content.Hide()
	} else {
		b.text.SetText(text)
		b.bg.Refresh()
		b.Content.Show()
	}
	if was != b.Content.Visible() && b.Parent != nil {
		b.Parent.Refresh()
	}
}

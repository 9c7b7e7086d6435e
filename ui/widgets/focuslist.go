package widgets

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// FocusList is a widget.List that shows when it has the keyboard focus: a
// ring in the theme's primary colour around it. Fyne marks the focused row
// with the hover colour only, which the selected row's colour hides; the
// ring is seen in the light and the dark theme alike.
type FocusList struct {
	widget.List
	ring *canvas.Rectangle
}

// NewFocusList builds a list as widget.NewList does.
func NewFocusList(length func() int, create func() fyne.CanvasObject, update func(widget.ListItemID, fyne.CanvasObject)) *FocusList {
	l := &FocusList{ring: canvas.NewRectangle(color.Transparent)}
	l.Length, l.CreateItem, l.UpdateItem = length, create, update
	l.ring.StrokeWidth = 2
	l.ring.Hide()
	l.ExtendBaseWidget(l)
	return l
}

// Framed is the list inside its focus ring: put it on screen in place of
// the list.
func (l *FocusList) Framed() fyne.CanvasObject { return container.NewStack(l, l.ring) }

// HasFocus says whether the ring is shown.
func (l *FocusList) HasFocus() bool { return l.ring.Visible() }

// FocusGained shows the ring.
func (l *FocusList) FocusGained() {
	l.List.FocusGained()
	l.ring.StrokeColor = theme.Color(theme.ColorNamePrimary)
	l.ring.CornerRadius = theme.InputRadiusSize()
	l.ring.Show()
	l.ring.Refresh()
}

// FocusLost hides the ring.
func (l *FocusList) FocusLost() {
	l.List.FocusLost()
	l.ring.Hide()
}

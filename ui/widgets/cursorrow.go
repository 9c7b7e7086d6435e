package widgets

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// NewCursorRow is a row of a pick list that the keyboard moves through
// while the focus stays in an entry (the search box's hits, the text
// modules): content on a ground that CursorRow paints as selected.
func NewCursorRow(content fyne.CanvasObject) fyne.CanvasObject {
	return container.NewStack(canvas.NewRectangle(color.Transparent), content)
}

// CursorRow marks a row made by NewCursorRow as under the keyboard's
// cursor, or not, and returns its content to fill.
func CursorRow(row fyne.CanvasObject, under bool) fyne.CanvasObject {
	parts := row.(*fyne.Container).Objects
	ground := parts[0].(*canvas.Rectangle)
	ground.FillColor = color.Transparent
	if under {
		ground.FillColor = theme.Color(theme.ColorNameSelection)
	}
	ground.Refresh()
	return parts[1]
}

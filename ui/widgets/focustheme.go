package widgets

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// focusTheme draws the keyboard focus in the text colour, a third opaque,
// instead of Fyne's translucent primary colour: blended into a primary
// button (Concludi…, Invia risposta, Prenota) Fyne's focus was the same
// blue and could not be seen; now a focused button is lighter in the dark
// theme and darker in the light one, whatever its colour.
type focusTheme struct {
	fyne.Theme
}

// focusAlpha is the focus colour's opacity.
const focusAlpha = 0x60

func (t focusTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if n == theme.ColorNameFocus {
		return WithAlpha(t.Theme.Color(theme.ColorNameForeground, v), focusAlpha)
	}
	return t.Theme.Color(n, v)
}

package ui

import (
	"cmp"
	"image/color"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"sportello/app"
)

// variantTheme is Fyne's theme held to one variant, light or dark,
// whatever the system prefers.
type variantTheme struct {
	fyne.Theme
	variant fyne.ThemeVariant
}

func (t variantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.variant)
}

// themeFor returns the theme of a preference: "light", "dark", or the
// system's for anything else.
func themeFor(pref string) fyne.Theme {
	switch pref {
	case app.ThemeLight:
		return focusTheme{variantTheme{theme.DefaultTheme(), theme.VariantLight}}
	case app.ThemeDark:
		return focusTheme{variantTheme{theme.DefaultTheme(), theme.VariantDark}}
	}
	return focusTheme{theme.DefaultTheme()}
}

// chosenTheme is the theme of a preference, unless SPORTELLO_THEME
// overrides it (for demos and screenshots).
func chosenTheme(pref string) fyne.Theme {
	return themeFor(cmp.Or(os.Getenv("SPORTELLO_THEME"), pref))
}

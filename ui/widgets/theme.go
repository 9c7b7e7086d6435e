package widgets

import (
	"cmp"
	"image/color"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"sportello/app"
)

// consoleTheme is Fyne's theme as the operator chose it: held to one
// variant (light or dark, whatever the system prefers) or in high
// contrast, with the text at the chosen size.
type consoleTheme struct {
	fyne.Theme
	variant  fyne.ThemeVariant
	fixed    bool    // the variant is held, not the system's
	contrast bool    // the high-contrast colours
	scale    float32 // the text's size, 1 = normal
}

func (t consoleTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.contrast {
		if c, ok := highContrast[n]; ok {
			return c
		}
		v = theme.VariantDark
	} else if t.fixed {
		v = t.variant
	}
	return t.Theme.Color(n, v)
}

// textSizes are the sizes a larger text scales: the texts and the icons
// inline with them (the padding stays, so more fits on the screen).
var textSizes = map[fyne.ThemeSizeName]bool{theme.SizeNameText: true, theme.SizeNameHeadingText: true,
	theme.SizeNameSubHeadingText: true, theme.SizeNameCaptionText: true, theme.SizeNameInlineIcon: true}

func (t consoleTheme) Size(n fyne.ThemeSizeName) float32 {
	s := t.Theme.Size(n)
	if t.scale > 1 && textSizes[n] {
		return s * t.scale
	}
	if t.contrast && (n == theme.SizeNameInputBorder || n == theme.SizeNameSelectionRadius) {
		return max(s, 2) // the focused field's border stands out
	}
	return s
}

// highContrast is the high-contrast palette: white text on black, yellow
// for what is primary, every text colour at least 7:1 against the
// backgrounds it is drawn on (TestHighContrastTheme computes it).
var highContrast = map[fyne.ThemeColorName]color.Color{
	theme.ColorNameBackground: color.Black,
	theme.ColorNameForeground: color.White,
	// An enabled button is filled, a disabled one is not, and its text is
	// grey: they must not look alike (a tester took one for the other).
	theme.ColorNameButton:         color.NRGBA{0x2a, 0x2a, 0x2a, 0xff},
	theme.ColorNameDisabledButton: color.Black,
	theme.ColorNameDisabled:       color.NRGBA{0xb8, 0xb8, 0xb8, 0xff},
	theme.ColorNameError:          color.NRGBA{0xff, 0x9c, 0x9c, 0xff},
	// Focus fills the active menu item and the focused button behind
	// white text; a focused field's border is the primary yellow.
	theme.ColorNameFocus:               color.NRGBA{0x00, 0x46, 0x8c, 0xff},
	theme.ColorNameForegroundOnError:   color.Black,
	theme.ColorNameForegroundOnPrimary: color.Black,
	theme.ColorNameForegroundOnSuccess: color.Black,
	theme.ColorNameForegroundOnWarning: color.Black,
	theme.ColorNameHeaderBackground:    color.Black,
	theme.ColorNameHover:               color.NRGBA{0x26, 0x26, 0x26, 0xff},
	theme.ColorNameHyperlink:           color.NRGBA{0xa0, 0xdc, 0xff, 0xff},
	theme.ColorNameInputBackground:     color.Black,
	theme.ColorNameInputBorder:         color.White,
	theme.ColorNameMenuBackground:      color.Black,
	theme.ColorNameOverlayBackground:   color.Black,
	theme.ColorNamePlaceHolder:         color.NRGBA{0xd2, 0xd2, 0xd2, 0xff},
	theme.ColorNamePressed:             color.NRGBA{0x4d, 0x4d, 0x4d, 0xff},
	theme.ColorNamePrimary:             color.NRGBA{0xff, 0xd7, 0x00, 0xff},
	theme.ColorNameScrollBar:           color.White,
	theme.ColorNameScrollBarBackground: color.NRGBA{0x33, 0x33, 0x33, 0xff},
	theme.ColorNameSelection:           color.NRGBA{0x00, 0x28, 0x50, 0xff},
	theme.ColorNameSeparator:           color.White,
	theme.ColorNameShadow:              color.NRGBA{0xff, 0xff, 0xff, 0x40},
	theme.ColorNameSuccess:             color.NRGBA{0x6c, 0xff, 0x6c, 0xff},
	theme.ColorNameWarning:             color.NRGBA{0xff, 0xd7, 0x00, 0xff},
}

// ThemeFor returns the theme of the operator's preferences: "light",
// "dark", "contrast", or the system's for anything else; the text at the
// chosen size.
func ThemeFor(p app.Preferences) fyne.Theme {
	t := consoleTheme{Theme: theme.DefaultTheme(), scale: p.TextScale()}
	switch p.Theme {
	case app.ThemeLight:
		t.variant, t.fixed = theme.VariantLight, true
	case app.ThemeDark:
		t.variant, t.fixed = theme.VariantDark, true
	case app.ThemeContrast:
		t.contrast = true
		return t // its own focus colour, measured for contrast
	}
	return focusTheme{t}
}

// ChosenTheme is the theme of the preferences, unless SPORTELLO_THEME
// overrides the colours (for demos and screenshots).
func ChosenTheme(p app.Preferences) fyne.Theme {
	p.Theme = cmp.Or(os.Getenv("SPORTELLO_THEME"), p.Theme)
	return ThemeFor(p)
}

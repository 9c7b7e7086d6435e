package widgets

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"sportello/app"
)

// luminance is a colour's relative luminance (WCAG 2), over a black
// background when it is translucent.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA() // premultiplied: over black
	lin := func(v uint32) float64 {
		s := float64(v) / 0xffff
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// contrast is the WCAG contrast ratio of two colours.
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// The high-contrast theme gives every text at least 7:1 (WCAG AAA)
// against each background it is drawn on, computed from its colours.
func TestHighContrastTheme(t *testing.T) {
	th := ThemeFor(app.Preferences{Theme: app.ThemeContrast})
	texts := []fyne.ThemeColorName{theme.ColorNameForeground, theme.ColorNamePrimary, theme.ColorNameError,
		theme.ColorNameSuccess, theme.ColorNameWarning, theme.ColorNameHyperlink, theme.ColorNameDisabled, theme.ColorNamePlaceHolder}
	backgrounds := []fyne.ThemeColorName{theme.ColorNameBackground, theme.ColorNameInputBackground, theme.ColorNameButton,
		theme.ColorNameMenuBackground, theme.ColorNameOverlayBackground, theme.ColorNameHeaderBackground, theme.ColorNameHover,
		theme.ColorNameSelection}
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} { // whatever the system prefers
		for _, fg := range texts {
			for _, bg := range backgrounds {
				if r := contrast(th.Color(fg, v), th.Color(bg, v)); r < 7 {
					t.Errorf("%s on %s: %.1f:1, want at least 7:1", fg, bg, r)
				}
			}
		}
		// The focus fills the active menu item and the focused button,
		// behind the foreground's text.
		if r := contrast(th.Color(theme.ColorNameForeground, v), th.Color(theme.ColorNameFocus, v)); r < 7 {
			t.Errorf("foreground on focus: %.1f:1, want at least 7:1", r)
		}
		for fg, bg := range map[fyne.ThemeColorName]fyne.ThemeColorName{
			theme.ColorNameForegroundOnPrimary: theme.ColorNamePrimary, theme.ColorNameForegroundOnError: theme.ColorNameError,
			theme.ColorNameForegroundOnSuccess: theme.ColorNameSuccess, theme.ColorNameForegroundOnWarning: theme.ColorNameWarning,
		} {
			if r := contrast(th.Color(fg, v), th.Color(bg, v)); r < 7 {
				t.Errorf("%s on %s: %.1f:1, want at least 7:1", fg, bg, r)
			}
		}
		// A focused field's border (primary), the fields' borders and the
		// separators stand out from the background.
		for _, n := range []fyne.ThemeColorName{theme.ColorNamePrimary, theme.ColorNameInputBorder, theme.ColorNameSeparator} {
			if r := contrast(th.Color(n, v), th.Color(theme.ColorNameBackground, v)); r < 3 {
				t.Errorf("%s: %.1f:1 against the background, want at least 3:1", n, r)
			}
		}
	}
	// Fyne's own dark theme falls short: the check has teeth.
	if r := contrast(theme.DefaultTheme().Color(theme.ColorNameDisabled, theme.VariantDark),
		theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantDark)); r >= 7 {
		t.Errorf("Fyne's dark theme already has %.1f:1 for disabled text", r)
	}
}

// A larger text size scales the texts and their icons, not the padding;
// the themes keep their colours.
func TestTextSize(t *testing.T) {
	base := theme.DefaultTheme()
	th := ThemeFor(app.Preferences{Theme: app.ThemeDark, TextSize: 150})
	if got, want := th.Size(theme.SizeNameText), base.Size(theme.SizeNameText)*1.5; got != want {
		t.Errorf("text at 150%%: %v, want %v", got, want)
	}
	if th.Size(theme.SizeNamePadding) != base.Size(theme.SizeNamePadding) {
		t.Error("the padding grew with the text")
	}
	if th.Color(theme.ColorNameBackground, theme.VariantLight) != base.Color(theme.ColorNameBackground, theme.VariantDark) {
		t.Error("the dark theme followed the system's variant")
	}
	if ThemeFor(app.Preferences{}).Size(theme.SizeNameText) != base.Size(theme.SizeNameText) {
		t.Error("the normal size is not Fyne's")
	}
}

package manager

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// themeSwatch is a legend's swatch of a theme colour: it takes the colour
// again when the theme changes (a canvas rectangle keeps the one it was
// made with: the legend's "no open slot" stayed black in the light theme
// while the map's empty cells turned light grey).
type themeSwatch struct {
	widget.BaseWidget
	name fyne.ThemeColorName
	rect *canvas.Rectangle
}

func newThemeSwatch(name fyne.ThemeColorName) *themeSwatch {
	s := &themeSwatch{name: name, rect: newSwatch(theme.Color(name))}
	s.ExtendBaseWidget(s)
	return s
}

// CreateRenderer draws the swatch.
func (s *themeSwatch) CreateRenderer() fyne.WidgetRenderer {
	return &swatchRenderer{s: s}
}

type swatchRenderer struct{ s *themeSwatch }

func (r *swatchRenderer) Destroy()                     {}
func (r *swatchRenderer) Layout(size fyne.Size)        { r.s.rect.Resize(size) }
func (r *swatchRenderer) MinSize() fyne.Size           { return r.s.rect.MinSize() }
func (r *swatchRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.s.rect} }

// Refresh takes the theme's colour as it is now.
func (r *swatchRenderer) Refresh() {
	r.s.rect.FillColor = theme.Color(r.s.name)
	r.s.rect.Refresh()
}

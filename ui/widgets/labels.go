package widgets

import (
	"image/color"

	"fyne.io/fyne/v2/widget"
)

// SetLabel changes a label's text and colour, refreshing it once, and only
// if they changed: measuring text for truncation is most of a row's cost.
func SetLabel(l *widget.Label, text string, imp widget.Importance) {
	if l.Text == text && l.Importance == imp {
		return
	}
	l.Text, l.Importance = text, imp
	l.Refresh()
}

func SetEnabled(b *widget.Button, on bool) {
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
}

// WithAlpha returns c with its opacity set to a.
func WithAlpha(c color.Color, a uint8) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = a
	return n
}

package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// BarLayout lays its rectangles side by side, each as wide as its value
// is of the largest total.
type BarLayout struct {
	values []int
	most   int
}

func (l *BarLayout) Set(values []int, most int) { l.values, l.most = values, most }

func (l *BarLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	x := float32(0)
	h := size.Height * 0.6
	for i, o := range objs {
		w := float32(0)
		if i < len(l.values) && l.most > 0 {
			w = size.Width * float32(l.values[i]) / float32(l.most)
		}
		o.Move(fyne.NewPos(x, (size.Height-h)/2))
		o.Resize(fyne.NewSize(w, h))
		x += w
	}
}

func (l *BarLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(120, 20) }

// ChartLayout puts labels in a first column as wide as the widest, and
// bars in the rest of the width.
type ChartLayout struct{}

func (ChartLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	labelW := float32(0)
	for i := 0; i < len(objs); i += 2 {
		labelW = max(labelW, objs[i].MinSize().Width)
	}
	y := float32(0)
	for i := 0; i+1 < len(objs); i += 2 {
		h := objs[i].MinSize().Height
		objs[i].Move(fyne.NewPos(0, y))
		objs[i].Resize(fyne.NewSize(labelW, h))
		objs[i+1].Move(fyne.NewPos(labelW+theme.Padding(), y))
		objs[i+1].Resize(fyne.NewSize(max(size.Width-labelW-theme.Padding(), 0), h))
		y += h
	}
}

func (ChartLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	w, h := float32(0), float32(0)
	for i := 0; i < len(objs); i += 2 {
		w = max(w, objs[i].MinSize().Width)
		h += objs[i].MinSize().Height
	}
	return fyne.NewSize(w+120, h)
}

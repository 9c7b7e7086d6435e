package manager

import (
	"fmt"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sportello/assets/i18n"
	"sportello/model"
)

// The heat map's measures.
const (
	labelWidth    = 200 // at least; as wide as the longest row's name, up to maxLabelWidth
	maxLabelWidth = 240 // with 20 days the map still fits a 1366-pixel window
	cellWidth     = 54
	rowHeight     = 24
	headerHeight  = 36 // two lines: the weekday and the date
)

// bandColors are the cells' colours by saturation band (model.Saturation
// Band): low, high, full. Light tints, with dark text on them in either
// theme; the percentage is written too, so colour is not needed to read.
var bandColors = []color.Color{
	color.NRGBA{R: 0xa5, G: 0xd6, B: 0xa7, A: 0xff},
	color.NRGBA{R: 0xff, G: 0xe0, B: 0x82, A: 0xff},
	color.NRGBA{R: 0xef, G: 0x9a, B: 0x9a, A: 0xff},
}

// onBand is the text colour on a coloured cell.
var onBand = color.NRGBA{R: 0x1a, G: 0x1a, B: 0x1a, A: 0xff}

// heatMap draws the saturation of each office·sportello (rows) on each
// day (columns), with a cell cursor the arrows move when it has the focus.
type heatMap struct {
	widget.BaseWidget
	rows    []model.SaturationRow
	days    []time.Time
	row     int
	col     int
	focused bool
	// onMove is called when the cursor moves.
	onMove func()
	// name is how a row names its office.
	name func(office string) string
}

func newHeatMap() *heatMap {
	h := &heatMap{}
	h.ExtendBaseWidget(h)
	return h
}

// set gives the map its rows and days, keeping the cursor on the same
// sportello and day where they still are.
func (h *heatMap) set(rows []model.SaturationRow, days []time.Time) {
	office, desk, day, had := h.selected()
	h.rows, h.days = rows, days
	h.row, h.col = 0, 0
	if had {
		for i, r := range rows {
			if r.Office == office && r.Desk == desk {
				h.row = i
			}
		}
		for i, d := range days {
			if d.Equal(day) {
				h.col = i
			}
		}
	}
	h.Refresh()
}

// selected is the office, sportello and day under the cursor.
func (h *heatMap) selected() (office, desk string, day time.Time, ok bool) {
	if h.row >= len(h.rows) || h.col >= len(h.days) {
		return "", "", time.Time{}, false
	}
	r := h.rows[h.row]
	return r.Office, r.Desk, h.days[h.col], true
}

// move moves the cursor by rows and columns, staying on the map.
func (h *heatMap) move(dr, dc int) {
	if len(h.rows) == 0 || len(h.days) == 0 {
		return
	}
	h.row = max(0, min(len(h.rows)-1, h.row+dr))
	h.col = max(0, min(len(h.days)-1, h.col+dc))
	h.Refresh()
	if h.onMove != nil {
		h.onMove()
	}
}

// FocusGained shows the cursor as focused.
func (h *heatMap) FocusGained() { h.focused = true; h.Refresh() }

// FocusLost shows the cursor as not focused.
func (h *heatMap) FocusLost() { h.focused = false; h.Refresh() }

// TypedRune ignores characters.
func (h *heatMap) TypedRune(rune) {}

// TypedKey moves the cursor: arrows by one, Home and End to the first and
// last day, Page Up and Down by a week.
func (h *heatMap) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyUp:
		h.move(-1, 0)
	case fyne.KeyDown:
		h.move(1, 0)
	case fyne.KeyLeft:
		h.move(0, -1)
	case fyne.KeyRight:
		h.move(0, 1)
	case fyne.KeyHome:
		h.move(0, -len(h.days))
	case fyne.KeyEnd:
		h.move(0, len(h.days))
	case fyne.KeyPageUp:
		h.move(0, -5)
	case fyne.KeyPageDown:
		h.move(0, 5)
	}
}

// Tapped puts the cursor on the cell tapped and takes the focus.
func (h *heatMap) Tapped(e *fyne.PointEvent) {
	lw := h.labelWidth()
	r, c := int((e.Position.Y-headerHeight)/rowHeight), int((e.Position.X-lw)/cellWidth)
	if e.Position.Y >= headerHeight && e.Position.X >= lw && r < len(h.rows) && c < len(h.days) {
		h.row, h.col = r, c
		if h.onMove != nil {
			h.onMove()
		}
	}
	if cv := fyne.CurrentApp().Driver().CanvasForObject(h); cv != nil {
		cv.Focus(h)
	}
	h.Refresh()
}

// MinSize fits every row and day.
func (h *heatMap) MinSize() fyne.Size {
	return fyne.NewSize(h.labelWidth()+cellWidth*float32(max(len(h.days), 1)), headerHeight+rowHeight*float32(len(h.rows)))
}

// rowName is how a row is named: its office's short name and its
// sportello.
func (h *heatMap) rowName(row model.SaturationRow) string {
	name := row.OfficeName
	if h.name != nil {
		name = h.name(row.Office)
	}
	return name + " · " + row.Desk
}

// labelWidth is the width of the rows' names: the longest, in bold (the
// cursor's row is), from labelWidth to maxLabelWidth. A twin agenda's
// "… · Sportello 1 bis" was cut under the first day's cell.
func (h *heatMap) labelWidth() float32 {
	w := float32(labelWidth)
	for _, r := range h.rows {
		size := fyne.MeasureText(h.rowName(r), theme.CaptionTextSize()+1, fyne.TextStyle{Bold: true})
		w = max(w, size.Width+2*theme.Padding())
	}
	return min(w, maxLabelWidth)
}

// CreateRenderer draws the map.
func (h *heatMap) CreateRenderer() fyne.WidgetRenderer {
	r := &heatRenderer{h: h}
	r.Refresh()
	return r
}

type heatRenderer struct {
	h       *heatMap
	objects []fyne.CanvasObject
}

func (r *heatRenderer) Destroy()                     {}
func (r *heatRenderer) Layout(fyne.Size)             {}
func (r *heatRenderer) MinSize() fyne.Size           { return r.h.MinSize() }
func (r *heatRenderer) Objects() []fyne.CanvasObject { return r.objects }

// text is a canvas text placed in a box, centred or not.
func text(s string, c color.Color, pos fyne.Position, size fyne.Size, bold, centre bool) *canvas.Text {
	t := canvas.NewText(s, c)
	t.TextSize = theme.CaptionTextSize() + 1
	t.TextStyle.Bold = bold
	if centre {
		t.Alignment = fyne.TextAlignCenter
	}
	t.Move(pos)
	t.Resize(size)
	return t
}

// Refresh builds the map's objects again from its rows and days.
func (r *heatRenderer) Refresh() {
	h := r.h
	fg := theme.Color(theme.ColorNameForeground)
	objs := []fyne.CanvasObject{}
	half := float32(headerHeight / 2)
	lw := h.labelWidth()
	for c, d := range h.days {
		x := lw + float32(c)*cellWidth
		objs = append(objs, text(i18n.T(fmt.Sprintf("weekday.short.%d", d.Weekday())), fg, fyne.NewPos(x, 0), fyne.NewSize(cellWidth, half), d.Weekday() == time.Monday, true),
			text(fmt.Sprintf("%02d/%02d", d.Day(), d.Month()), fg, fyne.NewPos(x, half), fyne.NewSize(cellWidth, half), false, true))
	}
	for i, row := range h.rows {
		y := headerHeight + rowHeight*float32(i)
		objs = append(objs, text(h.rowName(row), fg, fyne.NewPos(theme.Padding(), y), fyne.NewSize(lw-theme.Padding(), rowHeight), i == h.row, false))
		for c, s := range row.Days {
			pos, size := fyne.NewPos(lw+float32(c)*cellWidth+1, y+1), fyne.NewSize(cellWidth-2, rowHeight-2)
			cell := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
			ink, label := fg, "—"
			if b := s.Band(); b >= 0 {
				cell.FillColor, ink, label = bandColors[b], onBand, fmt.Sprintf("%d%%", s.Percent())
			}
			cell.Move(pos)
			cell.Resize(size)
			objs = append(objs, cell, text(label, ink, pos, size, false, true))
		}
	}
	if _, _, _, ok := h.selected(); ok {
		cur := canvas.NewRectangle(color.Transparent)
		cur.StrokeColor, cur.StrokeWidth = fg, 2
		if h.focused {
			cur.StrokeColor, cur.StrokeWidth = theme.Color(theme.ColorNamePrimary), 3
		}
		cur.Move(fyne.NewPos(lw+float32(h.col)*cellWidth, headerHeight+rowHeight*float32(h.row)))
		cur.Resize(fyne.NewSize(cellWidth, rowHeight))
		objs = append(objs, cur)
	}
	r.objects = objs
	canvas.Refresh(h)
}

package display

import (
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"

	"sportello/assets/i18n"
	"sportello/model"
)

// board draws the calls: a title band with the clock, the column names
// ("Numero", "Sportello"), the last call in very large type on a band of
// its own, the calls before it below; every size follows the window's
// height, so the same board reads at 3 metres on any TV.
type board struct {
	widget.BaseWidget
	bg, band, hl     *canvas.Rectangle
	title, clock     *canvas.Text
	headNo, headDesk *canvas.Text
	lastNo, lastDesk *canvas.Text
	waiting          *canvas.Text
	prevNo, prevDesk []*canvas.Text
	lines            []*canvas.Rectangle
	objects          []fyne.CanvasObject
	flashing         *fyne.Animation
}

func newBoard() *board {
	b := &board{
		bg: canvas.NewRectangle(background), band: canvas.NewRectangle(band), hl: canvas.NewRectangle(color.Transparent),
		title:  newText(i18n.T("display.title"), white, true, fyne.TextAlignLeading),
		clock:  newText("", white, true, fyne.TextAlignTrailing),
		headNo: newText(i18n.T("display.number"), soft, true, fyne.TextAlignCenter), headDesk: newText(i18n.T("display.desk"), soft, true, fyne.TextAlignCenter),
		lastNo: newText("", yellow, true, fyne.TextAlignCenter), lastDesk: newText("", yellow, true, fyne.TextAlignCenter),
		waiting: newText(i18n.T("display.none"), soft, false, fyne.TextAlignCenter),
	}
	b.objects = []fyne.CanvasObject{b.bg, b.band, b.hl, b.title, b.clock, b.headNo, b.headDesk, b.lastNo, b.lastDesk, b.waiting}
	for range previous {
		no, desk := newText("", white, true, fyne.TextAlignCenter), newText("", white, false, fyne.TextAlignCenter)
		line := canvas.NewRectangle(soft)
		b.prevNo, b.prevDesk, b.lines = append(b.prevNo, no), append(b.prevDesk, desk), append(b.lines, line)
		b.objects = append(b.objects, line, no, desk)
	}
	b.ExtendBaseWidget(b)
	return b
}

// show puts the calls on the board, the last first; it runs on the UI
// goroutine.
func (b *board) show(cs []call) {
	b.waiting.Hidden = len(cs) > 0
	b.lastNo.Text, b.lastDesk.Text = "", ""
	if len(cs) > 0 {
		b.lastNo.Text, b.lastDesk.Text = cs[0].code, cs[0].desk
	}
	for i := range previous {
		b.prevNo[i].Text, b.prevDesk[i].Text = "", ""
		b.lines[i].Hidden = i+1 >= len(cs)
		if i+1 < len(cs) {
			b.prevNo[i].Text, b.prevDesk[i].Text = cs[i+1].code, cs[i+1].desk
		}
	}
	b.Refresh()
}

func (b *board) setClock(now time.Time) {
	b.clock.Text = now.In(model.Rome).Format("15:04")
	b.clock.Refresh()
}

// flash blinks the last call's band three times.
func (b *board) flash() {
	if b.flashing != nil {
		b.flashing.Stop()
	}
	b.flashing = fyne.NewAnimation(1500*time.Millisecond, func(f float32) {
		on := int(f*6)%2 == 0 && f < 1
		b.hl.FillColor = color.Transparent
		if on {
			b.hl.FillColor = flash
		}
		b.lastNo.Color, b.lastDesk.Color = yellow, yellow
		if on {
			b.lastNo.Color, b.lastDesk.Color = background, background
		}
		b.hl.Refresh()
		b.lastNo.Refresh()
		b.lastDesk.Refresh()
	})
	b.flashing.Start()
}

// Texts are the texts the board shows, in order (for tests).
func (b *board) Texts() []string {
	var out []string
	for _, o := range b.objects {
		if t, ok := o.(*canvas.Text); ok && t.Visible() && t.Text != "" {
			out = append(out, t.Text)
		}
	}
	return out
}

func (b *board) CreateRenderer() fyne.WidgetRenderer { return &boardRenderer{b} }

type boardRenderer struct{ b *board }

func (r *boardRenderer) Destroy()                     {}
func (r *boardRenderer) Objects() []fyne.CanvasObject { return r.b.objects }
func (r *boardRenderer) MinSize() fyne.Size           { return fyne.NewSize(480, 270) }
func (r *boardRenderer) Refresh() {
	r.Layout(r.b.Size())
	for _, o := range r.b.objects {
		o.Refresh()
	}
}

// Layout splits the height: a title band (10%), the column names (8%),
// the last call (38%), the calls before it (the rest); two columns,
// number and desk.
func (r *boardRenderer) Layout(size fyne.Size) {
	b := r.b
	w, h := size.Width, size.Height
	pad := h * 0.02
	place := func(o fyne.CanvasObject, x, y, ow, oh float32) {
		o.Move(fyne.NewPos(x, y))
		o.Resize(fyne.NewSize(ow, oh))
	}
	text := func(t *canvas.Text, x, y, tw, th float32) {
		t.TextSize = fit(t, tw*0.92, th*0.8)
		place(t, x, y, tw, th)
	}
	place(b.bg, 0, 0, w, h)
	titleH := h * 0.10
	text(b.title, 2*pad, pad, w/2, titleH-2*pad)
	text(b.clock, w/2, pad, w/2-2*pad, titleH-2*pad)
	y := titleH
	headH := h * 0.08
	text(b.headNo, 0, y, w/2, headH)
	text(b.headDesk, w/2, y, w/2, headH)
	y += headH
	lastH := h * 0.38
	place(b.band, 0, y, w, lastH)
	place(b.hl, 0, y, w, lastH)
	text(b.lastNo, 0, y+lastH*0.1, w/2, lastH*0.8)
	text(b.lastDesk, w/2, y+lastH*0.2, w/2, lastH*0.6)
	text(b.waiting, 0, y+lastH*0.3, w, lastH*0.3)
	y += lastH + pad
	rowH := (h - y - pad) / previous
	for i := range previous {
		place(b.lines[i], 2*pad, y, w-4*pad, 1)
		text(b.prevNo[i], 0, y+rowH*0.1, w/2, rowH*0.8)
		text(b.prevDesk[i], w/2, y+rowH*0.1, w/2, rowH*0.8)
		y += rowH
	}
}

// fit is the text size at most size that keeps t within width.
func fit(t *canvas.Text, width, size float32) float32 {
	if t.Text == "" || size <= 0 {
		return size
	}
	if m := fyne.MeasureText(t.Text, size, t.TextStyle); m.Width > width {
		size *= width / m.Width
	}
	return size
}

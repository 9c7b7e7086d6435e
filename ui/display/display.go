// Package display is the waiting-room display: a second window, made for
// a TV, that shows the tickets being called and their desk in very large
// type, the last call big and the few before it below, with a chime on
// each new call. It shows nothing of a citizen but the ticket's number.
package display

import (
	"context"
	"image/color"
	"log/slog"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"

	"sportello/assets/i18n"
	"sportello/model"
)

// Source is what the display needs of the console: the office's queue of
// the day, as the reception screen reads it, the office's desks of a day
// and the clock.
type Source interface {
	Queue(ctx context.Context) ([]model.QueueEntry, error)
	ReportDesks(ctx context.Context, day time.Time) ([]string, error)
	Now() time.Time
}

// Every is how often the display reads the queue from the mirror.
const Every = 2 * time.Second

// previous is how many calls before the last the display lists.
const previous = 4

// The display's colours: fixed, high contrast, for a TV across a room
// whatever the console's theme.
var (
	background = color.NRGBA{0x0b, 0x1f, 0x3a, 0xff}
	band       = color.NRGBA{0x15, 0x33, 0x5c, 0xff}
	flash      = color.NRGBA{0xff, 0xd2, 0x00, 0xff}
	white      = color.NRGBA{0xff, 0xff, 0xff, 0xff}
	soft       = color.NRGBA{0xb8, 0xc7, 0xdb, 0xff}
	yellow     = color.NRGBA{0xff, 0xd2, 0x00, 0xff}
)

// call is one call as the display shows it: a number and a desk.
type call struct {
	code, desk string
	at         time.Time
}

// calls are the tickets called today, the last call first; a ticket
// called again comes back to the top. A ticket carries the station that
// called it, which at a reception without desks is the operator's name:
// only the office's desks are shown, any other station reads as the
// reception.
func calls(q []model.QueueEntry, desks []string) []call {
	var out []call
	for _, e := range q {
		if e.CalledAt.IsZero() || e.Desk == "" {
			continue
		}
		desk := e.Desk
		if !slices.Contains(desks, desk) {
			desk = i18n.T("display.reception")
		}
		out = append(out, call{code: e.Code(), desk: desk, at: e.CalledAt})
	}
	slices.SortStableFunc(out, func(a, b call) int { return b.at.Compare(a.at) })
	return out
}

// Display is the waiting-room window's content and its refresh.
type Display struct {
	src   Source
	win   fyne.Window
	board *board
	last  call // the last call shown; a different one chimes
	shown bool // a first read was shown (it does not chime)
	// chime plays the call sound; tests count it instead.
	chime func()
}

// New builds the display on src; Open shows it in a window of its own.
func New(src Source) *Display {
	return &Display{src: src, board: newBoard(), chime: Chime}
}

// Content is the display's root object.
func (d *Display) Content() fyne.CanvasObject { return d.board }

// Reload reads the queue and shows the calls; it runs off the UI
// goroutine and shows the result with fyne.Do. A new last call chimes and
// flashes.
func (d *Display) Reload(ctx context.Context) {
	q, err := d.src.Queue(ctx)
	if err != nil {
		slog.Warn("display: reading the queue", "err", err)
		return
	}
	now := d.src.Now()
	desks, err := d.src.ReportDesks(ctx, now)
	if err != nil {
		slog.Warn("display: reading the desks", "err", err)
	}
	cs := calls(q, desks)
	fyne.Do(func() {
		d.board.setClock(now)
		if len(cs) > previous+1 {
			cs = cs[:previous+1]
		}
		fresh := len(cs) > 0 && d.shown && cs[0] != d.last
		d.shown = true
		if len(cs) > 0 {
			d.last = cs[0]
		}
		d.board.show(cs)
		if fresh {
			d.board.flash()
			d.chime()
		}
	})
}

// run reloads the display every Every until ctx ends.
func (d *Display) run(ctx context.Context) {
	t := time.NewTicker(Every)
	defer t.Stop()
	for {
		d.Reload(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

var open *Display

// Open shows the waiting-room display in a window of its own (or brings
// it forward when open), full screen if asked: F11 switches full screen,
// Esc leaves it. The window reads the queue every Every until closed.
func Open(a fyne.App, src Source, fullScreen bool) *Display {
	if open != nil {
		open.win.RequestFocus()
		if fullScreen {
			open.win.SetFullScreen(true)
		}
		return open
	}
	d := New(src)
	d.win = a.NewWindow(i18n.T("display.title"))
	d.win.SetContent(d.board)
	d.win.Resize(fyne.NewSize(1280, 720))
	d.win.SetFullScreen(fullScreen)
	toggle := func() { d.win.SetFullScreen(!d.win.FullScreen()) }
	d.win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF11}, func(fyne.Shortcut) { toggle() })
	d.win.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		switch k.Name {
		case fyne.KeyF11:
			toggle()
		case fyne.KeyEscape:
			d.win.SetFullScreen(false)
		}
	})
	ctx, cancel := context.WithCancel(context.Background())
	d.win.SetOnClosed(func() { cancel(); open = nil })
	open = d
	d.win.Show()
	go d.run(ctx)
	return d
}

// newText is a text of the board, its size set by the board's layout.
func newText(s string, c color.Color, bold bool, align fyne.TextAlign) *canvas.Text {
	t := canvas.NewText(s, c)
	t.TextStyle = fyne.TextStyle{Bold: bold}
	t.Alignment = align
	return t
}

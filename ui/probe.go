package ui

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"os"
	"reflect"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"sportello/ui/dayview"
)

// Probe is what the test probe writes: what the window shows, read from
// its widgets. It is a test hook for the end-to-end walks, which drive the
// real window with xdotool and read here what pixels would tell them only
// with OCR. It is written only when the console runs on a test clock.
type Probe struct {
	Title string `json:"title"`
	// Focused is the type of the focused widget ("" for none) and, for
	// an entry, its text.
	Focused     string `json:"focused"`
	FocusedText string `json:"focused_text,omitempty"`
	// Texts are the visible texts of the window, in tree order; Buttons
	// and Entries the visible buttons and entries.
	Texts   []string      `json:"texts"`
	Buttons []ProbeButton `json:"buttons"`
	Entries []ProbeEntry  `json:"entries"`
	// Overlays are the texts of each pop-up and dialog shown, bottom to
	// top.
	Overlays [][]string `json:"overlays"`
	// Day is the day view's state, when the operator has one.
	Day *dayview.DayProbe `json:"day,omitempty"`
	// Checked are the labels of the ticked check boxes, dialogs' too.
	Checked []string `json:"checked,omitempty"`
	// Windows are the console's other windows (the waiting-room display).
	Windows []ProbeWindow `json:"windows,omitempty"`
	// laidOut is set while the window's content is read: there a label
	// laid out with no height is not seen (dialogs size theirs apart).
	laidOut bool
}

// ProbeWindow is another window of the console: its title and texts.
type ProbeWindow struct {
	Title string   `json:"title"`
	Texts []string `json:"texts"`
}

// probeListRows is how many rows of a list the probe reads.
const probeListRows = 60

// ProbeButton is a visible button.
type ProbeButton struct {
	Text     string `json:"text"`
	Disabled bool   `json:"disabled,omitempty"`
}

// ProbeEntry is a visible entry.
type ProbeEntry struct {
	Text        string `json:"text"`
	PlaceHolder string `json:"placeholder,omitempty"`
	Disabled    bool   `json:"disabled,omitempty"`
}

// probeEvery is how often the probe looks at the window.
const probeEvery = 100 * time.Millisecond

// runProbe writes the window's state to path whenever it changes, until
// the app stops. The file is replaced whole (a rename), so a reader never
// sees half of it.
func runProbe(w fyne.Window, path string, day func() *dayview.DayView) {
	var last []byte
	for {
		time.Sleep(probeEvery)
		var p Probe
		fyne.DoAndWait(func() { p = probeWindow(w, day()) })
		data, err := json.Marshal(p)
		if err != nil || bytes.Equal(data, last) {
			continue
		}
		last = data
		tmp := path + ".tmp"
		if err := os.WriteFile(tmp, data, 0o600); err != nil {
			slog.Warn("test probe", "err", err)
			continue
		}
		if err := os.Rename(tmp, path); err != nil {
			slog.Warn("test probe", "err", err)
		}
	}
}

// probeWindow reads the window; it runs on the UI goroutine.
func probeWindow(w fyne.Window, v *dayview.DayView) Probe {
	c := w.Canvas()
	p := Probe{Title: w.Title(), Texts: []string{}, Buttons: []ProbeButton{}, Entries: []ProbeEntry{}, Overlays: [][]string{}}
	if f := c.Focused(); f != nil {
		p.Focused = reflect.TypeOf(f).String()
		if e := entryOf(f); e != nil {
			p.FocusedText = e.Text
		}
	}
	p.laidOut = true
	walkProbe(c.Content(), &p, &p.Texts)
	p.laidOut = false
	for _, o := range c.Overlays().List() {
		texts := []string{}
		walkProbe(o, &p, &texts)
		p.Overlays = append(p.Overlays, texts)
	}
	if v != nil {
		p.Day = v.Probe()
	}
	for _, other := range fyne.CurrentApp().Driver().AllWindows() {
		if other == w || other.Content() == nil {
			continue
		}
		ow := ProbeWindow{Title: other.Title(), Texts: []string{}}
		walkProbe(other.Content(), &Probe{}, &ow.Texts)
		p.Windows = append(p.Windows, ow)
	}
	return p
}

// walkList reads a list's rows, each built and filled as the list does
// (the rows it draws are out of reach), the first probeListRows of them.
func walkList(l *widget.List, p *Probe, texts *[]string) {
	if l.Length == nil || l.CreateItem == nil || l.UpdateItem == nil {
		return
	}
	for id := range min(l.Length(), probeListRows) {
		row := l.CreateItem()
		l.UpdateItem(id, row)
		row.Resize(row.MinSize()) // laid out as the list would
		walkProbe(row, p, texts)
	}
}

// entryOf returns the entry o is or extends, if any.
func entryOf(o any) *widget.Entry {
	if e, ok := o.(*widget.Entry); ok {
		return e
	}
	return embedded[widget.Entry](o)
}

// embedded returns the T a widget type embeds by value, if any (Sportello's
// own widgets extend Fyne's).
func embedded[T any](o any) *T {
	rv := reflect.ValueOf(o)
	if rv.Kind() != reflect.Pointer || rv.Elem().Kind() != reflect.Struct {
		return nil
	}
	want := reflect.TypeFor[T]()
	s := rv.Elem()
	for i := range s.NumField() {
		f := s.Type().Field(i)
		if f.Anonymous && f.Type == want {
			return s.Field(i).Addr().Interface().(*T)
		}
	}
	return nil
}

// walkProbe collects the visible texts, buttons and entries under o.
func walkProbe(o fyne.CanvasObject, p *Probe, texts *[]string) {
	if o == nil || !o.Visible() {
		return
	}
	add := func(s string) {
		if s != "" {
			*texts = append(*texts, s)
		}
	}
	switch t := o.(type) {
	case *widget.Label:
		// Laid out with no height, a label is not seen (a line shown
		// without its box laid out again).
		if !p.laidOut || t.Size().Height > 0 {
			add(t.Text)
		}
	case *canvas.Text:
		add(t.Text)
	case *widget.RichText:
		add(t.String())
	case *widget.Hyperlink:
		add(t.Text)
	case *widget.Button:
		add(t.Text)
		p.Buttons = append(p.Buttons, ProbeButton{Text: t.Text, Disabled: t.Disabled()})
	case *widget.Check:
		add(t.Text)
		if t.Checked {
			p.Checked = append(p.Checked, t.Text)
		}
	case *widget.Select:
		add(t.Selected)
	case *widget.Card:
		add(t.Title)
		add(t.Subtitle)
		walkProbe(t.Content, p, texts)
	case *widget.Form:
		for _, it := range t.Items {
			add(it.Text)
			walkProbe(it.Widget, p, texts)
		}
	case *widget.PopUp:
		walkProbe(t.Content, p, texts)
	case *fyne.Container:
		for _, c := range t.Objects {
			walkProbe(c, p, texts)
		}
	case *container.Scroll:
		walkProbe(t.Content, p, texts)
	case *widget.List:
		walkList(t, p, texts)
	case *container.Split:
		walkProbe(t.Leading, p, texts)
		walkProbe(t.Trailing, p, texts)
	case *container.AppTabs:
		for _, it := range t.Items {
			add(it.Text)
		}
		if sel := t.Selected(); sel != nil {
			walkProbe(sel.Content, p, texts)
		}
	default:
		if e := entryOf(o); e != nil {
			add(e.Text)
			p.Entries = append(p.Entries, ProbeEntry{Text: e.Text, PlaceHolder: e.PlaceHolder, Disabled: e.Disabled()})
			return
		}
		if b := embedded[widget.Button](o); b != nil {
			walkProbe(b, p, texts)
			return
		}
		if l := embedded[widget.Label](o); l != nil {
			walkProbe(l, p, texts)
			return
		}
		if s := embedded[widget.Select](o); s != nil {
			walkProbe(s, p, texts)
			return
		}
		if c := embedded[widget.Check](o); c != nil {
			walkProbe(c, p, texts)
			return
		}
		if l := embedded[widget.List](o); l != nil {
			walkList(l, p, texts)
			return
		}
		// A board of texts drawn on a canvas (the waiting-room display).
		if b, ok := o.(interface{ Texts() []string }); ok {
			for _, s := range b.Texts() {
				add(s)
			}
			return
		}
		// Sportello's own widgets that hold others (a row of the day
		// view, say) expose them as a container.
		if h, ok := o.(interface{ ProbeContent() fyne.CanvasObject }); ok {
			walkProbe(h.ProbeContent(), p, texts)
		}
	}
}

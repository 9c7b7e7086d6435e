package widgets

import (
	"fmt"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sportello/assets/i18n"
)

// datePicker is a month of days to pick one from, in the console's
// language. Fyne's widget.Calendar writes its month with time.Format, in
// English whatever the language, and starts the week on the system's
// day; this one says "novembre 2026" and starts on Monday, as in Italy.
type datePicker struct {
	month   time.Time // the first of the month shown
	chosen  time.Time // the day picked before, highlighted
	picked  func(time.Time)
	title   *widget.Label
	days    *fyne.Container
	today   *widget.Button     // the chosen day's button, when its month is shown
	buttons map[int]*dayButton // the days shown, by day of the month
	canvas  fyne.Canvas        // where the keyboard is, once focused
	prev    *widget.Button
	next    *widget.Button
	Content fyne.CanvasObject
}

// NewDatePicker shows the month of day, day highlighted; picked gets the
// day chosen (midnight in day's location).
func NewDatePicker(day time.Time, picked func(time.Time)) *datePicker {
	p := &datePicker{chosen: day, picked: picked,
		month: time.Date(day.Year(), day.Month(), 1, 0, 0, 0, 0, day.Location())}
	p.title = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	p.prev = widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { p.show(p.month.AddDate(0, -1, 0)) })
	p.next = widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { p.show(p.month.AddDate(0, 1, 0)) })
	p.days = container.NewGridWithColumns(7)
	p.Content = container.NewBorder(container.NewBorder(nil, nil, p.prev, p.next, p.title), nil, nil, nil, p.days)
	p.show(p.month)
	return p
}

// show draws a month: the weekdays from Monday, then its days.
func (p *datePicker) show(month time.Time) {
	p.month = month
	p.today = nil
	p.title.SetText(i18n.T("date.month_year", i18n.T(fmt.Sprintf("month.%d", month.Month())), month.Year()))
	objs := make([]fyne.CanvasObject, 0, 7*7)
	for i := range 7 {
		objs = append(objs, widget.NewLabelWithStyle(i18n.T(fmt.Sprintf("weekday.short.%d", (i+1)%7)), fyne.TextAlignCenter, fyne.TextStyle{Bold: true}))
	}
	for range (int(month.Weekday()) + 6) % 7 { // blanks before the 1st, Monday first
		objs = append(objs, widget.NewLabel(""))
	}
	p.buttons = map[int]*dayButton{}
	for d := month; d.Month() == month.Month(); d = d.AddDate(0, 0, 1) {
		b := &dayButton{p: p, day: d}
		b.Text, b.OnTapped = strconv.Itoa(d.Day()), func() { p.picked(d) }
		b.ExtendBaseWidget(b)
		if d.Year() == p.chosen.Year() && d.YearDay() == p.chosen.YearDay() {
			b.Importance = widget.HighImportance
			p.today = &b.Button
		}
		p.buttons[d.Day()] = b
		objs = append(objs, b)
	}
	// Always six weeks: a month of five rows would shrink the grid under
	// a dialog laid out for six, and its Chiudi button would cover a day.
	for len(objs) < 7*7 {
		objs = append(objs, widget.NewLabel(""))
	}
	p.days.Objects = objs
	p.days.Refresh()
}

// Focus puts the keyboard on the chosen day: the arrows move from there,
// Invio or Space picks.
func (p *datePicker) Focus(w fyne.Window) {
	p.canvas = w.Canvas()
	if p.today != nil {
		p.canvas.Focus(p.buttons[p.chosen.Day()])
	}
}

// move puts the keyboard on day d, showing its month if need be.
func (p *datePicker) move(d time.Time) {
	if d.Month() != p.month.Month() || d.Year() != p.month.Year() {
		p.show(time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, d.Location()))
	}
	if b := p.buttons[d.Day()]; b != nil && p.canvas != nil {
		p.canvas.Focus(b)
	}
}

// dayButton is a day of the picker: the arrows move a day (← →) or a
// week (↑ ↓), Page Up and Page Down a month, Invio or Space picks it, Esc
// closes the picker.
type dayButton struct {
	widget.Button
	p   *datePicker
	day time.Time
}

func (b *dayButton) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyLeft:
		b.p.move(b.day.AddDate(0, 0, -1))
	case fyne.KeyRight:
		b.p.move(b.day.AddDate(0, 0, 1))
	case fyne.KeyUp:
		b.p.move(b.day.AddDate(0, 0, -7))
	case fyne.KeyDown:
		b.p.move(b.day.AddDate(0, 0, 7))
	case fyne.KeyPageUp:
		b.p.move(b.day.AddDate(0, -1, 0))
	case fyne.KeyPageDown:
		b.p.move(b.day.AddDate(0, 1, 0))
	case fyne.KeyReturn, fyne.KeyEnter:
		b.p.picked(b.day)
	case fyne.KeyEscape:
		dismissTopDialog(b.p.canvas)
	default:
		b.Button.TypedKey(k)
	}
}

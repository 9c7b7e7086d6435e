package widgets

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sportello/assets/i18n"
	"sportello/model"
)

// The date picker speaks the console's language (Fyne's calendar wrote
// "November 2026" and "MON" in the Italian console) and starts on Monday.
func TestDatePickerInItalian(t *testing.T) {
	test.NewTempApp(t)
	day := time.Date(2026, 11, 23, 0, 0, 0, 0, model.Rome)
	var got time.Time
	p := NewDatePicker(day, func(d time.Time) { got = d })
	if p.title.Text != "novembre 2026" {
		t.Errorf("month reads %q", p.title.Text)
	}
	if l := p.days.Objects[0].(*widget.Label).Text; l != "lun" {
		t.Errorf("the week starts with %q", l)
	}
	// November 2026 starts on a Sunday: six blanks, then the 1st.
	if b, ok := p.days.Objects[7+6].(*dayButton); !ok || b.Text != "1" {
		t.Fatalf("the 1st is not under Sunday: %#v", p.days.Objects[7+6])
	}
	if p.today == nil || p.today.Text != "23" || p.today.Importance != widget.HighImportance {
		t.Errorf("the chosen day is not highlighted: %+v", p.today)
	}
	test.Tap(p.next)
	if p.title.Text != "dicembre 2026" || p.today != nil {
		t.Errorf("next month reads %q", p.title.Text)
	}
	test.Tap(p.days.Objects[7+1].(*dayButton)) // 1 December 2026 is a Tuesday
	if !got.Equal(time.Date(2026, 12, 1, 0, 0, 0, 0, model.Rome)) {
		t.Errorf("picked %v", got)
	}
	if err := i18n.SetLanguage("en"); err != nil {
		t.Fatal(err)
	}
	defer i18n.SetLanguage("it")
	if p := NewDatePicker(day, nil); p.title.Text != "November 2026" {
		t.Errorf("in English the month reads %q", p.title.Text)
	}
}

// TestDatePickerKeepsItsSizeFromMonthToMonth: November 2026 takes six
// weeks, December five; the calendar keeps six, so the dialog laid out for
// November does not put its Chiudi button over 31 December.
func TestDatePickerKeepsItsSizeFromMonthToMonth(t *testing.T) {
	test.NewTempApp(t)
	p := NewDatePicker(time.Date(2026, 11, 23, 0, 0, 0, 0, model.Rome), func(time.Time) {})
	november := p.days.MinSize()
	for _, month := range []string{"dicembre 2026", "gennaio 2027", "febbraio 2027"} {
		test.Tap(p.next)
		if p.title.Text != month {
			t.Fatalf("next month reads %q, want %q", p.title.Text, month)
		}
		if got := p.days.MinSize(); got != november {
			t.Errorf("%s: the calendar is %v, November's %v", month, got, november)
		}
	}
}

package export

import (
	"testing"
	"time"

	"sportello/assets/i18n"
	"sportello/model"
)

// An average reads as a duration, not a time of day ("10:01"), and the
// CSV gets a number a spreadsheet keeps a number.
func TestDurations(t *testing.T) {
	for d, want := range map[time.Duration]string{
		10*time.Minute + time.Second: "10 min 1 s", 12 * time.Minute: "12 min", 45 * time.Second: "45 s",
		0: "", 10*time.Minute + 600*time.Millisecond: "10 min 1 s",
	} {
		if got := Duration(d); got != want {
			t.Errorf("Duration(%v) = %q, want %q", d, got, want)
		}
	}
	for d, want := range map[time.Duration]string{10*time.Minute + time.Second: "10,02", 90 * time.Second: "1,50", 0: ""} {
		if got := CSVMinutes(d); got != want {
			t.Errorf("CSVMinutes(%v) = %q, want %q", d, got, want)
		}
	}
	day := time.Date(2026, 11, 23, 0, 0, 0, 0, model.Rome)
	if got := ReportFileName(model.DayReport{Day: day}); got != "resoconto-2026-11-23.csv" {
		t.Errorf("file name %q", got)
	}
	if err := i18n.SetLanguage("en"); err != nil {
		t.Fatal(err)
	}
	defer i18n.SetLanguage("it")
	if got := CSVMinutes(90 * time.Second); got != "1.50" {
		t.Errorf("in English CSVMinutes = %q", got)
	}
	if got := ReportFileName(model.DayReport{Day: day, Desk: "Sportello 2"}); got != "report-2026-11-23-sportello-2.csv" {
		t.Errorf("in English the file name is %q", got)
	}
}

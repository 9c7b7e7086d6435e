package dayview

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"sportello/app"
	"sportello/model"
	"sportello/ui/uitest"
)

// busyDay serves a day of 300 slots. The sandbox gives one desk about 40
// slots a day, so the day is made of the real mirrored slots of the next
// working days, read from SQLite at every call and laid one after the
// other from 8:00 at two-minute steps. Everything else is the real console.
type busyDay struct{ *app.Console }

func (b busyDay) DayAgenda(ctx context.Context, day time.Time) ([]model.AgendaEntry, error) {
	var out []model.AgendaEntry
	for d := model.PreviousWorkingDay(uitest.Monday); len(out) < 300; d = model.NextWorkingDay(d) {
		got, err := b.Console.DayAgenda(ctx, d)
		if err != nil {
			return nil, err
		}
		if len(got) == 0 && d.After(uitest.Monday.AddDate(0, 1, 0)) {
			break
		}
		out = append(out, got...)
	}
	out = out[:min(len(out), 300)]
	at := time.Date(day.Year(), day.Month(), day.Day(), 8, 0, 0, 0, model.Rome)
	for i := range out {
		out[i].Start = at.Add(time.Duration(i) * 2 * time.Minute)
		out[i].End = out[i].Start.Add(2 * time.Minute)
	}
	return out, nil
}

// BenchmarkDayView300 measures switching to a day of 300 slots: reading
// them from the mirror, laying out the timeline and refreshing the list in
// a 1366×768 window. Target: well under a frame budget of 100 ms.
func BenchmarkDayView300(b *testing.B) {
	test.NewTempApp(b)
	c := uitest.NewConsoleB(b)
	v := NewDayView(busyDay{c})
	w := test.NewTempWindow(b, v.Content())
	w.Resize(fyne.NewSize(1366, 740))
	ctx := context.Background()
	v.ShowDay(ctx, uitest.Monday)
	if len(v.entries) != 300 {
		b.Fatalf("day of %d slots, want 300", len(v.entries))
	}
	days := []time.Time{uitest.Monday, model.NextWorkingDay(uitest.Monday)}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		v.ShowDay(ctx, days[i%2])
		i++
	}
}

// BenchmarkOpenFile measures opening a caller's file from the day: the
// mirror read (file, the desk's earlier slots for the history, the audit
// record queued) and the file panel's refresh. Target: 16 ms.
func BenchmarkOpenFile(b *testing.B) {
	test.NewTempApp(b)
	c := uitest.NewConsoleB(b)
	v := NewDayView(c)
	w := test.NewTempWindow(b, v.Content())
	w.Resize(fyne.NewSize(1366, 740))
	v.ShowDay(context.Background(), uitest.Monday)
	var rows []int
	for i, e := range v.entries {
		if e.CitizenCF != "" && e.CitizenName != "" {
			rows = append(rows, i)
		}
	}
	if len(rows) < 2 {
		b.Fatal("fewer than two files on the day")
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		v.fileCF = "" // read it again: each opening is a new one
		v.openEntry(rows[i%len(rows)])
		i++
	}
}

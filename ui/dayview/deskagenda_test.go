package dayview

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"sportello/model"
	"sportello/ui/uitest"
)

func TestOfficeAgendaNamesTheDeskOfEachSlot(t *testing.T) {
	_, _, url := uitest.CentralServer(t)
	giulia, _ := uitest.Consultant(t, url, "accoglienza", "")
	v, w := showDay(t, giulia)

	// Two slots at the same time, at two desks: the rows tell them apart.
	var a, b model.AgendaEntry
	for i := range v.entries {
		for j := i + 1; j < len(v.entries) && v.entries[j].Start.Equal(v.entries[i].Start); j++ {
			if v.entries[j].Desk != v.entries[i].Desk && v.entries[i].Booked() && v.entries[j].Booked() {
				a, b = v.entries[i], v.entries[j]
			}
		}
	}
	if a.ID == "" {
		t.Fatal("the office's agenda has no two booked slots at the same time")
	}
	if !v.deskHead.Visible() || v.deskHead.Text != "Sportello" {
		t.Fatalf("the office's agenda has no desk column (heading shown %v, %q)", v.deskHead.Visible(), v.deskHead.Text)
	}
	for r, row := range v.tl.rows {
		if row.kind == rowSlot && v.entries[row.entry].ID == a.ID {
			v.list.ScrollTo(r)
		}
	}
	rows := map[string]*dayRow{} // the rows shown, by citizen
	for _, r := range uitest.All[*dayRow](v.list) {
		if r.cols.Visible() {
			rows[r.who.Text] = r
		}
	}
	for _, e := range []model.AgendaEntry{a, b} {
		r := rows[e.CitizenName]
		if r == nil {
			t.Fatalf("%s's row is not shown", e.CitizenName)
		}
		if !r.desk.Visible() || r.desk.Text != e.Desk || r.desk.Size().Width < 80 {
			t.Errorf("%s's row: desk %q shown %v (%.0f wide), want %q", e.CitizenName, r.desk.Text, r.desk.Visible(), r.desk.Size().Width, e.Desk)
		}
	}
	_ = w
	// The desk column sits after the time, and the heading over it.
	if got := v.columns.Objects[1]; got != v.deskHead || v.deskHead.Position().X < 100 {
		t.Errorf("the desk heading is not the second column (at %.0f)", v.deskHead.Position().X)
	}

	// A desk's own agenda has one desk: no column for it.
	test.NewTempApp(t)
	own, _ := showDay(t, uitest.NewConsole(t))
	if own.deskHead.Visible() || own.tl.desks {
		t.Error("a desk's own agenda shows a desk column")
	}
}

package inbox

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"sportello/model"
)

// How long a scheda has waited against the target is said in words, not
// only by the colour of the row's strip and of the chart's bars.
func TestScheduleAgesNotByColourAlone(t *testing.T) {
	test.NewTempApp(t)
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, model.Rome)
	cal := model.WorkCalendar{TargetDays: 5}
	r := newInboxRow().(*inboxRow)
	// Ages in working days: Friday is one back, the Wednesday before three,
	// the Friday before six.
	for age, want := range map[int]string{1: "restano 4 g lav.", 3: "oltre metà obiettivo", 6: "scaduta da 1 g lav."} {
		received := now.AddDate(0, 0, -map[int]int{1: 3, 3: 5, 6: 10}[age])
		e := model.InboxEntry{Scheda: model.Scheda{Number: "LI-1", Status: model.SchedaNew, ReceivedAt: received, Subject: "NASpI"}}
		r.show(e, now, cal, "me")
		if age == 1 && (strings.Contains(r.top.Text, "scaduta") || strings.Contains(r.top.Text, "metà")) ||
			!strings.Contains(r.top.Text, want) {
			t.Errorf("waited %v: the row reads %q, want %q", age, r.top.Text, want)
		}
	}
	c := newAgeChart()
	c.show(map[model.SchedaStatus]model.AgeCount{model.SchedaNew: {Total: 12, Fresh: 8, Aging: 3, Late: 1}})
	if got := c.rows[model.SchedaNew].label.Text; !strings.Contains(got, "3 oltre metà, 1 in ritardo") {
		t.Errorf("the chart's row reads %q", got)
	}
}

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
	target := 5 * 24 * time.Hour
	r := newInboxRow().(*inboxRow)
	for age, want := range map[time.Duration]string{
		24 * time.Hour: "", 3 * 24 * time.Hour: "oltre metà obiettivo", 6 * 24 * time.Hour: "in ritardo",
	} {
		e := model.InboxEntry{Scheda: model.Scheda{Number: "LI-1", Status: model.SchedaNew, ReceivedAt: now.Add(-age), Subject: "NASpI"}}
		r.show(e, now, target, "me")
		if want == "" && (strings.Contains(r.top.Text, "ritardo") || strings.Contains(r.top.Text, "metà")) ||
			want != "" && !strings.Contains(r.top.Text, want) {
			t.Errorf("waited %v: the row reads %q, want %q", age, r.top.Text, want)
		}
	}
	c := newAgeChart()
	c.show(map[model.SchedaStatus]model.AgeCount{model.SchedaNew: {Total: 12, Fresh: 8, Aging: 3, Late: 1}})
	if got := c.rows[model.SchedaNew].label.Text; !strings.Contains(got, "3 oltre metà, 1 in ritardo") {
		t.Errorf("the chart's row reads %q", got)
	}
}

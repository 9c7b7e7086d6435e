package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sportello/model"
)

// textRows returns the rows of a rich text as drawn: the texts at each
// height, joined.
func textRows(t *testing.T, rt *widget.RichText) []string {
	t.Helper()
	rt.Resize(fyne.NewSize(600, 400))
	var ys []float32
	rows := map[float32]string{}
	for _, o := range test.WidgetRenderer(rt).Objects() {
		if tx, ok := o.(*canvas.Text); ok {
			y := tx.Position().Y
			if _, seen := rows[y]; !seen {
				ys = append(ys, y)
			}
			rows[y] += tx.Text
		}
	}
	var out []string
	for _, y := range ys {
		out = append(out, rows[y])
	}
	return out
}

// An earlier contact reads on two lines, when and how then who: the
// outcome ran into the next line ("risoltoGestito da te").
func TestHistoryLinesDoNotRunOn(t *testing.T) {
	test.NewTempApp(t)
	at := time.Date(2026, 11, 2, 10, 0, 0, 0, model.Rome)
	for _, h := range []model.HistoryEntry{
		{At: at, Channel: "in_person", OperatorID: "me", Service: "NASpI", Outcome: model.Outcome("resolved")},
		{At: at, Channel: "phone_callback", OperatorID: "me", Service: "NASpI"},
		{At: at, Channel: "in_person", OperatorID: "other", Operator: "Anna Neri", Office: "Roma", Service: "NASpI", Outcome: model.Outcome("resolved")},
	} {
		rows := textRows(t, widget.NewRichText(historyText(h, "me")...))
		if len(rows) != 2 || !strings.HasPrefix(rows[0], "02/11/2026 10:00") || strings.Contains(rows[0], "NASpI") {
			t.Errorf("%+v reads %q", h, rows)
		}
	}
}

// labelTexts returns the texts of the labels under o.
func labelTexts(o fyne.CanvasObject) []string {
	var out []string
	switch x := o.(type) {
	case *widget.Label:
		return []string{x.Text}
	case *fyne.Container:
		for _, c := range x.Objects {
			out = append(out, labelTexts(c)...)
		}
	}
	return out
}

// The call-back number says what the file says of the same number under
// Recapiti: it read "✓ verificato" while the file said "non verificato".
func TestCallbackNumberVerifiedAsInTheFile(t *testing.T) {
	test.NewTempApp(t)
	start := time.Date(2026, 11, 23, 10, 0, 0, 0, model.Rome)
	e := model.AgendaEntry{CitizenName: "Mario Rossi", Slot: model.Slot{Start: start, End: start.Add(20 * time.Minute),
		Channel: model.ChannelPhone, Status: model.StatusBooked, Phone: "333 123 4567", CitizenCF: "RSSMRA80A01H501U"}}
	for verified, want := range map[bool]string{false: "(non verificato)", true: "(verificato)"} {
		p := NewFilePanel(func() time.Time { return start }, func(string) {}, func() {})
		c := model.Citizen{CF: e.CitizenCF, Contacts: []model.Contact{{Kind: model.ContactMobile, Value: "3331234567", Verified: verified}}}
		p.Show(e, c, nil, "me")
		got := labelTexts(p.numbers)
		if len(got) != 1 || !strings.HasSuffix(got[0], want) {
			t.Errorf("contact verified=%v: the call-back number reads %q, want %q", verified, got, want)
		}
	}
}

// findCheck returns the first check box under o.
func findCheck(o fyne.CanvasObject) *widget.Check {
	switch x := o.(type) {
	case *widget.Check:
		return x
	case *fyne.Container:
		for _, c := range x.Objects {
			if found := findCheck(c); found != nil {
				return found
			}
		}
		return nil
	}
	if w, ok := o.(fyne.Widget); ok {
		for _, c := range test.WidgetRenderer(w).Objects() {
			if found := findCheck(c); found != nil {
				return found
			}
		}
	}
	return nil
}

// Logging out does not wipe this computer's copy unless the operator
// asks: the box came ticked.
func TestLogoutDoesNotOfferTheWipeTicked(t *testing.T) {
	c := newConsole(t)
	w := test.NewWindow(nil)
	defer w.Close()
	w.Resize(fyne.NewSize(1000, 700))
	s := &session{c: c, w: w}
	s.logout()
	wipe := findCheck(w.Canvas().Overlays().Top())
	if wipe == nil || wipe.Checked {
		t.Fatalf("the wipe box: %+v", wipe)
	}
}

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

// The report's bars say their split in words too.
func TestReportBarsInWords(t *testing.T) {
	if got := partsText(model.ReportRow{Booked: 10, Served: 4, Open: 6}); got != " (4 serviti, 6 ancora aperti)" {
		t.Errorf("bar reads %q", got)
	}
	if got := partsText(model.ReportRow{Booked: 2, NoShow: 1, Cancelled: 1}); got != " (1 assente, 1 annullato)" {
		t.Errorf("bar reads %q", got)
	}
}

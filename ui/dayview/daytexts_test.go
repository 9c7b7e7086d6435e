package dayview

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sportello/model"
	"sportello/ui/uitest"
	"sportello/ui/widgets"
)

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
		rows := uitest.TextRows(t, widget.NewRichText(widgets.HistoryText(h, "me")...))
		if len(rows) != 2 || !strings.HasPrefix(rows[0], "02/11/2026 10:00") || strings.Contains(rows[0], "NASpI") {
			t.Errorf("%+v reads %q", h, rows)
		}
	}
}

// The call-back number says what the file says of the same number under
// Recapiti: it read "✓ verificato" while the file said "non verificato".
func TestCallbackNumberVerifiedAsInTheFile(t *testing.T) {
	test.NewTempApp(t)
	start := time.Date(2026, 11, 23, 10, 0, 0, 0, model.Rome)
	e := model.AgendaEntry{CitizenName: "Mario Rossi", Slot: model.Slot{Start: start, End: start.Add(20 * time.Minute),
		Channel: model.ChannelPhone, Status: model.StatusBooked, Phone: "333 123 4567", CitizenCF: "RSSMRA80A01H501U"}}
	for verified, want := range map[bool]string{false: "(non verificato)", true: "(verificato)"} {
		p := widgets.NewFilePanel(func() time.Time { return start }, func(string) {}, func() {})
		c := model.Citizen{CF: e.CitizenCF, Contacts: []model.Contact{{Kind: model.ContactMobile, Value: "3331234567", Verified: verified}}}
		p.Show(e, c, nil, "me")
		var got []string
		for _, l := range uitest.All[*widget.Label](p.Numbers) {
			got = append(got, l.Text)
		}
		if len(got) != 1 || !strings.HasSuffix(got[0], want) {
			t.Errorf("contact verified=%v: the call-back number reads %q, want %q", verified, got, want)
		}
	}
}

package reception

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sportello/app"
	"sportello/assets/i18n"
	"sportello/model"
	"sportello/ui/uitest"
	"sportello/ui/widgets"
)

// clockSource is the console with a clock the test moves.
type clockSource struct {
	*app.Console
	mu sync.Mutex
	at time.Time
}

func (c *clockSource) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.at }
func (c *clockSource) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at = c.at.Add(d)
}

// The desk works a ticket by the keys only: call, the clock of the call
// (marked past the reason's expected time, by word and icon), park and
// resume, recall, transfer with a note the queue row shows, and the
// priority of a waiting ticket, which then goes first.
func TestQueueCounterKeysAndCallClock(t *testing.T) {
	_, _, url := uitest.CentralServer(t)
	giulia, _ := uitest.Consultant(t, url, "accoglienza", "")
	src := &clockSource{Console: giulia, at: uitest.Monday}
	v, w := uitest.Show(t, NewQueueView(src))
	fyne.DoAndWait(func() { widgets.BindKeys(w.Canvas(), "queue", v.Content(), v, QueueKeys) })
	v.Reload(context.Background())

	uitest.Key(w, uitest.Ctrl, fyne.Key2)
	uitest.Eventually(t, "a ticket called", func() bool { return v.current != nil })
	called := *v.current
	if v.clock.Text != i18n.T("queue.clock", "00:00") || v.clockIcon.Visible() {
		t.Errorf("clock at the call: %q (icon %v)", v.clock.Text, v.clockIcon.Visible())
	}
	expected := model.ExpectedService[called.Reason]
	src.add(expected - time.Second)
	fyne.DoAndWait(v.tick)
	mm := func(d time.Duration) string { s, _ := widgets.CallClock(d, 0); return s }
	if v.clock.Text != i18n.T("queue.clock", mm(expected-time.Second)) || v.clockIcon.Visible() {
		t.Errorf("clock within the expected time: %q", v.clock.Text)
	}
	src.add(2 * time.Second)
	fyne.DoAndWait(v.tick)
	if v.clock.Text != i18n.T("queue.clock_over", mm(expected+time.Second), int(expected/time.Minute)) ||
		!v.clockIcon.Visible() || v.clock.Importance != widget.DangerImportance {
		t.Errorf("clock past the expected time: %q (icon %v)", v.clock.Text, v.clockIcon.Visible())
	}

	uitest.Key(w, uitest.Ctrl, fyne.Key5)
	uitest.Eventually(t, "parked", func() bool { return v.current != nil && v.current.Status == model.TicketParked })
	if v.clock.Visible() || !v.served.Disabled() || v.resume.Disabled() || !v.next.Disabled() {
		t.Errorf("parked: clock %v, served enabled %v, resume disabled %v", v.clock.Visible(), !v.served.Disabled(), v.resume.Disabled())
	}
	src.add(-(expected + time.Second)) // the console's clock stands at the resume: the call clock restarts
	uitest.Key(w, uitest.Ctrl, fyne.Key6)
	uitest.Eventually(t, "resumed", func() bool { return v.current != nil && v.current.Status == model.TicketCalled })
	if v.clock.Text != i18n.T("queue.clock", "00:00") || !v.clock.Visible() {
		t.Errorf("the clock after the resume: %q", v.clock.Text)
	}
	uitest.Key(w, uitest.Ctrl, fyne.Key1)
	uitest.Eventually(t, "recalled", func() bool { return v.current != nil && v.current.Recalls == 1 })
	if !strings.Contains(v.calledAt.Text, i18n.T("queue.recalled_of", 1, 3)) {
		t.Errorf("the recall is not shown: %q", v.calledAt.Text)
	}

	uitest.Key(w, uitest.Ctrl, fyne.Key7)
	top := uitest.TopDialog(t, w, i18n.T("queue.transfer_confirm"))
	entries := uitest.All[*widget.Entry](top)
	if len(entries) != 2 {
		t.Fatalf("the transfer asks %d fields", len(entries))
	}
	uitest.TypeText(entries[0], "Sportello 3")
	uitest.TypeText(entries[1], "porta il modulo firmato")
	test.Tap(uitest.FindButton(top, i18n.T("queue.transfer_confirm")))
	uitest.Eventually(t, "transferred", func() bool { return v.current == nil })
	row := -1
	for i, e := range v.waiting {
		if e.ID == called.ID {
			row = i
		}
	}
	if row < 0 || v.waiting[row].TransferDesk != "Sportello 3" || v.waiting[row].Transfers != 1 {
		t.Fatalf("the transferred ticket is not back in the queue for Sportello 3 (row %d)", row)
	}
	if !uitest.Contains(uitest.Texts(v.list), i18n.T("queue.row_transfer", "Sportello 3", "porta il modulo firmato")) {
		t.Errorf("the row does not show the transfer's note: %v", uitest.Texts(v.list))
	}

	// The last waiting ticket gets a priority: it goes first.
	last := v.waiting[len(v.waiting)-1]
	fyne.DoAndWait(func() { v.list.Select(len(v.waiting) - 1) })
	uitest.Key(w, uitest.Ctrl, fyne.Key8)
	top = uitest.TopDialog(t, w, i18n.T("queue.prioritize_confirm"))
	radio, _ := uitest.Find[*widget.RadioGroup](top)
	fyne.DoAndWait(func() { radio.SetSelected(i18n.T("priority.elderly")) })
	test.Tap(uitest.FindButton(top, i18n.T("queue.prioritize_confirm")))
	uitest.Eventually(t, "the priority ticket first", func() bool { return v.waiting[0].ID == last.ID })
	if !uitest.Contains(uitest.Texts(v.list), i18n.T("queue.row_priority", i18n.T("priority.elderly"))) {
		t.Errorf("the row does not show the priority: %v", uitest.Texts(v.list))
	}
	fyne.DoAndWait(func() { v.list.UnselectAll() })
	uitest.Key(w, uitest.Ctrl, fyne.Key2)
	uitest.Eventually(t, "the priority ticket called", func() bool { return v.current != nil })
	if v.current.ID != last.ID {
		t.Errorf("call next took %s, want the priority ticket %s", v.current.Code(), last.Code())
	}
}

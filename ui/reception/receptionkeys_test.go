package reception

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"sportello/ui/uitest"
	"sportello/ui/widgets"
)

func TestReportKeepsTheStatusBar(t *testing.T) {
	test.NewTempApp(t)
	c := uitest.NewConsole(t)
	v, _ := uitest.Show(t, NewReportView(c))
	if v.bar == nil || v.bar.Parts().State.Text == "" || !uitest.Contains(uitest.Texts(v.Content()), v.bar.Parts().State.Text) {
		t.Fatal("the report shows no sync status")
	}
}

func TestQueueKeysIssueAndCallOnlyOnTheTabShown(t *testing.T) {
	_, _, url := uitest.CentralServer(t)
	giulia, _ := uitest.Consultant(t, url, "accoglienza", "")
	q := NewQueueView(giulia)
	b := NewBookingView(giulia)
	tabs := container.NewAppTabs(container.NewTabItem("coda", q.Content()), container.NewTabItem("prenota", b.Content()))
	w := test.NewWindow(tabs)
	t.Cleanup(w.Close)
	w.Resize(fyne.NewSize(1366, 740))
	q.SetWindow(w)
	b.SetWindow(w)
	fyne.DoAndWait(func() {
		widgets.BindKeys(w.Canvas(), "queue", q.Content(), q, QueueKeys)
		widgets.BindKeys(w.Canvas(), "booking", b.Content(), b, BookingKeys)
	})
	q.Reload(context.Background())
	waiting := len(q.waiting)

	// On the booking tab, Alt+1 issues nothing and Ctrl+F is the
	// booking's search.
	fyne.DoAndWait(func() { tabs.SelectIndex(1) })
	uitest.Key(w, fyne.KeyModifierAlt, fyne.Key1)
	if len(q.waiting) != waiting {
		t.Fatal("Alt+1 on the booking tab issued a ticket")
	}
	uitest.Key(w, uitest.Ctrl, fyne.KeyF)
	if w.Canvas().Focused() != b.search {
		t.Fatalf("Ctrl+F on the booking tab: focus on %T", w.Canvas().Focused())
	}
	// On the queue: Alt+1 issues an A ticket, Ctrl+2 calls the next.
	fyne.DoAndWait(func() { tabs.SelectIndex(0); w.Canvas().Unfocus() })
	uitest.Key(w, fyne.KeyModifierAlt, fyne.Key1)
	uitest.Eventually(t, "an A ticket", func() bool { return len(q.waiting) == waiting+1 && strings.Contains(q.issued.Text, "A") })
	uitest.Key(w, uitest.Ctrl, fyne.Key2)
	uitest.Eventually(t, "a ticket called", func() bool { return q.current != nil })
	uitest.Key(w, uitest.Ctrl, fyne.Key3) // the wrap-up; Enter serves
	uitest.Eventually(t, "the wrap-up", func() bool { return uitest.OverlayOpen(w) })
	uitest.Key(w, 0, fyne.KeyReturn)
	uitest.Eventually(t, "the ticket served", func() bool { return q.current == nil })
}

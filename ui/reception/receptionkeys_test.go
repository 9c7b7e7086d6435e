package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
)

func TestReportKeepsTheStatusBar(t *testing.T) {
	test.NewTempApp(t)
	c := newConsole(t)
	v, _ := show(t, NewReportView(c))
	if v.bar == nil || v.bar.state.Text == "" || !contains(texts(v.Content()), v.bar.state.Text) {
		t.Fatal("the report shows no sync status")
	}
}

func TestQueueKeysIssueAndCallOnlyOnTheTabShown(t *testing.T) {
	_, _, url := centralServer(t)
	giulia, _ := consultant(t, url, "accoglienza", "")
	q := NewQueueView(giulia)
	b := NewBookingView(giulia)
	tabs := container.NewAppTabs(container.NewTabItem("coda", q.Content()), container.NewTabItem("prenota", b.Content()))
	w := test.NewWindow(tabs)
	t.Cleanup(w.Close)
	w.Resize(fyne.NewSize(1366, 740))
	q.SetWindow(w)
	b.SetWindow(w)
	fyne.DoAndWait(func() {
		bindKeys(w.Canvas(), "queue", q.Content(), q, queueKeys)
		bindKeys(w.Canvas(), "booking", b.Content(), b, bookingKeys)
	})
	q.Reload(context.Background())
	waiting := len(q.waiting)

	// On the booking tab, Alt+1 issues nothing and Ctrl+F is the
	// booking's search.
	fyne.DoAndWait(func() { tabs.SelectIndex(1) })
	key(w, fyne.KeyModifierAlt, fyne.Key1)
	if len(q.waiting) != waiting {
		t.Fatal("Alt+1 on the booking tab issued a ticket")
	}
	key(w, ctrl, fyne.KeyF)
	if w.Canvas().Focused() != b.search {
		t.Fatalf("Ctrl+F on the booking tab: focus on %T", w.Canvas().Focused())
	}
	// On the queue: Alt+1 issues an A ticket, Ctrl+2 calls the next.
	fyne.DoAndWait(func() { tabs.SelectIndex(0); w.Canvas().Unfocus() })
	key(w, fyne.KeyModifierAlt, fyne.Key1)
	eventually(t, "an A ticket", func() bool { return len(q.waiting) == waiting+1 && strings.Contains(q.issued.Text, "A") })
	key(w, ctrl, fyne.Key2)
	eventually(t, "a ticket called", func() bool { return q.current != nil })
	key(w, ctrl, fyne.Key3)
	eventually(t, "the ticket served", func() bool { return q.current == nil })
}

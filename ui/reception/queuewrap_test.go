package reception

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"sportello/model"
	"sportello/ui/uitest"
	"sportello/ui/widgets"
)

// "Servito" (Ctrl+3) is not final on one key: it opens the wrap-up, the
// visits' dialog, with the time since the call and the reason's service
// recorded; Esc leaves the ticket called; Enter serves it with the outcome
// chosen (→ moves it) and the note, which the mirror then holds.
func TestQueueServeOpensTheWrapUp(t *testing.T) {
	_, _, url := uitest.CentralServer(t)
	giulia, _ := uitest.Consultant(t, url, "accoglienza", "")
	src := &clockSource{Console: giulia, at: uitest.Monday}
	v, w := uitest.Show(t, NewQueueView(src))
	fyne.DoAndWait(func() { widgets.BindKeys(w.Canvas(), "queue", v.Content(), v, QueueKeys) })
	v.Reload(context.Background())

	uitest.Key(w, uitest.Ctrl, fyne.Key2)
	uitest.Eventually(t, "a ticket called", func() bool { return v.current != nil })
	called := *v.current
	src.add(6*time.Minute + 30*time.Second)

	uitest.Key(w, uitest.Ctrl, fyne.Key3)
	if !uitest.OverlayOpen(w) {
		t.Fatal("Ctrl+3 opened no wrap-up")
	}
	texts := uitest.Texts(w.Canvas().Overlays().Top())
	reason := called.Reason.Letter() + " · "
	if !uitest.Contains(texts, "06:30") || !slices.ContainsFunc(texts, func(s string) bool { return strings.HasPrefix(s, reason) }) {
		t.Errorf("the wrap-up shows %q; want the time since the call and the reason's service", texts)
	}
	if _, ok := w.Canvas().Focused().(*widgets.KeySelect); !ok {
		t.Fatalf("focus in the wrap-up on %T, want the outcome", w.Canvas().Focused())
	}
	uitest.Key(w, 0, fyne.KeyEscape)
	if uitest.OverlayOpen(w) {
		t.Fatal("Esc left the wrap-up open")
	}
	v.Reload(context.Background())
	if v.current == nil || v.current.ID != called.ID || v.current.Status != model.TicketCalled {
		t.Fatalf("after Esc the desk has %+v, want %s still called", v.current, called.Code())
	}

	uitest.Key(w, uitest.Ctrl, fyne.Key3)
	top := w.Canvas().Overlays().Top()
	uitest.Key(w, 0, fyne.KeyRight) // the second outcome of the catalogue
	note, ok := uitest.Find[*widgets.KeyEntry](top)
	if !ok {
		t.Fatal("no note in the wrap-up")
	}
	fyne.DoAndWait(func() { note.SetText("Porterà la delega firmata") })
	uitest.Key(w, 0, fyne.KeyReturn)
	uitest.Eventually(t, "the ticket served", func() bool { return v.current == nil && !uitest.OverlayOpen(w) })
	q, err := giulia.Queue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range q {
		if e.ID == called.ID && (e.Status != model.TicketServed || e.Outcome != model.DefaultOutcomes[1].Code ||
			e.Note != "Porterà la delega firmata" || e.NotRepresentative) {
			t.Errorf("the mirror's ticket after Enter: %+v", e.Ticket)
		}
	}
}

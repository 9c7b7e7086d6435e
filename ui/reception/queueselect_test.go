package reception

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"sportello/model"
	"sportello/ui/uitest"
)

// A waiting ticket chosen in the list stays highlighted when a ticket
// is put before it (a priority one issued): the highlight moved to its
// neighbour, while Priorità… and Trasferisci… still acted on the chosen
// one.
func TestQueueSelectionFollowsTheTicket(t *testing.T) {
	_, _, url := uitest.CentralServer(t)
	giulia, _ := uitest.Consultant(t, url, "accoglienza", "")
	v, _ := uitest.Show(t, NewQueueView(giulia))
	v.Reload(context.Background())
	uitest.Eventually(t, "two tickets waiting", func() bool { return len(v.waiting) >= 2 })
	highlighted := -1
	fyne.DoAndWait(func() {
		chosen := v.list.OnSelected
		v.list.OnSelected = func(id widget.ListItemID) { highlighted = id; chosen(id) }
		v.list.Select(1)
	})
	var want string
	fyne.DoAndWait(func() { want = v.selected.ID })
	if _, err := giulia.IssueTicketWith(context.Background(), model.TicketReasons[0], model.Priorities[0]); err != nil {
		t.Fatal(err)
	}
	v.Reload(context.Background())
	uitest.Eventually(t, "the priority ticket first", func() bool {
		var ok bool
		fyne.DoAndWait(func() { ok = v.waiting[0].Priority != model.PriorityNone })
		return ok
	})
	fyne.DoAndWait(func() {
		if highlighted < 0 || highlighted >= len(v.waiting) || v.waiting[highlighted].ID != want || v.selected == nil || v.selected.ID != want {
			t.Errorf("after the queue changed the list highlights row %d, want the chosen ticket %s", highlighted, want)
		}
	})
}

package inbox

import (
	"testing"

	"fyne.io/fyne/v2"

	"sportello/ui/uitest"
	"sportello/ui/widgets"
)

func TestInboxKeysMoveThroughSchedeAndClaim(t *testing.T) {
	_, _, url := uitest.CentralServer(t)
	marco, _ := uitest.Consultant(t, url, "cric", "")
	v, w := showInbox(t, marco)
	fyne.DoAndWait(func() { widgets.BindKeys(w.Canvas(), "inbox", v.Content(), v, InboxKeys) })
	if v.current == nil || len(v.entries) < 3 {
		t.Fatalf("the inbox opened %v of %d schede", v.current, len(v.entries))
	}
	at := func() int {
		for i, e := range v.entries {
			if e.ID == v.current.ID {
				return i
			}
		}
		return -1
	}
	from := at()
	uitest.Key(w, uitest.Ctrl, fyne.KeyDown)
	uitest.Eventually(t, "the next scheda open", func() bool { return at() == from+1 })
	uitest.Key(w, uitest.Ctrl, fyne.KeyUp)
	uitest.Eventually(t, "the previous scheda open", func() bool { return at() == from })
	// Ctrl+2 puts the cursor in the answer, and the keys still work from
	// there: Ctrl+↓ opens the next scheda.
	if !v.answer.Disabled() {
		uitest.Key(w, uitest.Ctrl, fyne.Key2)
		if w.Canvas().Focused() != v.answer {
			t.Fatalf("Ctrl+2 left the focus on %T", w.Canvas().Focused())
		}
		uitest.Key(w, uitest.Ctrl, fyne.KeyDown)
		uitest.Eventually(t, "the next scheda open from the answer", func() bool { return at() == from+1 })
	}
	// Ctrl+L: the list, with its ring.
	uitest.Key(w, uitest.Ctrl, fyne.KeyL)
	if !v.list.HasFocus() {
		t.Error("Ctrl+L does not focus the list of schede")
	}
}

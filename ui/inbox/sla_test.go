package inbox

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"sportello/model"
	"sportello/ui/uitest"
	"sportello/ui/widgets"
)

func TestCtrlEListsWhatIsDueMostUrgentFirst(t *testing.T) {
	_, _, url := uitest.CentralServer(t)
	marco, _ := uitest.Consultant(t, url, "cric", "")
	v, w := showInbox(t, marco)
	fyne.DoAndWait(func() { widgets.BindKeys(w.Canvas(), "inbox", v.Content(), v, InboxKeys) })
	all := len(v.entries)

	uitest.Key(w, uitest.Ctrl, fyne.KeyE)
	uitest.Eventually(t, "the in-scadenza list", func() bool { return v.due.Checked && len(v.entries) < all })
	if len(v.entries) == 0 || !v.status.Disabled() {
		t.Fatalf("in scadenza: %d schede of %d, status filter disabled %v", len(v.entries), all, v.status.Disabled())
	}
	cal := v.cal
	prev := -1e9
	for i, e := range v.entries {
		sla := cal.Clock(e.Scheda, uitest.Monday)
		if sla.Paused || !(sla.Late() || sla.Soon()) || sla.Remaining < prev {
			t.Errorf("row %d, %s: %+v after %v left", i, e.Number, sla, prev)
		}
		prev = sla.Remaining
		r := newInboxRow().(*inboxRow)
		r.show(e, uitest.Monday, cal, "cric")
		if word := map[bool]string{true: "scaduta da ", false: "restano "}[sla.Late()]; !strings.HasPrefix(r.top.Text, word) {
			t.Errorf("row %d reads %q, want it to start with %q", i, r.top.Text, word)
		}
	}
	// The open scheda says when it falls due.
	if !strings.Contains(v.meta.Text, "Scade") && !strings.Contains(v.meta.Text, "Scaduta") {
		t.Errorf("the open scheda's details: %q", v.meta.Text)
	}
	uitest.Key(w, uitest.Ctrl, fyne.KeyE)
	uitest.Eventually(t, "the whole list again", func() bool { return !v.due.Checked && len(v.entries) == all })
}

func TestTheOpenSchedaShowsTheColleagueWhoHasItOpen(t *testing.T) {
	ctx := context.Background()
	line, _, url := uitest.CentralServer(t)
	teresa, _ := uitest.Consultant(t, url, "cric2", "")
	marco, _ := uitest.Consultant(t, url, "cric", "")
	v, _ := showInbox(t, teresa)
	e := openFirst(t, v, model.SchedaNew, model.SectionPensioni)
	if !v.presence.label.Hidden {
		t.Fatalf("nobody else on it, yet the line reads %q", v.presence.label.Text)
	}

	// Marco opens it on his console and starts an answer.
	if _, err := marco.AnnouncePresence(ctx, e.ID, model.PresenceViewing); err != nil {
		t.Fatal(err)
	}
	v.presence.announce() // the renewal's tick
	if v.presence.label.Hidden || v.presence.label.Text != "Marco Santoro la sta guardando" {
		t.Errorf("presence line %q (hidden %v)", v.presence.label.Text, v.presence.label.Hidden)
	}
	// Shown, and given room on screen: it was visible to the probe only,
	// laid out with no height (the walk's screenshot had no such line).
	var h float32
	fyne.DoAndWait(func() { h = v.presence.label.Size().Height })
	if h < v.presence.label.MinSize().Height {
		t.Errorf("the presence line is %v high, below its %v", h, v.presence.label.MinSize().Height)
	}
	if _, err := marco.AnnouncePresence(ctx, e.ID, model.PresenceDrafting); err != nil {
		t.Fatal(err)
	}
	v.presence.announce()
	if v.presence.label.Text != "Marco Santoro sta scrivendo una risposta" {
		t.Errorf("presence line %q", v.presence.label.Text)
	}

	// Offline the console cannot know: it does not say nobody.
	line.Unplug()
	v.presence.announce()
	if v.presence.label.Hidden || !strings.Contains(v.presence.label.Text, "Non si può sapere") {
		t.Errorf("offline, the presence line reads %q (hidden %v)", v.presence.label.Text, v.presence.label.Hidden)
	}
	line.Plug()

	// Teresa claims and types: Marco sees her drafting; she leaves, he
	// sees nobody.
	uitest.TypeText(v.answer, "x") // not hers yet: the box is off and keeps nothing
	fyne.DoAndWait(func() { v.claim.OnTapped() })
	uitest.Eventually(t, "the claim", func() bool { return v.current.HeldBy("cric2") })
	uitest.TypeText(v.answer, "Gentile utente")
	others, err := marco.AnnouncePresence(ctx, e.ID, model.PresenceViewing)
	if err != nil || len(others) != 1 || others[0].OperatorName != "Teresa Vitale" || others[0].State != model.PresenceDrafting {
		t.Errorf("Marco sees %+v, %v; want Teresa Vitale drafting", others, err)
	}
	v.Close()
	uitest.Eventually(t, "Teresa's presence withdrawn", func() bool {
		others, err := marco.AnnouncePresence(ctx, e.ID, model.PresenceViewing)
		return err == nil && len(others) == 0
	})
}

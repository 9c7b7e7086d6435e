package manager

import (
	"context"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sportello/app"
	"sportello/assets/i18n"
	"sportello/client/sandbox"
	"sportello/model"
	"sportello/ui/uitest"
	"sportello/ui/widgets"
)

// The screens' background work runs inline in tests (see
// widgets.RunInline).
func init() { widgets.RunInline() }

var tuesday = time.Date(2026, time.November, 24, 0, 0, 0, 0, model.Rome)

// pressing is an Actor that counts the actions sent and, while the first
// is on its way, has the operator press Enter again.
type pressing struct {
	Actor
	w     fyne.Window
	calls atomic.Int32
}

func (p *pressing) again() {
	if p.calls.Add(1) == 1 {
		uitest.Key(p.w, 0, fyne.KeyReturn)
	}
}

func (p *pressing) CloneDesk(ctx context.Context, req model.DeskClone) (model.DeskChange, error) {
	p.again()
	return p.Actor.CloneDesk(ctx, req)
}

func (p *pressing) ChangeSlotDuration(ctx context.Context, req model.SlotDurationChange) (model.DeskChange, error) {
	p.again()
	return p.Actor.ChangeSlotDuration(ctx, req)
}

func ledger(t *testing.T, sb *sandbox.Sandbox, action string) int {
	t.Helper()
	l, err := sb.Ledger(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range l {
		if e.Action == action {
			n++
		}
	}
	return n
}

// onTuesday is a sportello with the working days from Tuesday the 24th.
func onTuesday(office, desk string) Target {
	return Target{Office: office, Desk: desk, Days: model.NextWorkingDays(tuesday, 21)}
}

func window(t *testing.T) fyne.Window {
	w := test.NewWindow(widget.NewLabel(""))
	w.Resize(fyne.NewSize(1366, 740))
	t.Cleanup(w.Close)
	return w
}

// The clone dialog by keys: ↓ to the next day, Space ticks it, the summary
// counts it; Enter twice sends one action; the twin is open and the
// dialog says so.
func TestCloneDialogByKeysSendsOnce(t *testing.T) {
	_, sb, url := uitest.CentralServer(t)
	boss, _ := uitest.Consultant(t, url, "direttore", "")
	w := window(t)
	actor := &pressing{Actor: boss, w: w}
	reloaded := 0
	var d *actionDialog
	fyne.DoAndWait(func() { d = showClone(w, actor, onTuesday("7800", "Sportello 2"), func() { reloaded++ }) })
	if !uitest.OverlayOpen(w) || d.status.Text != i18n.T("desk.clone_summary", "Sportello 2 bis", 1) {
		t.Fatalf("the dialog says %q", d.status.Text)
	}
	uitest.Key(w, 0, fyne.KeyDown)
	uitest.TypeSlowly(w, " ")
	if got := d.status.Text; got != "Apre Sportello 2 bis per 2 giorni." {
		t.Errorf("summary after ticking the 25th: %q", got)
	}
	uitest.SaveArtifact(t, "manager-clone.png", w.Canvas().Capture())
	uitest.Key(w, 0, fyne.KeyReturn)
	if n := actor.calls.Load(); n != 1 || ledger(t, sb, "desk_clone") != 1 || reloaded != 1 {
		t.Fatalf("Enter twice: %d sent, %d applied, %d reloads; want 1 each", n, ledger(t, sb, "desk_clone"), reloaded)
	}
	done := uitest.Texts(w.Canvas().Overlays().Top())
	if !uitest.Contains(done, i18n.T("desk.clone_done", "Sportello 2 bis", 56, 2)) {
		t.Errorf("after the clone the window shows %q", done)
	}
	uitest.Key(w, 0, fyne.KeyEscape)
	if uitest.OverlayOpen(w) {
		t.Error("Esc left the confirmation open")
	}
}

// A refusal keeps the dialog open and says why, in Italian; Esc leaves.
func TestCloneDialogSaysTheRefusalAndEscLeaves(t *testing.T) {
	_, _, url := uitest.CentralServer(t)
	boss, _ := uitest.Consultant(t, url, "direttore", "")
	if _, err := boss.CloneDesk(context.Background(), model.DeskClone{Office: "7800", Desk: "Sportello 2", Days: []time.Time{tuesday}}); err != nil {
		t.Fatal(err)
	}
	w := window(t)
	var d *actionDialog
	fyne.DoAndWait(func() {
		d = showClone(w, boss, onTuesday("7800", "Sportello 2"), func() { t.Error("done after a refusal") })
	})
	uitest.Key(w, 0, fyne.KeyReturn)
	if got := d.status.Text; got != "Il 24 novembre l'agenda gemella è già aperta: togli quel giorno." || !uitest.OverlayOpen(w) {
		t.Fatalf("refused: %q (open %v)", got, uitest.OverlayOpen(w))
	}
	uitest.Key(w, 0, fyne.KeyEscape)
	if uitest.OverlayOpen(w) {
		t.Error("Esc left the dialog open")
	}
}

// The duration dialog: 8 minutes would drop booked citizens, said with
// how many, from when and from when it can; the same request again is the
// same action; 5 minutes goes through.
func TestDurationDialogRefusesOverBookedCitizens(t *testing.T) {
	_, sb, url := uitest.CentralServer(t)
	boss, _ := uitest.Consultant(t, url, "direttore", "")
	w := window(t)
	var d *actionDialog
	reloaded := 0
	fyne.DoAndWait(func() { d = showDuration(w, boss, onTuesday("7800", "Sportello 1"), func() { reloaded++ }) })
	fyne.DoAndWait(func() { w.Canvas().FocusNext() }) // Tab to the length
	uitest.Key(w, 0, fyne.KeyRight)
	uitest.Key(w, 0, fyne.KeyRight)
	if want := i18n.T("desk.duration_summary", "24 novembre", "Sportello 1", 8); d.status.Text != want {
		t.Fatalf("summary %q, want %q", d.status.Text, want)
	}
	key := d.key
	uitest.Key(w, 0, fyne.KeyReturn)
	got := d.status.Text
	if !strings.Contains(got, "cittadini prenotati dal 24 novembre perderebbero l'appuntamento") || !uitest.OverlayOpen(w) {
		t.Fatalf("refusal: %q", got)
	}
	uitest.SaveArtifact(t, "manager-duration-refused.png", w.Canvas().Capture())
	uitest.Key(w, 0, fyne.KeyReturn)
	if d.key != key || d.status.Text != got || ledger(t, sb, "desk_duration") != 0 || reloaded != 0 {
		t.Fatalf("again: %q, key kept %v", d.status.Text, d.key == key)
	}
	uitest.Key(w, 0, fyne.KeyLeft)
	uitest.Key(w, 0, fyne.KeyLeft)
	if d.key == key {
		t.Error("another request kept the key of the refused one")
	}
	uitest.Key(w, 0, fyne.KeyReturn)
	if ledger(t, sb, "desk_duration") != 1 || reloaded != 1 {
		t.Fatalf("5 minutes: %d applied, dialog says %q", ledger(t, sb, "desk_duration"), d.status.Text)
	}
}

// Offline the dialog says the action needs the network, and stays.
func TestDeskDialogOfflineSaysItNeedsTheNetwork(t *testing.T) {
	line, sb, url := uitest.CentralServer(t)
	boss, _ := uitest.Consultant(t, url, "responsabile", "")
	line.Unplug()
	w := window(t)
	var d *actionDialog
	fyne.DoAndWait(func() { d = showClone(w, boss, onTuesday("7801", "Sportello 1"), nil) })
	uitest.Key(w, 0, fyne.KeyReturn)
	if d.status.Text != i18n.T("desk.offline") || !uitest.OverlayOpen(w) || ledger(t, sb, "desk_clone") != 0 {
		t.Errorf("offline: %q", d.status.Text)
	}
}

// The manager's audited actions and their reason have words in the
// operator's trail, done or refused.
func TestDeskActionsHaveTheirWordsInTheTrail(t *testing.T) {
	for _, lang := range []string{"it", "en"} {
		keys := i18n.Keys(lang)
		for _, a := range []string{app.AuditDeskClone, app.AuditDeskDuration} {
			for _, k := range []string{"audit." + a, "audit." + a + "_refused"} {
				if !slices.Contains(keys, k) {
					t.Errorf("%s: no words for %s", lang, k)
				}
			}
		}
		if !slices.Contains(keys, "reason."+string(model.AccessManagement)) {
			t.Errorf("%s: no words for the reason %s", lang, model.AccessManagement)
		}
	}
}

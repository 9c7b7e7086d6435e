package inbox

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sportello/app"
	"sportello/model"
	"sportello/ui/uitest"
	"sportello/ui/widgets"
)

// showInbox opens a consultant's inbox in a test window.
func showInbox(t *testing.T, c *app.Console) (*InboxView, fyne.Window) {
	t.Helper()
	v := NewInboxView(c)
	w := test.NewWindow(v.Content())
	w.Resize(fyne.NewSize(1366, 740))
	v.SetWindow(w)
	t.Cleanup(func() { v.Close(); w.Close() })
	v.Reload(context.Background())
	return v, w
}

// openFirst opens the first scheda of the list in a status and section
// (any, if empty) and returns it.
func openFirst(t *testing.T, v *InboxView, st model.SchedaStatus, sec model.Section) model.InboxEntry {
	t.Helper()
	for i, e := range v.entries {
		if e.Status == st && (sec == "" || e.Section == sec) {
			v.list.Select(i)
			if v.current == nil || v.current.ID != e.ID {
				t.Fatalf("selecting %s did not open it", e.ID)
			}
			return e
		}
	}
	t.Fatalf("no %s scheda of %q in the list", st, sec)
	return model.InboxEntry{}
}

func TestConsultantClaimsDraftsOfflineRecoversAfterACrashAndAnswers(t *testing.T) {
	ctx := context.Background()
	line, sb, url := uitest.CentralServer(t)
	marco, dir := uitest.Consultant(t, url, "cric", "")
	v, _ := showInbox(t, marco)
	if v.current == nil {
		t.Fatal("the inbox opened no scheda")
	}
	if len(v.entries) == 0 || v.total != len(v.entries) {
		t.Fatalf("inbox: %d entries of %d (%q)", len(v.entries), v.total, v.shown.Text)
	}
	sc := openFirst(t, v, model.SchedaNew, model.SectionPensioni)
	if v.send.Disabled() == false || v.claim.Disabled() {
		t.Fatal("a new scheda: claim must be on, send off")
	}

	// Take it in charge: at once on screen, queued for central.
	test.Tap(v.claim)
	if v.current.Status != model.SchedaInCharge || !v.current.Pending || v.send.Disabled() || !v.claim.Disabled() {
		t.Fatalf("after the claim: %+v", v.current)
	}
	if _, err := marco.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	v.Reload(ctx)
	if v.current.Pending || v.current.HolderID != "cric" {
		t.Fatalf("after the sync: %+v", v.current.Scheda)
	}

	// The line drops; the consultant writes on, and every keystroke is
	// kept on disk.
	line.Unplug()
	typed := "Aggiungo che nel suo caso"
	uitest.TypeText(v.answer, typed)
	uitest.Eventually(t, "the draft on disk", func() bool {
		text, _, _ := marco.Draft(ctx, sc.ID)
		return text == typed && strings.Contains(v.saved.Text, "Bozza salvata")
	})

	// A crash: the console is never closed, nothing is flushed. The
	// console started again on the same folder finds the draft. (A second
	// console on the same files stands in for the restarted process: a
	// test cannot kill its own process and go on.)
	again, _ := uitest.Consultant(t, url, "cric", dir)
	v2, _ := showInbox(t, again)
	v2.open(sc.ID)
	if v2.answer.Text != typed || !strings.Contains(v2.saved.Text, "Bozza ripresa") {
		t.Fatalf("after the crash: answer %q, %q", v2.answer.Text, v2.saved.Text)
	}

	// An earlier answer of the section, found by the question's words,
	// goes in after the consultant's words (the cursor is at the end of
	// the recovered draft).
	if len(v2.faq.results.Objects) == 0 {
		t.Fatal("no earlier answers for the question")
	}
	use := uitest.FindButton(v2.faq.results, "Inserisci nella risposta")
	if use == nil {
		t.Fatal("no button to use an earlier answer")
	}
	found, err := again.SearchAnswers(ctx, sc.Section, sc.Subject+" "+sc.Question)
	if err != nil || len(found) == 0 || found[0].Subject != sc.Subject {
		t.Fatalf("the best earlier answer is not one to the same question: %+v, %v", found, err)
	}
	test.Tap(use)
	if v2.answer.Text != typed+"\n"+found[0].Answer {
		t.Fatalf("answer after inserting: %q", v2.answer.Text)
	}
	test.Tap(v2.send)
	if v2.current.Status != model.SchedaAnswered || !v2.current.Pending || v2.answer.Text != "" {
		t.Fatalf("after sending offline: %+v, entry %q", v2.current.Scheda, v2.answer.Text)
	}
	if st := again.Status(ctx); st.Pending != 1 {
		t.Errorf("waiting to be sent: %d", st.Pending)
	}

	line.Plug()
	if rep, err := again.SyncOnce(ctx); err != nil || rep.Sent != 1 {
		t.Fatalf("sync with the line back: %+v, %v", rep, err)
	}
	v2.Reload(ctx)
	if v2.current.Pending || v2.current.Status != model.SchedaAnswered || !strings.HasPrefix(v2.current.Answer, typed) {
		t.Errorf("after the sync: %+v", v2.current.Scheda)
	}
	ledger, _ := sb.Ledger(ctx)
	answers := 0
	for _, e := range ledger {
		if e.Action == "answer" && e.EntityID == sc.ID {
			answers++
		}
	}
	if answers != 1 {
		t.Errorf("central applied the answer %d times", answers)
	}
	if text, _, _ := again.Draft(ctx, sc.ID); text != "" {
		t.Errorf("the draft outlived the answer: %q", text)
	}
}

func TestSecondConsultantClaimingIsToldWhoHasTheScheda(t *testing.T) {
	ctx := context.Background()
	_, _, url := uitest.CentralServer(t)
	marco, _ := uitest.Consultant(t, url, "cric", "")
	teresa, _ := uitest.Consultant(t, url, "cric2", "")
	vm, _ := showInbox(t, marco)
	vt, wt := showInbox(t, teresa)
	sc := openFirst(t, vm, model.SchedaNew, model.SectionPensioni)
	vt.open(sc.ID)

	test.Tap(vm.claim)
	if _, err := marco.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	// Teresa's screen still shows it new: she claims it too, and central
	// says who was first.
	test.Tap(vt.claim)
	if _, err := teresa.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	vt.Reload(ctx)
	vt.ShowStatus(teresa.Status(ctx))
	if !strings.Contains(vt.meta.Text, "Presa in carico da Marco Santoro") || !vt.claim.Disabled() || !vt.send.Disabled() ||
		!vt.answer.Disabled() {
		t.Fatalf("Teresa's screen: %q, claim %v send %v", vt.meta.Text, vt.claim.Disabled(), vt.send.Disabled())
	}
	if !vt.bar.Parts().Conflicts.Visible() {
		t.Fatal("the conflict is not announced")
	}
	test.Tap(vt.bar.Parts().Conflicts)
	vt.bar.Settled()
	top := uitest.TopDialog(t, wt, "Accetta la versione centrale")
	if !uitest.Contains(uitest.Texts(top), "Presa in carico da Marco Santoro") {
		t.Errorf("the conflict card: %q", uitest.Texts(top))
	}
	// Claiming it again is refused at once, naming him.
	if _, err := teresa.ClaimScheda(ctx, sc.ID); err == nil || !strings.Contains(app.Explain(err), "Marco Santoro") {
		t.Errorf("claiming again: %v", err)
	}
}

func TestForwardAndConvertFromTheInbox(t *testing.T) {
	ctx := context.Background()
	_, sb, url := uitest.CentralServer(t)
	marco, _ := uitest.Consultant(t, url, "cric", "")
	v, w := showInbox(t, marco)

	fw := openFirst(t, v, model.SchedaNew, model.SectionPensioni)
	test.Tap(v.claim)
	test.Tap(v.forward)
	top := uitest.TopDialog(t, w, "Inoltra")
	pick, _ := uitest.Find[*widget.Select](top)
	if pick == nil || !strings.HasPrefix(pick.Selected, "0013") {
		t.Fatalf("the Direzione proposed for pensioni: %v", pick)
	}
	reason, _ := uitest.Find[*widgets.KeyEntry](top)
	uitest.TypeText(reason, "Periodi in Svizzera da verificare con la convenzione bilaterale.")
	test.Tap(uitest.FindButton(top, "Inoltra"))
	if v.current.Status != model.SchedaForwarded || !strings.Contains(v.current.ForwardedTo, "Pensioni") {
		t.Fatalf("after forwarding: %+v", v.current.Scheda)
	}

	cv := openFirst(t, v, model.SchedaNew, model.SectionContribuente)
	test.Tap(v.claim)
	test.Tap(v.convert)
	top = uitest.TopDialog(t, w, "Prenota e converti")
	var slots *widget.Select
	uitest.Eventually(t, "the free slots", func() bool {
		sel := uitest.All[*widget.Select](top)
		if len(sel) == 2 && len(sel[1].Options) > 0 && sel[1].Selected != "" {
			slots = sel[1]
		}
		return slots != nil
	})
	test.Tap(uitest.FindButton(top, "Prenota e converti"))
	if v.current.Status != model.SchedaConverted || v.current.Appointment == nil || !v.current.Pending {
		t.Fatalf("after converting: %+v", v.current.Scheda)
	}
	if !strings.Contains(uitest.RichText(v.outcome), "Appuntamento:") {
		t.Errorf("the scheda does not show its appointment: %q", uitest.RichText(v.outcome))
	}
	if rep, err := marco.SyncOnce(ctx); err != nil || rep.Sent != 4 {
		t.Fatalf("sync: %+v, %v", rep, err)
	}
	v.Reload(ctx)
	for id, want := range map[string]model.SchedaStatus{fw.ID: model.SchedaForwarded, cv.ID: model.SchedaConverted} {
		e, err := marco.Scheda(ctx, id)
		if err != nil || e.Status != want || e.Pending {
			t.Errorf("%s: %+v, %v", id, e.Scheda, err)
		}
	}
	ledger, _ := sb.Ledger(ctx)
	seen := map[string]int{}
	for _, e := range ledger {
		seen[e.Action+" "+e.EntityID]++
	}
	if seen["forward "+fw.ID] != 1 || seen["convert "+cv.ID] != 1 {
		t.Errorf("central's ledger: %v", seen)
	}
}

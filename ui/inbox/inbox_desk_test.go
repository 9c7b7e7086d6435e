package inbox

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"sportello/assets/i18n"
	"sportello/model"
	"sportello/ui/uitest"
)

func TestAnswerBoxWaitsForTheClaimAndAnEarlierAnswerGoesInAtTheCursor(t *testing.T) {
	ctx := context.Background()
	_, _, url := uitest.CentralServer(t)
	marco, _ := uitest.Consultant(t, url, "cric", "")
	v, w := showInbox(t, marco)
	if !strings.Contains(v.operator.Text, "Marco Santoro") || !uitest.Contains(uitest.Texts(w.Content()), "Marco Santoro") {
		t.Errorf("the inbox does not say who is signed in: %q", v.operator.Text)
	}
	sc := openFirst(t, v, model.SchedaNew, model.SectionPensioni)

	// Not taken in charge: nothing can be written, and the box says why.
	if !v.answer.Disabled() || v.answer.PlaceHolder != i18n.T("inbox.answer_claim_first") {
		t.Fatalf("an unclaimed scheda's answer box: disabled %v, %q", v.answer.Disabled(), v.answer.PlaceHolder)
	}
	uitest.TypeText(v.answer, "Bozza")
	use := uitest.FindButton(v.faq.results, i18n.T("inbox.insert"))
	if use == nil {
		t.Fatal("no earlier answer to use")
	}
	test.Tap(use)
	if v.answer.Text != "" {
		t.Fatalf("a draft was written on an unclaimed scheda: %q", v.answer.Text)
	}
	if text, _, _ := marco.Draft(ctx, sc.ID); text != "" {
		t.Fatalf("a draft was saved on an unclaimed scheda: %q", text)
	}

	test.Tap(v.claim)
	if v.answer.Disabled() || v.answer.PlaceHolder != i18n.T("inbox.answer_placeholder") {
		t.Fatalf("after the claim: disabled %v, %q", v.answer.Disabled(), v.answer.PlaceHolder)
	}
	found, err := marco.SearchAnswers(ctx, sc.Section, sc.Subject+" "+sc.Question)
	if err != nil || len(found) == 0 {
		t.Fatalf("earlier answers: %d, %v", len(found), err)
	}
	earlier := found[0].Answer

	// The greeting typed first stays first; the earlier answer follows on
	// its own line, where the cursor was, and writing goes on after it.
	greeting := "Gentile signora,"
	uitest.TypeText(v.answer, greeting)
	test.Tap(uitest.FindButton(v.faq.results, i18n.T("inbox.insert")))
	if want := greeting + "\n" + earlier; v.answer.Text != want {
		t.Fatalf("answer after inserting:\n%q\nwant\n%q", v.answer.Text, want)
	}
	if w.Canvas().Focused() != v.answer {
		t.Error("the answer box did not get the keyboard back")
	}
	uitest.TypeText(v.answer, " Cordiali saluti.")
	if !strings.HasSuffix(v.answer.Text, earlier+" Cordiali saluti.") {
		t.Errorf("typing after inserting: %q", v.answer.Text)
	}
	uitest.Eventually(t, "the draft on disk", func() bool {
		text, _, _ := marco.Draft(ctx, sc.ID)
		return text == v.answer.Text
	})

	// In the middle of the text: at the cursor, between the lines.
	v.answer.SetText("Gentile signora,\nCordiali saluti.")
	v.answer.CursorRow, v.answer.CursorColumn = 0, len("Gentile signora,")
	test.Tap(uitest.FindButton(v.faq.results, i18n.T("inbox.insert")))
	if want := "Gentile signora,\n" + earlier + "\nCordiali saluti."; v.answer.Text != want {
		t.Errorf("inserted in the middle:\n%q\nwant\n%q", v.answer.Text, want)
	}
	// Ctrl+Z takes the insertion back, as after a paste.
	fyne.DoAndWait(v.answer.Undo)
	if v.answer.Text != "Gentile signora,\nCordiali saluti." {
		t.Errorf("after undo: %q", v.answer.Text)
	}
}

func TestRecoveredDraftKeepsTheCursorAtItsEnd(t *testing.T) {
	ctx := context.Background()
	_, _, url := uitest.CentralServer(t)
	marco, _ := uitest.Consultant(t, url, "cric", "")
	v, _ := showInbox(t, marco)
	sc := openFirst(t, v, model.SchedaNew, model.SectionPensioni)
	test.Tap(v.claim)
	draft := "Gentile signora, nel suo caso"
	if err := marco.SaveDraft(ctx, sc.ID, draft); err != nil {
		t.Fatal(err)
	}
	v.current = nil
	v.open(sc.ID)
	if v.answer.Text != draft || v.answer.CursorTextOffset() != len([]rune(draft)) {
		t.Fatalf("recovered draft %q, cursor at %d", v.answer.Text, v.answer.CursorTextOffset())
	}
	test.Tap(uitest.FindButton(v.faq.results, i18n.T("inbox.insert")))
	if !strings.HasPrefix(v.answer.Text, draft+"\n") {
		t.Errorf("the earlier answer went before the recovered draft: %q", v.answer.Text)
	}
}

func TestInboxColumnsKeepTheirWidthsAfterActions(t *testing.T) {
	_, _, url := uitest.CentralServer(t)
	marco, _ := uitest.Consultant(t, url, "cric", "")
	v, w := showInbox(t, marco)
	openFirst(t, v, model.SchedaNew, model.SectionPensioni)
	at := func(o fyne.CanvasObject) fyne.Position {
		return fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
	}
	claimAt, listW, sideAt := at(v.claim), v.list.Size().Width, at(v.faq.content)
	test.Tap(v.claim)
	uitest.TypeText(v.answer, "Gentile signora, la pensione le spetta.")
	sendAt := at(v.send)
	test.Tap(v.send)
	if !strings.Contains(v.saved.Text, "Risposta registrata") {
		t.Fatalf("after sending: %q", v.saved.Text)
	}
	// Lay the window out again, as the next frame on screen does when a
	// minimum size changed (the test canvas does not by itself).
	size := w.Canvas().Size()
	w.Resize(size.AddWidthHeight(1, 0))
	w.Resize(size)
	if at(v.claim) != claimAt || at(v.send) != sendAt || at(v.faq.content).X != sideAt.X || v.list.Size().Width != listW {
		t.Errorf("the columns moved: claim %v→%v, send %v→%v, answers %v→%v, list width %.0f→%.0f",
			claimAt, at(v.claim), sendAt, at(v.send), sideAt, at(v.faq.content), listW, v.list.Size().Width)
	}
}

func TestSchedaFileAndTrailNameTheSchedaByItsNumber(t *testing.T) {
	ctx := context.Background()
	_, sb, url := uitest.CentralServer(t)
	marco, _ := uitest.Consultant(t, url, "cric", "")
	v, _ := showInbox(t, marco)
	sc := openFirst(t, v, model.SchedaNew, model.SectionContribuente)
	if want := "Fascicolo aperto dalla scheda " + sc.Number + "."; v.file.SlotText() != want {
		t.Errorf("the file panel says %q, want %q", v.file.SlotText(), want)
	}
	test.Tap(v.claim)
	trail, err := marco.AuditTrail(ctx)
	if err != nil {
		t.Fatal(err)
	}
	opened, claimed := false, false
	for _, e := range trail {
		if e.Ref == sc.ID {
			t.Errorf("the trail names the scheda by its id: %s %s", e.Action, e.Ref)
		}
		opened = opened || e.Action == "open_file" && e.Reason == model.AccessScheda && e.Ref == sc.Number
		claimed = claimed || e.Action == "scheda_claim" && e.Ref == sc.Number
	}
	if !opened || !claimed {
		t.Fatalf("the trail does not name scheda %s as on screen (opened %v, claimed %v)", sc.Number, opened, claimed)
	}
	if _, err := marco.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	refs, err := sb.AuditRefs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range trail {
		if e.Reason == model.AccessScheda && (e.Ref == sc.Number) != (refs[e.ID] == sc.Number) {
			t.Errorf("central's audit names %s %q, want %s", e.Action, refs[e.ID], sc.Number)
		}
	}
}

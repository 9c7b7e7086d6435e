package app

import (
	"context"
	"errors"
	"strings"
	"testing"

	"sportello/cache"
	"sportello/model"
)

// firstNew returns the oldest new scheda of a section in c's inbox.
func firstNew(t *testing.T, c *Console, section model.Section, skip int) model.InboxEntry {
	t.Helper()
	list, _, err := c.Inbox(context.Background(), InboxFilter{Section: section, Status: model.SchedaNew})
	if err != nil || len(list) <= skip {
		t.Fatalf("new %s schede: %d, %v", section, len(list), err)
	}
	return list[skip]
}

func TestTwoConsultantsClaimOneSchedaAndTheSecondIsToldWhoHasIt(t *testing.T) {
	ctx := context.Background()
	_, l, _, url := testConsole(t)
	marco, teresa := consoleOn(t, url, "cric"), consoleOn(t, url, "cric2")
	for _, c := range []*Console{marco, teresa} {
		if _, err := c.SyncOnce(ctx); err != nil {
			t.Fatal(err)
		}
	}
	// Both see the same new pensioni scheda (their shared section) and
	// take it in charge: on each laptop it is theirs at once.
	sc := firstNew(t, marco, model.SectionPensioni, 0)
	if _, err := marco.ClaimScheda(ctx, sc.ID); err != nil {
		t.Fatal(err)
	}
	l.Unplug() // Teresa's claim waits on her laptop
	if _, err := teresa.ClaimScheda(ctx, sc.ID); err != nil {
		t.Fatal(err)
	}
	if err := teresa.SaveDraft(ctx, sc.ID, "Gentile utente, la quota 41"); err != nil {
		t.Fatal(err)
	}
	l.Plug()
	if _, err := marco.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := teresa.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	mine, _ := marco.Scheda(ctx, sc.ID)
	if mine.HolderID != "cric" || mine.Pending {
		t.Errorf("Marco's copy: %+v", mine)
	}
	hers, _ := teresa.Scheda(ctx, sc.ID)
	if hers.HolderName != "Marco Santoro" || hers.Pending || !hers.Draft {
		t.Errorf("Teresa's copy after the conflict: holder %q pending %v draft %v", hers.HolderName, hers.Pending, hers.Draft)
	}
	conflicts, err := teresa.Conflicts(ctx)
	if err != nil || len(conflicts) != 1 || conflicts[0].Kind != model.KindScheda || conflicts[0].Central == nil ||
		!strings.Contains(conflicts[0].Message, "Marco Santoro") {
		t.Fatalf("Teresa's conflicts: %+v, %v", conflicts, err)
	}
	// She cannot work on it any more, and is told why.
	_, err = teresa.AnswerScheda(ctx, sc.ID, "Risposta")
	var held *cache.HeldError
	if !errors.As(err, &held) || !strings.Contains(Explain(err), "Marco Santoro") {
		t.Errorf("answering Marco's scheda: %v (%s)", err, Explain(err))
	}
	if text, _, _ := teresa.Draft(ctx, sc.ID); text == "" {
		t.Error("her draft was lost")
	}
}

func TestConsultantsWorkOfflineReachesCentralOnce(t *testing.T) {
	ctx := context.Background()
	_, l, sb, url := testConsole(t)
	c := consoleOn(t, url, "cric")
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	answer, forward, convert := firstNew(t, c, model.SectionPensioni, 0), firstNew(t, c, model.SectionPensioni, 1),
		firstNew(t, c, model.SectionContribuente, 0)
	// Converting needs the free slots, from central: looked up while online.
	offices, home, err := c.Agencies(ctx, convert.CitizenCF)
	if err != nil || len(offices) < 2 {
		t.Fatalf("agencies: %d, %v", len(offices), err)
	}
	if home == "" {
		home = offices[0].Code
	}
	free, err := c.AppointmentSlots(ctx, home)
	if err != nil || len(free) == 0 {
		t.Fatalf("free slots at %s: %d, %v", home, len(free), err)
	}

	l.Unplug()
	for _, id := range []string{answer.ID, forward.ID, convert.ID} {
		if _, err := c.ClaimScheda(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.SaveDraft(ctx, answer.ID, "Gentile utente, con 41 anni"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AnswerScheda(ctx, answer.ID, "Gentile utente, con 41 anni di contributi e un anno di lavoro prima dei 19 anni può accedere alla quota 41."); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ForwardScheda(ctx, forward.ID, "0013", "Periodi esteri da verificare con la Direzione centrale."); err != nil {
		t.Fatal(err)
	}
	conv, err := c.ConvertScheda(ctx, convert.ID, free[0], model.ChannelWebMeeting)
	if err != nil || conv.Appointment == nil || !conv.Appointment.Start.Equal(free[0].Start) {
		t.Fatalf("convert offline: %+v, %v", conv, err)
	}
	if _, err := c.SyncOnce(ctx); err == nil {
		t.Fatal("sync with the line down succeeded")
	}
	if st := c.Status(ctx); st.Pending != 6 {
		t.Errorf("waiting: %d actions, want 6", st.Pending)
	}
	if text, _, _ := c.Draft(ctx, answer.ID); text != "" {
		t.Errorf("the draft outlived the answer: %q", text)
	}

	l.Plug()
	rep, err := c.SyncOnce(ctx)
	if err != nil || rep.Sent != 6 {
		t.Fatalf("sync: %+v, %v", rep, err)
	}
	ledger, _ := sb.Ledger(ctx)
	applied := map[string]int{}
	for _, e := range ledger {
		if e.Action != "book" { // a conversion books its slot too, under the same key
			applied[e.Key]++
		}
	}
	actions, _ := c.store.Actions(ctx)
	for _, a := range actions {
		if applied[a.Key] != 1 || a.State != cache.StateDone {
			t.Errorf("action %d: applied %d times, state %s", a.Seq, applied[a.Key], a.State)
		}
	}
	for id, want := range map[string]model.SchedaStatus{answer.ID: model.SchedaAnswered, forward.ID: model.SchedaForwarded,
		convert.ID: model.SchedaConverted} {
		e, err := c.Scheda(ctx, id)
		if err != nil || e.Status != want || e.Pending || e.HolderID != "cric" {
			t.Errorf("scheda %s: %+v, %v; want %s", id, e.Scheda, err, want)
		}
	}
	if e, _ := c.Scheda(ctx, convert.ID); e.Appointment == nil || e.Appointment.MeetingURL == "" {
		t.Errorf("the conversion's appointment: %+v", e.Appointment)
	}
	// The new answer joins the section's shared answers.
	found, err := c.SearchAnswers(ctx, model.SectionPensioni, "quota 41 contributi lavoro prima dei 19 anni")
	if err != nil || len(found) == 0 {
		t.Fatalf("search answers: %v", err)
	}
	hit := false
	for _, f := range found {
		hit = hit || f.ID == answer.ID
	}
	if !hit {
		t.Errorf("the answer just sent is not among %d found", len(found))
	}
}

func TestInboxCountsAndFilesOfTheConsultantsSections(t *testing.T) {
	ctx := context.Background()
	_, _, _, url := testConsole(t)
	c := consoleOn(t, url, "cric")
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	open, total, err := c.Inbox(ctx, InboxFilter{})
	if err != nil || total == 0 || len(open) != total {
		t.Fatalf("open schede: %d of %d, %v", len(open), total, err)
	}
	for i, e := range open {
		if e.Section == model.SectionReddito || !e.Status.Open() {
			t.Errorf("inbox lists %s/%s", e.Section, e.Status)
		}
		if i > 0 && e.ReceivedAt.Before(open[i-1].ReceivedAt) {
			t.Errorf("not oldest first at %d", i)
		}
		if e.CitizenName == "" {
			t.Errorf("scheda %s: the citizen's file was not brought", e.ID)
		}
	}
	counts, err := c.SchedaCounts(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	sum := 0
	for _, st := range []model.SchedaStatus{model.SchedaNew, model.SchedaInCharge, model.SchedaWaiting} {
		k := counts[st]
		if k.Fresh+k.Aging+k.Late != k.Total {
			t.Errorf("%s: %+v do not add up", st, k)
		}
		sum += k.Total
	}
	if sum != total || counts[model.SchedaAnswered].Total < 100 {
		t.Errorf("counts %+v, inbox %d", counts, total)
	}
	if late := counts[model.SchedaNew].Late; late == 0 {
		t.Errorf("no new scheda past the %v target: %+v", c.SchedaTarget(), counts[model.SchedaNew])
	}
}

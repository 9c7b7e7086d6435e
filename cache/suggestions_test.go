package cache

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"sportello/model"
)

// withSuggestions is rossi's file with two suggestions of central's.
func withSuggestions() model.Citizen {
	c := rossi
	c.Version = 1
	c.Suggestions = []model.Suggestion{
		{ID: "SG-auu", Benefit: "Assegno unico universale", Rule: "auu_children", Facts: []string{"Nucleo con 2 figli minori (7 e 12 anni)"},
			RuleText: "Per ogni figlio a carico fino a 21 anni.", Basis: "D.Lgs. 29 dicembre 2021, n. 230", ToCheck: []string{"ISEE"}},
		{ID: "SG-nido", Benefit: "Bonus asilo nido", Rule: "bonus_nido", Facts: []string{"Figlio di 2 anni"},
			Basis: "L. 11 dicembre 2016, n. 232, art. 1, comma 355"},
	}
	return c
}

// openWithSuggestions is a mirror on a temporary file holding the
// snapshot with rossi's file and its suggestions; it closes with the test.
func openWithSuggestions(t *testing.T) (*Store, string) {
	t.Helper()
	s, file := openTemp(t, NewKeys())
	t.Cleanup(func() { s.Close() })
	snap := snapshot()
	snap.Citizens = []CitizenFile{{Citizen: withSuggestions(), ETag: `"c1"`}}
	if err := s.ApplySnapshot(context.Background(), snap); err != nil {
		t.Fatal(err)
	}
	return s, file
}

// TestSuggestionMarkOfflineIsKeptUntilSentOnce: the mark lands in the
// mirrored file at once (pending, with its history entry) in the same
// transaction as its outbox row; a pull of central's older file keeps it;
// a failed attempt leaves the row, with the same key, until it is done.
func TestSuggestionMarkOfflineIsKeptUntilSentOnce(t *testing.T) {
	s, file := openWithSuggestions(t)
	ctx := context.Background()
	a := model.SuggestionMarkAction{CF: rossi.CF, SuggestionID: "SG-nido", Benefit: "Bonus asilo nido", Mark: model.MarkNotRelevant,
		Reason: "già percepita", At: at(10, 7), OperatorID: "demo", Operator: "Anna Lombardi", Office: "Sede provinciale di Salerno"}
	if err := s.EnqueueSuggestionMark(ctx, "k-mark-1", model.SuggestionMarkAction{CF: rossi.CF, SuggestionID: "SG-none",
		Mark: model.MarkProposed, At: at(10, 6)}); !errors.Is(err, ErrNoSuchSuggestion) {
		t.Errorf("unknown suggestion: %v", err)
	}
	if err := s.EnqueueSuggestionMark(ctx, "k-mark-2", a); err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		t.Helper()
		c, err := s.Citizen(ctx, rossi.CF)
		if err != nil {
			t.Fatal(err)
		}
		got := c.Suggestions[1]
		if got.Mark != model.MarkNotRelevant || got.MarkReason != "già percepita" || !got.Pending || c.Suggestions[0].Mark != "" {
			t.Errorf("%s: suggestions %+v", when, c.Suggestions)
		}
		if len(c.History) != 1 || !c.History[0].Pending || c.History[0].Outcome != "suggestion_not_relevant" || c.History[0].Service != "Bonus asilo nido" {
			t.Errorf("%s: history %+v", when, c.History)
		}
	}
	check("after the mark")
	// A pull brings central's file without the mark: the pending mark stays.
	if err := s.PutCitizens(ctx, []CitizenFile{{Citizen: withSuggestions(), ETag: `"c1"`}}, at(10, 8)); err != nil {
		t.Fatal(err)
	}
	check("after a pull")
	// The file is sealed as a whole: neither facts nor the reason are on
	// disk in clear.
	disk, _ := os.ReadFile(file)
	wal, _ := os.ReadFile(file + "-wal")
	for _, secret := range []string{"Nucleo con 2 figli", "già percepita", "Bonus asilo nido"} {
		if strings.Contains(string(disk)+string(wal), secret) {
			t.Errorf("%q on disk in clear", secret)
		}
	}
	// One row, the same key on every attempt; once done, central's file
	// (with the mark) replaces the pending one.
	pending, err := s.Pending(ctx)
	if err != nil || len(pending) != 1 || pending[0].Key != "k-mark-2" || pending[0].Kind != model.KindSuggestion {
		t.Fatalf("outbox: %+v, %v", pending, err)
	}
	if err := s.ActionFailed(ctx, pending[0].Seq, "offline", true); err != nil {
		t.Fatal(err)
	}
	again, _ := s.Pending(ctx)
	if len(again) != 1 || again[0].Key != "k-mark-2" || again[0].Attempts != 1 {
		t.Fatalf("after a failed attempt: %+v", again)
	}
	if err := s.ActionDone(ctx, again[0].Seq, nil, at(10, 9)); err != nil {
		t.Fatal(err)
	}
	central := withSuggestions()
	central.Version = 2
	central.MarkSuggestion("SG-nido", model.MarkNotRelevant, "già percepita", at(10, 9), "Anna Lombardi")
	central.History = []model.HistoryEntry{model.MarkHistory(central.Suggestions[1], at(10, 9), "Sede provinciale di Salerno", "demo", "Anna Lombardi")}
	if err := s.PutCitizens(ctx, []CitizenFile{{Citizen: central, ETag: `"c2"`}}, at(10, 10)); err != nil {
		t.Fatal(err)
	}
	c, _ := s.Citizen(ctx, rossi.CF)
	if c.Suggestions[1].Pending || len(c.History) != 1 || c.History[0].Pending {
		t.Errorf("after central's file: %+v, history %+v", c.Suggestions[1], c.History)
	}
}

// TestSuggestionsShownOncePerDay: a file shown again the same day adds no
// "shown" entry; the next day does.
func TestSuggestionsShownOncePerDay(t *testing.T) {
	s, _ := openTemp(t, NewKeys())
	defer s.Close()
	ctx := context.Background()
	if err := s.ApplySnapshot(ctx, snapshot()); err != nil {
		t.Fatal(err)
	}
	for _, when := range []int{9, 11} {
		if err := s.RecordSuggestionsShown(ctx, rossi.CF, []string{"SG-auu", "SG-nido"}, at(when, 0), false); err != nil {
			t.Fatal(err)
		}
	}
	n, err := s.SuggestionCounts(ctx, day, day.AddDate(0, 0, 1))
	if err != nil || n[model.AuditSuggestionShown] != 2 {
		t.Errorf("shown today: %v, %v; want 2", n, err)
	}
	if err := s.RecordSuggestionsShown(ctx, rossi.CF, []string{"SG-auu"}, at(24+9, 0), false); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.SuggestionCounts(ctx, day.AddDate(0, 0, 1), day.AddDate(0, 0, 2)); n[model.AuditSuggestionShown] != 1 {
		t.Errorf("shown the next day: %v; want 1", n)
	}
}

// TestSuggestionMarkHeldIsTakenBack: a mark held for the undo window goes
// with Undo: the suggestion as it was (an earlier mark too), its history
// entry, its outbox row and its audit entry, in one transaction.
func TestSuggestionMarkHeldIsTakenBack(t *testing.T) {
	s, _ := openWithSuggestions(t)
	ctx := context.Background()
	mark := func(key string, m model.SuggestionMark, at time.Time) {
		t.Helper()
		if err := s.EnqueueSuggestionMarkHeld(ctx, key, model.SuggestionMarkAction{CF: rossi.CF, SuggestionID: "SG-auu",
			Benefit: "Assegno unico universale", Mark: m, At: at, OperatorID: "demo", Operator: "Anna Lombardi"}, at.Add(10*time.Second)); err != nil {
			t.Fatal(err)
		}
	}
	mark("k-held-1", model.MarkProposed, at(10, 7))
	mark("k-held-2", model.MarkStarted, at(10, 8))
	if err := s.Undo(ctx, "k-held-1", at(10, 8)); !errors.Is(err, ErrNotLast) {
		t.Errorf("undo of the earlier mark: %v, want ErrNotLast", err)
	}
	if err := s.Undo(ctx, "k-held-2", at(10, 8)); err != nil {
		t.Fatal(err)
	}
	c, _ := s.Citizen(ctx, rossi.CF)
	if got := c.Suggestions[0]; got.Mark != model.MarkProposed || len(c.History) != 1 || c.History[0].Outcome != "suggestion_proposed" {
		t.Errorf("after taking the start back: %+v, history %+v", got, c.History)
	}
	n, _ := s.SuggestionCounts(ctx, day, day.AddDate(0, 0, 1))
	if n["suggestion_started"] != 0 || n["suggestion_proposed"] != 1 {
		t.Errorf("audit after the undo: %v", n)
	}
	if pending, _ := s.Pending(ctx); len(pending) != 1 || pending[0].Key != "k-held-1" {
		t.Errorf("outbox after the undo: %+v", pending)
	}
}

// TestSameMarkTwiceIsOne: the same mark given twice before the sync (a key
// pressed twice) is refused the second time: one outbox row, one history
// entry, one audit entry for the report. A pull of central's file that
// has the mark already (its answer lost) does not apply it a second time.
func TestSameMarkTwiceIsOne(t *testing.T) {
	s, _ := openWithSuggestions(t)
	ctx := context.Background()
	a := model.SuggestionMarkAction{CF: rossi.CF, SuggestionID: "SG-auu", Benefit: "Assegno unico universale", Mark: model.MarkProposed,
		At: at(10, 7), OperatorID: "demo", Operator: "Anna Lombardi", Office: "Sede provinciale di Salerno"}
	if err := s.EnqueueSuggestionMark(ctx, "k-twice-1", a); err != nil {
		t.Fatal(err)
	}
	a.At = at(10, 8)
	if err := s.EnqueueSuggestionMark(ctx, "k-twice-2", a); !errors.Is(err, model.ErrAlreadyMarked) {
		t.Errorf("the same mark again: %v", err)
	}
	pending, _ := s.Pending(ctx)
	n, _ := s.SuggestionCounts(ctx, at(0, 0), at(23, 59))
	c, _ := s.Citizen(ctx, rossi.CF)
	if len(pending) != 1 || n["suggestion_proposed"] != 1 || len(c.History) != 1 {
		t.Errorf("after the same mark twice: %d pending, counts %v, history %+v", len(pending), n, c.History)
	}
	// Central applied it, the answer was lost: its file has the mark.
	central := withSuggestions()
	central.Version = 2
	central.MarkSuggestion("SG-auu", model.MarkProposed, "", at(10, 9), "Anna Lombardi")
	central.History = []model.HistoryEntry{model.MarkHistory(central.Suggestions[0], at(10, 9), "Sede provinciale di Salerno", "demo", "Anna Lombardi")}
	if err := s.PutCitizens(ctx, []CitizenFile{{Citizen: central, ETag: `"c2"`}}, at(10, 10)); err != nil {
		t.Fatal(err)
	}
	if c, _ := s.Citizen(ctx, rossi.CF); len(c.History) != 1 || c.Suggestions[0].Mark != model.MarkProposed {
		t.Errorf("central's file with the mark, the mark still pending: history %+v", c.History)
	}
}

// TestAuditRefSealed: an audit entry's reference is sealed on disk (a
// suggested right's id names its rule, for a citizen: "SG-integrazione_
// minimo-…" says the citizen's pension is low) and reads back; a row
// written before references were sealed reads as it was.
func TestAuditRefSealed(t *testing.T) {
	s, file := openWithSuggestions(t)
	ctx := context.Background()
	const ref = "SG-integrazione_minimo-0a967694"
	if err := s.RecordSuggestionsShown(ctx, rossi.CF, []string{ref}, at(10, 7), false); err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.ExecContext(ctx, `INSERT INTO audit_queue(id, operator_id, action, cf, reason, ref, at, offline)
		VALUES ('old-1', 'demo', 'open_file', ?, 'appointment', 'slot-42', ?, 0)`,
		s.box.seal([]byte(rossi.CF), auditCF.at("old-1")), at(10, 8).UnixMilli()); err != nil {
		t.Fatal(err)
	}
	trail, err := s.AuditTrail(ctx, at(0, 0), 10)
	refs := map[string]bool{}
	for _, e := range trail {
		refs[e.Ref] = true
	}
	if err != nil || !refs[ref] || !refs["slot-42"] {
		t.Fatalf("trail: %+v, %v", trail, err)
	}
	for _, f := range Files(file) {
		if b, _ := os.ReadFile(f); strings.Contains(string(b), "integrazione_minimo") {
			t.Errorf("%s holds the suggestion's id in clear", f)
		}
	}
}

// TestRefusedMarkTakenBack: a mark central refuses (422, 404: the
// suggestion is gone there) leaves the mirrored file, which no pull would
// mend (central's file did not change): it showed waiting, with its
// history entry, for good. A later mark on the same suggestion, still
// waiting, stays.
func TestRefusedMarkTakenBack(t *testing.T) {
	s, _ := openWithSuggestions(t)
	ctx := context.Background()
	a := model.SuggestionMarkAction{CF: rossi.CF, SuggestionID: "SG-auu", Benefit: "Assegno unico universale", Mark: model.MarkProposed,
		At: at(10, 7), OperatorID: "demo", Operator: "Anna Lombardi", Office: "Sede provinciale di Salerno"}
	if err := s.EnqueueSuggestionMark(ctx, "k-refused-1", a); err != nil {
		t.Fatal(err)
	}
	pending, _ := s.Pending(ctx)
	if err := s.ActionRejected(ctx, pending[0].Seq, "Nessun dato corrispondente", at(10, 8)); err != nil {
		t.Fatal(err)
	}
	c, _ := s.Citizen(ctx, rossi.CF)
	if c.Suggestions[0].Mark != "" || c.Suggestions[0].Pending || len(c.History) != 0 {
		t.Errorf("after the refusal: %+v, history %+v", c.Suggestions[0], c.History)
	}
	if n, _ := s.SuggestionCounts(ctx, at(0, 0), at(23, 59)); n["suggestion_proposed"] != 0 {
		t.Errorf("the refused mark is counted: %v", n)
	}

	// Proposed, then started, both waiting; central refuses the first
	// with a conflict: the start stays, the proposal's entry goes.
	a.At = at(10, 9)
	if err := s.EnqueueSuggestionMark(ctx, "k-refused-2", a); err != nil {
		t.Fatal(err)
	}
	b := a
	b.Mark, b.At = model.MarkStarted, at(10, 10)
	if err := s.EnqueueSuggestionMark(ctx, "k-refused-3", b); err != nil {
		t.Fatal(err)
	}
	pending, _ = s.Pending(ctx)
	if err := s.ActionConflict(ctx, pending[0].Seq, nil, "cambiato", at(10, 11)); err != nil {
		t.Fatal(err)
	}
	c, _ = s.Citizen(ctx, rossi.CF)
	if g := c.Suggestions[0]; g.Mark != model.MarkStarted || !g.Pending || len(c.History) != 1 || c.History[0].Outcome != "suggestion_started" {
		t.Errorf("after the first of two refused: %+v, history %+v", g, c.History)
	}
	if n, _ := s.SuggestionCounts(ctx, at(0, 0), at(23, 59)); n["suggestion_proposed"] != 0 || n["suggestion_started"] != 1 {
		t.Errorf("counts after the conflict: %v", n)
	}
}

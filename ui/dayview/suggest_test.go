package dayview

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sportello/app"
	"sportello/assets/i18n"
	"sportello/model"
	"sportello/ui/uitest"
	"sportello/ui/widgets"
)

// openWithSuggestions selects the booked slot of the day whose citizen's
// file has the most suggestions (two at least), and returns the file.
func openWithSuggestions(t *testing.T, c *app.Console, v *DayView) model.Citizen {
	t.Helper()
	best, bestN := -1, 0
	for i, e := range v.entries {
		if e.CitizenCF == "" {
			continue
		}
		f, err := c.Citizen(context.Background(), e.CitizenCF, model.Access{Reason: model.AccessAppointment})
		if err == nil && len(f.Suggestions) > bestN {
			best, bestN = i, len(f.Suggestions)
		}
	}
	if bestN < 2 {
		t.Fatalf("no booked citizen with two suggestions (best %d)", bestN)
	}
	fyne.DoAndWait(func() { v.selectEntry(best) })
	return v.cit
}

func fileText(v *DayView) string {
	var b strings.Builder
	for _, rt := range uitest.All[*widget.RichText](v.file.Content()) {
		b.WriteString(uitest.RichText(rt))
	}
	return b.String()
}

// TestFileShowsSuggestionsAndTheKeysMarkThem: the file's "Diritti da
// verificare" lists the unmarked suggestions first with their reasons;
// the keys select one and mark it proposed, not relevant (with a reason
// from the dialog, Enter confirms, Esc leaves) and started; each mark
// shows in the file and its contact history at once.
func TestFileShowsSuggestionsAndTheKeysMarkThem(t *testing.T) {
	test.NewTempApp(t)
	c := uitest.NewConsole(t)
	v, w := showDay(t, c)
	cit := openWithSuggestions(t, c, v)
	first, second := cit.Suggestions[0], cit.Suggestions[1]
	text := fileText(v)
	for _, want := range []string{i18n.T("suggestion.title"), i18n.T("suggestion.selected", first.Benefit), second.Benefit,
		i18n.T("suggestion.why", strings.Join(first.Facts, "; ")), i18n.T("suggestion.rule", first.RuleText, first.Basis),
		i18n.T("suggestion.to_check", strings.Join(first.ToCheck, "; "))} {
		if !strings.Contains(text, want) {
			t.Errorf("the file does not show %q:\n%s", want, text)
		}
	}

	// Ctrl+Shift+P: the first proposed; it goes after the unmarked one,
	// and stays selected.
	uitest.Key(w, uitest.Ctrl|fyne.KeyModifierShift, fyne.KeyP)
	text = fileText(v)
	mark := first.Benefit + " · " + i18n.T("suggestion.mark.proposed")
	if !strings.Contains(text, mark) || !strings.Contains(text, i18n.T("outcome.suggestion_proposed")) {
		t.Fatalf("after Ctrl+Shift+P the file lacks %q:\n%s", mark, text)
	}
	if strings.Index(text, second.Benefit) > strings.Index(text, mark) {
		t.Errorf("the unmarked suggestion is not listed first:\n%s", text)
	}

	// Alt+↓ moves to the other; Ctrl+Shift+N asks why; Esc leaves it.
	uitest.Key(w, fyne.KeyModifierAlt, fyne.KeyDown)
	if s, _ := v.file.SelectedSuggestion(); s.ID != second.ID {
		sel, _ := v.file.SelectedSuggestion()
		t.Fatalf("Alt+↓ selected %s, want %s", sel.ID, second.ID)
	}
	uitest.Key(w, uitest.Ctrl|fyne.KeyModifierShift, fyne.KeyN)
	uitest.TopDialog(t, w, i18n.T("suggestion.not_relevant_confirm"))
	uitest.Key(w, 0, fyne.KeyEscape)
	if uitest.OverlayOpen(w) {
		t.Fatal("Esc did not close the reason's dialog")
	}
	if f, _ := c.Citizen(context.Background(), cit.CF, model.Access{Reason: model.AccessFile}); f.Suggestions[1].Mark != "" {
		t.Errorf("Esc marked the suggestion: %+v", f.Suggestions[1])
	}
	// Again: → picks "requisiti non soddisfatti", a detail typed, Enter.
	uitest.Key(w, uitest.Ctrl|fyne.KeyModifierShift, fyne.KeyN)
	dlg := uitest.TopDialog(t, w, i18n.T("suggestion.not_relevant_confirm"))
	sel, _ := uitest.Find[*widgets.KeySelect](dlg)
	uitest.Key(w, 0, fyne.KeyRight)
	entry, _ := uitest.Find[*widgets.KeyEntry](dlg)
	fyne.DoAndWait(func() { w.Canvas().Focus(entry) })
	uitest.TypeSlowly(w, "ISEE sopra soglia")
	uitest.Key(w, 0, fyne.KeyReturn)
	if uitest.OverlayOpen(w) {
		t.Fatalf("Enter did not confirm the dialog (choice %q)", sel.Selected)
	}
	want := i18n.T("suggestion.reason.requirements") + ": ISEE sopra soglia"
	f, _ := c.Citizen(context.Background(), cit.CF, model.Access{Reason: model.AccessFile})
	got := map[string]model.Suggestion{}
	for _, s := range f.Suggestions {
		got[s.ID] = s
	}
	if g := got[second.ID]; g.Mark != model.MarkNotRelevant || g.MarkReason != want || !g.Pending {
		t.Errorf("not relevant: %+v, want reason %q", g, want)
	}
	if !strings.Contains(fileText(v), want) {
		t.Errorf("the file does not show the reason %q", want)
	}

	// Ctrl+Shift+A on the same: application started (a new mark replaces).
	uitest.Key(w, uitest.Ctrl|fyne.KeyModifierShift, fyne.KeyA)
	f, _ = c.Citizen(context.Background(), cit.CF, model.Access{Reason: model.AccessFile})
	for _, s := range f.Suggestions {
		if s.ID == second.ID && s.Mark != model.MarkStarted {
			t.Errorf("after Ctrl+Shift+A: %+v", s)
		}
	}
	if n := countPrefix(f.History, "suggestion_"); n != 3 {
		t.Errorf("%d marks in the contact history, want 3", n)
	}
	if st, _ := c.SuggestionStats(context.Background(), uitest.Monday); st.Proposed != 1 || st.NotRelevant != 1 || st.Started != 1 || st.Shown < 2 {
		t.Errorf("the day's counts: %+v", st)
	}

}

func countPrefix(h []model.HistoryEntry, prefix string) int {
	n := 0
	for _, e := range h {
		if strings.HasPrefix(string(e.Outcome), prefix) {
			n++
		}
	}
	return n
}

// TestSuggestionKeysAreInTheHelp: the help lists the keys that mark.
func TestSuggestionKeysAreInTheHelp(t *testing.T) {
	test.NewTempApp(t)
	c := uitest.NewConsole(t)
	_, w := showDay(t, c)
	uitest.Key(w, uitest.Ctrl, fyne.KeyH)
	dlg := uitest.TopDialog(t, w, i18n.T("dialog.close"))
	texts := uitest.Texts(dlg)
	for _, k := range []string{"keys.next_suggestion", "keys.suggestion_proposed", "keys.suggestion_not_relevant", "keys.suggestion_started"} {
		if !uitest.Contains(texts, i18n.T(k)) {
			t.Errorf("the help lacks %q", i18n.T(k))
		}
	}
}

// TestSuggestionMarkTakenBackWithCtrlZ: a mark is held for the undo window
// like a slot event; Ctrl+Z while the bar shows it puts the suggestion
// back as it was, in the mirror and on screen, and takes its count away.
func TestSuggestionMarkTakenBackWithCtrlZ(t *testing.T) {
	test.NewTempApp(t)
	c, _ := heldConsole(t)
	v, w := showDay(t, c)
	cit := openWithSuggestions(t, c, v)
	second := cit.Suggestions[0]
	uitest.Key(w, uitest.Ctrl|fyne.KeyModifierShift, fyne.KeyP)
	uitest.Eventually(t, "the undo bar", func() bool {
		var on bool
		fyne.DoAndWait(func() {
			on = v.actions.undo.Content.Visible() && strings.Contains(v.actions.undo.Label.Text, second.Benefit)
		})
		return on
	})
	uitest.Key(w, uitest.Ctrl, fyne.KeyZ)
	uitest.Eventually(t, "the mark taken back", func() bool {
		f, _ := c.Citizen(context.Background(), cit.CF, model.Access{Reason: model.AccessFile})
		return f.Suggestions[0].Mark == "" && countPrefix(f.History, "suggestion_") == 0
	})
	if text := fileText(v); strings.Contains(text, i18n.T("suggestion.mark.proposed")) {
		t.Errorf("after Ctrl+Z the file shows:\n%s", text)
	}
	if st, _ := c.SuggestionStats(context.Background(), uitest.Monday); st.Proposed != 0 {
		t.Errorf("the day's counts after the undo: %+v", st)
	}
	if n := c.Status(context.Background()); n.Pending != 0 {
		t.Errorf("the mark is still queued: %+v", n)
	}
}

// TestSameMarkKeyTwice: Ctrl+Shift+P pressed twice marks once: the file
// (on screen and in the mirror) has one entry of the mark, the report
// counts one, and the second press says so on the info line, without an
// error dialog.
func TestSameMarkKeyTwice(t *testing.T) {
	test.NewTempApp(t)
	c := uitest.NewConsole(t)
	v, w := showDay(t, c)
	cit := openWithSuggestions(t, c, v)
	uitest.Key(w, uitest.Ctrl|fyne.KeyModifierShift, fyne.KeyP)
	uitest.Key(w, uitest.Ctrl|fyne.KeyModifierShift, fyne.KeyP)
	uitest.Eventually(t, "the second press told", func() bool {
		var s string
		fyne.DoAndWait(func() { s = v.actions.info.Text })
		return s == i18n.T("err.already_marked")
	})
	if uitest.OverlayOpen(w) {
		t.Error("the second press opened a dialog")
	}
	f, _ := c.Citizen(context.Background(), cit.CF, model.Access{Reason: model.AccessFile})
	var shown int
	fyne.DoAndWait(func() { shown = countPrefix(v.cit.History, "suggestion_") })
	if n := countPrefix(f.History, "suggestion_"); n != 1 || shown != 1 {
		t.Errorf("marks in the contact history: %d in the mirror, %d on screen, want 1", n, shown)
	}
	if st, _ := c.SuggestionStats(context.Background(), uitest.Monday); st.Proposed != 1 {
		t.Errorf("the day's counts: %+v", st)
	}
}

// TestNotRelevantReasonBound: the detail is bounded with the reason chosen
// before it, as central bounds the reason sent: a detail of 190
// characters after "requisiti non soddisfatti: " keeps the dialog open
// (it was sent, refused, and the mark lost behind a generic error); a
// tab pasted in is a space.
func TestNotRelevantReasonBound(t *testing.T) {
	test.NewTempApp(t)
	c := uitest.NewConsole(t)
	v, w := showDay(t, c)
	cit := openWithSuggestions(t, c, v)
	first := cit.Suggestions[0]
	uitest.Key(w, uitest.Ctrl|fyne.KeyModifierShift, fyne.KeyN)
	dlg := uitest.TopDialog(t, w, i18n.T("suggestion.not_relevant_confirm"))
	uitest.Key(w, 0, fyne.KeyRight)
	entry, _ := uitest.Find[*widgets.KeyEntry](dlg)
	fyne.DoAndWait(func() { w.Canvas().Focus(entry); entry.SetText(strings.Repeat("x", 190)) })
	uitest.Key(w, 0, fyne.KeyReturn)
	if !uitest.OverlayOpen(w) {
		t.Fatal("a reason past 200 characters closed the dialog")
	}
	fyne.DoAndWait(func() { entry.SetText("ISEE\toltre la soglia") })
	uitest.Key(w, 0, fyne.KeyReturn)
	want := i18n.T("suggestion.reason.requirements") + ": ISEE oltre la soglia"
	uitest.Eventually(t, "the mark with the reason", func() bool {
		f, _ := c.Citizen(context.Background(), cit.CF, model.Access{Reason: model.AccessFile})
		for _, s := range f.Suggestions {
			if s.ID == first.ID {
				return s.Mark == model.MarkNotRelevant && s.MarkReason == want
			}
		}
		return false
	})
	if uitest.OverlayOpen(w) {
		t.Error("a dialog is open after the mark")
	}
}

package inbox

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sportello/model"
	"sportello/ui/uitest"
	"sportello/ui/widgets"
)

// claimedPensioni opens a new pensioni scheda, takes it in charge and puts
// the cursor in its answer.
func claimedPensioni(t *testing.T, v *InboxView, w fyne.Window) model.InboxEntry {
	t.Helper()
	sc := openFirst(t, v, model.SchedaNew, model.SectionPensioni)
	test.Tap(v.claim)
	if v.answer.Disabled() {
		t.Fatal("the answer is off after the claim")
	}
	fyne.DoAndWait(func() { w.Canvas().Focus(v.answer) })
	return sc
}

func TestModulesAreInsertedWithColonsAndTheirPlaceholdersFilled(t *testing.T) {
	_, _, url := uitest.CentralServer(t)
	marco, _ := uitest.Consultant(t, url, "cric", "")
	v, w := showInbox(t, marco)
	fyne.DoAndWait(func() { widgets.BindKeys(w.Canvas(), "inbox", v.Content(), v, InboxKeys) })
	sc := claimedPensioni(t, v, w)
	if len(v.modules.all) < 3 {
		t.Fatalf("the section's modules were not read: %d", len(v.modules.all))
	}

	// "::" and a word: the list opens, narrowed, and the cursor stays in
	// the answer; every key typed is there.
	uitest.TypeSlowly(w, "Buongiorno. ::estero")
	if w.Canvas().Focused() != v.answer || v.answer.Text != "Buongiorno. ::estero" {
		t.Fatalf("typing with the list open: focus %T, text %q", w.Canvas().Focused(), v.answer.Text)
	}
	if !v.modules.open() || !v.modules.panel.Visible() || len(v.modules.hits) != 1 || v.modules.hits[0].ID != "pen-estero" {
		t.Fatalf("the list for ::estero: open %v, %d hits", v.modules.open(), len(v.modules.hits))
	}
	uitest.Key(w, 0, fyne.KeyReturn)
	if want := "Buongiorno. I periodi di lavoro svolti"; !strings.HasPrefix(v.answer.Text, want) || strings.Contains(v.answer.Text, "::") {
		t.Fatalf("after Enter: %q", v.answer.Text)
	}
	if v.modules.open() || v.modules.panel.Visible() {
		t.Error("the list stayed open after the insertion")
	}
	uitest.TypeSlowly(w, " Fine.")
	if !strings.HasSuffix(v.answer.Text, "all'istituzione estera. Fine.") {
		t.Errorf("typing on after the module: %q", v.answer.Text)
	}

	// ↓ moves the highlight; the placeholders are filled from the scheda
	// and its citizen's file.
	uitest.TypeSlowly(w, " ::cortese")
	uitest.Key(w, 0, fyne.KeyDown) // one hit only: the highlight stays on it
	uitest.Key(w, 0, fyne.KeyReturn)
	wantOpening := "Gentile " + nameCase(v.citizen.GivenName) + " " + nameCase(v.citizen.FamilyName) + ",\nin riferimento alla Sua scheda n. " +
		sc.Number + " relativa a «" + sc.Subject + "»"
	if v.citizen.CF == "" || !strings.Contains(v.answer.Text, wantOpening) || strings.ContainsAny(v.answer.Text, "{}") {
		t.Fatalf("the opening module: %q; want it to hold %q", v.answer.Text, wantOpening)
	}

	// Placeholders the scheda cannot fill are asked in one dialog.
	uitest.TypeSlowly(w, " ::documenti")
	uitest.Key(w, 0, fyne.KeyReturn)
	top := uitest.TopDialog(t, w, "Inserisci")
	entries := uitest.All[*widgets.KeyEntry](top)
	if len(entries) != 2 {
		t.Fatalf("asked %d placeholders, want 2 (scadenza, documenti)", len(entries))
	}
	uitest.TypeText(entries[0], "15/12/2026")
	uitest.TypeText(entries[1], "il modello AP70")
	test.Tap(uitest.FindButton(top, "Inserisci"))
	if want := "inviare entro 15/12/2026 la seguente documentazione: il modello AP70."; !strings.Contains(v.answer.Text, want) ||
		strings.Contains(v.answer.Text, "::") {
		t.Fatalf("after the dialog: %q", v.answer.Text)
	}

	// Esc closes the list and keeps the text; typing on does not open it
	// again for the same "::".
	before := v.answer.Text
	fyne.DoAndWait(func() { w.Canvas().Focus(v.answer) })
	uitest.TypeSlowly(w, " ::xyz")
	if !v.modules.open() || len(v.modules.hits) != 0 || v.modules.note.Text == "" {
		t.Fatalf("a search with no module: open %v, hits %d, note %q", v.modules.open(), len(v.modules.hits), v.modules.note.Text)
	}
	uitest.Key(w, 0, fyne.KeyEscape)
	uitest.TypeSlowly(w, "w")
	if v.modules.open() || v.answer.Text != before+" ::xyzw" {
		t.Fatalf("after Esc: open %v, text %q", v.modules.open(), v.answer.Text)
	}

	// Ctrl+M: the whole list of the section; Esc takes its "::" away.
	uitest.Key(w, uitest.Ctrl, fyne.KeyM)
	if !v.modules.open() || len(v.modules.hits) != len(v.modules.all) {
		t.Fatalf("Ctrl+M: open %v, %d of %d modules", v.modules.open(), len(v.modules.hits), len(v.modules.all))
	}
	uitest.Key(w, 0, fyne.KeyEscape)
	if v.modules.open() || v.answer.Text != before+" ::xyzw" {
		t.Errorf("Esc after Ctrl+M: open %v, text %q", v.modules.open(), v.answer.Text)
	}
	// The draft holds what the modules put in.
	v.drafts.flush()
	if draft, _, err := marco.Draft(context.Background(), sc.ID); err != nil || draft != v.answer.Text {
		t.Errorf("the draft: %q, %v", draft, err)
	}
}

func TestSimilarAnswersAreShownRankedWhenASchedaOpens(t *testing.T) {
	_, _, url := uitest.CentralServer(t)
	marco, _ := uitest.Consultant(t, url, "cric", "")
	v, _ := showInbox(t, marco)
	for _, st := range []model.SchedaStatus{model.SchedaAnswered, model.SchedaNew} {
		v.filter.Status = st
		v.Reload(context.Background())
		e := openFirst(t, v, st, model.SectionPensioni)
		if v.faq.heading.Text != "Risposte precedenti simili a questa scheda, le più vicine prima" || v.faq.query.Text != "" {
			t.Errorf("%s: heading %q, query %q", st, v.faq.heading.Text, v.faq.query.Text)
		}
		texts := uitest.All[*widget.RichText](v.faq.results)
		if len(texts) == 0 || !strings.HasPrefix(uitest.RichText(texts[0]), "1. ") {
			t.Fatalf("%s: no ranked suggestion shown on open (%d)", st, len(texts))
		}
		found, err := marco.SearchAnswers(context.Background(), e.Section, e.Subject+" "+e.Question)
		if err != nil || len(found) == 0 {
			t.Fatalf("search: %v", err)
		}
		for _, rt := range texts {
			if strings.Contains(uitest.RichText(rt), e.Question) && st == model.SchedaAnswered {
				t.Errorf("the open scheda is suggested to itself")
			}
		}
	}
	// A search of the consultant's own words replaces the suggestions, and
	// a scheda opened after it brings them back.
	test.Type(v.faq.query, "riscatto laurea")
	v.faq.query.OnSubmitted(v.faq.query.Text)
	if !strings.Contains(v.faq.heading.Text, "riscatto laurea") {
		t.Errorf("heading after a search: %q", v.faq.heading.Text)
	}
	openFirst(t, v, model.SchedaNew, model.SectionContribuente)
	if !strings.HasPrefix(v.faq.heading.Text, "Risposte precedenti simili") || v.faq.section != model.SectionContribuente {
		t.Errorf("after opening another scheda: %q, section %s", v.faq.heading.Text, v.faq.section)
	}
}

func TestAStaleSuggestionIsDropped(t *testing.T) {
	_, _, url := uitest.CentralServer(t)
	marco, _ := uitest.Consultant(t, url, "cric", "")
	v, _ := showInbox(t, marco)
	e := openFirst(t, v, model.SchedaNew, model.SectionPensioni)
	// A search that was asked before the latest one answers late: its
	// answers are not shown, and the context it ran with is cancelled.
	p := v.faq
	p.find(e.Section, e.Subject, e.ID, "prima")
	stale := p.asked
	var staleCtx context.Context
	ctx, cancel := context.WithCancel(context.Background())
	staleCtx, p.cancel = ctx, cancel
	p.find(e.Section, e.Question, e.ID, "seconda")
	if staleCtx.Err() == nil || p.asked == stale || p.heading.Text != "seconda" {
		t.Errorf("the earlier search: cancelled %v, asked %d→%d, heading %q", staleCtx.Err(), stale, p.asked, p.heading.Text)
	}
}

func TestModuleQueryAndMatching(t *testing.T) {
	for _, c := range []struct {
		text  string
		at    int
		start int
		query string
		ok    bool
	}{
		{"Gentile ::nasp", 14, 8, "nasp", true},
		{"Gentile ::", 10, 8, "", true},
		{"::a\nriga nuova", 14, -1, "", false},                // "::" on another line
		{"Ore 10::30 e poi", 16, 6, "30 e poi", true},         // a time with "::"-like text is a query until Esc
		{"x ::" + strings.Repeat("a", 41), 45, -1, "", false}, // too long: text
		{"àè ::pensione", 13, 3, "pensione", true},            // runes, not bytes
	} {
		start, query, ok := moduleQuery([]rune(c.text), c.at)
		if start != c.start || query != c.query || ok != c.ok {
			t.Errorf("moduleQuery(%q, %d) = %d, %q, %v; want %d, %q, %v", c.text, c.at, start, query, ok, c.start, c.query, c.ok)
		}
	}
	all := []model.TextModule{
		{ID: "a", Title: "Apertura cortese", Text: "Gentile {nome}, in riferimento alla Sua scheda"},
		{ID: "b", Title: "NASpI: termini", Text: "La domanda di NASpI va presentata entro 68 giorni"},
		{ID: "c", Title: "Chiusura", Text: "Cordiali saluti, la Sua domanda è in istruttoria"},
	}
	for q, want := range map[string]string{"": "abc", "naspi": "b", "domanda": "bc", "DOMANDE": "bc", "termini domanda": "b",
		"cortes": "a", "istruttòria": "c", "xyz": "", "chiusura domanda": "c"} {
		got := ""
		for _, m := range matchModules(all, q) {
			got += m.ID
		}
		if got != want {
			t.Errorf("matchModules(%q) = %q, want %q", q, got, want)
		}
	}
}

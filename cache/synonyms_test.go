package cache

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"sportello/model"
)

func TestTheItalianStemmerJoinsAWordsForms(t *testing.T) {
	for _, forms := range [][]string{
		{"pensione", "pensioni"},
		{"contributi", "contributo"}, {"contributivo", "contributiva"},
		{"lavorato", "lavorare", "lavoro", "lavori"},
		{"reversibilità", "reversibilita"},
		{"domanda", "domande"},
		{"rateizzazione", "rateizzazioni"},
	} {
		first := plainStems(forms[0])
		for _, f := range forms[1:] {
			if got := plainStems(f); !slices.Equal(got, first) {
				t.Errorf("%q stems to %v, %q to %v", forms[0], first, f, got)
			}
		}
	}
	// Words the six-letter cut joined, and should not have.
	for _, pair := range [][2]string{{"contributi", "contrattuale"}, {"pensione", "pensiero"}} {
		if a, b := plainStems(pair[0]), plainStems(pair[1]); slices.Equal(a, b) {
			t.Errorf("%q and %q join: %v", pair[0], pair[1], a)
		}
	}
}

func TestSynonymsFindEachOther(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t, NewKeys())
	answers := map[string][3]string{
		"naspi": {"Domanda NASpI", "Ho perso il lavoro a marzo.", "La NASpI si chiede entro 68 giorni dalla cessazione."},
		"isee":  {"ISEE scaduto", "Il mio ISEE è scaduto.", "L'ISEE si rinnova con una nuova DSU."},
		"auu":   {"AUU figli", "Come chiedo l'AUU per i figli?", "L'AUU si chiede online con lo SPID."},
		"cig":   {"Cassa integrazione", "Sono in cassa integrazione da maggio.", "La cassa integrazione è pagata dal datore."},
	}
	var schede []model.Scheda
	for id, qa := range answers {
		sc := newScheda(id, 100)
		sc.Subject, sc.Question, sc.Answer, sc.Status, sc.HolderID, sc.AnsweredAt = qa[0], qa[1], qa[2], model.SchedaAnswered, "cric2", at(9, 0)
		schede = append(schede, sc)
	}
	if err := s.PutSchede(ctx, schede); err != nil {
		t.Fatal(err)
	}
	for query, want := range map[string]string{
		"indennità di disoccupazione":      "naspi",
		"indicatore della situazione":      "isee",
		"assegno unico universale":         "auu",
		"sono in CIG":                      "cig",
		"domanda di disoccupazione":        "naspi",
		"rinnovo dell'indicatore scaduto?": "isee",
	} {
		got, err := s.SearchAnswers(ctx, model.SectionPensioni, query, 3)
		if err != nil || len(got) == 0 || got[0].ID != want {
			t.Errorf("%q found %v, %v; want %s first", query, ids(got), err, want)
		}
	}
}

func TestAnAnswerIndexMadeOtherwiseIsBuiltAgainAtOpen(t *testing.T) {
	ctx := context.Background()
	keys := NewKeys()
	s, file := openTemp(t, keys)
	var schede []model.Scheda
	for i, text := range []string{"La NASpI si chiede entro 68 giorni.", "Il riscatto della laurea si chiede online."} {
		sc := newScheda(fmt.Sprintf("a%d", i), 100)
		sc.Answer, sc.Status, sc.HolderID, sc.AnsweredAt = text, model.SchedaAnswered, "cric2", at(9, 0)
		schede = append(schede, sc)
	}
	if err := s.PutSchede(ctx, schede); err != nil {
		t.Fatal(err)
	}
	// An index as an older console made it: other tokens, another version.
	if _, err := s.w.ExecContext(ctx, `DELETE FROM answer_index; DELETE FROM answer_terms;
		INSERT INTO answer_terms(term, docs) VALUES ('wold', 2);
		UPDATE meta SET value = 'six-letters' WHERE key = ?`, answerIndexKey); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.SearchAnswers(ctx, model.SectionPensioni, "disoccupazione", 3); len(got) != 0 {
		t.Fatalf("the old index found %v", ids(got))
	}
	s.Close()
	s, err := Open(file, keys)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got, err := s.SearchAnswers(ctx, model.SectionPensioni, "disoccupazione", 3); err != nil || len(got) != 1 || got[0].ID != "a0" {
		t.Errorf("after the upgrade: %v, %v", ids(got), err)
	}
	if got, _ := s.SearchAnswers(ctx, model.SectionPensioni, "riscattare lauree", 3); len(got) != 1 || got[0].ID != "a1" {
		t.Errorf("after the upgrade: %v", ids(got))
	}
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT docs FROM answer_terms WHERE term = ?`, sectionTerm(model.SectionPensioni)).Scan(&n); err != nil || n != 2 {
		t.Errorf("answers counted after the upgrade: %d, %v", n, err)
	}
	if v, _ := metaValue(ctx, s.r, answerIndexKey); v != answerIndexVersion {
		t.Errorf("index version %q", v)
	}
}

// ids returns the ids of schede.
func ids(schede []model.Scheda) []string {
	var out []string
	for _, sc := range schede {
		out = append(out, sc.ID)
	}
	return out
}

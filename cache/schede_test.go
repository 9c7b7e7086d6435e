package cache

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sportello/model"
)

// newScheda returns a new scheda of the pensioni section received h hours
// before at(10, 0).
func newScheda(id string, h int) model.Scheda {
	return model.Scheda{ID: id, Number: "LI-2026-" + id, Section: model.SectionPensioni, Status: model.SchedaNew,
		ReceivedAt: at(10, 0).Add(-time.Duration(h) * time.Hour), CitizenCF: rossi.CF, Subject: "Contributi esteri",
		Question: "Ho lavorato sei anni in Germania: la pensione tiene conto di quei periodi?", Version: 1}
}

func TestSchedaWorkAppliesLocallyAndQueuesInOrder(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t, NewKeys())
	defer s.Close()
	held := newScheda("k2", 30)
	held.Status, held.HolderID, held.HolderName, held.Version = model.SchedaInCharge, "cric2", "Teresa Vitale", 2
	if err := s.PutSchede(ctx, []model.Scheda{newScheda("k1", 100), held, newScheda("k3", 2)}); err != nil {
		t.Fatal(err)
	}
	me := model.SchedaAction{OperatorID: "cric", Operator: "Marco Santoro", At: at(10, 5)}

	var h *HeldError
	if _, err := s.EnqueueScheda(ctx, "x1", with(me, "k2", model.OpClaim)); !errors.As(err, &h) || h.Holder != "Teresa Vitale" {
		t.Fatalf("claiming a colleague's scheda: err = %v, want HeldError naming her", err)
	}
	if _, err := s.EnqueueScheda(ctx, "x2", with(me, "k1", model.OpAnswer, "Risposta")); !errors.Is(err, model.ErrTransition) {
		t.Fatalf("answering before taking in charge: err = %v, want ErrTransition", err)
	}
	sc, err := s.EnqueueScheda(ctx, "c1", with(me, "k1", model.OpClaim))
	if err != nil || sc.Status != model.SchedaInCharge || sc.HolderID != "cric" || sc.Version != 2 {
		t.Fatalf("claim: %+v, %v", sc, err)
	}
	if err := s.SaveDraft(ctx, "k1", "Gentile utente, i periodi esteri", at(10, 6)); err != nil {
		t.Fatal(err)
	}
	if text, when, err := s.Draft(ctx, "k1"); err != nil || text != "Gentile utente, i periodi esteri" || !when.Equal(at(10, 6)) {
		t.Fatalf("draft: %q %v %v", text, when, err)
	}
	if _, err := s.EnqueueScheda(ctx, "a0", with(me, "k1", model.OpAnswer, "   ")); !errors.Is(err, ErrEmptyText) {
		t.Fatalf("empty answer: err = %v", err)
	}
	sc, err = s.EnqueueScheda(ctx, "a1", with(me, "k1", model.OpAnswer, "Gentile utente, i periodi esteri si totalizzano."))
	if err != nil || sc.Status != model.SchedaAnswered || sc.Version != 3 || sc.AnsweredAt.IsZero() {
		t.Fatalf("answer: %+v, %v", sc, err)
	}
	if text, _, _ := s.Draft(ctx, "k1"); text != "" {
		t.Errorf("the draft outlived the queued answer: %q", text)
	}
	// A feed page bringing central's older copy does not undo the work
	// waiting to be sent.
	if err := s.ApplyChanges(ctx, []model.Change{{Entity: newScheda("k1", 100)}}, "9", at(10, 7)); err != nil {
		t.Fatal(err)
	}
	if e, err := s.Scheda(ctx, "k1"); err != nil || e.Status != model.SchedaAnswered || !e.Pending {
		t.Fatalf("after a feed page: %+v, %v", e, err)
	}
	pending, err := s.Pending(ctx)
	if err != nil || len(pending) != 2 || pending[0].Key != "c1" || pending[1].Key != "a1" {
		t.Fatalf("outbox: %+v, %v", pending, err)
	}
	var queued model.SchedaAction
	if err := json.Unmarshal(pending[1].Payload, &queued); err != nil || queued.Version != 2 || queued.Op != model.OpAnswer {
		t.Fatalf("queued answer: %+v, %v", queued, err)
	}

	// The inbox: open ones oldest first, with counts by age against a
	// target of two days.
	open, total, err := s.Inbox(ctx, InboxQuery{})
	if err != nil || total != 2 || open[0].ID != "k2" || open[1].ID != "k3" {
		t.Fatalf("open schede: %d %+v, %v", total, open, err)
	}
	counts, err := s.SchedaCounts(ctx, nil, at(10, 0), 48*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if c := counts[model.SchedaNew]; c.Total != 1 || c.Fresh != 1 {
		t.Errorf("new: %+v", c)
	}
	if c := counts[model.SchedaInCharge]; c.Total != 1 || c.Aging != 1 { // 30 h: past half of 48
		t.Errorf("in charge: %+v", c)
	}
	if c := counts[model.SchedaAnswered]; c.Total != 1 {
		t.Errorf("answered: %+v", c)
	}
	mine, _, err := s.Inbox(ctx, InboxQuery{Statuses: []model.SchedaStatus{model.SchedaAnswered}, HolderID: "cric"})
	if err != nil || len(mine) != 1 || mine[0].ID != "k1" {
		t.Fatalf("my answered schede: %+v, %v", mine, err)
	}

	// Central confirms: the action is done and its copy stored.
	done := sc
	if err := s.ActionDone(ctx, pending[0].Seq, nil, at(10, 8)); err != nil {
		t.Fatal(err)
	}
	if err := s.ActionDone(ctx, pending[1].Seq, done, at(10, 8)); err != nil {
		t.Fatal(err)
	}
	if e, _ := s.Scheda(ctx, "k1"); e.Pending || e.Status != model.SchedaAnswered {
		t.Errorf("after central took it: %+v", e)
	}
}

// with returns the action a for a scheda and an operation.
func with(a model.SchedaAction, id string, op model.SchedaOp, text ...string) model.SchedaAction {
	a.SchedaID, a.Op = id, op
	if len(text) > 0 {
		a.Text = text[0]
	}
	return a
}

func TestHeldConflictShowsTheHolderAndKeepsTheDraft(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t, NewKeys())
	defer s.Close()
	if err := s.PutSchede(ctx, []model.Scheda{newScheda("k1", 5)}); err != nil {
		t.Fatal(err)
	}
	me := model.SchedaAction{OperatorID: "cric", Operator: "Marco Santoro", At: at(10, 5)}
	if _, err := s.EnqueueScheda(ctx, "c1", with(me, "k1", model.OpClaim)); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveDraft(ctx, "k1", "Bozza", at(10, 6)); err != nil {
		t.Fatal(err)
	}
	pending, _ := s.Pending(ctx)
	central := newScheda("k1", 5)
	central.Status, central.HolderID, central.HolderName, central.Version = model.SchedaInCharge, "cric2", "Teresa Vitale", 2
	if err := s.ActionConflict(ctx, pending[0].Seq, central, "già in carico", at(10, 7)); err != nil {
		t.Fatal(err)
	}
	e, err := s.Scheda(ctx, "k1")
	if err != nil || e.HolderName != "Teresa Vitale" || e.Pending || !e.Draft {
		t.Fatalf("after the conflict: %+v, %v", e, err)
	}
	conflicts, err := s.Conflicts(ctx)
	if err != nil || len(conflicts) != 1 || conflicts[0].Central == nil || conflicts[0].Central.(model.Scheda).HolderID != "cric2" {
		t.Fatalf("conflicts: %+v, %v", conflicts, err)
	}
}

func TestAnswersAreFoundByTheQuestionsWordsAndNeverStoredInClear(t *testing.T) {
	ctx := context.Background()
	s, file := openTemp(t, NewKeys())
	var schede []model.Scheda
	for i, qa := range [][3]string{
		{"Contributi esteri", "Ho lavorato in Germania per sei anni.", "I periodi lavorati in Germania si totalizzano: chieda la pensione in regime internazionale."},
		{"Reversibilità", "Mio marito è deceduto: come chiedo la pensione ai superstiti?", "La reversibilità spetta al coniuge superstite dal mese successivo al decesso."},
		{"Cedolino", "Trovo una trattenuta IRPEF sul cedolino.", "Il conguaglio fiscale ricalcola l'imposta dell'anno sulla pensione."},
		{"Contributi esteri", "Ho lavorato in Germania per sei anni.", "I periodi lavorati in Germania si totalizzano: chieda la pensione in regime internazionale."},
	} {
		sc := newScheda(fmt.Sprintf("a%d", i), 200)
		sc.Subject, sc.Question, sc.Answer, sc.Status, sc.HolderID, sc.AnsweredAt = qa[0], qa[1], qa[2], model.SchedaAnswered, "cric2", at(9, 0)
		schede = append(schede, sc)
	}
	other := schede[1]
	other.ID, other.Section = "r1", model.SectionReddito
	if err := s.PutSchede(ctx, append(schede, other)); err != nil {
		t.Fatal(err)
	}
	got, err := s.SearchAnswers(ctx, model.SectionPensioni, "Buongiorno, ho lavorato tre anni in germània: la pensione li conta?", 5)
	if err != nil || len(got) == 0 || got[0].ID != "a0" {
		t.Fatalf("search by the question's words: %+v, %v", got, err)
	}
	for _, sc := range got {
		if sc.ID == "a3" {
			t.Errorf("the same answer twice: %+v", got)
		}
	}
	got, err = s.SearchAnswers(ctx, model.SectionPensioni, "superstite deceduto", 5)
	if err != nil || len(got) != 1 || got[0].ID != "a1" {
		t.Fatalf("another section's answer, or none: %+v, %v", got, err)
	}
	if got, _ := s.SearchAnswers(ctx, model.SectionPensioni, "di la e", 5); len(got) != 0 {
		t.Errorf("stopwords alone found %+v", got)
	}
	// A new version of an answer replaces the old one in the index.
	changed := schede[2]
	changed.Answer, changed.Version = "Il conguaglio di fine anno è rateizzato fino a novembre.", 2
	if err := s.PutSchede(ctx, []model.Scheda{changed}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.SearchAnswers(ctx, model.SectionPensioni, "conguaglio rateizzato", 5); len(got) != 1 || got[0].Version != 2 {
		t.Errorf("after a new version: %+v", got)
	}
	var answers int
	if err := s.r.QueryRowContext(ctx, `SELECT docs FROM answer_terms WHERE term = ?`, sectionTerm(model.SectionPensioni)).Scan(&answers); err != nil || answers != 4 {
		t.Errorf("pensioni answers counted: %d, %v", answers, err)
	}
	s.Close()
	for _, f := range []string{file, file + "-wal"} {
		raw, err := os.ReadFile(f)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		for _, w := range []string{"Germania", "germania", "german", "reversibilit", "deceduto", "trattenuta"} {
			if bytes.Contains(raw, []byte(w)) {
				t.Errorf("%s holds %q in clear", filepath.Base(f), w)
			}
		}
	}
}

func TestDraftsSurviveARebuiltMirror(t *testing.T) {
	ctx := context.Background()
	keys := NewKeys()
	s, file := openTemp(t, keys)
	if err := s.PutSchede(ctx, []model.Scheda{newScheda("k1", 5)}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveDraft(ctx, "k1", "La risposta a metà", at(10, 0)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	keys.Mirror = NewKey() // the mirror key was lost: the mirror is rebuilt
	s, err := Open(file, keys)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Scheda(ctx, "k1"); !errors.Is(err, ErrNoSuchScheda) {
		t.Errorf("the scheda outlived its mirror key: %v", err)
	}
	if text, _, err := s.Draft(ctx, "k1"); err != nil || text != "La risposta a metà" {
		t.Errorf("draft after the rebuild: %q, %v", text, err)
	}
}

// faqWords is the vocabulary of the benchmark's schede, most frequent
// first: drawn with a Zipf law, like words in real text.
var faqWords = strings.Fields(`pensione contributi domanda periodo anni lavoro assegno importo pagamento
	richiesta posizione estratto conto requisiti data mese decorrenza reddito ISEE NASpI disoccupazione
	cessazione rapporto datore azienda dipendente gestione separata artigiani commercianti riscatto laurea
	ricongiunzione cumulo totalizzazione vecchiaia anticipata precoci quota invalidità accompagnamento
	reversibilità superstiti coniuge figli maggiorazione detrazioni IRPEF conguaglio cedolino trattenuta
	certificazione unica modello ObisM rateizzazione avviso addebito cartella prescrizione sgravio DURC
	regolarità versamento F24 pagoPA volontari autorizzazione congedo parentale maternità malattia
	indennità cassa integrazione ordinaria straordinaria agricola giornate elenchi colf badante domestico
	trimestre ricevuta allegato documentazione patronato delega mandato servizio online area riservata
	Germania Francia Svizzera estero convenzione internazionale ricostituzione supplemento rettifica
	variazione residenza IBAN accredito bonifico sospensione revoca ricorso riesame verifica esito`)

// faqText returns n words of the vocabulary drawn with rng.
func faqText(rng *rand.Rand, z *rand.Zipf, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(faqWords[z.Uint64()])
	}
	return b.String()
}

// faqMirror returns the shared mirror of 50,000 answered schede (three
// sections) drawn from faqWords.
func faqMirror(b *testing.B) *Store {
	const n = 50_000
	faq.once.Do(func() {
		if faq.dir, faq.err = os.MkdirTemp("", "sportello-faq-"); faq.err != nil {
			return
		}
		if faq.store, faq.err = Open(filepath.Join(faq.dir, "cache.db"), NewKeys()); faq.err != nil {
			return
		}
		rng := rand.New(rand.NewPCG(5, 7))
		z := rand.NewZipf(rng, 1.1, 2, uint64(len(faqWords)-1))
		for start := 0; start < n && faq.err == nil; start += 1000 {
			batch := make([]model.Scheda, 0, 1000)
			for i := start; i < start+1000; i++ {
				sc := newScheda(fmt.Sprintf("f%06d", i), 24*(i%180)+48)
				sc.Section = model.Sections[i%len(model.Sections)]
				sc.Status, sc.HolderID, sc.AnsweredAt, sc.Version = model.SchedaAnswered, "cric2", sc.ReceivedAt.Add(30*time.Hour), 3
				sc.Subject, sc.Question, sc.Answer = faqText(rng, z, 4), faqText(rng, z, 35), faqText(rng, z, 70)
				batch = append(batch, sc)
			}
			faq.err = faq.store.PutSchede(context.Background(), batch)
		}
	})
	if faq.err != nil {
		b.Fatal(faq.err)
	}
	return faq.store
}

// BenchmarkSearchAnswers50k searches the answers of a mirror of 50,000
// answered schede (three sections) with the words of a whole question, as
// the consultant's FAQ panel does when a scheda opens. The aim is at most
// 20 ms a search.
func BenchmarkSearchAnswers50k(b *testing.B) {
	ctx := context.Background()
	s := faqMirror(b)
	question := "Buongiorno, ho lavorato sei anni in Germania e ho contributi nella gestione separata: la pensione di vecchiaia " +
		"con il cumulo tiene conto dei periodi esteri? Come chiedo la ricostituzione dell'importo? Grazie."
	b.ResetTimer()
	for b.Loop() {
		got, err := s.SearchAnswers(ctx, model.SectionPensioni, question, 10)
		if err != nil || len(got) == 0 {
			b.Fatalf("search: %d, %v", len(got), err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/search")
}

package cache

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"sportello/model"
)

func TestSearchAsYouTypeByCodeOrName(t *testing.T) {
	keys := NewKeys()
	s, file := openTemp(t, keys)
	ctx := context.Background()
	damico := model.Citizen{CF: model.BuildCF("D'Amico", "Nicolò", "M", time.Date(1961, 3, 2, 0, 0, 0, 0, model.Rome), "H703"),
		FamilyName: "D'Amico", GivenName: "Nicolò", BirthDate: time.Date(1961, 3, 2, 0, 0, 0, 0, model.Rome), BirthPlace: "Salerno"}
	rossa := model.Citizen{CF: model.BuildCF("Rossano", "Maria", "F", time.Date(1990, 7, 14, 0, 0, 0, 0, model.Rome), "H703"),
		FamilyName: "Rossano", GivenName: "Maria", BirthDate: time.Date(1990, 7, 14, 0, 0, 0, 0, model.Rome), BirthPlace: "Salerno"}
	snap := snapshot()
	snap.Citizens = append(snap.Citizens, CitizenFile{Citizen: damico}, CitizenFile{Citizen: rossa})
	if err := s.ApplySnapshot(ctx, snap); err != nil {
		t.Fatal(err)
	}
	check := func(s *Store, typed string, want ...string) {
		t.Helper()
		got, err := s.Search(ctx, typed, 10)
		if err != nil {
			t.Fatalf("search %q: %v", typed, err)
		}
		var cfs []string
		for _, c := range got {
			cfs = append(cfs, c.CF)
		}
		if fmt.Sprint(cfs) != fmt.Sprint(want) {
			t.Errorf("search %q = %v, want %v", typed, cfs, want)
		}
	}
	check(s, "r")                              // too short to search
	check(s, "ross", rossa.CF, rossi.CF)       // a surname as it is typed
	check(s, "ROSSI", rossi.CF)                // case does not matter
	check(s, "rossi mar", rossi.CF)            // surname and given name
	check(s, "mario rossi", rossi.CF)          // in either order
	check(s, rossi.CF[:6], rossa.CF, rossi.CF) // the code as it is typed
	check(s, rossi.CF[:8], rossi.CF)
	check(s, " "+rossi.CF+" ", rossi.CF)    // pasted, with spaces
	check(s, "damico", []string{}...)       // the apostrophe splits the name…
	check(s, "d'amico nicolo", damico.CF)   // …as it does in the index, and accents fold
	check(s, `"amico" OR *`, []string{}...) // FTS5 syntax is only text
	check(s, "ros' NEAR(", []string{}...)   // and cannot break the query
	check(s, "bianchi", []string{}...)      // nobody
	check(s, "AMICO", damico.CF)            // the second word of a surname
	check(s, "rossano maria 1990", []string{}...)

	// The index lives in memory: rebuilt from the sealed cards at start.
	s.Close()
	s, err := Open(file, keys)
	if err != nil {
		t.Fatal(err)
	}
	check(s, "ross", rossa.CF, rossi.CF)
	s.Close()
	// A mirror rebuilt under a new key starts with an empty index.
	s, err = Open(file, Keys{Mirror: NewKey(), Outbox: keys.Outbox})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	check(s, "ross")
}

// The benchmarks below share one mirror of 100,000 citizens with
// believable files: building it takes a while, and it is only read.
// bigStore is a large mirror built once for the benchmarks that share it.
type bigStore struct {
	once  sync.Once
	dir   string
	store *Store
	cfs   []string
	err   error
}

var big, faq bigStore

func TestMain(m *testing.M) {
	code := m.Run()
	for _, b := range []*bigStore{&big, &faq} {
		if b.store != nil {
			b.store.Close()
			os.RemoveAll(b.dir)
		}
	}
	os.Exit(code)
}

var (
	benchFamilies = []string{"Esposito", "Russo", "De Luca", "Romano", "Rossi", "Ferrara", "Della Corte", "Amato",
		"Caputo", "Santoro", "D'Amico", "Gallo", "Coppola", "Marino", "Greco", "Vitale", "Cuomo", "Sorrentino",
		"Fiore", "Iannone", "Napoli", "Citro", "Landi", "Pastore"}
	benchGivens = []string{"Giuseppe", "Anna", "Antonio", "Maria", "Vincenzo", "Carmela", "Salvatore", "Rosa",
		"Francesco", "Teresa", "Gennaro", "Lucia", "Nicolò", "Assunta", "Raffaele", "Concetta"}
)

// benchCitizen returns the i-th citizen of the benchmark population: a
// file with contacts, history and notes, about the size of a real one.
func benchCitizen(i int) model.Citizen {
	family, given := benchFamilies[i%len(benchFamilies)], benchGivens[(i/len(benchFamilies))%len(benchGivens)]
	sex := "M"
	if (i/len(benchFamilies))%2 == 1 {
		sex = "F"
	}
	born := time.Date(1940, 1, 1, 0, 0, 0, 0, model.Rome).AddDate(0, 0, i/(len(benchFamilies)*len(benchGivens))*7+i%7)
	c := model.Citizen{CF: model.BuildCF(family, given, sex, born, "H703"), FamilyName: family, GivenName: given, Sex: sex,
		BirthDate: born, BirthPlace: "Salerno", Address: fmt.Sprintf("Via Roma %d, 84100 Salerno (SA)", i%200+1),
		Contacts: []model.Contact{{Kind: model.ContactMobile, Value: fmt.Sprintf("+39 333 %07d", i), Verified: true},
			{Kind: model.ContactEmail, Value: fmt.Sprintf("cittadino%d@example.it", i)}},
		Version: 1}
	for h := range 4 {
		c.History = append(c.History, model.HistoryEntry{At: born.AddDate(60, h, 0), Channel: "in_person", Office: "Sede provinciale di Salerno",
			OperatorID: "op7", Operator: "Anna Lombardi", Service: "Pensioni", Outcome: model.OutcomeResolved,
			Note: "Consegnata certificazione unica; verificata posizione contributiva."})
	}
	c.Notes = []model.Note{{ID: fmt.Sprintf("n%d", i), At: born.AddDate(62, 0, 0), AuthorID: "op7", Author: "Anna Lombardi",
		Text: "Preferisce essere richiamato al mattino."}}
	return c
}

// bigMirror returns the shared mirror of n citizens.
func bigMirror(b *testing.B) (*Store, []string) {
	const n = 100_000
	big.once.Do(func() {
		if big.dir, big.err = os.MkdirTemp("", "sportello-bench-"); big.err != nil {
			return
		}
		if big.store, big.err = Open(filepath.Join(big.dir, "cache.db"), NewKeys()); big.err != nil {
			return
		}
		began := time.Now()
		for from := 0; from < n && big.err == nil; from += 5000 {
			files := make([]CitizenFile, 0, 5000)
			for i := from; i < from+5000; i++ {
				c := benchCitizen(i)
				files = append(files, CitizenFile{Citizen: c, ETag: `"1"`})
				big.cfs = append(big.cfs, c.CF)
			}
			big.err = big.store.PutCitizens(context.Background(), files, day)
		}
		fmt.Printf("built a mirror of %d citizens in %v\n", n, time.Since(began).Round(time.Millisecond))
	})
	if big.err != nil {
		b.Fatal(big.err)
	}
	return big.store, big.cfs
}

// BenchmarkOpenFile100k opens one caller's file (read, unseal, decode)
// from a mirror of 100,000 citizens. Target: 5 ms.
func BenchmarkOpenFile100k(b *testing.B) {
	s, cfs := bigMirror(b)
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		c, err := s.Citizen(ctx, cfs[(i*7919)%len(cfs)])
		if err != nil || len(c.History) != 4 {
			b.Fatalf("file: %v", err)
		}
		i++
	}
}

// BenchmarkSearch100k searches a mirror of 100,000 citizens as an operator
// types: short and long surname prefixes, names, codes. Target: 10 ms.
func BenchmarkSearch100k(b *testing.B) {
	s, cfs := bigMirror(b)
	ctx := context.Background()
	for _, q := range []string{"es", "ros", "della co", "esposito gen", "d'amico nicolo", cfs[4242][:6], cfs[777], "sorrentino ter"} {
		b.Run(q, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if got, err := s.Search(ctx, q, 50); err != nil || len(got) == 0 {
					b.Fatalf("search %q: %d hits, %v", q, len(got), err)
				}
			}
		})
	}
}

// BenchmarkBuildIndex100k builds the in-memory search index of 100,000
// citizens from their sealed cards, as Open does at every start.
func BenchmarkBuildIndex100k(b *testing.B) {
	s, _ := bigMirror(b)
	ctx := context.Background()
	for b.Loop() {
		old := s.index
		var err error
		if s.index, err = newSearchIndex(); err != nil {
			b.Fatal(err)
		}
		old.db.Close()
		s.buildIndex(ctx)
		if err := s.index.wait(ctx); err != nil {
			b.Fatal(err)
		}
	}
	size, err := s.indexSize(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(size)/(1<<20), "index-MiB")
}

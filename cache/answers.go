package cache

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/italian"

	"sportello/model"
)

// The experts' shared answers are searched through a full-text index that
// holds no text: each word of an answered scheda (subject, question and
// answer) is folded, cut to its stem (Snowball's Italian stemmer) and replaced by a keyed hash of it,
// so the index on disk reveals nothing of what citizens wrote, yet a
// question's words find the answers that used the same words.

// A search takes at most maxQueryWords distinct words of the question, and
// looks for the queryTerms rarest of them among the answers, leaving out
// those most answers hold (more than commonShare of them) unless no other
// is left: common words cost the most to rank and tell answers apart the
// least.
const (
	maxQueryWords = 24
	queryTerms    = 6
	commonShare   = 0.08
)

// stopwords are Italian words too common to tell answers apart.
var stopwords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`alla alle allo agli anche avere cosa come con cui dal dalla dalle dai degli dei del
		della delle dello gli hanno non per perche piu puo quale quali quando quanto questo questa questi queste sia sono
		sua suo sue suoi sul sulla sulle tra una uno vorrei devo posso mio mia miei mie dove chi che era ero sto
		buongiorno buonasera salve gentile gentili utente signora signore signori grazie cordiali saluti attendo riscontro
		ringrazio attenzione vostro vostra`) {
		stopwords[w] = true
	}
}

// stems returns the stems of the words of text, in order, without
// stopwords and words shorter than three letters, each cut by the Snowball
// Italian stemmer (pensione, pensioni → pension; contributi, contributo
// → contrib), with the domain's synonyms joined (see synonyms.go).
func stems(text string) []string {
	return joinSynonyms(plainStems(text))
}

// maxWordRunes is the longest word the stemmer sees: longer than any
// Italian word (precipitevolissimevolmente has 26 letters); a longer run
// of letters (a pasted code) is cut to it first, as the stemmer's time
// grows with the square of a word's length.
const maxWordRunes = 40

// plainStems is stems without the synonyms. Accents are folded before the
// stemmer sees a word, so that "reversibilità" and "reversibilita'", as
// citizens often type it, give one stem.
func plainStems(text string) []string {
	words := strings.FieldsFunc(strings.ToLower(model.FoldAccents(text)), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	out := words[:0]
	env := snowballstem.NewEnv("")
	for _, w := range words {
		if len(w) < 3 || stopwords[w] {
			continue
		}
		if r := []rune(w); len(r) > maxWordRunes {
			w = string(r[:maxWordRunes])
		}
		env.SetCurrent(w)
		italian.Stem(env)
		out = append(out, env.Current())
	}
	return out
}

// blindWords returns the blind tokens of text's words in a section (at
// most limit distinct ones, if limit > 0; all of them, repeated as they
// occur, otherwise). The section is part of each token: every section's
// answers are searched apart.
func (s *Store) blindWords(section model.Section, text string, limit int) []string {
	var out []string
	seen := map[string]bool{}
	for _, st := range stems(text) {
		if limit > 0 {
			if seen[st] {
				continue
			}
			if len(seen) == limit {
				break
			}
			seen[st] = true
		}
		out = append(out, "w"+s.seal.ref("word:" + string(section) + ":" + st)[:15])
	}
	return out
}

// SearchAnswers returns the answered schede of a section whose words best
// match text (a question, or a few words), best first, without repeating
// an answer already listed.
func (s *Store) SearchAnswers(ctx context.Context, section model.Section, text string, limit int) ([]model.Scheda, error) {
	words, err := s.tellingWords(ctx, section, s.blindWords(section, text, maxQueryWords))
	if err != nil || len(words) == 0 || limit <= 0 {
		return nil, err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT k.id, k.data FROM answer_index a JOIN schede k ON k.rid = a.rowid
		WHERE answer_index MATCH ?1 ORDER BY a.rank LIMIT ?2`, strings.Join(words, " OR "), 4*limit)
	if err != nil {
		return nil, fmt.Errorf("cache: search answers: %w", err)
	}
	defer rows.Close()
	var out []model.Scheda
	seen := map[string]bool{}
	for rows.Next() && len(out) < limit {
		var id string
		var data []byte
		if err := rows.Scan(&id, &data); err != nil {
			return nil, fmt.Errorf("cache: search answers: %w", err)
		}
		sc, err := s.decodeScheda(id, data)
		if err != nil {
			return nil, err
		}
		if key := strings.Join(strings.Fields(sc.Answer), " "); !seen[key] {
			seen[key] = true
			out = append(out, sc)
		}
	}
	return out, rows.Err()
}

// tellingWords returns the tokens worth searching for: those some answers
// of the section hold, rarest first, at most queryTerms of them, leaving
// out the common ones unless only common ones are held.
func (s *Store) tellingWords(ctx context.Context, section model.Section, tokens []string) ([]string, error) {
	if len(tokens) == 0 {
		return nil, nil
	}
	list, err := json.Marshal(tokens)
	if err != nil {
		return nil, err
	}
	var answers int
	err = s.r.QueryRowContext(ctx, `SELECT docs FROM answer_terms WHERE term = ?`, sectionTerm(section)).Scan(&answers)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil // no answers in the section yet
	}
	if err != nil {
		return nil, fmt.Errorf("cache: search answers: %w", err)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT term, docs FROM answer_terms WHERE term IN (SELECT value FROM json_each(?))
		AND docs > 0 ORDER BY docs`, string(list))
	if err != nil {
		return nil, fmt.Errorf("cache: search answers: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var term string
		var docs int
		if err := rows.Scan(&term, &docs); err != nil {
			return nil, fmt.Errorf("cache: search answers: %w", err)
		}
		if len(out) == queryTerms || len(out) > 0 && float64(docs) > commonShare*float64(answers) {
			break
		}
		out = append(out, term)
	}
	return out, rows.Err()
}

// sectionTerm is the entry of answer_terms that counts a section's
// answers.
func sectionTerm(section model.Section) string { return "section:" + string(section) }

// indexAnswer adds (delta +1) or removes (-1) an answered scheda, stored
// at rid, to the answer index and its counts.
func (s *Store) indexAnswer(ctx context.Context, tx *sql.Tx, rid int64, sc model.Scheda, delta int) error {
	words := s.blindWords(sc.Section, sc.Subject+" "+sc.Question+" "+sc.Answer, 0)
	var err error
	if delta > 0 {
		_, err = tx.ExecContext(ctx, `INSERT INTO answer_index(rowid, words) VALUES (?, ?)`, rid, strings.Join(words, " "))
	} else {
		_, err = tx.ExecContext(ctx, `DELETE FROM answer_index WHERE rowid = ?`, rid)
	}
	if err != nil {
		return fmt.Errorf("index scheda %s: %w", sc.ID, err)
	}
	distinct := map[string]bool{sectionTerm(sc.Section): true}
	for _, w := range words {
		distinct[w] = true
	}
	list, err := json.Marshal(slices.Collect(maps.Keys(distinct)))
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO answer_terms(term, docs) SELECT value, ?1 FROM json_each(?2) WHERE true
		ON CONFLICT(term) DO UPDATE SET docs = docs + ?1`, delta, string(list)); err != nil {
		return fmt.Errorf("index scheda %s: %w", sc.ID, err)
	}
	return nil
}

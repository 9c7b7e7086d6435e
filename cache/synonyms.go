package cache

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"sportello/model"
)

// synonyms is the domain's small table of words that mean the same thing
// to a citizen writing to INPS: the words of one line find each other in
// the answers. The first of a line names it. A line of one word each is
// joined into one token; a phrase of more words keeps its words and adds
// the line's token, so that "assegno" alone still finds "assegno unico".
//
// Changing the table (or the stemmer) changes the index's tokens: bump
// answerIndexVersion, and the mirrors index their answers again at Open.
var synonyms = [][]string{
	{"naspi", "disoccupazione"},
	{"isee", "indicatore", "dsu"},
	{"assegno unico", "auu"},
	{"pensione", "trattamento pensionistico"},
	{"reversibilità", "pensione ai superstiti"},
	{"cassa integrazione", "cig"},
	{"estratto conto", "estratto contributivo", "ecocert"},
}

// answerIndexVersion names how the answer index's tokens are made: the
// stemmer and the synonyms. A mirror whose index was made otherwise is
// indexed again when it opens.
const answerIndexVersion = "snowball-it/synonyms-1/cut-40"

// answerIndexKey is the meta entry holding answerIndexVersion.
const answerIndexKey = "answer_index_version"

// synonymTable is synonyms made ready to apply: single stems replaced by
// their line's token, phrases (as stems) followed by it.
var synonymTable = func() (t struct {
	single  map[string]string
	phrases []synonymPhrase
}) {
	t.single = map[string]string{}
	for _, line := range synonyms {
		token := "=" + strings.Join(plainStems(line[0]), "_")
		for _, member := range line {
			st := plainStems(member)
			switch {
			case len(st) == 1:
				t.single[st[0]] = token
			case len(st) > 1:
				t.phrases = append(t.phrases, synonymPhrase{stems: st, token: token})
			}
		}
	}
	return t
}()

// synonymPhrase is a synonym of more than one word, as stems.
type synonymPhrase struct {
	stems []string
	token string
}

// joinSynonyms returns st with each single-word synonym replaced by its
// line's token and each phrase followed by it.
func joinSynonyms(st []string) []string {
	var out []string
	for i, w := range st {
		if token, ok := synonymTable.single[w]; ok {
			w = token
		}
		out = append(out, w)
		for _, p := range synonymTable.phrases {
			if len(p.stems) <= len(st)-i && equalStems(st[i:i+len(p.stems)], p.stems) {
				out = append(out, p.token)
			}
		}
	}
	return out
}

// equalStems reports whether a and b hold the same stems.
func equalStems(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return len(a) == len(b)
}

// upgradeAnswerIndex indexes the answered schede again when the mirror's
// index was made by another stemmer or synonym table (its meta entry is
// not answerIndexVersion), in one transaction: the index is dropped and
// built anew from the sealed schede, then marked. Done at Open, before any
// scheda is stored: a scheda is taken out of the index by its tokens, which
// must be made the way they were put in.
func (s *Store) upgradeAnswerIndex(ctx context.Context) error {
	if v, err := metaValue(ctx, s.w, answerIndexKey); err == nil && v == answerIndexVersion {
		return nil
	} else if err != nil && !errors.Is(err, ErrNotCached) {
		return err
	}
	start := time.Now()
	var n int
	err := s.write(ctx, "index answers again", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM answer_index; DELETE FROM answer_terms`); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT rid, id, data FROM schede WHERE status = ?`, string(model.SchedaAnswered))
		if err != nil {
			return err
		}
		type stored struct {
			rid  int64
			id   string
			data []byte
		}
		var all []stored
		for rows.Next() {
			var r stored
			if err := rows.Scan(&r.rid, &r.id, &r.data); err != nil {
				rows.Close()
				return err
			}
			all = append(all, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, r := range all {
			sc, err := s.decodeScheda(r.id, r.data)
			if err != nil {
				continue // damaged: it reads as an error where it is shown, and is not searched
			}
			if err := s.indexAnswer(ctx, tx, r.rid, sc, +1); err != nil {
				return err
			}
			n++
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO meta(key, value) VALUES (?1, ?2)
			ON CONFLICT(key) DO UPDATE SET value = excluded.value`, answerIndexKey, answerIndexVersion)
		return err
	})
	if err != nil {
		return fmt.Errorf("cache: index answers again: %w", err)
	}
	if n > 0 {
		slog.Info("answers indexed again", "answers", n, "version", answerIndexVersion, "took", time.Since(start).Round(time.Millisecond))
	}
	return nil
}

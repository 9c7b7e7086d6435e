package cache

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"maps"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"sportello/model"
)

// The search index is an FTS5 table in a SQLite database that lives only
// in memory: it is built at Open from the sealed citizen cards and kept in
// step with every file stored or purged, so names and codici fiscali are
// searchable as the operator types without ever being written to disk in
// clear.
type searchIndex struct {
	db   *sql.DB
	mu   sync.Mutex
	ids  map[string]int64 // rowid of each citizen ref in the index
	used map[int64]bool   // rowids given
	// ready is closed when the index built at Open is complete; searches
	// and updates wait for it, so the console opens without waiting.
	ready chan struct{}
	err   error // why the build failed, if it did
}

// wait blocks until the index is built, or ctx ends.
func (x *searchIndex) wait(ctx context.Context) error {
	select {
	case <-x.ready:
		return x.err
	case <-ctx.Done():
		return fmt.Errorf("cache: search index: %w", ctx.Err())
	}
}

// sortKeyChars is how many letters of "FAMILY GIVEN" a rowid orders by.
// FTS5 returns matches in rowid order, so a search can stop at the first
// page instead of sorting thousands of namesakes: 27^11 keys times 1,024
// slots for people whose first 11 letters are the same fit in 63 bits.
const sortKeyChars = 11

// sortKey is a free rowid for a card: names in alphabetical order (to
// their first sortKeyChars letters), spread among the namesakes' slots by
// the card's ref (a keyed hash) so that few need probing.
func (x *searchIndex) sortKey(ref string, c model.CitizenCard) int64 {
	var k int64
	name := []rune(strings.ToUpper(model.FoldAccents(c.FamilyName + " " + c.GivenName)))
	for i := range sortKeyChars {
		var d int64 // blanks and signs sort first
		if i < len(name) && name[i] >= 'A' && name[i] <= 'Z' {
			d = int64(name[i]-'A') + 1
		}
		k = k*27 + d
	}
	k <<= 10
	if spread, err := strconv.ParseUint(ref[:min(3, len(ref))], 16, 64); err == nil {
		k += int64(spread & 1023)
	}
	for x.used[k] {
		k++ // past 1,024 namesakes it borrows the next key's slots: still in order
	}
	return k
}

// The index: one FTS5 table, the card's display fields unindexed beside
// the searched ones. Prefix indexes of 2 and 3 characters make the first
// keystrokes of a surname or a code cheap.
const indexSchema = `CREATE VIRTUAL TABLE people USING fts5(cf, family, given, born UNINDEXED, place UNINDEXED,
	tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')`

func newSearchIndex() (*searchIndex, error) {
	db, err := sql.Open("sqlite", "file::memory:")
	if err != nil {
		return nil, fmt.Errorf("cache: search index: %w", err)
	}
	// An in-memory database belongs to its connection: keep exactly one,
	// for ever.
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	if _, err := db.Exec(indexSchema); err != nil {
		db.Close()
		return nil, fmt.Errorf("cache: search index: %w", err)
	}
	return &searchIndex{db: db, ids: map[string]int64{}, used: map[int64]bool{}, ready: make(chan struct{})}, nil
}

// indexEntry is one citizen's card as the index holds it.
type indexEntry struct {
	ref  string
	card model.CitizenCard
}

// put adds or replaces cards. The batch reaches SQLite as one JSON array
// and is applied by two set statements whatever its size: statements row
// by row made building 100,000 cards take seconds (FTS5 flushes its
// pending terms at each statement).
func (x *searchIndex) put(ctx context.Context, entries []indexEntry) error {
	if len(entries) == 0 {
		return nil
	}
	if err := x.wait(ctx); err != nil {
		return err
	}
	return x.add(ctx, entries)
}

// add is put without waiting for the build (which calls it).
func (x *searchIndex) add(ctx context.Context, entries []indexEntry) error {
	type row struct {
		ID                       int64
		CF, Family, Given, Place string
		Born                     int64
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	rows := make([]row, 0, len(entries))
	var old []int64 // cards indexed already, replaced under the same rowid
	given := make(map[string]int64, len(entries))
	for i := len(entries) - 1; i >= 0; i-- { // the last card of a ref wins
		e := entries[i]
		if _, dup := given[e.ref]; dup {
			continue
		}
		c := e.card
		if id, ok := x.ids[e.ref]; ok {
			old = append(old, id)
			delete(x.used, id)
		}
		id := x.sortKey(e.ref, c)
		x.used[id] = true
		given[e.ref] = id
		rows = append(rows, row{ID: id, CF: c.CF, Family: c.FamilyName, Given: c.GivenName, Place: c.BirthPlace, Born: c.BirthDate.Unix()})
	}
	// FTS5 writes ascending rowids much faster than scattered ones.
	slices.SortFunc(rows, func(a, b row) int { return cmp.Compare(a.ID, b.ID) })
	batch, err := json.Marshal(rows)
	if err != nil {
		return fmt.Errorf("cache: index: %w", err)
	}
	gone, err := json.Marshal(old)
	if err != nil {
		return fmt.Errorf("cache: index: %w", err)
	}
	if _, err := x.db.ExecContext(ctx, `BEGIN;
		DELETE FROM people WHERE rowid IN (SELECT value FROM json_each(?1));
		INSERT INTO people(rowid, cf, family, given, born, place)
			SELECT value->>'ID', value->>'CF', value->>'Family', value->>'Given', value->>'Born', value->>'Place'
			FROM json_each(?2);
		COMMIT`, string(gone), string(batch)); err != nil {
		_, _ = x.db.ExecContext(ctx, `ROLLBACK`)
		// The rowids given here are not in the table: forget them, and
		// keep the old ones of the cards that were there.
		for _, id := range given {
			delete(x.used, id)
		}
		for _, id := range old {
			x.used[id] = true
		}
		return fmt.Errorf("cache: index: %w", err)
	}
	maps.Copy(x.ids, given)
	return nil
}

// remove drops the cards of refs.
func (x *searchIndex) remove(ctx context.Context, refs []string) error {
	if err := x.wait(ctx); err != nil {
		return err
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, ref := range refs {
		id, ok := x.ids[ref]
		if !ok {
			continue
		}
		if _, err := x.db.ExecContext(ctx, `DELETE FROM people WHERE rowid = ?`, id); err != nil {
			return fmt.Errorf("cache: index: %w", err)
		}
		delete(x.ids, ref)
		delete(x.used, id)
	}
	return nil
}

// matchQuery turns what the operator typed into an FTS5 query: every word
// (split as the tokenizer splits) must start a code, a family name or a
// given name. It returns "" when nothing searchable was typed.
func matchQuery(typed string) string {
	words := strings.FieldsFunc(typed, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	long := slices.ContainsFunc(words, func(w string) bool { return len([]rune(w)) > 1 })
	var q strings.Builder
	for _, w := range words {
		if long && len([]rune(w)) == 1 {
			continue // the "d" of "d'Amico" would match half the index, and adds nothing
		}
		if q.Len() > 0 {
			q.WriteByte(' ')
		}
		// Letters and digits only: nothing to escape inside the quotes.
		q.WriteString(`"` + w + `"*`)
	}
	return q.String()
}

// MinSearch is how many characters a search needs before it runs: one
// letter would match a good part of the province.
const MinSearch = 2

// Search finds mirrored citizens whose codice fiscale, family name or
// given name start with the words typed: the first limit of them in
// alphabetical order (as an operator scans a list of namesakes; a
// relevance score of prefixes would only shuffle them).
func (s *Store) Search(ctx context.Context, typed string, limit int) ([]model.CitizenCard, error) {
	q := matchQuery(typed)
	if len([]rune(strings.TrimSpace(typed))) < MinSearch || q == "" {
		return nil, nil
	}
	if err := s.index.wait(ctx); err != nil {
		return nil, err
	}
	// In rowid order, which is alphabetical (see sortKey): FTS5 stops at
	// the first page however many namesakes match.
	rows, err := s.index.db.QueryContext(ctx, `SELECT cf, family, given, born, place FROM people
		WHERE people MATCH ? ORDER BY rowid LIMIT ?`, q, limit)
	if err != nil {
		return nil, fmt.Errorf("cache: search: %w", err)
	}
	defer rows.Close()
	var out []model.CitizenCard
	for rows.Next() {
		var c model.CitizenCard
		var born int64
		if err := rows.Scan(&c.CF, &c.FamilyName, &c.GivenName, &born, &c.BirthPlace); err != nil {
			return nil, fmt.Errorf("cache: search: %w", err)
		}
		c.BirthDate = time.Unix(born, 0).In(model.Rome)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("cache: search: %w", err)
	}
	// Past the letters of the key, the page is put in full order.
	keys := make(map[string]string, len(out))
	for _, c := range out {
		keys[c.CF] = model.FoldAccents(c.FamilyName + "\x00" + c.GivenName)
	}
	slices.SortStableFunc(out, func(a, b model.CitizenCard) int {
		return cmp.Or(cmp.Compare(keys[a.CF], keys[b.CF]), a.BirthDate.Compare(b.BirthDate))
	})
	return out, nil
}

// buildIndex fills the search index from the sealed cards of the mirror;
// Open runs it in the background (100,000 cards take about 2.5 s here).
func (s *Store) buildIndex(ctx context.Context) {
	defer close(s.index.ready)
	began := time.Now()
	s.index.err = s.loadIndex(ctx)
	if s.index.err != nil {
		slog.Error("search index not built: search finds nothing until restart", "err", s.index.err)
		return
	}
	// Building leaves the garbage of every card decoded and of the batch
	// handed to SQLite (about 80 MB for 100,000 files): give it back to
	// the OS now rather than when the scavenger gets round to it.
	debug.FreeOSMemory()
	slog.Info("search index ready", "took", time.Since(began).Round(time.Millisecond))
}

func (s *Store) loadIndex(ctx context.Context) error {
	rows, err := s.r.QueryContext(ctx, `SELECT ref, card FROM citizens`)
	if err != nil {
		return fmt.Errorf("cache: build search index: %w", err)
	}
	defer rows.Close()
	var entries []indexEntry
	var legacy []string // stored before cards existed: their whole files are opened
	for rows.Next() {
		var e indexEntry
		var card []byte
		if err := rows.Scan(&e.ref, &card); err != nil {
			return fmt.Errorf("cache: build search index: %w", err)
		}
		if card == nil {
			legacy = append(legacy, e.ref)
			continue
		}
		plain, err := s.seal.open(card, citizensCard.at(e.ref))
		if err != nil {
			return err
		}
		if err := json.Unmarshal(plain, &e.card); err != nil {
			return fmt.Errorf("cache: decode card: %w", err)
		}
		entries = append(entries, e)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("cache: build search index: %w", err)
	}
	rows.Close()
	for _, ref := range legacy {
		var data []byte
		if err := s.r.QueryRowContext(ctx, `SELECT data FROM citizens WHERE ref = ?`, ref).Scan(&data); err != nil {
			return fmt.Errorf("cache: build search index: %w", err)
		}
		c, err := s.decodeCitizen(ref, data)
		if err != nil {
			return err
		}
		entries = append(entries, indexEntry{ref: ref, card: c.Card()})
	}
	return s.index.add(ctx, entries)
}

// indexSize returns how many bytes of memory the search index holds.
func (s *Store) indexSize(ctx context.Context) (int64, error) {
	var pages, size int64
	if err := s.index.db.QueryRowContext(ctx, `PRAGMA page_count`).Scan(&pages); err != nil {
		return 0, fmt.Errorf("cache: index size: %w", err)
	}
	if err := s.index.db.QueryRowContext(ctx, `PRAGMA page_size`).Scan(&size); err != nil {
		return 0, fmt.Errorf("cache: index size: %w", err)
	}
	return pages * size, nil
}

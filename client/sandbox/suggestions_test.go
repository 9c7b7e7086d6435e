package sandbox

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"sportello/client"
	"sportello/model"
)

var suggestNow = time.Date(2026, time.November, 23, 10, 5, 0, 0, model.Rome)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, model.Rome) }

func rules(ss []model.Suggestion) string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Rule)
	}
	return strings.Join(out, ",")
}

func TestSuggestionRules(t *testing.T) {
	parent := model.Citizen{CF: "RSSMRA85M01H703X", BirthDate: date(1985, 8, 1)}
	old := model.Citizen{CF: "BNCGPP50A01H703X", BirthDate: date(1950, 1, 1)}
	pensioner67 := model.Citizen{CF: "VRDLGU59L01H703X", BirthDate: date(1959, 7, 1)}
	withCase := func(c model.Citizen, kind string, opened time.Time, st model.CaseStatus) model.Citizen {
		c.Cases = append(c.Cases, model.Case{ID: "1", Kind: kind, Status: st, Opened: opened, Updated: opened})
		return c
	}
	for _, tc := range []struct {
		name string
		c    model.Citizen
		p    profile
		want string
	}{
		{"no facts, nothing", parent, profile{}, ""},
		{"children 7 and 12", parent, profile{Children: []time.Time{date(2019, 3, 1), date(2014, 6, 1)}}, "auu_children"},
		{"child just 21", parent, profile{Children: []time.Time{date(2005, 11, 23)}}, ""},
		{"child 21 tomorrow", parent, profile{Children: []time.Time{date(2005, 11, 24)}}, "auu_children"},
		{"AUU already claimed", withCase(parent, "Assegno unico universale", date(2024, 1, 1), model.CaseApproved),
			profile{Children: []time.Time{date(2014, 6, 1)}}, ""},
		{"child of 2: AUU and nido", parent, profile{Children: []time.Time{date(2024, 12, 1)}}, "auu_children,bonus_nido"},
		{"child 3 today: no nido", parent, profile{Children: []time.Time{date(2023, 11, 23)}}, "auu_children"},
		{"job ended 68 days ago", parent, profile{JobEnd: date(2026, 9, 16)}, "naspi_job_end"},
		{"job ended 69 days ago", parent, profile{JobEnd: date(2026, 9, 15)}, ""},
		{"job ended today", parent, profile{JobEnd: date(2026, 11, 23)}, "naspi_job_end"},
		{"NASpI claimed after the end", withCase(parent, "NASpI", date(2026, 10, 20), model.CaseInReview),
			profile{JobEnd: date(2026, 10, 15)}, ""},
		{"old NASpI, new job end", withCase(parent, "NASpI", date(2023, 1, 1), model.CaseApproved),
			profile{JobEnd: date(2026, 10, 15)}, "naspi_job_end"},
		{"NASpI rejected", withCase(parent, "NASpI", date(2026, 10, 20), model.CaseRejected),
			profile{JobEnd: date(2026, 10, 15)}, "naspi_job_end"},
		{"76, low pension and income", old, profile{Pension: 500, Income: 6500}, "maggiorazione_sociale,integrazione_minimo"},
		{"76, pension over the minimum, low income", old, profile{Pension: 650, Income: 8450}, "maggiorazione_sociale"},
		{"76, income over the limit", old, profile{Pension: 700, Income: 9300}, ""},
		{"67: no maggiorazione, minimum", pensioner67, profile{Pension: 500, Income: 6500}, "integrazione_minimo"},
		{"minimum but income over twice", pensioner67, profile{Pension: 500, Income: 2 * 603 * 13}, ""},
	} {
		got := rules(suggest(tc.c, tc.p, suggestNow))
		if got != tc.want {
			t.Errorf("%s: rules %q, want %q", tc.name, got, tc.want)
		}
	}
	// Every suggestion carries its facts, rule, basis and checks; its id
	// is stable for the citizen and the rule.
	p := profile{Children: []time.Time{date(2024, 12, 1)}, JobEnd: date(2026, 10, 15)}
	a, b := suggest(parent, p, suggestNow), suggest(parent, p, suggestNow.Add(time.Hour))
	for i, s := range a {
		if len(s.Facts) == 0 || s.RuleText == "" || s.Basis == "" || len(s.ToCheck) == 0 || s.ID != b[i].ID {
			t.Errorf("suggestion %+v incomplete or unstable (%s)", s, b[i].ID)
		}
	}
	if a[0].Facts[0] != "Nucleo con 1 figlio sotto i 21 anni (1 anno)" {
		t.Errorf("AUU facts: %q", a[0].Facts)
	}
}

func TestAgeInYears(t *testing.T) {
	for _, tc := range []struct {
		birth time.Time
		want  int
	}{{date(1956, 11, 23), 70}, {date(1956, 11, 24), 69}, {date(1956, 12, 1), 69}, {date(1956, 1, 1), 70}} {
		if got := yearsBetween(tc.birth, suggestNow); got != tc.want {
			t.Errorf("born %s: %d, want %d", tc.birth.Format(time.DateOnly), got, tc.want)
		}
	}
}

// TestSeededSuggestions: the seed gives suggestions to some citizens, the
// same each run, and at least one to a citizen booked with the demo
// operator (office 7800, Sportello 3) on the tests' day.
func TestSeededSuggestions(t *testing.T) {
	sb, err := New(Options{Seed: 1, Now: func() time.Time { return suggestNow }})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	ctx := context.Background()
	files, err := decodeRows[client.CitizenJSON](must(sb.db.QueryContext(ctx, `SELECT file FROM citizens`)))
	if err != nil {
		t.Fatal(err)
	}
	with := 0
	for _, f := range files {
		if len(f.Suggestions) > 0 {
			with++
		}
	}
	if with < len(files)/10 || with > len(files)*2/3 {
		t.Errorf("%d of %d files with suggestions", with, len(files))
	}
	for _, seed := range []int64{1, 3} {
		sb, err := New(Options{Seed: seed, Now: func() time.Time { return suggestNow }})
		if err != nil {
			t.Fatal(err)
		}
		var n int
		err = sb.db.QueryRowContext(ctx, `SELECT count(*) FROM slots s JOIN citizens c ON c.cf = s.citizen_cf
			WHERE s.office_code = '7800' AND s.desk = 'Sportello 3' AND s.start >= ? AND s.start < ?
			AND json_array_length(c.file, '$.suggestions') > 0`,
			model.Day(suggestNow).Unix(), model.Day(suggestNow).AddDate(0, 0, 1).Unix()).Scan(&n)
		sb.Close()
		if err != nil || n == 0 {
			t.Errorf("seed %d: %d citizens booked with demo on the day have suggestions (%v)", seed, n, err)
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestMarkSuggestion: central records the mark on the suggestion and in
// the contact history, bumps the version, refuses what the contract
// refuses, and applies a repeated key once.
func TestMarkSuggestion(t *testing.T) {
	sb, err := New(Options{Seed: 1, Now: func() time.Time { return suggestNow }})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	ctx := context.Background()
	var cf, file string
	var version int64
	if err := sb.db.QueryRowContext(ctx, `SELECT cf, file, version FROM citizens WHERE json_array_length(file, '$.suggestions') > 0 LIMIT 1`).
		Scan(&cf, &file, &version); err != nil {
		t.Fatal(err)
	}
	var before client.CitizenJSON
	_ = json.Unmarshal([]byte(file), &before)
	id := before.Suggestions[0].ID
	w := httptest.NewRecorder()
	sb.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/v1/auth/token", strings.NewReader(`{"operator":"demo","password":"demo"}`)))
	var sess client.Session
	_ = json.Unmarshal(w.Body.Bytes(), &sess)
	post := func(key, sid, body string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodPost, "/v1/citizens/"+cf+"/suggestions/"+sid+"/mark", strings.NewReader(body))
		r.Header.Set("Authorization", "Bearer "+sess.AccessToken)
		r.Header.Set("Idempotency-Key", key)
		w := httptest.NewRecorder()
		sb.ServeHTTP(w, r)
		return w
	}
	for i, bad := range []struct {
		sid, body string
		code      int
	}{
		{id, `{"mark":"not_relevant"}`, 422},
		{id, `{"mark":"not_relevant","reason":"  "}`, 422},
		{id, `{"mark":"maybe"}`, 422},
		{id, `{"mark":"proposed","reason":"a\u0007b"}`, 422},
		{id, `{"mark":"proposed","reason":"` + strings.Repeat("x", 201) + `"}`, 422},
		{"SG-none", `{"mark":"proposed"}`, 404},
	} {
		if w := post(fmt.Sprintf("key-bad-%d", i), bad.sid, bad.body); w.Code != bad.code {
			t.Errorf("%s %s: %d, want %d", bad.sid, bad.body, w.Code, bad.code)
		}
	}
	for range 2 { // the same key twice: applied once
		if w := post("key-mark-1", id, `{"mark":"not_relevant","reason":"già percepita"}`); w.Code != http.StatusOK {
			t.Fatalf("mark: %d %s", w.Code, w.Body)
		}
	}
	c, err := loadCitizen(ctx, sb.db, cf)
	if err != nil {
		t.Fatal(err)
	}
	s := c.Suggestions[0]
	if s.Mark != model.MarkNotRelevant || s.MarkReason != "già percepita" || s.MarkedBy != "Anna Lombardi" || c.Version != version+1 {
		t.Errorf("after the mark: %+v, version %d (was %d)", s, c.Version, version)
	}
	if h := c.History[0]; h.Channel != model.HistoryChannelSuggestion || h.Outcome != "suggestion_not_relevant" || h.Service != s.Benefit ||
		len(c.History) != len(before.History)+1 {
		t.Errorf("history head %+v (%d entries, were %d)", h, len(c.History), len(before.History))
	}
}

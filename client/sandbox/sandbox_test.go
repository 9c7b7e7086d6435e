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

func TestSeededDataIsPlausible(t *testing.T) {
	now := time.Date(2026, time.November, 23, 9, 0, 0, 0, model.Rome)
	sb, err := New(Options{Seed: 1, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	ctx := context.Background()

	rows, err := sb.db.QueryContext(ctx, `SELECT file FROM citizens`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n, omocodia := 0, 0
	for rows.Next() {
		var file string
		var c client.CitizenJSON
		if err := rows.Scan(&file); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(file), &c); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Model(); err != nil {
			t.Errorf("citizen %d: %v", n, err)
		}
		cf, sex, birth := c.CF, c.Sex, c.BirthDate
		if strings.ContainsAny(cf[6:8]+cf[9:11]+cf[12:15], "LMNPQRSTUV") {
			omocodia++
		}
		n++
		if err := model.ValidateCF(cf); err != nil {
			t.Errorf("citizen %d: %v", n, err)
		}
		// The code encodes the birth date: day + 40 for women.
		bd, _ := time.Parse("2006-01-02", birth)
		day := bd.Day()
		if sex == "F" {
			day += 40
		}
		if got := cf[9:11]; got != pad2(day) && cf[9] >= '0' && cf[9] <= '9' {
			t.Errorf("citizen %d: day digits %s, want %s", n, got, pad2(day))
		}
	}
	if n != citizenCount || omocodia == 0 {
		t.Errorf("%d citizens with %d omocodia codes, want %d with some", n, omocodia, citizenCount)
	}

	var weekend, holiday, comuni int
	if err := sb.db.QueryRowContext(ctx, `SELECT count(*) FROM slots WHERE strftime('%w', start, 'unixepoch', 'localtime') IN ('0','6')`).Scan(&weekend); err != nil {
		t.Fatal(err)
	}
	// 8 December 2026 (Immacolata) is a Tuesday: no slots.
	dec8 := time.Date(2026, time.December, 8, 0, 0, 0, 0, model.Rome)
	if err := sb.db.QueryRowContext(ctx, `SELECT count(*) FROM slots WHERE start >= ? AND start < ?`, dec8.Unix(), dec8.AddDate(0, 0, 1).Unix()).Scan(&holiday); err != nil {
		t.Fatal(err)
	}
	if err := sb.db.QueryRowContext(ctx, `SELECT count(*) FROM comuni WHERE name IN ('Salerno', 'Battipaglia', 'Sapri', 'Padula')`).Scan(&comuni); err != nil {
		t.Fatal(err)
	}
	if weekend != 0 || holiday != 0 || comuni != 4 {
		t.Errorf("weekend slots %d, holiday slots %d, seed comuni %d; want 0, 0, 4", weekend, holiday, comuni)
	}
}

func pad2(n int) string { return fmt.Sprintf("%02d", n) }

func TestFaultsSwitchAtRunTime(t *testing.T) {
	sb, err := New(Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	put := func(body string) int {
		r := httptest.NewRequest(http.MethodPut, "/_sandbox/faults", strings.NewReader(body))
		w := httptest.NewRecorder()
		sb.ServeHTTP(w, r)
		return w.Code
	}
	if code := put(`{"drops":0.3,"latency_ms":200,"server_errors":1}`); code != http.StatusOK {
		t.Fatalf("PUT faults: %d", code)
	}
	if f := sb.Faults(); f.Drops != 0.3 || f.Latency != 200*time.Millisecond || f.ServerErrors != 1 {
		t.Errorf("faults after PUT: %+v", f)
	}
	// Every request now fails with the contract's error shape.
	w := httptest.NewRecorder()
	sb.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/v1/me", nil))
	if w.Code != http.StatusServiceUnavailable || !strings.Contains(w.Body.String(), `"unavailable"`) {
		t.Errorf("with server_errors 1: %d %s", w.Code, w.Body)
	}
	for _, bad := range []string{`{"drops":2}`, `{"bogus":1}`, `not json`} {
		if code := put(bad); code != http.StatusBadRequest {
			t.Errorf("PUT %s: %d, want 400", bad, code)
		}
	}
	if put(`{}`) != http.StatusOK || sb.Faults() != (Faults{}) {
		t.Errorf("faults not cleared: %+v", sb.Faults())
	}
}

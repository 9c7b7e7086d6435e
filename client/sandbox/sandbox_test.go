package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
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
		r.RemoteAddr = "127.0.0.1:40000"
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

// TestControlOnlyFromLoopbackOrWithToken calls the handler with requests
// whose RemoteAddr is made up (no packet leaves the machine): off loopback
// the control endpoints need the control token and, without it, say
// nothing of the tokens they guard.
func TestControlOnlyFromLoopbackOrWithToken(t *testing.T) {
	sb, err := New(Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	// A login, so that inspect has a live token to hand out.
	w := httptest.NewRecorder()
	sb.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/v1/auth/token", strings.NewReader(`{"operator":"demo","password":"demo"}`)))
	if w.Code != http.StatusOK {
		t.Fatalf("login: %d %s", w.Code, w.Body)
	}
	tokens, err := sb.IssuedTokens(context.Background())
	if err != nil || len(tokens) == 0 {
		t.Fatalf("issued tokens: %v %v", tokens, err)
	}
	control := sb.ControlToken()
	if len(control) < 20 {
		t.Fatalf("control token %q is too short", control)
	}
	if other, _ := New(Options{Seed: 1}); other != nil {
		if other.ControlToken() == control {
			t.Error("two sandboxes share a control token")
		}
		other.Close()
	}
	call := func(method, path, remote, header, body string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(method, path, strings.NewReader(body))
		r.RemoteAddr = remote
		if header != "" {
			r.Header.Set(ControlHeader, header)
		}
		w := httptest.NewRecorder()
		sb.ServeHTTP(w, r)
		return w
	}
	for _, c := range []struct {
		remote, header string
		want           int
	}{
		{"192.0.2.1:1234", "", http.StatusForbidden},
		{"[2001:db8::1]:1234", "", http.StatusForbidden},
		{"192.0.2.1:1234", "wrong", http.StatusForbidden},
		{"192.0.2.1:1234", control + "x", http.StatusForbidden},
		{"192.0.2.1:1234", control, http.StatusOK},
		{"127.0.0.1:1234", "", http.StatusOK},
		{"[::1]:1234", "", http.StatusOK},
	} {
		for _, req := range [][3]string{{"GET", "/_sandbox/inspect", ""}, {"GET", "/_sandbox/faults", ""}, {"PUT", "/_sandbox/faults", `{"drops":0.5}`}} {
			w := call(req[0], req[1], c.remote, c.header, req[2])
			if w.Code != c.want {
				t.Errorf("%s %s from %s, header %q: %d, want %d", req[0], req[1], c.remote, c.header, w.Code, c.want)
			}
			body := w.Body.String()
			if c.want == http.StatusForbidden {
				var e client.ErrorBody
				if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || e.Code != "forbidden" || e.Message == "" {
					t.Errorf("403 body %q is not the contract's error (%v)", body, err)
				}
				for _, tok := range append(tokens, control) {
					if strings.Contains(body, tok) {
						t.Errorf("403 body %q holds a token", body)
					}
				}
			} else if req[1] == "/_sandbox/inspect" && !strings.Contains(body, tokens[0]) {
				t.Errorf("inspect from %s: %q lacks the issued tokens", c.remote, body)
			}
		}
		// A refused PUT changed nothing.
		if c.want == http.StatusForbidden && sb.Faults() != (Faults{}) {
			t.Errorf("faults changed by a refused PUT: %+v", sb.Faults())
		}
		sb.SetFaults(Faults{})
	}
	// The API itself is not guarded: the contract answers from anywhere.
	if w := call("GET", "/v1/me", "192.0.2.1:1234", "", ""); w.Code != http.StatusUnauthorized {
		t.Errorf("GET /v1/me off loopback without a token: %d, want 401", w.Code)
	}
}

func TestFaultsOutOfRange(t *testing.T) {
	sb, err := New(Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	in := Faults{Latency: 5 * time.Millisecond, Drops: 0.1}
	sb.SetFaults(in)
	for _, body := range []string{
		`{"latency_ms":-1}`, `{"latency_ms":60001}`, `{"latency_ms":315360000000}`, `{"latency_ms":9223372036854775807}`,
		`{"latency_ms":-9223372036854775808}`, `{"slow_body_ms":-5}`, `{"slow_body_ms":120000}`,
		`{"drops":-0.1}`, `{"server_errors":1.01}`, `{"malformed":2}`, `{"expired_tokens":-1}`,
	} {
		r := httptest.NewRequest(http.MethodPut, "/_sandbox/faults", strings.NewReader(body))
		r.RemoteAddr = "127.0.0.1:40000"
		w := httptest.NewRecorder()
		sb.ServeHTTP(w, r)
		var e client.ErrorBody
		if w.Code != http.StatusBadRequest || json.Unmarshal(w.Body.Bytes(), &e) != nil || e.Code != "bad_request" {
			t.Errorf("PUT %s: %d %s, want 400 bad_request", body, w.Code, w.Body)
		}
		if got := sb.Faults(); got != in {
			t.Errorf("PUT %s changed the faults to %+v", body, got)
		}
	}
	for _, c := range []struct {
		f    Faults
		want error
	}{
		{Faults{}, nil},
		{Faults{Latency: MaxDelay, SlowBody: MaxDelay, ServerErrors: 1, Drops: 1, Malformed: 1, ExpiredTokens: 1}, nil},
		{Faults{Latency: -time.Second}, ErrDelayRange},
		{Faults{Latency: 10000 * time.Hour}, ErrDelayRange},
		{Faults{SlowBody: MaxDelay + 1}, ErrDelayRange},
		{Faults{Drops: 1.5}, ErrShareRange},
		{Faults{Malformed: math.NaN()}, ErrShareRange},
	} {
		if err := c.f.Validate(); !errors.Is(err, c.want) || (c.want == nil) != (err == nil) {
			t.Errorf("Validate(%+v) = %v, want %v", c.f, err, c.want)
		}
	}
	if _, err := New(Options{Seed: 1, Faults: Faults{Latency: -1}}); !errors.Is(err, ErrDelayRange) {
		t.Errorf("New with a negative latency: %v", err)
	}
}

func TestIsLoopbackAddr(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1:8080": true, "127.9.9.9:1": true, "[::1]:80": true, "localhost:0": true, "127.0.0.1": true,
		"0.0.0.0:0": false, ":8080": false, "[::]:80": false, "10.201.0.2:8080": false, "example.org:80": false, "": false,
	} {
		if got := IsLoopbackAddr(addr); got != want {
			t.Errorf("IsLoopbackAddr(%q) = %v, want %v", addr, got, want)
		}
	}
}

func TestVersionsSwitchAtRunTime(t *testing.T) {
	sb, err := New(Options{Seed: 1, Versions: Versions{Latest: "0.9.0"}})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	put := func(body string) int {
		r := httptest.NewRequest(http.MethodPut, "/_sandbox/versions", strings.NewReader(body))
		r.RemoteAddr = "127.0.0.1:40000"
		w := httptest.NewRecorder()
		sb.ServeHTTP(w, r)
		return w.Code
	}
	get := func() string {
		w := httptest.NewRecorder()
		sb.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/v1/console/versions", nil))
		return strings.TrimSpace(w.Body.String())
	}
	if got := get(); got != `{"latest":"0.9.0"}` {
		t.Errorf("versions from the options: %s", got)
	}
	// Served as given, garbage too: reading them is the console's job.
	if code := put(`{"latest":"1.0.0","minimum":"banana","info":"https://software.example/sportello"}`); code != http.StatusOK {
		t.Fatalf("PUT versions: %d", code)
	}
	if got := get(); got != `{"latest":"1.0.0","minimum":"banana","info":"https://software.example/sportello"}` {
		t.Errorf("versions after PUT: %s", got)
	}
	for _, bad := range []string{`{"latest":"` + strings.Repeat("9", 65) + `"}`, `{"bogus":"1"}`, `not json`} {
		if code := put(bad); code != http.StatusBadRequest {
			t.Errorf("PUT %s: %d, want 400", bad, code)
		}
	}
	if sb.Versions().Minimum != "banana" {
		t.Errorf("a refused PUT changed the versions: %+v", sb.Versions())
	}
	r := httptest.NewRequest(http.MethodPut, "/_sandbox/versions", strings.NewReader(`{}`))
	r.RemoteAddr = "10.1.2.3:40000"
	w := httptest.NewRecorder()
	sb.ServeHTTP(w, r)
	if w.Code != http.StatusForbidden {
		t.Errorf("PUT versions off loopback without the control token: %d, want 403", w.Code)
	}
	if _, err := New(Options{Versions: Versions{Info: strings.Repeat("x", 501)}}); !errors.Is(err, ErrVersionsTooLong) {
		t.Errorf("New with an info too long: %v", err)
	}
}

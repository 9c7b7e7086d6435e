package client_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"sportello/client"
	"sportello/model"
)

func TestSandboxRejectsBadInputInContractShape(t *testing.T) {
	clk := &clock{t: monday}
	_, srv, v := startSandbox(t, 1, clk)
	token := login(t, srv.URL, "demo").Tokens().Access
	for _, tc := range []struct {
		method, path, token, key, body string
		want                           int
	}{
		{"GET", "/v1/agenda?from=2026-11-30&to=2026-11-23", token, "", "", 400},
		{"GET", "/v1/agenda?from=ieri&to=oggi", token, "", "", 400},
		{"GET", "/v1/me", "", "", "", 401},
		{"GET", "/v1/me", "nonesiste", "", "", 401},
		{"GET", "/v1/citizens/RSSMRA85T10A562X", token, "", "", 400},
		{"GET", "/v1/citizens?q=1", token, "", "", 400},
		{"GET", "/v1/changes?since=abc", token, "", "", 400},
		{"GET", "/v1/schede", token, "", "", 403},
		{"POST", "/v1/slots/x/events", token, "", `{"type":"start","version":1}`, 400},
		{"POST", "/v1/slots/x/events", token, "chiave-di-prova", `{"type":"start","version":1}`, 404},
		{"POST", "/v1/slots/x/events", token, "chiave-di-prova", `{"type":"start","version":2}`, 422},
		{"POST", "/v1/bookings", token, "chiave-2-prova", `{"slot_id":"x"}`, 400},
		{"POST", "/v1/citizens/RSSMRA85T10A562S/notes", token, "chiave-3-prova", `{"text":"Nota"}`, 404},
		{"POST", "/v1/audit", token, "", `{"events":[]}`, 400},
		{"POST", "/v1/auth/token", "", "", `{"operator":"demo","password":"demo","extra":1}`, 400},
	} {
		req, _ := http.NewRequest(tc.method, srv.URL+tc.path, strings.NewReader(tc.body))
		req.Header.Set("X-Contract-Probe", "1")
		req.Header.Set("Content-Type", "application/json")
		if tc.token != "" {
			req.Header.Set("Authorization", "Bearer "+tc.token)
		}
		if tc.key != "" {
			req.Header.Set("Idempotency-Key", tc.key)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("%s %s: status %d, want %d", tc.method, tc.path, resp.StatusCode, tc.want)
		}
	}
	checkContract(t, v)
}

func TestSandboxIsDeterministic(t *testing.T) {
	agenda := func(seed int64) []model.Slot {
		_, srv, _ := startSandbox(t, seed, &clock{t: monday})
		s, err := login(t, srv.URL, "demo").Agenda(context.Background(), monday, monday.AddDate(0, 0, 7))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	a, b, other := agenda(42), agenda(42), agenda(43)
	if len(a) != len(b) {
		t.Fatalf("same seed, %d vs %d slots", len(a), len(b))
	}
	same := true
	for i := range a {
		if !reflect.DeepEqual(a[i], b[i]) {
			t.Fatalf("same seed, slot %d differs: %+v vs %+v", i, a[i], b[i])
		}
		same = same && reflect.DeepEqual(a[i], other[i])
	}
	if same {
		t.Error("seeds 42 and 43 gave the same agenda")
	}
}

func withToken(url string) *client.Client {
	c, _ := client.New(url, client.Config{Tokens: client.Tokens{Access: "token-token-token"}, Backoff: time.Millisecond})
	return c
}

func TestClientTypedErrors(t *testing.T) {
	ctx := context.Background()
	handler := func(status int, ctype, body string) *httptest.Server {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", ctype)
			w.WriteHeader(status)
			_, _ = w.Write([]byte(body))
		}))
		t.Cleanup(srv.Close)
		return srv
	}
	cases := []struct {
		name string
		srv  *httptest.Server
		want error
	}{
		{"server fault", handler(500, "application/json", `{"code":"internal","message":"Errore interno"}`), client.ErrServer},
		{"garbage", handler(200, "application/json", `{"id":"demo","name":`), client.ErrBadResponse},
		{"html", handler(200, "text/html", `<html>proxy login</html>`), client.ErrBadResponse},
		{"unknown field", handler(200, "application/json", `{"id":"a","name":"b","office":{"code":"1","name":"x"},"roles":["sportello"],"extra":1}`), client.ErrBadResponse},
		{"missing fields", handler(200, "application/json", `{"id":"a"}`), client.ErrBadResponse},
		{"unknown role", handler(200, "application/json", `{"id":"a","name":"b","office":{"code":"1","name":"x"},"roles":["admin"]}`), client.ErrBadResponse},
		{"bad gateway page", handler(502, "text/html", `<html>Bad Gateway</html>`), client.ErrServer},
		{"conflict", handler(409, "application/json", `{"code":"conflict","message":"x"}`), client.ErrConflict},
		{"forbidden", handler(403, "application/json", `{"code":"forbidden","message":"x"}`), client.ErrUnauthorized},
		{"unprocessable", handler(422, "application/json", `{"code":"unprocessable","message":"x"}`), client.ErrRejected},
	}
	for _, tc := range cases {
		if _, err := withToken(tc.srv.URL).Me(ctx); !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.want)
		}
	}

	// Nothing listens on a port we just closed: offline.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	c := withToken("http://" + addr)
	if _, err := c.Me(ctx); !errors.Is(err, client.ErrOffline) {
		t.Errorf("closed port: err = %v, want ErrOffline", err)
	}
	// Errors end up in logs: they must not quote the codice fiscale that
	// the request's URL carries.
	_, err = c.Citizen(ctx, "RSSMRA85T10A562S", "")
	if !errors.Is(err, client.ErrOffline) || strings.Contains(err.Error(), "RSSMRA85T10A562S") {
		t.Errorf("closed port, citizen: err = %v, want ErrOffline without the codice fiscale", err)
	}

	// A connection dropped mid-body is offline too, not a half-filled struct.
	drop := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "500")
		_, _ = w.Write([]byte(`{"id":"demo",`))
		panic(http.ErrAbortHandler)
	}))
	drop.Config.ErrorLog = nil
	t.Cleanup(drop.Close)
	if _, err := withToken(drop.URL).Me(ctx); !errors.Is(err, client.ErrOffline) {
		t.Errorf("dropped body: err = %v, want ErrOffline", err)
	}

	if _, err := client.New("ftp://example", client.Config{}); !errors.Is(err, client.ErrBadAddress) {
		t.Error("ftp server address accepted")
	}
}

// TestRetriesOnlyWhatIsSafeToRepeat runs every kind of call against a
// server that always answers 503 and counts the attempts.
func TestRetriesOnlyWhatIsSafeToRepeat(t *testing.T) {
	var mu sync.Mutex
	hits := map[string]int{}
	keys := map[string]map[string]bool{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.Method+" "+r.URL.Path]++
		if keys[r.URL.Path] == nil {
			keys[r.URL.Path] = map[string]bool{}
		}
		keys[r.URL.Path][r.Header.Get("Idempotency-Key")] = true
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(`{"code":"unavailable","message":"Riprova"}`))
	}))
	defer srv.Close()
	ctx := context.Background()
	c := withToken(srv.URL)
	if _, err := c.Login(ctx, "demo", "demo"); !errors.Is(err, client.ErrServer) {
		t.Errorf("login: %v", err)
	}
	if _, err := c.Me(ctx); !errors.Is(err, client.ErrServer) {
		t.Errorf("me: %v", err)
	}
	if _, err := c.AddNote(ctx, "nota-0001", "RSSMRA85T10A562S", "x"); !errors.Is(err, client.ErrServer) {
		t.Errorf("note: %v", err)
	}
	want := map[string]int{
		"POST /v1/auth/token": 1, // a login is never repeated blindly
		"GET /v1/me":          client.DefaultAttempts,
		"POST /v1/citizens/RSSMRA85T10A562S/notes": client.DefaultAttempts,
	}
	for k, n := range want {
		if hits[k] != n {
			t.Errorf("%s: %d attempts, want %d", k, hits[k], n)
		}
	}
	if k := keys["/v1/citizens/RSSMRA85T10A562S/notes"]; len(k) != 1 || !k["nota-0001"] {
		t.Errorf("note retries sent keys %v, want the same key every time", k)
	}
}

func TestTimeoutsAndCancellation(t *testing.T) {
	var inflight atomic.Int32
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		inflight.Add(1)
		defer inflight.Add(-1)
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	}))
	defer slow.Close()

	c, _ := client.New(slow.URL, client.Config{Tokens: client.Tokens{Access: "token-token-token"}, Timeout: 50 * time.Millisecond, Attempts: 1})
	start := time.Now()
	_, err := c.Me(context.Background())
	if !errors.Is(err, client.ErrOffline) || time.Since(start) > 2*time.Second {
		t.Errorf("per-call timeout: err = %v after %v, want ErrOffline within the timeout", err, time.Since(start))
	}

	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start = time.Now()
	_, err = withToken(slow.URL).Me(ctx)
	if !errors.Is(err, context.Canceled) || !errors.Is(err, client.ErrOffline) || time.Since(start) > 2*time.Second {
		t.Errorf("cancelled: err = %v after %v, want ErrOffline wrapping context.Canceled, at once", err, time.Since(start))
	}
}

// TestServerAddressWithCredentialsIsRefused: a server address carrying a
// user and password (https://user:password@host) is refused, and the
// error does not repeat the password: the address is written to
// config.json, named in keyring accounts and logged, and net/http would
// send it as Basic authorization with every call that has no token.
func TestServerAddressWithCredentialsIsRefused(t *testing.T) {
	for _, addr := range []string{"https://mario:segreto@central.inps.example", "https://segreto@central.inps.example:8443/", "http://mario:segreto@127.0.0.1:8080"} {
		_, err := client.New(addr, client.Config{})
		if !errors.Is(err, client.ErrBadAddress) {
			t.Errorf("%s: err = %v, want ErrBadAddress", addr, err)
			continue
		}
		if strings.Contains(err.Error(), "segreto") {
			t.Errorf("%s: the error repeats the credentials: %v", addr, err)
		}
	}
}

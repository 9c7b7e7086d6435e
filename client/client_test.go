package client_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"sportello/client"
	"sportello/client/contracttest"
	"sportello/client/sandbox"
	"sportello/model"
)

// clock is a settable sandbox clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// monday is a working Monday morning in Rome, during opening hours.
var monday = time.Date(2026, time.November, 23, 10, 5, 0, 0, model.Rome)

// startSandbox serves a seeded sandbox over real loopback HTTP, behind the
// contract validator.
func startSandbox(t *testing.T, seed int64, clk *clock) (*httptest.Server, *contracttest.Validator) {
	t.Helper()
	sb, err := sandbox.New(sandbox.Options{Seed: seed, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	v, err := contracttest.New(sb)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(v)
	t.Cleanup(srv.Close)
	return srv, v
}

func login(t *testing.T, url, op string) *client.Client {
	t.Helper()
	anon, err := client.New(url, "")
	if err != nil {
		t.Fatal(err)
	}
	token, _, err := anon.Login(context.Background(), op, op)
	if err != nil {
		t.Fatalf("login %s: %v", op, err)
	}
	c, err := client.New(url, token)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSandboxConversationFollowsContract(t *testing.T) {
	clk := &clock{t: monday}
	srv, v := startSandbox(t, 7, clk)
	ctx := context.Background()

	anon, _ := client.New(srv.URL, "")
	_, _, err := anon.Login(ctx, "demo", "sbagliata")
	if !errors.Is(err, client.ErrInvalidCredentials) {
		t.Fatalf("wrong password: err = %v, want ErrInvalidCredentials", err)
	}
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) || !strings.Contains(apiErr.Message, "password") {
		t.Errorf("wrong password: want an APIError with an Italian message, got %v", err)
	}

	c := login(t, srv.URL, "demo")
	me, err := c.Me(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if me.Office.Name != "Sede provinciale di Salerno" || me.Desk == "" || me.Roles[0] != model.RoleSportello {
		t.Errorf("demo operator = %+v, want a sportello operator of the Sede di Salerno with a desk", me)
	}

	slots, err := c.Agenda(ctx, monday, monday.AddDate(0, 0, 4))
	if err != nil {
		t.Fatal(err)
	}
	// Monday to Thursday: 24 morning + 4 afternoon slots; Friday 24.
	if len(slots) != 4*28+24 {
		t.Errorf("agenda Mon-Fri has %d slots, want %d", len(slots), 4*28+24)
	}
	if !sort.SliceIsSorted(slots, func(i, j int) bool { return slots[i].Start.Before(slots[j].Start) }) {
		t.Error("agenda is not in time order")
	}
	channels := map[model.Channel]int{}
	statuses := map[model.Status]int{}
	for _, s := range slots {
		start := s.Start.In(model.Rome)
		switch s.Level {
		case model.LevelInformation:
			if s.End.Sub(s.Start) != 10*time.Minute || start.Hour()*60+start.Minute() < 8*60+30 || s.End.In(model.Rome).Hour()*60+s.End.In(model.Rome).Minute() > 12*60+30 {
				t.Errorf("first-level slot %s outside 10-minute 8:30-12:30 grid", s.ID)
			}
		case model.LevelConsulenza:
			if start.Hour() < 14 {
				t.Errorf("consulenza slot %s in the morning", s.ID)
			}
		}
		statuses[s.Status]++
		if s.Status == model.StatusFree {
			continue
		}
		channels[s.Channel]++
		if s.Channel == model.ChannelWebMeeting && !strings.HasPrefix(s.MeetingURL, "https://teams.microsoft.com/") {
			t.Errorf("web meeting %s has no meeting link", s.ID)
		}
		if s.Channel == model.ChannelPhone && s.Phone == "" {
			t.Errorf("phone call-back %s has no number", s.ID)
		}
		if err := model.ValidateCF(s.CitizenCF); err != nil {
			t.Errorf("slot %s: %v", s.ID, err)
		}
	}
	for _, ch := range []model.Channel{model.ChannelInPerson, model.ChannelPhone, model.ChannelWebMeeting} {
		if channels[ch] == 0 {
			t.Errorf("no booked slot on channel %s in a week", ch)
		}
	}
	// At 10:05 on Monday the morning is half gone: past slots are served.
	if statuses[model.StatusCompleted] == 0 || statuses[model.StatusBooked] == 0 || statuses[model.StatusFree] == 0 {
		t.Errorf("statuses %v: want completed, booked and free slots", statuses)
	}

	booked := 0
	for _, s := range slots[:28] {
		if s.CitizenCF == "" {
			continue
		}
		booked++
		cit, err := c.Citizen(ctx, s.CitizenCF)
		if err != nil {
			t.Fatalf("citizen of %s: %v", s.ID, err)
		}
		if cit.FamilyName == "" || len(cit.Contacts) == 0 || cit.Contacts[0].Kind != model.ContactMobile {
			t.Errorf("citizen %s: incomplete file %+v", s.ID, cit)
		}
	}
	if booked == 0 {
		t.Fatal("no booked slot on Monday")
	}
	_, err = c.Citizen(ctx, "RSSMRA85T10A562S")
	if !errors.Is(err, client.ErrNotFound) {
		t.Errorf("unknown citizen: err = %v, want ErrNotFound", err)
	}
	if _, err := c.Citizen(ctx, "RSSMRA85T10A562X"); !errors.Is(err, client.ErrRejected) || !errors.Is(err, model.ErrCFCheck) {
		t.Errorf("bad check character: err = %v, want ErrRejected wrapping ErrCFCheck", err)
	}

	// Tokens expire.
	clk.Add(sandbox.TokenLifetime + time.Minute)
	if _, err := c.Me(ctx); !errors.Is(err, client.ErrUnauthorized) {
		t.Errorf("expired token: err = %v, want ErrUnauthorized", err)
	}

	for _, viol := range v.Violations() {
		t.Errorf("contract violation: %s", viol)
	}
	seen := v.Seen()
	for _, op := range []string{"login", "me", "agenda", "citizen"} {
		if seen[op] == 0 {
			t.Errorf("operation %s never validated", op)
		}
	}
}

func TestSandboxRejectsBadInputInContractShape(t *testing.T) {
	clk := &clock{t: monday}
	srv, v := startSandbox(t, 1, clk)
	for _, tc := range []struct {
		method, path, token string
		want                int
	}{
		{"GET", "/v1/agenda?from=2026-11-30&to=2026-11-23", "ok", 400},
		{"GET", "/v1/agenda?from=ieri&to=oggi", "ok", 400},
		{"GET", "/v1/me", "", 401},
		{"GET", "/v1/me", "nonesiste", 401},
		{"GET", "/v1/citizens/RSSMRA85T10A562X", "ok", 400},
	} {
		req, _ := http.NewRequest(tc.method, srv.URL+tc.path, nil)
		req.Header.Set("X-Contract-Probe", "1")
		switch tc.token {
		case "ok":
			anon, _ := client.New(srv.URL, "")
			token, _, err := anon.Login(context.Background(), "demo", "demo")
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", "Bearer "+token)
		case "":
		default:
			req.Header.Set("Authorization", "Bearer "+tc.token)
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
	for _, viol := range v.Violations() {
		t.Errorf("contract violation: %s", viol)
	}
}

func TestSandboxIsDeterministic(t *testing.T) {
	agenda := func(seed int64) []model.Slot {
		srv, _ := startSandbox(t, seed, &clock{t: monday})
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
		if a[i] != b[i] {
			t.Fatalf("same seed, slot %d differs: %+v vs %+v", i, a[i], b[i])
		}
		same = same && a[i] == other[i]
	}
	if same {
		t.Error("seeds 42 and 43 gave the same agenda")
	}
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
		{"bad gateway page", handler(502, "text/html", `<html>Bad Gateway</html>`), client.ErrServer},
	}
	for _, tc := range cases {
		c, _ := client.New(tc.srv.URL, "token")
		if _, err := c.Me(ctx); !errors.Is(err, tc.want) {
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
	c, _ := client.New("http://"+addr, "token")
	if _, err := c.Me(ctx); !errors.Is(err, client.ErrOffline) {
		t.Errorf("closed port: err = %v, want ErrOffline", err)
	}
	// Errors end up in logs: they must not quote the codice fiscale that
	// the request's URL carries.
	_, err = c.Citizen(ctx, "RSSMRA85T10A562S")
	if !errors.Is(err, client.ErrOffline) || strings.Contains(err.Error(), "RSSMRA85T10A562S") {
		t.Errorf("closed port, citizen: err = %v, want ErrOffline without the codice fiscale", err)
	}

	// A connection dropped mid-body is offline too, not a half-filled struct.
	drop := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "500")
		_, _ = w.Write([]byte(`{"id":"demo",`))
		hj, ok := w.(http.Hijacker)
		if !ok {
			t.Error("no hijacker")
			return
		}
		conn, _, _ := hj.Hijack()
		conn.Close()
	}))
	t.Cleanup(drop.Close)
	c, _ = client.New(drop.URL, "token")
	if _, err := c.Me(ctx); !errors.Is(err, client.ErrOffline) {
		t.Errorf("dropped body: err = %v, want ErrOffline", err)
	}

	if _, err := client.New("ftp://example", ""); err == nil {
		t.Error("ftp server address accepted")
	}
}

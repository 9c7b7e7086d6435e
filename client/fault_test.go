package client_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"sportello/client"
	"sportello/client/sandbox"
	"sportello/model"
)

// kinds are the error kinds a caller can act on: every error must be one.
var kinds = []error{client.ErrOffline, client.ErrUnauthorized, client.ErrServer, client.ErrBadResponse,
	client.ErrConflict, client.ErrRejected, client.ErrNotFound, client.ErrInvalidCredentials}

func typed(err error) bool {
	for _, k := range kinds {
		if errors.Is(err, k) {
			return true
		}
	}
	return false
}

// action is one operator action or read, repeatable with the same key.
type action struct {
	name string
	run  func(ctx context.Context, c *client.Client) error
}

// actions builds a varied day of work against a fresh sandbox: slot events,
// notes, claims, answers, bookings and the reads around them, each state
// change with its own fixed idempotency key.
func actions(t *testing.T, c, cric *client.Client) (demo, crics []action) {
	ctx := context.Background()
	slots, err := c.Agenda(ctx, monday, monday.AddDate(0, 0, 2))
	if err != nil {
		t.Fatal(err)
	}
	schede, err := cric.Schede(ctx, "", model.SchedaNew)
	if err != nil {
		t.Fatal(err)
	}
	free, err := c.Availability(ctx, "7802", "cu", monday, monday.AddDate(0, 0, 5))
	if err != nil || len(free) < 4 {
		t.Fatalf("availability: %d, %v", len(free), err)
	}
	var cf string
	n := 0
	for _, s := range slots {
		if s.Status != model.StatusBooked || !s.Start.After(monday) || n == 6 {
			continue
		}
		s := s
		cf = s.CitizenCF
		key := fmt.Sprintf("evt-%s", s.ID)
		demo = append(demo, action{"check-in " + s.ID, func(ctx context.Context, c *client.Client) error {
			_, err := c.RecordSlotEvent(ctx, key, s.ID, client.SlotEvent{Type: model.EventCheckIn, Version: s.Version})
			return err
		}})
		n++
	}
	for i := 0; i < 4; i++ {
		key, text := fmt.Sprintf("note-%04d", i), fmt.Sprintf("Nota %d dal telefono", i)
		demo = append(demo, action{"note " + key, func(ctx context.Context, c *client.Client) error {
			_, err := c.AddNote(ctx, key, cf, text)
			return err
		}})
		slot := free[i]
		demo = append(demo, action{"book " + slot.ID, func(ctx context.Context, c *client.Client) error {
			_, err := c.Book(ctx, "book-"+slot.ID, client.Booking{SlotID: slot.ID, CitizenCF: cf, Service: "cu", Channel: model.ChannelPhone})
			return err
		}})
	}
	demo = append(demo,
		action{"agenda", func(ctx context.Context, c *client.Client) error {
			_, err := c.Agenda(ctx, monday, monday.AddDate(0, 0, 6))
			return err
		}},
		action{"file", func(ctx context.Context, c *client.Client) error { _, err := c.Citizen(ctx, cf, ""); return err }},
		action{"changes", func(ctx context.Context, c *client.Client) error { _, err := c.Changes(ctx, "", 200); return err }},
		action{"offices", func(ctx context.Context, c *client.Client) error { _, err := c.Offices(ctx); return err }},
		action{"audit", func(ctx context.Context, c *client.Client) error {
			_, _, err := c.Audit(ctx, []client.AuditEvent{{ID: "audit-fault-1", OperatorID: "demo", Action: "open_file", CitizenCF: cf, Reason: "appointment", At: monday}})
			return err
		}},
	)
	for i, sc := range schede[:4] {
		sc := sc
		crics = append(crics, action{"claim " + sc.ID, func(ctx context.Context, c *client.Client) error {
			_, err := c.ClaimScheda(ctx, "claim-"+sc.ID, sc.ID, sc.Version)
			return err
		}})
		if i%2 == 0 {
			crics = append(crics, action{"answer " + sc.ID, func(ctx context.Context, c *client.Client) error {
				_, err := c.AnswerScheda(ctx, "answer-"+sc.ID, sc.ID, sc.Version+1, "Risposta del consulente.")
				return err
			}})
		}
	}
	return demo, crics
}

// TestFaultsLoseNothingAndApplyNothingTwice switches each fault on in turn,
// runs a day of work, switches it off and runs the same work again with the
// same keys: everything must succeed, and the ledger must show each action
// applied exactly once.
func TestFaultsLoseNothingAndApplyNothingTwice(t *testing.T) {
	faults := map[string]sandbox.Faults{
		"latency":        {Latency: 30 * time.Millisecond},
		"server errors":  {ServerErrors: 0.5},
		"dropped bodies": {Drops: 0.5},
		"slow bodies":    {SlowBody: 2 * time.Millisecond},
		"malformed":      {Malformed: 0.5},
		"expired tokens": {ExpiredTokens: 0.5},
		"everything":     {Latency: 5 * time.Millisecond, ServerErrors: 0.25, Drops: 0.25, Malformed: 0.25, ExpiredTokens: 0.25, SlowBody: time.Millisecond},
	}
	for name, f := range faults {
		t.Run(name, func(t *testing.T) {
			clk := &clock{t: monday}
			sb, err := sandbox.New(sandbox.Options{Seed: 5, Now: clk.Now})
			if err != nil {
				t.Fatal(err)
			}
			defer sb.Close()
			var logins atomic.Int32
			srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/v1/auth/token" {
					logins.Add(1)
				}
				sb.ServeHTTP(w, r)
			}))
			srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the dropped connections are deliberate
			srv.Start()
			defer srv.Close()
			demo, cric := login(t, srv.URL, "demo"), login(t, srv.URL, "cric")
			work, cricWork := actions(t, demo, cric)
			ctx := context.Background()

			sb.SetFaults(f)
			// Like the outbox, each operator's work goes in order and stops
			// at the first failure, to be taken up again later.
			done := 0
			run := func(c *client.Client, acts []action) {
				for _, a := range acts {
					if err := a.run(ctx, c); err != nil {
						t.Logf("%s stopped at %s: %v", name, a.name, err)
						if !typed(err) {
							t.Errorf("%s under faults: untyped error %v", a.name, err)
						}
						return
					}
					done++
				}
			}
			run(demo, work)
			run(cric, cricWork)
			// A login is never repeated: one request per call, whatever
			// the fault.
			before := logins.Load()
			for i := 0; i < 5; i++ {
				anon, _ := client.New(srv.URL, fast)
				if _, err := anon.Login(ctx, "demo", "demo"); err != nil && !typed(err) {
					t.Errorf("login under faults: untyped error %v", err)
				}
			}
			if n := logins.Load() - before; n != 5 {
				t.Errorf("5 logins under faults sent %d requests: a login was repeated", n)
			}

			sb.SetFaults(sandbox.Faults{})
			for _, a := range work {
				if err := a.run(ctx, demo); err != nil {
					t.Errorf("%s after faults stopped: %v", a.name, err)
				}
			}
			for _, a := range cricWork {
				if err := a.run(ctx, cric); err != nil {
					t.Errorf("%s after faults stopped: %v", a.name, err)
				}
			}
			ledger, err := sb.Ledger(ctx)
			if err != nil {
				t.Fatal(err)
			}
			applied := map[string]int{}
			for _, e := range ledger {
				applied[e.Key+" "+e.Action+" "+e.EntityID]++
			}
			for k, n := range applied {
				if n != 1 {
					t.Errorf("ledger: %q applied %d times", k, n)
				}
			}
			wantApplied := len(work) - 5 + len(cricWork) // every state change; the 5 reads apply nothing
			if len(ledger) != wantApplied {
				t.Errorf("ledger has %d entries, want %d (one per action)", len(ledger), wantApplied)
			}
			if n, _ := sb.AuditCount(ctx); n != 1 {
				t.Errorf("audit holds %d events, want 1", n)
			}
			t.Logf("%s: %d of %d calls went through while faulty, all after", name, done, len(work)+len(cricWork))
		})
	}
}

package client_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"testing"
	"time"

	"sportello/client"
	"sportello/client/sandbox"
)

func TestTokensRefreshTransparentlyAndRevoke(t *testing.T) {
	clk := &clock{t: monday}
	_, srv, v := startSandbox(t, 7, clk)
	ctx := context.Background()
	k := &keeper{}
	c, _ := client.New(srv.URL, client.Config{Backoff: time.Millisecond, Keeper: k})
	if _, err := c.Login(ctx, "demo", "demo"); err != nil {
		t.Fatal(err)
	}
	first := c.Tokens()

	// The access token expires (the client's own idea of its expiry is
	// still good): the first 401 is answered by one refresh, invisibly.
	clk.Add(sandbox.TokenLifetime + time.Minute)
	if _, err := c.Me(ctx); err != nil {
		t.Fatalf("after access token expiry: %v, want a transparent refresh", err)
	}
	refreshed := k.refreshes()
	if len(refreshed) != 1 || refreshed[0].Refresh == first.Refresh || refreshed[0].Access == first.Access {
		t.Fatalf("refreshes %d; want one that rotated both tokens", len(refreshed))
	}

	// A client started with only the refresh token (as the console does
	// from the keyring) refreshes before its first call.
	cold, _ := client.New(srv.URL, client.Config{Tokens: client.Tokens{Refresh: c.Tokens().Refresh}, Backoff: time.Millisecond})
	if _, err := cold.Me(ctx); err != nil {
		t.Fatalf("start from refresh token: %v", err)
	}

	// The replaced refresh token still works within the grace period (a
	// lost answer can be retried) but is a replay after it: the session
	// ends.
	stale, _ := client.New(srv.URL, client.Config{Tokens: client.Tokens{Refresh: first.Refresh}, Attempts: 1})
	if _, err := stale.Me(ctx); err != nil {
		t.Errorf("replaced refresh token within grace: %v", err)
	}
	if got := stale.Tokens(); got.Access != refreshed[0].Access || got.Refresh != refreshed[0].Refresh {
		t.Error("a repeated refresh did not get the same pair again")
	}
	clk.Add(sandbox.RefreshGrace + time.Second)
	stale, _ = client.New(srv.URL, client.Config{Tokens: client.Tokens{Refresh: first.Refresh}, Attempts: 1})
	if _, err := stale.Me(ctx); !errors.Is(err, client.ErrUnauthorized) {
		t.Errorf("replayed refresh token: err = %v, want ErrUnauthorized", err)
	}

	// Revoking ends the session: the tokens no longer work.
	d := login(t, srv.URL, "demo")
	tokens := d.Tokens()
	if err := d.Revoke(ctx); err != nil {
		t.Fatal(err)
	}
	after, _ := client.New(srv.URL, client.Config{Tokens: tokens, Attempts: 1})
	if _, err := after.Me(ctx); !errors.Is(err, client.ErrUnauthorized) {
		t.Errorf("revoked session: err = %v, want ErrUnauthorized", err)
	}
	if err := after.Revoke(ctx); err != nil {
		t.Errorf("second revoke: %v, want harmless", err)
	}
	checkContract(t, v)
}

func TestTransportSecurity(t *testing.T) {
	// Plain http only to this computer: tokens and citizens' data never
	// cross a network in clear.
	for _, addr := range []string{"http://central.inps.example", "http://10.0.0.7:8080", "http://192.168.1.10"} {
		if _, err := client.New(addr, fast); !errors.Is(err, client.ErrInsecure) {
			t.Errorf("New(%q): err = %v, want ErrInsecure", addr, err)
		}
	}
	for _, addr := range []string{"http://127.0.0.1:8080", "http://localhost:9000", "http://[::1]:8080", "https://central.inps.example"} {
		if _, err := client.New(addr, fast); err != nil {
			t.Errorf("New(%q): %v, want accepted", addr, err)
		}
	}

	// A certificate the computer does not trust is refused with its own
	// error, at once (retrying cannot help), and never skipped.
	sb, err := sandbox.New(sandbox.Options{Seed: 7, Now: (&clock{t: monday}).Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	srv := httptest.NewTLSServer(sb)
	t.Cleanup(srv.Close)
	c, err := client.New(srv.URL, fast)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.Login(ctx, "demo", "demo"); !errors.Is(err, client.ErrCertificate) || errors.Is(err, client.ErrOffline) {
		t.Errorf("untrusted certificate: err = %v, want ErrCertificate (not offline)", err)
	}
	// Trusting the test server's authority, the same server answers.
	trusted, _ := client.New(srv.URL, client.Config{Backoff: time.Millisecond, Transport: srv.Client().Transport})
	if _, err := trusted.Login(ctx, "demo", "demo"); err != nil {
		t.Errorf("trusted certificate: %v", err)
	}
}

// TestARepeatedRefreshIsNotAReplay: a refresh whose answer was lost is
// presented again long after the grace window; its successor was never
// used, so central gives the same pair again. Once the successor has been
// refreshed itself, the old token is a replay and ends the session.
func TestARepeatedRefreshIsNotAReplay(t *testing.T) {
	clk := &clock{t: monday}
	_, srv, v := startSandbox(t, 7, clk)
	ctx := context.Background()
	first := login(t, srv.URL, "demo").Tokens()

	lost, _ := client.New(srv.URL, client.Config{Tokens: client.Tokens{Refresh: first.Refresh}, Attempts: 1})
	if err := lost.Refresh(ctx); err != nil { // central rotated; pretend the answer never came
		t.Fatal(err)
	}
	clk.Add(2 * sandbox.RefreshGrace)
	again, _ := client.New(srv.URL, client.Config{Tokens: client.Tokens{Refresh: first.Refresh}, Attempts: 1})
	if _, err := again.Me(ctx); err != nil {
		t.Fatalf("a repeat past the grace, successor unused: %v; want the same pair", err)
	}
	if again.Tokens().Refresh != lost.Tokens().Refresh || again.Tokens().Access != lost.Tokens().Access {
		t.Error("the repeat got another pair")
	}

	// The successor is refreshed; the old token is now a replay.
	if err := again.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	clk.Add(2 * sandbox.RefreshGrace)
	thief, _ := client.New(srv.URL, client.Config{Tokens: client.Tokens{Refresh: first.Refresh}, Attempts: 1})
	if _, err := thief.Me(ctx); !errors.Is(err, client.ErrUnauthorized) {
		t.Errorf("a replay: %v; want ErrUnauthorized", err)
	}
	if _, err := again.Me(ctx); !errors.Is(err, client.ErrUnauthorized) {
		t.Errorf("the session after a replay: %v; want revoked", err)
	}
	checkContract(t, v)
}

package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"sportello/client"
	"sportello/client/sandbox"
	"sportello/internal/testkit"
	"sportello/model"
)

func TestSessionExpiresRelogsAndLogoutWaitsForTheWork(t *testing.T) {
	requireKeyring(t)
	var clock atomic.Int64 // the sandbox's and the console's, moved by the test
	clock.Store(monday.UnixNano())
	now := func() time.Time { return time.Unix(0, clock.Load()).In(model.Rome) }
	sb := testkit.NewSandbox(t, sandbox.Options{Seed: 3, Now: now})
	url := testkit.Serve(t, sb)
	dir := filepath.Join(t.TempDir(), "data")
	ctx := context.Background()
	// The operator's preferences survive a new login.
	if err := SaveConfig(dir, Config{Preferences: Preferences{Theme: ThemeDark}}); err != nil {
		t.Fatal(err)
	}
	if _, err := Login(ctx, dir, url, "demo", "demo"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { forget(url, "demo") })
	if cfg, _ := LoadConfig(dir); cfg.Theme != ThemeDark || cfg.Operator != "demo" {
		t.Errorf("config after login: %+v, want the theme kept", cfg)
	}
	c, err := Open(ctx, Options{DataDir: dir, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}

	// The lock screen checks the password offline, against the verifier
	// the login left in the keyring.
	if err := c.Unlock(ctx, "sbagliata"); !errors.Is(err, ErrWrongPassword) {
		t.Errorf("unlock with a wrong password: %v", err)
	}
	if err := c.Unlock(ctx, "demo"); err != nil {
		t.Errorf("unlock: %v", err)
	}
	v, _ := keyring.Get(keyringService, account("unlock", url, "demo"))
	if v == "" || v == "demo" || len(v) < 40 {
		t.Errorf("verifier in the keyring = %q; want a salted hash", v)
	}

	// A month later the refresh token has expired too: the sync says the
	// session ended (not offline), and the work goes on into the outbox.
	clock.Add(int64(sandbox.RefreshLifetime + time.Hour))
	_, err = c.SyncOnce(ctx)
	if !sessionExpired(err) || errors.Is(err, client.ErrOffline) {
		t.Fatalf("sync after the session expired: %v, want expired", err)
	}
	slot := nextBooked(t, c, 0)
	if _, err := c.RecordSlotEvent(ctx, slot.ID, model.EventCheckIn, "", ""); err != nil {
		t.Fatalf("check-in with the session expired: %v", err)
	}
	var unsent *UnsentError
	if err := c.Logout(ctx, true); !errors.As(err, &unsent) || unsent.Actions != 1 || unsent.Audit != 1 {
		t.Fatalf("logout with a check-in unsent: %v, want refused (1 action, its audit entry)", err)
	}
	if err := c.Relogin(ctx, "sbagliata"); !errors.Is(err, client.ErrInvalidCredentials) {
		t.Errorf("relogin with a wrong password: %v", err)
	}
	if err := c.Relogin(ctx, "demo"); err != nil {
		t.Fatal(err)
	}
	rep, err := c.SyncOnce(ctx)
	if err != nil || rep.Sent != 1 || rep.Audited != 1 {
		t.Fatalf("sync after the new login: %+v, %v; want the check-in and its audit entry sent", rep, err)
	}
	ledger, _ := sb.Ledger(ctx)
	applied := 0
	for _, e := range ledger {
		if e.EntityID == slot.ID {
			applied++
		}
	}
	if applied != 1 {
		t.Errorf("check-in applied %d times, want once", applied)
	}

	// Now the logout goes through: the session is revoked, every secret
	// leaves the keyring, the cache file goes.
	tokens := c.api.Tokens()
	if err := c.Logout(ctx, true); err != nil {
		t.Fatal(err)
	}
	for _, kind := range sessionSecrets {
		if _, err := keyring.Get(keyringService, account(kind, url, "demo")); !errors.Is(err, keyring.ErrNotFound) {
			t.Errorf("%s still in the keyring after logout: %v", kind, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "cache.db")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("cache still on disk after logout with wipe: %v", err)
	}
	if cfg, _ := LoadConfig(dir); cfg.Operator != "" || cfg.Server != url || cfg.Theme != ThemeDark {
		t.Errorf("config after logout: %+v; want the operator forgotten, server and preferences kept", cfg)
	}
	after, _ := client.New(url, client.Config{Tokens: client.Tokens{Refresh: tokens.Refresh}, Attempts: 1})
	if _, err := after.Me(ctx); !errors.Is(err, client.ErrUnauthorized) {
		t.Errorf("session alive on the server after logout: %v", err)
	}
}

// forget removes a session's secrets from the keyring.
func forget(server, operator string) {
	for _, kind := range sessionSecrets {
		_ = deleteSecret(kind, server, operator)
	}
}

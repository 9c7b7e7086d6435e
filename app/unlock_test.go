package app

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/zalando/go-keyring"

	"sportello/client"
)

// TestUnlockTakesFiveWrongPasswordsThenOnlyCentral: the lock screen's
// offline check takes five wrong passwords in a row; then even the right
// one is refused offline, across a restart of the console, until central
// checks the password (a new login, which starts the count again).
func TestUnlockTakesFiveWrongPasswordsThenOnlyCentral(t *testing.T) {
	requireKeyring(t)
	srv := startCentral(t)
	dir := filepath.Join(t.TempDir(), "data")
	ctx := context.Background()
	c := loggedInConsole(t, dir, srv.URL)
	defer func() { c.Close() }()

	// A right password in between starts the count again.
	for range maxUnlockAttempts - 1 {
		if err := c.Unlock(ctx, "sbagliata"); !errors.Is(err, ErrWrongPassword) {
			t.Fatalf("unlock with a wrong password: %v", err)
		}
	}
	if err := c.Unlock(ctx, "demo"); err != nil {
		t.Fatalf("unlock after four wrong passwords: %v", err)
	}
	for i := range maxUnlockAttempts - 1 {
		err := c.Unlock(ctx, "sbagliata")
		if !errors.Is(err, ErrWrongPassword) || errors.Is(err, ErrTooManyAttempts) {
			t.Fatalf("wrong password %d: %v", i+1, err)
		}
		if left := c.UnlockAttemptsLeft(); left != maxUnlockAttempts-1-i {
			t.Errorf("after wrong password %d: %d attempts left", i+1, left)
		}
	}
	if err := c.Unlock(ctx, "sbagliata"); !errors.Is(err, ErrWrongPassword) || !errors.Is(err, ErrTooManyAttempts) {
		t.Fatalf("fifth wrong password: %v, want wrong and too many", err)
	}
	if err := c.Unlock(ctx, "demo"); !errors.Is(err, ErrTooManyAttempts) {
		t.Fatalf("the right password after five wrong ones, offline: %v, want ErrTooManyAttempts", err)
	}
	if v, _ := keyring.Get(keyringService, account(failuresSecret, srv.URL, "demo")); v != "5" {
		t.Errorf("count in the keyring = %q, want 5", v)
	}

	// A restart does not start the count again.
	c.Close()
	var err error
	if c, err = Open(ctx, Options{DataDir: dir, Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	if left := c.UnlockAttemptsLeft(); left != 0 {
		t.Errorf("after a restart %d attempts left, want 0", left)
	}
	if err := c.Unlock(ctx, "demo"); !errors.Is(err, ErrTooManyAttempts) {
		t.Errorf("the right password after a restart: %v, want ErrTooManyAttempts", err)
	}

	// Central is needed: offline the screen stays locked.
	srv.Line.Unplug() // the line drops: every connection is cut
	if err := c.UnlockOnline(ctx, "demo"); !errors.Is(err, client.ErrOffline) {
		t.Errorf("unlock with central offline: %v, want ErrOffline", err)
	}
	srv.Line.Plug()
	if err := c.UnlockOnline(ctx, "sbagliata"); !errors.Is(err, ErrWrongPassword) {
		t.Errorf("unlock with central, wrong password: %v", err)
	}
	if left := c.UnlockAttemptsLeft(); left != 0 {
		t.Errorf("after failed checks with central %d attempts left, want 0", left)
	}
	if err := c.UnlockOnline(ctx, "demo"); err != nil {
		t.Fatalf("unlock with central: %v", err)
	}
	if left := c.UnlockAttemptsLeft(); left != maxUnlockAttempts {
		t.Errorf("after the unlock with central %d attempts left, want %d", left, maxUnlockAttempts)
	}
	if _, err := keyring.Get(keyringService, account(failuresSecret, srv.URL, "demo")); !errors.Is(err, keyring.ErrNotFound) {
		t.Errorf("count still in the keyring after the unlock with central: %v", err)
	}
	if err := c.Unlock(ctx, "demo"); err != nil {
		t.Errorf("offline unlock after the new login: %v", err)
	}
}

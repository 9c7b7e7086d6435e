// Package consolekit is the tests' logged-in console: an app.Console on a
// real SQLite file in a data folder of its own, whose operator logged in
// as `sportello login` does, with the token in the real keyring (the test
// command runs the tests under gnome-keyring).
//
// Only tests outside package app import it (ui, through ui/uitest, and
// the end-to-end tests): app's own tests cannot, as it imports app. The
// parts below the console (central, the line, waiting) are in testkit.
package consolekit

import (
	"context"
	"testing"

	"sportello/app"
	"sportello/internal/testkit"
)

// LoggedIn logs operator (a demo operator: the password is the id) in to
// the server at url on opts.DataDir (a fresh temporary folder when empty),
// opens the console of opts and syncs it once. At the end of the test the
// console is closed and the session logged out, its secrets wiped from the
// keyring. It skips the test without a keyring, unless the test command
// asked for one.
func LoggedIn(t testing.TB, url, operator string, opts app.Options) *app.Console {
	t.Helper()
	testkit.RequireKeyring(t, app.KeyringAvailable())
	if opts.DataDir == "" {
		opts.DataDir = t.TempDir()
	}
	ctx := context.Background()
	if _, err := app.Login(ctx, opts.DataDir, url, operator, operator); err != nil {
		t.Fatalf("login %s to %s: %v", operator, url, err)
	}
	// Logout refuses while work waits; the keyring of the test command is
	// a private one, which goes with the run anyway.
	t.Cleanup(func() { _ = app.Logout(context.Background(), opts.DataDir, true) })
	c := Open(t, opts)
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatalf("first sync of %s: %v", operator, err)
	}
	return c
}

// Open opens the console on the data folder of opts, where an operator
// logged in before (by LoggedIn, or by the real binary's login); it does
// not sync. The console is closed at the end of the test, if the test did
// not close it itself (Close may be called again).
func Open(t testing.TB, opts app.Options) *app.Console {
	t.Helper()
	c, err := app.Open(context.Background(), opts)
	if err != nil {
		t.Fatalf("open the console on %s: %v", opts.DataDir, err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

package app

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"sportello/client"
)

// maxUnlockAttempts is how many wrong passwords in a row the lock screen
// takes offline: after that the password is checked by central only.
const maxUnlockAttempts = 5

// ErrTooManyAttempts means the lock screen took maxUnlockAttempts wrong
// passwords in a row: Unlock refuses even the right one, and the session
// must be confirmed with central (UnlockOnline). The offline verifier
// would otherwise let a guesser at the desk try for as long as they like.
var ErrTooManyAttempts = errors.New("too many wrong passwords: confirm the session with central")

// failuresSecret is the keyring entry that keeps the count of wrong
// passwords of a real server's session, beside the verifier.
const failuresSecret = "unlock-failures"

// UnlockAttemptsLeft is how many wrong passwords the lock screen still
// takes offline before the session must be confirmed with central.
func (c *Console) UnlockAttemptsLeft() int {
	c.verifierMu.Lock()
	defer c.verifierMu.Unlock()
	return max(0, maxUnlockAttempts-c.unlockFailures)
}

// UnlockOnline unlocks with a password checked by central, as the lock
// screen asks once Unlock refuses with ErrTooManyAttempts: a new login
// (Relogin), which renews the verifier and resets the count. A wrong
// password is ErrWrongPassword; offline it fails with client.ErrOffline and
// the screen stays locked until central answers.
//
// The embedded sandbox has no session to renew (Relogin refuses with
// ErrSandboxSession), but the same limit holds there, so that the demo
// behaves as the real thing: the password is then checked by a login to
// the embedded sandbox, which knows the demo operators' passwords as
// central knows the real ones.
func (c *Console) UnlockOnline(ctx context.Context, password string) error {
	c.unlockMu.Lock()
	defer c.unlockMu.Unlock()
	var err error
	if c.sandbox {
		_, err = c.api.Login(ctx, c.sandboxOperator, password)
	} else {
		err = c.Relogin(ctx, password)
	}
	if errors.Is(err, client.ErrInvalidCredentials) {
		return ErrWrongPassword
	}
	if err != nil {
		return err
	}
	c.unlockSucceeded(ctx)
	return nil
}

// unlockFailed counts a wrong password on the lock screen and returns
// ErrWrongPassword, which also wraps ErrTooManyAttempts once it was the
// last one taken offline.
func (c *Console) unlockFailed(ctx context.Context) error {
	c.verifierMu.Lock()
	c.unlockFailures++
	n := c.unlockFailures
	c.verifierMu.Unlock()
	c.keepUnlockFailures(ctx, n)
	if n >= maxUnlockAttempts {
		return fmt.Errorf("%w: %w", ErrWrongPassword, ErrTooManyAttempts)
	}
	return ErrWrongPassword
}

// unlockSucceeded resets the count of wrong passwords.
func (c *Console) unlockSucceeded(ctx context.Context) {
	c.verifierMu.Lock()
	n := c.unlockFailures
	c.unlockFailures = 0
	c.verifierMu.Unlock()
	if n != 0 {
		c.keepUnlockFailures(ctx, 0)
	}
}

// keepUnlockFailures keeps the count of wrong passwords of a real
// server's session in the keyring, beside the verifier, so that a restart
// of the console does not reset it (Open reads it back; a login resets
// it; a logout removes it). The embedded sandbox keeps it in memory only:
// its data is fictitious and its session is made anew at each start, so a
// restart resets it there. If the keyring fails, the count still holds
// in this process.
func (c *Console) keepUnlockFailures(ctx context.Context, n int) {
	if c.sandbox {
		return
	}
	op, err := c.store.Operator(ctx)
	if err == nil {
		if n == 0 {
			err = deleteSecret(failuresSecret, c.server, op.ID)
		} else {
			err = storeSecret(failuresSecret, c.server, op.ID, strconv.Itoa(n))
		}
	}
	if err != nil {
		c.log.Warn("keep the count of wrong passwords of the lock screen", "err", err)
	}
}

// loadUnlockFailures reads the count of wrong passwords of the lock
// screen kept in the keyring: none is 0; one that cannot be read counts
// as the limit (the session is then confirmed with central).
func loadUnlockFailures(server, operator string) int {
	v, err := loadSecret(failuresSecret, server, operator)
	if errors.Is(err, ErrNotLoggedIn) {
		return 0
	}
	n, perr := strconv.Atoi(v)
	if err != nil || perr != nil || n < 0 {
		return maxUnlockAttempts
	}
	return n
}

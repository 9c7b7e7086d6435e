package app

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"time"

	"sportello/cache"
	"sportello/client"
	"sportello/model"
)

// Login checks operator and password with the central server at server,
// stores the refresh token and the password's verifier (for the idle lock)
// in the OS keyring, and nowhere else, and remembers server and operator
// in the configuration of dataDir. The keyring is checked first: without
// it nothing is sent and nothing is written.
func Login(ctx context.Context, dataDir, server, operator, password string) (model.Operator, error) {
	api, err := newClient(dataDir, server, client.Config{})
	if err != nil {
		return model.Operator{}, err
	}
	if err := KeyringAvailable(); err != nil {
		return model.Operator{}, err
	}
	op, err := api.Login(ctx, operator, password)
	if err != nil {
		return model.Operator{}, err
	}
	// Only the refresh token is kept: the access token is short-lived and
	// is obtained again at the next start.
	if _, err := keepSession(server, operator, password, api.Tokens().Refresh); err != nil {
		if errors.Is(err, ErrSecretTooLarge) {
			revokeUnkept(ctx, api)
		}
		return model.Operator{}, err
	}
	cfg, err := LoadConfig(dataDir)
	if err != nil {
		return model.Operator{}, err
	}
	cfg.Server, cfg.Operator = server, operator
	if err := SaveConfig(dataDir, cfg); err != nil {
		return model.Operator{}, err
	}
	return op, nil
}

// LoginAndOpen logs in as Login does, then opens the operator's console
// on dataDir, on the clock now (nil: the wall clock), knowing who the
// operator is before any sync (the screens follow the operator's roles).
func LoginAndOpen(ctx context.Context, dataDir, server, operator, password string, now func() time.Time) (*Console, error) {
	op, err := Login(ctx, dataDir, server, operator, password)
	if err != nil {
		return nil, err
	}
	return openAs(ctx, Options{DataDir: dataDir, Server: server, Console: true, Now: now}, op)
}

// LoginAndRemember logs in as Login does and records the operator in
// dataDir's mirror, as LoginAndOpen does: the console opened there next
// shows the operator's screens before its first sync (after the command
// line's login a consultant's console opened on an empty agenda, as a
// sportello's, until restarted).
func LoginAndRemember(ctx context.Context, dataDir, server, operator, password string) (model.Operator, error) {
	op, err := Login(ctx, dataDir, server, operator, password)
	if err != nil {
		return model.Operator{}, err
	}
	c, err := openAs(ctx, Options{DataDir: dataDir, Server: server}, op)
	if err != nil {
		return model.Operator{}, err
	}
	return op, c.Close()
}

// openAs opens the console of o, its mirror knowing op.
func openAs(ctx context.Context, o Options, op model.Operator) (*Console, error) {
	c, err := Open(ctx, o)
	if err != nil {
		return nil, err
	}
	if err := c.store.SetOperator(ctx, op); err != nil {
		c.Close()
		return nil, fmt.Errorf("recording the operator: %w", err)
	}
	return c, nil
}

// keepSession stores what a login leaves in the keyring, the refresh
// token and the verifier of the password, and returns the verifier. The
// lock screen's count of wrong passwords starts again: central has just
// checked the password.
func keepSession(server, operator, password, refresh string) (string, error) {
	if err := storeToken(server, operator, refresh); err != nil {
		return "", err
	}
	v, err := newVerifier(password)
	if err != nil {
		return "", err
	}
	if err := storeVerifier(server, operator, v); err != nil {
		return "", err
	}
	return v, deleteSecret(failuresSecret, server, operator)
}

// UnsentError is why a logout is refused: work of the operator that
// central has not got yet, which the keys wiped at logout would make
// unreadable.
type UnsentError struct{ Unsent }

// Unsent counts the operator's work central has not got: actions waiting
// to be sent, conflicts waiting for a decision, audit entries waiting to
// be sent, answers being written.
type Unsent struct{ Actions, Conflicts, Audit, Drafts int }

// Total is all of it.
func (u Unsent) Total() int { return u.Actions + u.Conflicts + u.Audit + u.Drafts }

func (e *UnsentError) Error() string {
	return fmt.Sprintf("unsent work: %d actions, %d conflicts, %d audit entries, %d drafts",
		e.Actions, e.Conflicts, e.Audit, e.Drafts)
}

// Is makes errors.Is(err, ErrUnsentWork) true.
func (e *UnsentError) Is(target error) bool { return target == ErrUnsentWork }

// ErrUnsentWork means the outbox, the conflicts, the audit trail or the
// drafts hold work central has not got: logging out would lose it.
var ErrUnsentWork = errors.New("unsent work")

// ErrSandboxSession means the embedded sandbox has no session to end.
var ErrSandboxSession = errors.New("the embedded sandbox has no session to end")

// Logout ends the session of the operator configured in dataDir (the
// command line's logout; the console's is Console.Logout). It is refused
// with an *UnsentError while the mirror holds work central has not got.
// Otherwise it revokes the session on the server (when it can be
// reached), removes the refresh token, the password's verifier and the
// keys of the mirror and outbox from the keyring, which leaves the cache
// unreadable, and, with wipe, deletes the cache file too.
func Logout(ctx context.Context, dataDir string, wipe bool) error {
	cfg, err := LoadConfig(dataDir)
	if err != nil {
		return err
	}
	if cfg.Operator == "" {
		return ErrNotLoggedIn
	}
	file := mirrorFile(dataDir)
	if _, err := os.Stat(file); err == nil {
		keys, err := cacheKeys(cfg.Server, cfg.Operator)
		if err != nil {
			return err
		}
		st, err := cache.Open(file, keys)
		if err != nil && !errors.Is(err, cache.ErrWrongKey) {
			return fmt.Errorf("logout: %w", err)
		}
		// A cache whose outbox key is lost holds nothing readable: there is
		// no work to protect.
		if err == nil {
			un, err := st.Unsent(ctx)
			st.Close()
			if err != nil {
				return fmt.Errorf("logout: %w", err)
			}
			if un.Total() > 0 {
				return &UnsentError{Unsent(un)}
			}
		}
	}
	return endSession(dataDir, cfg, file, wipe)
}

// Logout ends the console's session as the package's Logout does, from
// the open console: refused with an *UnsentError while work waits; else
// the console is closed, the secrets leave the keyring and, with wipe, the
// cache file is deleted. The embedded sandbox has no session to end.
func (c *Console) Logout(ctx context.Context, wipe bool) error {
	if c.sandbox {
		return ErrSandboxSession
	}
	un, err := c.Unsent(ctx)
	if err != nil {
		return fmt.Errorf("logout: %w", err)
	}
	if un.Total() > 0 {
		return &UnsentError{Unsent(un)}
	}
	cfg, err := LoadConfig(c.dataDir)
	if err != nil {
		return err
	}
	if err := c.Close(); err != nil {
		c.log.Warn("logout: close the console", "err", err)
	}
	return endSession(c.dataDir, cfg, mirrorFile(c.dataDir), wipe)
}

// Unsent counts the operator's work central has not got (what blocks a
// logout).
func (c *Console) Unsent(ctx context.Context) (Unsent, error) {
	u, err := c.store.Unsent(ctx)
	return Unsent(u), err
}

// endSession revokes the session and removes its secrets, then forgets the
// operator; with wipe it deletes the cache file.
func endSession(dataDir string, cfg Config, file string, wipe bool) error {
	revoke(dataDir, cfg.Server, cfg.Operator)
	for _, kind := range sessionSecrets {
		if err := deleteSecret(kind, cfg.Server, cfg.Operator); err != nil {
			return err
		}
	}
	if wipe {
		if err := cache.Remove(file); err != nil {
			return fmt.Errorf("logout: %w", err)
		}
	}
	cfg.Operator = ""
	return SaveConfig(dataDir, cfg)
}

// revokeTimeout bounds the attempt to end the session on the server at
// logout: logging out must work offline too.
const revokeTimeout = 5 * time.Second

// revokeUnkept ends on central, at once, a session whose refresh token
// the keyring refused (see ErrSecretTooLarge): nobody could use it again,
// and the client forgets its tokens with it.
func revokeUnkept(ctx context.Context, api *client.Client) {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), revokeTimeout)
	defer cancel()
	if err := api.Revoke(rctx); err != nil {
		slog.Warn("login: the session that could not be kept was not revoked; it will expire by itself", "err", err)
	}
}

// revoke ends the session on the server, best effort: a session that
// cannot be revoked now expires by itself.
func revoke(dataDir, server, operator string) {
	refresh, err := loadToken(server, operator)
	if err != nil {
		return
	}
	api, err := newClient(dataDir, server, client.Config{Tokens: client.Tokens{Refresh: refresh}, Attempts: 1})
	if err != nil {
		slog.Warn("logout: session not revoked on the server; it will expire by itself", "err", err)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), revokeTimeout)
	defer cancel()
	if err := api.Revoke(ctx); err != nil {
		slog.Warn("logout: session not revoked on the server; it will expire by itself", "err", err)
	}
}

// Relogin starts a new session for the console's operator after theirs
// expired (the refresh token too old, or revoked), without closing the
// console: the work queued meanwhile then goes out with the next sync.
func (c *Console) Relogin(ctx context.Context, password string) error {
	if c.sandbox {
		return ErrSandboxSession
	}
	op, err := c.store.Operator(ctx)
	if err != nil {
		return fmt.Errorf("login: %w", err)
	}
	// As a refresh: no other process rotates the token meanwhile.
	unlock, err := lockFolder(ctx, c.folder, sessionLock, FolderWait)
	if err != nil {
		return err
	}
	defer unlock()
	if _, err := c.api.Login(ctx, op.ID, password); err != nil {
		return err
	}
	v, err := keepSession(c.server, op.ID, password, c.api.Tokens().Refresh)
	if err != nil {
		if errors.Is(err, ErrSecretTooLarge) {
			// As at the first login: the console must not go on with a
			// session it told the operator it could not keep.
			revokeUnkept(ctx, c.api)
		}
		return err
	}
	c.verifierMu.Lock()
	c.verifier, c.unlockFailures = v, 0
	c.verifierMu.Unlock()
	c.setState(ctx, StateSyncing, nil)
	c.Kick()
	return nil
}

// ErrWrongPassword means the password typed to unlock the console is not
// the operator's.
var ErrWrongPassword = errors.New("wrong password")

// Unlock checks the password typed on the lock screen against the
// verifier of the last login, kept in the keyring (the embedded sandbox's
// demo operators have their id as password). It works offline; only after
// a login of an older version, which left no verifier, does it ask
// central (a new login). It takes maxUnlockAttempts wrong passwords in a
// row (the last one's error wraps ErrTooManyAttempts too); then it
// refuses even the right one with ErrTooManyAttempts, locking again does
// not reset the count, and only UnlockOnline (central) opens.
func (c *Console) Unlock(ctx context.Context, password string) error {
	c.unlockMu.Lock()
	defer c.unlockMu.Unlock()
	if c.UnlockAttemptsLeft() == 0 {
		return ErrTooManyAttempts
	}
	ok, err := c.checkPassword(ctx, password)
	if err != nil {
		return err
	}
	if !ok {
		return c.unlockFailed(ctx)
	}
	c.unlockSucceeded(ctx)
	return nil
}

// checkPassword reports whether password is the operator's, for Unlock.
func (c *Console) checkPassword(ctx context.Context, password string) (bool, error) {
	if c.sandbox {
		return subtle.ConstantTimeCompare([]byte(password), []byte(c.sandboxOperator)) == 1, nil
	}
	c.verifierMu.Lock()
	v := c.verifier
	c.verifierMu.Unlock()
	if v == "" {
		err := c.Relogin(ctx, password)
		if errors.Is(err, client.ErrInvalidCredentials) {
			return false, nil
		}
		return err == nil, err
	}
	ok, err := checkVerifier(v, password)
	if err != nil {
		return false, fmt.Errorf("unlock: %w", err)
	}
	return ok, nil
}

// sessionExpired reports whether a sync failed because the session ended
// (401): reading and queuing go on, sending waits for a new login.
func sessionExpired(err error) bool {
	var apiErr *client.APIError
	if errors.As(err, &apiErr) {
		return apiErr.Status == http.StatusUnauthorized
	}
	return errors.Is(err, client.ErrUnauthorized)
}

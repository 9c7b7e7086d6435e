package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/gofrs/flock"

	"sportello/client"
)

// The processes of one operator share a mirror's folder: the console,
// `sportello sync`, `sportello prefetch`. OS file locks beside the mirror
// keep them from stepping on each other (an OS lock goes with its process,
// so a crash never leaves one behind):
//
//   - consoleLock is held by a console for its whole life: a second
//     console on the same folder is refused with ErrAlreadyOpen;
//   - workLock is held while a process opens the mirror (migrations, the
//     cache keys, setting aside an unreadable file) and while it sends
//     the outbox or syncs: the others wait their turn;
//   - sessionLock is held while the session's refresh token rotates, so
//     that no process presents a token another one has just spent.
const (
	consoleLock = "console.lock"
	workLock    = "work.lock"
	sessionLock = "session.lock"
)

// FolderWait is how long a process waits for another one to be done with
// the folder before it gives up with ErrFolderBusy.
var FolderWait = 2 * time.Minute

// ErrAlreadyOpen means a console is already open on this data folder.
var ErrAlreadyOpen = errors.New("a console is already open on this data folder")

// ErrFolderBusy means another Sportello process kept the data folder for
// longer than FolderWait.
var ErrFolderBusy = errors.New("data folder busy with another Sportello process")

// lockFolder takes the lock name in dir, waiting up to wait (0: not at
// all) for the process that holds it, and returns its release.
func lockFolder(ctx context.Context, dir, name string, wait time.Duration) (func(), error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	l := flock.New(filepath.Join(dir, name), flock.SetPermissions(0o600))
	ok, err := l.TryLock()
	if !ok && err == nil && wait > 0 {
		wctx, cancel := context.WithTimeout(ctx, wait)
		ok, err = l.TryLockContext(wctx, 50*time.Millisecond)
		cancel()
		if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
			err = nil // waited long enough: busy, below
		}
	}
	switch {
	case err != nil:
		_ = l.Close()
		return nil, fmt.Errorf("lock the data folder (%s): %w", name, err)
	case !ok:
		_ = l.Close()
		return nil, fmt.Errorf("%w (%s)", ErrFolderBusy, name)
	}
	return func() { _ = l.Close() }, nil
}

// privateFolder makes dir (created if missing) the operator's alone,
// whatever the umask and whatever an older version left: the folder 0700,
// each file in it 0600 (cache.Open creates its own files so).
func privateFolder(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create data folder: %w", err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return fmt.Errorf("data folder: %w", err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("data folder: %w", err)
	}
	for _, e := range entries {
		if e.Type().IsRegular() {
			// A journal another process closes meanwhile is gone: fine.
			if err := os.Chmod(filepath.Join(dir, e.Name()), 0o600); err != nil && !errors.Is(err, os.ErrNotExist) {
				return fmt.Errorf("data folder: %w", err)
			}
		}
	}
	return nil
}

// working runs fn holding the mirror folder's work lock (a console made
// without a folder, by a test of this package, has none to share).
func (c *Console) working(ctx context.Context, fn func() error) error {
	if c.folder == "" {
		return fn()
	}
	unlock, err := lockFolder(ctx, c.folder, workLock, FolderWait)
	if err != nil {
		return err
	}
	defer unlock()
	return fn()
}

// keyringKeeper keeps an operator's refresh token in the OS keyring for
// the processes sharing their data folder, refreshing one at a time.
type keyringKeeper struct {
	server, operator, folder string
}

// Lock waits for another process's refresh of this session.
func (k keyringKeeper) Lock(ctx context.Context) (func(), error) {
	return lockFolder(ctx, k.folder, sessionLock, FolderWait)
}

// Load reads the refresh token kept now.
func (k keyringKeeper) Load() (string, error) {
	t, err := loadToken(k.server, k.operator)
	if errors.Is(err, ErrNotLoggedIn) {
		return "", nil
	}
	return t, err
}

// Keep stores the new refresh token before it is used.
func (k keyringKeeper) Keep(t client.Tokens) error {
	return storeToken(k.server, k.operator, t.Refresh)
}

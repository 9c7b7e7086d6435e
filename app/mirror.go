package app

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"sportello/cache"
)

// mirrorFile is the file of the mirror of the operator logged in to a
// real server, in a data folder.
func mirrorFile(dataDir string) string { return filepath.Join(dataDir, "cache.db") }

// sandboxCache is the file of the embedded sandbox's mirror of an
// operator in a data folder: each demo operator has their own.
func sandboxCache(dataDir, operator string) string {
	return filepath.Join(dataDir, "sandbox", operator, "cache.db")
}

// SandboxMirror opens the embedded sandbox's mirror of the demo operator
// in a data folder with its keys from the keyring, as the console would:
// for tools and tests that prepare a mirror (a large one, to measure the
// console) before the console starts on it.
func SandboxMirror(dataDir string) (*cache.Store, error) {
	keys, err := cacheKeys("sandbox", SandboxOperator)
	if err != nil {
		return nil, err
	}
	file := sandboxCache(dataDir, SandboxOperator)
	if err := os.MkdirAll(filepath.Dir(file), 0o700); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	return cache.Open(file, keys)
}

// LoggedInMirror opens the mirror of the operator logged in on a data
// folder (with `sportello login`) with its keys from the keyring, as the
// console would: for tests that prepare a mirror (a large one, to measure
// the console against a standalone central) before the console starts on
// it.
func LoggedInMirror(dataDir string) (*cache.Store, error) {
	cfg, err := LoadConfig(dataDir)
	if err != nil {
		return nil, err
	}
	if cfg.Server == "" || cfg.Operator == "" {
		return nil, ErrNotLoggedIn
	}
	keys, err := cacheKeys(cfg.Server, cfg.Operator)
	if err != nil {
		return nil, err
	}
	return cache.Open(mirrorFile(dataDir), keys)
}

// openCache opens the mirror. One sealed with a mirror key the keyring no
// longer has is rebuilt from central with its outbox kept (cache.Open does
// that). One whose outbox key is lost cannot be read at all: it is moved
// aside, never deleted, so that the actions in it can still be recovered
// if the key turns up again, and a new mirror is started.
//
// A command beside an open console (shared) sets nothing aside: it says
// what is wrong, and the console mends it at its next start.
func openCache(file string, keys cache.Keys, now time.Time, log *slog.Logger, shared bool) (*cache.Store, error) {
	if shared {
		st, err := cache.OpenShared(file, keys)
		if err != nil {
			return nil, fmt.Errorf("open local cache: %w", err)
		}
		return st, nil
	}
	st, err := cache.Open(file, keys)
	if errors.Is(err, cache.ErrWrongKey) {
		stamp := ".unreadable-" + now.Format("20060102-150405")
		log.Error("cache sealed with an outbox key the keyring no longer has: moving it aside", "file", file+stamp)
		for _, base := range []string{file, cache.QueueFile(file)} {
			for _, suffix := range []string{"", "-wal", "-shm"} {
				if rerr := os.Rename(base+suffix, base+stamp+suffix); rerr != nil && !errors.Is(rerr, os.ErrNotExist) {
					return nil, fmt.Errorf("open local cache: set aside: %w", rerr)
				}
			}
		}
		st, err = cache.Open(file, keys)
	}
	if err != nil {
		return nil, fmt.Errorf("open local cache: %w", err)
	}
	if st.Rebuilt() {
		log.Warn("cache sealed with another key, or damaged: rebuilding it from central; the outbox is kept")
	}
	if r := st.Recovery(); r.Damaged() {
		log.Error("cache damaged: set aside", "mirror", r.MirrorAside, "queue", r.QueueAside,
			"salvaged", r.Salvaged, "lost", r.Lost, "lost_unknown", r.LostUnknown)
	}
	return st, nil
}

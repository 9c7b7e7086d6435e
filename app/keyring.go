package app

import (
	"encoding/base64"
	"errors"
	"fmt"
	"os"

	"github.com/zalando/go-keyring"

	"sportello/cache"
)

// keyringService names Sportello's entries in the OS keyring.
const keyringService = "Sportello"

// ErrNoKeyring means the OS keyring (on Linux, a Secret Service such as
// gnome-keyring on D-Bus) cannot be reached. Sportello never falls back to
// writing secrets to disk.
var ErrNoKeyring = errors.New("OS keyring unavailable")

// ErrNotLoggedIn means there is no token in the keyring for this server and
// operator.
var ErrNotLoggedIn = errors.New("not logged in")

// account is the keyring account of one operator on one server.
func account(kind, server, operator string) string {
	return kind + ":" + operator + "@" + server
}

func keyringErr(op string, err error) error {
	if errors.Is(err, keyring.ErrNotFound) {
		return err
	}
	return fmt.Errorf("%s: %w: %v", op, ErrNoKeyring, err)
}

// storeToken saves the access token in the keyring.
func storeToken(server, operator, token string) error {
	if err := keyring.Set(keyringService, account("token", server, operator), token); err != nil {
		return keyringErr("store token", err)
	}
	return nil
}

// loadToken reads the access token from the keyring.
func loadToken(server, operator string) (string, error) {
	t, err := keyring.Get(keyringService, account("token", server, operator))
	if errors.Is(err, keyring.ErrNotFound) {
		return "", ErrNotLoggedIn
	}
	if err != nil {
		return "", keyringErr("read token", err)
	}
	return t, nil
}

// deleteToken removes the access token; a missing one is not an error.
func deleteToken(server, operator string) error {
	err := keyring.Delete(keyringService, account("token", server, operator))
	if err != nil && !errors.Is(err, keyring.ErrNotFound) {
		return keyringErr("delete token", err)
	}
	return nil
}

// cacheKeys returns the keys that seal the local mirror and the outbox of
// this server and operator, each in its own keyring entry, creating them
// on first use. A lost mirror key only costs a rebuild from central; the
// outbox key guards the operator's unsent work.
func cacheKeys(server, operator string) (cache.Keys, error) {
	var keys cache.Keys
	var err error
	if keys.Mirror, err = keyringKey(account("cache-key", server, operator)); err != nil {
		return keys, err
	}
	keys.Outbox, err = keyringKey(account("outbox-key", server, operator))
	return keys, err
}

// keyringKey reads a key from the keyring entry acct, or creates it.
func keyringKey(acct string) ([]byte, error) {
	v, err := keyring.Get(keyringService, acct)
	if err == nil {
		key, err := base64.StdEncoding.DecodeString(v)
		if err == nil && len(key) == cache.KeySize {
			return key, nil
		}
	} else if !errors.Is(err, keyring.ErrNotFound) {
		return nil, keyringErr("read cache key", err)
	}
	key := cache.NewKey()
	if err := keyring.Set(keyringService, acct, base64.StdEncoding.EncodeToString(key)); err != nil {
		return nil, keyringErr("store cache key", err)
	}
	return key, nil
}

// KeyringAvailable checks that the OS keyring answers, by writing and
// deleting a probe entry. It returns an error wrapping ErrNoKeyring if not.
func KeyringAvailable() error {
	// A name of its own, so that concurrent probes (tests of several
	// packages run in parallel) do not delete each other's entry.
	probe := fmt.Sprintf("probe:%d:%x", os.Getpid(), cache.NewKey()[:8])
	err := keyring.Set(keyringService, probe, "ok")
	if err == nil {
		err = keyring.Delete(keyringService, probe)
	}
	if err != nil {
		return keyringErr("keyring probe", err)
	}
	return nil
}

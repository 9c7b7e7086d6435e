package app

import (
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

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

// sessionSecrets are the kinds of secret a session keeps in the keyring:
// the refresh token, the verifier of the password, the keys of the mirror
// and of the outbox, and the count of wrong passwords typed on the lock
// screen (no secret, but it goes with the verifier). A logout removes
// them all.
var sessionSecrets = []string{"token", "unlock", "cache-key", "outbox-key", "unlock-failures"}

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

// MaxSecretBytes is the largest secret Sportello puts in the OS keyring:
// the Windows Credential Manager refuses more than 2,560 bytes (go-keyring
// returns keyring.ErrSetDataTooBig there). The check is made on every OS,
// so that Linux CI proves what Windows would refuse.
const MaxSecretBytes = 2560

// maxMacOSCommand is the longest command go-keyring hands macOS's
// `security` tool: the service, the account and the secret in base64.
const maxMacOSCommand = 4096

// ErrSecretTooLarge means a secret is too large for the OS keyring of
// every platform Sportello runs on. The error is a *SecretTooLargeError.
var ErrSecretTooLarge = errors.New("secret too large for the OS keyring")

// SecretTooLargeError says which kind of secret did not fit, and its size
// (never the secret).
type SecretTooLargeError struct {
	Kind string
	Size int
}

func (e *SecretTooLargeError) Error() string {
	return fmt.Sprintf("%s of %d bytes: over the %d the Windows Credential Manager takes", e.Kind, e.Size, MaxSecretBytes)
}

// Is makes errors.Is(err, ErrSecretTooLarge) true.
func (e *SecretTooLargeError) Is(target error) bool { return target == ErrSecretTooLarge }

// secretFits reports whether a secret of an account fits the keyrings of
// Windows (the secret) and macOS (service, account and the secret in
// base64, in one command line of go-keyring).
func secretFits(acct, value string) bool {
	const macOverhead = len("add-generic-password -U -s '' -a '' -w 'go-keyring-base64:'\n")
	return len(value) <= MaxSecretBytes &&
		macOverhead+len(keyringService)+len(acct)+base64.StdEncoding.EncodedLen(len(value)) <= maxMacOSCommand
}

// storeSecret saves a secret of one kind (token, unlock, …) of an
// operator on a server in the keyring. One too large for the keyring of
// any platform is refused here, on every OS, with ErrSecretTooLarge: it
// is never written anywhere else.
func storeSecret(kind, server, operator, value string) error {
	acct := account(kind, server, operator)
	if !secretFits(acct, value) {
		return fmt.Errorf("store %s: %w", kind, &SecretTooLargeError{Kind: kind, Size: len(value)})
	}
	if err := keyring.Set(keyringService, acct, value); err != nil {
		return keyringErr("store "+kind, err)
	}
	return nil
}

// loadSecret reads a secret from the keyring; a missing one is
// ErrNotLoggedIn.
func loadSecret(kind, server, operator string) (string, error) {
	v, err := keyring.Get(keyringService, account(kind, server, operator))
	if errors.Is(err, keyring.ErrNotFound) {
		return "", ErrNotLoggedIn
	}
	if err != nil {
		return "", keyringErr("read "+kind, err)
	}
	return v, nil
}

// deleteSecret removes a secret; a missing one is not an error.
func deleteSecret(kind, server, operator string) error {
	err := keyring.Delete(keyringService, account(kind, server, operator))
	if err != nil && !errors.Is(err, keyring.ErrNotFound) {
		return keyringErr("delete "+kind, err)
	}
	return nil
}

// storeToken saves the refresh token in the keyring.
func storeToken(server, operator, token string) error {
	return storeSecret("token", server, operator, token)
}

// loadToken reads the refresh token from the keyring.
func loadToken(server, operator string) (string, error) {
	return loadSecret("token", server, operator)
}

// storeVerifier saves the verifier of the operator's password.
func storeVerifier(server, operator, v string) error {
	return storeSecret("unlock", server, operator, v)
}

// loadVerifier reads the verifier of the operator's password.
func loadVerifier(server, operator string) (string, error) {
	return loadSecret("unlock", server, operator)
}

// verifierRounds is the PBKDF2-HMAC-SHA256 iteration count of a password
// verifier (OWASP's figure): unlocking takes a fraction of a second, a
// guess at a stolen verifier as long.
const verifierRounds = 600_000

// newVerifier derives the verifier of a password: "pbkdf2-sha256$rounds$
// salt$hash", salt and hash in base64. It lets the idle lock check the
// password offline without keeping the password anywhere.
func newVerifier(password string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("verifier salt: %w", err)
	}
	h, err := pbkdf2.Key(sha256.New, password, salt, verifierRounds, 32)
	if err != nil {
		return "", fmt.Errorf("verifier: %w", err)
	}
	return fmt.Sprintf("pbkdf2-sha256$%d$%s$%s", verifierRounds, base64.RawStdEncoding.EncodeToString(salt),
		base64.RawStdEncoding.EncodeToString(h)), nil
}

// checkVerifier reports whether password matches the verifier v.
func checkVerifier(v, password string) (bool, error) {
	parts := strings.Split(v, "$")
	if len(parts) != 4 || parts[0] != "pbkdf2-sha256" {
		return false, errors.New("verifier: unknown format")
	}
	rounds, err := strconv.Atoi(parts[1])
	if err != nil || rounds < 1 {
		return false, errors.New("verifier: bad rounds")
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[2])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[3])
	if err1 != nil || err2 != nil {
		return false, errors.New("verifier: bad encoding")
	}
	got, err := pbkdf2.Key(sha256.New, password, salt, rounds, len(want))
	if err != nil {
		return false, fmt.Errorf("verifier: %w", err)
	}
	return subtle.ConstantTimeCompare(got, want) == 1, nil
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
	v = base64.StdEncoding.EncodeToString(key)
	if !secretFits(acct, v) {
		return nil, fmt.Errorf("store cache key: %w", &SecretTooLargeError{Kind: "cache key", Size: len(v)})
	}
	if err := keyring.Set(keyringService, acct, v); err != nil {
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

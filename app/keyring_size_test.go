package app

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/zalando/go-keyring"

	"sportello/client/sandbox"
	"sportello/internal/testkit"
)

// realisticRefreshToken is the largest refresh token we expect of central,
// as a signed JWT: what an identity provider of the institute (Azure AD,
// or its own) issues for an operator, with the usual registered and Azure
// AD claims and the INPS ones the console's scope needs (office, desk,
// profiles, a few groups). Assumption, documented in the README: central
// sends an opaque token (64 characters today, as the sandbox) or a JWT of
// this kind, 1.5 to 2.2 KB; the RS256 signature alone is 342 characters.
func realisticRefreshToken(t *testing.T) string {
	t.Helper()
	header := map[string]any{"alg": "RS256", "typ": "JWT", "kid": "nOo3ZDrODXEK1jKWhXslHR_KXEg"}
	claims := map[string]any{
		"aud": "api://sportello.inps.it/central", "iss": "https://login.microsoftonline.com/5a6b7c8d-1e2f-4a3b-9c8d-7e6f5a4b3c2d/v2.0",
		"iat": 1795424700, "nbf": 1795424700, "exp": 1795453500,
		"aio":                "AWQAm/8YAAAAy3sYcR0l0yT1Fh2ZC5tq4nJx0gq9cJ8m1WcD6pEbqJd2pC3dFq0rZ7ZkLrXy9pQy1vE4wL3hF8A==",
		"azp":                "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
		"azpacr":             "0",
		"name":               "Lombardi Anna",
		"oid":                "3c2b1a09-8f7e-4d6c-b5a4-93827160f5e4",
		"preferred_username": "anna.lombardi@inps.it",
		"rh":                 "0.AUsAjXxrWi8eO0qcjX5vWks8LQ0eHj1LWmlYiosMHS4_SlsBAGM.",
		"scp":                "sportello.agenda sportello.fascicolo sportello.schede sportello.prenotazioni sportello.code offline_access",
		"sid":                "7d6c5b4a-3928-4716-a5b4-c3d2e1f0a9b8",
		"sub":                "kQ4yDgP3YbC1q0Rz9VbN6mH2tW8xL5sJ7aE3uF1oI0c",
		"tid":                "5a6b7c8d-1e2f-4a3b-9c8d-7e6f5a4b3c2d",
		"uti":                "Qx7bLZ2k9EuN4mYp3RtVAA",
		"ver":                "2.0",
		"roles":              []string{"Sportello.Operatore", "Sportello.Consulente", "Sportello.Accoglienza"},
		"groups": []string{"a1b2c3d4-e5f6-4a5b-8c7d-9e0f1a2b3c4d", "b2c3d4e5-f6a7-4b6c-9d8e-0f1a2b3c4d5e",
			"c3d4e5f6-a7b8-4c7d-8e9f-1a2b3c4d5e6f"},
		"inps_matricola": "0123456", "inps_sede": "7800", "inps_sede_nome": "Sede provinciale di Salerno",
		"inps_sportello": "Sportello 3",
		"inps_profili":   []string{"sportello", "consulenza_cric", "punto_inps"},
		"inps_sezioni":   []string{"pensioni", "soggetto_contribuente", "sostegno_reddito"},
		"session_id":     "S-2026-11-23-0123456-7f3a",
	}
	part := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return base64.RawURLEncoding.EncodeToString(b)
	}
	sig := bytes.Repeat([]byte{0xA5}, 256) // RS256 with a 2048-bit key
	return part(header) + "." + part(claims) + "." + base64.RawURLEncoding.EncodeToString(sig)
}

func TestSecretSizeLimitHoldsOnEveryOS(t *testing.T) {
	acct := account("token", "https://sportello.central.inps.it", "0123456")
	if !secretFits(acct, strings.Repeat("a", MaxSecretBytes)) {
		t.Error("a secret of exactly 2,560 bytes refused")
	}
	if secretFits(acct, strings.Repeat("a", MaxSecretBytes+1)) {
		t.Error("a secret of 2,561 bytes accepted: Windows would refuse it")
	}
	// macOS: service, account and the secret in base64 share 4,096 bytes.
	if secretFits(account("token", "https://"+strings.Repeat("s", 700)+".inps.it", "demo"), strings.Repeat("a", MaxSecretBytes)) {
		t.Error("a secret with an account too long for macOS accepted")
	}
	// Refused before the keyring is asked (this needs none): the kind and
	// the size in the error, never the secret.
	secret := strings.Repeat("Z", MaxSecretBytes+1)
	err := storeToken("https://sportello.central.inps.it", "demo", secret)
	var tooLarge *SecretTooLargeError
	if !errors.Is(err, ErrSecretTooLarge) || !errors.As(err, &tooLarge) || tooLarge.Kind != "token" || tooLarge.Size != len(secret) {
		t.Fatalf("oversize token: %v", err)
	}
	if strings.Contains(err.Error(), "ZZZZ") || strings.Contains(Explain(err), "ZZZZ") {
		t.Error("the secret is in the error")
	}
	if msg := Explain(err); !strings.Contains(msg, "troppo grandi per il portachiavi") || !strings.Contains(msg, "2560") {
		t.Errorf("message: %q", msg)
	}
}

// loginWithTokens logs the demo operator in to a sandbox whose refresh
// tokens are JWT-shaped and size bytes long; logs go to logs.
func loginWithTokens(t *testing.T, size int, logs *bytes.Buffer) (string, string, *sandbox.Sandbox, error) {
	t.Helper()
	sb := testkit.NewSandbox(t, sandbox.Options{Seed: 3, Now: fixedNow, RefreshTokenBytes: size})
	url := testkit.Serve(t, sb)
	t.Cleanup(func() { forget(url, "demo") })
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(logs, nil)))
	t.Cleanup(func() { slog.SetDefault(old) })
	dir := filepath.Join(t.TempDir(), "data")
	_, err := Login(context.Background(), dir, url, "demo", "demo")
	return dir, url, sb, err
}

func TestEverySecretFitsTheWindowsCredentialManager(t *testing.T) {
	requireKeyring(t)
	real := len(realisticRefreshToken(t))
	if real < 1500 || real > 2300 {
		t.Fatalf("the realistic token is %d bytes: not the 1.5-2.2 KB it stands for", real)
	}
	t.Logf("realistic refresh token: %d bytes", real)
	for _, size := range []int{64, real, 2200, MaxSecretBytes} {
		var logs bytes.Buffer
		dir, url, sb, err := loginWithTokens(t, size, &logs)
		if err != nil {
			t.Fatalf("login with a %d-byte refresh token: %v", size, err)
		}
		ctx := context.Background()
		c, err := Open(ctx, Options{DataDir: dir, Now: fixedNow, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
		if err != nil {
			t.Fatal(err)
		}
		// A sync, and a refresh that rotates the token through the keeper.
		if _, err := c.SyncOnce(ctx); err != nil {
			t.Fatal(err)
		}
		if err := c.api.Refresh(ctx); err != nil {
			t.Fatalf("refresh with %d-byte tokens: %v", size, err)
		}
		if err := c.Unlock(ctx, "sbagliata"); err == nil {
			t.Fatal("a wrong password unlocked") // leaves the count of wrong passwords in the keyring
		}
		tokens, _ := sb.IssuedTokens(ctx)
		c.Close()
		// Every kind of secret a session keeps is there, and fits.
		for _, kind := range sessionSecrets {
			acct := account(kind, url, "demo")
			v, err := keyring.Get(keyringService, acct)
			if err != nil {
				t.Errorf("%d-byte tokens: %s not in the keyring: %v", size, kind, err)
				continue
			}
			if !secretFits(acct, v) {
				t.Errorf("%d-byte tokens: %s is %d bytes, over the Windows limit", size, kind, len(v))
			}
			if size == real {
				t.Logf("%s: %d bytes", kind, len(v))
			}
		}
		// And no token is in a file or a log line.
		for path, b := range filesUnder(t, dir) {
			for _, tok := range tokens {
				if bytes.Contains(b, []byte(tok)) {
					t.Errorf("a token is in %s", path)
				}
			}
		}
		for _, tok := range tokens {
			if strings.Contains(logs.String(), tok) {
				t.Error("a token is in the logs")
			}
		}
	}
}

func TestOversizeTokenIsAClearErrorAtLogin(t *testing.T) {
	requireKeyring(t)
	var logs bytes.Buffer
	dir, url, sb, err := loginWithTokens(t, MaxSecretBytes+1, &logs)
	if !errors.Is(err, ErrSecretTooLarge) {
		t.Fatalf("login with a %d-byte refresh token: %v, want ErrSecretTooLarge", MaxSecretBytes+1, err)
	}
	if msg := Explain(err); !strings.Contains(msg, "l'accesso non è stato salvato") || !strings.Contains(msg, "assistenza") {
		t.Errorf("message: %q", msg)
	}
	// Nothing kept: no token in the keyring, no configuration, no file.
	if _, err := loadToken(url, "demo"); !errors.Is(err, ErrNotLoggedIn) {
		t.Errorf("token in the keyring after the refused login: %v", err)
	}
	if n := len(filesUnder(t, filepath.Dir(dir))); n != 0 {
		t.Errorf("the refused login wrote %d files", n)
	}
	// The session nobody could keep was ended on central.
	if tokens, _ := sb.IssuedTokens(context.Background()); len(tokens) != 0 {
		t.Errorf("%d tokens still live on central after the refused login", len(tokens))
	}
	if strings.Contains(err.Error(), ".") && len(err.Error()) > 300 {
		t.Errorf("the error looks like it carries the token: %d characters", len(err.Error()))
	}
}

// switchingCentral serves whichever sandbox it points at now: central
// changing its identity provider (and the size of its tokens) between
// two logins of the same operator.
type switchingCentral struct {
	cur atomic.Pointer[sandbox.Sandbox]
}

func (s *switchingCentral) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.cur.Load().ServeHTTP(w, r)
}

// TestOversizeTokenAtReloginKeepsNoSession: the lock screen's new login
// (Relogin) after central started issuing refresh tokens too large for
// the keyring says so, as the first login does, and, as the first login
// does, ends that session on central: the console must not go on syncing
// with a session the operator was told had not been kept. The keyring
// keeps what it had.
func TestOversizeTokenAtReloginKeepsNoSession(t *testing.T) {
	requireKeyring(t)
	ctx := context.Background()
	small := testkit.NewSandbox(t, sandbox.Options{Seed: 3, Now: fixedNow})
	big := testkit.NewSandbox(t, sandbox.Options{Seed: 3, Now: fixedNow, RefreshTokenBytes: MaxSecretBytes + 1})
	central := &switchingCentral{}
	central.cur.Store(small)
	url := testkit.Serve(t, central)
	c := loggedIn(t, Options{DataDir: filepath.Join(t.TempDir(), "data"), Now: fixedNow}, url)
	defer c.Close()
	kept, err := loadToken(url, "demo")
	if err != nil {
		t.Fatal(err)
	}

	central.cur.Store(big)
	if err := c.Relogin(ctx, "demo"); !errors.Is(err, ErrSecretTooLarge) {
		t.Fatalf("relogin with a %d-byte refresh token: %v, want ErrSecretTooLarge", MaxSecretBytes+1, err)
	}
	if tokens, _ := big.IssuedTokens(ctx); len(tokens) != 0 {
		t.Errorf("%d tokens of the session that could not be kept still live on central", len(tokens))
	}
	if tok := c.api.Tokens(); tok.Access != "" || tok.Refresh != "" {
		t.Error("the console still holds the session it could not keep")
	}
	if now, _ := loadToken(url, "demo"); now != kept {
		t.Error("the refresh token in the keyring changed")
	}
}

package main

// End-to-end tests of the real binary: the CLI against a standalone sandbox
// over loopback, with the real Secret Service, and the console window under
// Xvfb. The binary is built once by the test command (SPORTELLO_BIN); a
// plain `go test` builds its own.

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"sportello/app"
	"sportello/client"
	"sportello/client/sandbox"
)

// TestMain sets the clock of every process the tests start (the sandbox,
// the console, the commands) and of the consoles they open in-process:
// SPORTELLO_TEST_CLOCK, a Monday morning unless the caller chose another
// moment (scripts/clock-matrix.sh runs the suite at several), so that no
// test depends on the hour or the day it runs at.
func TestMain(m *testing.M) {
	if os.Getenv("SPORTELLO_TEST_CLOCK") == "" {
		os.Setenv("SPORTELLO_TEST_CLOCK", demoMorning)
	}
	var err error
	if clock, err = testClock(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	os.Exit(m.Run())
}

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// binary returns the sportello executable under test.
func binary(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("SPORTELLO_BIN"); p != "" {
		abs, err := filepath.Abs(p)
		if err != nil {
			t.Fatal(err)
		}
		return abs
	}
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "sportello-e2e")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "sportello")
		out, err := exec.Command("go", "build", "-tags", "migrated_fynedo", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// artifacts returns the folder the tests keep their screenshots and
// figures in: SPORTELLO_ARTIFACTS, or artifacts/ beside the tests.
func artifacts(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("SPORTELLO_ARTIFACTS")
	if dir == "" {
		dir = "artifacts"
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// requireEnv skips a test that needs a part of the machine the test
// command installs, unless the test command asked for it (then it fails).
func requireEnv(t testing.TB, what string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	if os.Getenv("SPORTELLO_REQUIRE_E2E") == "1" {
		t.Fatalf("%s unavailable: %v", what, err)
	}
	t.Skipf("%s unavailable (%v); the test command provides it", what, err)
}

type result struct {
	code           int
	stdout, stderr string
}

// sportello runs one command of the binary.
func sportello(t testing.TB, stdin string, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	cmd.Stdin = strings.NewReader(stdin)
	cmd.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r := result{stdout: out.String(), stderr: errb.String()}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return r
}

// startSandbox runs `sportello sandbox` on a free loopback port and returns
// its URL.
func startSandbox(t testing.TB, flags ...string) string {
	t.Helper()
	url, _ := runSandbox(t, nil, "127.0.0.1:0", flags...)
	return url
}

// runSandbox runs `sportello sandbox` on addr, its command line prefixed by
// wrap (e.g. to run it in a network namespace), and returns its URL once it
// says it is ready, and the process (killed at the end of the test).
func runSandbox(t testing.TB, wrap []string, addr string, flags ...string) (string, *exec.Cmd) {
	t.Helper()
	args := append(append(append([]string{}, wrap...), binary(t), "sandbox", "--addr", addr, "--seed", "9"), flags...)
	cmd := exec.Command(args[0], args[1:]...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("sandbox did not start: %v", err)
	}
	for _, f := range strings.Fields(line) {
		if strings.HasPrefix(f, "http://") || strings.HasPrefix(f, "https://") {
			return f, cmd
		}
	}
	t.Fatalf("no address in %q", line)
	return "", nil
}

// loginAndSync logs the demo operator in to url with the CLI, on the data
// folder data and with env added, then syncs once; the session is
// forgotten at the end of the test.
func loginAndSync(t testing.TB, env []string, url, data string) {
	t.Helper()
	t.Cleanup(func() { forgetSession(url, "demo") })
	if r := sportello(t, "demo\n", env, "login", "--server", url, "--operator", "demo", "--data-dir", data); r.code != 0 {
		t.Fatalf("login to %s: exit %d, %q", url, r.code, r.stderr)
	}
	if r := sportello(t, "", env, "sync", "--once", "--data-dir", data); r.code != 0 {
		t.Fatalf("first sync: exit %d, %q", r.code, r.stderr)
	}
}

// forgetSession removes from the keyring what a login on server left,
// for a test that ends with work a logout would protect.
func forgetSession(server, operator string) {
	for _, kind := range []string{"token", "unlock", "cache-key", "outbox-key", "unlock-failures"} {
		_ = keyring.Delete("Sportello", kind+":"+operator+"@"+server)
	}
}

// selfSigned writes a self-signed certificate for ip (and its key) in a
// temporary folder, for a sandbox served over https; a console trusts it
// when SSL_CERT_FILE names the certificate file.
func selfSigned(t *testing.T, ip string) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "sandbox"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.ParseIP(ip)}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, BasicConstraintsValid: true, IsCA: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600); err != nil {
		t.Fatal(err)
	}
	return certFile, keyFile
}

func TestCLILoginSyncLogout(t *testing.T) {
	requireEnv(t, "Secret Service", app.KeyringAvailable())
	url := startSandbox(t)
	data := filepath.Join(t.TempDir(), "data")

	r := sportello(t, "sbagliata\n", nil, "login", "--server", url, "--operator", "demo", "--data-dir", data)
	if r.code == 0 || !strings.Contains(r.stderr, "Operatore o password non corretti") {
		t.Errorf("wrong password: exit %d, stderr %q", r.code, r.stderr)
	}
	r = sportello(t, "demo\n", nil, "login", "--server", "http://127.0.0.1:1", "--operator", "demo", "--data-dir", data)
	if r.code == 0 || !strings.Contains(r.stderr, "Server centrale non raggiungibile") {
		t.Errorf("unreachable server: exit %d, stderr %q", r.code, r.stderr)
	}
	// No Secret Service on the bus: a clear error and nothing on disk.
	r = sportello(t, "demo\n", []string{"DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/bus"},
		"login", "--server", url, "--operator", "demo", "--data-dir", data)
	if r.code != 3 || !strings.Contains(r.stderr, "Portachiavi di sistema non disponibile") {
		t.Errorf("no keyring: exit %d, stderr %q; want 3 and the reason", r.code, r.stderr)
	}
	if _, err := os.Stat(data); !os.IsNotExist(err) {
		t.Fatalf("failed logins wrote %s", data)
	}

	r = sportello(t, "demo\n", nil, "login", "--server", url, "--operator", "demo", "--data-dir", data)
	if r.code != 0 || !strings.Contains(r.stdout, "Accesso eseguito: Anna Lombardi") {
		t.Fatalf("login: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	// The account name is app's "token:<operator>@<server>".
	token, err := keyring.Get("Sportello", "token:demo@"+url)
	if err != nil || len(token) < 16 {
		t.Fatalf("token not in the keyring: %v", err)
	}
	t.Cleanup(func() { _ = keyring.Delete("Sportello", "token:demo@"+url) })

	s := sportello(t, "", nil, "sync", "--once", "--data-dir", data)
	if s.code != 0 || !strings.Contains(s.stdout, "Sincronizzazione completata") {
		t.Fatalf("sync: exit %d, stdout %q, stderr %q", s.code, s.stdout, s.stderr)
	}
	if st, err := os.Stat(filepath.Join(data, "cache.db")); err != nil || st.Size() == 0 {
		t.Fatalf("no cache file after sync: %v", err)
	}
	// The token is nowhere on disk nor in what the commands printed.
	err = filepath.WalkDir(data, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if bytes.Contains(b, []byte(token)) {
			t.Errorf("token found in %s", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{r.stdout, r.stderr, s.stdout, s.stderr} {
		if strings.Contains(out, token) {
			t.Error("token printed by a command")
		}
	}

	// The sync refreshed the session: the keyring now holds the rotated
	// refresh token, which logout then revokes on the server.
	latest, err := keyring.Get("Sportello", "token:demo@"+url)
	if err != nil || latest == token {
		t.Errorf("refresh token not rotated in the keyring by the sync: %v", err)
	}
	if r := sportello(t, "", nil, "logout", "--data-dir", data); r.code != 0 || !strings.Contains(r.stdout, "Uscita eseguita") {
		t.Errorf("logout: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	revoked, _ := client.New(url, client.Config{Tokens: client.Tokens{Refresh: latest}, Attempts: 1})
	if _, err := revoked.Me(context.Background()); !errors.Is(err, client.ErrUnauthorized) {
		t.Errorf("session still alive on the server after logout: %v", err)
	}
	if _, err := keyring.Get("Sportello", "token:demo@"+url); err != keyring.ErrNotFound {
		t.Errorf("token still in keyring after logout: %v", err)
	}
	if r := sportello(t, "", nil, "sync", "--once", "--data-dir", data); r.code == 0 || !strings.Contains(r.stderr, "Nessuna sessione attiva") {
		t.Errorf("sync after logout: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestSandboxFaultsByFlagAndAtRunTime(t *testing.T) {
	url := startSandbox(t, "--server-errors", "1", "--latency", "10ms")
	status := func(method, path, body string) int {
		req, _ := http.NewRequest(method, url+path, strings.NewReader(body))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := status("GET", "/v1/me", ""); got != http.StatusServiceUnavailable {
		t.Errorf("--server-errors 1: GET /v1/me answered %d, want 503", got)
	}
	if got := status("PUT", "/_sandbox/faults", `{}`); got != http.StatusOK {
		t.Fatalf("PUT /_sandbox/faults: %d", got)
	}
	// Delays out of 0..60s are refused and change nothing.
	for _, bad := range []string{`{"latency_ms":-1}`, `{"latency_ms":36000000000}`, `{"slow_body_ms":60001}`} {
		if got := status("PUT", "/_sandbox/faults", bad); got != http.StatusBadRequest {
			t.Errorf("PUT /_sandbox/faults %s: %d, want 400", bad, got)
		}
	}
	if got := status("GET", "/v1/me", ""); got != http.StatusUnauthorized {
		t.Errorf("faults off: GET /v1/me without a token answered %d, want 401", got)
	}

	// The command refuses before it listens; one that listened anyway is
	// stopped after a while (and fails the test) instead of hanging it.
	refused := func(args ...string) result {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, binary(t), append([]string{"sandbox"}, args...)...)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		r := result{stdout: out.String(), stderr: errb.String()}
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			r.code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if r := refused("--drops", "1.5"); r.code != 2 || !strings.Contains(r.stderr, "da 0 a 1") {
		t.Errorf("--drops 1.5: exit %d, %q", r.code, r.stderr)
	}
	for _, flags := range [][]string{{"--latency", "-1s"}, {"--latency", "10000h"}, {"--slow-body", "61s"}} {
		if r := refused(flags...); r.code != 2 || !strings.Contains(r.stderr, "vanno da 0 a 60s") {
			t.Errorf("%v: exit %d, %q", flags, r.code, r.stderr)
		}
	}
	// Plain http off loopback needs --insecure-listen (nothing listens here).
	for _, addr := range []string{"0.0.0.0:0", ":0"} {
		if r := refused("--addr", addr); r.code != 2 || !strings.Contains(r.stderr, "http non cifrato") || !strings.Contains(r.stderr, "--insecure-listen") {
			t.Errorf("--addr %s without --insecure-listen: exit %d, %q", addr, r.code, r.stderr)
		}
	}
	if r := refused("--help"); !strings.Contains(r.stderr, "-insecure-listen") || !strings.Contains(r.stderr, "da 0 a 60s") {
		t.Errorf("sandbox --help does not document the limits: %q", r.stderr)
	}

	// The line after the ready one carries the control token, which the
	// control endpoints take (from loopback they would answer anyway: the
	// refusal off loopback is tested in client/sandbox without a network).
	cmd := exec.Command(binary(t), "sandbox", "--addr", "127.0.0.1:0", "--seed", "9")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	lines := bufio.NewReader(stdout)
	ready, err1 := lines.ReadString('\n')
	control, err2 := lines.ReadString('\n')
	fields := strings.Fields(control)
	if err1 != nil || err2 != nil || !strings.Contains(ready, " http://127.0.0.1:") || !strings.Contains(control, sandbox.ControlHeader) || len(fields) == 0 || len(fields[len(fields)-1]) < 20 {
		t.Fatalf("sandbox start: %q %q (%v %v)", ready, control, err1, err2)
	}
	var base string
	for _, f := range strings.Fields(ready) {
		if strings.HasPrefix(f, "http://") {
			base = f
		}
	}
	req, _ := http.NewRequest("GET", base+"/_sandbox/faults", nil)
	req.Header.Set(sandbox.ControlHeader, fields[len(fields)-1])
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("GET /_sandbox/faults with the control token: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}
}

func TestCLIRejectsBadUsage(t *testing.T) {
	if r := sportello(t, "", nil, "boh"); r.code != 2 || !strings.Contains(r.stderr, "Comando sconosciuto") {
		t.Errorf("unknown command: exit %d, %q", r.code, r.stderr)
	}
	if r := sportello(t, "", nil, "login", "--operator", "demo"); r.code != 2 || !strings.Contains(r.stderr, "Uso: sportello login") {
		t.Errorf("login without server: exit %d, %q", r.code, r.stderr)
	}
	if r := sportello(t, "", nil, "sync", "--lang", "en"); r.code != 2 || !strings.Contains(r.stderr, "Usage: sportello sync --once") {
		t.Errorf("sync without --once in English: exit %d, %q", r.code, r.stderr)
	}
}

// demoMorning is the clock the windowed console runs at: a Monday at 10:05,
// with the morning half served, whatever the machine's date.
const demoMorning = "2026-11-23T10:05:00+01:00"

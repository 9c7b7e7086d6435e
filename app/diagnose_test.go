package app

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"sportello/client"
	"sportello/client/nettest"
	"sportello/client/sandbox"
	"sportello/internal/testkit"
	"sportello/model"
)

// noProxyEnv clears the proxy variables the machine may have.
func noProxyEnv(t *testing.T) {
	for _, v := range []string{"HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy"} {
		t.Setenv(v, "")
	}
}

// cfPattern matches a codice fiscale.
var cfPattern = regexp.MustCompile(`[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-EHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]`)

// TestDiagnoseTheEmbeddedSandbox: against the embedded sandbox over real
// loopback http every step passes, the diagnosis says it is the sandbox,
// counts the outbox (one action waiting, one held for undo) and its
// report carries no personal data: no operator, no citizen, no token.
func TestDiagnoseTheEmbeddedSandbox(t *testing.T) {
	noProxyEnv(t)
	c, _, _, url := testConsole(t)
	clock := &atomic.Int64{}
	clock.Store(monday.UnixNano())
	c.now = func() time.Time { return time.Unix(0, clock.Load()).In(model.Rome) }
	c.undoWindow = UndoWindow
	c.dataDir, c.server = t.TempDir(), url
	ctx := context.Background()
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	first, second := nextBooked(t, c, 0), nextBooked(t, c, 1)
	if _, err := c.RecordSlotEvent(ctx, first.ID, model.EventNoShow, "", ""); err != nil {
		t.Fatal(err)
	}
	clock.Add(int64(UndoWindow + time.Second)) // the first is out of its window
	if _, err := c.RecordSlotEvent(ctx, second.ID, model.EventNoShow, "", ""); err != nil {
		t.Fatal(err)
	}
	c.sandbox = true
	d := c.Diagnose(ctx)
	if !d.OK() {
		t.Fatalf("diagnosis failed:\n%s", d.Report())
	}
	if !d.Sandbox || d.Proxy != "" || d.Server != c.server {
		t.Errorf("diagnosis of %q: sandbox %v, proxy %q, server %q", c.server, d.Sandbox, d.Proxy, d.Server)
	}
	if r := d.Step(StepResolve); len(r.Addrs) == 0 || r.Addrs[0] != "127.0.0.1" {
		t.Errorf("resolve: %+v", r)
	}
	if s := d.Step(StepTLS); !s.Skipped || d.TLS != "" {
		t.Errorf("TLS on plain http: %+v", s)
	}
	if s := d.Step(StepCentral); s.Skipped || s.Took <= 0 {
		t.Errorf("central: %+v, want a measured round trip", s)
	}
	if d.Outbox.Waiting != 1 || d.Outbox.Held != 1 || d.Outbox.Conflicts != 0 {
		t.Errorf("outbox %+v, want 1 waiting and 1 held", d.Outbox)
	}
	if d.LastSync.IsZero() || d.Version != Version || d.OS == "" {
		t.Errorf("last sync %v, version %q, OS %q", d.LastSync, d.Version, d.OS)
	}
	report := d.Report()
	for _, want := range []string{"sandbox integrata", "Proxy: nessuno", "Risoluzione del nome: 127.0.0.1: 127.0.0.1, in ", "1 in attesa, 1 in sospeso (annullabili), 0 in conflitto",
		"Handshake TLS: non previsto", "Esito: tutto funziona", "Versione: " + Version} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
	op, err := c.Operator(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tok := c.api.Tokens()
	for what, secret := range map[string]string{"operator id": op.ID, "operator name": op.Name, "access token": tok.Access, "refresh token": tok.Refresh} {
		if secret == "" || strings.Contains(report, secret) {
			t.Errorf("the report shows the %s %q:\n%s", what, secret, report)
		}
	}
	if cf := cfPattern.FindString(report); cf != "" {
		t.Errorf("the report shows a codice fiscale %s", cf)
	}
	for _, e := range []model.AgendaEntry{first, second} {
		if e.CitizenName == "" || strings.Contains(report, e.CitizenName) {
			t.Errorf("the report shows a citizen's name %q", e.CitizenName)
		}
	}
}

// TestDiagnoseADeadServer: with central down the steps that cannot pass
// say why in Italian, the others still run, and the diagnosis fails.
func TestDiagnoseADeadServer(t *testing.T) {
	noProxyEnv(t)
	closed, err := nettest.Closed()
	if err != nil {
		t.Fatal(err)
	}
	d := Diagnose(context.Background(), Options{DataDir: t.TempDir(), Server: "http://" + closed, Now: fixedNow})
	if d.OK() {
		t.Fatalf("a dead server passed:\n%s", d.Report())
	}
	if s := d.Step(StepResolve); !s.OK() || s.Skipped {
		t.Errorf("resolve of an address: %+v", s)
	}
	for _, name := range []string{StepConnect, StepCentral} {
		if s := d.Step(name); !errors.Is(s.Err, client.ErrOffline) {
			t.Errorf("%s: err %v, want offline", name, s.Err)
		}
	}
	if s := d.Step(StepMirror); !errors.Is(s.Err, ErrNotLoggedIn) {
		t.Errorf("mirror: err %v, want not logged in", s.Err)
	}
	report := d.Report()
	for _, want := range []string{"Connessione TCP: non riuscito: Server centrale non raggiungibile", "Esito: qualcosa non funziona", "Ultima sincronizzazione: mai"} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
}

// tlsCentral serves a sandbox over real loopback https, with a
// certificate for name from an authority of its own.
func tlsCentral(t *testing.T, name string) (addr string, ca *nettest.Authority) {
	t.Helper()
	sb := testkit.NewSandbox(t, sandbox.Options{Seed: 3, Now: fixedNow})
	return nettest.ServeTLS(t, sb, name)
}

// writeConfig writes config.json in dir with ca_file set.
func writeCAConfig(t *testing.T, dir, caFile string) {
	t.Helper()
	if err := SaveConfig(dir, Config{CAFile: caFile}); err != nil {
		t.Fatal(err)
	}
}

// TestDiagnoseThroughTheProxy: central over https behind the office's
// proxy, trusted through ca_file: the diagnosis names the proxy, resolves
// and reaches it, and shows central's TLS version and certificate; a
// proxy that asks for credentials is named in the failed step.
func TestDiagnoseThroughTheProxy(t *testing.T) {
	noProxyEnv(t)
	const name = "central.sportello.test"
	addr, ca := tlsCentral(t, name)
	_, port, _ := strings.Cut(addr, ":")
	proxy := nettest.NewProxy(map[string]string{name + ":" + port: addr})
	t.Cleanup(proxy.Close)
	t.Setenv("HTTPS_PROXY", proxy.URL)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "istituto.pem"), ca.CertPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	writeCAConfig(t, dir, "istituto.pem")
	server := "https://" + name + ":" + port
	d := Diagnose(context.Background(), Options{DataDir: dir, Server: server, Now: fixedNow})
	for _, s := range []string{StepResolve, StepConnect, StepTLS, StepCentral} {
		if st := d.Step(s); !st.OK() || st.Skipped {
			t.Errorf("%s: %+v\n%s", s, st, d.Report())
		}
	}
	if d.Proxy != proxy.URL || d.Step(StepResolve).Host != "127.0.0.1" {
		t.Errorf("proxy %q, resolved %q, want %s and its host", d.Proxy, d.Step(StepResolve).Host, proxy.URL)
	}
	if d.Cert == nil || d.Cert.Issuer != "CN=CA di prova dell'istituto,O=Sportello test" || d.TLS == "" {
		t.Errorf("TLS %q, certificate %+v", d.TLS, d.Cert)
	}
	if !nettest.HasPrefix(proxy.Requests(), "CONNECT "+name) {
		t.Errorf("the proxy saw %q", proxy.Requests())
	}
	report := d.Report()
	if !strings.Contains(report, "Proxy: "+proxy.URL) || !strings.Contains(report, "emesso da «CN=CA di prova") {
		t.Errorf("report:\n%s", report)
	}

	proxy.Refuse = http.StatusProxyAuthRequired
	d = Diagnose(context.Background(), Options{DataDir: dir, Server: server, Now: fixedNow})
	if d.OK() || !d.Step(StepConnect).OK() || !d.Step(StepTLS).Skipped {
		t.Errorf("behind a refusing proxy:\n%s", d.Report())
	}
	if got := d.StepText(d.Step(StepCentral)); !strings.Contains(got, "Il proxy "+proxy.URL+" chiede credenziali") {
		t.Errorf("central step: %q, want the proxy named", got)
	}

	// A proxy that is down: the connection to it fails, and says so.
	closed, err := nettest.Closed()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("HTTPS_PROXY", "http://"+closed)
	d = Diagnose(context.Background(), Options{DataDir: dir, Server: server, Now: fixedNow})
	for _, s := range []string{StepConnect, StepCentral} {
		if got := d.StepText(d.Step(s)); !strings.Contains(got, "Il proxy http://"+closed+" non risponde") {
			t.Errorf("%s behind a proxy that is down: %q", s, got)
		}
	}
}

// TestCAFileTrust: a sandbox served over TLS by an authority of its own
// is refused without ca_file and trusted with it (added to the system's
// roots); a ca_file that is missing, unreadable or not a certificate is
// an Italian error at start naming it, never a silent fallback.
func TestCAFileTrust(t *testing.T) {
	noProxyEnv(t)
	addr, ca := tlsCentral(t, "127.0.0.1")
	server := "https://" + addr
	ctx := context.Background()
	dir := t.TempDir()
	d := Diagnose(ctx, Options{DataDir: dir, Server: server, Now: fixedNow})
	if s := d.Step(StepTLS); !errors.Is(s.Err, client.ErrCertificate) {
		t.Errorf("without ca_file: TLS step %+v, want a certificate error", s)
	}
	caPath := filepath.Join(dir, "istituto.pem")
	if err := os.WriteFile(caPath, ca.CertPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	writeCAConfig(t, dir, caPath)
	if d := Diagnose(ctx, Options{DataDir: dir, Server: server, Now: fixedNow}); !d.Step(StepTLS).OK() || !d.Step(StepCentral).OK() {
		t.Errorf("with ca_file:\n%s", d.Report())
	}
	pool, err := (Config{CAFile: caPath}).rootCAs(dir)
	if err != nil {
		t.Fatal(err)
	}
	// The system's roots stay: one of them still verifies against the pool.
	if sys, err := os.ReadFile("/etc/ssl/certs/ca-certificates.crt"); err == nil {
		block, _ := pem.Decode(sys)
		root, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := root.Verify(x509.VerifyOptions{Roots: pool, CurrentTime: root.NotBefore.Add(time.Hour)}); err != nil {
			t.Errorf("a system root %q is no longer trusted with ca_file: %v", root.Subject, err)
		}
	}

	garbage := filepath.Join(dir, "garbage.pem")
	if err := os.WriteFile(garbage, []byte("non è un certificato"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ file, want string }{
		{filepath.Join(dir, "manca.pem"), "non esiste"},
		{dir, "non si può leggere"}, // a folder: read fails
		{garbage, "non contiene un certificato PEM"},
	} {
		writeCAConfig(t, dir, tc.file)
		_, err := Open(ctx, Options{DataDir: dir, Server: server, Now: fixedNow})
		var caErr *CAFileError
		if !errors.As(err, &caErr) || !errors.Is(err, ErrCAFile) {
			t.Errorf("ca_file %s: Open err = %v, want a CAFileError", tc.file, err)
			continue
		}
		if msg := Explain(err); !strings.Contains(msg, tc.want) || !strings.Contains(msg, tc.file) {
			t.Errorf("ca_file %s: %q, want %q and the file", tc.file, msg, tc.want)
		}
		if _, err := Login(ctx, dir, server, "demo", "demo"); !errors.Is(err, ErrCAFile) {
			t.Errorf("ca_file %s: Login err = %v, want ErrCAFile before anything is sent", tc.file, err)
		}
	}
	// On Windows and macOS the CA belongs in the system's store.
	for _, goos := range []string{"windows", "darwin"} {
		if _, err := rootCAs(caPath, dir, goos); !errors.Is(err, errSystemStore) || !strings.Contains(Explain(err), "archivio certificati del sistema") {
			t.Errorf("%s: err = %v (%q)", goos, err, Explain(err))
		}
	}
	if pool, err := rootCAs("", dir, "windows"); pool != nil || err != nil {
		t.Errorf("no ca_file on windows: %v, %v, want the system's verifier (nil pool)", pool, err)
	}
}

// TestLoginWithCAFile: login, open and sync with the real keyring against
// a central whose authority only ca_file names.
func TestLoginWithCAFile(t *testing.T) {
	requireKeyring(t)
	noProxyEnv(t)
	addr, ca := tlsCentral(t, "127.0.0.1")
	server := "https://" + addr
	ctx := context.Background()
	dir := t.TempDir()
	if _, err := Login(ctx, dir, server, "demo", "demo"); !errors.Is(err, client.ErrCertificate) {
		t.Fatalf("login without ca_file: err = %v, want a certificate error", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "istituto.pem"), ca.CertPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	writeCAConfig(t, dir, "istituto.pem")
	if _, err := Login(ctx, dir, server, "demo", "demo"); err != nil {
		t.Fatalf("login with ca_file: %v", err)
	}
	t.Cleanup(func() { forget(server, "demo") })
	c, err := Open(ctx, Options{DataDir: dir, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatalf("sync with ca_file: %v", err)
	}
}

// TestExplainProxy: each way a proxy fails has its Italian words, naming
// the proxy.
func TestExplainProxy(t *testing.T) {
	const p = "http://proxy.ufficio.example:3128"
	for status, want := range map[int]string{
		0:                             "Il proxy " + p + " non risponde",
		http.StatusProxyAuthRequired:  "Il proxy " + p + " chiede credenziali",
		http.StatusForbidden:          "Il proxy " + p + " ha rifiutato il collegamento al server centrale (HTTP 403)",
		http.StatusBadGateway:         "Il proxy " + p + " non riesce a raggiungere il server centrale (HTTP 502)",
		http.StatusServiceUnavailable: "Il proxy " + p + " non riesce a raggiungere il server centrale (HTTP 503)",
	} {
		err := fmt.Errorf("sync: %w", &client.ProxyError{Proxy: p, Status: status, Err: errors.New("connection refused")})
		if got := Explain(err); !strings.HasPrefix(got, want) {
			t.Errorf("status %d: %q, want %q…", status, got, want)
		}
	}
}

// TestCAFileWithAPrivateKeyIsRefused: a ca_file that carries a private
// key beside the certificate (the authority's own, exported by mistake
// with it) is refused with an Italian message naming the file, not
// quietly used with the key skipped: whoever holds an authority's key
// can impersonate every server of the institute, and IT must hear of it.
func TestCAFileWithAPrivateKeyIsRefused(t *testing.T) {
	ca, err := nettest.NewAuthority("CA di prova dell'istituto", monday)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, keyType := range []string{"PRIVATE KEY", "EC PRIVATE KEY", "RSA PRIVATE KEY", "ENCRYPTED PRIVATE KEY"} {
		file := filepath.Join(dir, "con-chiave.pem")
		key := pem.EncodeToMemory(&pem.Block{Type: keyType, Bytes: []byte("not a real key, only its PEM wrapper")})
		if err := os.WriteFile(file, append(append([]byte{}, ca.CertPEM...), key...), 0o600); err != nil {
			t.Fatal(err)
		}
		pool, err := rootCAs(file, dir, "linux")
		if pool != nil || !errors.Is(err, ErrCAFile) {
			t.Errorf("%s: pool %v, err %v; want a CAFileError", keyType, pool != nil, err)
			continue
		}
		if msg := Explain(err); !strings.Contains(msg, "chiave privata") || !strings.Contains(msg, file) {
			t.Errorf("%s: %q, want it to name the file and the private key", keyType, msg)
		}
	}
	// The certificate alone is fine.
	file := filepath.Join(dir, "istituto.pem")
	if err := os.WriteFile(file, ca.CertPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	if pool, err := rootCAs(file, dir, "linux"); pool == nil || err != nil {
		t.Errorf("the certificate alone: %v", err)
	}
}

// TestDiagnoseBesideABusyFolder: a sync of the console stuck on the network
// holds the data folder (its work lock); the diagnosis, wanted just then,
// says the mirror is busy after a short wait and still reports, instead
// of waiting FolderWait (two minutes) for the folder.
func TestDiagnoseBesideABusyFolder(t *testing.T) {
	noProxyEnv(t)
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	release, err := lockFolder(ctx, filepath.Dir(sandboxCache(dir, SandboxOperator)), workLock, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	d := Diagnose(ctx, Options{DataDir: dir, Now: func() time.Time { return monday }})
	if st := d.Step(StepMirror); !errors.Is(st.Err, ErrFolderBusy) {
		t.Errorf("mirror step beside a busy folder: %v, want ErrFolderBusy (within the minute)", st.Err)
	}
	if d.Version != Version || d.OS == "" {
		t.Errorf("the diagnosis of a busy folder lacks the version or the system: %+v", d)
	}
}

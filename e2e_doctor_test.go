package main

import (
	"bytes"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"sportello/app"
	"sportello/client/nettest"
)

// TestCLIDoctor: `sportello doctor` prints the diagnosis and exits 0 when
// every step passes (the embedded sandbox; a standalone sandbox after a
// login), 1 when one fails (a server that is down), in Italian, with no
// operator, token or citizen in what it prints.
func TestCLIDoctor(t *testing.T) {
	clean := []string{"HTTPS_PROXY=", "https_proxy=", "HTTP_PROXY=", "http_proxy=", "NO_PROXY=", "no_proxy="}
	r := sportello(t, "", clean, "doctor", "--data-dir", filepath.Join(t.TempDir(), "data"))
	if r.code != 0 {
		t.Fatalf("embedded sandbox: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{"Server: sandbox integrata su questo computer (http://127.0.0.1:", "Proxy: nessuno",
		"Risposta del server centrale: riuscito", "Esito: tutto funziona."} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("embedded sandbox: the report lacks %q:\n%s", want, r.stdout)
		}
	}

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + l.Addr().String()
	l.Close()
	r = sportello(t, "", clean, "doctor", "--server", dead, "--data-dir", filepath.Join(t.TempDir(), "data"))
	if r.code != 1 {
		t.Errorf("dead server: exit %d, want 1", r.code)
	}
	for _, want := range []string{"Server: " + dead, "Connessione TCP: non riuscito: Server centrale non raggiungibile", "Esito: qualcosa non funziona"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("dead server: the report lacks %q:\n%s", want, r.stdout)
		}
	}

	requireEnv(t, "Secret Service", app.KeyringAvailable())
	url := startSandbox(t)
	data := filepath.Join(t.TempDir(), "data")
	loginAndSync(t, nil, url, data)
	r = sportello(t, "", clean, "doctor", "--data-dir", data)
	if r.code != 0 || !strings.Contains(r.stdout, "Server: "+url) || strings.Contains(r.stdout, "Ultima sincronizzazione: mai") {
		t.Errorf("logged in: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	for _, secret := range []string{"demo", "Anna", "Lombardi"} {
		if strings.Contains(r.stdout, secret) {
			t.Errorf("the report shows %q:\n%s", secret, r.stdout)
		}
	}
}

// TestCLIThroughTheProxy: the commands reach a central that only the
// office's proxy can resolve, over https with the institute's CA given in
// ca_file: login, sync and doctor go through the proxy as CONNECT
// tunnels, and the proxy never reads the session in clear. Without
// ca_file the same login is refused for the certificate.
func TestCLIThroughTheProxy(t *testing.T) {
	requireEnv(t, "Secret Service", app.KeyringAvailable())
	const name = "central.sportello.test"
	ca, err := nettest.NewAuthority("CA di prova dell'istituto", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile, err := ca.IssueFiles(t.TempDir(), time.Now().Add(24*time.Hour), name)
	if err != nil {
		t.Fatal(err)
	}
	sb := startSandbox(t, "--tls-cert", certFile, "--tls-key", keyFile)
	addr := strings.TrimPrefix(sb, "https://")
	_, port, _ := strings.Cut(addr, ":")
	proxy := nettest.NewProxy(map[string]string{name + ":" + port: addr})
	t.Cleanup(proxy.Close)
	server := "https://" + name + ":" + port
	env := []string{"HTTPS_PROXY=" + proxy.URL, "https_proxy=", "HTTP_PROXY=", "http_proxy=", "NO_PROXY=", "no_proxy="}

	data := filepath.Join(t.TempDir(), "data")
	r := sportello(t, "demo\n", env, "login", "--server", server, "--operator", "demo", "--data-dir", data)
	if r.code == 0 || !strings.Contains(r.stderr, "Certificato del server non valido") {
		t.Errorf("login without ca_file: exit %d, %q", r.code, r.stderr)
	}
	if err := os.MkdirAll(data, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(data, "istituto.pem"), ca.CertPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := app.SaveConfig(data, app.Config{CAFile: "istituto.pem"}); err != nil {
		t.Fatal(err)
	}
	loginAndSync(t, env, server, data)
	r = sportello(t, "", env, "doctor", "--data-dir", data)
	if r.code != 0 || !strings.Contains(r.stdout, "Proxy: "+proxy.URL) || !strings.Contains(r.stdout, "emesso da «CN=CA di prova dell'istituto") {
		t.Errorf("doctor through the proxy: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	for _, req := range proxy.Requests() {
		if req != "CONNECT "+name+":"+port {
			t.Errorf("the proxy saw %q, want only tunnels to central", req)
		}
	}
	if n := len(proxy.Requests()); n < 3 {
		t.Errorf("the proxy saw %d requests, want login, sync and doctor at least", n)
	}
	token, err := keyring.Get("Sportello", "token:demo@"+server)
	if err != nil {
		t.Fatal(err)
	}
	if seen := proxy.Tunnelled(); bytes.Contains(seen, []byte(token)) || bytes.Contains(seen, []byte("Bearer ")) {
		t.Error("the proxy read the session in clear")
	}

	// A proxy that asks for credentials: the commands name it, and fail.
	proxy.Refuse = http.StatusProxyAuthRequired
	if r := sportello(t, "", env, "sync", "--once", "--data-dir", data); r.code == 0 || !strings.Contains(r.stderr, "Il proxy "+proxy.URL+" chiede credenziali") {
		t.Errorf("sync behind a refusing proxy: exit %d, %q", r.code, r.stderr)
	}
	if r := sportello(t, "", env, "doctor", "--data-dir", data); r.code != 1 || !strings.Contains(r.stdout, "Il proxy "+proxy.URL+" chiede credenziali") {
		t.Errorf("doctor behind a refusing proxy: exit %d\n%s", r.code, r.stdout)
	}
}

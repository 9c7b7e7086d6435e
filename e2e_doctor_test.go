package main

import (
	"net"
	"path/filepath"
	"strings"
	"testing"

	"sportello/app"
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
	if r := sportello(t, "demo\n", nil, "login", "--server", url, "--operator", "demo", "--data-dir", data); r.code != 0 {
		t.Fatalf("login: exit %d, %s", r.code, r.stderr)
	}
	t.Cleanup(func() { forgetSession(url, "demo") })
	if r := sportello(t, "", nil, "sync", "--once", "--data-dir", data); r.code != 0 {
		t.Fatalf("sync: exit %d, %s", r.code, r.stderr)
	}
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

package main

import (
	bin "encoding/binary"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"sportello/client/nettest"
)

// connectionSettings is Internet Options' proxy setting as Windows keeps
// it (Internet Settings\Connections, DefaultConnectionSettings), which is
// what WinHTTP reads (Wine's too): flags 2 = a fixed proxy, 4 = a PAC
// script, then the proxy, its exceptions and the script's address.
func connectionSettings(flags uint32, proxy, bypass, pac string) string { // flags: 2 fixed, 4 PAC
	var b []byte
	b = bin.LittleEndian.AppendUint32(b, 0x46)
	b = bin.LittleEndian.AppendUint32(b, 0)
	b = bin.LittleEndian.AppendUint32(b, flags|1)
	for _, s := range []string{proxy, bypass, pac} {
		b = bin.LittleEndian.AppendUint32(b, uint32(len(s)))
		b = append(b, s...)
	}
	return hex.EncodeToString(append(b, make([]byte, 32)...))
}

// TestWindowsProxyUnderWine: the Windows build takes the proxy from the
// system's settings (a fixed proxy with its exceptions, a PAC script),
// HTTPS_PROXY overrides them and NO_PROXY still goes direct; seen with
// `Sportello.exe doctor` under Wine, through a real forward proxy. Central
// here has a certificate of a test authority that Wine's store does not
// hold: the TLS step fails on it, after the proxy opened the tunnel.
// Needs SPORTELLO_WINE_EXE and a prefix made by scripts/wine/prefix.sh
// (SPORTELLO_WINE_PREFIX names one; else one is made when the script is
// there).
func TestWindowsProxyUnderWine(t *testing.T) {
	exe := os.Getenv("SPORTELLO_WINE_EXE")
	if exe == "" {
		t.Skip("SPORTELLO_WINE_EXE is not set")
	}
	exe, err := filepath.Abs(exe)
	if err != nil {
		t.Fatal(err)
	}
	_, err = exec.LookPath("wine")
	requireEnv(t, "wine", err)
	prefix := os.Getenv("SPORTELLO_WINE_PREFIX")
	// No proxy variable of this machine: Windows' names are not case
	// sensitive, and an empty no_proxy would hide a test's NO_PROXY.
	var env []string
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); !strings.HasSuffix(strings.ToLower(k), "_proxy") {
			env = append(env, kv)
		}
	}
	env = append(env, "WINEARCH=win64", "WINEDEBUG=-all", "DISPLAY=")
	if prefix == "" {
		if _, err := os.Stat("scripts/wine/prefix.sh"); err != nil {
			t.Skip("no Wine prefix: set SPORTELLO_WINE_PREFIX")
		}
		prefix = t.TempDir()
		prep := exec.Command("scripts/wine/prefix.sh")
		prep.Env = append(env, "WINEPREFIX="+prefix)
		if out, err := prep.CombinedOutput(); err != nil {
			t.Fatalf("wine prefix: %v\n%s", err, out)
		}
	}
	env = append(env, "WINEPREFIX="+prefix)
	t.Cleanup(func() {
		k := exec.Command("wineserver", "-k")
		k.Env = env
		_ = k.Run()
	})
	wine := func(extra []string, args ...string) (string, int) {
		t.Helper()
		cmd := exec.Command("wine", args...)
		cmd.Env = append(append([]string{}, env...), extra...)
		// A file, not a pipe: Wine's own processes inherit it and outlive
		// the command.
		out, err := os.CreateTemp(t.TempDir(), "wine-out")
		if err != nil {
			t.Fatal(err)
		}
		defer out.Close()
		cmd.Stdout, cmd.Stderr = out, out
		code := 0
		if err := cmd.Run(); err != nil {
			ee, ok := err.(*exec.ExitError)
			if !ok {
				t.Fatal(err)
			}
			code = ee.ExitCode()
		}
		b, _ := os.ReadFile(out.Name())
		return string(b), code
	}
	const name = "central.sportello.test"
	addr, _ := nettest.ServeTLS(t, http.NotFoundHandler(), name)
	proxy := nettest.NewProxy(map[string]string{name + ":443": addr})
	t.Cleanup(proxy.Close)
	proxyAddr := strings.TrimPrefix(proxy.URL, "http://")
	pac := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-ns-proxy-autoconfig")
		fmt.Fprintf(w, `function FindProxyForURL(url, host) { return host == %q ? "PROXY %s" : "DIRECT"; }`, name, proxyAddr)
	}))
	t.Cleanup(pac.Close)

	// Internet Options as Windows keeps them: the binary setting WinHTTP
	// reads, and the values beside it that go-ieproxy reads when WinHTTP
	// gives no fixed proxy.
	type options struct{ fixed, bypass, pac string }
	set := func(o options) {
		t.Helper()
		const key = `HKCU\Software\Microsoft\Windows\CurrentVersion\Internet Settings`
		flags, enable := uint32(0), "0"
		if o.fixed != "" {
			flags, enable = flags|2, "1"
		}
		if o.pac != "" {
			flags |= 4
		}
		for _, v := range [][]string{
			{key + `\Connections`, "DefaultConnectionSettings", "REG_BINARY", connectionSettings(flags, o.fixed, o.bypass, o.pac)},
			{key, "ProxyEnable", "REG_DWORD", enable},
			{key, "ProxyServer", "REG_SZ", o.fixed},
			{key, "ProxyOverride", "REG_SZ", o.bypass},
			{key, "AutoConfigURL", "REG_SZ", o.pac},
		} {
			if out, code := wine(nil, "reg", "add", v[0], "/v", v[1], "/t", v[2], "/d", v[3], "/f"); code != 0 {
				t.Fatalf("reg add %s: %s", v[1], out)
			}
		}
	}
	cases := []struct {
		name     string
		settings options
		env      []string
		proxy    string // the proxy the diagnosis names; "" = none
	}{
		{"fixed proxy of Internet Options", options{fixed: proxyAddr, bypass: "intranet.inps;<local>"}, nil, proxy.URL},
		{"HTTPS_PROXY wins over the system", options{fixed: proxyAddr}, []string{"HTTPS_PROXY=http://127.0.0.1:1"}, "http://127.0.0.1:1"},
		{"NO_PROXY goes direct", options{fixed: proxyAddr}, []string{"NO_PROXY=" + name}, ""},
		{"an exception of Internet Options", options{fixed: proxyAddr, bypass: "*.sportello.test;<local>"}, nil, ""},
		{"PAC script", options{pac: pac.URL + "/proxy.pac"}, nil, proxy.URL},
		{"no proxy at all", options{}, nil, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			set(tc.settings)
			before := len(proxy.Requests())
			out, code := wine(tc.env, exe, "doctor", "--server", "https://"+name, "--data-dir", `C:\users\Public\proxy-doctor`)
			want := "Proxy: " + tc.proxy
			if tc.proxy == "" {
				want = "Proxy: nessuno"
			}
			if code != 1 || !strings.Contains(out, want) || !strings.Contains(out, "Sistema: windows/amd64") {
				t.Fatalf("exit %d, want 1 and %q:\n%s", code, want, out)
			}
			tunnels := len(proxy.Requests()) - before
			if tc.proxy == proxy.URL {
				if tunnels != 1 || !strings.Contains(out, "Handshake TLS: non riuscito: Certificato del server non valido") {
					t.Errorf("%d tunnels through the proxy, want 1 and the TLS step refused for the certificate:\n%s", tunnels, out)
				}
			} else if tunnels != 0 {
				t.Errorf("%d tunnels through the system's proxy, want none", tunnels)
			}
		})
	}
}

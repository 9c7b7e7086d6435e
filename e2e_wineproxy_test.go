package main

import (
	bin "encoding/binary"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
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
func TestWindowsProxyUnderWine(t *testing.T) {
	w := openWine(t)
	exe := w.exe
	wine := func(extra []string, args ...string) (string, int) {
		t.Helper()
		r := w.command(extra, args...)
		return r.stdout + r.stderr, r.code
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

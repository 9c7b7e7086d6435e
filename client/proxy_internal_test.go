package client

import (
	"net/http"
	"net/url"
	"testing"

	"golang.org/x/net/http/httpproxy"
)

// TestProxyPrecedence: the variables first, on every OS; then, on Windows
// only, the system's settings, with NO_PROXY still sending its hosts
// direct; loopback never through a proxy. The system's settings are a
// stand-in here: Windows' Internet Options and WinHTTP cannot run on
// Linux (go-ieproxy itself runs only in the Windows build).
func TestProxyPrecedence(t *testing.T) {
	asked := 0
	system := func() func(*http.Request) (*url.URL, error) {
		return func(r *http.Request) (*url.URL, error) {
			asked++
			return &url.URL{Host: "pac.ufficio.example:8080"}, nil // as a PAC script answers
		}
	}
	central := &url.URL{Scheme: "https", Host: "central.inps.example"}
	cases := []struct {
		name string
		env  httpproxy.Config
		goos string
		want string
	}{
		{"linux, no variables", httpproxy.Config{}, "linux", ""},
		{"darwin, no variables: the variables only", httpproxy.Config{}, "darwin", ""},
		{"linux, HTTPS_PROXY", httpproxy.Config{HTTPSProxy: "http://env.example:3128"}, "linux", "http://env.example:3128"},
		{"windows, no variables: the system's", httpproxy.Config{}, "windows", "http://pac.ufficio.example:8080"},
		{"windows, HTTPS_PROXY wins over the system", httpproxy.Config{HTTPSProxy: "http://env.example:3128"}, "windows", "http://env.example:3128"},
		{"windows, HTTP_PROXY alone: https goes direct", httpproxy.Config{HTTPProxy: "http://env.example:3128"}, "windows", ""},
		{"windows, NO_PROXY names central", httpproxy.Config{NoProxy: "inps.example"}, "windows", ""},
		{"windows, NO_PROXY names another host", httpproxy.Config{NoProxy: "intranet.example"}, "windows", "http://pac.ufficio.example:8080"},
		{"linux, NO_PROXY names central", httpproxy.Config{HTTPSProxy: "http://env.example:3128", NoProxy: ".inps.example"}, "linux", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			choose := chooseProxy(&tc.env, tc.goos, system)
			p, err := choose(central)
			if err != nil {
				t.Fatal(err)
			}
			if got := proxyName(p); got != tc.want {
				t.Errorf("proxy = %q, want %q", got, tc.want)
			}
			// The embedded sandbox, on loopback, never goes through one.
			if p, _ := choose(&url.URL{Scheme: "http", Host: "127.0.0.1:8080"}); p != nil {
				t.Errorf("loopback through %v", p)
			}
		})
	}
	// The system's choice (a PAC script's run) is asked once per origin,
	// not at every request.
	asked = 0
	choose := chooseProxy(&httpproxy.Config{}, "windows", system)
	for range 5 {
		if _, err := choose(central); err != nil {
			t.Fatal(err)
		}
	}
	if asked != 1 {
		t.Errorf("system asked %d times for one origin, want 1", asked)
	}
}

// TestProxyNameHidesCredentials: a proxy URL with credentials is named
// without them.
func TestProxyNameHidesCredentials(t *testing.T) {
	u, _ := url.Parse("http://mario.rossi:segreto@proxy.ufficio.example:3128")
	if got := proxyName(u); got != "http://proxy.ufficio.example:3128" {
		t.Errorf("proxyName = %q", got)
	}
}

// TestSystemProxyIsAskedForTheOriginOnly: the system's choice (a PAC
// script, perhaps fetched by WPAD from whoever answers on the network) is
// asked with central's origin only: the path and the query of a request
// may carry a codice fiscale, and userinfo a password. The answer is kept
// per origin anyway, so the rest could not change it.
func TestSystemProxyIsAskedForTheOriginOnly(t *testing.T) {
	var asked []string
	system := func() func(*http.Request) (*url.URL, error) {
		return func(r *http.Request) (*url.URL, error) {
			asked = append(asked, r.URL.String())
			return &url.URL{Host: "pac.ufficio.example:8080"}, nil
		}
	}
	choose := chooseProxy(&httpproxy.Config{}, "windows", system)
	u, _ := url.Parse("https://mario:segreto@central.inps.example/v1/citizens/RSSMRA80A01H501U?etag=x#f")
	if _, err := choose(u); err != nil {
		t.Fatal(err)
	}
	if len(asked) != 1 || asked[0] != "https://central.inps.example/" {
		t.Errorf("the system was asked for %q, want only https://central.inps.example/", asked)
	}
}

// TestLoopbackNeverThroughAProxy: any spelling of loopback the client
// accepts for plain http (client.Loopback: "LOCALHOST" too) goes direct,
// whatever the variables say; httpproxy itself skips only the lower-case
// "localhost", and a request sent to the proxy in plain http would carry
// the password and the tokens in clear.
func TestLoopbackNeverThroughAProxy(t *testing.T) {
	env := &httpproxy.Config{HTTPProxy: "http://proxy.ufficio.example:3128", HTTPSProxy: "http://proxy.ufficio.example:3128"}
	for _, goos := range []string{"linux", "windows"} {
		choose := chooseProxy(env, goos, nil)
		for _, raw := range []string{"http://LOCALHOST:8080", "http://LocalHost:8080", "http://localhost:8080", "http://127.0.0.1:8080", "http://[::1]:8080"} {
			u, _ := url.Parse(raw)
			if !Loopback(u.Hostname()) {
				t.Fatalf("%s: not loopback for the client", raw)
			}
			if p, err := choose(u); err != nil || p != nil {
				t.Errorf("%s on %s: through %v (%v), want direct", raw, goos, p, err)
			}
		}
	}
}

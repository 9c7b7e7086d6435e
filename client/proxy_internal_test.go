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

package client

import (
	"net/http"
	"net/url"

	"github.com/mattn/go-ieproxy"
)

// systemProxy is Windows' own proxy choice (Internet Options, PAC/WPAD,
// WinHTTP's default), read by go-ieproxy once per process. Its function
// defers to HTTP(S)_PROXY itself; SystemProxy asks it only when they are
// unset.
var systemProxy = func() func(*http.Request) (*url.URL, error) { return ieproxy.GetProxyFunc() }

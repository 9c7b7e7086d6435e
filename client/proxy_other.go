//go:build !windows

package client

import (
	"net/http"
	"net/url"
)

// systemProxy is nil off Windows: on Linux and macOS the proxy comes from
// the HTTP(S)_PROXY variables only (see SystemProxy).
var systemProxy func() func(*http.Request) (*url.URL, error)

package sandbox

import (
	"crypto/rand"
	"crypto/subtle"
	"net"
	"net/http"
)

// ControlHeader carries the control token on a request to /_sandbox/* from
// another computer.
const ControlHeader = "X-Sandbox-Control"

// newControlToken makes the random token of a sandbox's control endpoints.
func newControlToken() string { return rand.Text() }

// ControlToken is the secret that opens the control endpoints (/_sandbox/*:
// faults, inspect) to a client that is not on loopback, sent in the
// ControlHeader header. It is random, made when the sandbox starts.
func (s *Sandbox) ControlToken() string { return s.control }

// controlAllowed says whether r may reach the control endpoints: from
// loopback, or with the control token. They switch faults and hand out
// every live token, so they are no door for the network.
func (s *Sandbox) controlAllowed(r *http.Request) bool {
	if IsLoopbackAddr(r.RemoteAddr) {
		return true
	}
	got := r.Header.Get(ControlHeader)
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(s.control)) == 1
}

// IsLoopbackAddr says whether hostport (an address as net.Listen takes it,
// or a request's RemoteAddr) is on loopback: a loopback IP, or the name
// localhost. An empty host (every interface) or any other name is not.
func IsLoopbackAddr(hostport string) bool {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = hostport
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

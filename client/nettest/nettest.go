// Package nettest holds the real network peers that tests put between the
// client and a sandbox: an office's forward proxy and a certificate
// authority of the institute's kind. Tests only: nothing in the console
// imports it.
package nettest

import (
	"bufio"
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Authority is a throw-away certificate authority, like an institute's own.
type Authority struct {
	CertPEM []byte // the authority's certificate, PEM: what ca_file names
	cert    *x509.Certificate
	key     *ecdsa.PrivateKey
}

// NewAuthority makes an authority named cn, valid around now.
func NewAuthority(cn string, now time.Time) (*Authority, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("authority key: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: cn, Organization: []string{"Sportello test"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(365 * 24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, fmt.Errorf("authority certificate: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("authority certificate: %w", err)
	}
	return &Authority{CertPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), cert: cert, key: key}, nil
}

// Issue makes a server certificate for hosts (names or IP addresses),
// signed by the authority, valid until notAfter.
func (a *Authority) Issue(notAfter time.Time, hosts ...string) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("server key: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2),
		Subject:      pkix.Name{CommonName: hosts[0]},
		NotBefore:    a.cert.NotBefore,
		NotAfter:     notAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, a.cert, &key.PublicKey, a.key)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("server certificate: %w", err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}

// IssueFiles is Issue, written as PEM files in dir (for `sportello
// sandbox --tls-cert --tls-key`).
func (a *Authority) IssueFiles(dir string, notAfter time.Time, hosts ...string) (certFile, keyFile string, err error) {
	c, err := a.Issue(notAfter, hosts...)
	if err != nil {
		return "", "", err
	}
	kder, err := x509.MarshalECPrivateKey(c.PrivateKey.(*ecdsa.PrivateKey))
	if err != nil {
		return "", "", fmt.Errorf("server key: %w", err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Certificate[0]}), 0o600); err != nil {
		return "", "", fmt.Errorf("write certificate: %w", err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600); err != nil {
		return "", "", fmt.Errorf("write key: %w", err)
	}
	return certFile, keyFile, nil
}

// ServeTLS serves h over real loopback https, with a certificate for
// hosts from an authority of its own, until the test ends; it returns the
// listening address and the authority.
func ServeTLS(t testing.TB, h http.Handler, hosts ...string) (addr string, ca *Authority) {
	t.Helper()
	ca, err := NewAuthority("CA di prova dell'istituto", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	cert, err := ca.Issue(time.Now().Add(24*time.Hour), hosts...)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv.Listener.Addr().String(), ca
}

// Pool is a pool that trusts the authority only.
func (a *Authority) Pool() *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(a.cert)
	return p
}

// Proxy is an office's forward proxy on loopback: it opens CONNECT
// tunnels and forwards plain GETs, resolving the names it is given in
// Hosts itself (as a proxy resolves central's name for the office, which
// may not resolve it at all). It records what it saw.
type Proxy struct {
	*httptest.Server
	// Hosts maps a host:port asked of the proxy to the address it dials.
	Hosts map[string]string
	// Refuse, if not zero, is the status every request gets (407 asks
	// for credentials).
	Refuse int

	mu       sync.Mutex
	requests []string // "CONNECT host:port" or "GET http://…"
	tunnel   bytes.Buffer
}

// NewProxy starts a forward proxy on a loopback port.
func NewProxy(hosts map[string]string) *Proxy {
	p := &Proxy{Hosts: hosts}
	p.Server = httptest.NewServer(http.HandlerFunc(p.serve))
	return p
}

// Requests returns what the proxy was asked, in order.
func (p *Proxy) Requests() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.requests...)
}

// Tunnelled returns every byte the proxy carried through its tunnels,
// both ways: what someone on the proxy could read.
func (p *Proxy) Tunnelled() []byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	return bytes.Clone(p.tunnel.Bytes())
}

func (p *Proxy) target(hostport string) string {
	if a, ok := p.Hosts[hostport]; ok {
		return a
	}
	return hostport
}

func (p *Proxy) serve(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	if r.Method == http.MethodConnect {
		p.requests = append(p.requests, "CONNECT "+r.Host)
	} else {
		p.requests = append(p.requests, r.Method+" "+r.URL.String())
	}
	p.mu.Unlock()
	if p.Refuse != 0 {
		if p.Refuse == http.StatusProxyAuthRequired {
			w.Header().Set("Proxy-Authenticate", `Basic realm="ufficio"`)
		}
		http.Error(w, http.StatusText(p.Refuse), p.Refuse)
		return
	}
	if r.Method != http.MethodConnect {
		p.forward(w, r)
		return
	}
	up, err := net.DialTimeout("tcp", p.target(r.Host), 5*time.Second)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	hj, ok := w.(http.Hijacker)
	if !ok {
		up.Close()
		http.Error(w, "no hijack", http.StatusInternalServerError)
		return
	}
	down, rw, err := hj.Hijack()
	if err != nil {
		up.Close()
		return
	}
	if _, err := down.Write([]byte("HTTP/1.1 200 Connection established\r\n\r\n")); err != nil {
		up.Close()
		down.Close()
		return
	}
	var wg sync.WaitGroup
	wg.Add(2)
	pipe := func(dst net.Conn, src io.Reader) {
		defer wg.Done()
		_, _ = io.Copy(io.MultiWriter(dst, p.record()), src)
		if tc, ok := dst.(*net.TCPConn); ok {
			_ = tc.CloseWrite()
		}
	}
	go pipe(up, bufio.NewReader(io.MultiReader(rw.Reader, down)))
	go pipe(down, up)
	wg.Wait()
	up.Close()
	down.Close()
}

// record is a writer into the tunnel's transcript.
func (p *Proxy) record() io.Writer {
	return writerFunc(func(b []byte) (int, error) {
		p.mu.Lock()
		defer p.mu.Unlock()
		return p.tunnel.Write(b)
	})
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(b []byte) (int, error) { return f(b) }

// forward passes a plain request on (what a proxy does for http://).
func (p *Proxy) forward(w http.ResponseWriter, r *http.Request) {
	out := r.Clone(r.Context())
	out.RequestURI = ""
	out.URL.Host = p.target(r.URL.Host)
	out.Header.Del("Proxy-Authorization")
	out.Header.Del("Proxy-Connection")
	res, err := direct.RoundTrip(out)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer res.Body.Close()
	for k, v := range res.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(res.StatusCode)
	_, _ = io.Copy(w, res.Body)
}

// direct is the proxy's own way out: no proxy (the test's HTTP_PROXY
// names this one).
var direct = &http.Transport{}

// Closed is the address of a port nobody listens on: a proxy that is down.
func Closed() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("find a free port: %w", err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr, nil
}

// HasPrefix reports whether any of lines starts with prefix.
func HasPrefix(lines []string, prefix string) bool {
	for _, l := range lines {
		if strings.HasPrefix(l, prefix) {
			return true
		}
	}
	return false
}

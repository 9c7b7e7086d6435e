package app

import (
	"cmp"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http/httptrace"
	"net/url"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"

	"sportello/assets/i18n"
	"sportello/client"
	"sportello/model"
)

// The steps of a connection diagnosis, in order.
const (
	StepResolve = "resolve" // the name of the host the console connects to (central, or the proxy)
	StepConnect = "connect" // a TCP connection to it
	StepTLS     = "tls"     // the TLS handshake with central (through the proxy's tunnel, if any)
	StepCentral = "central" // a round trip to central's API
	StepMirror  = "mirror"  // the local mirror (last sync, outbox)
)

// stepTimeout bounds each network step of a diagnosis.
const stepTimeout = 10 * time.Second

// Step is one check of a diagnosis: done or not, how it went, how long
// it took.
type Step struct {
	Name    string        // StepResolve, …
	Skipped bool          // not tried: an earlier step it needs failed, or it does not apply
	Err     error         // why it failed; nil when it passed (or was skipped)
	Took    time.Duration // how long it took
	// Facts of a step that passed: the host and its addresses (resolve),
	// the address reached (connect).
	Host  string
	Addrs []string
}

// OK reports whether the step passed (a skipped step did not fail).
func (s Step) OK() bool { return s.Err == nil }

// Certificate is what the diagnosis tells of central's certificate.
type Certificate struct {
	Subject, Issuer string
	NotAfter        time.Time
}

// Outbox counts the operator's work that central has not got.
type Outbox struct {
	Waiting   int // actions ready to be sent
	Held      int // actions in their undo window
	Conflicts int // actions central refused, waiting for the operator
	Audit     int // audit records not yet sent
}

// Diagnosis is what the connection diagnosis found: the facts support
// asks for. It holds no personal data: no operator, no citizen, no token.
type Diagnosis struct {
	At      time.Time
	Server  string // central's address (scheme://host:port)
	Sandbox bool   // the embedded sandbox, on this computer
	Proxy   string // scheme://host:port of the proxy; "" = none
	Steps   []Step
	TLS     string // version of the TLS connection ("TLS 1.3"); "" = none
	Cert    *Certificate
	// LastSync is when data last came from central; zero = never (or the
	// mirror could not be read: see the mirror step).
	LastSync time.Time
	Outbox   Outbox
	Version  string // the console's
	OS       string // GOOS/GOARCH
}

// OK reports whether every step passed.
func (d Diagnosis) OK() bool {
	for _, s := range d.Steps {
		if !s.OK() {
			return false
		}
	}
	return true
}

// Step returns the step named name.
func (d Diagnosis) Step(name string) Step {
	for _, s := range d.Steps {
		if s.Name == name {
			return s
		}
	}
	return Step{Name: name, Skipped: true}
}

// Diagnose checks the way to central of the console as it runs: the
// same proxy and trust, a new connection. It keeps going after a failed
// step wherever the next one can still tell something.
func (c *Console) Diagnose(ctx context.Context) Diagnosis {
	d := diagnoseNetwork(ctx, c.dataDir, c.server, c.sandbox, c.now())
	d.Steps = append(d.Steps, c.mirrorFacts(ctx, &d))
	return d
}

// Diagnose is Console.Diagnose for a command line, before any console:
// it opens the mirror of dataDir beside a console that may be running,
// or says why it could not and checks the network all the same.
// diagnoseFolderWait is how long the diagnosis waits for the data folder.
const diagnoseFolderWait = 5 * time.Second

func Diagnose(ctx context.Context, opts Options) Diagnosis {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	// A sync stuck on the network holds the folder: the diagnosis says the
	// mirror is busy after a few seconds and goes on to the network.
	opts.FolderWait = cmp.Or(opts.FolderWait, diagnoseFolderWait)
	c, err := Open(ctx, opts)
	if err == nil {
		defer c.Close()
		return c.Diagnose(ctx)
	}
	server := opts.Server
	if server == "" {
		cfg, cerr := LoadConfig(opts.DataDir)
		if cerr == nil {
			server = cfg.Server
		}
	}
	var d Diagnosis
	if server == "" {
		// The embedded sandbox did not start: nothing to reach.
		d = Diagnosis{At: opts.Now(), Sandbox: true, Version: Version, OS: runtime.GOOS + "/" + runtime.GOARCH}
	} else {
		d = diagnoseNetwork(ctx, opts.DataDir, server, false, opts.Now())
	}
	d.Steps = append(d.Steps, Step{Name: StepMirror, Err: err})
	return d
}

// mirrorFacts reads the last sync and the outbox counts into d.
func (c *Console) mirrorFacts(ctx context.Context, d *Diagnosis) Step {
	st := Step{Name: StepMirror}
	start := time.Now()
	defer func() { st.Took = time.Since(start) }()
	var errs []error
	var err error
	d.LastSync, err = c.store.LastSync(ctx)
	errs = append(errs, err)
	pending, err := c.store.Pending(ctx)
	errs = append(errs, err)
	now := c.now()
	for _, a := range pending {
		if a.HoldUntil.After(now) {
			d.Outbox.Held++
		} else {
			d.Outbox.Waiting++
		}
	}
	un, err := c.store.Unsent(ctx)
	errs = append(errs, err)
	d.Outbox.Conflicts, d.Outbox.Audit = un.Conflicts, un.Audit
	st.Err = errors.Join(errs...)
	st.Took = time.Since(start)
	return st
}

// diagnoseNetwork checks the way to the server at server, with the proxy
// and the trust of the configuration in dataDir.
func diagnoseNetwork(ctx context.Context, dataDir, server string, sandbox bool, now time.Time) Diagnosis {
	d := Diagnosis{At: now, Server: origin(server), Sandbox: sandbox, Version: Version, OS: runtime.GOOS + "/" + runtime.GOARCH}
	api, err := newClient(dataDir, server, client.Config{Attempts: 1, Timeout: stepTimeout})
	if err != nil {
		// A bad address or a ca_file that cannot be used: no step can run.
		d.Steps = []Step{{Name: StepResolve, Err: err}, {Name: StepConnect, Skipped: true},
			{Name: StepTLS, Skipped: true}, {Name: StepCentral, Skipped: true}}
		return d
	}
	u, _ := url.Parse(server) // client.New checked it
	if d.Proxy, err = api.Proxy(); err != nil {
		d.Steps = append(d.Steps, Step{Name: StepResolve, Err: err})
	}
	host, port := d.dialTarget(u)
	resolve := Step{Name: StepResolve, Host: host}
	if len(d.Steps) == 0 {
		resolve = d.resolve(ctx, host)
		d.Steps = append(d.Steps, resolve)
	}
	d.Steps = append(d.Steps, d.connect(ctx, resolve.Addrs, port))
	tlsStep, central := d.ping(ctx, api, u)
	d.Steps = append(d.Steps, tlsStep, central)
	return d
}

// dialTarget is the host and port the console resolves and connects to
// for the server at u: the proxy when there is one (central's name is then
// the proxy's to resolve), else central.
func (d *Diagnosis) dialTarget(u *url.URL) (host, port string) {
	host, port = u.Hostname(), u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	if d.Proxy != "" {
		p, _ := url.Parse(d.Proxy)
		host, port = p.Hostname(), p.Port()
		if port == "" {
			port = map[string]string{"http": "80", "https": "443"}[p.Scheme]
		}
	}
	return host, port
}

// resolve is the step that looks host up.
func (d *Diagnosis) resolve(ctx context.Context, host string) Step {
	resolve := Step{Name: StepResolve, Host: host}
	sctx, cancel := context.WithTimeout(ctx, stepTimeout)
	start := time.Now()
	resolve.Addrs, resolve.Err = net.DefaultResolver.LookupHost(sctx, host)
	resolve.Took = time.Since(start)
	cancel()
	if resolve.Err != nil {
		resolve.Err = d.unreachable(resolve.Err)
	}
	return resolve
}

// connect is the step that opens a TCP connection to the first of addrs
// on port; skipped when nothing was resolved.
func (d *Diagnosis) connect(ctx context.Context, addrs []string, port string) Step {
	connect := Step{Name: StepConnect, Skipped: len(addrs) == 0}
	if !connect.Skipped {
		connect.Host = net.JoinHostPort(addrs[0], port)
		sctx, cancel := context.WithTimeout(ctx, stepTimeout)
		start := time.Now()
		conn, err := (&net.Dialer{}).DialContext(sctx, "tcp", connect.Host)
		connect.Took = time.Since(start)
		cancel()
		if err != nil {
			connect.Err = d.unreachable(err)
		} else {
			conn.Close()
		}
	}
	return connect
}

// ping sends one request to central through the client's own transport
// (its proxy, its trust) on a new connection, and returns the TLS
// handshake's and the round trip's steps as the console sees them; it
// notes the TLS version and central's certificate in d.
func (d *Diagnosis) ping(ctx context.Context, api *client.Client, u *url.URL) (tlsStep, central Step) {
	var mu sync.Mutex
	var tlsStart, tlsDone, wrote, first time.Time
	var tlsErr error
	var state *tls.ConnectionState
	trace := &httptrace.ClientTrace{
		TLSHandshakeStart: func() { mu.Lock(); tlsStart = time.Now(); mu.Unlock() },
		TLSHandshakeDone: func(cs tls.ConnectionState, err error) {
			mu.Lock()
			defer mu.Unlock()
			tlsDone, tlsErr = time.Now(), err
			if err == nil {
				state = &cs
			}
		},
		WroteRequest:         func(httptrace.WroteRequestInfo) { mu.Lock(); wrote = time.Now(); mu.Unlock() },
		GotFirstResponseByte: func() { mu.Lock(); first = time.Now(); mu.Unlock() },
	}
	pctx, cancel := context.WithTimeout(httptrace.WithClientTrace(ctx, trace), stepTimeout)
	pingErr := api.Ping(pctx)
	cancel()
	mu.Lock()
	defer mu.Unlock()
	tlsStep = Step{Name: StepTLS}
	switch {
	case u.Scheme != "https":
		tlsStep.Skipped = true // plain http, on this computer only
	case tlsStart.IsZero():
		tlsStep.Skipped = true // no connection to shake hands on
	case tlsErr != nil:
		tlsStep.Err, tlsStep.Took = pingErr, tlsDone.Sub(tlsStart)
		if tlsStep.Err == nil {
			tlsStep.Err = tlsErr
		}
	case tlsDone.IsZero():
		tlsStep.Err = pingErr // the handshake never ended
	default:
		tlsStep.Took = tlsDone.Sub(tlsStart)
		d.TLS = tls.VersionName(state.Version)
		if len(state.PeerCertificates) > 0 {
			leaf := state.PeerCertificates[0]
			d.Cert = &Certificate{Subject: certName(leaf.Subject.String(), leaf), Issuer: leaf.Issuer.String(), NotAfter: leaf.NotAfter}
		}
	}
	central = Step{Name: StepCentral, Err: pingErr}
	if tlsStep.Err != nil {
		central.Err, central.Skipped = nil, true // the TLS step says why
	} else if !wrote.IsZero() && !first.IsZero() {
		central.Took = first.Sub(wrote)
	}
	return tlsStep, central
}

// unreachable is the failure to resolve or reach the host the console
// connects to: the proxy, when there is one, else central.
func (d Diagnosis) unreachable(err error) error {
	if d.Proxy != "" {
		return &client.ProxyError{Proxy: d.Proxy, Err: err}
	}
	return fmt.Errorf("%w: %w", client.ErrOffline, err)
}

// certName is a certificate's subject, or its first name when the
// subject is empty (as a certificate may have only alternative names).
func certName(subject string, c *x509.Certificate) string {
	if subject == "" && len(c.DNSNames) > 0 {
		return c.DNSNames[0]
	}
	return subject
}

// origin is scheme://host[:port] of a server address: no path, no
// credentials.
func origin(server string) string {
	u, err := url.Parse(server)
	if err != nil || u.Host == "" {
		return server
	}
	return u.Scheme + "://" + u.Host
}

// Line is one fact of a diagnosis as people read it.
type Line struct {
	Label, Value string
	Failed       bool // a step that did not pass
}

// Lines are the facts of the diagnosis, in the language in use: what the
// console's dialog shows and the report copies. No personal data.
func (d Diagnosis) Lines() []Line {
	var out []Line
	add := func(label, value string, failed bool) { out = append(out, Line{label, value, failed}) }
	add(i18n.T("diag.at"), d.At.In(model.Rome).Format("02/01/2006 15:04:05"), false)
	server := d.Server
	if d.Sandbox {
		server = i18n.T("diag.sandbox", d.Server)
	}
	add(i18n.T("diag.server"), server, false)
	add(i18n.T("diag.proxy"), cmp.Or(d.Proxy, i18n.T("diag.none")), false)
	for _, s := range d.Steps {
		add(i18n.T("diag.step."+s.Name), d.StepText(s), !s.OK())
	}
	last := i18n.T("diag.never")
	if !d.LastSync.IsZero() {
		last = d.LastSync.In(model.Rome).Format("02/01/2006 15:04")
	}
	add(i18n.T("diag.last_sync"), last, false)
	add(i18n.T("diag.outbox"), i18n.T("diag.outbox_counts", d.Outbox.Waiting, d.Outbox.Held, d.Outbox.Conflicts, d.Outbox.Audit), false)
	add(i18n.T("diag.version"), d.Version, false)
	add(i18n.T("diag.os"), d.OS, false)
	// A path in an error (the ca_file's) may name the operator's home.
	if home, err := os.UserHomeDir(); err == nil && len(home) > 1 {
		for i := range out {
			out[i].Value = strings.ReplaceAll(out[i].Value, home, "~")
		}
	}
	return out
}

// Verdict is the diagnosis's conclusion in a sentence.
func (d Diagnosis) Verdict() string {
	if d.OK() {
		return i18n.T("diag.all_ok")
	}
	return i18n.T("diag.some_failed")
}

// Report is the diagnosis as plain text for support (see Lines).
func (d Diagnosis) Report() string {
	var b strings.Builder
	b.WriteString(i18n.T("diag.report_title") + "\n")
	for _, l := range d.Lines() {
		fmt.Fprintf(&b, "%s: %s\n", l.Label, l.Value)
	}
	b.WriteString(d.Verdict() + "\n")
	return b.String()
}

// StepText says how a step went, in the language in use.
func (d Diagnosis) StepText(s Step) string {
	switch {
	case s.Err != nil:
		return i18n.T("diag.failed", Explain(s.Err))
	case s.Skipped && s.Name == StepTLS && strings.HasPrefix(d.Server, "http:"):
		return i18n.T("diag.tls_plain")
	case s.Skipped:
		return i18n.T("diag.skipped")
	}
	took := ms(s.Took)
	switch s.Name {
	case StepResolve:
		return i18n.T("diag.resolve_ok", s.Host, strings.Join(s.Addrs, ", "), took)
	case StepConnect:
		return i18n.T("diag.connect_ok", s.Host, took)
	case StepTLS:
		if d.Cert == nil {
			return i18n.T("diag.tls_ok", d.TLS, "", "", "", took)
		}
		return i18n.T("diag.tls_ok", d.TLS, d.Cert.Subject, d.Cert.Issuer, d.Cert.NotAfter.In(model.Rome).Format("02/01/2006"), took)
	case StepCentral:
		return i18n.T("diag.central_ok", took)
	}
	return i18n.T("diag.ok")
}

// ms is a duration in milliseconds, for people.
func ms(d time.Duration) string {
	if d < time.Millisecond {
		return "<1 ms"
	}
	return fmt.Sprintf("%d ms", d.Milliseconds())
}

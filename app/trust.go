package app

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"sportello/client"
)

// ErrCAFile means the configuration's ca_file cannot be used; the error
// that wraps it is a *CAFileError, which names the file.
var ErrCAFile = errors.New("institute CA file unusable")

// CAFileError is a ca_file that cannot be used: which, and why.
type CAFileError struct {
	Path string
	Err  error
}

func (e *CAFileError) Error() string { return fmt.Sprintf("ca_file %s: %v", e.Path, e.Err) }

// Is makes errors.Is(err, ErrCAFile) true.
func (e *CAFileError) Is(target error) bool { return target == ErrCAFile }

func (e *CAFileError) Unwrap() error { return e.Err }

// The reasons of a CAFileError besides the file system's own.
var (
	errNoCertificate = errors.New("no PEM certificate in the file")
	errSystemStore   = errors.New("on this OS the institute's CA goes in the system's certificate store")
	errPrivateKey    = errors.New("the file holds a private key")
)

// rootCAs returns the authorities the client trusts for central: nil (the
// system's own, and on Windows and macOS the system's verifier, which
// reads the institute's CA from the OS store) unless the configuration
// names a ca_file. On Linux that file's PEM certificates are added to the
// system's pool, never in place of it. A ca_file that is missing,
// unreadable or holds no certificate is an error, not a silent fallback:
// without the CA every call would fail later with a certificate error
// that hides the cause. Elsewhere a ca_file is refused: there the CA
// belongs in the system's store, which every program of the computer
// shares.
func (c Config) rootCAs(dataDir string) (*x509.CertPool, error) {
	return rootCAs(c.CAFile, dataDir, runtime.GOOS)
}

func rootCAs(file, dataDir, goos string) (*x509.CertPool, error) {
	if file == "" {
		return nil, nil
	}
	if goos == "windows" || goos == "darwin" {
		return nil, &CAFileError{Path: file, Err: errSystemStore}
	}
	if !filepath.IsAbs(file) {
		file = filepath.Join(dataDir, file) // relative to the data folder
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, &CAFileError{Path: file, Err: err}
	}
	// A private key has no business there (a CA's would let anyone who
	// reads the file impersonate every server of the institute): refused,
	// so that IT sees it, rather than skipped as AppendCertsFromPEM would.
	for rest := b; ; {
		var block *pem.Block
		if block, rest = pem.Decode(rest); block == nil {
			break
		}
		if strings.Contains(block.Type, "PRIVATE KEY") {
			return nil, &CAFileError{Path: file, Err: errPrivateKey}
		}
	}
	pool, err := x509.SystemCertPool()
	if err != nil {
		// No system roots to add to: the file's CA is then the only one,
		// as Go itself would trust none.
		slog.Warn("system certificate pool unavailable; trusting ca_file only", "err", err)
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(b) {
		return nil, &CAFileError{Path: file, Err: errNoCertificate}
	}
	return pool, nil
}

// newClient is a client of central at server with the trust of the
// configuration in dataDir (see rootCAs) and the proxy of this computer.
func newClient(dataDir, server string, cc client.Config) (*client.Client, error) {
	cfg, err := LoadConfig(dataDir)
	if err != nil {
		return nil, err
	}
	if cc.RootCAs, err = cfg.rootCAs(dataDir); err != nil {
		return nil, err
	}
	cc.UserAgent = userAgent
	return client.New(server, cc)
}

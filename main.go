// Command sportello is the INPS operator console. With no subcommand it
// opens the console window (against the embedded sandbox unless a server
// was configured with `sportello login`). Subcommands:
//
//	sportello [run] [--data-dir DIR] [--server URL] [--seed N] [--lang it|en]
//	sportello login --server URL --operator ID   (password on stdin)
//	sportello sync --once
//	sportello prefetch [--days N] [--server URL]  (prepare for the field: agenda and files of N working days)
//	sportello logout [--wipe]                     (refused while work waits to be sent)
//	sportello doctor [--server URL]               (connection diagnosis for support; exit 1 when a step fails)
//	sportello sandbox --addr 127.0.0.1:PORT --seed N [--tls-cert F --tls-key F] [--latency D] [--server-errors P]
//	                  [--drops P] [--slow-body D] [--malformed P] [--expired-tokens P]
//	                  [--console-latest V] [--console-minimum V] [--console-info TEXT]
//
// The sandbox's faults and the console versions it publishes can also be
// switched at run time:
//
//	curl -X PUT -d '{"drops":0.3,"latency_ms":200}' http://127.0.0.1:PORT/_sandbox/faults
//	curl -X PUT -d '{"latest":"0.9.0","minimum":"0.8.0"}' http://127.0.0.1:PORT/_sandbox/versions
package main

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"time"

	"sportello/app"
	"sportello/assets/i18n"
	"sportello/client/sandbox"
	"sportello/ui"
)

// started is when the process began: the console logs how long the first
// agenda took to show.
var started = time.Now()

// clock is the time of the console, the commands and the standalone
// sandbox: the wall clock, or the one a test set (see testClock).
var clock = time.Now

// testClock reads SPORTELLO_TEST_CLOCK, a time in RFC 3339 that only tests
// set: the clock starts there and runs on, in the console, the commands
// and the standalone sandbox alike, so a test sees the same agenda at any
// hour of any day. Unset, it is the wall clock.
func testClock() (func() time.Time, error) {
	v := os.Getenv("SPORTELLO_TEST_CLOCK")
	if v == "" {
		return time.Now, nil
	}
	at, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return nil, fmt.Errorf("SPORTELLO_TEST_CLOCK: %w", err)
	}
	began := time.Now()
	return func() time.Time { return at.Add(time.Since(began)) }, nil
}

func main() {
	logTo(os.Stderr)
	if err := i18n.FromEnv(); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes one command line and returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := "run"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	fs := flag.NewFlagSet("sportello "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	f, known := commandFlags(fs, cmd)
	if !known {
		fmt.Fprintln(stderr, i18n.T("cli.unknown_command", cmd))
		return 2
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if err := f.faults.Validate(); errors.Is(err, sandbox.ErrDelayRange) {
		fmt.Fprintln(stderr, i18n.T("cli.bad_delay", int(sandbox.MaxDelay.Seconds())))
		return 2
	} else if err != nil {
		fmt.Fprintln(stderr, i18n.T("cli.bad_share"))
		return 2
	}
	if err := i18n.SetLanguage(*f.lang); err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	var err error
	if clock, err = testClock(); err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	if cmd != "sandbox" && *f.dataDir == "" {
		d, err := app.DefaultDataDir()
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		*f.dataDir = d
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	switch cmd {
	case "login":
		return cmdLogin(ctx, f, stdin, stdout, stderr)
	case "logout":
		if err := app.Logout(ctx, *f.dataDir, *f.wipe); err != nil {
			return failed(stderr, err)
		}
		fmt.Fprintln(stdout, i18n.T("cli.logged_out"))
	case "sync":
		return cmdSync(ctx, f, stdout, stderr)
	case "prefetch":
		return cmdPrefetch(ctx, f, stdout, stderr)
	case "doctor":
		return doctor(ctx, *f.dataDir, *f.server, stdout)
	case "sandbox":
		return serveSandbox(ctx, *f.addr, *f.certFile, *f.keyFile, *f.seed, f.faults, f.versions, f.insecureListen, stdout, stderr)
	case "run":
		return runConsole(ctx, *f.dataDir, *f.server, *f.seed, *f.operator, *f.lang, stderr)
	}
	return 0
}

// cliFlags are the flags of one command line; those the command does not
// take stay nil.
type cliFlags struct {
	dataDir, lang                             *string
	server, operator, addr, certFile, keyFile *string
	seed                                      *int64
	once, wipe                                *bool
	days                                      *int
	faults                                    sandbox.Faults
	versions                                  sandbox.Versions
	insecureListen                            bool
}

// commandFlags declares on fs the flags of cmd; known is false for a
// command that does not exist.
func commandFlags(fs *flag.FlagSet, cmd string) (f *cliFlags, known bool) {
	f = &cliFlags{}
	f.dataDir = fs.String("data-dir", "", i18n.T("flag.data_dir"))
	f.lang = fs.String("lang", "", i18n.T("flag.lang"))
	switch cmd {
	case "run":
		f.server = fs.String("server", "", i18n.T("flag.server_run"))
		f.seed = fs.Int64("seed", 1, i18n.T("flag.seed"))
		f.operator = fs.String("operator", "", i18n.T("flag.sandbox_operator"))
	case "login":
		f.server = fs.String("server", "", i18n.T("flag.server"))
		f.operator = fs.String("operator", "", i18n.T("flag.operator"))
	case "sync":
		f.once = fs.Bool("once", false, i18n.T("flag.once"))
	case "prefetch":
		f.server = fs.String("server", "", i18n.T("flag.server_run"))
		f.days = fs.Int("days", 3, i18n.T("flag.days"))
	case "logout":
		f.wipe = fs.Bool("wipe", false, i18n.T("flag.wipe"))
	case "doctor":
		f.server = fs.String("server", "", i18n.T("flag.server_run"))
	case "sandbox":
		f.addr = fs.String("addr", "127.0.0.1:8080", i18n.T("flag.addr"))
		f.certFile = fs.String("tls-cert", "", i18n.T("flag.tls_cert"))
		f.keyFile = fs.String("tls-key", "", i18n.T("flag.tls_key"))
		f.seed = fs.Int64("seed", 1, i18n.T("flag.seed"))
		fs.DurationVar(&f.faults.Latency, "latency", 0, i18n.T("flag.latency", int(sandbox.MaxDelay.Seconds())))
		fs.Float64Var(&f.faults.ServerErrors, "server-errors", 0, i18n.T("flag.server_errors"))
		fs.Float64Var(&f.faults.Drops, "drops", 0, i18n.T("flag.drops"))
		fs.DurationVar(&f.faults.SlowBody, "slow-body", 0, i18n.T("flag.slow_body", int(sandbox.MaxDelay.Seconds())))
		fs.Float64Var(&f.faults.Malformed, "malformed", 0, i18n.T("flag.malformed"))
		fs.Float64Var(&f.faults.ExpiredTokens, "expired-tokens", 0, i18n.T("flag.expired_tokens"))
		fs.BoolVar(&f.insecureListen, "insecure-listen", false, i18n.T("flag.insecure_listen"))
		fs.StringVar(&f.versions.Latest, "console-latest", "", i18n.T("flag.console_latest"))
		fs.StringVar(&f.versions.Minimum, "console-minimum", "", i18n.T("flag.console_minimum"))
		fs.StringVar(&f.versions.Info, "console-info", "", i18n.T("flag.console_info"))
	default:
		return nil, false
	}
	return f, true
}

// cmdLogin is `sportello login`: the password from stdin, the session's
// token to the keyring.
func cmdLogin(ctx context.Context, f *cliFlags, stdin io.Reader, stdout, stderr io.Writer) int {
	if *f.server == "" || *f.operator == "" {
		fmt.Fprintln(stderr, i18n.T("cli.login_usage"))
		return 2
	}
	password, err := readPassword(stdin)
	if err != nil {
		fmt.Fprintln(stderr, i18n.T("cli.no_password"))
		return 2
	}
	op, err := app.LoginAndRemember(ctx, *f.dataDir, *f.server, *f.operator, password)
	if err != nil {
		return failed(stderr, err)
	}
	fmt.Fprintln(stdout, i18n.T("cli.logged_in", op.Name, op.Office.Name))
	return 0
}

// cmdSync is `sportello sync --once`: one sync of a logged-in folder.
func cmdSync(ctx context.Context, f *cliFlags, stdout, stderr io.Writer) int {
	if !*f.once {
		fmt.Fprintln(stderr, i18n.T("cli.sync_usage"))
		return 2
	}
	cfg, err := app.LoadConfig(*f.dataDir)
	if err != nil {
		return failed(stderr, err)
	}
	if cfg.Server == "" {
		return failed(stderr, app.ErrNotLoggedIn)
	}
	c, err := app.Open(ctx, app.Options{DataDir: *f.dataDir, Now: clock})
	if err != nil {
		return failed(stderr, err)
	}
	defer c.Close()
	rep, err := c.SyncOnce(ctx)
	if err != nil {
		return failed(stderr, err)
	}
	fmt.Fprintln(stdout, i18n.T("cli.synced", rep.Sent, rep.Pull.Changes, rep.Pull.Files, rep.Pull.Until.Format("02/01/2006")))
	return 0
}

// cmdPrefetch is `sportello prefetch`: the agenda and files of the next
// days into the mirror, before a trip.
func cmdPrefetch(ctx context.Context, f *cliFlags, stdout, stderr io.Writer) int {
	c, err := app.Open(ctx, app.Options{DataDir: *f.dataDir, Server: *f.server, Now: clock})
	if err != nil {
		return failed(stderr, err)
	}
	defer c.Close()
	rep, err := c.Prefetch(ctx, *f.days, progressPrinter(stdout))
	if err != nil {
		return failed(stderr, err)
	}
	fmt.Fprintln(stdout, i18n.T("cli.prefetched", rep.Pull.Until.Format("02/01/2006"), rep.Pull.Files, rep.Sent,
		rep.Took.Round(100*time.Millisecond)))
	return 0
}

// runConsole opens the console window: on the operator's screens when a
// session is open (or with the embedded sandbox), else on the login
// screen. With a real server and no OS keyring it refuses to start, with
// the reason in a window and on stderr, and writes nothing.
func runConsole(ctx context.Context, dataDir, server string, seed int64, operator, lang string, stderr io.Writer) int {
	cfg, err := app.LoadConfig(dataDir)
	if err != nil {
		// The folder exists (it holds the damaged file): the log there
		// keeps the detail for support.
		if logFile, lerr := app.OpenLog(dataDir); lerr == nil {
			defer logFile.Close()
			logTo(io.MultiWriter(os.Stderr, logFile))
		}
		return failedInWindow(stderr, err)
	}
	remote := cmp.Or(server, cfg.Server) != ""
	if remote {
		if err := app.KeyringAvailable(); err != nil {
			return failedInWindow(stderr, err)
		}
	}
	logFile, err := app.OpenLog(dataDir)
	if err != nil {
		return failed(stderr, err)
	}
	defer logFile.Close()
	logTo(io.MultiWriter(os.Stderr, logFile))
	// Before the mirror and the sandbox: without OpenGL no window can
	// open, and Fyne would run on with none.
	if err := ui.CheckGraphics(); err != nil {
		// The log keeps what the operator was told too, for IT: on
		// Windows stderr goes nowhere and the message box is gone once
		// closed.
		slog.New(slog.NewTextHandler(logFile, nil)).Error("console not started", "told", app.Explain(err))
		return failedInWindow(stderr, err)
	}

	// The window runs all day: a soft limit on Go's memory makes the
	// collector return a day's garbage instead of doubling the heap
	// (GOMEMLIMIT, if set, wins).
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(consoleMemoryLimit)
	}
	opts := app.Options{DataDir: dataDir, Server: server, Seed: seed, Operator: operator, Now: clock, Console: true}
	if v := os.Getenv("SPORTELLO_DEMO_CLOCK"); v != "" {
		if opts.DemoClock, err = time.Parse(time.RFC3339, v); err != nil {
			return failed(stderr, fmt.Errorf("SPORTELLO_DEMO_CLOCK: %w", err))
		}
	}
	start := ui.Start{Server: cmp.Or(server, cfg.Server), Operator: cfg.Operator, Theme: cfg.Theme, TextSize: cfg.TextSize,
		Login: func(ctx context.Context, server, operator, password string) (*app.Console, error) {
			return app.LoginAndOpen(ctx, dataDir, server, operator, password, clock)
		}}
	if os.Getenv("SPORTELLO_TEST_CLOCK") != "" {
		// The end-to-end walks read the window here; never in production.
		start.Probe = os.Getenv("SPORTELLO_TEST_PROBE")
	}
	// Test-only: a soak replays a working day in the window and reports
	// how fast it answered and how much memory it held (see ui/soak.go);
	// only under a test clock, never on an operator's desk.
	if start.Soak = os.Getenv("SPORTELLO_SOAK"); start.Soak != "" {
		if os.Getenv("SPORTELLO_TEST_CLOCK") == "" {
			fmt.Fprintln(stderr, "SPORTELLO_SOAK is for tests: it needs SPORTELLO_TEST_CLOCK")
			return 2
		}
		start.SoakProfiles = os.Getenv("SPORTELLO_PPROF")
	}
	c, err := app.Open(ctx, opts)
	switch {
	case err == nil:
		defer c.Close()
		start.Console = c
		if lang == "" && os.Getenv("SPORTELLO_LANG") == "" {
			if err := i18n.SetLanguage(c.Preferences().Language); err != nil {
				slog.Warn("language preference", "err", err)
			}
		}
	case remote && errors.Is(err, app.ErrNotLoggedIn):
		// No session on this computer: the login screen opens one.
	default:
		return failedInWindow(stderr, err)
	}
	if last := ui.Run(start, started); last != nil && last != start.Console {
		last.Close() // opened by the login screen
	}
	return 0
}

// doctor prints the connection diagnosis (the console's "Diagnostica
// connessione") as the plain-text report for support; the exit status is
// 0 when every step passed, 1 when one failed.
func doctor(ctx context.Context, dataDir, server string, stdout io.Writer) int {
	// Seed 1: the embedded sandbox of a console started with no flags.
	d := app.Diagnose(ctx, app.Options{DataDir: dataDir, Server: server, Seed: 1, Now: clock})
	for _, s := range d.Steps {
		if s.Err != nil {
			slog.Warn("doctor: step failed", "step", s.Name, "err", s.Err) // the detail, for support
		}
	}
	fmt.Fprint(stdout, d.Report())
	if !d.OK() {
		return exitFailed
	}
	return 0
}

// consoleMemoryLimit is the console's soft limit on Go's own memory (the
// heap and the runtime; SQLite's caches and the GL driver are outside it).
const consoleMemoryLimit = 96 << 20

// Exit statuses besides 0 (done) and 2 (bad usage).
const (
	exitFailed    = 1 // the command failed (the message says why)
	exitNoKeyring = 3 // the OS keyring cannot be reached: nothing was done
	exitUnsent    = 4 // logout refused: work waits to be sent
	exitOutdated  = 5 // central no longer accepts this version: nothing was sent or pulled
	exitNoWindow  = 6 // the console cannot draw its window (no OpenGL 2.1)
)

// logTo sends the logs to w, from the info level.
func logTo(w io.Writer) {
	slog.SetDefault(slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo})))
}

// failed tells the operator why a command failed, on stderr, and returns
// its exit status.
func failed(stderr io.Writer, err error) int {
	slog.Error("failed", "err", err) // the detail, for support (errors carry no personal data)
	fmt.Fprintln(stderr, i18n.T("cli.error", app.Explain(err)))
	return exitStatus(err)
}

// failedInWindow is failed for the console: the reason is also shown in
// a window, for an operator who started it from the desktop.
func failedInWindow(stderr io.Writer, err error) int {
	status := failed(stderr, err)
	ui.Fatal(app.Explain(err))
	return status
}

// exitStatus is the exit status of a command that failed with err.
func exitStatus(err error) int {
	switch {
	case errors.Is(err, app.ErrNoKeyring):
		return exitNoKeyring
	case errors.Is(err, app.ErrUnsentWork):
		return exitUnsent
	case errors.Is(err, app.ErrOutdated):
		return exitOutdated
	case errors.As(err, new(*app.GraphicsError)):
		return exitNoWindow
	}
	return exitFailed
}

// progressPrinter prints a prefetch's progress: the agenda's pages, then
// the files about every tenth of the way.
func progressPrinter(w io.Writer) func(app.Progress) {
	last := -1
	return func(p app.Progress) {
		switch {
		case p.Stage == "changes":
			fmt.Fprintln(w, i18n.T("cli.prefetch_changes", p.Done))
		case p.Total > 0 && (p.Done == p.Total || p.Done*10/p.Total != last):
			last = p.Done * 10 / p.Total
			fmt.Fprintln(w, i18n.T("cli.prefetch_files", p.Done, p.Total))
		}
	}
}

// readPassword reads the password from the first line of stdin.
func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", errors.New("empty password")
	}
	return line, nil
}

// serveSandbox runs the sandbox standalone until interrupted. Off loopback
// it serves plain http only when insecure says so (--insecure-listen), with
// a warning. After the ready line it prints the control token that opens
// /_sandbox/* to clients off loopback.
func serveSandbox(ctx context.Context, addr, certFile, keyFile string, seed int64, faults sandbox.Faults, versions sandbox.Versions,
	insecure bool, stdout, stderr io.Writer) int {
	if certFile == "" && keyFile == "" && !sandbox.IsLoopbackAddr(addr) {
		if !insecure {
			fmt.Fprintln(stderr, i18n.T("cli.sandbox_insecure_refused", addr))
			return 2
		}
		fmt.Fprintln(stderr, i18n.T("cli.sandbox_insecure", addr))
	}
	sb, err := sandbox.New(sandbox.Options{Seed: seed, Logger: slog.Default(), Faults: faults, Versions: versions, Now: clock})
	if errors.Is(err, sandbox.ErrVersionsTooLong) {
		fmt.Fprintln(stderr, i18n.T("cli.bad_versions"))
		return 2
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	defer sb.Close()
	srv, url, errc, err := sb.ListenTLS(addr, certFile, keyFile)
	if err != nil {
		fmt.Fprintln(stderr, i18n.T("cli.listen", addr, err))
		return 1
	}
	fmt.Fprintln(stdout, i18n.T("cli.sandbox_ready", url, seed))
	fmt.Fprintln(stdout, i18n.T("cli.sandbox_control", sandbox.ControlHeader, sb.ControlToken()))
	select {
	case err := <-errc:
		fmt.Fprintln(stderr, err)
		return 1
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx)
	return 0
}

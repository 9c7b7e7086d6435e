package app

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"sportello/assets/i18n"
	"sportello/cache"
	"sportello/client"
	"sportello/client/sandbox"
	"sportello/model"
)

// SyncDays is how many working days, from today, a sync pulls.
const SyncDays = 5

// SandboxOperator is the demo operator the embedded sandbox logs in as.
const SandboxOperator = "demo"

// Options configure a console.
type Options struct {
	DataDir string           // where the cache and configuration live
	Server  string           // central API; empty = the configured one, else the embedded sandbox
	Seed    int64            // seed of the embedded sandbox
	Now     func() time.Time // clock; nil = time.Now
	Logger  *slog.Logger     // nil = slog.Default()
	// DemoClock, if set, is the time the embedded sandbox starts at (the
	// clock then runs on from it), to show a working morning at any hour.
	// It is ignored with a real server.
	DemoClock time.Time
	// Operator is who the embedded sandbox logs in as (see the README's
	// demo operators); empty = SandboxOperator. Ignored with a real server.
	Operator string
	// Console is set by the console window: it owns the mirror's folder
	// while open, and a second console there gets ErrAlreadyOpen.
	Console bool
	// UndoWindow is how long an action on a slot or a scheda waits in the
	// outbox, for the operator's Annulla, before it may be sent (see
	// Undo). Zero: UndoWindow for the console window (Console), none
	// otherwise; negative: none.
	UndoWindow time.Duration
	// FolderWait is how long Open waits for another process to be done
	// with the data folder; zero: FolderWait (the diagnosis waits less:
	// it is wanted just when a sync is stuck on the network).
	FolderWait time.Duration
}

// Console is a running Sportello: a session with the central API (or the
// embedded sandbox) and the local mirror. Screens read through it.
type Console struct {
	server    string
	sandbox   bool
	api       *client.Client
	store     *cache.Store
	now       func() time.Time
	log       *slog.Logger
	closers   []func() error
	syncMu    sync.Mutex
	loop      syncLoop
	retention time.Duration
	dataDir   string
	folder    string // of the mirror, where the processes' locks are
	shared    bool   // a command opened beside a console: it mends no file
	prefsMu   sync.Mutex
	prefs     Preferences
	target    time.Duration // the service target of a scheda
	idleLock  time.Duration // how long without input before the screen locks
	// undoWindow is how long an action waits for the operator's Annulla
	// (see Undo); at most zero: none.
	undoWindow time.Duration

	sandboxOperator string // the demo operator (embedded sandbox), set by Open

	verifierMu sync.Mutex
	verifier   string // of the operator's password, from the keyring (real server); a relogin renews it
	// unlockFailures counts the wrong passwords typed on the lock screen
	// in a row (see Unlock), under verifierMu; unlockMu takes the checks
	// one at a time.
	unlockFailures int
	unlockMu       sync.Mutex

	// versions are the console versions central published, as last read
	// (nil: not asked yet in this process); update is what they mean for
	// this console. Under versionsMu.
	versionsMu sync.Mutex
	versions   *client.ConsoleVersions
	update     Update
}

// Open starts a console. With no server given or configured it starts the
// embedded sandbox on a loopback port and logs in as the demo operator;
// otherwise it uses the token that `sportello login` left in the keyring.
func Open(ctx context.Context, opts Options) (*Console, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	cfg, err := LoadConfig(opts.DataDir)
	if err != nil {
		return nil, err
	}
	c := newConsole(opts.Now, opts.Logger)
	c.undoWindow = opts.UndoWindow
	if c.undoWindow == 0 && opts.Console {
		c.undoWindow = UndoWindow
	}
	c.retention, c.target, c.idleLock = cfg.Retention(), cfg.SchedaTarget(), cfg.IdleLock()
	c.dataDir, c.prefs = opts.DataDir, cfg.Preferences
	c.server = opts.Server
	if c.server == "" {
		c.server = cfg.Server
	}
	var keys cache.Keys
	var loggedIn model.Operator
	var unlock func()
	cacheFile := mirrorFile(opts.DataDir)
	if c.server == "" {
		cacheFile, keys, loggedIn, unlock, err = c.openSandbox(ctx, opts)
	} else {
		keys, unlock, err = c.openServer(ctx, opts, cfg, cacheFile)
	}
	if unlock != nil {
		defer unlock()
	}
	if err != nil {
		c.Close()
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(cacheFile), 0o700); err != nil {
		c.Close()
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	if c.store, err = openCache(cacheFile, keys, c.now(), c.log, c.shared); err != nil {
		c.Close()
		return nil, err
	}
	c.closers = append(c.closers, c.store.Close)
	if loggedIn.ID != "" {
		// Known before any sync: the screens follow the operator's roles.
		if err := c.store.SetOperator(ctx, loggedIn); err != nil {
			c.Close()
			return nil, err
		}
	}
	return c, nil
}

// openSandbox starts the embedded sandbox for Open, logged in as the
// operator of opts (the demo operator by default), and takes the folder's
// work lock. It returns the mirror's file and keys, the operator, and the
// release of the work lock (once taken, also with an error: the caller
// closes the console, then releases it).
func (c *Console) openSandbox(ctx context.Context, opts Options) (cacheFile string, keys cache.Keys, op model.Operator, unlock func(), err error) {
	c.sandbox = true
	if !opts.DemoClock.IsZero() {
		began := time.Now()
		opts.Now = func() time.Time { return opts.DemoClock.Add(time.Since(began)) }
		c.now = opts.Now
	}
	if opts.Operator == "" {
		opts.Operator = SandboxOperator
	}
	cacheFile = sandboxCache(opts.DataDir, opts.Operator)
	c.sandboxOperator = opts.Operator
	if unlock, err = c.lockMirror(ctx, cacheFile, opts.Console, cmp.Or(opts.FolderWait, FolderWait)); err != nil {
		return "", keys, op, nil, err
	}
	if op, err = c.startSandbox(ctx, opts); err != nil {
		return "", keys, op, unlock, err
	}
	keys, err = cacheKeys("sandbox", opts.Operator)
	if errors.Is(err, ErrNoKeyring) {
		// Sandbox data is fictitious: without a keyring the mirror is
		// sealed with keys that live only in memory, and made anew
		// at every start. Real servers refuse to run this way.
		c.log.Warn("keyring unavailable: sandbox cache keys kept in memory only", "err", err)
		keys, err = cache.NewKeys(), cache.Remove(cacheFile)
	}
	return cacheFile, keys, op, unlock, err
}

// openServer prepares Open's session with a real central server: the
// token `sportello login` left in the keyring, the lock screen's state,
// the folder's work lock and the client. It returns the mirror's keys and
// the release of the work lock (once taken, also with an error: the caller
// closes the console, then releases it).
func (c *Console) openServer(ctx context.Context, opts Options, cfg Config, cacheFile string) (keys cache.Keys, unlock func(), err error) {
	// A ca_file that cannot be used says so now, not as a
	// certificate error at the first call.
	roots, err := cfg.rootCAs(opts.DataDir)
	if err != nil {
		return keys, nil, err
	}
	if cfg.Operator == "" || cfg.Server != c.server {
		return keys, nil, ErrNotLoggedIn
	}
	refresh, err := loadToken(c.server, cfg.Operator)
	if err != nil {
		return keys, nil, err
	}
	// A login of an older version left no verifier: the lock screen
	// then checks the password with central.
	if c.verifier, err = loadVerifier(c.server, cfg.Operator); err != nil && !errors.Is(err, ErrNotLoggedIn) {
		return keys, nil, err
	}
	// The wrong passwords of the lock screen outlive a restart.
	c.unlockFailures = loadUnlockFailures(c.server, cfg.Operator)
	if unlock, err = c.lockMirror(ctx, cacheFile, opts.Console, cmp.Or(opts.FolderWait, FolderWait)); err != nil {
		return keys, nil, err
	}
	// The refresh token rotates: the keeper keeps the new one before
	// it is used, and the processes sharing the folder refresh in turn.
	c.api, err = client.New(c.server, client.Config{Tokens: client.Tokens{Refresh: refresh}, RootCAs: roots, UserAgent: userAgent,
		Keeper: keyringKeeper{server: c.server, operator: cfg.Operator, folder: c.folder}})
	if err == nil {
		keys, err = cacheKeys(c.server, cfg.Operator)
	}
	return keys, unlock, err
}

// lockMirror makes the console the owner of the mirror's folder, if it is
// one, and takes the folder's work lock until the mirror is open: the
// migrations, the cache keys and an unreadable file set aside are one
// process's at a time; it waits up to wait for another process to be done
// with the folder. It returns the release of the work lock.
func (c *Console) lockMirror(ctx context.Context, cacheFile string, console bool, wait time.Duration) (func(), error) {
	c.folder = filepath.Dir(cacheFile)
	if console {
		// A moment's wait: a command may be looking whether a console is
		// open (below).
		release, err := lockFolder(ctx, c.folder, consoleLock, 2*time.Second)
		if errors.Is(err, ErrFolderBusy) {
			err = fmt.Errorf("%w: %s", ErrAlreadyOpen, c.folder)
		}
		if err != nil {
			return nil, err
		}
		c.closers = append(c.closers, func() error { release(); return nil })
		// The documents a crash left in the print folder go now, this
		// console's when it closes (the viewer has long opened them).
		c.removePrinted()
		c.closers = append(c.closers, func() error { c.removePrinted(); return nil })
	} else if release, err := lockFolder(ctx, c.folder, consoleLock, 0); errors.Is(err, ErrFolderBusy) {
		c.shared = true // a console has the files open
	} else if err == nil {
		release()
	}
	unlock, err := lockFolder(ctx, c.folder, workLock, wait)
	if err != nil {
		return nil, err
	}
	if err := privateFolder(c.folder); err != nil {
		unlock()
		return nil, err
	}
	if err := privateFolder(c.dataDir); err != nil {
		unlock()
		return nil, err
	}
	return unlock, nil
}

// newConsole returns a console with its clock and logger, ready for its
// API client and mirror.
func newConsole(now func() time.Time, log *slog.Logger) *Console {
	return &Console{now: now, log: log, loop: syncLoop{kick: make(chan struct{}, 1)}, retention: cache.DefaultRetention}
}

// startSandbox starts the embedded sandbox and logs in to it as the
// operator of opts (a demo operator: the password is the id).
func (c *Console) startSandbox(ctx context.Context, opts Options) (model.Operator, error) {
	sb, err := sandbox.New(sandbox.Options{Seed: opts.Seed, Now: opts.Now, Logger: opts.Logger})
	if err != nil {
		return model.Operator{}, err
	}
	c.closers = append(c.closers, sb.Close)
	srv, url, _, err := sb.Listen("127.0.0.1:0") // a serving failure is logged by the sandbox
	if err != nil {
		return model.Operator{}, fmt.Errorf("embedded sandbox: %w", err)
	}
	c.closers = append(c.closers, srv.Close)
	c.server = url
	c.log.Info("embedded sandbox started", "addr", c.server, "seed", opts.Seed, "operator", opts.Operator)
	if c.api, err = client.New(c.server, client.Config{UserAgent: userAgent}); err != nil {
		return model.Operator{}, err
	}
	op, err := c.api.Login(ctx, opts.Operator, opts.Operator)
	if err != nil {
		return op, fmt.Errorf("embedded sandbox login: %w", err)
	}
	return op, nil
}

// Close stops the sandbox (if any) and closes the mirror.
func (c *Console) Close() error {
	var errs []error
	for i := len(c.closers) - 1; i >= 0; i-- {
		errs = append(errs, c.closers[i]())
	}
	c.closers = nil
	return errors.Join(errs...)
}

// Recovered says, in the operator's words, what Open found damaged on this
// computer and did about it ("" when nothing was): the mirror set aside and
// rebuilt from central, or the queue of actions set aside with how many of
// them could be read back.
func (c *Console) Recovered() string {
	r := c.store.Recovery()
	switch {
	case r.QueueAside != "" && r.LostUnknown:
		return i18n.T("recovery.queue_unknown", filepath.Base(r.QueueAside))
	case r.QueueAside != "" && r.Lost > 0:
		return i18n.T("recovery.queue_lost", r.Lost, filepath.Base(r.QueueAside))
	case r.QueueAside != "":
		return i18n.T("recovery.queue_saved", filepath.Base(r.QueueAside), r.Waiting)
	case r.MirrorAside != "":
		return i18n.T("recovery.mirror", filepath.Base(r.MirrorAside))
	}
	return ""
}

// Now returns the console's clock.
func (c *Console) Now() time.Time { return c.now() }

// Preferences returns the operator's screen preferences.
func (c *Console) Preferences() Preferences {
	c.prefsMu.Lock()
	defer c.prefsMu.Unlock()
	return c.prefs
}

// SetPreferences keeps the operator's screen preferences in the
// configuration.
func (c *Console) SetPreferences(p Preferences) error {
	c.prefsMu.Lock()
	defer c.prefsMu.Unlock()
	cfg, err := LoadConfig(c.dataDir)
	if err != nil {
		return err
	}
	cfg.Preferences = p
	if err := SaveConfig(c.dataDir, cfg); err != nil {
		return err
	}
	c.prefs = p
	return nil
}

// IdleLock returns how long the console may go without input before its
// screen locks.
func (c *Console) IdleLock() time.Duration { return c.idleLock }

// Sandbox reports whether the console runs against the embedded sandbox.
func (c *Console) Sandbox() bool { return c.sandbox }

// Server returns the central API's address.
func (c *Console) Server() string { return c.server }

// PurgeReport says what the retention removed from this computer.
type PurgeReport struct {
	Files int // callers' files
	Slots int // slots of past days
}

// SyncReport says what one sync did.
type SyncReport struct {
	Sent    int // actions central took
	Audited int // audit entries central acknowledged
	Pull    PullReport
	Purged  PurgeReport // what the retention removed
	Took    time.Duration
}

// SyncOnce pushes the outbox, then pulls what changed centrally and the
// files of the citizens booked in the next SyncDays working days.
func (c *Console) SyncOnce(ctx context.Context) (SyncReport, error) {
	return c.sync(ctx, SyncDays, nil)
}

// sync pushes the outbox, pulls the changes and the files of the next days
// working days (telling progress, if not nil), then applies the retention.
func (c *Console) sync(ctx context.Context, days int, progress func(Progress)) (SyncReport, error) {
	c.syncMu.Lock()
	defer c.syncMu.Unlock()
	defer c.synced()
	var rep SyncReport
	err := c.working(ctx, func() (err error) { rep, err = c.syncLocked(ctx, days, progress); return err })
	return rep, err
}

// syncLocked is sync, with the folder's work lock held.
func (c *Console) syncLocked(ctx context.Context, days int, progress func(Progress)) (SyncReport, error) {
	began := time.Now()
	var rep SyncReport
	// A console central no longer accepts sends and pulls nothing.
	if err := c.checkVersions(ctx); err != nil {
		return rep, err
	}
	err := c.ensureOperator(ctx)
	if err != nil {
		return rep, err
	}
	rep.Sent, err = c.Push(ctx)
	// Central's answers to the outbox are in: whoever waits for one (a
	// booking) need not wait for the pull too.
	c.synced()
	if err != nil {
		return rep, err
	}
	if err := c.refreshCatalogue(ctx); err != nil {
		return rep, err
	}
	c.refreshCalendar(ctx)
	c.refreshModules(ctx)
	c.refreshCapacity(ctx)
	if err := c.refreshOutcomes(ctx, false); err != nil {
		// The wrap-up falls back to the mirrored or default catalogue.
		c.log.Warn("outcomes not refreshed", "err", err)
	}
	if rep.Audited, err = c.pushAudit(ctx); err != nil {
		return rep, err
	}
	if rep.Pull, err = c.pull(ctx, days, progress); err != nil {
		return rep, err
	}
	purged, err := c.store.Purge(ctx, c.now(), c.retention)
	rep.Purged = PurgeReport(purged)
	if err != nil {
		return rep, err
	}
	rep.Took = time.Since(began)
	c.log.Info("sync done", "days", days, "sent", rep.Sent, "changes", rep.Pull.Changes, "files", rep.Pull.Files,
		"purged_files", rep.Purged.Files, "took", rep.Took)
	return rep, nil
}

// ensureOperator mirrors who the operator is, if not yet known.
func (c *Console) ensureOperator(ctx context.Context) error {
	if _, err := c.store.Operator(ctx); !errors.Is(err, cache.ErrNotCached) {
		return err
	}
	op, err := c.api.Me(ctx)
	if err != nil {
		return fmt.Errorf("sync: %w", err)
	}
	return c.store.SetOperator(ctx, op)
}

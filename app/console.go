package app

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
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
	cacheFile := mirrorFile(opts.DataDir)
	if c.server == "" {
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
		unlock, err := c.lockMirror(ctx, cacheFile, opts.Console, cmp.Or(opts.FolderWait, FolderWait))
		if err != nil {
			c.Close()
			return nil, err
		}
		defer unlock()
		if loggedIn, err = c.startSandbox(ctx, opts); err != nil {
			c.Close()
			return nil, err
		}
		keys, err = cacheKeys("sandbox", opts.Operator)
		if errors.Is(err, ErrNoKeyring) {
			// Sandbox data is fictitious: without a keyring the mirror is
			// sealed with keys that live only in memory, and made anew
			// at every start. Real servers refuse to run this way.
			c.log.Warn("keyring unavailable: sandbox cache keys kept in memory only", "err", err)
			keys, err = cache.NewKeys(), cache.Remove(cacheFile)
		}
		if err != nil {
			c.Close()
			return nil, err
		}
	} else {
		// A ca_file that cannot be used says so now, not as a
		// certificate error at the first call.
		roots, err := cfg.rootCAs(opts.DataDir)
		if err != nil {
			return nil, err
		}
		if cfg.Operator == "" || cfg.Server != c.server {
			return nil, ErrNotLoggedIn
		}
		refresh, err := loadToken(c.server, cfg.Operator)
		if err != nil {
			return nil, err
		}
		// A login of an older version left no verifier: the lock screen
		// then checks the password with central.
		if c.verifier, err = loadVerifier(c.server, cfg.Operator); err != nil && !errors.Is(err, ErrNotLoggedIn) {
			return nil, err
		}
		// The wrong passwords of the lock screen outlive a restart.
		c.unlockFailures = loadUnlockFailures(c.server, cfg.Operator)
		unlock, err := c.lockMirror(ctx, cacheFile, opts.Console, cmp.Or(opts.FolderWait, FolderWait))
		if err != nil {
			c.Close()
			return nil, err
		}
		defer unlock()
		// The refresh token rotates: the keeper keeps the new one before
		// it is used, and the processes sharing the folder refresh in turn.
		c.api, err = client.New(c.server, client.Config{Tokens: client.Tokens{Refresh: refresh}, RootCAs: roots, UserAgent: userAgent,
			Keeper: keyringKeeper{server: c.server, operator: cfg.Operator, folder: c.folder}})
		if err != nil {
			c.Close()
			return nil, err
		}
		if keys, err = cacheKeys(c.server, cfg.Operator); err != nil {
			c.Close()
			return nil, err
		}
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

// mirrorFile is the file of the mirror of the operator logged in to a
// real server, in a data folder.
func mirrorFile(dataDir string) string { return filepath.Join(dataDir, "cache.db") }

// sandboxCache is the file of the embedded sandbox's mirror of an
// operator in a data folder: each demo operator has their own.
func sandboxCache(dataDir, operator string) string {
	return filepath.Join(dataDir, "sandbox", operator, "cache.db")
}

// SandboxMirror opens the embedded sandbox's mirror of the demo operator
// in a data folder with its keys from the keyring, as the console would:
// for tools and tests that prepare a mirror (a large one, to measure the
// console) before the console starts on it.
func SandboxMirror(dataDir string) (*cache.Store, error) {
	keys, err := cacheKeys("sandbox", SandboxOperator)
	if err != nil {
		return nil, err
	}
	file := sandboxCache(dataDir, SandboxOperator)
	if err := os.MkdirAll(filepath.Dir(file), 0o700); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	return cache.Open(file, keys)
}

// LoggedInMirror opens the mirror of the operator logged in on a data
// folder (with `sportello login`) with its keys from the keyring, as the
// console would: for tests that prepare a mirror (a large one, to measure
// the console against a standalone central) before the console starts on
// it.
func LoggedInMirror(dataDir string) (*cache.Store, error) {
	cfg, err := LoadConfig(dataDir)
	if err != nil {
		return nil, err
	}
	if cfg.Server == "" || cfg.Operator == "" {
		return nil, ErrNotLoggedIn
	}
	keys, err := cacheKeys(cfg.Server, cfg.Operator)
	if err != nil {
		return nil, err
	}
	return cache.Open(mirrorFile(dataDir), keys)
}

// newConsole returns a console with its clock and logger, ready for its
// API client and mirror.
func newConsole(now func() time.Time, log *slog.Logger) *Console {
	return &Console{now: now, log: log, loop: syncLoop{kick: make(chan struct{}, 1)}, retention: cache.DefaultRetention}
}

// openCache opens the mirror. One sealed with a mirror key the keyring no
// longer has is rebuilt from central with its outbox kept (cache.Open does
// that). One whose outbox key is lost cannot be read at all: it is moved
// aside, never deleted, so that the actions in it can still be recovered
// if the key turns up again, and a new mirror is started.
//
// A command beside an open console (shared) sets nothing aside: it says
// what is wrong, and the console mends it at its next start.
func openCache(file string, keys cache.Keys, now time.Time, log *slog.Logger, shared bool) (*cache.Store, error) {
	if shared {
		st, err := cache.OpenShared(file, keys)
		if err != nil {
			return nil, fmt.Errorf("open local cache: %w", err)
		}
		return st, nil
	}
	st, err := cache.Open(file, keys)
	if errors.Is(err, cache.ErrWrongKey) {
		stamp := ".unreadable-" + now.Format("20060102-150405")
		log.Error("cache sealed with an outbox key the keyring no longer has: moving it aside", "file", file+stamp)
		for _, base := range []string{file, cache.QueueFile(file)} {
			for _, suffix := range []string{"", "-wal", "-shm"} {
				if rerr := os.Rename(base+suffix, base+stamp+suffix); rerr != nil && !errors.Is(rerr, os.ErrNotExist) {
					return nil, fmt.Errorf("open local cache: set aside: %w", rerr)
				}
			}
		}
		st, err = cache.Open(file, keys)
	}
	if err != nil {
		return nil, fmt.Errorf("open local cache: %w", err)
	}
	if st.Rebuilt() {
		log.Warn("cache sealed with another key, or damaged: rebuilding it from central; the outbox is kept")
	}
	if r := st.Recovery(); r.Damaged() {
		log.Error("cache damaged: set aside", "mirror", r.MirrorAside, "queue", r.QueueAside,
			"salvaged", r.Salvaged, "lost", r.Lost, "lost_unknown", r.LostUnknown)
	}
	return st, nil
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

// Today returns the day the agenda opens on: today, or the next working day
// on a weekend or holiday.
func (c *Console) Today() time.Time {
	first := model.WorkingDayOnOrAfter(c.now())
	// A Punto INPS receives on some days only: its console opens on the
	// next day it does. A fortnight bounds the search (hours unknown or
	// an office with none: the first working day). The hours are read
	// once, not at each day tried.
	hours := c.officeHours(context.Background())
	for d := first; d.Before(first.AddDate(0, 0, 14)); d = model.NextWorkingDay(d) {
		if open, known := openOn(hours, d); !known || open {
			return d
		}
	}
	return first
}

// OfficeOpen reports whether the operator's office receives the public on
// day, from the opening hours central gave with the catalogue; known is
// false when they are not on this computer yet, or the office has none.
func (c *Console) OfficeOpen(ctx context.Context, day time.Time) (open, known bool) {
	return openOn(c.officeHours(ctx), day)
}

// officeHours returns the opening hours of the operator's office from the
// stored catalogue: nil when they are not on this computer, or the office
// has none.
func (c *Console) officeHours(ctx context.Context) []model.OpeningHours {
	if c.store == nil {
		return nil
	}
	op, err := c.store.Operator(ctx)
	if err != nil {
		return nil
	}
	cat, err := c.store.Catalogue(ctx)
	if err != nil {
		return nil
	}
	for _, o := range cat.Offices {
		if o.Code == op.Office.Code {
			return o.Hours
		}
	}
	return nil
}

// openOn reports whether an office with these hours receives on day;
// known is false with no hours.
func openOn(hours []model.OpeningHours, day time.Time) (open, known bool) {
	if len(hours) == 0 {
		return false, false
	}
	if !model.IsWorkingDay(day) {
		return false, true
	}
	for _, h := range hours {
		if h.Weekday == day.Weekday() {
			return true, true
		}
	}
	return false, true
}

// FetchDay brings one day's agenda from central into the mirror, with the
// files of the citizens booked that day: a day the changes feed does not
// carry (too far ahead) or no longer holds (purged as past). It returns
// how many slots central has that day.
func (c *Console) FetchDay(ctx context.Context, day time.Time) (int, error) {
	day = model.Day(day)
	var n int
	err := c.working(ctx, func() error {
		if err := c.refuseOutdated(); err != nil {
			return err
		}
		slots, err := c.api.Agenda(ctx, day, day)
		if err != nil {
			return err
		}
		if err := c.store.PutDay(ctx, slots); err != nil {
			return err
		}
		n = len(slots)
		_, err = c.fetchFiles(ctx, day, day, nil)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("fetch the agenda of %s: %w", day.Format("2006-01-02"), err)
	}
	return n, nil
}

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
	if rep.Sent, err = c.Push(ctx); err != nil {
		return rep, err
	}
	if err := c.refreshCatalogue(ctx); err != nil {
		return rep, err
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

// DayAgenda returns the booked slots of a day from the mirror.
func (c *Console) DayAgenda(ctx context.Context, day time.Time) ([]model.AgendaEntry, error) {
	return c.store.DayAgenda(ctx, day)
}

// Citizen returns a caller's file from the mirror, its contact history
// completed with the earlier appointments the mirror holds, and records
// the opening, with why, for the audit trail (which also keeps the file
// from the retention purge); offline too: the sync loop sends it when it
// can. The record is written first: a file whose opening cannot be
// recorded (a full disk) is not returned, and the error says why.
func (c *Console) Citizen(ctx context.Context, cf string, why model.Access) (model.Citizen, error) {
	cit, err := c.store.Citizen(ctx, cf)
	if err != nil {
		return model.Citizen{}, err
	}
	op, opErr := c.store.Operator(ctx)
	slots, err := c.store.CitizenSlots(ctx, cf, c.now())
	if err != nil {
		return model.Citizen{}, err
	}
	if opErr == nil {
		cit.History = mergeHistory(cit.History, slots, op)
	}
	if err := c.recordOpening(ctx, cf, why); err != nil {
		return model.Citizen{}, err
	}
	return cit, nil
}

// ErrNotAudited means a citizen's file was not shown because its opening
// could not be written to the audit trail.
var ErrNotAudited = errors.New("file not shown: its opening could not be recorded")

// recordOpening writes the audit entry of a file opened (a local write of
// a few milliseconds, on the caller's goroutine: nothing is shown before
// it is kept).
func (c *Console) recordOpening(ctx context.Context, cf string, why model.Access) error {
	state, _ := c.syncState()
	e := cache.AuditEntry{ID: client.NewIdempotencyKey(), Action: AuditOpenFile, CF: cf, Reason: why.Reason, Ref: why.Ref,
		At: c.now(), Offline: state != StateOnline}
	if err := c.store.RecordOpening(context.WithoutCancel(ctx), e); err != nil {
		c.log.Error("audit: record a file opening", "err", err)
		return fmt.Errorf("%w: %w", ErrNotAudited, err)
	}
	return nil
}

// AuditTrail returns the operator's own audit trail kept on this computer
// (the retention's days, sent to central or waiting), newest first.
func (c *Console) AuditTrail(ctx context.Context) ([]model.AuditEntry, error) {
	return c.store.AuditTrail(ctx, c.now().Add(-c.retention), maxTrail)
}

// maxTrail bounds the trail shown at once.
const maxTrail = 2000

// AuditOpenFile is the audit action of opening a citizen's file.
const AuditOpenFile = "open_file"

// mergeHistory adds to a file's history the operator's own past slots with
// the citizen that central's history does not list yet (a contact served
// this morning, say): served, missed or cancelled, each with the operator
// who held the desk. The result is newest first.
func mergeHistory(h []model.HistoryEntry, slots []model.Slot, op model.Operator) []model.HistoryEntry {
	known := make(map[int64]bool, len(h))
	for _, e := range h {
		known[e.At.Unix()] = true
	}
	out := append([]model.HistoryEntry(nil), h...)
	for _, s := range slots {
		if known[s.Start.Unix()] || !s.Booked() || s.Open() {
			continue
		}
		out = append(out, model.HistoryEntry{At: s.Start, Channel: string(s.Channel), Office: op.Office.Name,
			OperatorID: op.ID, Operator: op.Name, Service: s.Service, Outcome: s.Outcome, Note: s.Note, Status: s.Status})
	}
	slices.SortStableFunc(out, func(a, b model.HistoryEntry) int { return b.At.Compare(a.At) })
	return out
}

// Operator returns the logged-in operator as last mirrored.
func (c *Console) Operator(ctx context.Context) (model.Operator, error) {
	return c.store.Operator(ctx)
}

// SearchPage is how many citizens a search returns at most.
const SearchPage = 50

// MinSearch is how many characters a search needs before it runs.
const MinSearch = cache.MinSearch

// Search finds mirrored citizens by codice fiscale or name as the
// operator types (see cache.Store.Search); it never touches the network.
func (c *Console) Search(ctx context.Context, typed string) ([]model.CitizenCard, error) {
	return c.store.Search(ctx, typed, SearchPage)
}

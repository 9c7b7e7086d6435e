package app

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"sportello/client"
)

// Version is this console's version. FyneApp.toml's Version is the one
// source (the MSI, the .exe's resource and the Start-menu entry read it
// there): TestVersionIsFyneAppVersion fails when the two differ.
const Version = "0.8.0"

// userAgent names the console and its version to central.
const userAgent = "Sportello/" + Version

// version is a parsed console version: dotted numbers, compared number
// by number (0.10.0 is after 0.9.2), and an optional pre-release
// ("0.9.0-rc1", before 0.9.0). Build metadata ("+42") is ignored.
type version struct {
	nums []int
	pre  string
}

// maxVersionParts bounds the dotted numbers of a version.
const maxVersionParts = 4

// parseVersion reads a version as central writes it: "1.2.3", "v1.2",
// "1.2.3-rc1", "1.2.3+build". Anything else (empty, letters in the
// numbers, signs, spaces, absurdly long) is not a version.
func parseVersion(s string) (version, bool) {
	s = strings.TrimPrefix(s, "v")
	if s == "" || len(s) > 64 {
		return version{}, false
	}
	s, _, _ = strings.Cut(s, "+")
	s, pre, hasPre := strings.Cut(s, "-")
	if hasPre && pre == "" {
		return version{}, false
	}
	parts := strings.Split(s, ".")
	if len(parts) > maxVersionParts {
		return version{}, false
	}
	v := version{nums: make([]int, len(parts)), pre: pre}
	for i, p := range parts {
		if p == "" || len(p) > 9 || strings.Trim(p, "0123456789") != "" {
			return version{}, false
		}
		n, err := strconv.Atoi(p)
		if err != nil {
			return version{}, false
		}
		v.nums[i] = n
	}
	return v, true
}

// compare orders two versions: missing numbers count as 0 (0.9 is 0.9.0);
// a pre-release comes before its release, pre-releases in text order.
func (v version) compare(w version) int {
	for i := range max(len(v.nums), len(w.nums)) {
		var a, b int
		if i < len(v.nums) {
			a = v.nums[i]
		}
		if i < len(w.nums) {
			b = w.nums[i]
		}
		if c := cmp.Compare(a, b); c != 0 {
			return c
		}
	}
	switch {
	case v.pre == w.pre:
		return 0
	case v.pre == "":
		return 1
	case w.pre == "":
		return -1
	}
	return strings.Compare(v.pre, w.pre)
}

// Update is what the console knows of the versions central accepts.
type Update struct {
	Current string // this console's version
	Latest  string // the latest published ("" if central said none, or nothing readable)
	Minimum string // the oldest allowed to sync ("" likewise)
	// Info is where to get the update, as central says it ("" if it did
	// not: the screens then say to ask support or the Software Center).
	Info string
	// Newer: a version after this one exists.
	Newer bool
	// Outdated: this version is below central's minimum. The console
	// sends and pulls nothing; reading and recording go on, and the
	// outbox waits, untouched, for the update.
	Outdated bool
}

// ErrOutdated means central no longer accepts this console's version: it
// syncs no more until updated. The error is an *OutdatedError.
var ErrOutdated = errors.New("console version below central's minimum")

// OutdatedError is why a sync was refused: the console's version and the
// minimum central accepts, and where to get the update.
type OutdatedError struct{ Update }

func (e *OutdatedError) Error() string {
	return fmt.Sprintf("console version %s below central's minimum %s: not syncing", e.Current, e.Minimum)
}

// Is makes errors.Is(err, ErrOutdated) true.
func (e *OutdatedError) Is(target error) bool { return target == ErrOutdated }

// readUpdate reads the versions central published against the console's
// own (current). A version that cannot be read is ignored, with a log
// line: a garbled answer of central must never stop the console, nor
// make it refuse to sync.
func (c *Console) readUpdate(current string, v client.ConsoleVersions) Update {
	u := Update{Current: current, Info: infoText(v.Info)}
	cur, ok := parseVersion(current)
	if !ok {
		// Only a build with a broken -ldflags could get here.
		c.log.Error("version: this console's own version is unreadable; central's versions ignored", "version", current)
		return u
	}
	read := func(what, s string) (version, bool) {
		if s == "" {
			return version{}, false
		}
		w, ok := parseVersion(s)
		if !ok {
			c.log.Warn("version: central sent an unreadable console version; ignored", "field", what, "value", strconv.Quote(clip(s, 64)))
		}
		return w, ok
	}
	if w, ok := read("latest", v.Latest); ok {
		u.Latest, u.Newer = v.Latest, w.compare(cur) > 0
	}
	if w, ok := read("minimum", v.Minimum); ok {
		u.Minimum, u.Outdated = v.Minimum, cur.compare(w) < 0
	}
	return u
}

// maxInfo is the contract's cap on where to get the update, in
// characters.
const maxInfo = 500

// infoText is central's word on where to get the update as the screens
// show it: one line, no control or format characters (a bidi override
// would turn the sentence around), at most maxInfo characters. Central
// is trusted to say it, not to say it in a size that fits the window.
func infoText(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > maxInfo {
		s = string(r[:maxInfo]) + "…"
	}
	return s
}

// clip cuts s to at most n bytes, for a log line.
func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// Update returns what the console knows of the versions central accepts:
// nothing until the first sync of this process has asked.
func (c *Console) Update() Update {
	c.versionsMu.Lock()
	defer c.versionsMu.Unlock()
	return c.update
}

// setVersions records the versions central published, and tells the
// screens when what they show changes.
func (c *Console) setVersions(ctx context.Context, v client.ConsoleVersions) Update {
	u := c.readUpdate(Version, v)
	c.versionsMu.Lock()
	was, known := c.update, c.versions != nil
	c.versions, c.update = &v, u
	c.versionsMu.Unlock()
	if !known || was != u {
		c.log.Info("version: central's console versions", "current", u.Current, "latest", u.Latest, "minimum", u.Minimum,
			"newer", u.Newer, "outdated", u.Outdated)
		c.notify(ctx)
	}
	return u
}

// checkVersions makes sure, before a sync sends or pulls anything, that
// central still accepts this console. It asks central (one small request)
// only when that matters or is not known: at the first sync of the
// process, when there is work to send, and while the console is below
// the minimum (to see it lowered). The idle sync asks nothing: the
// changes feed's headers say when the versions change (see pull).
func (c *Console) checkVersions(ctx context.Context) error {
	c.versionsMu.Lock()
	ask := c.versions == nil || c.update.Outdated
	c.versionsMu.Unlock()
	if !ask {
		un, err := c.store.Unsent(ctx)
		if err != nil {
			return fmt.Errorf("sync: %w", err)
		}
		ask = un.Actions+un.Audit > 0
	}
	if ask {
		v, err := c.api.ConsoleVersions(ctx)
		switch {
		case errors.Is(err, client.ErrNotFound):
			// A central that publishes no versions: any is accepted.
			c.log.Warn("version: central publishes no console versions", "err", err)
			c.setVersions(ctx, v)
		case errors.Is(err, client.ErrOffline), ctx.Err() != nil:
			return fmt.Errorf("sync: %w", err)
		case err != nil:
			// Central answers, but not this question (an error, garbage):
			// the versions stay as known (asked again at the next sync),
			// and the feed's headers still stop a pull below the minimum.
			// One failing endpoint must not hold the operator's work back.
			c.log.Warn("version: central's console versions unreadable; the sync goes on", "err", err)
		default:
			c.setVersions(ctx, v)
		}
	}
	if u := c.Update(); u.Outdated {
		return &OutdatedError{u}
	}
	return nil
}

// noteVersions takes the console versions a page of the changes feed
// carried in its headers. When they differ from the known ones it asks
// central for the rest (where to get the update); it returns an
// *OutdatedError when the console is now below the minimum: the page must
// not be applied.
func (c *Console) noteVersions(ctx context.Context, v client.ConsoleVersions) error {
	if v.Latest == "" && v.Minimum == "" {
		return nil // a central that puts no versions in the feed
	}
	c.versionsMu.Lock()
	same := c.versions != nil && c.versions.Latest == v.Latest && c.versions.Minimum == v.Minimum
	c.versionsMu.Unlock()
	if same {
		return nil
	}
	full, err := c.api.ConsoleVersions(ctx)
	if err != nil {
		// The numbers are enough to decide; the banner then gives the
		// usual advice on where to get the update.
		c.log.Warn("version: where to get the update not known", "err", err)
		full = v
	}
	if u := c.setVersions(ctx, full); u.Outdated {
		return &OutdatedError{u}
	}
	return nil
}

// refuseOutdated returns an *OutdatedError when the console knows itself
// below central's minimum (for the look-ups outside the sync that pull
// data into the mirror).
func (c *Console) refuseOutdated() error {
	if u := c.Update(); u.Outdated {
		return &OutdatedError{u}
	}
	return nil
}

package uitest

import (
	"context"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sportello/app"
	"sportello/client/sandbox"
	"sportello/internal/testkit"
	"sportello/internal/testkit/consolekit"
	"sportello/model"
)

// Monday is a working Monday morning in Rome.
var Monday = time.Date(2026, time.November, 23, 10, 5, 0, 0, model.Rome)

// NewConsole runs the real console against its embedded sandbox (over
// loopback HTTP) with a real SQLite mirror, synced once.
func NewConsole(t *testing.T) *app.Console { return NewConsoleB(t) }

// NewConsoleB is NewConsole for tests and benchmarks alike.
func NewConsoleB(t testing.TB) *app.Console { return NewConsoleWith(t, app.Options{}) }

// NewConsoleWith is NewConsole on opts (consolekit.Open): a fresh data
// folder, seed 11 and Monday's clock where opts leaves them unset.
func NewConsoleWith(t testing.TB, opts app.Options) *app.Console {
	t.Helper()
	if opts.DataDir == "" {
		opts.DataDir = t.TempDir()
	}
	if opts.Seed == 0 {
		opts.Seed = 11
	}
	if opts.Now == nil {
		opts.Now = func() time.Time { return Monday }
	}
	c := consolekit.Open(t, opts)
	if _, err := c.SyncOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	return c
}

func Contains(list []string, want string) bool {
	for _, s := range list {
		if strings.Contains(s, want) {
			return true
		}
	}
	return false
}

// SaveArtifact keeps a rendering of the window for people to look at, when
// the test command asks for artifacts (see Artifact).
func SaveArtifact(t *testing.T, name string, img image.Image) {
	t.Helper()
	if os.Getenv("SPORTELLO_ARTIFACTS") == "" {
		return
	}
	f, err := os.Create(Artifact(t, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

// Eventually waits until cond, checked on the UI goroutine, holds, or
// fails after 5 seconds naming what it waited for (testkit.WaitFor).
func Eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	testkit.WaitFor(t, 5*time.Second, what, func() bool {
		var ok bool
		fyne.DoAndWait(func() { ok = cond() })
		return ok
	})
}

// Press types a key combination on the window, as the operator would.
func Press(w fyne.Window, mod fyne.KeyModifier, key fyne.KeyName) {
	fyne.DoAndWait(func() {
		w.Canvas().(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: key, Modifier: mod})
	})
}

const Ctrl = fyne.KeyModifierShortcutDefault

// TopDialog waits for a dialog holding a button labelled button and
// returns its overlay.
func TopDialog(t *testing.T, w fyne.Window, button string) fyne.CanvasObject {
	t.Helper()
	var top fyne.CanvasObject
	Eventually(t, "a dialog with "+button, func() bool {
		top = w.Canvas().Overlays().Top()
		return top != nil && FindButton(top, button) != nil
	})
	return top
}

// SlotNow returns the mirror's copy of a slot.
func SlotNow(t *testing.T, c *app.Console, id string) model.AgendaEntry {
	t.Helper()
	day, err := c.DayAgenda(context.Background(), Monday)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range day {
		if e.ID == id {
			return e
		}
	}
	t.Fatalf("slot %s gone from the mirror", id)
	return model.AgendaEntry{}
}

// CentralServer is one sandbox served over real loopback HTTP, shared by
// the consultants of a test, behind a line that can be unplugged
// (testkit.StartCentral): it returns the line, the sandbox and its URL.
func CentralServer(t *testing.T) (*testkit.Line, *sandbox.Sandbox, string) {
	t.Helper()
	c := testkit.StartCentral(t, sandbox.Options{Seed: 11, Now: func() time.Time { return Monday }})
	return c.Line, c.Sandbox, c.URL
}

// Syncing runs the console's sync loop, as the console window does, until
// the test ends: a booking waits for the loop to send it.
func Syncing(t *testing.T, c *app.Console) {
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); c.RunSync(ctx, time.Hour) }()
	t.Cleanup(func() { stop(); <-done })
}

// SyncedOnce runs c's sync loop until its first sync is done, so that the
// console is online as the operator sees it once the window is up.
func SyncedOnce(t *testing.T, c *app.Console) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); c.RunSync(ctx, time.Hour) }()
	Eventually(t, "the sync loop's first sync", func() bool { return c.Status(ctx).State == app.StateOnline })
	cancel()
	<-done
}

// Consultant logs a demo consultant in to the server at url as
// `sportello login` does (token in the real keyring), opens their console
// on a data folder of their own and syncs it (consolekit.LoggedIn). Given
// the dir of an earlier login, it opens the console there again and does
// not sync, as the line may be down (consolekit.Open).
func Consultant(t *testing.T, url, id, dir string) (*app.Console, string) {
	t.Helper()
	opts := app.Options{DataDir: dir, Server: url, Now: func() time.Time { return Monday }}
	if dir != "" {
		return consolekit.Open(t, opts), dir
	}
	opts.DataDir = t.TempDir()
	return consolekit.LoggedIn(t, url, id, opts), opts.DataDir
}

// TypeText types text into an entry key by key, as the desktop driver
// delivers a typed key: first the key (TypedKey, its name), then its
// character (TypedRune), each in its own turn of the UI goroutine. Fyne's
// test.Type sends the characters alone, all at once, and let through
// defects that only showed at the operator's desk.
func TypeText(e fyne.Focusable, text string) {
	for _, r := range text {
		name := fyne.KeyName(strings.ToUpper(string(r)))
		if r == ' ' {
			name = fyne.KeySpace
		}
		fyne.DoAndWait(func() {
			e.TypedKey(&fyne.KeyEvent{Name: name})
			e.TypedRune(r)
		})
	}
}

// RichText is the text of a rich text widget.
func RichText(r *widget.RichText) string {
	var b strings.Builder
	for _, s := range r.Segments {
		b.WriteString(s.Textual())
		b.WriteByte('\n')
	}
	return b.String()
}

// screen is what the reception's views share: a content, a window for
// dialogs, a reload from the mirror.
type screen interface {
	Content() fyne.CanvasObject
	SetWindow(fyne.Window)
	Reload(context.Context)
}

// Show opens a view in a test window of the console's size, loaded.
func Show[V screen](t *testing.T, v V) (V, fyne.Window) {
	t.Helper()
	w := test.NewWindow(v.Content())
	w.Resize(fyne.NewSize(1366, 740))
	v.SetWindow(w)
	t.Cleanup(w.Close)
	v.Reload(context.Background())
	return v, w
}

// Artifact is where a test leaves a file for people to look at: the
// artifacts folder of the test command, or the test's temporary folder.
func Artifact(t *testing.T, name string) string {
	t.Helper()
	dir := os.Getenv("SPORTELLO_ARTIFACTS")
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, name)
}

// VisibleOverlays counts the dialogs shown over the window.
func VisibleOverlays(w fyne.Window) int {
	n := 0
	for _, o := range w.Canvas().Overlays().List() {
		if o.Visible() {
			n++
		}
	}
	return n
}

// TextRows returns the rows of a rich text as drawn: the texts at each
// height, joined.
func TextRows(t *testing.T, rt *widget.RichText) []string {
	t.Helper()
	rt.Resize(fyne.NewSize(600, 400))
	var ys []float32
	rows := map[float32]string{}
	for _, o := range test.WidgetRenderer(rt).Objects() {
		if tx, ok := o.(*canvas.Text); ok {
			y := tx.Position().Y
			if _, seen := rows[y]; !seen {
				ys = append(ys, y)
			}
			rows[y] += tx.Text
		}
	}
	var out []string
	for _, y := range ys {
		out = append(out, rows[y])
	}
	return out
}

// Key delivers a key as the desktop driver does: a combination with Ctrl
// or Alt goes to the focused widget when it takes shortcuts, else to the
// window's shortcuts; a plain key goes to the focused widget, else to the
// window.
func Key(w fyne.Window, mod fyne.KeyModifier, name fyne.KeyName) {
	fyne.DoAndWait(func() {
		c := w.Canvas()
		focused := c.Focused()
		if mod != 0 {
			s := &desktop.CustomShortcut{KeyName: name, Modifier: mod}
			if sc, ok := focused.(fyne.Shortcutable); ok {
				sc.TypedShortcut(s)
				return
			}
			c.(fyne.Shortcutable).TypedShortcut(s)
			return
		}
		ev := &fyne.KeyEvent{Name: name}
		if focused != nil {
			focused.TypedKey(ev)
		} else if h := c.OnTypedKey(); h != nil {
			h(ev)
		}
	})
}

// TypeSlowly types text one character at a time into whatever has the
// focus (or the window, as the desktop driver does), as a person does: each search answer arrives before the next key
// (the test driver runs the background search inline).
func TypeSlowly(w fyne.Window, text string) {
	for _, r := range text {
		fyne.DoAndWait(func() {
			if f := w.Canvas().Focused(); f != nil {
				f.TypedRune(r)
			} else if h := w.Canvas().OnTypedRune(); h != nil {
				h(r)
			}
		})
	}
}

// OverlayOpen says whether a dialog is open over the window.
func OverlayOpen(w fyne.Window) bool {
	var open bool
	fyne.DoAndWait(func() { open = w.Canvas().Overlays().Top() != nil })
	return open
}

// Walk visits o and every object shown under it (a container's objects, a
// widget's renderer's), depth first, in the order the window holds them;
// what is hidden it skips with all under it. visit returns false to leave
// an object's own objects out. It is the kit's one walk of the widget
// tree: the finders below are made of it.
func Walk(o fyne.CanvasObject, visit func(fyne.CanvasObject) bool) {
	if o == nil || !o.Visible() || !visit(o) {
		return
	}
	switch c := o.(type) {
	case *fyne.Container:
		for _, k := range c.Objects {
			Walk(k, visit)
		}
	case fyne.Widget:
		for _, k := range test.WidgetRenderer(c).Objects() {
			Walk(k, visit)
		}
	}
}

// All returns the objects of type T shown under o, in order (none under
// one of them).
func All[T fyne.CanvasObject](o fyne.CanvasObject) []T {
	var out []T
	Walk(o, func(o fyne.CanvasObject) bool {
		if x, ok := o.(T); ok {
			out = append(out, x)
			return false
		}
		return true
	})
	return out
}

// Find returns the first object of type T shown under o.
func Find[T fyne.CanvasObject](o fyne.CanvasObject) (T, bool) {
	var found T
	ok := false
	Walk(o, func(o fyne.CanvasObject) bool {
		if ok {
			return false
		}
		if x, is := o.(T); is {
			found, ok = x, true
			return false
		}
		return true
	})
	return found, ok
}

// FindButton returns the button labelled text shown under o, if any.
func FindButton(o fyne.CanvasObject, text string) *widget.Button {
	for _, b := range All[*widget.Button](o) {
		if b.Text == text {
			return b
		}
	}
	return nil
}

// Texts returns the texts shown under o: of labels, hyperlinks and rich
// texts, in order.
func Texts(o fyne.CanvasObject) []string {
	var out []string
	Walk(o, func(o fyne.CanvasObject) bool {
		switch l := o.(type) {
		case *widget.Label:
			out = append(out, l.Text)
		case *widget.Hyperlink:
			out = append(out, l.Text)
		case *widget.RichText:
			out = append(out, l.String())
		default:
			return true
		}
		return false
	})
	return out
}

package widgets

import (
	"errors"
	"fmt"
	"net/url"
	"os/exec"
	"runtime"
	"time"

	"fyne.io/fyne/v2"
)

// ErrNoOpener means the computer has no program to open links with (on
// Linux, xdg-open of xdg-utils, or no browser behind it).
var ErrNoOpener = errors.New("no program to open links")

// ErrHandedOver means the link went to the system's handler, which does
// not say whether anything opened it (Windows, macOS): the operator is
// told where the link went, not that it opened.
var ErrHandedOver = errors.New("link handed to the system's handler, which does not report")

// openerGrace is how long a link's opener is watched for a failure: xdg-open
// fails at once when nothing can open the link, and keeps running (or ends
// well) when a browser took it.
const openerGrace = 3 * time.Second

// OpenLink opens u with the system's handler (the browser, Teams). On
// Linux it runs xdg-open and reports when it is missing or finds no
// program, which Fyne's OpenURL cannot tell (it only starts xdg-open).
// It blocks for up to openerGrace: call it off the UI goroutine.
func OpenLink(u *url.URL) error {
	if runtime.GOOS != "linux" {
		// rundll32's FileProtocolHandler (Windows) and open (macOS) end
		// well whether or not a program took the link.
		if err := fyne.CurrentApp().OpenURL(u); err != nil {
			return err
		}
		return ErrHandedOver
	}
	cmd := exec.Command("xdg-open", u.String())
	if err := cmd.Start(); err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return fmt.Errorf("%w: xdg-open is not installed", ErrNoOpener)
		}
		return fmt.Errorf("start xdg-open: %w", err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var exit *exec.ExitError
		if errors.As(err, &exit) && (exit.ExitCode() == 3 || exit.ExitCode() == 4) {
			// xdg-open: 3 a required tool is missing, 4 the action failed.
			return fmt.Errorf("%w: xdg-open exited with %d", ErrNoOpener, exit.ExitCode())
		}
		if err != nil {
			return fmt.Errorf("xdg-open: %w", err)
		}
		return nil
	case <-time.After(openerGrace):
		return nil // still running: a browser has the link
	}
}

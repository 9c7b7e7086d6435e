package ui

import (
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestOpenLinkSaysWhenNothingCanOpenIt: without xdg-open, or with an
// xdg-open that finds no program (exit 3), opening a link is ErrNoOpener,
// which the meeting dialog explains in Italian, not a raw exec error.
func TestOpenLinkSaysWhenNothingCanOpenIt(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("xdg-open is Linux's")
	}
	u, _ := url.Parse("https://teams.example/l/meetup-join/x")
	t.Setenv("PATH", t.TempDir())
	if err := openLink(u); !errors.Is(err, ErrNoOpener) {
		t.Errorf("without xdg-open: %v, want ErrNoOpener", err)
	}
	// An xdg-open that finds no method, as Debian's does with no browser.
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "xdg-open"), []byte("#!/bin/sh\nexit 3\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	if err := openLink(u); !errors.Is(err, ErrNoOpener) {
		t.Errorf("xdg-open with no method: %v, want ErrNoOpener", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "xdg-open"), []byte("#!/bin/sh\nexit 0\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := openLink(u); err != nil {
		t.Errorf("xdg-open that opened it: %v", err)
	}
}

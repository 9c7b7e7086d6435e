package dayview

import (
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"sportello/assets/i18n"
	"sportello/ui/uitest"
	"sportello/ui/widgets"
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
	if err := widgets.OpenLink(u); !errors.Is(err, widgets.ErrNoOpener) {
		t.Errorf("without xdg-open: %v, want ErrNoOpener", err)
	}
	// An xdg-open that finds no method, as Debian's does with no browser.
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "xdg-open"), []byte("#!/bin/sh\nexit 3\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	if err := widgets.OpenLink(u); !errors.Is(err, widgets.ErrNoOpener) {
		t.Errorf("xdg-open with no method: %v, want ErrNoOpener", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "xdg-open"), []byte("#!/bin/sh\nexit 0\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := widgets.OpenLink(u); err != nil {
		t.Errorf("xdg-open that opened it: %v", err)
	}
}

// TestMeetingDialogSaysWhereTheLinkWent: Invio in the meeting dialog
// opens the link; on Linux xdg-open reports, and the dialog says the link
// opened; where the system's handler does not report (Windows, macOS) the
// dialog says the link went to the browser and how to copy it, never
// that it opened (under Wine nothing did, and the console said it had).
func TestMeetingDialogSaysWhereTheLinkWent(t *testing.T) {
	test.NewTempApp(t)
	c := uitest.NewConsole(t)
	v, _ := showDay(t, c)
	for i, e := range v.entries {
		if e.MeetingURL != "" {
			v.selectEntry(i)
			break
		}
	}
	for _, tc := range []struct {
		err  error
		want string
	}{
		{nil, "Link aperto con il programma predefinito."},
		{widgets.ErrHandedOver, "Link passato al browser predefinito. Se non si apre, premi C per copiarlo"},
		{widgets.ErrNoOpener, i18n.T("meeting.no_opener")},
	} {
		v.openURL = func(*url.URL) error { return tc.err }
		v.showMeeting()
		if v.meeting == nil {
			t.Fatal("no meeting dialog for a web meeting")
		}
		v.meeting.open.OnTapped()
		if got := v.meeting.status.Text; !strings.HasPrefix(got, tc.want) {
			t.Errorf("opener %v: the dialog says %q, want %q", tc.err, got, tc.want)
		}
		v.meeting.d.Hide()
	}
}

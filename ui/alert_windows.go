package ui

import (
	"log/slog"

	"golang.org/x/sys/windows"
)

// alert shows msg in Windows' own message box, for when the console
// cannot draw a window of its own (no OpenGL).
func alert(title, msg string) {
	t, err := windows.UTF16PtrFromString(title)
	if err != nil {
		return
	}
	m, err := windows.UTF16PtrFromString(msg)
	if err != nil {
		return
	}
	if _, err := windows.MessageBox(0, m, t, windows.MB_OK|windows.MB_ICONERROR|windows.MB_SETFOREGROUND|windows.MB_TOPMOST); err != nil {
		slog.Warn("message box", "err", err)
	}
}

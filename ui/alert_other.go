//go:build !windows

package ui

// alert has nothing to show msg with when the console cannot draw a window
// of its own (no display, no OpenGL): stderr and the log, written by the
// caller, carry it.
func alert(title, msg string) {}

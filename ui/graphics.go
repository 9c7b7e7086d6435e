package ui

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log"
	"strings"
	"sync"

	"github.com/go-gl/gl/v2.1/gl"
	"github.com/go-gl/glfw/v3.3/glfw"

	"sportello/app"
)

// CheckGraphics tells whether this computer can draw the console's
// window, before Fyne tries: Fyne 2.7.1 needs an OpenGL 2.1 context, and
// without one (no graphics driver, a Remote Desktop session, a virtual
// desktop with no GPU, an X server without GLX) it only logs "window
// creation error" and then runs on with no window at all, since its
// quit is lost before the loop starts; some GLFW errors panic instead.
// So the console creates a hidden window with the same context Fyne
// asks for and loads OpenGL in it, the way Fyne's painter will. It
// returns an *app.GraphicsError when that fails.
//
// Call it on the main goroutine (GLFW's thread: Fyne's driver locks it)
// before the first Fyne window. GLFW stays initialised for Fyne, whose
// own glfw.Init is then a no-op.
func CheckGraphics() error {
	graphics.once.Do(func() { graphics.err = checkGraphics() })
	return graphics.err
}

// graphics is the answer of the one check a process makes: a second
// would find GLFW's queue of errors from the first.
var graphics struct {
	once sync.Once
	err  error
}

func checkGraphics() (err error) {
	// go-gl/glfw only logs GLFW's platform errors (log.Println) and goes
	// on as if nothing happened, e.g. returns no window and no error: the
	// first of them is the real reason, for IT.
	var said bytes.Buffer
	prev := log.Writer()
	log.SetOutput(io.MultiWriter(prev, &said))
	defer log.SetOutput(prev)
	defer func() {
		if err == nil {
			return
		}
		if _, platform, ok := strings.Cut(said.String(), "PlatformError: "); ok {
			platform, _, _ = strings.Cut(platform, "\n")
			err = &app.GraphicsError{Cause: errors.New(strings.TrimSpace(platform))}
		}
	}()
	defer func() {
		// go-gl/glfw panics on the errors it deems the caller's fault
		// (not initialised, a pixel format unavailable): they mean the
		// same here.
		if r := recover(); r != nil {
			cause, ok := r.(error)
			if !ok {
				cause = fmt.Errorf("%v", r)
			}
			err = &app.GraphicsError{Cause: cause}
		}
	}()
	if err := glfw.Init(); err != nil {
		return &app.GraphicsError{Cause: err}
	}
	glfw.DefaultWindowHints()
	defer glfw.DefaultWindowHints() // Fyne sets the hints it needs, over the defaults
	glfw.WindowHint(glfw.Visible, glfw.False)
	glfw.WindowHint(glfw.ContextVersionMajor, 2)
	glfw.WindowHint(glfw.ContextVersionMinor, 1)
	w, err := glfw.CreateWindow(1, 1, "Sportello", nil, nil)
	if err != nil {
		return &app.GraphicsError{Cause: err}
	}
	if w == nil {
		return &app.GraphicsError{Cause: errors.New("GLFW made no window")}
	}
	defer w.Destroy()
	w.MakeContextCurrent()
	defer glfw.DetachCurrentContext()
	if err := gl.Init(); err != nil {
		return &app.GraphicsError{Cause: fmt.Errorf("loading OpenGL 2.1: %w", err)}
	}
	return nil
}

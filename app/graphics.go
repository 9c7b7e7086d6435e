package app

// GraphicsError says the console cannot draw its window: the computer
// offers no OpenGL 2.1 (no graphics driver, a Remote Desktop session, a
// virtual desktop without a GPU, no X display). Cause is what the
// graphics library said, for IT.
type GraphicsError struct {
	Cause error
}

func (e *GraphicsError) Error() string {
	return "cannot draw the window (OpenGL 2.1 unavailable): " + e.Cause.Error()
}

func (e *GraphicsError) Unwrap() error { return e.Cause }

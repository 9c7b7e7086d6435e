package widgets

// Background work runs inline in tests (see RunInline).
func init() { RunInline() }

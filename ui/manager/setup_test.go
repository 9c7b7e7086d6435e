package manager

import "sportello/ui/widgets"

// The screens' background work runs inline in tests (see
// widgets.RunInline).
func init() { widgets.RunInline() }

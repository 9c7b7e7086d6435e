package ui

import "sportello/ui/dayview"

// The soak (a replayed working day, for the end-to-end tests) drives the
// day view; its report is the day view's.
type (
	// SoakReport is what the soak measured (see dayview.SoakReport).
	SoakReport = dayview.SoakReport
	// SoakMemory is the process's memory at a moment of the soak.
	SoakMemory = dayview.SoakMemory
)

// SoakInteractions is how many interactions a soak replays.
const SoakInteractions = dayview.SoakInteractions

// DayRow is one slot of the day view in the probe's file (see Probe).
type DayRow = dayview.DayRow

package model

import "time"

// PresenceState is what a consultant is doing with a scheda open on their
// screen.
type PresenceState string

// The presence states.
const (
	PresenceViewing  PresenceState = "viewing"  // the scheda is open on their screen
	PresenceDrafting PresenceState = "drafting" // they are writing an answer to it
)

// Valid reports whether p is a known state.
func (p PresenceState) Valid() bool { return p == PresenceViewing || p == PresenceDrafting }

// PresenceTTL is how long central keeps a consultant's presence unless it
// is announced again: a console that closes or loses the line drops out
// by itself.
const PresenceTTL = 45 * time.Second

// Presence is a colleague who has a scheda open, as central knows it. It
// names the consultant only, never the citizen.
type Presence struct {
	OperatorID   string
	OperatorName string
	State        PresenceState
	Until        time.Time // when it expires unless renewed
}

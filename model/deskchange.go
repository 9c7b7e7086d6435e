package model

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// The head of a structure acts on the sportelli's agendas as seed 003
// (messaggio Hermes 3354/2021) describes: by "clonazione" of the most
// requested sportelli, or by reducing a sportello's slot duration. Both are
// online actions of central, sent with an idempotency key.

// MaxCloneDays bounds the days of one clone.
const MaxCloneDays = 20

// MaxSlotMinutes is the longest first-level slot: "una durata massima di
// 10 minuti per accesso" (seeds/003_…txt, after circolare 103/2019).
const MaxSlotMinutes = 10

// SlotMinutes are the first-level slot lengths a sportello may take: at
// most MaxSlotMinutes, and each divides the 8:30–12:30 opening (240
// minutes) evenly, so that no minute of the morning is lost.
var SlotMinutes = []int{5, 6, 8, 10}

// ValidSlotMinutes reports whether m is one of SlotMinutes.
func ValidSlotMinutes(m int) bool { return slices.Contains(SlotMinutes, m) }

// TwinDesk is the name of the twin agenda a clone of desk opens.
func TwinDesk(desk string) string { return desk + " bis" }

// TwinOf returns the sportello a twin agenda twins, and whether desk is
// one.
func TwinOf(desk string) (string, bool) { return strings.CutSuffix(desk, " bis") }

// DeskClone asks central to open a twin agenda of a sportello (the same
// grid of slots: times, services, levels, channel, all free) on some days.
type DeskClone struct {
	Office string
	Desk   string
	Days   []time.Time // working days, from today to the agenda's horizon
	// Key is the action's idempotency key, the same on every retry of
	// this request (the operator's too); empty: the console makes one.
	Key string
}

// SlotDurationChange asks central to cut a sportello's first-level slots
// to Minutes from the day From on.
type SlotDurationChange struct {
	Office  string
	Desk    string
	From    time.Time
	Minutes int
	Key     string // as DeskClone's
}

// DeskChange is what central did.
type DeskChange struct {
	Office string
	Desk   string // the sportello acted on: for a clone, the twin
	Slots  int    // slots opened (a clone) or free slots after the cut (a duration change)
	Days   []time.Time
	// Minutes is the new slot length (a duration change).
	Minutes int
}

// The codes of a DeskRefusal.
const (
	// RefusedBookedCitizens: the change would drop booked citizens
	// (Booked of them, from FirstDay); from EarliestFrom it drops nobody.
	RefusedBookedCitizens = "booked_citizens"
	RefusedPastDay        = "past_day"      // Day is today or before (a duration change), or past or today with no slot left (a clone)
	RefusedClosedDay      = "closed_day"    // Day is not a working day of the office
	RefusedNoAgenda       = "no_agenda"     // Day is beyond the agenda's horizon
	RefusedTooManyDays    = "too_many_days" // more than MaxCloneDays, or none
	RefusedUnknownDesk    = "unknown_desk"  // no such sportello in the office
	RefusedTwinExists     = "twin_exists"   // the twin already has an agenda on Day
	RefusedBadDuration    = "bad_duration"  // Minutes is not one of SlotMinutes
	RefusedNotShorter     = "not_shorter"   // from Day the slots are already this short or shorter
	RefusedIdempotency    = "idempotency_mismatch"
)

// DeskRefusal is central's refusal of a manager's action, with what the
// screen needs to say why: 409 for booked citizens, 422 for the rest.
type DeskRefusal struct {
	Code    string
	Message string // central's own words, in Italian
	// Booked citizens would lose their appointment, the first on
	// FirstDay; the change drops nobody from EarliestFrom on.
	Booked       int
	FirstDay     time.Time
	EarliestFrom time.Time
	// Day is the day a refusal of a day concerns.
	Day time.Time
}

func (r *DeskRefusal) Error() string {
	if r.Code == RefusedBookedCitizens {
		return fmt.Sprintf("desk change refused: %d booked citizens from %s", r.Booked, r.FirstDay.Format(time.DateOnly))
	}
	return "desk change refused: " + r.Code
}

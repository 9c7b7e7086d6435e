// Package model holds Sportello's vocabulary: slots, citizens, schede,
// tickets, channels, statuses, operators and the codice fiscale, with their
// validation; the operator's actions (one type per outbox kind, with its
// audit meaning), the entities central keeps and the changes of its feed.
// It imports nothing else of the project.
package model

import "time"

// Channel is how a booked slot is served.
type Channel string

// The booking channels.
const (
	ChannelInPerson   Channel = "in_person"      // in presenza, at the desk
	ChannelPhone      Channel = "phone_callback" // richiamata telefonica
	ChannelWebMeeting Channel = "web_meeting"    // Microsoft Teams meeting
)

// Valid reports whether c is one of the known channels.
func (c Channel) Valid() bool {
	switch c {
	case ChannelInPerson, ChannelPhone, ChannelWebMeeting:
		return true
	}
	return false
}

// Status is where a slot stands in its life cycle.
type Status string

// The slot statuses.
const (
	StatusFree       Status = "free"        // libero: nobody booked it
	StatusBooked     Status = "booked"      // prenotato
	StatusCheckedIn  Status = "checked_in"  // arrivato
	StatusInProgress Status = "in_progress" // in corso
	StatusParked     Status = "parked"      // in attesa: the visit is parked (the citizen went to fetch a document)
	StatusCompleted  Status = "completed"   // concluso
	StatusNoShow     Status = "no_show"     // assente
	StatusCancelled  Status = "cancelled"   // annullato
	StatusBlocked    Status = "blocked"     // bloccato: not bookable (meeting, training, absence)
)

// Statuses lists every status in the order the day view counts them.
var Statuses = []Status{StatusBooked, StatusCheckedIn, StatusInProgress, StatusParked, StatusCompleted,
	StatusNoShow, StatusCancelled, StatusFree, StatusBlocked}

// Valid reports whether s is one of the known statuses.
func (s Status) Valid() bool {
	switch s {
	case StatusFree, StatusBooked, StatusCheckedIn, StatusInProgress, StatusParked,
		StatusCompleted, StatusNoShow, StatusCancelled, StatusBlocked:
		return true
	}
	return false
}

// Level is the level of service of a slot.
type Level int

// The two levels of service.
const (
	LevelInformation Level = 1 // Livello I: first-level information
	LevelConsulenza  Level = 2 // Livello II: specialist consulenza
)

// Role is what an operator does.
type Role string

// The operator roles.
const (
	RoleSportello   Role = "sportello"
	RoleCRIC        Role = "cric"
	RoleAccoglienza Role = "accoglienza"
	RolePuntoINPS   Role = "punto_inps"
	// RoleResponsabile is the head of a structure (Responsabile di
	// struttura, seeds/003_…txt): of an Agenzia, or of the Direzione
	// provinciale when the operator's office is the Sede. They watch how
	// full the sportelli's agendas are and act on them.
	RoleResponsabile Role = "responsabile"
)

// Office is an INPS structure (Sede, Agenzia, Punto INPS, CRIC).
type Office struct {
	Code  string
	Name  string
	Kind  string         // sede, agenzia_complessa, agenzia, punto_inps, cric
	Desks []string       // the sportelli that take bookings
	Hours []OpeningHours // when the office receives the public
	// Comuni are the comuni the office serves (its bacino d'utenza).
	Comuni []string
}

// OpeningHours is one opening interval of an office on a weekday; Open and
// Close are clock times ("08:30").
type OpeningHours struct {
	Weekday     time.Weekday
	Open, Close string
}

// Service is a service citizens can book, with the level it belongs to.
type Service struct {
	Code  string
	Name  string
	Level Level
}

// Operator is the person logged in to the console.
type Operator struct {
	ID     string
	Name   string
	Office Office
	Desk   string
	Roles  []Role
	// Sections are the CRIC sections a consultant works in.
	Sections []Section
}

// Station is the name of where the operator receives citizens: their
// desk, or their own name at a reception without desks. Queue tickets they
// call carry it.
func (o Operator) Station() string {
	if o.Desk != "" {
		return o.Desk
	}
	return o.Name
}

// Slot is one bookable unit of a sportello.
type Slot struct {
	ID         string
	Office     string // code of the office the desk belongs to
	Start      time.Time
	End        time.Time
	Desk       string
	Channel    Channel
	Service    string
	Level      Level
	Status     Status
	CitizenCF  string // empty for a free slot
	MeetingURL string // set for web meetings
	Phone      string // number to call back, for phone slots
	Outcome    Outcome
	Note       string // the operator's note on completion
	// ServedFrom and ServedTo are when the operator started and
	// completed serving (zero until then, or when central does not say).
	ServedFrom time.Time
	ServedTo   time.Time
	// Services are the services delivered in the visit besides the booked
	// one (added during the visit); the report counts each.
	Services []string
	// NotRepresentative marks a visit whose service time should not count
	// in the averages (the operator says so at the wrap-up).
	NotRepresentative bool
	// Transfers is how many times the visit was passed to another desk or
	// service.
	Transfers int
	// TransferFrom and TransferNote are the desk the visit was last
	// transferred from and the note for the colleague who takes it.
	TransferFrom string
	TransferNote string
	Priority     Priority
	Version      int64
}

// AgendaEntry is a slot as the day view shows it: the slot and the name of
// the citizen who booked it, when known.
type AgendaEntry struct {
	Slot
	CitizenName string
	Pending     bool // an action on the slot waits to be sent to central
}

// Booked reports whether a citizen holds the slot (whatever became of the
// booking): it is neither free nor blocked.
func (s Slot) Booked() bool { return s.Status != StatusFree && s.Status != StatusBlocked }

// Open reports whether the slot still waits for something to happen:
// booked, arrived or being served.
func (s Slot) Open() bool {
	return s.Status == StatusBooked || s.Status == StatusCheckedIn || s.Status == StatusInProgress || s.Status == StatusParked
}

// ContactKind is the kind of a citizen's contact.
type ContactKind string

// The contact kinds.
const (
	ContactMobile ContactKind = "mobile"
	ContactPhone  ContactKind = "phone"
	ContactEmail  ContactKind = "email"
	ContactPEC    ContactKind = "pec"
)

// Contact is one way to reach a citizen.
type Contact struct {
	Kind     ContactKind
	Value    string
	Verified bool
}

// Citizen is the caller's file (fascicolo): identity and contacts, then
// delegations, contact history, open cases, documents and notes.
type Citizen struct {
	CF          string
	GivenName   string
	FamilyName  string
	Sex         string // "M" or "F"
	BirthDate   time.Time
	BirthPlace  string
	Address     string
	Contacts    []Contact
	Delegations []Delegation
	History     []HistoryEntry
	Cases       []Case
	Documents   []Document
	Notes       []Note
	Suggestions []Suggestion `json:",omitempty"` // rights the citizen may not have claimed (central's)
	Version     int64
}

// FullName is the name as an operator reads it: family name first.
func (c Citizen) FullName() string {
	return c.FamilyName + " " + c.GivenName
}

// CitizenCard is what a search result shows of a citizen: enough to tell
// namesakes apart.
type CitizenCard struct {
	CF         string
	FamilyName string
	GivenName  string
	BirthDate  time.Time
	BirthPlace string
}

// Card returns the citizen's card.
func (c Citizen) Card() CitizenCard {
	return CitizenCard{CF: c.CF, FamilyName: c.FamilyName, GivenName: c.GivenName, BirthDate: c.BirthDate, BirthPlace: c.BirthPlace}
}

// FullName is the name as an operator reads it: family name first.
func (c CitizenCard) FullName() string {
	return c.FamilyName + " " + c.GivenName
}

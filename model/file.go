package model

import "time"

// DelegationKind tells who may act for a citizen.
type DelegationKind string

// The kinds of delegation.
const (
	DelegationPerson    DelegationKind = "delega"    // a person delegated by the citizen
	DelegationPatronato DelegationKind = "patronato" // a patronato mandate
)

// Delegation is someone allowed to act for the citizen: a delegated person
// or a patronato under mandate.
type Delegation struct {
	Kind      DelegationKind
	Holder    string // the delegated person, or the patronato's name
	HolderCF  string // the delegated person's codice fiscale, if a person
	Scope     string
	From      time.Time
	Until     time.Time // zero: until revoked
	Acquired  string    // how the mandate was acquired (e.g. "digitale")
	Patronato string    // the patronato's office, for a mandate
}

// Outcome is how a served contact ended.
type Outcome string

// The outcomes of a contact.
const (
	OutcomeResolved   Outcome = "resolved"    // risolto
	OutcomeFollowUp   Outcome = "follow_up"   // da ricontattare
	OutcomeCaseOpened Outcome = "case_opened" // pratica avviata
	OutcomeRedirected Outcome = "redirected"  // indirizzato ad altra struttura
)

// Valid reports whether o is a well-formed outcome code (lower-case
// letters, digits and underscores, at most 40): the outcomes come from
// central's catalogue (see OutcomeInfo), which alone says which exist.
func (o Outcome) Valid() bool {
	if o == "" || len(o) > 40 {
		return false
	}
	for _, r := range o {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '_' {
			return false
		}
	}
	return true
}

// HistoryEntry is one earlier contact with the citizen and who handled it.
type HistoryEntry struct {
	At         time.Time
	Channel    string // in_person, phone_callback, web_meeting, linea_inps
	Office     string
	OperatorID string
	Operator   string // name of who handled it
	Service    string
	Outcome    Outcome
	Note       string
	Status     Status // for an appointment: completed, no_show or cancelled; empty if served
	Pending    bool   `json:",omitempty"` // recorded here, not yet received by central
}

// CaseStatus is where a case (pratica) stands.
type CaseStatus string

// The case statuses.
const (
	CaseReceived  CaseStatus = "received"  // acquisita
	CaseInReview  CaseStatus = "in_review" // in istruttoria
	CaseSuspended CaseStatus = "suspended" // sospesa, waiting for documents
	CaseApproved  CaseStatus = "approved"  // accolta
	CaseRejected  CaseStatus = "rejected"  // respinta
)

// Valid reports whether s is one of the known case statuses.
func (s CaseStatus) Valid() bool {
	switch s {
	case CaseReceived, CaseInReview, CaseSuspended, CaseApproved, CaseRejected:
		return true
	}
	return false
}

// Case is a pratica of the citizen: NASpI, pensione, invalidità civile …
type Case struct {
	ID      string
	Kind    string
	Status  CaseStatus
	Opened  time.Time
	Updated time.Time
	Office  string
}

// Document is a document in the citizen's file.
type Document struct {
	ID    string
	Title string
	Kind  string
	Date  time.Time
}

// Note is an operator's note on the citizen's file.
type Note struct {
	ID       string
	At       time.Time
	AuthorID string
	Author   string
	Text     string
	Pending  bool // written here, not yet received by central
}

// MaxNoteLength bounds a note's text, in bytes.
const MaxNoteLength = 2000

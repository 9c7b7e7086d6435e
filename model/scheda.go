package model

import "time"

// Section is a CRIC section answering Linea INPS schede.
type Section string

// The CRIC sections.
const (
	SectionPensioni     Section = "pensioni"              // pensioni
	SectionReddito      Section = "sostegno_reddito"      // prestazioni a sostegno del reddito
	SectionContribuente Section = "soggetto_contribuente" // soggetto contribuente
)

// Sections lists the CRIC sections in display order.
var Sections = []Section{SectionPensioni, SectionReddito, SectionContribuente}

// Valid reports whether s is one of the CRIC sections.
func (s Section) Valid() bool {
	switch s {
	case SectionPensioni, SectionReddito, SectionContribuente:
		return true
	}
	return false
}

// SchedaStatus is where a Linea INPS scheda stands.
type SchedaStatus string

// The statuses of a scheda.
const (
	SchedaNew       SchedaStatus = "new"       // nuova, da lavorare
	SchedaInCharge  SchedaStatus = "in_charge" // presa in carico
	SchedaWaiting   SchedaStatus = "waiting"   // in attesa di risposta: information asked of the citizen
	SchedaAnswered  SchedaStatus = "answered"  // risposta inviata
	SchedaForwarded SchedaStatus = "forwarded" // inoltrata alla Direzione centrale
	SchedaConverted SchedaStatus = "converted" // convertita in appuntamento
)

// SchedaStatuses lists the statuses in the order of the work.
var SchedaStatuses = []SchedaStatus{SchedaNew, SchedaInCharge, SchedaWaiting, SchedaAnswered, SchedaForwarded, SchedaConverted}

// Valid reports whether s is one of the known statuses.
func (s SchedaStatus) Valid() bool {
	switch s {
	case SchedaNew, SchedaInCharge, SchedaWaiting, SchedaAnswered, SchedaForwarded, SchedaConverted:
		return true
	}
	return false
}

// Open reports whether a scheda in this status still waits for the CRIC:
// new, in charge or waiting for the citizen's reply.
func (s SchedaStatus) Open() bool {
	return s == SchedaNew || s == SchedaInCharge || s == SchedaWaiting
}

// Held reports whether a consultant holds a scheda in this status: in
// charge, or waiting for the citizen with its holder.
func (s SchedaStatus) Held() bool { return s == SchedaInCharge || s == SchedaWaiting }

// SchedaOp is what a consultant does with a scheda.
type SchedaOp string

// The operations on a scheda.
const (
	OpClaim       SchedaOp = "claim"        // take in charge
	OpRequestInfo SchedaOp = "request_info" // ask the citizen for information or documents
	OpAnswer      SchedaOp = "answer"       // send the answer
	OpForward     SchedaOp = "forward"      // forward to a Direzione centrale
	OpConvert     SchedaOp = "convert"      // turn into an appointment
)

// SchedaOps lists the operations.
var SchedaOps = []SchedaOp{OpClaim, OpRequestInfo, OpAnswer, OpForward, OpConvert}

// NextScheda returns the status an operation leads to from status, or
// ErrTransition when the operation is not possible there. Holding is
// checked apart (see Scheda.HeldBy).
func NextScheda(status SchedaStatus, op SchedaOp) (SchedaStatus, error) {
	switch {
	case op == OpClaim && status == SchedaNew:
		return SchedaInCharge, nil
	case op == OpRequestInfo && status == SchedaInCharge:
		return SchedaWaiting, nil
	case op == OpAnswer && status.Held():
		return SchedaAnswered, nil
	case op == OpForward && status.Held():
		return SchedaForwarded, nil
	case op == OpConvert && status.Held():
		return SchedaConverted, nil
	}
	return status, ErrTransition
}

// Scheda is a written question from Linea INPS that the Contact Center could
// not answer, for a CRIC consultant.
type Scheda struct {
	ID            string
	Number        string // the protocol number the citizen was given
	Section       Section
	Status        SchedaStatus
	ReceivedAt    time.Time
	CitizenCF     string
	Subject       string
	Question      string
	HolderID      string // the consultant who took it in charge
	HolderName    string
	InfoRequest   string // what was asked of the citizen, while waiting
	Answer        string
	AnsweredAt    time.Time // when it was answered, forwarded or converted
	ForwardedTo   string    // the Direzione centrale, when forwarded
	ForwardReason string
	SlotID        string // the appointment, when converted
	// Waits are the periods the scheda waited for the citizen's
	// documents, as central records them; the last one runs (zero To)
	// while it waits. The service-level clock stops during them.
	Waits   []Period `json:",omitempty"`
	Version int64
	// Appointment is the slot booked by the conversion, as the console
	// booked it: known locally only (central names just its id).
	Appointment *Slot `json:",omitempty"`
}

// Ref is how the audit trail names the scheda: the protocol number the
// consultant sees on screen (the id, for one without a number).
func (s Scheda) Ref() string {
	if s.Number != "" {
		return s.Number
	}
	return s.ID
}

// HeldBy reports whether the operator holds the scheda.
func (s Scheda) HeldBy(operatorID string) bool { return s.Status.Held() && s.HolderID == operatorID }

// Age is how long the scheda has waited at the CRIC at now: until the
// answer, forward or conversion once closed (AnsweredAt), else until now.
func (s Scheda) Age(now time.Time) time.Duration {
	end := now
	if !s.Status.Open() && !s.AnsweredAt.IsZero() {
		end = s.AnsweredAt
	}
	return max(end.Sub(s.ReceivedAt), 0)
}

// MaxAnswerLength bounds an answer to a scheda, in bytes.
const MaxAnswerLength = 8000

// MaxReasonLength bounds the reason of a forward and a request for
// information, in bytes.
const MaxReasonLength = 2000

// DirezioneCentrale is a central directorate a CRIC forwards an
// exceptionally complex scheda to, by its national code.
type DirezioneCentrale struct {
	Code, Name string
	Section    Section // the section whose schede it usually takes
}

// DirezioniCentrali are the Direzioni centrali competent for the CRIC
// sections (codes of seeds/003).
var DirezioniCentrali = []DirezioneCentrale{
	{"0013", "Pensioni", SectionPensioni},
	{"0005", "Ammortizzatori sociali", SectionReddito},
	{"0023", "Entrate", SectionContribuente},
	{"0015", "Medico legale", ""},
}

// DirezioneCentraleOf returns the Direzione centrale of a code.
func DirezioneCentraleOf(code string) (DirezioneCentrale, bool) {
	for _, d := range DirezioniCentrali {
		if d.Code == code {
			return d, true
		}
	}
	return DirezioneCentrale{}, false
}

// InboxEntry is a scheda as the consultant's inbox shows it.
type InboxEntry struct {
	Scheda
	CitizenName string // when the citizen's file is mirrored
	Pending     bool   // an action on it waits to be sent to central
	Draft       bool   // an answer is being written
}

// AgeCount counts the schede of a status, and the open ones by how long
// they have waited against the service target: within half of it, past
// half, past it.
type AgeCount struct {
	Total, Fresh, Aging, Late int
}

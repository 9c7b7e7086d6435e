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
	SchedaNew       SchedaStatus = "new"       // da lavorare
	SchedaInCharge  SchedaStatus = "in_charge" // presa in carico
	SchedaAnswered  SchedaStatus = "answered"  // risposta inviata
	SchedaForwarded SchedaStatus = "forwarded" // inoltrata alla Direzione centrale
	SchedaConverted SchedaStatus = "converted" // trasformata in appuntamento
)

// Valid reports whether s is one of the known statuses.
func (s SchedaStatus) Valid() bool {
	switch s {
	case SchedaNew, SchedaInCharge, SchedaAnswered, SchedaForwarded, SchedaConverted:
		return true
	}
	return false
}

// Scheda is a written question from Linea INPS that the Contact Center could
// not answer, for a CRIC consultant.
type Scheda struct {
	ID          string
	Number      string // the protocol number the citizen was given
	Section     Section
	Status      SchedaStatus
	ReceivedAt  time.Time
	CitizenCF   string
	Subject     string
	Question    string
	HolderID    string // the consultant who took it in charge
	HolderName  string
	Answer      string
	AnsweredAt  time.Time
	ForwardedTo string // the Direzione centrale, when forwarded
	SlotID      string // the appointment, when converted
	Version     int64
}

// MaxAnswerLength bounds an answer to a scheda, in bytes.
const MaxAnswerLength = 8000

package model

// Priority is why a visit or a queue ticket goes before the others
// (persone fragili): empty for none.
type Priority string

// The priorities. A queue calls priority tickets first, in order of
// issue, whatever their kind.
const (
	PriorityNone       Priority = ""
	PriorityGeneric    Priority = "priority"   // precedenza
	PriorityElderly    Priority = "elderly"    // anziano
	PriorityDisability Priority = "disability" // disabilità
	PriorityPregnancy  Priority = "pregnancy"  // gravidanza
)

// Priorities lists the priorities an operator can give, in the order
// the screens offer them.
var Priorities = []Priority{PriorityGeneric, PriorityElderly, PriorityDisability, PriorityPregnancy}

// Valid reports whether p is none or one of the known priorities.
func (p Priority) Valid() bool {
	switch p {
	case PriorityNone, PriorityGeneric, PriorityElderly, PriorityDisability, PriorityPregnancy:
		return true
	}
	return false
}

package model

// Entity is a record central keeps and the local mirror copies: a Slot, a
// Scheda or a Ticket. It is what central answers about an operator's
// action, what its changes feed carries, and what a conflict shows as
// central's side. The set is closed: only this package's types are
// entities.
type Entity interface {
	// EntityID is the entity's id, unique within its type.
	EntityID() string
	entity()
}

// EntityID is the slot's id.
func (s Slot) EntityID() string { return s.ID }
func (Slot) entity()            {}

// EntityID is the scheda's id.
func (s Scheda) EntityID() string { return s.ID }
func (Scheda) entity()            {}

// EntityID is the ticket's id.
func (t Ticket) EntityID() string { return t.ID }
func (Ticket) entity()            {}

// AsEntity turns what a call returns, an entity of one type and an error,
// into a model.Entity: nil when err is set (a zero entity wrapped in the
// interface would not compare equal to nil).
func AsEntity[E Entity](e E, err error) (Entity, error) {
	if err != nil {
		return nil, err
	}
	return e, nil
}

// Change is one entry of central's changes feed: an entity as central now
// has it, or a citizen whose file changed there (StaleCitizen, a codice
// fiscale; Entity is then nil). It is the one shape a change has from the
// wire to the mirror.
type Change struct {
	Entity       Entity
	StaleCitizen string
}

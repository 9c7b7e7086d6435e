package app

import (
	"context"
	"time"

	"sportello/assets/i18n"
	"sportello/model"
)

// Conflict is an action central refused because the entity changed there,
// as the operator sees it: what they did, and what central has now.
type Conflict struct {
	Seq     int64
	Kind    model.ActionKind
	Action  model.Action // what the operator did
	Central model.Entity // the entity as central has it; nil when central did not say
	At      time.Time    // when the operator acted
	// Title says what the conflict is on (the slot, the scheda…); Mine
	// describes the operator's action and Theirs central's entity, in the
	// operator's language.
	Title, Mine, Theirs string
	Message             string // central's explanation
	// Citizen is the name of the citizen the action concerns, when the
	// mirror has their file.
	Citizen string
	// FoundAt is when central refused the action: its version was
	// already so then.
	FoundAt time.Time
	// CanRetry says whether the action can still succeed on central's
	// version (a no-show on a slot central has as completed cannot).
	CanRetry bool
	// Rebook says the conflict is settled by booking another slot (the
	// slot asked for is taken): the booking screen offers the nearest.
	Rebook bool

	citizenCF string // whose name Citizen is, when the kind knows
}

// Conflicts returns the conflicts waiting for the operator, oldest first.
func (c *Console) Conflicts(ctx context.Context) ([]Conflict, error) {
	raw, err := c.store.Conflicts(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Conflict, 0, len(raw))
	for _, r := range raw {
		k := Conflict{Seq: r.Seq, Kind: r.Kind, At: r.CreatedAt, Central: r.Central, Message: r.Message, FoundAt: r.FoundAt,
			CanRetry: true, Theirs: describeEntity(r.Central)}
		kd, err := kindOf(r.Kind)
		if err == nil {
			err = kd.conflict(ctx, c, r.Payload, &k)
		}
		if err != nil {
			// An action this console cannot read (of a kind a newer
			// console wrote, say) hides no other conflict, and central's
			// version can still be accepted.
			c.log.Warn("conflicts: an action this console cannot read", "seq", r.Seq, "kind", r.Kind, "err", err)
			k.Mine, k.CanRetry = i18n.T("conflicts.unknown_action"), false
		}
		if k.citizenCF != "" && k.Citizen == "" {
			if cit, err := c.store.Citizen(ctx, k.citizenCF); err == nil {
				k.Citizen = cit.FullName()
			}
		}
		out = append(out, k)
	}
	return out, nil
}

// describeEntity says how central has an entity, in the operator's
// language.
func describeEntity(e model.Entity) string {
	switch e := e.(type) {
	case model.Slot:
		s := i18n.T("status." + string(e.Status))
		if e.Outcome != "" {
			s += " · " + i18n.T("outcome."+string(e.Outcome))
		}
		return s
	case model.Scheda:
		s := i18n.T("scheda." + string(e.Status))
		if e.HolderName != "" {
			s = i18n.T("inbox.held_by", s, e.HolderName)
		}
		return s
	case model.Ticket:
		s := i18n.T("ticket.status." + string(e.Status))
		if e.Desk != "" {
			s += " · " + e.Desk
		}
		return s
	}
	return i18n.T("conflicts.central_unknown")
}

// operatorID is the signed-in operator's id ("" when unknown).
func (c *Console) operatorID(ctx context.Context) string {
	op, err := c.store.Operator(ctx)
	if err != nil {
		return ""
	}
	return op.ID
}

// ResolveConflict settles a conflict. Accepting central's version (retry
// false) only closes it: the mirror already shows central's state. Retry
// applies the operator's event again on top of central's current state, as
// a new action with a new idempotency key; if that state does not allow it
// (the citizen was already marked absent, say) the error says so and the
// conflict stays open.
func (c *Console) ResolveConflict(ctx context.Context, seq int64, retry bool) error {
	if retry {
		if err := c.retryConflict(ctx, seq); err != nil {
			return err
		}
	}
	if err := c.store.ResolveConflict(ctx, seq); err != nil {
		return err
	}
	c.notify(ctx)
	return nil
}

// retryConflict applies the action of conflict seq again, as its kind
// does.
func (c *Console) retryConflict(ctx context.Context, seq int64) error {
	raw, err := c.store.Conflicts(ctx)
	if err != nil {
		return err
	}
	for _, r := range raw {
		if r.Seq != seq {
			continue
		}
		k, err := kindOf(r.Kind)
		if err != nil {
			return err
		}
		return k.retry(ctx, c, r.Payload)
	}
	return nil
}

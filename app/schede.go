package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"sportello/cache"
	"sportello/client"
	"sportello/model"
)

// The consultant's work on Linea INPS schede. Like the desk's actions,
// every operation is applied to the mirror at once and queued for central
// (offline too); drafts are kept on this computer as they are typed.

// InboxFilter selects the schede the inbox lists.
type InboxFilter struct {
	Section model.Section      // empty: all the consultant's sections
	Status  model.SchedaStatus // empty: the open ones
	Mine    bool               // only those the consultant holds
	Due     bool               // only the open ones late or due soon, the most urgent first (Status ignored)
}

// SchedaTarget is how long a scheda may wait at the CRIC before it is
// flagged late (configured as scheda_target_days).
func (c *Console) SchedaTarget() time.Duration { return c.target }

// sections returns the sections a filter covers: its own, or the
// consultant's.
func (c *Console) sections(ctx context.Context, section model.Section) ([]model.Section, model.Operator, error) {
	op, err := c.store.Operator(ctx)
	if err != nil {
		return nil, op, fmt.Errorf("schede: %w", err)
	}
	if section != "" {
		return []model.Section{section}, op, nil
	}
	return op.Sections, op, nil
}

// Inbox returns the schede of a filter from the mirror, with how many
// match in all: the open ones oldest first, closed ones latest first.
func (c *Console) Inbox(ctx context.Context, f InboxFilter) ([]model.InboxEntry, int, error) {
	sections, op, err := c.sections(ctx, f.Section)
	if err != nil {
		return nil, 0, err
	}
	q := cache.InboxQuery{Sections: sections}
	if f.Status != "" {
		q.Statuses = []model.SchedaStatus{f.Status}
	}
	if f.Mine {
		q.HolderID = op.ID
	}
	if f.Due {
		return c.dueInbox(ctx, q)
	}
	return c.store.Inbox(ctx, q)
}

// SchedaCounts counts the schede of a section (empty: the consultant's)
// by status, and the open ones by age against the target.
func (c *Console) SchedaCounts(ctx context.Context, section model.Section) (map[model.SchedaStatus]model.AgeCount, error) {
	sections, _, err := c.sections(ctx, section)
	if err != nil {
		return nil, err
	}
	counts, err := c.store.SchedaCounts(ctx, sections, c.now(), c.target)
	if err != nil {
		return nil, err
	}
	return counts, c.clockCounts(ctx, sections, counts)
}

// Scheda returns a scheda from the mirror.
func (c *Console) Scheda(ctx context.Context, id string) (model.InboxEntry, error) {
	return c.store.Scheda(ctx, id)
}

// schedaOp applies a consultant's operation and queues it for central,
// held for the undo window (see Undo).
func (c *Console) schedaOp(ctx context.Context, a model.SchedaAction) (model.Scheda, error) {
	op, err := c.store.Operator(ctx)
	if err != nil {
		return model.Scheda{}, fmt.Errorf("scheda: %w", err)
	}
	a.OperatorID, a.Operator, a.At = op.ID, op.Name, c.now()
	sc, err := c.store.EnqueueSchedaHeld(ctx, client.NewIdempotencyKey(), a, c.holdUntil())
	if err != nil {
		return sc, err
	}
	c.queued()
	return sc, nil
}

// ClaimScheda takes a scheda in charge. A scheda a colleague is known to
// hold is refused at once (cache.HeldError); one a colleague took in the
// meantime, unknown here yet, comes back from central as a conflict that
// names them.
func (c *Console) ClaimScheda(ctx context.Context, id string) (model.Scheda, error) {
	return c.schedaOp(ctx, model.SchedaAction{SchedaID: id, Op: model.OpClaim})
}

// RequestInfo asks the citizen for information or documents: the scheda
// waits, still held by the consultant.
func (c *Console) RequestInfo(ctx context.Context, id, text string) (model.Scheda, error) {
	return c.schedaOp(ctx, model.SchedaAction{SchedaID: id, Op: model.OpRequestInfo, Text: text})
}

// AnswerScheda sends the answer to a scheda the consultant holds; its
// draft is then dropped.
func (c *Console) AnswerScheda(ctx context.Context, id, text string) (model.Scheda, error) {
	return c.schedaOp(ctx, model.SchedaAction{SchedaID: id, Op: model.OpAnswer, Text: text})
}

// ForwardScheda forwards a scheda the consultant holds to a Direzione
// centrale (by code) with the reason.
func (c *Console) ForwardScheda(ctx context.Context, id, direzione, reason string) (model.Scheda, error) {
	return c.schedaOp(ctx, model.SchedaAction{SchedaID: id, Op: model.OpForward, Direzione: direzione, Text: reason})
}

// ConvertScheda turns a scheda the consultant holds into an appointment
// in a free slot (one of AppointmentSlots) held as channel.
func (c *Console) ConvertScheda(ctx context.Context, id string, slot model.Slot, channel model.Channel) (model.Scheda, error) {
	return c.schedaOp(ctx, model.SchedaAction{SchedaID: id, Op: model.OpConvert, Slot: &slot, Channel: channel})
}

// SaveDraft keeps the answer being written to a scheda on this computer
// (an empty text deletes it).
func (c *Console) SaveDraft(ctx context.Context, id, text string) error {
	return c.store.SaveDraft(ctx, id, text, c.now())
}

// Draft returns the answer being written to a scheda, and when it was
// last saved.
func (c *Console) Draft(ctx context.Context, id string) (string, time.Time, error) {
	return c.store.Draft(ctx, id)
}

// AnswersPage is how many earlier answers a search returns.
const AnswersPage = 8

// SearchAnswers finds the section's earlier answers whose words best match
// text (the question, or words the consultant types), on this computer.
func (c *Console) SearchAnswers(ctx context.Context, section model.Section, text string) ([]model.Scheda, error) {
	return c.store.SearchAnswers(ctx, section, text, AnswersPage)
}

// AppointmentDays is how many working days ahead a conversion looks for a
// free slot.
const AppointmentDays = 10

// ErrNoAgency means no office of the Direzione takes appointments.
var ErrNoAgency = errors.New("no office takes appointments")

// Agencies returns, from central, the offices that take appointments and
// the code of the one serving the comune the citizen lives in (empty if
// the address names none of theirs). It needs the network.
func (c *Console) Agencies(ctx context.Context, cf string) ([]model.Office, string, error) {
	offices, err := c.api.Offices(ctx)
	if err != nil {
		return nil, "", err
	}
	offices = slices.DeleteFunc(offices, func(o model.Office) bool { return len(o.Desks) == 0 || o.Kind == "cric" })
	if len(offices) == 0 {
		return nil, "", ErrNoAgency
	}
	cit, err := c.store.Citizen(ctx, cf)
	if err != nil {
		return offices, "", nil // the file is not here: the consultant picks
	}
	return offices, officeServing(offices, cit.Address), nil
}

// officeServing returns the code of the office whose comuni include the
// comune of an address ("Via Roma 1, Eboli (SA)"), or "".
func officeServing(offices []model.Office, address string) string {
	comune := address
	if i := strings.LastIndex(comune, ","); i >= 0 {
		comune = comune[i+1:]
	}
	if i := strings.Index(comune, "("); i >= 0 {
		comune = comune[:i]
	}
	comune = strings.TrimSpace(comune)
	for _, o := range offices {
		for _, name := range o.Comuni {
			if strings.EqualFold(name, comune) {
				return o.Code
			}
		}
	}
	return ""
}

// AppointmentSlots returns, from central, the free consulenza slots of an
// office in the next AppointmentDays working days. It needs the network.
func (c *Console) AppointmentSlots(ctx context.Context, office string) ([]model.Slot, error) {
	services, err := c.api.Services(ctx)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(services, func(s model.Service) bool { return s.Level == model.LevelConsulenza })
	if i < 0 {
		return nil, fmt.Errorf("%w: no consulenza service", ErrNoAgency)
	}
	days := model.NextWorkingDays(c.now(), AppointmentDays)
	return c.api.Availability(ctx, office, services[i].Code, days[0], days[len(days)-1])
}

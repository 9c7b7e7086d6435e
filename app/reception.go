package app

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"sportello/cache"
	"sportello/client"
	"sportello/model"
)

// catalogueAge is how old the stored catalogue of services and offices may
// grow before a sync fetches it again.
const catalogueAge = 24 * time.Hour

// refreshCatalogue fetches the services and offices when the stored ones
// are missing or old, for booking offline.
func (c *Console) refreshCatalogue(ctx context.Context) error {
	if cat, err := c.store.Catalogue(ctx); err == nil && c.now().Sub(cat.At) < catalogueAge {
		return nil
	}
	services, err := c.api.Services(ctx)
	if err != nil {
		return fmt.Errorf("catalogue: %w", err)
	}
	offices, err := c.api.Offices(ctx)
	if err != nil {
		return fmt.Errorf("catalogue: %w", err)
	}
	return c.store.SetCatalogue(ctx, cache.Catalogue{Services: services, Offices: offices, At: c.now()})
}

// catalogue returns the stored catalogue, fetching it when none is stored
// yet and central answers.
func (c *Console) catalogue(ctx context.Context) (cache.Catalogue, error) {
	cat, err := c.store.Catalogue(ctx)
	if errors.Is(err, cache.ErrNotCached) {
		if err := c.refreshCatalogue(ctx); err != nil {
			return cat, err
		}
		return c.store.Catalogue(ctx)
	}
	return cat, err
}

// Services returns the bookable services, by level then name.
func (c *Console) Services(ctx context.Context) ([]model.Service, error) {
	cat, err := c.catalogue(ctx)
	if err != nil {
		return nil, err
	}
	out := slices.Clone(cat.Services)
	slices.SortStableFunc(out, func(a, b model.Service) int {
		return cmp.Or(cmp.Compare(a.Level, b.Level), strings.Compare(a.Name, b.Name))
	})
	return out, nil
}

// BookingOffices returns the offices a reception books in: the operator's
// own first, then the others of the Direzione provinciale that take
// bookings, by name.
func (c *Console) BookingOffices(ctx context.Context) ([]model.Office, error) {
	op, err := c.store.Operator(ctx)
	if err != nil {
		return nil, err
	}
	cat, err := c.catalogue(ctx)
	if err != nil {
		return []model.Office{op.Office}, nil // offline, never synced: the own office only
	}
	out := slices.DeleteFunc(slices.Clone(cat.Offices), func(o model.Office) bool { return len(o.Desks) == 0 || o.Kind == "cric" })
	slices.SortStableFunc(out, func(a, b model.Office) int { return strings.Compare(a.Name, b.Name) })
	own := slices.IndexFunc(out, func(o model.Office) bool { return o.Code == op.Office.Code })
	if own < 0 {
		return append([]model.Office{op.Office}, out...), nil
	}
	first := out[own]
	out = append([]model.Office{first}, slices.Delete(out, own, own+1)...)
	return out, nil
}

// BookingDays is how many working days ahead the reception looks for free
// slots.
const BookingDays = 10

// FreeSlots returns the free slots of a service in the next BookingDays
// working days at the given offices, in time order. Central answers when
// it can (live true); otherwise the mirror gives those of the operator's
// own office it holds, which central may have given away meanwhile.
func (c *Console) FreeSlots(ctx context.Context, service model.Service, offices []string) (slots []model.Slot, live bool, err error) {
	days := model.NextWorkingDays(c.now(), BookingDays)
	if !c.knownOffline() {
		slots, err = c.liveSlots(ctx, service, offices, days[0], days[len(days)-1])
		if err == nil {
			return slots, true, nil
		}
		if !errors.Is(err, client.ErrOffline) && !errors.Is(err, client.ErrServer) && !errors.Is(err, context.DeadlineExceeded) {
			return nil, false, err
		}
		c.log.Info("free slots: central unreachable, the mirror answers", "err", err)
	}
	op, err := c.store.Operator(ctx)
	if err != nil {
		return nil, false, err
	}
	if !slices.Contains(offices, op.Office.Code) {
		return nil, false, nil
	}
	all, err := c.store.FreeSlots(ctx, service.Level, c.now(), days[len(days)-1].AddDate(0, 0, 1))
	if err != nil {
		return nil, false, err
	}
	for i := range all {
		all[i].Service = service.Name
	}
	return all, false, nil
}

func (c *Console) liveSlots(ctx context.Context, service model.Service, offices []string, from, to time.Time) ([]model.Slot, error) {
	var out []model.Slot
	for _, o := range offices {
		got, err := c.api.Availability(ctx, o, service.Code, from, to)
		if err != nil {
			return nil, err
		}
		out = append(out, got...)
	}
	slices.SortStableFunc(out, func(a, b model.Slot) int { return a.Start.Compare(b.Start) })
	return out, nil
}

// ErrPhoneNeeded means a phone call-back was booked without a valid number.
var ErrPhoneNeeded = errors.New("a phone call-back needs a phone number")

// Book records a booking (its At, OperatorID and Replaces are set here):
// at once in the mirror (a mirrored slot shows as
// booked, a new citizen's details join the mirror) and queued for central,
// which may still find the slot taken: the booking then becomes a conflict
// with alternatives to offer. It works offline.
func (c *Console) Book(ctx context.Context, b model.BookingRequest) (model.Booking, error) {
	if b.New != nil {
		n := b.New.Normalize()
		if err := n.Validate(); err != nil {
			return model.Booking{}, err
		}
		b.New, b.CF, b.CitizenName = &n, n.CF, n.Citizen(c.now()).FullName()
	}
	b.CF = model.NormalizeCF(b.CF)
	if err := model.ValidateCF(b.CF); err != nil {
		return model.Booking{}, err
	}
	b.Phone, b.Email = strings.TrimSpace(b.Phone), strings.TrimSpace(b.Email)
	if b.Channel == model.ChannelPhone && !model.ValidPhone(b.Phone) {
		return model.Booking{}, ErrPhoneNeeded
	}
	if !b.Channel.Valid() || b.Service.Code == "" || b.Slot.ID == "" {
		return model.Booking{}, fmt.Errorf("%w: slot, service and channel are required", model.ErrTransition)
	}
	op, err := c.store.Operator(ctx)
	if err != nil {
		return model.Booking{}, fmt.Errorf("book: %w", err)
	}
	b.OperatorID, b.Replaces = op.ID, ""
	return c.book(ctx, b)
}

func (c *Console) book(ctx context.Context, a model.BookingRequest) (model.Booking, error) {
	a.At = c.now()
	out, err := c.store.EnqueueBooking(ctx, client.NewIdempotencyKey(), a)
	if err != nil {
		return out, err
	}
	c.Kick()
	return out, nil
}

// Bookings returns the bookings made at this console today, newest first.
func (c *Console) Bookings(ctx context.Context) ([]model.Booking, error) {
	return c.store.Bookings(ctx, model.Day(c.now()))
}

// AwaitBooking asks the sync loop to send the outbox now (the booking
// asked it already, unless a sync was under way) and waits, up to wait,
// for central's answer to a booking: each push of the loop that ends is a
// chance it came. It returns the booking as it then stands: still pending when
// central could not be reached (the loop goes on trying, at its own pace).
func (c *Console) AwaitBooking(ctx context.Context, key string, wait time.Duration) (model.Booking, error) {
	wctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	c.Kick()
	for {
		// Taken before reading the booking: a sync that ends in between
		// is not missed.
		ended := c.afterSync()
		b, err := c.store.Booking(ctx, key)
		if err != nil || b.State != model.BookingPending {
			return b, err
		}
		select {
		case <-wctx.Done():
			// As it stands now: a push may have settled it meanwhile.
			if now, err := c.store.Booking(context.WithoutCancel(ctx), key); err == nil {
				b = now
			}
			return b, nil
		case <-ended:
		}
	}
}

// Alternatives is how many free slots a conflicting booking is offered.
const Alternatives = 5

// Alternatives returns the free slots nearest in time to the one a
// conflicting booking asked for, at the same office for the same service.
func (c *Console) Alternatives(ctx context.Context, key string) ([]model.Slot, error) {
	b, err := c.store.Booking(ctx, key)
	if err != nil {
		return nil, err
	}
	want := b.Request.Slot
	slots, _, err := c.FreeSlots(ctx, b.Request.Service, []string{want.Office})
	if err != nil {
		return nil, err
	}
	slots = slices.DeleteFunc(slots, func(s model.Slot) bool { return s.ID == want.ID })
	dist := func(s model.Slot) time.Duration { return max(s.Start.Sub(want.Start), want.Start.Sub(s.Start)) }
	slices.SortStableFunc(slots, func(a, b model.Slot) int { return cmp.Compare(dist(a), dist(b)) })
	return slots[:min(len(slots), Alternatives)], nil
}

// Rebook books the alternative slot for a booking central refused, with
// the same citizen, service and channel; the cache settles the conflict in
// the same transaction.
func (c *Console) Rebook(ctx context.Context, key string, slot model.Slot) (model.Booking, error) {
	b, err := c.store.Booking(ctx, key)
	if err != nil {
		return model.Booking{}, err
	}
	if b.State != model.BookingConflict {
		return model.Booking{}, fmt.Errorf("%w: the booking is %s, not in conflict", model.ErrTransition, b.State)
	}
	a := b.Request
	a.Slot, a.Replaces = slot, key
	out, err := c.book(ctx, a)
	if err != nil {
		return out, err
	}
	c.notify(ctx)
	return out, nil
}

// IssueTicket issues a queue ticket for a walk-in citizen: numbered at
// once after the highest of its letter this console knows today, and
// queued for central, which keeps the number when no other desk gave it.
func (c *Console) IssueTicket(ctx context.Context, reason model.TicketReason) (model.Ticket, error) {
	return c.IssueTicketWith(ctx, reason, model.PriorityNone)
}

// IssueTicketWith issues a queue ticket with a priority (none, or why the
// citizen goes first).
func (c *Console) IssueTicketWith(ctx context.Context, reason model.TicketReason, p model.Priority) (model.Ticket, error) {
	op, err := c.store.Operator(ctx)
	if err != nil {
		return model.Ticket{}, fmt.Errorf("ticket: %w", err)
	}
	return c.ticketOp(ctx, model.TicketAction{TicketID: "tk-" + client.NewIdempotencyKey(), Op: model.TicketIssue,
		Reason: reason, Office: op.Office.Code, Priority: p})
}

// ErrQueueEmpty means nobody is waiting.
var ErrQueueEmpty = errors.New("nobody is waiting")

// CallNext calls to this desk the ticket central would call next:
// priority first, then the one waiting longest, leaving those transferred
// to another desk (model.NextFor). Central refuses the call when another
// desk called it meanwhile: the conflict shows and the queue reloads.
func (c *Console) CallNext(ctx context.Context) (model.Ticket, error) {
	q, err := c.Queue(ctx)
	if err != nil {
		return model.Ticket{}, err
	}
	op, err := c.store.Operator(ctx)
	if err != nil {
		return model.Ticket{}, fmt.Errorf("ticket: %w", err)
	}
	tickets := make([]model.Ticket, len(q))
	for i, e := range q {
		tickets[i] = e.Ticket
	}
	next, ok := model.NextFor(tickets, op.Station())
	if !ok {
		return model.Ticket{}, ErrQueueEmpty
	}
	return c.TicketOp(ctx, next.ID, model.TicketCall)
}

// TransferTicket passes a ticket to another desk or (reason) service, with
// a note the colleague sees in the queue.
// The note reads as one line (control characters made spaces, as central
// refuses them); a note too long, or a desk the office's catalogue does
// not list, is refused at once rather than by central later.
func (c *Console) TransferTicket(ctx context.Context, id, desk string, reason model.TicketReason, note string) (model.Ticket, error) {
	note = model.OneLine(note)
	if utf8.RuneCountInString(note) > model.MaxTicketNoteLength {
		return model.Ticket{}, fmt.Errorf("%w: transfer note", ErrEmptyNote)
	}
	if desk != "" {
		if desks, err := c.TransferDesks(ctx); err == nil && len(desks) > 0 && !slices.Contains(desks, desk) {
			return model.Ticket{}, fmt.Errorf("%w: desk %q is not another desk of the office", model.ErrNoTransferTarget, desk)
		}
	}
	return c.ticketOp(ctx, model.TicketAction{TicketID: id, Op: model.TicketTransfer, TransferDesk: desk, TransferReason: reason, Note: note})
}

// SetTicketPriority gives a waiting ticket a priority, or takes it away
// (model.PriorityNone).
func (c *Console) SetTicketPriority(ctx context.Context, id string, p model.Priority) (model.Ticket, error) {
	return c.ticketOp(ctx, model.TicketAction{TicketID: id, Op: model.TicketPriority, Priority: p})
}

// TicketOp calls a ticket to this desk, recalls, parks or resumes it, or
// marks it served or gone.
func (c *Console) TicketOp(ctx context.Context, id string, op model.TicketOp) (model.Ticket, error) {
	return c.ticketOp(ctx, model.TicketAction{TicketID: id, Op: op})
}

func (c *Console) ticketOp(ctx context.Context, a model.TicketAction) (model.Ticket, error) {
	op, err := c.store.Operator(ctx)
	if err != nil {
		return model.Ticket{}, fmt.Errorf("ticket: %w", err)
	}
	a.At, a.Desk = c.now(), op.Station()
	t, err := c.store.EnqueueTicket(ctx, client.NewIdempotencyKey(), a)
	if err != nil {
		return t, err
	}
	c.Kick()
	return t, nil
}

// Queue returns today's tickets of the operator's office, by issue time.
func (c *Console) Queue(ctx context.Context) ([]model.QueueEntry, error) {
	op, err := c.store.Operator(ctx)
	if err != nil {
		return nil, err
	}
	return c.store.Queue(ctx, op.Office.Code, model.Day(c.now()))
}

// DayReport returns the end-of-day report of a day from the mirror: the
// office's (desk empty) or one desk's booked slots, and the office's queue
// tickets. The office report counts the desks the mirror holds: all of
// them for reception and Punto INPS staff, the own desk for a desk
// operator.
func (c *Console) DayReport(ctx context.Context, day time.Time, desk string) (model.DayReport, error) {
	op, err := c.store.Operator(ctx)
	if err != nil {
		return model.DayReport{}, err
	}
	slots, err := c.store.DaySlots(ctx, day, desk)
	if err != nil {
		return model.DayReport{}, err
	}
	var tickets []model.Ticket
	if desk == "" {
		q, err := c.store.Queue(ctx, op.Office.Code, day)
		if err != nil {
			return model.DayReport{}, err
		}
		for _, e := range q {
			tickets = append(tickets, e.Ticket)
		}
	}
	r := model.BuildDayReport(day, op.Office.Name, desk, slots, tickets)
	if r.Suggestions, err = c.SuggestionStats(ctx, day); err != nil {
		return model.DayReport{}, err
	}
	return r, nil
}

// ReportDesks returns the desks a day's report can be narrowed to.
func (c *Console) ReportDesks(ctx context.Context, day time.Time) ([]string, error) {
	return c.store.Desks(ctx, day)
}

// FindCitizens finds citizens by codice fiscale or surname: in the mirror
// at once and, online, at central too (for citizens never booked here),
// mirror first, each codice fiscale once.
func (c *Console) FindCitizens(ctx context.Context, typed string) ([]model.CitizenCard, error) {
	out, err := c.store.Search(ctx, typed, SearchPage)
	if err != nil {
		return nil, err
	}
	if c.knownOffline() || len(strings.TrimSpace(typed)) < 2 {
		return out, nil
	}
	remote, err := c.api.SearchCitizens(ctx, strings.TrimSpace(typed))
	if err != nil {
		c.log.Info("find citizens: central search failed, the mirror answers", "err", err)
		return out, nil
	}
	for _, r := range remote {
		if !slices.ContainsFunc(out, func(k model.CitizenCard) bool { return k.CF == r.CF }) {
			out = append(out, r.Card())
		}
	}
	return out, nil
}

// ContactsOf returns the phone and e-mail a booking for a citizen starts
// from: their file's mobile (or phone) and e-mail, when the mirror has it.
// Reading them counts as opening the file for a booking, in the audit
// trail.
func (c *Console) ContactsOf(ctx context.Context, cf string) (phone, email string) {
	cit, err := c.store.Citizen(ctx, cf)
	if err != nil || c.recordOpening(ctx, cf, model.Access{Reason: model.AccessBooking}) != nil {
		return "", "" // not read: the opening could not be recorded
	}
	for _, k := range cit.Contacts {
		switch {
		case phone == "" && (k.Kind == model.ContactMobile || k.Kind == model.ContactPhone):
			phone = k.Value
		case email == "" && k.Kind == model.ContactEmail:
			email = k.Value
		}
	}
	return phone, email
}

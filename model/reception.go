package model

import (
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"
)

// NewCitizen is the minimum a reception desk records of a citizen the
// institute does not know yet, to book a slot for them.
type NewCitizen struct {
	CF         string
	GivenName  string
	FamilyName string
	Phone      string
	Email      string
}

// The reasons a new citizen's details are refused.
var (
	ErrCFName  = errors.New("the codice fiscale does not match the name")
	ErrName    = errors.New("family and given name are required")
	ErrPhone   = errors.New("phone number not valid")
	ErrEmail   = errors.New("e-mail address not valid")
	ErrContact = errors.New("a phone number or an e-mail address is required")
)

// Normalize trims the fields and upper-cases the codice fiscale.
func (n NewCitizen) Normalize() NewCitizen {
	n.CF = NormalizeCF(n.CF)
	n.GivenName = strings.Join(strings.Fields(n.GivenName), " ")
	n.FamilyName = strings.Join(strings.Fields(n.FamilyName), " ")
	n.Phone = strings.TrimSpace(n.Phone)
	n.Email = strings.TrimSpace(n.Email)
	return n
}

// Validate checks a (normalised) new citizen: a valid codice fiscale whose
// first six letters are those of the family and given name, and at least
// one way to reach them (a call-back needs the phone).
func (n NewCitizen) Validate() error {
	if _, _, _, err := CFBirth(n.CF, time.Now()); err != nil {
		return err
	}
	if n.FamilyName == "" || n.GivenName == "" {
		return ErrName
	}
	if n.CF[:3] != nameCode(n.FamilyName, false) || n.CF[3:6] != nameCode(n.GivenName, true) {
		return ErrCFName // without the names: errors reach logs
	}
	if n.Phone == "" && n.Email == "" {
		return ErrContact
	}
	if n.Phone != "" && !ValidPhone(n.Phone) {
		return ErrPhone
	}
	if n.Email != "" {
		if a, err := mail.ParseAddress(n.Email); err != nil || a.Address != n.Email {
			return ErrEmail
		}
	}
	return nil
}

// ValidPhone reports whether s reads as a phone number: an optional
// leading +, then 6 to 15 digits, spaces allowed between them.
func ValidPhone(s string) bool {
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0, r == ' ':
		default:
			return false
		}
	}
	return digits >= 6 && digits <= 15
}

// Citizen returns the file of a new citizen as far as the details tell:
// sex and birth date come from the codice fiscale, the place of birth is
// its cadastral code (central names the comune).
func (n NewCitizen) Citizen(now time.Time) Citizen {
	c := Citizen{CF: n.CF, GivenName: n.GivenName, FamilyName: n.FamilyName, Version: 1}
	c.Sex, c.BirthDate, c.BirthPlace, _ = CFBirth(n.CF, now)
	if n.Phone != "" {
		kind := ContactPhone
		if p := strings.TrimPrefix(strings.ReplaceAll(n.Phone, " ", ""), "+39"); strings.HasPrefix(p, "3") {
			kind = ContactMobile
		}
		c.Contacts = append(c.Contacts, Contact{Kind: kind, Value: n.Phone})
	}
	if n.Email != "" {
		c.Contacts = append(c.Contacts, Contact{Kind: ContactEmail, Value: n.Email})
	}
	return c
}

// TicketReason is why a walk-in citizen takes a queue ticket at the Prima
// accoglienza; its letter prefixes the ticket number (seeds/003_…txt).
type TicketReason string

// The ticket reasons.
const (
	ReasonInformation TicketReason = "information" // orientamento e informazioni
	ReasonBooking     TicketReason = "booking"     // prenotazione di uno sportello
	ReasonCertificate TicketReason = "certificate" // stampa di documenti e certificati
	ReasonDocuments   TicketReason = "documents"   // consegna di documenti
)

// TicketReasons lists the reasons in the order the reception offers them.
var TicketReasons = []TicketReason{ReasonInformation, ReasonBooking, ReasonCertificate, ReasonDocuments}

// Letter is the letter the reason's tickets are numbered under.
func (r TicketReason) Letter() string {
	switch r {
	case ReasonInformation:
		return "A"
	case ReasonBooking:
		return "B"
	case ReasonCertificate:
		return "C"
	case ReasonDocuments:
		return "D"
	}
	return ""
}

// Valid reports whether r is one of the known reasons.
func (r TicketReason) Valid() bool { return r.Letter() != "" }

// TicketStatus is where a queue ticket stands.
type TicketStatus string

// The ticket statuses.
const (
	TicketWaiting TicketStatus = "waiting" // in attesa
	TicketCalled  TicketStatus = "called"  // chiamato a uno sportello
	TicketServed  TicketStatus = "served"  // servito
	TicketGone    TicketStatus = "gone"    // non presentato alla chiamata
)

// TicketOp is something done to a ticket.
type TicketOp string

// The ticket operations.
const (
	TicketIssue  TicketOp = "issue"
	TicketCall   TicketOp = "call"
	TicketServe  TicketOp = "serve"
	TicketAbsent TicketOp = "absent"
)

// NextTicket returns the status a ticket in status from reaches with op,
// or ErrTransition. A called ticket can be called again (the citizen did
// not hear it) before being served or given up.
func NextTicket(from TicketStatus, op TicketOp) (TicketStatus, error) {
	switch {
	case op == TicketCall && (from == TicketWaiting || from == TicketCalled):
		return TicketCalled, nil
	case op == TicketServe && from == TicketCalled:
		return TicketServed, nil
	case op == TicketAbsent && from == TicketCalled:
		return TicketGone, nil
	case op == TicketRecall && from == TicketCalled, op == TicketResume && from == TicketParked:
		return TicketCalled, nil
	case op == TicketPark && from == TicketCalled:
		return TicketParked, nil
	case op == TicketTransfer && (from == TicketWaiting || from == TicketCalled || from == TicketParked):
		return TicketWaiting, nil
	case op == TicketPriority && from == TicketWaiting:
		return TicketWaiting, nil
	}
	return from, fmt.Errorf("%w: ticket %s from %s", ErrTransition, op, from)
}

// Ticket is a numbered queue ticket (elimina code) of an office's day.
type Ticket struct {
	ID       string // chosen by the console that issued it
	Office   string
	Number   int // within the reason's letter and the office's day
	Reason   TicketReason
	Status   TicketStatus
	IssuedAt time.Time
	CalledAt time.Time // zero until called
	DoneAt   time.Time // served or given up
	Desk     string    // the desk that called it
	// Recalls is how many times the ticket was called again after its
	// first call; Transfers how many times it was passed to another desk
	// or service.
	Recalls   int
	Transfers int
	Priority  Priority
	// MaxRecalls is central's limit: the recall after it makes the ticket
	// gone (0: not known yet).
	MaxRecalls int
	// TransferDesk or TransferReason is where the last transfer sent the
	// ticket, TransferNote what the colleague should know (no personal
	// data).
	TransferDesk   string
	TransferReason TicketReason
	TransferNote   string
	// Outcome, Services (the catalogue's names), Note and
	// NotRepresentative are the wrap-up recorded when it was served; the
	// note may name the citizen's affairs.
	Outcome           Outcome
	Services          []string
	Note              string
	NotRepresentative bool
	Version           int64
	// Was is the number the console printed, when central had to give
	// another (two desks numbered offline at once).
	Was int
}

// Code is the number as the display and the paper show it: "A007".
func (t Ticket) Code() string { return TicketCode(t.Reason, t.Number) }

// TicketCode formats a ticket number under its reason's letter.
func TicketCode(r TicketReason, n int) string { return fmt.Sprintf("%s%03d", r.Letter(), n) }

// Wait is how long the citizen waited: until called, or until now.
func (t Ticket) Wait(now time.Time) time.Duration {
	if !t.CalledAt.IsZero() {
		return t.CalledAt.Sub(t.IssuedAt)
	}
	return now.Sub(t.IssuedAt)
}

// ReportRow counts the booked slots of one group (a channel, a service, or
// all of them) on a day.
type ReportRow struct {
	Key       string // the channel or the service; empty for the total
	Booked    int    // slots a citizen held, whatever became of them
	Served    int    // completed
	NoShow    int
	Cancelled int
	Open      int // still booked, arrived or being served
	// Timed is how many served slots have both service times and count
	// in the averages (not flagged not representative); Serving is their
	// total service time.
	Timed   int
	Serving time.Duration
	// Transfers is how many times the group's visits were passed to
	// another desk or service.
	Transfers int
}

// AverageService is the mean service time of the timed served slots (zero
// when none).
func (r ReportRow) AverageService() time.Duration { return mean(r.Serving, r.Timed) }

// mean is total shared out over n, to the second (zero when n is zero).
func mean(total time.Duration, n int) time.Duration {
	if n == 0 {
		return 0
	}
	return (total / time.Duration(n)).Round(time.Second)
}

func (r *ReportRow) add(s Slot) {
	r.Booked++
	r.Transfers += s.Transfers
	switch {
	case s.Status == StatusCompleted:
		r.Served++
		if !s.NotRepresentative && !s.ServedFrom.IsZero() && s.ServedTo.After(s.ServedFrom) {
			r.Timed++
			r.Serving += s.ServedTo.Sub(s.ServedFrom)
		}
	case s.Status == StatusNoShow:
		r.NoShow++
	case s.Status == StatusCancelled:
		r.Cancelled++
	case s.Open():
		r.Open++
	}
}

// TicketStats counts an office's queue tickets of a day.
type TicketStats struct {
	Issued, Served, Gone, Waiting int
	// Called is how many were called; Waited their total wait.
	Called int
	Waited time.Duration
	// Recalls is how many times tickets were called again; Transfers how
	// many times they were passed to another desk or service.
	Recalls, Transfers int
	// The counter's part of the served tickets (see ticketTallies): their
	// outcomes, the services delivered, how many have a service time in
	// the average (Timed, Serving: called to served) and how many were
	// left out of it as not representative.
	Outcomes, Delivered []Tally
	Timed               int
	Serving             time.Duration
	NotRepresentative   int
}

// AverageService is the mean service time (called to served) of the
// timed served tickets, zero when none.
func (t TicketStats) AverageService() time.Duration { return mean(t.Serving, t.Timed) }

// AverageWait is the mean wait of the called tickets (zero when none).
func (t TicketStats) AverageWait() time.Duration { return mean(t.Waited, t.Called) }

// DayReport is the end-of-day report of an office, or of one desk.
type DayReport struct {
	Day       time.Time
	Office    string
	Desk      string // empty: the whole office
	Total     ReportRow
	ByChannel []ReportRow // in the order of Channels, those with bookings
	ByService []ReportRow // by bookings, most first, then by name
	Tickets   TicketStats
	// Outcomes counts the served visits by their outcome's code (central's
	// catalogue, which may grow; "" for none recorded); Delivered the
	// services delivered in them (the booked one and each added), most
	// first, then by key.
	Outcomes  []Tally
	Delivered []Tally
	// NotRepresentative is how many served visits were left out of the
	// averages.
	NotRepresentative int
	// Suggestions counts the suggested rights shown and marked (filled
	// in by the console, from the operator's audit trail).
	Suggestions SuggestionStats
}

// Channels lists the booking channels in the order reports show them.
var Channels = []Channel{ChannelInPerson, ChannelPhone, ChannelWebMeeting}

// BuildDayReport counts the booked slots of a day, and the tickets.
func BuildDayReport(day time.Time, office, desk string, slots []Slot, tickets []Ticket) DayReport {
	r := DayReport{Day: Day(day), Office: office, Desk: desk}
	byChannel := map[Channel]*ReportRow{}
	byService := map[string]*ReportRow{}
	for _, s := range slots {
		if !s.Booked() {
			continue
		}
		r.Total.add(s)
		if byChannel[s.Channel] == nil {
			byChannel[s.Channel] = &ReportRow{Key: string(s.Channel)}
		}
		byChannel[s.Channel].add(s)
		if byService[s.Service] == nil {
			byService[s.Service] = &ReportRow{Key: s.Service}
		}
		byService[s.Service].add(s)
	}
	for _, ch := range Channels {
		if row := byChannel[ch]; row != nil {
			r.ByChannel = append(r.ByChannel, *row)
		}
	}
	for _, row := range byService {
		r.ByService = append(r.ByService, *row)
	}
	slices.SortFunc(r.ByService, func(a, b ReportRow) int {
		if a.Booked != b.Booked {
			return b.Booked - a.Booked
		}
		return strings.Compare(a.Key, b.Key)
	})
	r.Outcomes, r.Delivered, r.NotRepresentative = counterTallies(slots)
	for _, t := range tickets {
		r.Tickets.Issued++
		r.Tickets.Recalls += t.Recalls
		r.Tickets.Transfers += t.Transfers
		switch t.Status {
		case TicketServed:
			r.Tickets.Served++
		case TicketGone:
			r.Tickets.Gone++
		case TicketWaiting:
			r.Tickets.Waiting++
		}
		if !t.CalledAt.IsZero() {
			r.Tickets.Called++
			r.Tickets.Waited += t.CalledAt.Sub(t.IssuedAt)
		}
	}
	ticketTallies(&r.Tickets, tickets)
	return r
}

// BookingRequest is a booking the reception makes for a citizen: a free
// slot, the citizen (known, or New with their details), the service and
// how it is held.
type BookingRequest struct {
	// Slot is the free slot chosen, as the console saw it (free, with its
	// version): a rejected booking puts it back as it was.
	Slot        Slot
	CF          string
	CitizenName string
	// New holds the details of a citizen registered with the booking.
	New        *NewCitizen
	Service    Service
	Channel    Channel
	Phone      string // the number to call back (phone call-back)
	Email      string // where the meeting link goes (web meeting)
	OfficeName string // the office of the slot, as the confirmation names it
	At         time.Time
	OperatorID string
	// Replaces is the key of the booking whose conflict this one settles
	// (an alternative accepted).
	Replaces string
}

// BookingState is what became of a booking request.
type BookingState string

// The booking states.
const (
	BookingPending  BookingState = "pending"  // waits to reach central
	BookingDone     BookingState = "done"     // central booked it
	BookingConflict BookingState = "conflict" // the slot was taken meanwhile
	BookingRejected BookingState = "rejected" // central refused it as invalid
	BookingReplaced BookingState = "replaced" // an alternative took its place
)

// Booking is a booking request and what became of it.
type Booking struct {
	Key       string // the request's idempotency key
	Request   BookingRequest
	State     BookingState
	Booked    *Slot  // the slot as central booked it (with the meeting link)
	Current   *Slot  // on a conflict: the slot as central has it now
	Message   string // central's explanation of a conflict or rejection
	CreatedAt time.Time
}

// Slot is the booked slot as best known: central's once confirmed, the
// requested one before.
func (b Booking) Slot() Slot {
	if b.Booked != nil {
		return *b.Booked
	}
	sl := b.Request.Slot
	sl.Status, sl.CitizenCF, sl.Channel, sl.Service, sl.Phone = StatusBooked, b.Request.CF, b.Request.Channel,
		b.Request.Service.Name, b.Request.Phone
	return sl
}

// QueueEntry is a ticket as the queue shows it.
type QueueEntry struct {
	Ticket
	Pending bool // an action on it waits to be sent to central
}

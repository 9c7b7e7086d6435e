package model

import (
	"errors"
	"testing"
	"time"
)

func TestNewCitizenValidation(t *testing.T) {
	birth := time.Date(1990, 3, 14, 0, 0, 0, 0, Rome)
	cf := BuildCF("D'Angelo", "Nicolò", "F", birth, "H703")
	ok := NewCitizen{CF: " " + cf + " ", FamilyName: " D'Angelo ", GivenName: "Nicolò", Phone: "+39 333 1234567"}.Normalize()
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid citizen refused: %v", err)
	}
	for name, c := range map[string]struct {
		n    NewCitizen
		want error
	}{
		"bad check":     {NewCitizen{CF: cf[:15] + "A", FamilyName: "D'Angelo", GivenName: "Nicolò", Phone: "3331234567"}, ErrCFCheck},
		"other name":    {NewCitizen{CF: cf, FamilyName: "D'Angelo", GivenName: "Maria", Phone: "3331234567"}, ErrCFName},
		"no name":       {NewCitizen{CF: cf, FamilyName: "D'Angelo", Phone: "3331234567"}, ErrName},
		"no contact":    {NewCitizen{CF: cf, FamilyName: "D'Angelo", GivenName: "Nicolò"}, ErrContact},
		"letters phone": {NewCitizen{CF: cf, FamilyName: "D'Angelo", GivenName: "Nicolò", Phone: "chiamami"}, ErrPhone},
		"short phone":   {NewCitizen{CF: cf, FamilyName: "D'Angelo", GivenName: "Nicolò", Phone: "12345"}, ErrPhone},
		"bad e-mail":    {NewCitizen{CF: cf, FamilyName: "D'Angelo", GivenName: "Nicolò", Email: "nicolo@"}, ErrEmail},
		"named e-mail":  {NewCitizen{CF: cf, FamilyName: "D'Angelo", GivenName: "Nicolò", Email: "N <n@x.it>"}, ErrEmail},
	} {
		if err := c.n.Validate(); !errors.Is(err, c.want) {
			t.Errorf("%s: err = %v, want %v", name, err, c.want)
		}
	}
	c := ok.Citizen(time.Date(2026, 11, 23, 0, 0, 0, 0, Rome))
	if c.Sex != "F" || !c.BirthDate.Equal(birth) || c.BirthPlace != "H703" || len(c.Contacts) != 1 || c.Contacts[0].Kind != ContactMobile {
		t.Errorf("file of the new citizen: %+v", c)
	}
}

func TestCFBirthCenturyAndOmocodia(t *testing.T) {
	now := time.Date(2026, 11, 23, 0, 0, 0, 0, Rome)
	for _, c := range []struct {
		birth time.Time
		sex   string
	}{{time.Date(1931, 1, 5, 0, 0, 0, 0, Rome), "M"}, {time.Date(2019, 12, 31, 0, 0, 0, 0, Rome), "F"}} {
		cf := Omocodia(BuildCF("Rossi", "Anna", c.sex, c.birth, "A717"), 3)
		sex, birth, place, err := CFBirth(cf, now)
		if err != nil || sex != c.sex || !birth.Equal(c.birth) || place != "A717" {
			t.Errorf("%s: %s %v %s %v", cf, sex, birth, place, err)
		}
	}
}

func TestTicketTransitions(t *testing.T) {
	steps := []struct {
		from TicketStatus
		op   TicketOp
		to   TicketStatus
		ok   bool
	}{
		{TicketWaiting, TicketCall, TicketCalled, true}, {TicketCalled, TicketCall, TicketCalled, true},
		{TicketCalled, TicketServe, TicketServed, true}, {TicketCalled, TicketAbsent, TicketGone, true},
		{TicketWaiting, TicketServe, TicketWaiting, false}, {TicketServed, TicketCall, TicketServed, false},
		{TicketGone, TicketServe, TicketGone, false},
	}
	for _, s := range steps {
		to, err := NextTicket(s.from, s.op)
		if (err == nil) != s.ok || to != s.to || !s.ok && !errors.Is(err, ErrTransition) {
			t.Errorf("%s %s: %s, %v", s.from, s.op, to, err)
		}
	}
}

func TestDayReportCounts(t *testing.T) {
	at := func(h, m int) time.Time { return time.Date(2026, 11, 20, h, m, 0, 0, Rome) }
	slots := []Slot{
		{Channel: ChannelPhone, Service: "CU", Status: StatusCompleted, ServedFrom: at(9, 0), ServedTo: at(9, 8)},
		{Channel: ChannelPhone, Service: "CU", Status: StatusCompleted, ServedFrom: at(9, 10), ServedTo: at(9, 22)},
		{Channel: ChannelPhone, Service: "NASpI", Status: StatusCompleted}, // served, times unknown
		{Channel: ChannelInPerson, Service: "NASpI", Status: StatusNoShow},
		{Channel: ChannelWebMeeting, Service: "CU", Status: StatusCancelled},
		{Channel: ChannelInPerson, Service: "CU", Status: StatusBooked},
		{Channel: ChannelInPerson, Service: "CU", Status: StatusFree},
		{Channel: ChannelInPerson, Service: "CU", Status: StatusBlocked},
	}
	tickets := []Ticket{
		{Status: TicketServed, IssuedAt: at(8, 40), CalledAt: at(8, 50)},
		{Status: TicketGone, IssuedAt: at(8, 45), CalledAt: at(9, 15)},
		{Status: TicketWaiting, IssuedAt: at(9, 0)},
	}
	r := BuildDayReport(at(12, 0), "Battipaglia", "", slots, tickets)
	want := ReportRow{Booked: 6, Served: 3, NoShow: 1, Cancelled: 1, Open: 1, Timed: 2, Serving: 20 * time.Minute}
	if r.Total != want || r.Total.AverageService() != 10*time.Minute {
		t.Errorf("total %+v, want %+v", r.Total, want)
	}
	if len(r.ByChannel) != 3 || r.ByChannel[0].Key != string(ChannelInPerson) || r.ByChannel[1].Key != string(ChannelPhone) ||
		r.ByChannel[1].Served != 3 || r.ByChannel[0].Booked != 2 {
		t.Errorf("by channel %+v", r.ByChannel)
	}
	if len(r.ByService) != 2 || r.ByService[0].Key != "CU" || r.ByService[0].Booked != 4 || r.ByService[1].Booked != 2 {
		t.Errorf("by service %+v", r.ByService)
	}
	if k := r.Tickets; k.Issued != 3 || k.Served != 1 || k.Gone != 1 || k.Waiting != 1 || k.AverageWait() != 20*time.Minute {
		t.Errorf("tickets %+v", k)
	}
}

func TestTicketApply(t *testing.T) {
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, Rome)
	called := Ticket{ID: "t1", Reason: ReasonCertificate, Status: TicketCalled, Desk: "D1", CalledAt: at, Version: 2, MaxRecalls: 3}
	parked := called
	parked.Status = TicketParked
	waiting := Ticket{ID: "t2", Reason: ReasonInformation, Status: TicketWaiting, Version: 1}
	later := at.Add(2 * time.Minute)
	cases := []struct {
		name string
		from Ticket
		a    TicketAction
		want func(Ticket) bool
		err  error
	}{
		{"recall counts", called, TicketAction{Op: TicketRecall, Desk: "D1", At: later},
			func(t Ticket) bool { return t.Status == TicketCalled && t.Recalls == 1 && t.CalledAt.Equal(later) }, nil},
		{"recall past the limit is gone", func() Ticket { c := called; c.Recalls = 3; return c }(), TicketAction{Op: TicketRecall, Desk: "D1", At: later},
			func(t Ticket) bool { return t.Status == TicketGone && t.Recalls == 4 && t.DoneAt.Equal(later) }, nil},
		{"no limit known", func() Ticket { c := called; c.Recalls, c.MaxRecalls = 9, 0; return c }(), TicketAction{Op: TicketRecall, Desk: "D1", At: later},
			func(t Ticket) bool { return t.Status == TicketCalled && t.Recalls == 10 }, nil},
		{"recall by another desk", called, TicketAction{Op: TicketRecall, Desk: "D2", At: later}, nil, ErrOtherDesk},
		{"call by another desk", called, TicketAction{Op: TicketCall, Desk: "D2", At: later}, nil, ErrOtherDesk},
		{"park", called, TicketAction{Op: TicketPark, Desk: "D1", At: later},
			func(t Ticket) bool { return t.Status == TicketParked && t.Desk == "D1" && t.CalledAt.Equal(at) }, nil},
		{"resume restarts the timer", parked, TicketAction{Op: TicketResume, Desk: "D1", At: later},
			func(t Ticket) bool { return t.Status == TicketCalled && t.CalledAt.Equal(later) }, nil},
		{"resume by another desk", parked, TicketAction{Op: TicketResume, Desk: "D2", At: later}, nil, ErrOtherDesk},
		{"park a waiting ticket", waiting, TicketAction{Op: TicketPark, Desk: "D1", At: later}, nil, ErrTransition},
		{"transfer to a desk", called, TicketAction{Op: TicketTransfer, Desk: "D1", TransferDesk: "D3", Note: "modulo AP70", At: later},
			func(t Ticket) bool {
				return t.Status == TicketWaiting && t.Transfers == 1 && t.TransferDesk == "D3" && t.TransferNote == "modulo AP70" && t.Desk == "" && t.For("D3") && !t.For("D2")
			}, nil},
		{"transfer to a service", parked, TicketAction{Op: TicketTransfer, Desk: "D1", TransferReason: ReasonDocuments, At: later},
			func(t Ticket) bool {
				return t.Status == TicketWaiting && t.TransferReason == ReasonDocuments && t.For("D2")
			}, nil},
		{"transfer nowhere", waiting, TicketAction{Op: TicketTransfer, Desk: "D1", At: later}, nil, ErrNoTransferTarget},
		{"call takes the transfer", func() Ticket { w := waiting; w.TransferDesk = "D3"; return w }(), TicketAction{Op: TicketCall, Desk: "D3", At: later},
			func(t Ticket) bool { return t.Status == TicketCalled && t.Desk == "D3" && t.TransferDesk == "" }, nil},
		{"priority on a waiting ticket", waiting, TicketAction{Op: TicketPriority, Priority: PriorityElderly, At: later},
			func(t Ticket) bool { return t.Priority == PriorityElderly && t.Version == 2 }, nil},
		{"priority on a called ticket", called, TicketAction{Op: TicketPriority, Desk: "D1", Priority: PriorityElderly, At: later}, nil, ErrTransition},
		{"serve by another desk", called, TicketAction{Op: TicketServe, Desk: "D2", At: later}, nil, ErrOtherDesk},
	}
	for _, c := range cases {
		got, err := c.from.Apply(c.a)
		if c.err != nil {
			if !errors.Is(err, c.err) {
				t.Errorf("%s: %v, want %v", c.name, err, c.err)
			}
			continue
		}
		if err != nil || !c.want(got) || got.Version != c.from.Version+1 {
			t.Errorf("%s: %+v, %v", c.name, got, err)
		}
	}
}

func TestNextForCallsPriorityFirst(t *testing.T) {
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, Rome)
	q := []Ticket{
		{ID: "a", Number: 1, Status: TicketWaiting, IssuedAt: at},
		{ID: "b", Number: 2, Status: TicketWaiting, IssuedAt: at.Add(time.Minute), TransferDesk: "D9"},
		{ID: "c", Number: 3, Status: TicketWaiting, IssuedAt: at.Add(2 * time.Minute), Priority: PriorityPregnancy},
		{ID: "d", Number: 4, Status: TicketCalled, IssuedAt: at.Add(-time.Hour), Priority: PriorityElderly},
	}
	for _, c := range []struct{ desk, want string }{{"D1", "c"}, {"D9", "c"}} {
		if got, ok := NextFor(q, c.desk); !ok || got.ID != c.want {
			t.Errorf("%s: %s", c.desk, got.ID)
		}
	}
	q[2].Status = TicketServed
	if got, _ := NextFor(q, "D1"); got.ID != "a" {
		t.Errorf("no priority left: %s", got.ID)
	}
	if got, _ := NextFor(q[1:2], "D1"); got.ID != "" {
		t.Errorf("a ticket sent to another desk: %s", got.ID)
	}
}

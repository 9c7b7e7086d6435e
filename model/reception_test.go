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

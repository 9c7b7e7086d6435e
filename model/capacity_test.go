package model

import (
	"testing"
	"time"
)

// capMonday is the tests' clock: Monday 23 November 2026, 10:05 in Rome.
var capMonday = time.Date(2026, 11, 23, 10, 5, 0, 0, Rome)

func capDay(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, Rome) }

func sampleCapacity() Capacity {
	return Capacity{
		Offices: []CapacityOffice{{Code: "7800", Name: "Sede", Desks: []string{"S1", "S2"}}, {Code: "7801", Name: "Battipaglia", Desks: []string{"S1"}}},
		Cells: []CapacityCell{
			{Office: "7800", Desk: "S1", Day: capDay(23), Service: "CU", Channel: ChannelInPerson, Slots: 10, Booked: 6, Free: 2, Blocked: 2},
			{Office: "7800", Desk: "S1", Day: capDay(23), Service: "NASpI", Channel: ChannelPhone, Slots: 4, Booked: 4},
			{Office: "7800", Desk: "S2", Day: capDay(24), Service: "CU", Channel: ChannelInPerson, Slots: 5, Booked: 0, Blocked: 5},
			{Office: "7801", Desk: "S1", Day: capDay(24), Service: "CU", Channel: ChannelInPerson, Slots: 3, Booked: 2, Free: 1},
			// Past days: served and missed.
			{Office: "7800", Desk: "S1", Day: capDay(20), Service: "CU", Channel: ChannelInPerson, Slots: 10, Booked: 10, Completed: 8, NoShow: 2},
			{Office: "7800", Desk: "S2", Day: capDay(20), Service: "NASpI", Channel: ChannelPhone, Slots: 10, Booked: 10, Completed: 9, NoShow: 1},
			{Office: "7801", Desk: "S1", Day: capDay(19), Service: "CU", Channel: ChannelInPerson, Slots: 4, Booked: 4, Completed: 1, NoShow: 3},
		},
		Unmet: []UnmetDemand{
			{Office: "7800", Day: capDay(20), Service: "CU", Channel: ChannelInPerson, Searches: 3},
			{Office: "7800", Day: capDay(19), Service: "CU", Channel: ChannelInPerson, Searches: 2},
			{Office: "7801", Day: capDay(19), Service: "NASpI", Channel: ChannelPhone, Searches: 4},
		},
		Waits: []ReceptionWait{
			{Office: "7800", Day: capDay(19), Tickets: 10, Mean: 10 * time.Minute, Percent90: 20 * time.Minute},
			{Office: "7800", Day: capDay(20), Tickets: 30, Mean: 6 * time.Minute, Percent90: 12 * time.Minute},
			{Office: "7800", Day: capDay(25), Tickets: 99, Mean: time.Hour, Percent90: time.Hour}, // in the future: not counted
		},
	}
}

func TestSaturationIsBookedOfTheOpenSlotsByFilter(t *testing.T) {
	c := sampleCapacity()
	days := NextWorkingDays(capMonday, 2)
	if len(days) != 2 || !days[0].Equal(capDay(23)) || !days[1].Equal(capDay(24)) {
		t.Fatalf("working days from Monday: %v", days)
	}
	rows := c.SaturationMap(CapacityFilter{}, days)
	if len(rows) != 3 || rows[0].Desk != "S1" || rows[2].Office != "7801" {
		t.Fatalf("rows: %+v", rows)
	}
	// 7800 S1 on Monday: 10 booked of 12 open (14 slots, 2 blocked).
	if s := rows[0].Days[0]; s.Booked != 10 || s.Open != 12 || s.Percent() != 83 || s.Band() != 1 {
		t.Errorf("7800 S1 Monday: %+v %d%%", s, s.Percent())
	}
	// Every slot blocked: nothing open, not known.
	if s := rows[1].Days[1]; s.Known || s.Band() != -1 {
		t.Errorf("a sportello all blocked: %+v", s)
	}
	if s := rows[2].Days[1]; s.Percent() != 67 || s.Band() != 0 {
		t.Errorf("7801 Tuesday: %d%%", s.Percent())
	}
	// By phone: the 4 phone bookings, and the 2 free slots a caller may
	// still book (a free slot takes any channel): 4 of 6, not 4 of 4.
	phone := c.SaturationMap(CapacityFilter{Channel: ChannelPhone}, days)
	if s := phone[0].Days[0]; s.Booked != 4 || s.Open != 6 || s.Percent() != 67 || s.Band() != 0 {
		t.Errorf("phone only: %+v", s)
	}
	cu := c.SaturationMap(CapacityFilter{Service: "CU", Office: "7801"}, days)
	if len(cu) != 1 || cu[0].Days[0].Known || cu[0].Days[1].Percent() != 67 {
		t.Errorf("CU at 7801: %+v", cu)
	}
}

func TestNoShowRatesPerSportelloAndServiceOnPastDays(t *testing.T) {
	c := sampleCapacity()
	desks := c.NoShowsByDesk(CapacityFilter{}, capMonday)
	if len(desks) != 3 || desks[0].Office != "7801" || desks[0].Percent() != 75 || desks[1].Percent() != 20 || desks[2].Percent() != 10 {
		t.Errorf("by sportello: %+v", desks)
	}
	svc := c.NoShowsByService(CapacityFilter{}, capMonday)
	if len(svc) != 2 || svc[0].Key != "CU" || svc[0].Expected != 14 || svc[0].NoShow != 5 || svc[0].Percent() != 36 {
		t.Errorf("by service: %+v", svc)
	}
	// The clock set earlier: no past day, no rate.
	if got := c.NoShowsByDesk(CapacityFilter{}, capDay(19)); len(got) != 0 {
		t.Errorf("before any past day: %+v", got)
	}
}

func TestUnmetDemandAndWaits(t *testing.T) {
	c := sampleCapacity()
	u := c.UnmetByOffice(CapacityFilter{})
	if len(u) != 2 || u[0].Office != "7800" || u[0].Searches != 5 || u[1].Searches != 4 {
		t.Errorf("unmet: %+v", u)
	}
	if u := c.UnmetByOffice(CapacityFilter{Channel: ChannelPhone}); len(u) != 1 || u[0].Office != "7801" {
		t.Errorf("unmet by phone: %+v", u)
	}
	w := c.WaitsByOffice(CapacityFilter{}, capMonday)
	// (10×10 + 30×6) / 40 = 7 minutes; the worst day's P90 20 minutes.
	if len(w) != 1 || w[0].Tickets != 40 || w[0].Mean != 7*time.Minute || w[0].WorstP90 != 20*time.Minute || w[0].Days != 2 {
		t.Errorf("waits: %+v", w)
	}
	mean, p90 := WaitStats([]time.Duration{10, 1, 2, 3, 4, 5, 6, 7, 8, 9})
	if mean != 0 || p90 != 9 {
		t.Errorf("wait stats of nanoseconds: %v %v", mean, p90)
	}
	mean, p90 = WaitStats([]time.Duration{time.Minute, 3 * time.Minute, 2 * time.Minute, 10 * time.Minute})
	if mean != 4*time.Minute || p90 != 10*time.Minute {
		t.Errorf("wait stats: %v %v", mean, p90)
	}
	if got := c.Services(); len(got) != 2 || got[0] != "CU" {
		t.Errorf("services: %v", got)
	}
}

// TestSaturationLeavesCancelledSlotsOut: a cancelled appointment's slot
// is not offered again (only free slots are): with 20 booked, 1 free, 2
// blocked and 1 cancelled, the agenda is 20 of 21, 95%, not 20 of 22.
func TestSaturationLeavesCancelledSlotsOut(t *testing.T) {
	c := Capacity{Offices: []CapacityOffice{{Code: "7801", Name: "Battipaglia", Desks: []string{"S1"}}},
		Cells: []CapacityCell{{Office: "7801", Desk: "S1", Day: capDay(27), Service: "CU", Channel: ChannelInPerson,
			Slots: 24, Booked: 20, Free: 1, Blocked: 2}}}
	s := c.SaturationMap(CapacityFilter{}, []time.Time{capDay(27)})[0].Days[0]
	if s.Booked != 20 || s.Open != 21 || s.Percent() != 95 || s.Band() != 2 {
		t.Errorf("20 booked, 1 free, 2 blocked, 1 cancelled: %+v %d%%", s, s.Percent())
	}
}

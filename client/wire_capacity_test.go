package client

import (
	"strings"
	"testing"
)

// TestCapacityModelRejectsCountsOutsideTheContract: a picture with a
// negative count, more counted than slots, an office out of scope or a
// day outside its range is refused whole (the mirror keeps the last good
// one) rather than shown as a 140% or a -3% cell.
func TestCapacityModelRejectsCountsOutsideTheContract(t *testing.T) {
	good := func() CapacityJSON {
		return CapacityJSON{From: "2026-11-02", To: "2026-12-21",
			Offices: []CapacityOfficeJSON{{Code: "7801", Name: "Agenzia complessa di Battipaglia", Desks: []string{"Sportello 1"}}},
			Agenda: []CapacityAgendaJSON{{Office: "7801", Desk: "Sportello 1", Day: "2026-11-20", Service: "NASpI", Channel: "in_person",
				Slots: 24, Booked: 20, Free: 2, Blocked: 1, Completed: 15, NoShow: 3}},
			Unmet: []CapacityUnmetJSON{{Office: "7801", Day: "2026-11-20", Service: "NASpI", Channel: "phone_callback", Searches: 4}},
			Waits: []CapacityWaitJSON{{Office: "7801", Day: "2026-11-20", Tickets: 30, MeanS: 400, P90S: 900}},
		}
	}
	if _, err := good().Model(); err != nil {
		t.Fatalf("a good picture: %v", err)
	}
	for name, spoil := range map[string]func(*CapacityJSON){
		"negative booked":          func(c *CapacityJSON) { c.Agenda[0].Booked = -3 },
		"negative free":            func(c *CapacityJSON) { c.Agenda[0].Free = -1 },
		"negative no-shows":        func(c *CapacityJSON) { c.Agenda[0].NoShow = -1 },
		"booked over slots":        func(c *CapacityJSON) { c.Agenda[0].Booked = 40 },
		"served over booked":       func(c *CapacityJSON) { c.Agenda[0].Completed = 19 },
		"agenda of another office": func(c *CapacityJSON) { c.Agenda[0].Office = "7802" },
		"agenda outside the range": func(c *CapacityJSON) { c.Agenda[0].Day = "2027-03-01" },
		"negative searches":        func(c *CapacityJSON) { c.Unmet[0].Searches = -5 },
		"unmet of another office":  func(c *CapacityJSON) { c.Unmet[0].Office = "9999" },
		"negative wait":            func(c *CapacityJSON) { c.Waits[0].MeanS = -60 },
		"negative tickets":         func(c *CapacityJSON) { c.Waits[0].Tickets = -1 },
		"waits of another office":  func(c *CapacityJSON) { c.Waits[0].Office = "7800" },
		"to before from":           func(c *CapacityJSON) { c.To = "2026-10-01" },
	} {
		c := good()
		spoil(&c)
		if _, err := c.Model(); err == nil || !strings.HasPrefix(err.Error(), "capacity:") {
			t.Errorf("%s: accepted (%v)", name, err)
		}
	}
}

package client_test

import (
	"context"
	"errors"
	"testing"

	"sportello/client"
	"sportello/model"
)

// exerciseCapacity reads the head of structure's picture, then again with
// its ETag (a 304).
func exerciseCapacity(t *testing.T, url string) {
	t.Helper()
	ctx := context.Background()
	dir := login(t, url, "direttore")
	a, err := dir.Capacity(ctx, monday.AddDate(0, 0, -28), monday.AddDate(0, 0, 28), "")
	if err != nil {
		t.Fatalf("capacity: %v", err)
	}
	if again, err := dir.Capacity(ctx, monday.AddDate(0, 0, -28), monday.AddDate(0, 0, 28), a.ETag); err != nil || !again.NotModified {
		t.Errorf("capacity with its ETag: %+v, %v", again.NotModified, err)
	}
}

func TestCapacityOfTheHeadsScopeWithoutPersonalData(t *testing.T) {
	clk := &clock{t: monday}
	_, srv, v := startSandbox(t, 11, clk)
	ctx := context.Background()
	from, to := monday.AddDate(0, 0, -28), monday.AddDate(0, 0, 28)

	dir := login(t, srv.URL, "direttore")
	a, err := dir.Capacity(ctx, from, to, "")
	if err != nil || a.NotModified || a.ETag == "" {
		t.Fatalf("the direttore's capacity: %v %+v", err, a.NotModified)
	}
	c := a.Capacity
	if len(c.Offices) != 9 || c.Offices[0].Code != "7800" || len(c.Offices[0].Desks) != 4 {
		t.Errorf("the direttore's offices: %+v; want the 9 with sportelli", c.Offices)
	}
	seen := map[string]bool{}
	var booked, open, noShow int
	for _, cl := range c.Cells {
		seen[cl.Office] = true
		booked += cl.Booked
		open += cl.Slots - cl.Blocked
		noShow += cl.NoShow
		if cl.Booked+cl.Free+cl.Blocked > cl.Slots {
			t.Errorf("cell %+v: more counted than slots", cl)
		}
	}
	if len(seen) != 9 || booked == 0 || open == 0 || noShow == 0 {
		t.Errorf("agendas of %d offices, booked %d of %d, no-shows %d", len(seen), booked, open, noShow)
	}
	if len(c.Unmet) == 0 || len(c.Waits) == 0 {
		t.Errorf("unmet %d, waits %d: want a seeded history", len(c.Unmet), len(c.Waits))
	}
	for _, w := range c.Waits {
		if w.Day.After(monday) || w.Tickets == 0 || w.Percent90 < w.Mean {
			t.Errorf("wait %+v", w)
		}
	}

	resp := login(t, srv.URL, "responsabile")
	b, err := resp.Capacity(ctx, from, to, "")
	if err != nil || len(b.Capacity.Offices) != 1 || b.Capacity.Offices[0].Code != "7801" {
		t.Fatalf("the responsabile's offices: %+v, %v", b.Capacity.Offices, err)
	}
	for _, cl := range b.Capacity.Cells {
		if cl.Office != "7801" {
			t.Fatalf("the responsabile sees %s", cl.Office)
		}
	}
	// A sportello operator may not; nor more than 8 weeks.
	if _, err := login(t, srv.URL, "demo").Capacity(ctx, from, to, ""); !errors.Is(err, client.ErrUnauthorized) {
		t.Errorf("a sportello operator's capacity: %v, want forbidden", err)
	}
	var apiErr *client.APIError
	if _, err := dir.Capacity(ctx, from, from.AddDate(0, 0, client.MaxCapacityDays+1), ""); !errors.As(err, &apiErr) || apiErr.Status != 422 {
		t.Errorf("more than 8 weeks: %v, want 422", err)
	}

	// A search with no free slot is counted, and changes the picture.
	before := unmetOf(b.Capacity, "7801", "Consulenza pensionistica")
	yesterday := model.PreviousWorkingDay(monday)
	if slots, err := login(t, srv.URL, "accoglienza").Availability(ctx, "7801", "consulenza_pensione", yesterday, yesterday); err != nil || len(slots) != 0 {
		t.Fatalf("a search in the past: %d, %v", len(slots), err)
	}
	after, err := resp.Capacity(ctx, from, to, b.ETag)
	if err != nil || after.NotModified || unmetOf(after.Capacity, "7801", "Consulenza pensionistica") != before+1 {
		t.Errorf("after a search that found nothing: %v, %d → %d", err, before, unmetOf(after.Capacity, "7801", "Consulenza pensionistica"))
	}
	checkContract(t, v)
}

func unmetOf(c model.Capacity, office, service string) int {
	n := 0
	for _, u := range c.UnmetByOffice(model.CapacityFilter{Office: office, Service: service, Channel: model.ChannelInPerson}) {
		n += u.Searches
	}
	return n
}

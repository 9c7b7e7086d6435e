package cache

import (
	"context"
	"testing"
	"time"

	"sportello/model"
)

func TestCapacityIsKeptWithItsETagAndReadAfterReopening(t *testing.T) {
	key := NewKeys()
	s, file := openTemp(t, key)
	ctx := context.Background()
	if c, err := s.Capacity(ctx); err != nil || !c.Refreshed.IsZero() || len(c.Cells) != 0 {
		t.Fatalf("before any refresh: %+v, %v", c, err)
	}
	day := time.Date(2026, 11, 23, 0, 0, 0, 0, model.Rome)
	at := time.Date(2026, 11, 23, 10, 5, 0, 0, model.Rome)
	in := model.Capacity{From: day.AddDate(0, 0, -28), To: day.AddDate(0, 0, 28),
		Offices: []model.CapacityOffice{{Code: "7801", Name: "Agenzia complessa di Battipaglia", Desks: []string{"Sportello 1", "Sportello 2"}}},
		Cells: []model.CapacityCell{{Office: "7801", Desk: "Sportello 2", Day: day, Service: "CU", Channel: model.ChannelPhone,
			Slots: 9, Booked: 5, Free: 2, Blocked: 1, Completed: 0, NoShow: 0}},
		Unmet: []model.UnmetDemand{{Office: "7801", Day: day, Service: "CU", Channel: model.ChannelInPerson, Searches: 3}},
		Waits: []model.ReceptionWait{{Office: "7801", Day: day, Tickets: 40, Mean: 9 * time.Minute, Percent90: 17 * time.Minute}},
	}
	if err := s.PutCapacity(ctx, in, `"e1"`, at); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err := Open(file, key)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.Capacity(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Refreshed.Equal(at) || !got.From.Equal(in.From) || !got.To.Equal(in.To) || len(got.Offices) != 1 ||
		len(got.Offices[0].Desks) != 2 || len(got.Cells) != 1 || got.Cells[0] != in.Cells[0] ||
		len(got.Unmet) != 1 || got.Unmet[0] != in.Unmet[0] || len(got.Waits) != 1 || got.Waits[0] != in.Waits[0] {
		t.Errorf("read back:\n%+v\nwant\n%+v", got, in)
	}
	if etag, from, _, err := s.CapacityETag(ctx); err != nil || etag != `"e1"` || !from.Equal(in.From) {
		t.Errorf("etag %q from %v, %v", etag, from, err)
	}
	// A 304 moves the time of the refresh only.
	if err := s.TouchCapacity(ctx, at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Capacity(ctx); !got.Refreshed.Equal(at.Add(time.Hour)) || len(got.Cells) != 1 {
		t.Errorf("after a touch: %v, %d cells", got.Refreshed, len(got.Cells))
	}
	// A new picture replaces the old one whole.
	if err := s.PutCapacity(ctx, model.Capacity{From: day, To: day}, `"e2"`, at); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Capacity(ctx); len(got.Cells)+len(got.Unmet)+len(got.Waits)+len(got.Offices) != 0 {
		t.Errorf("after an empty picture: %+v", got)
	}
}

package cache

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"sportello/model"
)

// receptionStore is a mirror of an office's six weeks: 4 desks, 10-minute
// slots, every third free.
func receptionStore(b *testing.B) *Store {
	b.Helper()
	s, err := Open(filepath.Join(b.TempDir(), "cache.db"), NewKeys())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	var slots []model.Slot
	for d := 0; d < 42; d++ {
		for desk := 1; desk <= 4; desk++ {
			for i := 0; i < 24; i++ {
				start := day.AddDate(0, 0, d-14).Add(8*time.Hour + 30*time.Minute + time.Duration(i)*10*time.Minute)
				sl := model.Slot{ID: fmt.Sprintf("d%02d-s%d-%02d", d, desk, i), Office: "7801", Start: start, End: start.Add(10 * time.Minute),
					Desk: fmt.Sprintf("Sportello %d", desk), Channel: model.ChannelPhone, Service: "CU", Level: 1, Status: model.StatusCompleted,
					CitizenCF: rossi.CF, ServedFrom: start, ServedTo: start.Add(9 * time.Minute), Version: 1}
				if i%3 == 0 {
					sl.Status, sl.CitizenCF = model.StatusFree, ""
				}
				slots = append(slots, sl)
			}
		}
	}
	if err := s.ApplyChanges(context.Background(), slotChanges(slots), "1", day); err != nil {
		b.Fatal(err)
	}
	b.Logf("%d slots mirrored", len(slots))
	return s
}

// BenchmarkOfflineBooking measures what the reception waits for when it
// books without a line: the free slots of the next two weeks from the
// mirror, then the booking written to the mirror and the outbox.
func BenchmarkOfflineBooking(b *testing.B) {
	s := receptionStore(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		free, err := s.FreeSlots(ctx, 1, at(8, 0), day.AddDate(0, 0, 14))
		if err != nil || len(free) == 0 {
			b.Fatalf("%d free, %v", len(free), err)
		}
		if _, err := s.EnqueueBooking(ctx, fmt.Sprintf("bench-%06d", i), model.BookingRequest{Slot: free[0], CF: rossi.CF,
			Channel: model.ChannelPhone, Phone: "3331234567", At: at(8, 0)}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDayReport measures the end-of-day report of the whole office
// from the mirror.
func BenchmarkDayReport(b *testing.B) {
	s := receptionStore(b)
	ctx := context.Background()
	var r model.DayReport
	for b.Loop() {
		slots, err := s.DaySlots(ctx, day, "")
		if err != nil {
			b.Fatal(err)
		}
		r = model.BuildDayReport(day, "7801", "", slots, nil)
	}
	if r.Total.Booked != 64 || r.Total.AverageService() != 9*time.Minute {
		b.Fatalf("report %+v", r.Total)
	}
}

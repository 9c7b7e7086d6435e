package app

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"sportello/client"
	"sportello/model"
)

// TestPuntoINPSOpensOnItsNextOpenDay: the Punto INPS of the sandbox
// receives on Tuesdays and Thursdays. Before the first sync its hours are
// unknown (today is shown); after it, on a Monday its console opens on
// Tuesday, and the office is known closed on Monday, open on Tuesday.
func TestPuntoINPSOpensOnItsNextOpenDay(t *testing.T) {
	c, _, _, url := testConsole(t)
	p := consoleOn(t, url, "punto")
	ctx := context.Background()
	if got := p.Today(); !got.Equal(model.Day(monday)) {
		t.Errorf("before the first sync Today = %v, want Monday", got)
	}
	for _, con := range []*Console{c, p} {
		if _, err := con.SyncOnce(ctx); err != nil {
			t.Fatal(err)
		}
	}
	tuesday := model.Day(monday).AddDate(0, 0, 1)
	if got := p.Today(); !got.Equal(tuesday) {
		t.Errorf("the Punto INPS's Today = %v, want Tuesday %v", got, tuesday)
	}
	if open, known := p.OfficeOpen(ctx, monday); open || !known {
		t.Errorf("Punto INPS on Monday: open %v known %v, want closed and known", open, known)
	}
	if open, known := p.OfficeOpen(ctx, tuesday); !open || !known {
		t.Errorf("Punto INPS on Tuesday: open %v known %v", open, known)
	}
	if got := c.Today(); !got.Equal(model.Day(monday)) {
		t.Errorf("the sede's Today = %v, want Monday", got)
	}
}

// TestFetchDayBringsBackAPurgedDay: a past day purged from the mirror
// shows nothing; fetched on demand it comes back whole from central, with
// its citizens' files; offline, fetching says so and keeps nothing half.
func TestFetchDayBringsBackAPurgedDay(t *testing.T) {
	c, l, _, _ := testConsole(t)
	ctx := context.Background()
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	past := model.PreviousWorkingDay(model.PreviousWorkingDay(model.Day(monday)))
	before, err := c.DayAgenda(ctx, past)
	if err != nil || len(before) == 0 {
		t.Fatalf("%v in the mirror: %d slots, %v", past, len(before), err)
	}
	// A retention of one day purges it.
	if _, err := c.store.Purge(ctx, monday, 24*time.Hour); err != nil {
		t.Fatal(err)
	}
	if gone, _ := c.DayAgenda(ctx, past); len(gone) != 0 {
		t.Fatalf("purged day still has %d slots", len(gone))
	}
	l.Unplug()
	if _, err := c.FetchDay(ctx, past); !errors.Is(err, client.ErrOffline) {
		t.Errorf("fetching offline: %v, want ErrOffline", err)
	}
	l.Plug()
	n, err := c.FetchDay(ctx, past)
	if err != nil || n != len(before) {
		t.Fatalf("FetchDay = %d, %v; want %d slots", n, err, len(before))
	}
	after, err := c.DayAgenda(ctx, past)
	if err != nil || len(after) != len(before) {
		t.Fatalf("after the fetch %d slots, %v; want %d", len(after), err, len(before))
	}
	for i := range after {
		if !reflect.DeepEqual(after[i].Slot, before[i].Slot) {
			t.Errorf("slot %d: %+v, want %+v", i, after[i].Slot, before[i].Slot)
		}
		// The files of the day's citizens came with it (the regular sync
		// fetches only those of the days ahead).
		if after[i].CitizenCF != "" && after[i].CitizenName == "" {
			t.Errorf("slot %d of %s: no file fetched with the day", i, after[i].Start.Format("15:04"))
		}
	}
}

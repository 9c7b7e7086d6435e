package client_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"sportello/client"
	"sportello/model"
)

// exerciseDesks runs the head of a structure's actions, done and refused,
// through the contract validator.
func exerciseDesks(t *testing.T, url string) {
	t.Helper()
	ctx := context.Background()
	boss := login(t, url, "direttore")
	tue := time.Date(2026, time.November, 24, 0, 0, 0, 0, model.Rome)
	got, err := boss.CloneDesk(ctx, "contract-clone", model.DeskClone{Office: "7802", Desk: "Sportello 1", Days: []time.Time{tue}})
	if err != nil || got.Desk != "Sportello 1 bis" || got.Slots == 0 || len(got.Days) != 1 || !got.Days[0].Equal(tue) {
		t.Errorf("clone: %+v, %v", got, err)
	}
	_, err = boss.CloneDesk(ctx, "contract-clone-2", model.DeskClone{Office: "7802", Desk: "Sportello 1", Days: []time.Time{tue}})
	var r *model.DeskRefusal
	if !errors.As(err, &r) || r.Code != model.RefusedTwinExists || !errors.Is(err, client.ErrRejected) || !r.Day.Equal(tue) {
		t.Errorf("clone onto the twin: %v", err)
	}
	_, err = boss.ChangeSlotDuration(ctx, "contract-duration-8", model.SlotDurationChange{Office: "7802", Desk: "Sportello 2", From: tue, Minutes: 8})
	if !errors.As(err, &r) || r.Code != model.RefusedBookedCitizens || !errors.Is(err, client.ErrConflict) || r.Booked == 0 || !r.FirstDay.Equal(tue) {
		t.Errorf("duration over booked citizens: %v", err)
	}
	got, err = boss.ChangeSlotDuration(ctx, "contract-duration-5", model.SlotDurationChange{Office: "7802", Desk: "Sportello 2", From: tue, Minutes: 5})
	if err != nil || got.Minutes != 5 || got.Slots == 0 || got.Desk != "Sportello 2" {
		t.Errorf("duration 5: %+v, %v", got, err)
	}
	_, err = login(t, url, "responsabile").CloneDesk(ctx, "contract-clone-403", model.DeskClone{Office: "7800", Desk: "Sportello 1", Days: []time.Time{tue}})
	if !errors.Is(err, client.ErrUnauthorized) || errors.As(err, &r) {
		t.Errorf("clone outside the scope: %v", err)
	}
}

func TestDeskActionsOverLoopback(t *testing.T) {
	clk := &clock{t: monday}
	_, srv, v := startSandbox(t, 3, clk)
	exerciseDesks(t, srv.URL)
	// The same key twice: one twin, the same answer.
	ctx := context.Background()
	boss := login(t, srv.URL, "responsabile")
	wed := time.Date(2026, time.November, 25, 0, 0, 0, 0, model.Rome)
	req := model.DeskClone{Office: "7801", Desk: "Sportello 2", Days: []time.Time{wed}}
	a, err1 := boss.CloneDesk(ctx, "same-key-twice", req)
	b, err2 := boss.CloneDesk(ctx, "same-key-twice", req)
	if err1 != nil || err2 != nil || a.Slots != b.Slots || a.Desk != b.Desk {
		t.Errorf("same key twice: %+v %v / %+v %v", a, err1, b, err2)
	}
	checkContract(t, v)
	for _, op := range []string{"cloneDesk", "changeSlotDuration"} {
		if v.Seen()[op] == 0 {
			t.Errorf("%s never validated", op)
		}
	}
}

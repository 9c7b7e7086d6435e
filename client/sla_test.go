package client_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"sportello/client"
	"sportello/model"
)

// exerciseSLA checks the office calendar and the presence on a scheda
// over the wire: what two consultants of the CRIC see of each other, and
// that a presence nobody renews expires on central's clock.
func exerciseSLA(t *testing.T, clk *clock, cric, cric2 *client.Client) {
	t.Helper()
	ctx := context.Background()
	cal, err := cric.Calendar(ctx, clk.Now())
	if err != nil {
		t.Fatal(err)
	}
	gennaro := time.Date(clk.Now().Year(), time.September, 19, 0, 0, 0, 0, model.Rome)
	if cal.Office != "7880" || cal.Target(model.SectionPensioni) != 5 || len(cal.Holidays) != 2 || !cal.Holidays[0].Date.Equal(gennaro) ||
		cal.IsWorkingDay(gennaro.AddDate(1, 0, 0)) {
		t.Errorf("calendar of the CRIC in Naples: %+v, want San Gennaro this year and next, 5 working days", cal)
	}

	open, err := cric.Schede(ctx, model.SectionPensioni, model.SchedaNew)
	if err != nil || len(open) == 0 {
		t.Fatalf("schede: %d, %v", len(open), err)
	}
	id := open[0].ID
	if others, err := cric.AnnouncePresence(ctx, id, model.PresenceViewing); err != nil || len(others) != 0 {
		t.Errorf("first on the scheda: %+v, %v; want nobody else", others, err)
	}
	others, err := cric2.AnnouncePresence(ctx, id, model.PresenceDrafting)
	if err != nil || len(others) != 1 || others[0].OperatorName != "Marco Santoro" || others[0].State != model.PresenceViewing {
		t.Errorf("cric2 sees %+v, %v; want Marco Santoro viewing", others, err)
	}
	clk.Add(model.PresenceTTL / 2)
	if others, err := cric.AnnouncePresence(ctx, id, model.PresenceViewing); err != nil || len(others) != 1 ||
		others[0].OperatorName != "Teresa Vitale" || others[0].State != model.PresenceDrafting {
		t.Errorf("cric sees %+v, %v; want Teresa Vitale drafting", others, err)
	}
	// cric2 no longer renews: past its time it is gone.
	clk.Add(model.PresenceTTL/2 + time.Second)
	if others, err := cric.AnnouncePresence(ctx, id, model.PresenceViewing); err != nil || len(others) != 0 {
		t.Errorf("after cric2's presence expired: %+v, %v; want nobody", others, err)
	}
	if err := cric.WithdrawPresence(ctx, id); err != nil {
		t.Fatal(err)
	}
	if others, err := cric2.AnnouncePresence(ctx, id, model.PresenceViewing); err != nil || len(others) != 0 {
		t.Errorf("after cric closed it: %+v, %v; want nobody", others, err)
	}
	if err := cric2.WithdrawPresence(ctx, id); err != nil {
		t.Fatal(err)
	}
}

func TestPresenceAndCalendarOverLoopback(t *testing.T) {
	clk := &clock{t: monday}
	_, srv, v := startSandbox(t, 11, clk)
	exerciseSLA(t, clk, login(t, srv.URL, "cric"), login(t, srv.URL, "cric2"))
	// A scheda of a section the consultant does not work: not theirs to see.
	demo := login(t, srv.URL, "demo")
	var apiErr *client.APIError
	if _, err := demo.AnnouncePresence(context.Background(), "SK00001", model.PresenceViewing); !errors.As(err, &apiErr) || apiErr.Status != 403 {
		t.Errorf("presence of a desk operator: %v, want 403", err)
	}
	checkContract(t, v)
}

func TestWaitingPeriodsFollowTheScheda(t *testing.T) {
	clk := &clock{t: monday}
	_, srv, v := startSandbox(t, 11, clk)
	ctx := context.Background()
	cric := login(t, srv.URL, "cric")
	open, err := cric.Schede(ctx, model.SectionPensioni, model.SchedaNew)
	if err != nil || len(open) == 0 {
		t.Fatalf("schede: %d, %v", len(open), err)
	}
	sc, err := cric.ClaimScheda(ctx, "", open[0].ID, open[0].Version)
	if err != nil {
		t.Fatal(err)
	}
	asked := clk.Now()
	if sc, err = cric.RequestInfo(ctx, "", sc.ID, sc.Version, "Ci invii l'estratto conto."); err != nil {
		t.Fatal(err)
	}
	if len(sc.Waits) != 1 || !sc.Waits[0].From.Equal(asked) || !sc.WaitingNow() {
		t.Errorf("waiting: %+v, want one period running from %v", sc.Waits, asked)
	}
	clk.Add(26 * time.Hour)
	if sc, err = cric.AnswerScheda(ctx, "", sc.ID, sc.Version, "Gentile utente, ecco la risposta."); err != nil {
		t.Fatal(err)
	}
	if len(sc.Waits) != 1 || !sc.Waits[0].To.Equal(clk.Now()) || sc.WaitingNow() {
		t.Errorf("answered: %+v, want the period closed at %v", sc.Waits, clk.Now())
	}
	checkContract(t, v)
}

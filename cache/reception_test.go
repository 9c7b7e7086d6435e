package cache

import (
	"context"
	"errors"
	"testing"
	"time"

	"sportello/model"
)

func TestBookingAppliesLocallyThenTakesCentralsAnswer(t *testing.T) {
	s, _ := openTemp(t, NewKeys())
	defer s.Close()
	ctx := context.Background()
	if err := s.ApplySnapshot(ctx, snapshot()); err != nil {
		t.Fatal(err)
	}
	newcomer := model.NewCitizen{CF: model.BuildCF("Esposito", "Carmela", "F", time.Date(1990, 3, 14, 0, 0, 0, 0, model.Rome), "H703"),
		GivenName: "Carmela", FamilyName: "Esposito", Phone: "333 1234567"}
	free := snapshot().Slots[2] // c, free at 8:50
	// The slot as a screen last saw it, with a version the mirror has
	// since left behind: the mirror's own copy is the one booked.
	seen := free
	seen.Version = 7
	a := model.BookingRequest{Slot: seen, CF: newcomer.CF, CitizenName: "Esposito Carmela", New: &newcomer,
		Service: model.Service{Code: "cu", Name: "Certificazione Unica", Level: 1}, Channel: model.ChannelPhone, Phone: newcomer.Phone, At: at(8, 5)}
	b, err := s.EnqueueBooking(ctx, "bk-1", a)
	if err != nil || b.State != model.BookingPending {
		t.Fatalf("enqueue: %+v, %v", b, err)
	}
	e := agendaEntry(t, s, "c")
	if e.Status != model.StatusBooked || e.CitizenCF != newcomer.CF || e.CitizenName != "Esposito Carmela" || !e.Pending ||
		e.Phone != newcomer.Phone || e.Version != 2 || e.Service != "Certificazione Unica" {
		t.Errorf("slot after an offline booking: %+v", e)
	}
	// The new citizen is found by the search, offline.
	if cards, err := s.Search(ctx, "esposito", 10); err != nil || len(cards) != 1 || cards[0].CF != newcomer.CF {
		t.Errorf("search for the new citizen: %+v, %v", cards, err)
	}
	if _, err := s.EnqueueBooking(ctx, "bk-2", a); !errors.Is(err, ErrSlotTaken) {
		t.Errorf("booking the same slot again: %v, want ErrSlotTaken", err)
	}
	// A feed still showing the slot free does not undo the pending booking.
	if err := s.ApplyChanges(ctx, []model.Change{{Entity: free}}, "9", at(8, 6)); err != nil {
		t.Fatal(err)
	}
	if e := agendaEntry(t, s, "c"); e.Status != model.StatusBooked {
		t.Errorf("a stale feed replaced a pending booking: %s", e.Status)
	}
	// Central takes someone else's booking first: conflict, with the slot
	// as central has it.
	pending, _ := s.Pending(ctx)
	taken := free
	taken.Status, taken.CitizenCF, taken.Version = model.StatusBooked, rossi.CF, 2
	if err := s.ActionConflict(ctx, pending[0].Seq, taken, "L'orario non è più libero", at(8, 7)); err != nil {
		t.Fatal(err)
	}
	got, err := s.Booking(ctx, "bk-1")
	if err != nil || got.State != model.BookingConflict || got.Current == nil || got.Current.CitizenCF != rossi.CF || got.Request.CF != newcomer.CF {
		t.Errorf("booking after a conflict: %+v, %v", got, err)
	}
	if e := agendaEntry(t, s, "c"); e.CitizenCF != rossi.CF || e.Pending {
		t.Errorf("slot after the conflict: %+v", e)
	}
	conflicts, _ := s.Conflicts(ctx)
	if len(conflicts) != 1 || conflicts[0].Kind != model.KindBooking || conflicts[0].Central == nil || conflicts[0].Central.EntityID() != "c" {
		t.Errorf("conflicts: %+v", conflicts)
	}
}

func TestBookingOfAnotherOfficeStaysOutOfTheAgenda(t *testing.T) {
	s, _ := openTemp(t, NewKeys())
	defer s.Close()
	ctx := context.Background()
	if err := s.ApplySnapshot(ctx, snapshot()); err != nil {
		t.Fatal(err)
	}
	far := model.Slot{ID: "7890-s1-x", Office: "7890", Start: at(9, 0), End: at(9, 10), Desk: "Sportello 1", Level: 1,
		Status: model.StatusFree, Channel: model.ChannelInPerson, Version: 3}
	if _, err := s.EnqueueBooking(ctx, "bk-far", model.BookingRequest{Slot: far, CF: rossi.CF, Channel: model.ChannelWebMeeting,
		Service: model.Service{Code: "cu", Name: "CU", Level: 1}, At: at(8, 0)}); err != nil {
		t.Fatal(err)
	}
	pending, _ := s.Pending(ctx)
	booked := far
	booked.Status, booked.CitizenCF, booked.MeetingURL, booked.Version = model.StatusBooked, rossi.CF, "https://teams.microsoft.com/l/x", 4
	if err := s.ActionDone(ctx, pending[0].Seq, booked, at(8, 1)); err != nil {
		t.Fatal(err)
	}
	got, err := s.Booking(ctx, "bk-far")
	if err != nil || got.State != model.BookingDone || got.Slot().MeetingURL != booked.MeetingURL {
		t.Errorf("confirmed booking: %+v, %v", got, err)
	}
	agenda, _ := s.DayAgenda(ctx, day)
	for _, e := range agenda {
		if e.ID == far.ID {
			t.Error("another office's slot joined the operator's agenda")
		}
	}
}

func TestRejectedBookingFreesTheSlotAgain(t *testing.T) {
	s, _ := openTemp(t, NewKeys())
	defer s.Close()
	ctx := context.Background()
	if err := s.ApplySnapshot(ctx, snapshot()); err != nil {
		t.Fatal(err)
	}
	free := snapshot().Slots[2]
	if _, err := s.EnqueueBooking(ctx, "bk-1", model.BookingRequest{Slot: free, CF: rossi.CF, Channel: model.ChannelInPerson, At: at(8, 0)}); err != nil {
		t.Fatal(err)
	}
	pending, _ := s.Pending(ctx)
	if err := s.ActionRejected(ctx, pending[0].Seq, "Servizio non prenotabile", at(8, 1)); err != nil {
		t.Fatal(err)
	}
	if e := agendaEntry(t, s, "c"); e.Status != model.StatusFree || e.CitizenCF != "" || e.Version != 1 {
		t.Errorf("slot after a rejected booking: %+v", e)
	}
	if b, _ := s.Booking(ctx, "bk-1"); b.State != model.BookingRejected || b.Message != "Servizio non prenotabile" {
		t.Errorf("rejected booking: %+v", b)
	}
}

func TestTicketsNumberOfflineAndKeepThePrintedNumber(t *testing.T) {
	s, _ := openTemp(t, NewKeys())
	defer s.Close()
	ctx := context.Background()
	issue := func(key, id string, r model.TicketReason, min int) model.Ticket {
		t.Helper()
		tk, err := s.EnqueueTicket(ctx, key, model.TicketAction{TicketID: id, Op: model.TicketIssue, Reason: r, Office: "7801", At: at(9, min)})
		if err != nil {
			t.Fatal(err)
		}
		return tk
	}
	// A colleague's ticket, from the feed.
	if err := s.ApplyChanges(ctx, []model.Change{{Entity: model.Ticket{ID: "t-other-1", Office: "7801", Number: 4, Reason: model.ReasonBooking,
		Status: model.TicketWaiting, IssuedAt: at(8, 50), Version: 1}}}, "1", at(9, 0)); err != nil {
		t.Fatal(err)
	}
	b5 := issue("k1", "t-mine-1", model.ReasonBooking, 1)
	a1 := issue("k2", "t-mine-2", model.ReasonInformation, 2)
	if b5.Code() != "B005" || a1.Code() != "A001" {
		t.Errorf("numbers: %s %s, want B005 A001", b5.Code(), a1.Code())
	}
	called, err := s.EnqueueTicket(ctx, "k3", model.TicketAction{TicketID: b5.ID, Op: model.TicketCall, Desk: "Accoglienza 1", At: at(9, 10)})
	if err != nil || called.Status != model.TicketCalled || called.Wait(at(10, 0)) != 9*time.Minute {
		t.Errorf("call: %+v, %v", called, err)
	}
	if _, err := s.EnqueueTicket(ctx, "k4", model.TicketAction{TicketID: a1.ID, Op: model.TicketServe, At: at(9, 11)}); !errors.Is(err, model.ErrTransition) {
		t.Errorf("serving a ticket never called: %v", err)
	}
	// Central gave B006: a colleague printed B005 offline too.
	pending, _ := s.Pending(ctx)
	renumbered := b5
	renumbered.Number = 6
	if err := s.ActionDone(ctx, pending[0].Seq, renumbered, at(9, 12)); err != nil {
		t.Fatal(err)
	}
	q, err := s.Queue(ctx, "7801", day)
	if err != nil || len(q) != 3 {
		t.Fatalf("queue: %d, %v", len(q), err)
	}
	for _, e := range q {
		if e.ID == b5.ID && (e.Number != 6 || e.Was != 5 || e.Status != model.TicketCalled || !e.Pending) {
			t.Errorf("renumbered ticket still being called: %+v", e)
		}
	}
}

// A booking of another office's slot that central refuses (the slot was
// taken there) keeps central's slot with the booking, for the conflict,
// and out of the operator's agenda; so does central's answer of the wrong
// type (a ticket), which is not the operator's either.
func TestConflictingBookingOfAnotherOfficeStaysOutOfTheMirror(t *testing.T) {
	s, _ := openTemp(t, NewKeys())
	defer s.Close()
	ctx := context.Background()
	if err := s.ApplySnapshot(ctx, snapshot()); err != nil {
		t.Fatal(err)
	}
	far := model.Slot{ID: "7890-s1-x", Office: "7890", Start: at(9, 0), End: at(9, 10), Desk: "Sportello 1", Level: 1,
		Status: model.StatusFree, Channel: model.ChannelInPerson, Version: 3}
	for _, key := range []string{"bk-far", "bk-odd"} {
		if _, err := s.EnqueueBooking(ctx, key, model.BookingRequest{Slot: far, CF: rossi.CF, Channel: model.ChannelInPerson,
			Service: model.Service{Code: "cu", Name: "CU", Level: 1}, At: at(8, 0)}); err != nil {
			t.Fatal(err)
		}
	}
	pending, _ := s.Pending(ctx)
	taken := far
	taken.Status, taken.CitizenCF, taken.Version = model.StatusBooked, rossi.CF, 4
	if err := s.ActionConflict(ctx, pending[0].Seq, taken, "L'orario non è più libero", at(8, 1)); err != nil {
		t.Fatal(err)
	}
	odd := model.Ticket{ID: "t-odd", Office: "7890", Number: 7, Reason: model.ReasonInformation, Status: model.TicketWaiting, IssuedAt: at(8, 0), Version: 1}
	if err := s.ActionConflict(ctx, pending[1].Seq, odd, "", at(8, 1)); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Booking(ctx, "bk-far"); err != nil || got.State != model.BookingConflict || got.Current == nil || got.Current.Version != 4 {
		t.Errorf("booking after the conflict: %+v, %v", got, err)
	}
	agenda, _ := s.DayAgenda(ctx, day)
	for _, e := range agenda {
		if e.ID == far.ID {
			t.Error("another office's slot joined the operator's agenda")
		}
	}
	if tickets, err := s.Queue(ctx, "7890", day); err != nil || len(tickets) != 0 {
		t.Errorf("tickets after a booking's conflict answered with one: %+v, %v", tickets, err)
	}
}

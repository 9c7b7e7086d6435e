package app

import (
	"context"

	"sportello/assets/i18n"
	"sportello/client"
	"sportello/model"
)

// bookingKind is a booking made at reception for a walk-in citizen (with
// their registration, when new).
type bookingKind struct{}

func (bookingKind) send(ctx context.Context, c *Console, key string, a model.BookingRequest) (model.Entity, error) {
	if a.New != nil {
		// Registering a known codice fiscale again is harmless: central
		// answers the file as it is.
		if _, _, err := c.api.RegisterCitizen(ctx, key+"-r", *a.New); err != nil {
			return nil, err
		}
	}
	return model.AsEntity(c.api.Book(ctx, key, client.Booking{SlotID: a.Slot.ID, CitizenCF: a.CF, Service: a.Service.Code,
		Channel: a.Channel, Phone: a.Phone}))
}

func (bookingKind) conflict(_ context.Context, _ *Console, a model.BookingRequest, k *Conflict) {
	k.At, k.Title, k.Citizen = a.At, slotTitle(a.Slot), a.CitizenName
	k.Mine = i18n.T("conflicts.booking_action", a.CitizenName, a.Service.Name, a.At.In(model.Rome).Format("15:04"))
	// The slot is taken: the booking screen offers others.
	k.CanRetry, k.Rebook = false, true
}

func (bookingKind) retry(context.Context, *Console, model.BookingRequest) error {
	return nil // never offered (Rebook): an alternative is booked instead
}

func (bookingKind) undoable(a model.BookingRequest, u *Undoable) { u.At = a.At }

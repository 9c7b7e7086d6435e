package app

import (
	"context"
	"fmt"
	"time"

	"sportello/model"
)

// Today returns the day the agenda opens on: today, or the next working day
// on a weekend or holiday.
func (c *Console) Today() time.Time {
	first := model.WorkingDayOnOrAfter(c.now())
	// A Punto INPS receives on some days only: its console opens on the
	// next day it does. A fortnight bounds the search (hours unknown or
	// an office with none: the first working day). The hours are read
	// once, not at each day tried.
	hours := c.officeHours(context.Background())
	for d := first; d.Before(first.AddDate(0, 0, 14)); d = model.NextWorkingDay(d) {
		if open, known := openOn(hours, d); !known || open {
			return d
		}
	}
	return first
}

// OfficeOpen reports whether the operator's office receives the public on
// day, from the opening hours central gave with the catalogue; known is
// false when they are not on this computer yet, or the office has none.
func (c *Console) OfficeOpen(ctx context.Context, day time.Time) (open, known bool) {
	return openOn(c.officeHours(ctx), day)
}

// officeHours returns the opening hours of the operator's office from the
// stored catalogue: nil when they are not on this computer, or the office
// has none.
func (c *Console) officeHours(ctx context.Context) []model.OpeningHours {
	if c.store == nil {
		return nil
	}
	op, err := c.store.Operator(ctx)
	if err != nil {
		return nil
	}
	cat, err := c.store.Catalogue(ctx)
	if err != nil {
		return nil
	}
	for _, o := range cat.Offices {
		if o.Code == op.Office.Code {
			return o.Hours
		}
	}
	return nil
}

// openOn reports whether an office with these hours receives on day;
// known is false with no hours.
func openOn(hours []model.OpeningHours, day time.Time) (open, known bool) {
	if len(hours) == 0 {
		return false, false
	}
	if !model.IsWorkingDay(day) {
		return false, true
	}
	for _, h := range hours {
		if h.Weekday == day.Weekday() {
			return true, true
		}
	}
	return false, true
}

// FetchDay brings one day's agenda from central into the mirror, with the
// files of the citizens booked that day: a day the changes feed does not
// carry (too far ahead) or no longer holds (purged as past). It returns
// how many slots central has that day.
func (c *Console) FetchDay(ctx context.Context, day time.Time) (int, error) {
	day = model.Day(day)
	var n int
	err := c.working(ctx, func() error {
		if err := c.refuseOutdated(); err != nil {
			return err
		}
		slots, err := c.api.Agenda(ctx, day, day)
		if err != nil {
			return err
		}
		if err := c.store.PutDay(ctx, slots); err != nil {
			return err
		}
		n = len(slots)
		_, err = c.fetchFiles(ctx, day, day, nil)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("fetch the agenda of %s: %w", day.Format("2006-01-02"), err)
	}
	return n, nil
}

// DayAgenda returns the booked slots of a day from the mirror.
func (c *Console) DayAgenda(ctx context.Context, day time.Time) ([]model.AgendaEntry, error) {
	return c.store.DayAgenda(ctx, day)
}

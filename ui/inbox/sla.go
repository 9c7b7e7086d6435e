package inbox

import (
	"context"

	"fyne.io/fyne/v2/widget"

	"sportello/assets/i18n"
	"sportello/model"
	"sportello/ui/widgets"
)

// The service-level clock in the inbox: each row says the working days
// left (or how late it is, or that the clock stops while the citizen is
// asked for documents), the open scheda its due date, and the "in
// scadenza" filter lists what is late or due soon, the most urgent first.

// ClockSource gives the office's working calendar the clock counts on.
type ClockSource interface {
	Calendar(ctx context.Context) (model.WorkCalendar, error)
}

// buildDue builds the "in scadenza" filter.
func (v *InboxView) buildDue() {
	v.due = widget.NewCheck(i18n.T("inbox.due"), func(on bool) {
		v.filter.Due = on
		if on { // the list is of the open ones whatever the status says
			v.status.Disable()
		} else {
			v.status.Enable()
		}
		v.reloadLater()
	})
}

// toggleDue switches the "in scadenza" filter (its key).
func (v *InboxView) toggleDue() { v.due.SetChecked(!v.due.Checked) }

// workDays is a span of working days as the inbox shows it: days and
// hours of a working day.
func workDays(f float64) string {
	f = max(f, 0)
	days := int(f)
	hours := int((f - float64(days)) * 24)
	if days == 0 {
		return i18n.T("sla.hours", hours)
	}
	return i18n.T("sla.days", days, hours)
}

// slaShort is where a scheda stands on its clock, for its row.
func slaShort(s model.SLA) string {
	switch {
	case s.Closed:
		return i18n.T("sla.took", workDays(s.Elapsed))
	case s.Paused:
		return i18n.T("sla.paused")
	case s.Late():
		return i18n.T("sla.late", workDays(-s.Remaining))
	}
	return i18n.T("sla.left", workDays(s.Remaining))
}

// slaLine is where the open scheda stands on its clock: its due time and
// target, or why the clock stands still.
func slaLine(sc model.Scheda, s model.SLA) string {
	switch {
	case s.Closed && s.Late():
		return i18n.T("sla.closed_late", workDays(s.Elapsed), s.Target)
	case s.Closed:
		return i18n.T("sla.closed_in_time", workDays(s.Elapsed), s.Target)
	case s.Paused:
		return i18n.T("sla.paused_long", widgets.Stamp(sc.Waits[len(sc.Waits)-1].From), workDays(s.Elapsed), s.Target)
	case s.Late():
		return i18n.T("sla.overdue", workDays(-s.Remaining), s.Target)
	}
	return i18n.T("sla.due_at", widgets.Stamp(s.Due), workDays(s.Remaining), s.Target)
}

package widgets

import (
	"fmt"
	"time"

	"sportello/assets/i18n"
	"sportello/model"
)

// Cell kinds of a slot, as cellText formats them.
const (
	ColTime = iota
	ColChannel
	ColCitizen
	ColService
	ColStatus
)

// CellText is the text of one part of a slot, as the day view and the file
// panel show it.
func CellText(e model.AgendaEntry, col int) string {
	switch col {
	case ColTime:
		return Clock(e.Start) + "–" + Clock(e.End)
	case ColChannel:
		return i18n.T("channel." + string(e.Channel))
	case ColCitizen:
		if e.CitizenName == "" {
			return i18n.T("day.citizen_unknown")
		}
		return e.CitizenName
	case ColService:
		return i18n.T(fmt.Sprintf("level.%d", e.Level)) + " · " + e.Service
	case ColStatus:
		status := i18n.T("status." + string(e.Status))
		if e.Priority != model.PriorityNone && e.Open() {
			status = i18n.T("visit.priority_mark", status, i18n.T("priority."+string(e.Priority)))
		}
		if e.Pending {
			return i18n.T("day.pending", status)
		}
		return status
	}
	return ""
}

// Clock formats a time of day in Rome.
func Clock(t time.Time) string { return t.In(model.Rome).Format("15:04") }

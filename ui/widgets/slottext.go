package ui

import (
	"fmt"
	"sportello/assets/i18n"
	"sportello/model"
	"time"
)

// Cell kinds of a slot, as cellText formats them.
const (
	colTime = iota
	colChannel
	colCitizen
	colService
	colStatus
)

// cellText is the text of one part of a slot, as the day view and the file
// panel show it.
func cellText(e model.AgendaEntry, col int) string {
	switch col {
	case colTime:
		return clock(e.Start) + "–" + clock(e.End)
	case colChannel:
		return i18n.T("channel." + string(e.Channel))
	case colCitizen:
		if e.CitizenName == "" {
			return i18n.T("day.citizen_unknown")
		}
		return e.CitizenName
	case colService:
		return i18n.T(fmt.Sprintf("level.%d", e.Level)) + " · " + e.Service
	case colStatus:
		if e.Pending {
			return i18n.T("day.pending", i18n.T("status."+string(e.Status)))
		}
		return i18n.T("status." + string(e.Status))
	}
	return ""
}

// clock formats a time of day in Rome.
func clock(t time.Time) string { return t.In(model.Rome).Format("15:04") }

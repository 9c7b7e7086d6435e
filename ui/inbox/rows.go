package inbox

import (
	"fmt"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sportello/assets/i18n"
	"sportello/model"
	"sportello/ui/widgets"
)

// inboxRow is one scheda in the list: its age against the target, number,
// section and status on the first line; subject and citizen on the
// second.
type inboxRow struct {
	widget.BaseWidget
	age    *canvas.Rectangle
	top    *widget.Label
	bottom *widget.Label
	root   *fyne.Container
}

func newInboxRow() fyne.CanvasObject {
	r := &inboxRow{age: canvas.NewRectangle(color.Transparent), top: widget.NewLabel(""), bottom: widget.NewLabel("")}
	r.top.Truncation = fyne.TextTruncateEllipsis
	r.bottom.Truncation = fyne.TextTruncateEllipsis
	r.bottom.TextStyle.Bold = true
	r.age.SetMinSize(fyne.NewSize(6, 0))
	r.root = container.NewBorder(nil, nil, r.age, nil, container.NewVBox(r.top, r.bottom))
	r.ExtendBaseWidget(r)
	return r
}

func (r *inboxRow) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.root) }

// ProbeContent lets the test probe read the row.
func (r *inboxRow) ProbeContent() fyne.CanvasObject { return r.root }

// show fills the row with an entry, its clock on the office's calendar
// at now; me is the consultant's id.
func (r *inboxRow) show(e model.InboxEntry, now time.Time, cal model.WorkCalendar, me string) {
	status := i18n.T("scheda." + string(e.Status))
	switch {
	case e.HeldBy(me):
		status = i18n.T("inbox.mine_short", status)
	case e.Status.Held():
		status = i18n.T("inbox.held_by", status, e.HolderName)
	}
	if e.Draft {
		status += " · " + i18n.T("inbox.draft")
	}
	if e.Pending {
		status = i18n.T("day.pending", status)
	}
	sla := cal.Clock(e.Scheda, now)
	clock := slaShort(sla)
	if lvl := sla.Level(); e.Status.Open() && !sla.Paused && lvl == 1 {
		clock += ", " + i18n.T("age.level.1") // in words too, not only the strip's colour
	}
	top := fmt.Sprintf("%s · %s · %s · %s", clock, e.Number, i18n.T("section.short."+string(e.Section)), status)
	widgets.SetLabel(r.top, top, widget.MediumImportance)
	widgets.SetLabel(r.bottom, e.Subject+" — "+nameOr(e.CitizenName), widget.MediumImportance)
	var fill color.Color = color.Transparent
	if e.Status.Open() && !sla.Paused {
		fill = ageColors()[sla.Level()]
	}
	if r.age.FillColor != fill {
		r.age.FillColor = fill
		r.age.Refresh()
	}
}

// ageColors are the colours of the age levels: within half the target,
// past half, past the target.
func ageColors() [3]color.Color {
	return [3]color.Color{theme.Color(theme.ColorNameSuccess), theme.Color(theme.ColorNameWarning), theme.Color(theme.ColorNameError)}
}

func nameOr(name string) string {
	if name == "" {
		return i18n.T("inbox.citizen")
	}
	return name
}

// ageText is a waiting time as the inbox shows it: days and hours.
func ageText(d time.Duration) string {
	days, hours := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour)
	if days == 0 {
		return i18n.T("age.hours", hours)
	}
	return i18n.T("age.days", days, hours)
}

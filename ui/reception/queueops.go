package reception

import (
	"errors"
	"log/slog"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sportello/assets/i18n"
	"sportello/model"
	"sportello/ui/widgets"
)

// counter is the part of the queue screen for what happens at the desk
// besides calling and closing: parking and resuming the citizen, passing
// the ticket to another desk or service, the priority, and the clock of
// the call.
type counter struct {
	issuePrio  *widget.Select // the priority of the next ticket issued
	park       *widget.Button
	resume     *widget.Button
	transfer   *widget.Button
	prioritize *widget.Button    // the priority of the waiting ticket selected
	clock      *widget.Label     // time since called, and whether it is over the expected
	clockIcon  *widget.Icon      // shown with the word when over: not colour only
	selected   *model.QueueEntry // the waiting ticket selected in the list
	ticking    bool
}

// priorityLabels are the choices of a priority, "none" first.
func priorityLabels() []string {
	out := []string{i18n.T("priority.none")}
	for _, p := range model.Priorities {
		out = append(out, i18n.T("priority."+string(p)))
	}
	return out
}

// priorityOf is the priority of a label of priorityLabels.
func priorityOf(label string) model.Priority {
	for _, p := range model.Priorities {
		if i18n.T("priority."+string(p)) == label {
			return p
		}
	}
	return model.PriorityNone
}

func (v *QueueView) buildCounter() {
	v.issuePrio = widget.NewSelect(priorityLabels(), nil)
	v.issuePrio.SetSelectedIndex(0)
	v.park = widget.NewButtonWithIcon(i18n.T("queue.park"), theme.MediaPauseIcon(), func() { v.act(model.TicketPark) })
	v.resume = widget.NewButtonWithIcon(i18n.T("queue.resume"), theme.MediaPlayIcon(), func() { v.act(model.TicketResume) })
	v.transfer = widget.NewButtonWithIcon(i18n.T("queue.transfer"), theme.MailForwardIcon(), v.askTransfer)
	v.prioritize = widget.NewButtonWithIcon(i18n.T("queue.prioritize"), theme.WarningIcon(), v.askPriority)
	v.clock = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	v.clockIcon = widget.NewIcon(theme.WarningIcon())
	v.list.OnSelected = func(id widget.ListItemID) {
		if id < len(v.waiting) {
			e := v.waiting[id]
			v.selected = &e
		}
		v.showCounter()
	}
	v.list.OnUnselected = func(widget.ListItemID) { v.selected = nil; v.showCounter() }
}

// issuePriority is the priority chosen for the next ticket; choosing it
// again is needed for each fragile citizen.
func (v *QueueView) issuePriority() model.Priority {
	p := priorityOf(v.issuePrio.Selected)
	v.issuePrio.SetSelectedIndex(0)
	return p
}

// showCounter enables what applies to the ticket at the desk and to the
// selected waiting one, and shows the call clock.
func (v *QueueView) showCounter() {
	t := v.current
	widgets.SetEnabled(v.park, t != nil && t.Status == model.TicketCalled)
	widgets.SetEnabled(v.resume, t != nil && t.Status == model.TicketParked)
	widgets.SetEnabled(v.transfer, t != nil || v.selectedWaiting() != nil)
	widgets.SetEnabled(v.prioritize, v.selectedWaiting() != nil)
	if t != nil {
		// Set whole each time: a selection in the list shows the counter
		// again, and an appended recall or priority repeated.
		v.calledAt.SetText(v.calledText(*t))
	}
	v.tick()
}

// calledText is what the desk reads of the ticket it holds: the reason,
// when it was called and after how long, or that it is parked; the recalls
// and the priority.
func (v *QueueView) calledText(t model.Ticket) string {
	reason := i18n.T("ticket.reason." + string(t.Reason))
	text := i18n.T("queue.calling", reason, t.CalledAt.In(model.Rome).Format("15:04"), int(t.Wait(v.src.Now())/time.Minute))
	switch {
	case t.Status == model.TicketParked:
		text = i18n.T("queue.parked", reason)
	case t.Recalls > 0 && t.MaxRecalls > 0:
		text += " · " + i18n.T("queue.recalled_of", t.Recalls, t.MaxRecalls)
	case t.Recalls > 0:
		text += " · " + i18n.T("queue.recalled", t.Recalls)
	}
	// The desk sees the priority too (a chair for the elderly): the
	// waiting row that showed it is gone once the ticket is called.
	if t.Priority != model.PriorityNone {
		text += " · " + i18n.T("queue.row_priority", i18n.T("priority."+string(t.Priority)))
	}
	return text
}

// selectedWaiting is the selected ticket if it is still waiting in the
// queue as last shown.
func (v *QueueView) selectedWaiting() *model.QueueEntry {
	if v.selected == nil {
		return nil
	}
	for i := range v.waiting {
		if v.waiting[i].ID == v.selected.ID {
			return &v.waiting[i]
		}
	}
	return nil
}

// tick shows how long the ticket at the desk has been called, from the
// console's clock; on the UI goroutine.
func (v *QueueView) tick() {
	t := v.current
	if t == nil || t.Status != model.TicketCalled || t.CalledAt.IsZero() {
		v.clock.SetText("")
		v.clock.Hide()
		v.clockIcon.Hide()
		return
	}
	expected := model.ExpectedService[t.Reason]
	text, over := widgets.CallClock(v.src.Now().Sub(t.CalledAt), expected)
	if over {
		widgets.SetLabel(v.clock, i18n.T("queue.clock_over", text, int(expected/time.Minute)), widget.DangerImportance)
		v.clockIcon.Show()
	} else {
		widgets.SetLabel(v.clock, i18n.T("queue.clock", text), widget.MediumImportance)
		v.clockIcon.Hide()
	}
	v.clock.Show()
}

// startClock makes the call clock tick each second while the screen is
// visible (its tab is the one shown).
func (v *QueueView) startClock() {
	if v.ticking {
		return
	}
	v.ticking = true
	widgets.StartTicker(nil, time.Second, func() {
		if v.content.Visible() && v.current != nil {
			v.tick()
		}
	})
}

// newRowDetail is the second line of a queue row: the priority and where
// a transfer sent the ticket, with the colleague's note.
func newRowDetail() fyne.CanvasObject {
	l := widget.NewLabel("")
	l.Truncation = fyne.TextTruncateEllipsis
	l.SizeName = theme.SizeNameCaptionText // a second, smaller line: the queue stays dense
	return l
}

// showRowDetail fills the second line of a queue row, hidden when the
// ticket has nothing to say there (the row then keeps one line).
func showRowDetail(o fyne.CanvasObject, t model.Ticket) {
	text, imp := rowDetail(t)
	widgets.SetLabel(o.(*widget.Label), text, imp)
	o.(*widget.Label).Hidden = text == ""
}

// rowDetail is the second line of a ticket's row: its priority and where
// a transfer sent it, with the colleague's note ("" when none).
func rowDetail(t model.Ticket) (string, widget.Importance) {
	var parts []string
	imp := widget.MediumImportance
	if t.Priority != model.PriorityNone {
		parts = append(parts, i18n.T("queue.row_priority", i18n.T("priority."+string(t.Priority))))
		imp = widget.WarningImportance
	}
	if t.Transfers > 0 {
		to := t.TransferDesk
		if to == "" && t.TransferReason != "" {
			to = t.TransferReason.Letter() + " · " + i18n.T("ticket.reason."+string(t.TransferReason))
		}
		parts = append(parts, i18n.T("queue.row_transfer", to, t.TransferNote))
	}
	return strings.Join(parts, " · "), imp
}

// fitRows gives each waiting ticket's row the height it needs: one line,
// or two when it has a detail to show.
func (v *QueueView) fitRows() {
	row := v.newRow()
	oneLine := row.MinSize().Height
	detail := row.(*fyne.Container).Objects[1]
	detail.(*widget.Label).SetText("X")
	detail.Show()
	twoLines := row.MinSize().Height
	for id, e := range v.waiting {
		h := oneLine
		if text, _ := rowDetail(e.Ticket); text != "" {
			h = twoLines
		}
		v.list.SetItemHeight(id, h)
	}
}

// askTransfer asks where the ticket at the desk (or the selected waiting
// one) goes, and the note for the colleague.
func (v *QueueView) askTransfer() {
	id := ""
	switch {
	case v.current != nil:
		id = v.current.ID
	case v.selectedWaiting() != nil:
		id = v.selectedWaiting().ID
	default:
		return
	}
	widgets.Background(func() {
		desks, err := v.src.TransferDesks(v.ctx)
		if err != nil {
			slog.Warn("queue: the office's desks are not known", "err", err)
		}
		fyne.Do(func() { v.showTransfer(id, desks) })
	})
}

// showTransfer shows the transfer form for ticket id: the desk (one of the
// office's, or typed), the service and the note for the colleague.
func (v *QueueView) showTransfer(id string, desks []string) {
	desk := widgets.NewKeySelect(append([]string{i18n.T("queue.transfer_any_desk")}, desks...))
	desk.SetSelectedIndex(0)
	services := []string{i18n.T("queue.transfer_same")}
	for _, r := range model.TicketReasons {
		services = append(services, r.Letter()+" · "+i18n.T("ticket.reason."+string(r)))
	}
	service := widgets.NewKeySelect(services)
	service.SetSelectedIndex(0)
	note := widgets.NewKeyEntry() // Enter transfers, Esc closes, as in every dialog
	note.SetPlaceHolder(i18n.T("queue.transfer_note_hint"))
	note.Validator = func(s string) error {
		if len([]rune(s)) > 200 {
			return errors.New(i18n.T("queue.transfer_note_long"))
		}
		return nil
	}
	items := []*widget.FormItem{
		widget.NewFormItem(i18n.T("queue.transfer_desk"), desk),
		widget.NewFormItem(i18n.T("queue.transfer_service"), service),
		widget.NewFormItem(i18n.T("queue.transfer_note"), note),
	}
	d := dialog.NewForm(i18n.T("queue.transfer_title"), i18n.T("queue.transfer_confirm"), i18n.T("dialog.cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		to := ""
		if i := desk.SelectedIndex(); i > 0 {
			to = desks[i-1]
		}
		var reason model.TicketReason
		if i := service.SelectedIndex(); i > 0 {
			reason = model.TicketReasons[i-1]
		}
		text := strings.TrimSpace(note.Text)
		widgets.Background(func() {
			_, err := v.src.TransferTicket(v.ctx, id, to, reason, text)
			fyne.Do(func() { showError(v.problem, err) })
			v.Reload(v.ctx)
		})
	}, v.win)
	d.Resize(fyne.NewSize(520, 0))
	widgets.ShowDialog(v.win, d, nil) // Esc closes, Enter transfers; the screen's keys wait
	v.win.Canvas().Focus(desk)
}

// askPriority gives the selected waiting ticket a priority, or takes it
// away.
func (v *QueueView) askPriority() {
	e := v.selectedWaiting()
	if e == nil {
		return
	}
	id := e.ID
	choice := widgets.NewKeySelect(priorityLabels()) // ← → choose, Enter gives it, Esc leaves
	if e.Priority == model.PriorityNone {
		choice.SetSelected(i18n.T("priority.none"))
	} else {
		choice.SetSelected(i18n.T("priority." + string(e.Priority)))
	}
	d := dialog.NewCustomConfirm(i18n.T("queue.prioritize_title", e.Code()), i18n.T("queue.prioritize_confirm"), i18n.T("dialog.cancel"),
		container.NewVBox(choice), func(ok bool) {
			if !ok {
				return
			}
			p := priorityOf(choice.Selected)
			widgets.Background(func() {
				_, err := v.src.SetTicketPriority(v.ctx, id, p)
				fyne.Do(func() { showError(v.problem, err) })
				v.Reload(v.ctx)
			})
		}, v.win)
	widgets.ShowDialog(v.win, d, nil)
	v.win.Canvas().Focus(choice)
}

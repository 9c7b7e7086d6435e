package reception

import (
	"context"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sportello/app"
	"sportello/assets/i18n"
	"sportello/model"
	"sportello/ui/widgets"
)

// QueueSource is what the queue of tickets needs of the console.
type QueueSource interface {
	IssueTicketWith(ctx context.Context, reason model.TicketReason, p model.Priority) (model.Ticket, error)
	CallNext(ctx context.Context) (model.Ticket, error)
	TicketOp(ctx context.Context, id string, op model.TicketOp) (model.Ticket, error)
	TransferTicket(ctx context.Context, id, desk string, reason model.TicketReason, note string) (model.Ticket, error)
	SetTicketPriority(ctx context.Context, id string, p model.Priority) (model.Ticket, error)
	Queue(ctx context.Context) ([]model.QueueEntry, error)
	Operator(ctx context.Context) (model.Operator, error)
	Now() time.Time
	widgets.SyncSource
}

// QueueView is the elimina code of the Prima accoglienza: a button per
// reason issues a numbered ticket; the waiting queue shows how long each
// citizen has waited; the desk calls the next, then marks them served or
// gone.
type QueueView struct {
	src QueueSource
	win fyne.Window
	ctx context.Context
	me  model.Operator

	issued   *widget.Label
	ticket   *widget.Label // the number just issued, large enough to read out and copy down
	current  *model.Ticket // the ticket this desk called (or parked) and has not closed
	calledNo *widget.Label
	calledAt *widget.Label
	next     *widget.Button
	recall   *widget.Button
	served   *widget.Button
	gone     *widget.Button
	counter  // park, resume, transfer, priority and the call clock (queueops.go)
	waiting  []model.QueueEntry
	list     *widgets.FocusList
	summary  *widget.Label
	problem  *widget.Label
	bar      *widgets.StatusBar
	content  fyne.CanvasObject
	// OpenDisplay opens the waiting-room display (ui/display), when the
	// window that shows the queue can.
	OpenDisplay func()
}

// NewQueueView builds the queue screen.
func NewQueueView(src QueueSource) *QueueView {
	v := &QueueView{src: src, ctx: context.Background()}
	v.me, _ = src.Operator(v.ctx)
	reasons := container.NewGridWithColumns(2)
	for _, r := range model.TicketReasons {
		b := widget.NewButton(r.Letter()+" · "+i18n.T("ticket.reason."+string(r)), func() { v.issue(r) })
		reasons.Add(b)
	}
	v.issued = widget.NewLabelWithStyle(i18n.T("queue.issue_help"), fyne.TextAlignCenter, fyne.TextStyle{})
	v.issued.Wrapping = fyne.TextWrapWord
	v.ticket = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	v.ticket.SizeName = theme.SizeNameHeadingText // its room is kept: nothing below moves when a number shows

	v.calledNo = widget.NewLabelWithStyle("—", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	v.calledNo.SizeName = theme.SizeNameHeadingText
	v.calledAt = widget.NewLabelWithStyle(i18n.T("queue.none_called"), fyne.TextAlignCenter, fyne.TextStyle{})
	v.calledAt.Wrapping = fyne.TextWrapWord
	v.next = widget.NewButtonWithIcon(i18n.T("queue.call_next"), theme.MediaSkipNextIcon(), v.callNext)
	v.next.Importance = widget.HighImportance
	v.recall = widget.NewButtonWithIcon(i18n.T("queue.recall"), theme.MediaReplayIcon(), func() { v.act(model.TicketRecall) })
	v.served = widget.NewButtonWithIcon(i18n.T("queue.served"), theme.ConfirmIcon(), func() { v.act(model.TicketServe) })
	v.gone = widget.NewButtonWithIcon(i18n.T("queue.gone"), theme.CancelIcon(), func() { v.act(model.TicketAbsent) })

	v.list = widgets.NewFocusList(func() int { return len(v.waiting) }, v.newRow, func(id widget.ListItemID, o fyne.CanvasObject) {
		if id >= len(v.waiting) {
			return
		}
		e := v.waiting[id]
		rows := o.(*fyne.Container).Objects
		showRowDetail(rows[1], e.Ticket)
		cells := rows[0].(*fyne.Container).Objects
		code := e.Code()
		if e.Was != 0 {
			code = i18n.T("queue.renumbered", e.Code(), model.TicketCode(e.Reason, e.Was))
		}
		cells[0].(*widget.Label).SetText(code)
		cells[1].(*widget.Label).SetText(i18n.T("ticket.reason." + string(e.Reason)))
		cells[2].(*widget.Label).SetText(i18n.T("queue.issued_at", e.IssuedAt.In(model.Rome).Format("15:04")))
		wait := cells[3].(*widget.Label)
		mins := int(e.Wait(v.src.Now()) / time.Minute)
		widgets.SetLabel(wait, i18n.T("queue.waited", mins), waitImportance(mins))
	})
	v.summary = widget.NewLabel("")
	v.summary.Wrapping = fyne.TextWrapWord
	v.problem = widget.NewLabel("")
	v.problem.Importance = widget.DangerImportance
	v.problem.Wrapping = fyne.TextWrapWord
	v.problem.Hide()
	v.bar = widgets.NewStatusBar(src)

	bold := func(key string) *widget.Label {
		return widget.NewLabelWithStyle(i18n.T(key), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	v.buildCounter()
	issueBox := container.NewVBox(bold("queue.issue"), container.NewBorder(nil, nil, widget.NewLabel(i18n.T("queue.priority")), nil, v.issuePrio),
		reasons, v.ticket, v.issued)
	deskBox := container.NewVBox(bold("queue.desk"), v.calledNo, v.calledAt, container.NewCenter(container.NewHBox(v.clockIcon, v.clock)), v.next,
		container.NewGridWithColumns(3, v.recall, v.served, v.gone),
		container.NewGridWithColumns(3, v.park, v.resume, v.transfer), v.prioritize, v.problem)
	display := widget.NewButtonWithIcon(i18n.T("queue.display"), theme.ComputerIcon(), func() {
		if v.OpenDisplay != nil {
			v.OpenDisplay()
		}
	})
	left := container.NewVBox(issueBox, widget.NewSeparator(), deskBox, widget.NewSeparator(), display)
	right := container.NewBorder(container.NewVBox(bold("queue.waiting"), v.summary), nil, nil, nil, v.list.Framed())
	split := container.NewHSplit(container.NewPadded(left), right)
	split.Offset = 0.42
	v.content = container.NewBorder(nil, v.bar.Content(), nil, nil, split)
	v.showCurrent()
	return v
}

// waitImportance colours a wait: calm under 15 minutes, warning to 30,
// then danger.
func waitImportance(mins int) widget.Importance {
	switch {
	case mins >= 30:
		return widget.DangerImportance
	case mins >= 15:
		return widget.WarningImportance
	}
	return widget.MediumImportance
}

// Content is the screen.
func (v *QueueView) Content() fyne.CanvasObject { return v.content }

// SetWindow gives the view the window its dialogs open in.
func (v *QueueView) SetWindow(w fyne.Window) { v.win = w; v.bar.SetWindow(w); v.startClock() }

// ShowStatus shows the sync status; it runs on the UI goroutine.
func (v *QueueView) ShowStatus(st app.SyncStatus) { v.bar.Show(st) }

// Reload reads today's queue, and shows it. It runs off the UI goroutine
// and shows the result with fyne.Do.
func (v *QueueView) Reload(ctx context.Context) {
	q, err := v.src.Queue(ctx)
	st := v.src.Status(ctx)
	fyne.Do(func() {
		v.bar.Show(st)
		if err != nil {
			showError(v.problem, err)
			return
		}
		v.show(q)
	})
}

// newRow is a waiting ticket's row: number, reason, issue time and wait,
// and a second line for its priority and transfer.
func (v *QueueView) newRow() fyne.CanvasObject {
	detail := newRowDetail()
	detail.Hide()
	return container.NewVBox(container.NewGridWithColumns(4, widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewLabel(""), widget.NewLabel(""), widget.NewLabel("")), detail)
}

// show lays out the queue: who waits, in order, and the day's figures;
// and the ticket this desk is serving.
func (v *QueueView) show(q []model.QueueEntry) {
	desk := v.me.Station()
	v.waiting = v.waiting[:0]
	var tickets []model.Ticket
	var current *model.Ticket
	for _, e := range q {
		tickets = append(tickets, e.Ticket)
		switch {
		case e.Status == model.TicketWaiting:
			v.waiting = append(v.waiting, e)
		case e.Held() && e.Desk == desk:
			t := e.Ticket
			current = &t
		}
	}
	slices.SortStableFunc(v.waiting, func(a, b model.QueueEntry) int { return model.QueueOrder(a.Ticket, b.Ticket) })
	v.current = current
	stats := model.BuildDayReport(v.src.Now(), "", "", nil, tickets).Tickets
	longest := 0
	if len(v.waiting) > 0 {
		longest = int(slices.MaxFunc(v.waiting, func(a, b model.QueueEntry) int {
			return int(a.Wait(v.src.Now()) - b.Wait(v.src.Now()))
		}).Wait(v.src.Now()) / time.Minute)
	}
	v.summary.SetText(i18n.T("queue.summary", len(v.waiting), longest, stats.Served, int(stats.AverageWait()/time.Minute)))
	v.fitRows()
	v.list.Refresh()
	v.showCurrent()
}

func (v *QueueView) showCurrent() {
	if v.current == nil {
		v.calledNo.SetText("—")
		v.calledAt.SetText(i18n.T("queue.none_called"))
		v.recall.Disable()
		v.served.Disable()
		v.gone.Disable()
		v.next.Enable()
		v.showCounter()
		return
	}
	t := v.current
	v.calledNo.SetText(t.Code())
	v.calledAt.SetText(i18n.T("queue.calling", i18n.T("ticket.reason."+string(t.Reason)), t.CalledAt.In(model.Rome).Format("15:04"),
		int(t.Wait(v.src.Now())/time.Minute)))
	called := t.Status == model.TicketCalled
	widgets.SetEnabled(v.recall, called)
	widgets.SetEnabled(v.served, called)
	widgets.SetEnabled(v.gone, called)
	v.next.Disable() // one citizen at a time: close this one first
	v.showCounter()
}

func (v *QueueView) issue(r model.TicketReason) {
	p := v.issuePriority() // read on the UI goroutine; the next ticket starts without
	widgets.Background(func() {
		t, err := v.src.IssueTicketWith(v.ctx, r, p)
		fyne.Do(func() {
			showError(v.problem, err)
			if err == nil {
				v.ticket.SetText(t.Code())
				v.issued.SetText(i18n.T("queue.issued", t.Code(), i18n.T("ticket.reason."+string(r))))
			}
		})
		v.Reload(v.ctx)
	})
}

func (v *QueueView) callNext() {
	widgets.Background(func() {
		_, err := v.src.CallNext(v.ctx)
		fyne.Do(func() { showError(v.problem, err) })
		v.Reload(v.ctx)
	})
}

func (v *QueueView) act(op model.TicketOp) {
	if v.current == nil {
		return
	}
	id := v.current.ID
	widgets.Background(func() {
		_, err := v.src.TicketOp(v.ctx, id, op)
		fyne.Do(func() { showError(v.problem, err) })
		v.Reload(v.ctx)
	})
}

package reception

import (
	"fyne.io/fyne/v2"

	"sportello/assets/i18n"
	"sportello/model"
	"sportello/ui/widgets"
)

// askServe opens the wrap-up of the ticket at the desk ("Servito", Ctrl+3):
// the dialog the day view's visits use (widgets.ShowWrapUp), with central's
// outcomes, the services a reception gives besides the reason's own (shown
// as recorded), a note and the flag on its time. Enter serves the ticket
// with it; Esc leaves it called.
func (v *QueueView) askServe() {
	if v.current == nil || v.current.Status != model.TicketCalled {
		return
	}
	t := *v.current
	widgets.Background(func() {
		outcomes := v.src.Outcomes(v.ctx)
		services, _ := v.src.TicketServices(v.ctx) // none offered when the catalogue is not on this computer
		fyne.Do(func() {
			if v.win == nil {
				return
			}
			clock := "—"
			if !t.CalledAt.IsZero() {
				clock, _ = widgets.CallClock(v.src.Now().Sub(t.CalledAt), 0)
			}
			widgets.ShowWrapUp(v.win, widgets.WrapUpInput{
				Title:    i18n.T("queue.wrapup_title", t.Code()),
				Clock:    clock,
				Outcomes: outcomes, Services: services,
				Recorded: []string{t.Reason.Letter() + " · " + i18n.T("ticket.reason."+string(t.Reason))},
			}, func(w model.WrapUp) {
				widgets.Background(func() {
					_, err := v.src.ServeTicket(v.ctx, t.ID, w)
					fyne.Do(func() { showError(v.problem, err) })
					v.Reload(v.ctx)
				})
			})
		})
	})
}

package dayview

import (
	"context"
	"errors"
	"slices"
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

// VisitSource is what the day view does with a visit being served: the
// wrap-up, park and resume, one more service, a transfer, the priority.
// app.Console implements it.
type VisitSource interface {
	WrapUp(ctx context.Context, slotID string, w model.WrapUp) (model.Slot, error)
	ParkVisit(ctx context.Context, slotID string) (model.Slot, error)
	ResumeVisit(ctx context.Context, slotID string) (model.Slot, error)
	AddVisitService(ctx context.Context, slotID, service string) (model.Slot, error)
	TransferVisit(ctx context.Context, slotID, desk, service, note string) (model.Slot, error)
	SetVisitPriority(ctx context.Context, slotID string, p model.Priority) (model.Slot, error)
	Outcomes(ctx context.Context) []model.OutcomeInfo
	Services(ctx context.Context) ([]model.Service, error)
	TransferDesks(ctx context.Context) ([]string, error)
}

// visitBar is the row of the visit under way: its call timer and what can
// be done while serving it.
type visitBar struct {
	v        *DayView
	clock    *widget.Label
	over     *widget.Icon // shown with the words when over the expected time: not by colour only
	transfer *widget.Label
	buttons  map[model.SlotEvent]*widget.Button
	entry    *model.AgendaEntry // the selected slot, when started
	ticking  chan struct{}      // closed to stop the ticker
	row      *fyne.Container    // the timer and the buttons: laid out again when the timer shows or hides
	content  fyne.CanvasObject
}

// visitIcon is a visit's event button's icon.
func visitIcon(ev model.SlotEvent) fyne.Resource {
	switch ev {
	case model.EventPark:
		return theme.MediaPauseIcon()
	case model.EventResume:
		return theme.MediaPlayIcon()
	case model.EventAddService:
		return theme.ContentAddIcon()
	case model.EventTransfer:
		return theme.MailForwardIcon()
	}
	return theme.WarningIcon()
}

func newVisitBar(v *DayView) *visitBar {
	b := &visitBar{v: v, clock: widget.NewLabel(""), over: widget.NewIcon(theme.WarningIcon()),
		transfer: widget.NewLabel(""), buttons: map[model.SlotEvent]*widget.Button{}}
	b.over.Hide()
	b.transfer.Wrapping = fyne.TextWrapWord
	b.transfer.Hide()
	row := []fyne.CanvasObject{b.over, b.clock}
	for _, ev := range model.VisitEvents {
		btn := widget.NewButtonWithIcon(i18n.T("button."+string(ev)), visitIcon(ev), func() { b.act(ev) })
		b.buttons[ev] = btn
		row = append(row, btn)
	}
	b.row = container.NewHBox(row...)
	b.content = container.NewVBox(b.transfer, b.row)
	return b
}

// show enables what the selected slot allows and starts or stops the
// timer (nil: nothing selected).
func (b *visitBar) show(e *model.AgendaEntry) {
	allowed := map[model.SlotEvent]bool{}
	if e != nil && e.Booked() {
		for _, ev := range model.AllowedVisit(e.Status) {
			allowed[ev] = true
		}
	}
	for ev, btn := range b.buttons {
		widgets.SetEnabled(btn, allowed[ev])
	}
	if hide := e == nil || e.TransferFrom == ""; hide != b.transfer.Hidden {
		b.transfer.Hidden = hide
		b.v.actions.contentRefresh()
	}
	if e != nil && e.TransferFrom != "" {
		b.transfer.SetText(i18n.T("visit.transferred", e.TransferFrom, e.TransferNote))
	}
	started := e != nil && (e.Status == model.StatusInProgress || e.Status == model.StatusParked) && !e.ServedFrom.IsZero()
	if !started {
		b.entry = nil
		b.stop()
	} else {
		cp := *e
		b.entry = &cp
		if b.ticking == nil {
			b.ticking = make(chan struct{})
			widgets.StartTicker(b.ticking, time.Second, b.tick)
		}
	}
	b.paint() // at once, shown or not: the ticker only keeps it current
}

func (b *visitBar) stop() {
	if b.ticking != nil {
		close(b.ticking)
		b.ticking = nil
	}
}

// tick shows the time since the visit started, at the console's clock;
// it runs on the UI goroutine and does nothing while the view is hidden.
func (b *visitBar) tick() {
	if b.entry != nil && !b.v.content.Visible() {
		return
	}
	b.paint()
}

// paint shows the time since the visit started (or hides the timer when
// no visit is under way).
func (b *visitBar) paint() {
	e := b.entry
	if e == nil {
		if b.clock.Visible() || b.over.Visible() {
			b.clock.SetText("")
			b.clock.Hide()
			b.over.Hide()
			b.row.Refresh()
		}
		return
	}
	expected := e.End.Sub(e.Start)
	text, over := widgets.CallClock(b.v.src.Now().Sub(e.ServedFrom), expected)
	exp := int(expected.Round(time.Minute) / time.Minute) // "tempo previsto 10 min", not a time of day
	key := "visit.clock"
	if over {
		key = "visit.clock_over"
	}
	if e.Status == model.StatusParked {
		key += "_parked"
	}
	b.clock.SetText(i18n.T(key, text, exp))
	b.clock.Importance = widget.MediumImportance
	b.clock.TextStyle.Bold = over
	if over {
		b.clock.Importance = widget.WarningImportance
	}
	relayout := b.over.Visible() != over || !b.clock.Visible()
	b.over.Hidden = !over
	b.clock.Show()
	b.clock.Refresh()
	if relayout {
		b.row.Refresh()
	}
}

// act runs a visit's event on the selected slot.
func (b *visitBar) act(ev model.SlotEvent) {
	e, ok := b.v.selectedEntry()
	if !ok || b.buttons[ev].Disabled() {
		return
	}
	src := b.v.src
	switch ev {
	case model.EventPark:
		b.v.actions.run(func(ctx context.Context) error { _, err := src.ParkVisit(ctx, e.ID); return err })
	case model.EventResume:
		b.v.actions.run(func(ctx context.Context) error { _, err := src.ResumeVisit(ctx, e.ID); return err })
	case model.EventAddService:
		b.addService(e)
	case model.EventTransfer:
		b.transferDialog(e)
	case model.EventPriority:
		b.priorityDialog(e)
	}
}

// parkOrResume parks the visit under way, or resumes the parked one.
func (b *visitBar) parkOrResume() {
	if e, ok := b.v.selectedEntry(); ok && e.Status == model.StatusParked {
		b.act(model.EventResume)
		return
	}
	b.act(model.EventPark)
}

// otherServices are the catalogue's services a visit may add: not the
// booked one, nor one already recorded. It reads off the UI goroutine.
func (b *visitBar) otherServices(e model.AgendaEntry) ([]model.Service, error) {
	all, err := b.v.src.Services(context.Background())
	return slices.DeleteFunc(all, func(s model.Service) bool {
		return s.Name == e.Service || slices.Contains(e.Services, s.Name)
	}), err
}

// addService asks which service to add to the visit.
func (b *visitBar) addService(e model.AgendaEntry) {
	widgets.Background(func() {
		services, err := b.otherServices(e)
		fyne.Do(func() {
			if err != nil || len(services) == 0 || b.v.win == nil {
				b.v.showError(errors.Join(err, errors.New(i18n.T("visit.no_services"))))
				return
			}
			names := make([]string, len(services))
			for i, s := range services {
				names[i] = s.Name
			}
			pick := widgets.NewKeySelect(names)
			pick.SetSelectedIndex(0)
			b.form(i18n.T("visit.add_title", widgets.CellText(e, widgets.ColCitizen)), i18n.T("visit.add_confirm"),
				[]*widget.FormItem{widget.NewFormItem(i18n.T("visit.service"), pick)}, pick, fyne.NewSize(520, 200), func() {
					if i := pick.SelectedIndex(); i >= 0 {
						code := services[i].Code
						b.v.actions.run(func(ctx context.Context) error {
							_, err := b.v.src.AddVisitService(ctx, e.ID, code)
							return err
						})
					}
				})
		})
	})
}

// transferDialog asks where the visit goes (another desk, another
// service, or both) and the note the colleague sees.
func (b *visitBar) transferDialog(e model.AgendaEntry) {
	widgets.Background(func() {
		desks, derr := b.v.src.TransferDesks(context.Background())
		services, serr := b.v.src.Services(context.Background())
		fyne.Do(func() {
			if b.v.win == nil {
				return
			}
			if err := errors.Join(derr, serr); err != nil && len(desks) == 0 && len(services) == 0 {
				b.v.showError(err)
				return
			}
			deskPick := widgets.NewKeySelect(append([]string{i18n.T("visit.same_desk")}, desks...))
			deskPick.SetSelectedIndex(0)
			names := []string{i18n.T("visit.same_service")}
			for _, s := range services {
				names = append(names, s.Name)
			}
			svcPick := widgets.NewKeySelect(names)
			svcPick.SetSelectedIndex(0)
			note := widgets.NewKeyEntry()
			note.SetPlaceHolder(i18n.T("visit.transfer_note_hint"))
			note.Validator = func(s string) error {
				switch s = strings.TrimSpace(s); {
				case s == "":
					return errors.New(i18n.T("err.empty_note"))
				case len(s) > model.MaxTransferNoteLength:
					return errors.New(i18n.T("note.too_long", model.MaxTransferNoteLength))
				}
				return nil
			}
			b.form(i18n.T("visit.transfer_title", widgets.CellText(e, widgets.ColCitizen)), i18n.T("visit.transfer_confirm"),
				[]*widget.FormItem{
					widget.NewFormItem(i18n.T("visit.desk"), deskPick),
					widget.NewFormItem(i18n.T("visit.service"), svcPick),
					widget.NewFormItem(i18n.T("visit.transfer_note"), note),
				}, deskPick, fyne.NewSize(560, 280), func() {
					desk, service := "", ""
					if i := deskPick.SelectedIndex(); i > 0 {
						desk = desks[i-1]
					}
					if i := svcPick.SelectedIndex(); i > 0 {
						service = services[i-1].Code
					}
					b.v.actions.run(func(ctx context.Context) error {
						_, err := b.v.src.TransferVisit(ctx, e.ID, desk, service, note.Text)
						return err
					})
				})
		})
	})
}

// priorityDialog asks which priority the visit has (or none).
func (b *visitBar) priorityDialog(e model.AgendaEntry) {
	if b.v.win == nil {
		return
	}
	options := []model.Priority{model.PriorityNone}
	options = append(options, model.Priorities...)
	names := make([]string, len(options))
	current := 0
	for i, p := range options {
		names[i] = priorityName(p)
		if p == e.Priority {
			current = i
		}
	}
	pick := widgets.NewKeySelect(names)
	pick.SetSelectedIndex(current)
	b.form(i18n.T("visit.priority_title", widgets.CellText(e, widgets.ColCitizen)), i18n.T("visit.priority_confirm"),
		[]*widget.FormItem{widget.NewFormItem(i18n.T("visit.priority"), pick)}, pick, fyne.NewSize(480, 200), func() {
			if i := pick.SelectedIndex(); i >= 0 {
				p := options[i]
				b.v.actions.run(func(ctx context.Context) error {
					_, err := b.v.src.SetVisitPriority(ctx, e.ID, p)
					return err
				})
			}
		})
}

// form shows a dialog of items (Enter confirms, Esc cancels) with the
// focus on focus; ok runs when the operator confirms.
func (b *visitBar) form(title, confirm string, items []*widget.FormItem, focus fyne.Focusable, size fyne.Size, ok func()) {
	d := dialog.NewForm(title, confirm, i18n.T("dialog.cancel"), items, func(yes bool) {
		if yes {
			ok()
		}
	}, b.v.win)
	d.Resize(size)
	widgets.ShowDialog(b.v.win, d, nil)
	b.v.win.Canvas().Focus(focus)
}

// priorityName names a priority ("Nessuna priorità" for none), as the
// queue's tickets do.
func priorityName(p model.Priority) string {
	if p == model.PriorityNone {
		return i18n.T("priority.none")
	}
	return i18n.T("priority." + string(p))
}

// wrapUp opens the wrap-up of the visit under way: the outcome from
// central's catalogue, one more service, a note, the flag on its time.
func (a *slotActions) wrapUp(e model.AgendaEntry) {
	widgets.Background(func() {
		ctx := context.Background()
		outcomes := a.v.src.Outcomes(ctx)
		services, _ := a.v.visit.otherServices(e) // none offered when the catalogue is not on this computer
		fyne.Do(func() {
			if a.v.win == nil {
				return
			}
			clock, _ := widgets.CallClock(a.v.src.Now().Sub(e.ServedFrom), 0)
			if e.ServedFrom.IsZero() {
				clock = "—"
			}
			widgets.ShowWrapUp(a.v.win, widgets.WrapUpInput{
				Title:    i18n.T("complete.title", widgets.CellText(e, widgets.ColTime), widgets.CellText(e, widgets.ColCitizen)),
				Clock:    clock,
				Outcomes: outcomes, Services: services, Recorded: e.Services,
			}, func(w model.WrapUp) {
				a.run(func(ctx context.Context) error { _, err := a.v.src.WrapUp(ctx, e.ID, w); return err })
			})
		})
	})
}

// run does an action off the UI goroutine and shows the day again; a
// refusal is explained, a success offers its undo.
func (a *slotActions) run(do func(ctx context.Context) error) {
	widgets.Background(func() {
		ctx := context.Background()
		if err := do(ctx); err != nil {
			fyne.Do(func() { a.v.showError(err) })
		} else {
			a.undo.Watch()
		}
		a.v.Reload(ctx)
	})
}

// contentRefresh lays the action bar out again (a part shown or hidden).
func (a *slotActions) contentRefresh() {
	if a.content != nil {
		a.content.Refresh()
	}
}

package reception

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sportello/app"
	"sportello/assets/i18n"
	"sportello/export"
	"sportello/model"
	"sportello/ui/widgets"
)

// BookingSource is what the booking screen needs of the console.
type BookingSource interface {
	Services(ctx context.Context) ([]model.Service, error)
	BookingOffices(ctx context.Context) ([]model.Office, error)
	FreeSlots(ctx context.Context, service model.Service, offices []string) ([]model.Slot, bool, error)
	Book(ctx context.Context, b model.BookingRequest) (model.Booking, error)
	AwaitBooking(ctx context.Context, key string, wait time.Duration) (model.Booking, error)
	Bookings(ctx context.Context) ([]model.Booking, error)
	Alternatives(ctx context.Context, key string) ([]model.Slot, error)
	Rebook(ctx context.Context, key string, slot model.Slot) (model.Booking, error)
	FindCitizens(ctx context.Context, typed string) ([]model.CitizenCard, error)
	ContactsOf(ctx context.Context, cf string) (phone, email string)
	Operator(ctx context.Context) (model.Operator, error)
	// PrintFile writes a document to print in the console's private print
	// folder and returns its path.
	PrintFile(name string, write func(io.Writer) error) (string, error)
	Now() time.Time
	widgets.SyncSource
}

// confirmWait is how long booking waits for central's answer before it
// shows the confirmation as queued.
const confirmWait = 4 * time.Second

// channelOrder is how the booking offers the channels: the call-back and
// the web meeting first, so that the citizen need not come back
// (seeds/003_…txt).
var channelOrder = []model.Channel{model.ChannelPhone, model.ChannelWebMeeting, model.ChannelInPerson}

// BookingView is the reception's booking screen: find or register the
// citizen, choose the service and how it is held, pick a free slot of the
// office or of the offices nearby, confirm, and hand over the
// confirmation. Below, the bookings made today with what central said.
type BookingView struct {
	src BookingSource
	win fyne.Window
	ctx context.Context
	me  model.Operator

	search   *widgets.KeyEntry
	found    []model.CitizenCard
	results  *widget.List
	chosen   *widget.Label
	citizen  *model.CitizenCard
	newcomer *model.NewCitizen

	services  []model.Service
	service   *widget.Select
	channel   *widget.RadioGroup
	phone     *widgets.KeyEntry
	email     *widgets.KeyEntry
	offices   []model.Office
	office    *widget.Select
	find      *widget.Button
	source    *widget.Label
	slots     []model.Slot
	slotList  *widget.List
	slot      *model.Slot
	book      *widget.Button
	problem   *widget.Label
	today     []model.Booking
	todayList *widget.List
	bar       *widgets.StatusBar
	content   fyne.CanvasObject

	// savePDF offers a confirmation's PDF to be saved; tests replace it,
	// as a native file dialog cannot be driven headless.
	savePDF func(name string, write func(io.Writer) error)
	// shown is the confirmation on screen; form and alt the new citizen's
	// and the alternatives' dialogs while open.
	shown *export.Confirmation
	form  *citizenForm
	alt   *altChoice
	// dialogs open on screen, closed when a new one replaces them.
	current dialog.Dialog
}

// NewBookingView builds the booking screen.
func NewBookingView(src BookingSource) *BookingView {
	v := &BookingView{src: src, ctx: context.Background()}
	v.me, _ = src.Operator(v.ctx)
	v.savePDF = v.saveDialog

	v.buildCitizenSearch()
	newBtn := widget.NewButtonWithIcon(i18n.T("book.new_citizen"), theme.ContentAddIcon(), v.askNewCitizen)

	v.service = widget.NewSelect(nil, func(string) { v.slotsStale() })
	v.service.PlaceHolder = i18n.T("book.service_placeholder")
	labels := make([]string, len(channelOrder))
	for i, ch := range channelOrder {
		labels[i] = i18n.T("channel." + string(ch))
	}
	v.channel = widget.NewRadioGroup(labels, nil)
	v.channel.SetSelected(labels[0])
	v.channel.Required = true
	v.phone = widgets.NewKeyEntry()
	v.phone.SetPlaceHolder(i18n.T("book.phone_placeholder"))
	v.phone.OnChanged = func(string) { v.updateBook() }
	v.email = widgets.NewKeyEntry()
	v.email.SetPlaceHolder(i18n.T("book.email_placeholder"))
	v.office = widget.NewSelect(nil, func(string) { v.slotsStale() })
	v.office.PlaceHolder = i18n.T("select.placeholder") // Fyne's is "(Select one)"
	v.find = widget.NewButtonWithIcon(i18n.T("book.find_slots"), theme.SearchIcon(), v.findSlots)
	hint := widget.NewLabel(i18n.T("book.remote_hint"))
	hint.Wrapping = fyne.TextWrapWord
	hint.Importance = widget.LowImportance

	v.buildSlotList()

	v.buildTodayList()
	v.bar = widgets.NewStatusBar(src)

	heading := func(key string) *widget.Label {
		return widget.NewLabelWithStyle(i18n.T(key), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	who := container.NewBorder(container.NewVBox(heading("book.step_citizen"), v.search), container.NewVBox(newBtn, v.chosen), nil, nil, v.results)
	how := container.NewVBox(heading("book.step_service"), v.service, v.channel, hint, v.phone, v.email,
		widget.NewLabel(i18n.T("book.where")), v.office, v.find)
	when := container.NewBorder(container.NewVBox(heading("book.step_slot"), v.source), container.NewVBox(v.problem, v.book), nil, nil, v.slotList)
	columns := container.NewGridWithColumns(3, who, how, when)
	todayBox := container.NewBorder(heading("book.today"), nil, nil, nil, v.todayList)
	split := container.NewVSplit(columns, todayBox)
	split.Offset = 0.72
	v.content = container.NewBorder(nil, v.bar.Content(), nil, nil, split)
	v.channel.OnChanged = func(string) { v.channelChanged() }
	v.channelChanged()
	return v
}

// buildCitizenSearch builds the first step: the citizen searched by name
// or codice fiscale, and the one chosen.
func (v *BookingView) buildCitizenSearch() {
	v.search = widgets.NewKeyEntry()
	v.search.SetPlaceHolder(i18n.T("book.search_placeholder"))
	v.search.OnChanged = func(s string) { v.findCitizens(s) }
	v.results = widget.NewList(func() int { return len(v.found) }, func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(v.found) {
				k := v.found[id]
				o.(*widget.Label).SetText(fmt.Sprintf("%s · %s · %s", k.FullName(), k.CF, k.BirthDate.Format("02/01/2006")))
			}
		})
	v.results.OnSelected = func(id widget.ListItemID) {
		if id < len(v.found) {
			v.choose(v.found[id], nil)
		}
	}
	v.chosen = widget.NewLabelWithStyle(i18n.T("book.no_citizen"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.chosen.Wrapping = fyne.TextWrapWord
}

// buildSlotList builds the third step: the free slots found, the booking
// button and the problem, if any.
func (v *BookingView) buildSlotList() {
	v.source = widget.NewLabel("")
	v.source.Wrapping = fyne.TextWrapWord
	v.slotList = widget.NewList(func() int { return len(v.slots) }, func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(v.slots) {
				o.(*widget.Label).SetText(v.slotText(v.slots[id]))
			}
		})
	v.slotList.OnSelected = func(id widget.ListItemID) {
		if id < len(v.slots) {
			s := v.slots[id]
			v.slot = &s
			v.updateBook()
		}
	}
	v.book = widget.NewButtonWithIcon(i18n.T("book.confirm"), theme.ConfirmIcon(), v.doBook)
	v.book.Importance = widget.HighImportance
	v.book.Disable()
	v.problem = widget.NewLabel("")
	v.problem.Importance = widget.DangerImportance
	v.problem.Wrapping = fyne.TextWrapWord
	v.problem.Hide()
}

// buildTodayList builds the list of today's bookings; one selected opens
// its confirmation.
func (v *BookingView) buildTodayList() {
	v.todayList = widget.NewList(func() int { return len(v.today) }, func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(v.today) {
				l := o.(*widget.Label)
				b := v.today[id]
				l.Importance = map[model.BookingState]widget.Importance{model.BookingConflict: widget.DangerImportance,
					model.BookingRejected: widget.WarningImportance, model.BookingPending: widget.LowImportance,
					model.BookingReplaced: widget.LowImportance}[b.State]
				l.SetText(v.bookingText(b))
			}
		})
	v.todayList.OnSelected = func(id widget.ListItemID) {
		v.todayList.UnselectAll()
		if id < len(v.today) {
			v.openBooking(v.today[id])
		}
	}
}

// Content is the screen.
func (v *BookingView) Content() fyne.CanvasObject { return v.content }

// SetWindow gives the view the window its dialogs open in.
func (v *BookingView) SetWindow(w fyne.Window) { v.win = w; v.bar.SetWindow(w) }

// ShowStatus shows the sync status; it runs on the UI goroutine.
func (v *BookingView) ShowStatus(st app.SyncStatus) { v.bar.Show(st) }

// Reload reads the catalogue and today's bookings, and shows them. It
// runs off the UI goroutine and shows the result with fyne.Do.
func (v *BookingView) Reload(ctx context.Context) {
	services, err1 := v.src.Services(ctx)
	offices, err2 := v.src.BookingOffices(ctx)
	today, err3 := v.src.Bookings(ctx)
	st := v.src.Status(ctx)
	fyne.Do(func() {
		v.bar.Show(st)
		if err1 == nil && len(v.services) == 0 {
			v.services = services
			names := make([]string, len(services))
			for i, s := range services {
				names[i] = s.Name + " · " + i18n.T(fmt.Sprintf("level.%d", s.Level))
			}
			v.service.SetOptions(names)
		}
		if err2 == nil && len(v.offices) == 0 {
			v.offices = offices
			names := []string{i18n.T("book.office_nearby")}
			for _, o := range offices {
				names = append(names, o.Name)
			}
			v.office.SetOptions(names)
			v.office.SetSelectedIndex(min(1, len(names)-1))
		}
		if err3 == nil {
			v.today = today
			v.todayList.Refresh()
		}
		if err := cmp.Or(err1, err2, err3); err != nil {
			showError(v.problem, err)
		}
	})
}

// showError says in a label what went wrong, in the operator's words, or
// hides the label when nothing did.
func showError(l *widget.Label, err error) {
	if err == nil {
		l.Hide()
		return
	}
	l.SetText(app.Explain(err))
	l.Show()
}

// findCitizens searches as the operator types.
func (v *BookingView) findCitizens(typed string) {
	if len([]rune(strings.TrimSpace(typed))) < app.MinSearch {
		v.found = nil
		v.results.Refresh()
		return
	}
	widgets.Background(func() {
		found, err := v.src.FindCitizens(v.ctx, typed)
		fyne.Do(func() {
			if v.search.Text != typed {
				return // the operator typed on
			}
			v.found = found
			v.results.UnselectAll()
			v.results.Refresh()
			showError(v.problem, err)
		})
	})
}

// choose makes a citizen (known, or newly registered) the one to book for.
func (v *BookingView) choose(k model.CitizenCard, n *model.NewCitizen) {
	v.citizen, v.newcomer = &k, n
	v.chosen.SetText(i18n.T("book.citizen_chosen", k.FullName(), k.CF))
	if n != nil {
		v.phone.SetText(n.Phone)
		v.email.SetText(n.Email)
		v.chosen.SetText(i18n.T("book.citizen_new", k.FullName(), k.CF))
	} else {
		widgets.Background(func() {
			phone, email := v.src.ContactsOf(v.ctx, k.CF)
			fyne.Do(func() {
				if v.citizen != nil && v.citizen.CF == k.CF {
					v.phone.SetText(phone)
					v.email.SetText(email)
				}
			})
		})
	}
	v.updateBook()
}

func (v *BookingView) show(d dialog.Dialog, confirm *widget.Button) {
	if v.current != nil {
		v.current.Hide()
	}
	v.current = d
	widgets.ShowDialog(v.win, d, func() { widgets.TapIfEnabled(confirm) })
}

func (v *BookingView) selectedChannel() model.Channel {
	for i, l := range v.channel.Options {
		if l == v.channel.Selected {
			return channelOrder[i]
		}
	}
	return model.ChannelInPerson
}

func (v *BookingView) channelChanged() {
	ch := v.selectedChannel()
	v.phone.Hidden = ch != model.ChannelPhone
	v.email.Hidden = ch != model.ChannelWebMeeting
	v.phone.Refresh()
	v.email.Refresh()
	v.updateBook()
}

// slotsStale clears the slots found for another service or office.
func (v *BookingView) slotsStale() {
	v.slots, v.slot = nil, nil
	v.slotList.UnselectAll()
	v.slotList.Refresh()
	v.source.SetText("")
	v.updateBook()
}

func (v *BookingView) chosenService() (model.Service, bool) {
	i := v.service.SelectedIndex()
	if i < 0 || i >= len(v.services) {
		return model.Service{}, false
	}
	return v.services[i], true
}

// chosenOffices are the offices the slots are looked for in: one, or all
// of them (the first option).
func (v *BookingView) chosenOffices() []string {
	i := v.office.SelectedIndex()
	var out []string
	for j, o := range v.offices {
		if i == 0 || i == j+1 {
			out = append(out, o.Code)
		}
	}
	return out
}

func (v *BookingView) officeName(code string) string {
	for _, o := range v.offices {
		if o.Code == code {
			return o.Name
		}
	}
	return code
}

// findSlots asks for the free slots of the chosen service and offices.
func (v *BookingView) findSlots() {
	svc, ok := v.chosenService()
	if !ok {
		v.source.SetText(i18n.T("book.pick_service"))
		return
	}
	offices := v.chosenOffices()
	v.find.Disable()
	v.source.SetText(i18n.T("book.searching"))
	widgets.Background(func() {
		slots, live, err := v.src.FreeSlots(v.ctx, svc, offices)
		fyne.Do(func() {
			v.find.Enable()
			v.slots, v.slot = slots, nil
			v.slotList.UnselectAll()
			v.slotList.Refresh()
			switch {
			case err != nil:
				v.source.SetText(app.Explain(err))
			case len(slots) == 0:
				v.source.SetText(i18n.T("book.no_slots"))
			case live:
				v.source.SetText(i18n.T("book.source_live", len(slots)))
			default:
				v.source.SetText(i18n.T("book.source_mirror", len(slots)))
			}
			v.updateBook()
		})
	})
}

func (v *BookingView) slotText(s model.Slot) string {
	st := s.Start.In(model.Rome)
	return fmt.Sprintf("%s %s · %s · %s", i18n.T(fmt.Sprintf("weekday.short.%d", st.Weekday())), st.Format("02/01 15:04"),
		s.Desk, v.officeName(s.Office))
}

func (v *BookingView) updateBook() {
	ready := v.citizen != nil && v.slot != nil
	if v.selectedChannel() == model.ChannelPhone && !model.ValidPhone(strings.TrimSpace(v.phone.Text)) {
		ready = false
	}
	if ready {
		v.book.Enable()
	} else {
		v.book.Disable()
	}
}

// doBook records the booking and shows the confirmation once central
// answered (or at once, queued, when offline).
func (v *BookingView) doBook() {
	svc, ok := v.chosenService()
	if !ok || v.citizen == nil || v.slot == nil {
		return
	}
	b := model.BookingRequest{Slot: *v.slot, CF: v.citizen.CF, CitizenName: v.citizen.FullName(), New: v.newcomer, Service: svc,
		Channel: v.selectedChannel(), Phone: v.phone.Text, Email: v.email.Text, OfficeName: v.officeName(v.slot.Office)}
	v.book.Disable()
	widgets.Background(func() {
		got, err := v.src.Book(v.ctx, b)
		if err == nil {
			got, err = v.src.AwaitBooking(v.ctx, got.Key, confirmWait)
		}
		fyne.Do(func() {
			showError(v.problem, err)
			if err != nil {
				v.updateBook()
				return
			}
			v.slots, v.slot = removeSlot(v.slots, b.Slot.ID), nil
			v.slotList.UnselectAll()
			v.slotList.Refresh()
			v.updateBook()
			v.openBooking(got)
		})
		v.Reload(v.ctx)
	})
}

func removeSlot(slots []model.Slot, id string) []model.Slot {
	out := slots[:0:0]
	for _, s := range slots {
		if s.ID != id {
			out = append(out, s)
		}
	}
	return out
}

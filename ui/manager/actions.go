package manager

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"sportello/app"
	"sportello/assets/i18n"
	"sportello/model"
	"sportello/ui/widgets"
)

// Actor is what the manager's actions need from the console.
type Actor interface {
	CloneDesk(ctx context.Context, req model.DeskClone) (model.DeskChange, error)
	ChangeSlotDuration(ctx context.Context, req model.SlotDurationChange) (model.DeskChange, error)
}

// cloneChoices is how many working days the clone dialog offers.
const cloneChoices = 10

// durationChoices is how many working days the duration dialog offers
// to start from.
const durationChoices = 20

// actionDialog is what the two dialogs share: the request is sent off the
// UI goroutine with one key, kept while the request stays the same (a
// second Enter, or a retry after a failure, is the same action: central
// applies it once), and never while one is on its way. On a refusal or
// offline the dialog stays open and says why.
type actionDialog struct {
	win     fyne.Window
	d       dialog.Dialog
	status  *widget.Label
	send    *widget.Button
	key     string
	sending bool
	// request reads the request as it stands (on the UI goroutine) and
	// returns what sends it with a key, and what says what central did.
	request func(key string) (send func(context.Context) (model.DeskChange, error), done func(model.DeskChange) string)
	// summary says what the request as it stands would do ("" when it
	// cannot be sent).
	summary func() string
	after   func()
	// clone is set for the clone dialog, whose days before now read
	// otherwise than a duration's.
	clone bool
	// twin is set when the sportello is a twin agenda, which central
	// neither clones nor changes: the dialog says so and sends nothing.
	twin string
}

// newKey returns a fresh idempotency key for a request.
func newKey() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// changed is called when the operator changes the request: a new action,
// a new key.
func (a *actionDialog) changed() {
	a.key = newKey()
	s := a.summary()
	if a.twin != "" {
		s = ""
		a.status.SetText(a.twin)
	} else {
		a.status.SetText(s)
	}
	if s == "" || a.sending {
		a.send.Disable()
	} else {
		a.send.Enable()
	}
}

// confirm sends the request (Enter, or the button).
func (a *actionDialog) confirm() {
	if a.sending || a.twin != "" || a.summary() == "" {
		return
	}
	a.sending = true
	a.send.Disable()
	a.status.SetText(i18n.T("desk.sending"))
	send, done := a.request(a.key)
	widgets.Background(func() {
		out, err := send(context.Background())
		fyne.Do(func() {
			a.sending = false
			a.send.Enable()
			if err != nil {
				a.status.SetText(a.refusalText(err))
				return
			}
			a.d.Hide()
			widgets.ShowDialog(a.win, dialog.NewInformation(i18n.T("desk.done_title"), done(out), a.win), nil)
			if a.after != nil {
				a.after()
			}
		})
	})
}

// show builds the dialog around the form and shows it.
func (a *actionDialog) show(title string, form fyne.CanvasObject, focus fyne.Focusable, size fyne.Size) {
	a.status = widget.NewLabel("")
	a.status.Wrapping = fyne.TextWrapWord
	a.send = widget.NewButton(i18n.T("desk.confirm"), a.confirm)
	a.send.Importance = widget.HighImportance
	cancel := widget.NewButton(i18n.T("dialog.cancel"), func() { a.d.Hide() })
	body := container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), a.status, container.NewHBox(cancel, a.send)), nil, nil, form)
	a.d = dialog.NewCustomWithoutButtons(title, body, a.win)
	a.d.Resize(size)
	a.changed()
	widgets.ShowDialog(a.win, a.d, a.confirm)
	if focus != nil {
		a.win.Canvas().Focus(focus)
	}
}

// refusalText is the package's refusalText, but for a clone's day that
// has begun: central refuses today once the sportello has no slot left,
// not because the day is "too early".
func (a *actionDialog) refusalText(err error) string {
	var r *model.DeskRefusal
	if a.clone && errors.As(err, &r) && r.Code == model.RefusedPastDay {
		return i18n.T("desk.refused.clone_past_day", dayText(r.Day))
	}
	return refusalText(err)
}

// refusalText says in the operator's words why an action did not go
// through: central's refusal, the network, or anything else.
func refusalText(err error) string {
	var r *model.DeskRefusal
	switch {
	case errors.As(err, &r):
		return refusal(r)
	case errors.Is(err, app.ErrOffline):
		return i18n.T("desk.offline")
	}
	return app.Explain(err)
}

// refusal says a refusal of central, by its code; central's own words for
// a code this console does not know.
func refusal(r *model.DeskRefusal) string {
	switch r.Code {
	case model.RefusedBookedCitizens:
		if r.EarliestFrom.IsZero() {
			return i18n.T("desk.refused.booked_to_end", r.Booked, dayText(r.FirstDay))
		}
		return i18n.T("desk.refused.booked", r.Booked, dayText(r.FirstDay), dayText(r.EarliestFrom))
	case model.RefusedPastDay, model.RefusedClosedDay, model.RefusedNoAgenda, model.RefusedNotShorter:
		return i18n.T("desk.refused."+r.Code, dayText(r.Day))
	case model.RefusedTwinExists:
		return i18n.T("desk.refused.twin_exists", dayText(r.Day))
	case model.RefusedTooManyDays:
		return i18n.T("desk.refused.too_many_days", model.MaxCloneDays)
	case model.RefusedBadDuration:
		return i18n.T("desk.refused.bad_duration", model.MaxSlotMinutes)
	case model.RefusedUnknownDesk:
		return i18n.T("desk.refused.unknown_desk")
	}
	if r.Message != "" {
		return r.Message
	}
	return i18n.T("err.rejected")
}

// twinNote says that a twin agenda is acted on through the sportello it
// twins ("" for a sportello).
func twinNote(desk string) string {
	if of, ok := model.TwinOf(desk); ok {
		return i18n.T("desk.twin", desk, of, of)
	}
	return ""
}

// dayText is a day as the operator says it: "3 dicembre".
func dayText(d time.Time) string {
	return fmt.Sprintf("%d %s", d.Day(), i18n.T(fmt.Sprintf("month.%d", d.Month())))
}

// weekdayText is a day with its weekday: "martedì 3 dicembre".
func weekdayText(d time.Time) string {
	return i18n.T(fmt.Sprintf("weekday.%d", d.Weekday())) + " " + dayText(d)
}

// dayCheck is a day of the clone's checklist: Space ticks it, ↑ ↓ move
// to the day before or after, Enter confirms the dialog, Esc leaves it.
// It says those keys itself: widgets.KeyCheck finds its dialog through
// its canvas, which knows the check drawn (this one), not the KeyCheck
// inside it.
type dayCheck struct {
	widget.Check
	key func(*fyne.KeyEvent) // the dialog's keys
}

func newDayCheck(label string, changed func(bool), key func(*fyne.KeyEvent)) *dayCheck {
	c := &dayCheck{key: key}
	c.Text, c.OnChanged = label, changed
	c.ExtendBaseWidget(c)
	return c
}

// TypedKey passes the dialog's keys on.
func (c *dayCheck) TypedKey(k *fyne.KeyEvent) { c.key(k) }

// ShowCloneDesk opens the clone dialog of a sportello: a checklist of the
// days its agenda is open from the cursor's (the first ticked), the twin's
// name and how many days; Enter opens the twin agenda. done runs once
// central did it.
func ShowCloneDesk(w fyne.Window, a Actor, t Target, done func()) {
	showClone(w, a, t, done)
}

func showClone(w fyne.Window, a Actor, t Target, done func()) *actionDialog {
	office, desk := t.Office, t.Desk
	days := t.Days[:min(len(t.Days), cloneChoices)]
	checks := make([]*dayCheck, len(days))
	d := &actionDialog{win: w, after: done, twin: twinNote(desk), clone: true}
	chosen := func() []time.Time {
		var out []time.Time
		for i, c := range checks {
			if c.Checked {
				out = append(out, days[i])
			}
		}
		return out
	}
	twin := model.TwinDesk(desk)
	d.summary = func() string {
		if n := len(chosen()); n > 0 {
			return i18n.T("desk.clone_summary", twin, n)
		}
		return ""
	}
	d.request = func(key string) (func(context.Context) (model.DeskChange, error), func(model.DeskChange) string) {
		req := model.DeskClone{Office: office, Desk: desk, Days: chosen(), Key: key}
		return func(ctx context.Context) (model.DeskChange, error) { return a.CloneDesk(ctx, req) },
			func(c model.DeskChange) string { return i18n.T("desk.clone_done", c.Desk, c.Slots, len(c.Days)) }
	}
	list := container.NewVBox(widget.NewLabel(i18n.T("desk.clone_days")))
	for i, dd := range days {
		checks[i] = newDayCheck(weekdayText(dd), func(bool) {
			if d.status != nil {
				d.changed()
			}
		}, func(k *fyne.KeyEvent) {
			step := 0
			switch k.Name {
			case fyne.KeyUp:
				step = -1
			case fyne.KeyDown:
				step = 1
			case fyne.KeyReturn, fyne.KeyEnter:
				d.confirm()
			case fyne.KeyEscape:
				d.d.Hide()
			}
			if j := i + step; step != 0 && j >= 0 && j < len(checks) {
				w.Canvas().Focus(checks[j])
			}
		})
		list.Add(checks[i])
	}
	checks[0].SetChecked(true)
	d.show(i18n.T("desk.clone_title", t.name()), container.NewVScroll(list), checks[0], fyne.NewSize(560, 520))
	return d
}

// ShowSlotDuration opens the duration dialog of a sportello: the day from
// which (the days its agenda is open from the cursor's, after today) and
// the new first-level length (at most 10 minutes, seed 003), with what
// the change does; Enter sends it. done runs once central did it.
func ShowSlotDuration(w fyne.Window, a Actor, t Target, done func()) {
	showDuration(w, a, t, done)
}

func showDuration(w fyne.Window, a Actor, t Target, done func()) *actionDialog {
	office, desk := t.Office, t.Desk
	days := t.after(t.Today, durationChoices)
	if len(days) == 0 {
		days = model.NextWorkingDays(t.Today.AddDate(0, 0, 1), durationChoices)
	}
	dayNames := make([]string, len(days))
	for i, dd := range days {
		dayNames[i] = weekdayText(dd)
	}
	minutes := make([]string, len(model.SlotMinutes))
	for i, m := range model.SlotMinutes {
		minutes[i] = i18n.T("desk.minutes", m)
	}
	from, length := widgets.NewKeySelect(dayNames), widgets.NewKeySelect(minutes)
	from.SetSelectedIndex(0)
	length.SetSelectedIndex(0)
	d := &actionDialog{win: w, after: done, twin: twinNote(desk)}
	d.summary = func() string {
		i, m := from.SelectedIndex(), length.SelectedIndex()
		if i < 0 || m < 0 {
			return ""
		}
		return i18n.T("desk.duration_summary", dayText(days[i]), desk, model.SlotMinutes[m])
	}
	d.request = func(key string) (func(context.Context) (model.DeskChange, error), func(model.DeskChange) string) {
		req := model.SlotDurationChange{Office: office, Desk: desk, From: days[from.SelectedIndex()],
			Minutes: model.SlotMinutes[length.SelectedIndex()], Key: key}
		return func(ctx context.Context) (model.DeskChange, error) { return a.ChangeSlotDuration(ctx, req) },
			func(c model.DeskChange) string {
				return i18n.T("desk.duration_done", dayText(req.From), c.Desk, c.Minutes, c.Slots)
			}
	}
	form := widget.NewForm(widget.NewFormItem(i18n.T("desk.duration_from"), from), widget.NewFormItem(i18n.T("desk.duration_minutes"), length))
	d.show(i18n.T("desk.duration_title", t.name()), form, from, fyne.NewSize(560, 300))
	from.OnChanged = func(string) { d.changed() }
	length.OnChanged = func(string) { d.changed() }
	return d
}

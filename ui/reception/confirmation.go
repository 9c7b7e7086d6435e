package reception

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"path/filepath"
	"strings"

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

func (v *BookingView) bookingText(b model.Booking) string {
	sl := b.Slot()
	st := sl.Start.In(model.Rome)
	return i18n.T("book.today_row", b.CreatedAt.In(model.Rome).Format("15:04"), b.Request.CitizenName,
		i18n.T(fmt.Sprintf("weekday.short.%d", st.Weekday())), st.Format("02/01 15:04"), i18n.T("channel.short."+string(sl.Channel)),
		i18n.T("confirm.state."+string(b.State)))
}

// openBooking shows a booking: its confirmation, or for a conflict the
// nearest free slots to choose from.
func (v *BookingView) openBooking(b model.Booking) {
	if b.State == model.BookingConflict {
		v.askAlternative(b)
		return
	}
	c := export.Confirmation{Booking: b, Operator: v.me.Name, Office: v.me.Office.Name, Printed: v.src.Now()}
	v.shown = &c
	form := widget.NewForm()
	for _, l := range c.Lines() {
		val := widget.NewLabel(l[1])
		val.Wrapping = fyne.TextWrapWord
		form.Append(l[0], val)
	}
	advice := widget.NewLabel(c.Advice())
	advice.Wrapping = fyne.TextWrapWord
	body := container.NewVBox(form, advice)
	if b.State == model.BookingRejected {
		msg := widget.NewLabel(b.Message)
		msg.Importance = widget.DangerImportance
		msg.Wrapping = fyne.TextWrapWord
		body.Add(msg)
	}
	name := "prenotazione-" + b.Slot().Start.In(model.Rome).Format("20060102-1504") + ".pdf"
	var d *dialog.CustomDialog
	save := widget.NewButtonWithIcon(i18n.T("confirm.save_pdf"), theme.DocumentSaveIcon(), func() { v.savePDF(name, c.WritePDF) })
	print := widget.NewButtonWithIcon(i18n.T("confirm.print"), theme.DocumentPrintIcon(), func() { v.print(name, c.WritePDF) })
	closeBtn := widget.NewButton(i18n.T("dialog.close"), func() { d.Hide() })
	closeBtn.Importance = widget.HighImportance
	d = dialog.NewCustomWithoutButtons(i18n.T("confirm.title"), body, v.win)
	d.SetButtons([]fyne.CanvasObject{save, print, closeBtn})
	d.Resize(fyne.NewSize(640, 0))
	v.show(d, closeBtn)
}

// askAlternative offers, for a booking central refused because the slot
// was taken meanwhile, the free slots nearest to it.
func (v *BookingView) askAlternative(b model.Booking) {
	msg := widget.NewLabel(i18n.T("book.conflict", b.Request.CitizenName, v.slotText(b.Request.Slot)))
	msg.Wrapping = fyne.TextWrapWord
	alt := &altChoice{choice: widget.NewRadioGroup(nil, nil)}
	choice := alt.choice
	status := widget.NewLabel(i18n.T("book.searching"))
	var d *dialog.CustomDialog
	alt.take = widget.NewButtonWithIcon(i18n.T("book.take_alternative"), theme.ConfirmIcon(), func() {
		i := -1
		for j, o := range choice.Options {
			if o == choice.Selected {
				i = j
			}
		}
		if i < 0 || i >= len(alt.slots) {
			return
		}
		slot := alt.slots[i]
		v.alt = nil
		d.Hide()
		widgets.Background(func() {
			got, err := v.src.Rebook(v.ctx, b.Key, slot)
			if err == nil {
				got, err = v.src.AwaitBooking(v.ctx, got.Key, confirmWait)
			}
			fyne.Do(func() {
				showError(v.problem, err)
				if err == nil {
					v.openBooking(got)
				}
			})
			v.Reload(v.ctx)
		})
	})
	take := alt.take
	take.Importance = widget.HighImportance
	v.alt = alt
	d = dialog.NewCustomWithoutButtons(i18n.T("book.conflict_title"), container.NewVBox(msg, status, choice), v.win)
	d.SetButtons([]fyne.CanvasObject{widget.NewButton(i18n.T("dialog.close"), func() { d.Hide() }), take})
	d.Resize(fyne.NewSize(600, 0))
	v.show(d, take)
	widgets.Background(func() {
		found, err := v.src.Alternatives(v.ctx, b.Key)
		fyne.Do(func() {
			alt.slots = found
			opts := make([]string, len(found))
			for i, s := range found {
				opts[i] = v.slotText(s)
			}
			choice.Options = opts
			if len(opts) > 0 {
				choice.SetSelected(opts[0])
			}
			choice.Refresh()
			switch {
			case err != nil:
				status.SetText(app.Explain(err))
			case len(found) == 0:
				status.SetText(i18n.T("book.no_slots"))
			default:
				status.SetText(i18n.T("book.alternatives"))
			}
		})
	})
}

// altChoice is the dialog offering the free slots nearest to a booking
// central refused.
type altChoice struct {
	slots  []model.Slot
	choice *widget.RadioGroup
	take   *widget.Button
}

// saveDialog asks where to save a PDF, and writes it there.
func (v *BookingView) saveDialog(name string, write func(io.Writer) error) {
	widgets.SaveFile(v.win, name, write)
}

// print writes the PDF to the console's private print folder and opens it
// with the system's viewer, which prints it. The console removes it when
// it closes, or at its next start after a crash.
func (v *BookingView) print(name string, write func(io.Writer) error) {
	file, err := v.src.PrintFile(name, write)
	if err == nil {
		path := filepath.ToSlash(file)
		if !strings.HasPrefix(path, "/") {
			path = "/" + path // C:/… on Windows: file:///C:/…
		}
		err = fyne.CurrentApp().OpenURL(&url.URL{Scheme: "file", Path: path})
	}
	if err != nil {
		slog.Warn("print confirmation", "err", err)
		widgets.ShowDialog(v.win, dialog.NewError(errors.New(app.Explain(err)), v.win), nil)
	}
}

package dayview

import (
	"errors"
	"log/slog"
	"net/url"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sportello/assets/i18n"
	"sportello/model"
	"sportello/ui/widgets"
)

// meetingDialog shows a web meeting's link, ready to copy, and opens it
// with the system's handler; when none is installed it says so, with the
// link still there to copy.
type meetingDialog struct {
	d      *dialog.CustomDialog
	link   *widget.Label
	status *widget.Label
	open   *widget.Button
	copy   *widget.Button
}

// showMeeting shows the selected slot's meeting: Ctrl+M.
func (v *DayView) showMeeting() {
	e, ok := v.selectedEntry()
	if !ok || e.MeetingURL == "" || v.win == nil {
		return
	}
	m := newMeetingDialog(v, e)
	v.meeting = m
	// Invio opens, Esc closes, C copies: one key each.
	widgets.ShowDialogKeys(v.win, m.d, m.open.OnTapped, func(k *fyne.KeyEvent) bool {
		if k.Name == fyne.KeyC {
			v.copyMeeting()
			return true
		}
		return false
	})
}

// copyMeeting copies the selected slot's meeting link: Ctrl+Shift+M, in
// the dialog or not.
func (v *DayView) copyMeeting() {
	e, ok := v.selectedEntry()
	if !ok || e.MeetingURL == "" {
		return
	}
	fyne.CurrentApp().Clipboard().SetContent(e.MeetingURL)
	v.actions.info.SetText(i18n.T("meeting.copied"))
	if v.meeting != nil {
		v.meeting.status.SetText(i18n.T("meeting.copied"))
	}
}

func newMeetingDialog(v *DayView, e model.AgendaEntry) *meetingDialog {
	// The status line says what the keys do until there is news: it takes
	// its place from the start, so the buttons do not move when it fills.
	m := &meetingDialog{status: widget.NewLabel(i18n.T("meeting.keys"))}
	m.link = widget.NewLabelWithStyle(e.MeetingURL, fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	m.link.Selectable = true
	m.link.Wrapping = fyne.TextWrapBreak
	m.status.Wrapping = fyne.TextWrapWord
	m.status.Importance = widget.HighImportance
	m.copy = widget.NewButtonWithIcon(i18n.T("meeting.copy"), theme.ContentCopyIcon(), v.copyMeeting)
	m.open = widget.NewButtonWithIcon(i18n.T("meeting.open"), theme.MailForwardIcon(), func() {
		u, err := url.Parse(e.MeetingURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") {
			m.status.SetText(i18n.T("meeting.bad_link"))
			return
		}
		m.status.SetText(i18n.T("meeting.opening"))
		m.open.Disable()
		widgets.Background(func() {
			err := v.openURL(u)
			fyne.Do(func() {
				m.open.Enable()
				switch {
				case err == nil:
					m.status.SetText(i18n.T("meeting.opened"))
				case errors.Is(err, widgets.ErrHandedOver):
					m.status.SetText(i18n.T("meeting.handed_over"))
				case errors.Is(err, widgets.ErrNoOpener):
					slog.Warn("open meeting", "err", err)
					m.status.SetText(i18n.T("meeting.no_opener"))
				default:
					slog.Warn("open meeting", "err", err)
					m.status.SetText(i18n.T("meeting.open_failed"))
				}
			})
		})
	})
	m.open.Importance = widget.HighImportance
	closeBtn := widget.NewButtonWithIcon(i18n.T("dialog.close"), theme.CancelIcon(), nil)
	body := container.NewVBox(
		widget.NewLabel(i18n.T("meeting.with", e.CitizenName, widgets.CellText(e, widgets.ColTime))),
		m.link,
		container.NewHBox(m.copy, layout.NewSpacer(), closeBtn, m.open),
		m.status)
	m.d = dialog.NewCustomWithoutButtons(i18n.T("meeting.title"), body, v.win)
	closeBtn.OnTapped = m.d.Hide
	m.d.SetOnClosed(func() {
		if v.meeting == m {
			v.meeting = nil
		}
	})
	m.d.Resize(fyne.NewSize(620, 0))
	return m
}

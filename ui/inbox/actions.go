package inbox

import (
	"errors"
	"log/slog"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"sportello/app"
	"sportello/assets/i18n"
	"sportello/model"
	"sportello/ui/widgets"
)

// act runs an operation off the UI goroutine, then reloads; the error, if
// any, is explained.
func (v *InboxView) act(op func() error) {
	widgets.Background(func() {
		err := op()
		fyne.Do(func() {
			if err != nil {
				slog.Warn("inbox: operation refused", "err", err)
				v.showError(err)
			}
		})
		if err == nil {
			v.undo.Watch()
		}
		v.reloadLater()
	})
}

func (v *InboxView) showError(err error) {
	if v.win != nil {
		widgets.ShowDialog(v.win, dialog.NewError(errors.New(app.Explain(err)), v.win), nil)
	}
}

func (v *InboxView) doClaim() {
	if e := v.current; e != nil {
		v.act(func() error { _, err := v.src.ClaimScheda(v.ctx, e.ID); return err })
	}
}

func (v *InboxView) doAnswer() {
	e, text := v.current, v.answer.Text
	if e == nil {
		return
	}
	v.act(func() error {
		_, err := v.src.AnswerScheda(v.ctx, e.ID, text)
		if err == nil {
			v.drafts.forget(e.ID)
			fyne.Do(func() {
				if v.current != nil && v.current.ID == e.ID {
					v.filling = true
					v.answer.SetText("")
					v.filling = false
					v.saved.SetText(i18n.T("inbox.answer_queued"))
				}
			})
		}
		return err
	})
}

// textDialog asks for a text (with more form items before it), then runs
// ok with it.
func (v *InboxView) textDialog(title, label, confirm string, items []*widget.FormItem, ok func(text string)) {
	if v.win == nil {
		return
	}
	text := widgets.NewKeyMultiLineEntry()
	text.SetMinRowsVisible(5)
	text.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" || len(s) > model.MaxReasonLength {
			return errors.New(i18n.T("err.empty_text"))
		}
		return nil
	}
	items = append(items, widget.NewFormItem(label, text))
	d := dialog.NewForm(title, confirm, i18n.T("dialog.cancel"), items, func(yes bool) {
		if yes {
			ok(text.Text)
		}
	}, v.win)
	d.Resize(fyne.NewSize(560, 360))
	widgets.ShowDialog(v.win, d, nil)
}

func (v *InboxView) askInfo() {
	e := v.current
	if e == nil {
		return
	}
	v.textDialog(i18n.T("inbox.request_info_title", e.Number), i18n.T("inbox.request_info_text"), i18n.T("inbox.request_info_send"), nil,
		func(text string) {
			v.act(func() error { _, err := v.src.RequestInfo(v.ctx, e.ID, text); return err })
		})
}

// direzioneOptions lists the Direzioni centrali, the one competent for
// the section first.
func direzioneOptions(section model.Section) ([]string, []model.DirezioneCentrale) {
	var first, rest []model.DirezioneCentrale
	for _, d := range model.DirezioniCentrali {
		if d.Section == section {
			first = append(first, d)
		} else {
			rest = append(rest, d)
		}
	}
	all := append(first, rest...)
	names := make([]string, len(all))
	for i, d := range all {
		names[i] = d.Code + " · " + d.Name
	}
	return names, all
}

func (v *InboxView) askForward() {
	e := v.current
	if e == nil {
		return
	}
	names, all := direzioneOptions(e.Section)
	pick := widget.NewSelect(names, nil)
	pick.SetSelectedIndex(0)
	v.textDialog(i18n.T("inbox.forward_title", e.Number), i18n.T("inbox.forward_reason"), i18n.T("inbox.forward_send"),
		[]*widget.FormItem{widget.NewFormItem(i18n.T("inbox.forward_to"), pick)}, func(text string) {
			d := all[pick.SelectedIndex()]
			v.act(func() error { _, err := v.src.ForwardScheda(v.ctx, e.ID, d.Code, text); return err })
		})
}

// insertAnswer puts an earlier answer into the one being written where
// its cursor is, as lines of their own (an empty answer is simply
// filled): what was typed stays where it was. As after a paste, the
// cursor lands after it, Ctrl+Z takes it back and the draft is saved; the
// answer box gets the keyboard back.
func (v *InboxView) insertAnswer(text string) {
	if v.current == nil || v.answer.Disabled() {
		return
	}
	typed := []rune(v.answer.Text)
	at := min(max(v.answer.CursorTextOffset(), 0), len(typed))
	if v.answer.SelectedText() == "" {
		if at > 0 && typed[at-1] != '\n' {
			text = "\n" + text
		}
		if at < len(typed) && typed[at] != '\n' {
			text += "\n"
		}
	}
	v.answer.TypedShortcut(&fyne.ShortcutPaste{Clipboard: textClipboard(text)})
	if v.win != nil {
		v.win.Canvas().Focus(v.answer)
	}
}

// textClipboard hands a text to an entry as a paste does, without the
// system clipboard.
type textClipboard string

func (c textClipboard) Content() string { return string(c) }

func (textClipboard) SetContent(string) {}

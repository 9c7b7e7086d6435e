package inbox

import (
	"fyne.io/fyne/v2"

	"sportello/app"
	"sportello/assets/i18n"
	"sportello/ui/widgets"
)

// newUndoBar is the inbox's undo: its operations on schede. An answer
// taken back is in the editor again.
func (v *InboxView) newUndoBar() *widgets.UndoBar {
	b := widgets.NewUndoBar(v.src, func(u app.Undoable) bool { return u.Op != "" }, func(u app.Undoable) string {
		what := i18n.T("scheda.op." + string(u.Op))
		if v.current != nil && v.current.ID == u.Target {
			return i18n.T("undo.scheda", what, v.current.Subject)
		}
		return what
	})
	b.Undone = func(u app.Undoable) {
		widgets.Background(func() {
			draft, _, err := v.src.Draft(v.ctx, u.Target)
			fyne.Do(func() {
				if err == nil && v.current != nil && v.current.ID == u.Target {
					v.filling = true
					v.answer.SetText(draft)
					v.filling = false
					v.saved.SetText("")
				}
			})
			v.Reload(v.ctx)
		})
	}
	b.Failed = v.showError
	b.Layout = func() {
		if v.content != nil {
			v.content.Refresh()
		}
	}
	return b
}

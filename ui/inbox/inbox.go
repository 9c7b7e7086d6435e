package inbox

import (
	"context"
	"math"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sportello/app"
	"sportello/assets/i18n"
	"sportello/model"
	"sportello/ui/widgets"
)

// InboxReader is what the inbox reads from the mirror: the schede and
// their counts, drafts, earlier answers, the citizen's file and where an
// appointment can be made.
type InboxReader interface {
	Inbox(ctx context.Context, f app.InboxFilter) ([]model.InboxEntry, int, error)
	SchedaCounts(ctx context.Context, section model.Section) (map[model.SchedaStatus]model.AgeCount, error)
	Scheda(ctx context.Context, id string) (model.InboxEntry, error)
	Draft(ctx context.Context, id string) (string, time.Time, error)
	SearchAnswers(ctx context.Context, section model.Section, text string) ([]model.Scheda, error)
	TextModules(ctx context.Context, section model.Section) ([]model.TextModule, error)
	Agencies(ctx context.Context, cf string) ([]model.Office, string, error)
	AppointmentSlots(ctx context.Context, office string) ([]model.Slot, error)
	Citizen(ctx context.Context, cf string, why model.Access) (model.Citizen, error)
	Operator(ctx context.Context) (model.Operator, error)
	Now() time.Time
}

// SchedaActions is what a consultant does with a scheda: each queued for
// central, the draft saved as it is typed.
type SchedaActions interface {
	ClaimScheda(ctx context.Context, id string) (model.Scheda, error)
	RequestInfo(ctx context.Context, id, text string) (model.Scheda, error)
	AnswerScheda(ctx context.Context, id, text string) (model.Scheda, error)
	ForwardScheda(ctx context.Context, id, direzione, reason string) (model.Scheda, error)
	ConvertScheda(ctx context.Context, id string, slot model.Slot, channel model.Channel) (model.Scheda, error)
	SaveDraft(ctx context.Context, id, text string) error
}

// SchedeSource is everything the consultant's inbox reads and does.
// app.Console implements it.
type SchedeSource interface {
	InboxReader
	SchedaActions
	ClockSource
	PresenceSource
	widgets.SyncSource
	widgets.UndoSource
}

// InboxView is the CRIC consultant's inbox of Linea INPS schede: the list
// by section and status with each scheda's age against the service
// target, counts at a glance, and the open scheda with its question, the
// answer being written (saved as it is typed), the earlier answers of the
// section and the citizen's file.
type InboxView struct {
	src    SchedeSource
	win    fyne.Window
	me     model.Operator
	filter app.InboxFilter

	entries []model.InboxEntry // the list, on the UI goroutine
	total   int
	current *model.InboxEntry // the open scheda
	fileCF  string            // whose file the panel shows
	citizen model.Citizen     // that file, when it could be read: it fills the modules' names

	section     *widget.Select
	status      *widget.Select
	mine        *widget.Check
	due         *widget.Check // only what is late or due soon (sla.go)
	cal         model.WorkCalendar
	presence    *presenceLine // who else has the open scheda (presence.go)
	shown       *widget.Label
	operator    *widget.Label // who is signed in, as the day view shows it
	chart       *ageChart
	list        *widgets.FocusList
	empty       *widget.Label
	bar         *widgets.StatusBar
	undo        *widgets.UndoBar // takes back the last operation central has not got
	problem     *widget.Label
	title       *widget.Label
	meta        *widget.Label
	question    *widget.RichText
	outcome     *widget.RichText // what was done with it
	claim       *widget.Button
	info        *widget.Button
	forward     *widget.Button
	convert     *widget.Button
	answer      *widgets.KeyEntry
	send        *widget.Button
	saved       *widget.Label
	work        *fyne.Container // everything of the open scheda
	placeholder *widget.Label
	file        *widgets.FilePanel
	faq         *answersPanel
	modules     *modulePicker // the text modules typed with "::"
	content     fyne.CanvasObject

	drafts    *draftWriter
	ctx       context.Context
	stop      context.CancelFunc
	filling   bool // the answer entry is being filled, not typed into
	opened    bool // a scheda was opened at the first load
	selecting bool // the list's selection follows the open scheda
}

// sectionOptions are the section filter's choices: all the consultant's
// sections, then each.
func (v *InboxView) sectionOptions() []string {
	out := []string{i18n.T("inbox.all_sections")}
	for _, s := range v.me.Sections {
		out = append(out, i18n.T("section."+string(s)))
	}
	return out
}

// statusOptions are the status filter's choices: the open ones, then each.
func statusOptions() []string {
	out := []string{i18n.T("inbox.open")}
	for _, s := range model.SchedaStatuses {
		out = append(out, i18n.T("scheda."+string(s)))
	}
	return out
}

// NewInboxView builds the inbox of the consultant src is logged in as.
// Call Reload to fill it, and Close when it is no longer shown.
func NewInboxView(src SchedeSource) *InboxView {
	v := &InboxView{src: src}
	v.ctx, v.stop = context.WithCancel(context.Background())
	v.me, _ = src.Operator(v.ctx)
	v.drafts = newDraftWriter(src, func(id string, at time.Time, err error) {
		fyne.Do(func() { v.draftSaved(id, at, err) })
	})

	v.buildFilters()
	v.shown = widget.NewLabel("")
	v.operator = widget.NewLabelWithStyle(i18n.T("inbox.operator", v.me.Name, v.me.Office.Name), fyne.TextAlignLeading,
		fyne.TextStyle{Bold: true})
	v.operator.Truncation = fyne.TextTruncateEllipsis
	v.chart = newAgeChart()
	v.problem = widget.NewLabel("")
	v.problem.Importance = widget.DangerImportance
	v.problem.Wrapping = fyne.TextWrapWord
	v.problem.Hide()
	v.bar = widgets.NewStatusBar(src)

	v.list = widgets.NewFocusList(func() int { return len(v.entries) }, newInboxRow, func(id widget.ListItemID, o fyne.CanvasObject) {
		if id < len(v.entries) {
			o.(*inboxRow).show(v.entries[id], v.src.Now(), v.cal, v.me.ID)
		}
	})
	v.list.OnSelected = func(id widget.ListItemID) {
		if id < len(v.entries) && !v.selecting {
			v.open(v.entries[id].ID)
		}
	}
	v.empty = widget.NewLabelWithStyle(i18n.T("inbox.empty"), fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
	v.empty.Hide()

	v.modules = newModulePicker(v)
	v.buildScheda()
	v.presence = newPresenceLine(src)
	go v.presence.run(v.ctx)

	v.faq = newAnswersPanel(src, v.insertAnswer)
	v.file = widgets.NewFilePanel(src.Now, func(text string) { fyne.CurrentApp().Clipboard().SetContent(text) }, nil)

	actions := container.NewGridWithColumns(2, v.claim, v.info, v.forward, v.convert)
	editor := container.NewBorder(container.NewBorder(nil, nil, nil, v.modulesButton(),
		widget.NewLabelWithStyle(i18n.T("inbox.answer"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})),
		container.NewBorder(nil, nil, nil, v.send, container.NewStack(widget.NewLabel("\n"), v.saved)), nil, nil, v.answer) // two lines kept for the message
	// The details take three lines whatever they say (a claim adds the
	// holder): the buttons below stay where they were.
	meta := container.NewStack(widget.NewLabel("\n\n"), v.meta)
	v.presence.box = container.NewVBox(v.title, meta, actions, v.presence.label, widget.NewSeparator())
	v.work = container.NewBorder(v.presence.box, nil, nil, nil,
		container.NewVSplit(container.NewVScroll(container.NewVBox(v.question, v.outcome)), editor))
	v.work.Hide()
	v.placeholder = widget.NewLabelWithStyle(i18n.T("inbox.pick"), fyne.TextAlignCenter, fyne.TextStyle{Italic: true})

	side := container.NewAppTabs(container.NewTabItem(i18n.T("inbox.tab_answers"), v.faq.content),
		container.NewTabItem(i18n.T("inbox.tab_file"), v.file.Content()))
	filters := container.NewVBox(container.NewGridWithColumns(2, v.section, v.status),
		container.NewHBox(v.mine, v.due, layout.NewSpacer(), widget.NewButtonWithIcon(i18n.T("day.refresh"), theme.ViewRefreshIcon(), src.Kick)))
	left := container.NewBorder(container.NewVBox(filters, v.chart.content, v.shown, widget.NewSeparator()), nil, nil, nil,
		container.NewStack(v.list.Framed(), container.NewCenter(v.empty)))
	// Each column keeps the width the split gives it, whatever it shows:
	// the buttons stay under the pointer.
	right := container.NewHSplit(stableWidth(container.NewStack(container.NewCenter(v.placeholder), v.work)), stableWidth(side))
	right.Offset = 0.58
	split := container.NewHSplit(stableWidth(left), right)
	split.Offset = 0.33
	v.undo = v.newUndoBar()
	v.content = container.NewStack(container.NewBorder(container.NewVBox(v.operator, v.problem),
		container.NewVBox(v.undo.Content, v.bar.Content()), nil, nil, split), v.modules.layer)
	return v
}

// Content is the view's root object.
func (v *InboxView) Content() fyne.CanvasObject { return v.content }

// SetWindow gives the view the window its dialogs open in.
func (v *InboxView) SetWindow(w fyne.Window) {
	v.win = w
	v.bar.SetWindow(w)
	widgets.BindUndo(w.Canvas(), "inbox", v.undo)
}

// Close saves the draft being typed and stops the view's work.
func (v *InboxView) Close() {
	v.drafts.flush()
	v.stop()
}

// ShowStatus shows the sync status; it runs on the UI goroutine.
func (v *InboxView) ShowStatus(st app.SyncStatus) { v.bar.Show(st); v.undo.Refresh() }

// Reload reads the list, the counts and the open scheda again from the
// mirror, and shows them. As every screen's, it runs off the UI goroutine
// (see Screen): the filter is read on the UI goroutine first, the mirror
// off it, and the result is shown with fyne.Do.
func (v *InboxView) Reload(ctx context.Context) {
	var f app.InboxFilter
	fyne.DoAndWait(func() { f = v.filter })
	list, total, err := v.src.Inbox(ctx, f)
	var counts map[model.SchedaStatus]model.AgeCount
	var cal model.WorkCalendar
	if err == nil {
		counts, err = v.src.SchedaCounts(ctx, f.Section)
	}
	if err == nil {
		cal, err = v.src.Calendar(ctx)
	}
	st := v.src.Status(ctx)
	fyne.Do(func() {
		v.bar.Show(st)
		if err != nil {
			v.problem.SetText(app.Explain(err))
			v.problem.Show()
			return
		}
		v.problem.Hide()
		v.entries, v.total, v.cal = list, total, cal
		v.chart.show(counts)
		v.shown.SetText(i18n.T("inbox.shown", len(list), total))
		v.empty.Hidden = len(list) > 0
		v.empty.Refresh()
		v.list.Refresh()
		v.reselect()
	})
}

// reloadLater reloads the view without holding up the caller.
func (v *InboxView) reloadLater() { widgets.Background(func() { v.Reload(v.ctx) }) }

// reselect keeps the open scheda selected in the list, and refreshes it.
// The first time, it opens the consultant's own scheda waiting longest,
// or else the oldest of the list.
func (v *InboxView) reselect() {
	if v.current == nil {
		if v.opened || len(v.entries) == 0 {
			v.list.UnselectAll()
			return
		}
		v.opened = true
		pick := 0
		for i, e := range v.entries {
			if e.HeldBy(v.me.ID) {
				pick = i
				break
			}
		}
		v.list.Select(pick)
		v.list.ScrollTo(pick)
		return
	}
	id := v.current.ID
	v.selecting = true
	defer func() { v.selecting = false }()
	v.list.UnselectAll()
	for i, e := range v.entries {
		if e.ID == id {
			v.list.Select(i)
			break
		}
	}
	v.open(id) // again, with what changed; still shown if no longer in the filter
}

// open shows a scheda: its question, what was done with it, the answer
// being written, the earlier answers of its section and the citizen's
// file.
func (v *InboxView) open(id string) {
	widgets.Background(func() {
		v.drafts.flush() // a draft still being written is read whole
		e, err := v.src.Scheda(v.ctx, id)
		var draft string
		var draftAt time.Time
		if err == nil {
			draft, draftAt, err = v.src.Draft(v.ctx, id)
		}
		var cit model.Citizen
		var citErr error
		if err == nil && e.CitizenCF != v.fileCF {
			cit, citErr = v.src.Citizen(v.ctx, e.CitizenCF, model.Access{Reason: model.AccessScheda, Ref: e.Ref()})
		}
		fyne.Do(func() {
			if err != nil {
				v.showError(err)
				return
			}
			changed := v.current == nil || v.current.ID != e.ID
			v.current = &e
			v.undo.Follow(e.ID)
			v.showScheda(e)
			v.presence.follow(e.ID, v.presenceState())
			if changed {
				v.filling = true
				v.answer.CursorRow, v.answer.CursorColumn = math.MaxInt32, math.MaxInt32 // writing goes on at the draft's end
				v.answer.SetText(draft)
				v.answer.CursorToEnd() // even after a space the wrap swallowed
				v.filling = false
				v.saved.SetText("")
				if draft != "" {
					v.saved.SetText(i18n.T("inbox.draft_recovered", widgets.Stamp(draftAt)))
				}
				v.schedaOpened(e)
			}
			if e.CitizenCF != v.fileCF {
				v.fileCF, v.citizen = e.CitizenCF, cit
				v.file.ShowCitizenFrom(e.CitizenName, i18n.T("file.from_scheda", e.Number), cit, citErr, v.me.ID)
			}
		})
	})
}

// showScheda fills the work area with a scheda; it runs on the UI
// goroutine.
func (v *InboxView) showScheda(e model.InboxEntry) {
	v.placeholder.Hide()
	v.work.Show()
	v.title.SetText(e.Subject)
	status := i18n.T("scheda." + string(e.Status))
	if e.Status.Held() {
		status = i18n.T("inbox.held_by", status, e.HolderName)
	}
	if e.Pending {
		status = i18n.T("day.pending", status)
	}
	v.meta.SetText(i18n.T("inbox.meta", e.Number, i18n.T("section."+string(e.Section)), widgets.Stamp(e.ReceivedAt),
		ageText(e.Age(v.src.Now())), status) + "\n" + slaLine(e.Scheda, v.cal.Clock(e.Scheda, v.src.Now())))
	v.question.Segments = []widget.RichTextSegment{widgets.Heading(i18n.T("inbox.question", nameOr(e.CitizenName))), widgets.Para(e.Question)}
	v.question.Refresh()
	var segs []widget.RichTextSegment
	if e.InfoRequest != "" {
		segs = append(segs, widgets.Strong(i18n.T("inbox.info_requested")), widgets.Para(e.InfoRequest))
	}
	switch e.Status {
	case model.SchedaAnswered:
		segs = append(segs, widgets.Strong(i18n.T("inbox.answered_at", widgets.Stamp(e.AnsweredAt), e.HolderName)), widgets.Para(e.Answer))
	case model.SchedaForwarded:
		segs = append(segs, widgets.Strong(i18n.T("inbox.forwarded_to", e.ForwardedTo, widgets.Stamp(e.AnsweredAt))), widgets.Para(e.ForwardReason))
	case model.SchedaConverted:
		segs = append(segs, widgets.Strong(i18n.T("inbox.converted")))
		if a := e.Appointment; a != nil {
			segs = append(segs, widgets.Para(i18n.T("inbox.appointment", widgets.Stamp(a.Start), a.Office, a.Desk, i18n.T("channel."+string(a.Channel)))))
		}
	}
	v.outcome.Segments = segs
	v.outcome.Refresh()

	mine := e.HeldBy(v.me.ID)
	widgets.SetEnabled(v.claim, e.Status == model.SchedaNew)
	widgets.SetEnabled(v.info, mine && e.Status == model.SchedaInCharge)
	widgets.SetEnabled(v.forward, mine)
	widgets.SetEnabled(v.convert, mine)
	widgets.SetEnabled(v.send, mine)
	// Only the consultant holding the scheda writes its answer; the box
	// says what to do first.
	hint := i18n.T("inbox.answer_placeholder")
	switch {
	case mine:
	case e.Status == model.SchedaNew:
		hint = i18n.T("inbox.answer_claim_first")
	case e.Status.Held():
		hint = i18n.T("inbox.answer_held", e.HolderName)
	default:
		hint = i18n.T("inbox.answer_closed")
	}
	v.answer.SetPlaceHolder(hint)
	if mine {
		v.answer.Enable()
		return
	}
	v.answer.Disable()
	// A disabled box keeps the keyboard it had, and takes no key: the
	// keys go back to the list of schede.
	if v.win != nil && v.win.Canvas().Focused() == fyne.Focusable(v.answer) {
		v.win.Canvas().Focus(v.list)
	}
}

// buildFilters builds the filters of the list: the section, the status
// and the consultant's own schede. Each change reloads the list.
func (v *InboxView) buildFilters() {
	v.section = widget.NewSelect(v.sectionOptions(), nil)
	v.section.SetSelectedIndex(0)
	v.section.OnChanged = func(string) {
		i := v.section.SelectedIndex()
		v.filter.Section = ""
		if i > 0 {
			v.filter.Section = v.me.Sections[i-1]
		}
		v.reloadLater()
	}
	v.status = widget.NewSelect(statusOptions(), nil)
	v.status.SetSelectedIndex(0)
	v.status.OnChanged = func(string) {
		v.filter.Status = ""
		if i := v.status.SelectedIndex(); i > 0 {
			v.filter.Status = model.SchedaStatuses[i-1]
		}
		v.reloadLater()
	}
	v.mine = widget.NewCheck(i18n.T("inbox.mine"), func(on bool) { v.filter.Mine = on; v.reloadLater() })
	v.buildDue()
}

// buildScheda builds the scheda open: its title, details, question and
// outcome, the actions on it and the answer being typed.
func (v *InboxView) buildScheda() {
	v.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.title.SizeName = theme.SizeNameSubHeadingText
	v.title.Wrapping = fyne.TextWrapWord
	v.meta = widget.NewLabel("")
	v.meta.Wrapping = fyne.TextWrapWord
	v.question = widget.NewRichText()
	v.question.Wrapping = fyne.TextWrapWord
	v.outcome = widget.NewRichText()
	v.outcome.Wrapping = fyne.TextWrapWord
	v.claim = widget.NewButtonWithIcon(i18n.T("inbox.claim"), theme.ConfirmIcon(), v.doClaim)
	v.claim.Importance = widget.HighImportance
	v.info = widget.NewButtonWithIcon(i18n.T("inbox.request_info"), theme.MailComposeIcon(), v.askInfo)
	v.forward = widget.NewButtonWithIcon(i18n.T("inbox.forward"), theme.MailForwardIcon(), v.askForward)
	v.convert = widget.NewButtonWithIcon(i18n.T("inbox.convert"), theme.CalendarIcon(), v.askConvert)
	v.answer = widgets.NewKeyMultiLineEntry()
	v.answer.Wrapping = fyne.TextWrapWord
	v.answer.SetPlaceHolder(i18n.T("inbox.answer_placeholder"))
	v.answer.SetMinRowsVisible(8)
	v.answer.OnChanged = func(text string) {
		if v.current != nil && !v.filling {
			v.saved.SetText(i18n.T("inbox.draft_saving"))
			v.drafts.put(v.current.ID, text)
			v.presence.follow(v.current.ID, v.presenceState())
		}
		v.modules.changed(text)
	}
	v.answer.OnKey = v.modules.typedKey
	v.send = widget.NewButtonWithIcon(i18n.T("inbox.send"), theme.MailSendIcon(), v.doAnswer)
	v.send.Importance = widget.HighImportance
	v.saved = widget.NewLabel("")
	v.saved.Importance = widget.LowImportance
	v.saved.Wrapping = fyne.TextWrapWord // a long message wraps: it never widens the column
}

package dayview

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sportello/app"
	"sportello/assets/i18n"
	"sportello/client"
	"sportello/model"
	"sportello/ui/uitest"
	"sportello/ui/widgets"
)

func showDay(t *testing.T, c *app.Console) (*DayView, fyne.Window) {
	t.Helper()
	v := NewDayView(c)
	w := test.NewTempWindow(t, v.Content())
	w.Resize(fyne.NewSize(1340, 730))
	v.SetWindow(w)
	v.Reload(context.Background())
	return v, w
}

func TestDayViewListsTheDayFromTheMirror(t *testing.T) {
	test.NewTempApp(t)
	c := uitest.NewConsole(t)
	v, w := showDay(t, c)

	want, err := c.DayAgenda(context.Background(), uitest.Monday)
	if err != nil || len(want) == 0 {
		t.Fatalf("mirror day: %d, %v", len(want), err)
	}
	if len(v.entries) != len(want) {
		t.Fatalf("table has %d rows, mirror %d", len(v.entries), len(want))
	}
	for i := 1; i < len(v.entries); i++ {
		if v.entries[i].Start.Before(v.entries[i-1].Start) {
			t.Fatalf("row %d before row %d", i, i-1)
		}
	}
	if got := v.title.Text; got != "Agenda di lunedì 23 novembre 2026" {
		t.Errorf("title = %q", got)
	}
	if !strings.Contains(v.operator.Text, "Sede provinciale di Salerno") {
		t.Errorf("header = %q", v.operator.Text)
	}
	// The status area: no sync loop runs here, so offline; nothing to
	// send; and when the data was refreshed.
	if v.bar.Parts().State.Text != "Non in linea" || v.bar.Parts().Pending.Text != "nessuna azione in attesa" ||
		!strings.Contains(v.bar.Parts().Refreshed.Text, "Ultimo aggiornamento") || v.bar.Parts().Conflicts.Visible() {
		t.Errorf("status area = %q / %q / %q (conflicts shown %v)", v.bar.Parts().State.Text, v.bar.Parts().Pending.Text, v.bar.Parts().Refreshed.Text,
			v.bar.Parts().Conflicts.Visible())
	}
	// Texts set after the first layout are laid out again, inside the
	// window.
	if right := v.bar.Parts().Refreshed.Position().X + v.bar.Parts().Refreshed.MinSize().Width; right > v.bar.Parts().Content.Size().Width+1 {
		t.Errorf("status area ends at %.0f, beyond the window (%.0f wide)", right, v.bar.Parts().Content.Size().Width)
	}
	shown := uitest.Texts(w.Content())
	cur := v.entries[v.tl.current]
	if v.selected != cur.ID {
		t.Errorf("at 10:05 the slot under way (%s) is not selected: %q", widgets.CellText(cur, widgets.ColTime), v.selected)
	}
	for _, s := range []string{"Ora", "Canale", "Cittadino", "Codice fiscale", "Servizio", "Stato",
		cur.CitizenCF, cur.CitizenName, i18n.T("channel.short." + string(cur.Channel)),
		cur.Start.Format("15:04") + "–" + cur.End.Format("15:04"), "Adesso · 10:05"} {
		if !uitest.Contains(shown, s) {
			t.Errorf("window does not show %q", s)
		}
	}
	if v.tl.rows[0].kind != rowSection || v.tl.rows[0].text != "Mattina · Primo livello · 08:30–12:30 · 24 slot" {
		t.Errorf("first row = %+v, want the morning's heading", v.tl.rows[0])
	}
	// The day has each channel and its Italian name.
	for _, name := range []string{"In presenza", "Richiamata telefonica", "Web meeting"} {
		found := false
		for i := range v.entries {
			found = found || widgets.CellText(v.entries[i], widgets.ColChannel) == name
		}
		if !found {
			t.Errorf("no %q slot on the day", name)
		}
	}
}

func TestSelectingASlotOpensTheCallersFile(t *testing.T) {
	test.NewTempApp(t)
	c := uitest.NewConsole(t)
	v, w := showDay(t, c)
	row := func(ch model.Channel) int {
		for i, e := range v.entries {
			if e.Channel == ch && e.CitizenCF != "" {
				return i
			}
		}
		t.Fatalf("no %s slot", ch)
		return -1
	}

	r := row(model.ChannelPhone)
	v.selectEntry(r)
	e := v.entries[r]
	cit, err := c.Citizen(context.Background(), e.CitizenCF, model.Access{Reason: model.AccessAppointment})
	if err != nil {
		t.Fatal(err)
	}
	shown := uitest.Texts(v.file.Content())
	for _, s := range []string{e.CitizenName, cit.CF, cit.BirthPlace, cit.Address, "Anagrafica", "Recapiti",
		"Deleghe e mandati", "Pratiche", "Documenti", "Storico contatti", "Note", "Cellulare: " + cit.Contacts[0].Value,
		"Numero da richiamare: " + e.Phone} {
		if !uitest.Contains(shown, s) {
			t.Errorf("file panel does not show %q; shows %q", s, shown)
		}
	}
	if v.file.Link.Visible() {
		t.Error("phone slot shows a meeting link")
	}
	uitest.SaveArtifact(t, "day-view-file.png", w.Canvas().Capture())

	r = row(model.ChannelWebMeeting)
	v.selectEntry(r)
	if !v.file.Link.Visible() || v.file.Link.URL.String() != v.entries[r].MeetingURL {
		t.Errorf("web meeting link = %v (visible %v), want %s", v.file.Link.URL, v.file.Link.Visible(), v.entries[r].MeetingURL)
	}
}

func TestActionsWaitingAndSearchShowInTheWindow(t *testing.T) {
	test.NewTempApp(t)
	c := uitest.NewConsole(t)
	v, w := showDay(t, c)
	ctx := context.Background()
	booked := firstBooked(t, v)
	// No sync loop runs: the action waits in the outbox, and says so.
	if _, err := c.RecordSlotEvent(ctx, booked.ID, model.EventCheckIn, "", ""); err != nil {
		t.Fatal(err)
	}
	v.Reload(ctx)
	if v.bar.Parts().Pending.Text != "Azioni da inviare: 1" {
		t.Errorf("pending shown = %q", v.bar.Parts().Pending.Text)
	}
	for _, e := range v.entries {
		if e.ID == booked.ID && (e.Status != model.StatusCheckedIn || !e.Pending) {
			t.Errorf("checked-in slot shows %s, pending %v; want checked in at once, waiting to be sent", e.Status, e.Pending)
		}
		if e.ID == booked.ID && widgets.CellText(e, widgets.ColStatus) != "Arrivato · in coda" {
			t.Errorf("status cell = %q", widgets.CellText(e, widgets.ColStatus))
		}
	}

	// Search by surname as typed: the list opens under the box.
	cit, err := c.Citizen(ctx, booked.CitizenCF, model.Access{Reason: model.AccessAppointment})
	if err != nil {
		t.Fatal(err)
	}
	test.Type(v.search.entry, cit.FamilyName[:4])
	uitest.Eventually(t, "search results for "+cit.FamilyName[:4], func() bool { return v.search.shown == cit.FamilyName[:4] })
	found := -1
	for i, h := range v.search.hits {
		if h.CF == cit.CF {
			found = i
		}
		if !strings.HasPrefix(strings.ToUpper(h.FamilyName), strings.ToUpper(cit.FamilyName[:4])) &&
			!strings.Contains(strings.ToUpper(h.FullName()), strings.ToUpper(cit.FamilyName[:4])) {
			t.Errorf("hit %q does not match %q", h.FullName(), cit.FamilyName[:4])
		}
	}
	if found < 0 || !v.search.Open() {
		t.Fatalf("search for %q lists %d hits without %s (results shown %v)", cit.FamilyName[:4], len(v.search.hits), cit.CF,
			v.search.Open())
	}
	uitest.SaveArtifact(t, "day-view-search.png", w.Canvas().Capture())
	v.search.list.Select(found)
	if v.search.Open() {
		t.Error("results still open after choosing one")
	}
	if shown := uitest.Texts(v.file.Content()); !uitest.Contains(shown, cit.FullName()) || !uitest.Contains(shown, cit.Address) {
		t.Errorf("file panel after search shows %q", shown)
	}
}

func TestDayViewInEnglish(t *testing.T) {
	test.NewTempApp(t)
	if err := i18n.SetLanguage("en"); err != nil {
		t.Fatal(err)
	}
	defer i18n.SetLanguage("it")
	c := uitest.NewConsole(t)
	v, w := showDay(t, c)
	if got := v.title.Text; got != "Agenda for Monday 23 November 2026" {
		t.Errorf("title = %q", got)
	}
	if shown := uitest.Texts(w.Content()); !uitest.Contains(shown, "Time") || !uitest.Contains(shown, "Identity") || !strings.HasPrefix(v.tl.rows[0].text, "Morning · First level") {
		t.Errorf("English window shows %q", shown)
	}
}

// firstBooked returns the day's first booked slot with a citizen.
func firstBooked(t *testing.T, v *DayView) model.AgendaEntry {
	t.Helper()
	for _, e := range v.entries {
		if e.Status == model.StatusBooked && e.CitizenCF != "" {
			return e
		}
	}
	t.Fatal("no booked slot with a citizen on the day")
	return model.AgendaEntry{}
}

func TestConflictShowsBothVersionsAndIsSettled(t *testing.T) {
	test.NewTempApp(t)
	c := uitest.NewConsole(t)
	v, w := showDay(t, c)
	ctx := context.Background()
	booked := firstBooked(t, v)
	// A colleague cancels the booking centrally (through the central API,
	// as their console would); this console records the arrival.
	colleague, err := client.New(c.Server(), client.Config{})
	if err == nil {
		_, err = colleague.Login(ctx, "demo", "demo")
	}
	if err != nil {
		t.Fatal(err)
	}
	if _, err := colleague.RecordSlotEvent(ctx, "", booked.ID, client.SlotEvent{Type: model.EventCancel, Version: booked.Version}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.RecordSlotEvent(ctx, booked.ID, model.EventCheckIn, "", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	v.Reload(ctx)
	if !v.bar.Parts().Conflicts.Visible() || v.bar.Parts().Conflicts.Text != "Conflitti da risolvere: 1" {
		t.Fatalf("conflicts button = %q (shown %v)", v.bar.Parts().Conflicts.Text, v.bar.Parts().Conflicts.Visible())
	}
	test.Tap(v.bar.Parts().Conflicts)
	v.bar.Settled()
	var keep *widget.Button
	uitest.Eventually(t, "a way to settle the conflict in the dialog", func() bool {
		if top := w.Canvas().Overlays().Top(); top != nil {
			keep = uitest.FindButton(top, "Accetta la versione centrale")
		}
		return keep != nil
	})
	var shown []string
	fyne.DoAndWait(func() { shown = uitest.Texts(w.Canvas().Overlays().Top()) })
	for _, s := range []string{"La tua azione", "Arrivo registrato (alle 10:05)", "Versione centrale", "Annullato",
		"La tua azione non può più essere applicata sulla versione centrale: accettala (resta nel registro che l'avevi fatta)."} {
		if !uitest.Contains(shown, s) {
			t.Errorf("conflicts dialog does not show %q; shows %q", s, shown)
		}
	}
	// Who and when: the citizen in the title, since when central has it.
	found := false
	for _, s := range shown {
		found = found || strings.Contains(s, "Così alla sede centrale già il 23/11/2026 alle 10:05")
	}
	if !found || !slices.ContainsFunc(shown, func(s string) bool { return strings.Contains(s, " · "+booked.CitizenName) }) {
		t.Errorf("conflicts dialog does not say whose slot, or since when: %q", shown)
	}
	// A check-in cannot be applied to a cancelled slot: not offered.
	fyne.DoAndWait(func() {
		if uitest.FindButton(w.Canvas().Overlays().Top(), "Riapplica la mia azione") != nil {
			t.Error("conflicts dialog offers a retry that cannot succeed")
		}
	})
	uitest.SaveArtifact(t, "conflicts.png", w.Canvas().Capture())
	test.Tap(keep)
	v.bar.Settled()
	uitest.Eventually(t, "the conflict gone after accepting central's version", func() bool { return !v.bar.Parts().Conflicts.Visible() })
	v.bar.Settled()
	if st := c.Status(ctx); st.Conflicts != 0 {
		t.Errorf("status after settling = %+v", st)
	}
}

// TestTheTrailSaysWhenTheConsoleOpenedAFileByItself: showing a day opens
// the slot under way (or the next one) by itself; its audit record says
// so, and the file the operator then picks is an appointment of theirs.
func TestTheTrailSaysWhenTheConsoleOpenedAFileByItself(t *testing.T) {
	test.NewTempApp(t)
	c := uitest.NewConsole(t)
	v, _ := showDay(t, c)
	ctx := context.Background()
	auto, ok := v.selectedEntry()
	if !ok || auto.CitizenCF == "" {
		t.Fatalf("at %s no slot was opened by itself (selected %+v)", uitest.Monday.Format("15:04"), auto)
	}
	// The openings only: a file's suggestions shown are entries of their
	// own (suggestion_shown, counted by the report).
	openings := func() ([]model.AuditEntry, error) {
		all, err := c.AuditTrail(ctx)
		var out []model.AuditEntry
		for _, e := range all {
			if e.Action == app.AuditOpenFile {
				out = append(out, e)
			}
		}
		return out, err
	}
	trail, err := openings()
	if err != nil || len(trail) != 1 {
		t.Fatalf("trail after showing the day: %+v, %v; want one opening", trail, err)
	}
	if trail[0].Reason != model.AccessAgendaAuto || trail[0].Ref != auto.ID || trail[0].CF != auto.CitizenCF {
		t.Errorf("the opening the console made: %+v; want reason %s for slot %s", trail[0], model.AccessAgendaAuto, auto.ID)
	}
	v.moveSelection(+1)
	picked, _ := v.selectedEntry()
	if picked.ID == auto.ID {
		t.Fatal("Ctrl+↓ did not move to another slot")
	}
	if trail, err = openings(); err != nil || len(trail) != 2 {
		t.Fatalf("trail after the operator's pick: %d entries, %v; want 2", len(trail), err)
	}
	for _, e := range trail {
		if e.Ref == picked.ID && e.Reason != model.AccessAppointment {
			t.Errorf("the operator's pick was recorded as %s, want %s", e.Reason, model.AccessAppointment)
		}
	}
}

// TestNextSlotWithNothingSelected: with no slot selected (the operator
// came back from another day), Ctrl+↓ goes to the next slot still to
// serve, not to the first of the day, long served at 10:05.
func TestNextSlotWithNothingSelected(t *testing.T) {
	test.NewTempApp(t)
	c := uitest.NewConsole(t)
	v, w := showDay(t, c)
	fyne.DoAndWait(func() {
		v.selected = ""
		v.list.UnselectAll()
	})
	uitest.Press(w, fyne.KeyModifierShortcutDefault, fyne.KeyDown)
	var got, want model.AgendaEntry
	fyne.DoAndWait(func() {
		got, _ = v.selectedEntry()
		if v.tl.next >= 0 {
			want = v.entries[v.tl.next]
		}
	})
	if want.ID == "" || got.ID != want.ID {
		t.Errorf("Ctrl+↓ with nothing selected chose %s at %s; want the next to serve, %s at %s",
			got.CitizenName, widgets.Clock(got.Start), want.CitizenName, widgets.Clock(want.Start))
	}
}

package reception

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"sportello/app"
	"sportello/assets/i18n"
	"sportello/export"
	"sportello/model"
	"sportello/ui/uitest"
)

// pickService selects a service of a level in the booking screen.
func pickService(t *testing.T, v *BookingView, level model.Level) model.Service {
	t.Helper()
	for i, s := range v.services {
		if s.Level == level {
			v.service.SetSelectedIndex(i)
			return s
		}
	}
	t.Fatalf("no service of level %d in %d", level, len(v.services))
	return model.Service{}
}

func TestReceptionRegistersAWalkInBooksACallBackOnlineAndPrintsTheConfirmation(t *testing.T) {
	ctx := context.Background()
	_, sb, url := uitest.CentralServer(t)
	giulia, _ := uitest.Consultant(t, url, "accoglienza", "")
	uitest.Syncing(t, giulia)
	v, w := uitest.Show(t, NewBookingView(giulia))
	if len(v.services) == 0 || len(v.office.Options) < 3 || v.office.Selected != "Agenzia complessa di Battipaglia" {
		t.Fatalf("catalogue: %d services, offices %v (selected %q)", len(v.services), v.office.Options, v.office.Selected)
	}

	// Nobody by that code: the reception records the minimum details.
	cf := model.BuildCF("Esposito", "Carmela", "F", time.Date(1990, 3, 14, 0, 0, 0, 0, model.Rome), "H703")
	uitest.TypeText(v.search, cf)
	if len(v.found) != 0 {
		t.Fatalf("a code nobody has found %d citizens", len(v.found))
	}
	v.askNewCitizen()
	f := v.form
	if f == nil || f.cf.Text != cf {
		t.Fatal("the new citizen's form did not open with the code typed")
	}
	uitest.TypeText(f.family, "Esposito")
	uitest.TypeText(f.given, "Maria")
	uitest.TypeText(f.phone, "333 765 4321")
	test.Tap(f.ok)
	if v.form == nil || !strings.Contains(f.problem.Text, "non corrisponde") {
		t.Fatalf("a name the code does not match was accepted (%q)", f.problem.Text)
	}
	f.given.SetText("")
	uitest.TypeText(f.given, "Carmela")
	test.Tap(f.ok)
	if v.form != nil || v.citizen == nil || v.citizen.CF != cf || v.phone.Text != "333 765 4321" {
		t.Fatalf("the new citizen was not chosen: %q", v.chosen.Text)
	}

	// A first-level service by phone call-back (the default), at this office.
	svc := pickService(t, v, model.LevelInformation)
	if v.selectedChannel() != model.ChannelPhone || !v.book.Disabled() {
		t.Fatal("the call-back must be the first choice, and nothing bookable before a slot")
	}
	test.Tap(v.find)
	if len(v.slots) == 0 || !strings.Contains(v.source.Text, "aggiornati dalla sede centrale") {
		t.Fatalf("free slots: %d (%q)", len(v.slots), v.source.Text)
	}
	for _, s := range v.slots {
		if s.Office != "7801" || s.Status != model.StatusFree || !s.Start.After(uitest.Monday) {
			t.Fatalf("slot offered: %+v", s)
		}
	}
	want := v.slots[0]
	v.slotList.Select(0)
	var pdf bytes.Buffer
	v.savePDF = func(name string, write func(io.Writer) error) {
		if !strings.HasSuffix(name, ".pdf") {
			t.Errorf("file name %q", name)
		}
		if err := write(&pdf); err != nil {
			t.Fatal(err)
		}
	}
	test.Tap(v.book)

	// Central booked it at once; the confirmation says what the citizen
	// must know.
	if v.shown == nil || v.shown.Booking.State != model.BookingDone {
		t.Fatalf("no confirmation after booking online: %+v (%q)", v.shown, v.problem.Text)
	}
	lines := map[string]string{}
	for _, l := range v.shown.Lines() {
		lines[l[0]] = l[1]
	}
	when := i18n.LongDate(want.Start.In(model.Rome)) + ", ore " + want.Start.In(model.Rome).Format("15:04")
	if lines["Quando"] != when || lines["Modalità"] != "Richiamata telefonica" || !strings.Contains(lines["Richiamata"], "333 765 4321") ||
		lines["Stato"] != "Confermata" || !strings.Contains(lines["Cittadino"], "Esposito Carmela") {
		t.Errorf("confirmation: %v", lines)
	}
	central, err := sb.DaySlots(ctx, "7801", want.Start)
	if err != nil {
		t.Fatal(err)
	}
	booked := false
	for _, s := range central {
		booked = booked || s.ID == want.ID && s.Status == model.StatusBooked && s.CitizenCF == cf && s.Channel == model.ChannelPhone &&
			s.Service == svc.Name && s.Phone == "333 765 4321"
	}
	if !booked {
		t.Error("central does not hold the booking")
	}
	if len(v.today) != 1 || !strings.Contains(v.bookingText(v.today[0]), "Confermata") {
		t.Errorf("today's bookings: %d", len(v.today))
	}
	if idx := indexOf(v.slots, want.ID); idx >= 0 {
		t.Error("the booked slot is still offered")
	}

	// The PDF, as saved, read back with pdftotext.
	save := uitest.FindButton(w.Canvas().Overlays().Top(), i18n.T("confirm.save_pdf"))
	if save == nil {
		t.Fatal("the confirmation has no save button")
	}
	test.Tap(save)
	if !bytes.HasPrefix(pdf.Bytes(), []byte("%PDF-")) {
		t.Fatalf("not a PDF: %d bytes", pdf.Len())
	}
	file := uitest.Artifact(t, "confirmation.pdf")
	if err := os.WriteFile(file, pdf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, file)
	for _, w := range []string{"Conferma di prenotazione", "Esposito Carmela (" + cf + ")", svc.Name, when, "Richiamata telefonica",
		"La chiameremo al numero 333 765 4321", "Confermata", want.ID, "Prenotato da Giulia Senatore", "803 164"} {
		if !strings.Contains(text, w) {
			t.Errorf("the PDF lacks %q:\n%s", w, text)
		}
	}
}

// pdfText extracts a PDF's text with pdftotext (poppler-utils).
func pdfText(t *testing.T, file string) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("SPORTELLO_REQUIRE_E2E") != "" {
			t.Fatal("pdftotext is missing: scripts/setup.sh --test installs poppler-utils")
		}
		t.Skip("pdftotext is missing")
	}
	out, err := exec.Command("pdftotext", "-layout", file, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

func indexOf(slots []model.Slot, id string) int {
	for i, s := range slots {
		if s.ID == id {
			return i
		}
	}
	return -1
}

func TestOfflineBookingOfASlotTakenMeanwhileIsRebookedOnTheNearestAlternative(t *testing.T) {
	ctx := context.Background()
	line, sb, url := uitest.CentralServer(t)
	giulia, _ := uitest.Consultant(t, url, "accoglienza", "")
	uitest.Syncing(t, giulia)
	v, _ := uitest.Show(t, NewBookingView(giulia))
	uitest.TypeText(v.search, "esposito")
	if len(v.found) == 0 {
		t.Fatal("no Esposito found")
	}
	v.results.Select(0)
	citizen := *v.citizen
	svc := pickService(t, v, model.LevelInformation)
	v.channel.SetSelected(i18n.T("channel.in_person"))

	// A colleague at another desk takes the first free slot; this
	// console has not heard of it when the line drops.
	colleague, _ := uitest.Consultant(t, url, "accoglienza", "")
	free, _, err := colleague.FreeSlots(ctx, svc, []string{"7801"})
	if err != nil || len(free) < 2 {
		t.Fatalf("free slots: %d, %v", len(free), err)
	}
	taken := free[0]
	other := model.NewCitizen{CF: model.BuildCF("Russo", "Gennaro", "M", time.Date(1958, 7, 2, 0, 0, 0, 0, model.Rome), "A717"),
		FamilyName: "Russo", GivenName: "Gennaro", Phone: "089 123456"}
	b, err := colleague.Book(ctx, model.BookingRequest{Slot: taken, New: &other, Service: svc, Channel: model.ChannelInPerson, OfficeName: "Battipaglia"})
	if err == nil {
		uitest.Syncing(t, colleague) // the colleague's console sends it with its own sync loop
		b, err = colleague.AwaitBooking(ctx, b.Key, 5*time.Second)
	}
	if err != nil || b.State != model.BookingDone {
		t.Fatalf("the colleague's booking: %+v, %v", b, err)
	}

	line.Unplug()
	test.Tap(v.find)
	if len(v.slots) == 0 || v.slots[0].ID != taken.ID || !strings.Contains(v.source.Text, "Senza collegamento") {
		t.Fatalf("offline slots: %d (%q)", len(v.slots), v.source.Text)
	}
	v.slotList.Select(0)
	test.Tap(v.book)
	if v.shown == nil || v.shown.Booking.State != model.BookingPending {
		t.Fatalf("offline, the booking must show as queued: %+v (%q)", v.shown, v.problem.Text)
	}
	key := v.shown.Booking.Key
	if e := agendaSlot(t, giulia, taken); e.Status != model.StatusBooked || e.CitizenCF != citizen.CF || !e.Pending {
		t.Errorf("the mirror after the offline booking: %+v", e)
	}

	// Back online: central refuses it; the reception is told and offered
	// the nearest free slots.
	line.Plug()
	if _, err := giulia.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	v.Reload(ctx)
	if len(v.today) != 1 || v.today[0].State != model.BookingConflict || !strings.Contains(v.bookingText(v.today[0]), "non più libero") {
		t.Fatalf("today's bookings after the sync: %+v", v.today)
	}
	if e := agendaSlot(t, giulia, taken); e.CitizenCF != other.CF || e.Pending {
		t.Errorf("the mirror after the conflict shows %+v, want the colleague's booking", e)
	}
	v.todayList.Select(0)
	if v.alt == nil || len(v.alt.slots) == 0 || v.alt.choice.Selected == "" {
		t.Fatal("no alternatives offered")
	}
	for i, s := range v.alt.slots {
		if s.ID == taken.ID || s.Office != "7801" || s.Level != svc.Level {
			t.Errorf("alternative %d: %+v", i, s)
		}
		if i > 0 && absDur(s.Start.Sub(taken.Start)) < absDur(v.alt.slots[i-1].Start.Sub(taken.Start)) {
			t.Errorf("alternatives not nearest first: %v", v.alt.slots)
		}
	}
	alt := v.alt.slots[0]
	test.Tap(v.alt.take)
	if v.shown == nil || v.shown.Booking.State != model.BookingDone || v.shown.Booking.Slot().ID != alt.ID {
		t.Fatalf("the alternative was not confirmed: %+v", v.shown)
	}
	if len(v.today) != 2 || v.today[0].State != model.BookingDone || v.today[1].State != model.BookingReplaced ||
		!strings.Contains(v.bookingText(v.today[1]), "Sostituita") {
		t.Errorf("today's bookings after the alternative: %+v", v.today)
	}
	if k, _ := giulia.Conflicts(ctx); len(k) != 0 {
		t.Errorf("%d conflicts left after taking an alternative", len(k))
	}
	// Central booked the alternative for the citizen, and applied two
	// bookings in all: the colleague's and the alternative.
	central, err := sb.DaySlots(ctx, "7801", alt.Start)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range central {
		if s.ID == alt.ID && (s.CitizenCF != citizen.CF || s.Status != model.StatusBooked || s.Channel != model.ChannelInPerson) {
			t.Errorf("central's alternative slot: %+v", s)
		}
		if s.ID == taken.ID && s.CitizenCF != other.CF {
			t.Errorf("central's taken slot changed hands: %+v", s)
		}
	}
	ledger, err := sb.Ledger(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var books []string
	for _, e := range ledger {
		if e.Action == "book" {
			books = append(books, e.EntityID)
		}
	}
	if len(books) != 2 || books[0] != taken.ID || books[1] != alt.ID {
		t.Errorf("central applied the bookings %v, want %s then %s", books, taken.ID, alt.ID)
	}
	spare := free[len(free)-1]
	if _, err := giulia.Rebook(ctx, key, spare); !errors.Is(err, model.ErrTransition) {
		t.Errorf("a settled conflict rebooked a second time: err = %v", err)
	}
}

func absDur(d time.Duration) time.Duration { return max(d, -d) }

// agendaSlot is a slot as the console's mirror has it.
func agendaSlot(t *testing.T, c *app.Console, s model.Slot) model.AgendaEntry {
	t.Helper()
	got, err := c.DayAgenda(context.Background(), s.Start)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range got {
		if e.ID == s.ID {
			return e
		}
	}
	t.Fatalf("slot %s not in the mirror", s.ID)
	return model.AgendaEntry{}
}

func TestQueueTicketIsIssuedCalledAndServedAlsoOffline(t *testing.T) {
	ctx := context.Background()
	line, sb, url := uitest.CentralServer(t)
	giulia, _ := uitest.Consultant(t, url, "accoglienza", "")
	v, w := uitest.Show(t, NewQueueView(giulia))
	seeded, err := sb.Tickets(ctx, "7801", uitest.Monday)
	if err != nil || len(seeded) == 0 {
		t.Fatalf("seeded tickets: %d, %v", len(seeded), err)
	}
	var waiting []model.Ticket
	highestC := 0
	for _, k := range seeded {
		if k.Status == model.TicketWaiting {
			waiting = append(waiting, k)
		}
		if k.Reason == model.ReasonCertificate {
			highestC = max(highestC, k.Number)
		}
	}
	if len(v.waiting) != len(waiting) {
		t.Fatalf("the queue shows %d waiting, central has %d", len(v.waiting), len(waiting))
	}

	// Offline, a ticket still comes out, numbered after the last C.
	line.Unplug()
	test.Tap(uitest.FindButton(v.content, "C · "+i18n.T("ticket.reason.certificate")))
	code := model.TicketCode(model.ReasonCertificate, highestC+1)
	if !strings.Contains(v.issued.Text, code) || len(v.waiting) != len(waiting)+1 || v.waiting[len(v.waiting)-1].Code() != code {
		t.Fatalf("issued offline: %q, %d waiting", v.issued.Text, len(v.waiting))
	}

	// The desk calls the one waiting longest, then serves them.
	test.Tap(v.next)
	first := waiting[0]
	if v.current == nil || v.current.ID != first.ID || v.calledNo.Text != first.Code() || !v.next.Disabled() {
		t.Fatalf("called %v, want %s", v.current, first.Code())
	}
	mins := int(uitest.Monday.Sub(first.IssuedAt) / time.Minute)
	if !strings.Contains(v.calledAt.Text, strconv.Itoa(mins)+" min") {
		t.Errorf("the wait shown %q, want %d min", v.calledAt.Text, mins)
	}
	test.Tap(v.served) // the wrap-up; its button serves
	test.Tap(uitest.FindButton(uitest.TopDialog(t, w, i18n.T("wrapup.confirm")), i18n.T("wrapup.confirm")))
	if v.current != nil || v.next.Disabled() || len(v.waiting) != len(waiting) {
		t.Fatalf("after serving: current %v, %d waiting", v.current, len(v.waiting))
	}

	// Back online, central has all three operations, once each.
	line.Plug()
	if _, err := giulia.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	now, err := sb.Tickets(ctx, "7801", uitest.Monday)
	if err != nil {
		t.Fatal(err)
	}
	var issued, served bool
	for _, k := range now {
		issued = issued || k.Code() == code && k.Status == model.TicketWaiting
		served = served || k.ID == first.ID && k.Status == model.TicketServed && k.Desk == "Giulia Senatore"
	}
	if !issued || !served || len(now) != len(seeded)+1 {
		t.Errorf("central: issued %v, served %v, %d tickets (was %d)", issued, served, len(now), len(seeded))
	}
	ledger, err := sb.Ledger(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ops := 0
	for _, e := range ledger {
		if strings.HasPrefix(e.Action, "ticket:") || e.Action == "issue_ticket" {
			ops++
		}
	}
	if ops != 3 {
		t.Errorf("central applied %d ticket operations, want 3", ops)
	}
}

func TestEndOfDayReportMatchesCentralsSlotsAndExportsCSV(t *testing.T) {
	ctx := context.Background()
	_, sb, url := uitest.CentralServer(t)
	giulia, _ := uitest.Consultant(t, url, "accoglienza", "")
	v, _ := uitest.Show(t, NewReportView(giulia))
	friday := model.PreviousWorkingDay(uitest.Monday)
	v.setDay(friday)

	// The figures, counted here from central's own slots of the day.
	slots, err := sb.DaySlots(ctx, "7801", friday)
	if err != nil {
		t.Fatal(err)
	}
	var booked, served, noShow, cancelled, timed int
	var serving time.Duration
	byChannel := map[model.Channel]int{}
	for _, s := range slots {
		if s.Status == model.StatusFree || s.Status == model.StatusBlocked {
			continue
		}
		booked++
		byChannel[s.Channel]++
		switch s.Status {
		case model.StatusCompleted:
			served++
			if !s.ServedFrom.IsZero() && !s.ServedTo.IsZero() {
				timed++
				serving += s.ServedTo.Sub(s.ServedFrom)
			}
		case model.StatusNoShow:
			noShow++
		case model.StatusCancelled:
			cancelled++
		}
	}
	if booked < 20 || served == 0 || timed != served {
		t.Fatalf("central's day: %d booked, %d served, %d timed", booked, served, timed)
	}
	avg := (serving / time.Duration(timed)).Round(time.Second)
	for k, want := range map[string]string{"booked": strconv.Itoa(booked), "served": strconv.Itoa(served), "no_show": strconv.Itoa(noShow),
		"cancelled": strconv.Itoa(cancelled), "open": "0", "avg_service": minutesText(avg)} {
		if got := v.tiles[k].Text; got != want {
			t.Errorf("%s: the report shows %s, central's slots give %s", k, got, want)
		}
	}
	if len(v.report.ByChannel) != len(byChannel) {
		t.Errorf("channels: %d rows, want %d", len(v.report.ByChannel), len(byChannel))
	}
	for _, r := range v.report.ByChannel {
		if r.Booked != byChannel[model.Channel(r.Key)] {
			t.Errorf("channel %s: %d, want %d", r.Key, r.Booked, byChannel[model.Channel(r.Key)])
		}
	}
	if len(v.scope.Options) != 3 { // the office, and its two desks
		t.Errorf("scopes: %v", v.scope.Options)
	}

	// The CSV, as exported.
	var data []byte
	v.saveCSV = func(name string, b []byte) {
		if name != "resoconto-"+friday.Format("2006-01-02")+".csv" {
			t.Errorf("file name %q", name)
		}
		data = b
	}
	test.Tap(uitest.FindButton(v.content, i18n.T("report.export")))
	if err := os.WriteFile(uitest.Artifact(t, "report.csv"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	r.Comma, r.FieldsPerRecord = ';', -1
	recs, err := r.ReadAll()
	if err != nil || len(recs) < 3 {
		t.Fatalf("csv: %d records, %v", len(recs), err)
	}
	total := recs[1]
	if recs[0][4] != "Prenotati" || total[2] != "Totale" || total[4] != strconv.Itoa(booked) || total[5] != strconv.Itoa(served) ||
		total[6] != strconv.Itoa(noShow) || total[7] != strconv.Itoa(cancelled) || total[9] != export.CSVMinutes(avg) {
		t.Errorf("csv header %v, total %v", recs[0], total)
	}

	// Today's queue tickets, against central's.
	v.setDay(uitest.Monday)
	tickets, err := sb.Tickets(ctx, "7801", uitest.Monday)
	if err != nil {
		t.Fatal(err)
	}
	servedTickets := 0
	for _, k := range tickets {
		if k.Status == model.TicketServed {
			servedTickets++
		}
	}
	if v.report.Tickets.Issued != len(tickets) || v.report.Tickets.Served != servedTickets ||
		!strings.Contains(v.tickets.Text, "Biglietti emessi: "+strconv.Itoa(len(tickets))) {
		t.Errorf("tickets: %+v (%q), central has %d issued, %d served", v.report.Tickets, v.tickets.Text, len(tickets), servedTickets)
	}
}

package client_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"sportello/client"
	"sportello/client/contracttest"
	"sportello/client/sandbox"
	"sportello/model"
)

// clock is a settable sandbox clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// monday is a working Monday morning in Rome, during opening hours.
var monday = time.Date(2026, time.November, 23, 10, 5, 0, 0, model.Rome)

// keeper is a client.Keeper in memory that records what it kept. The
// client's own tests need no more: the OS keyring and the file lock of the
// real keeper are app's, tested there with a real Secret Service.
type keeper struct {
	lock sync.Mutex // serialises refreshes, as the file lock does
	mu   sync.Mutex
	kept []client.Tokens
	held string // what Load returns: the last kept, or set by the test
}

func (k *keeper) Lock(context.Context) (func(), error) { k.lock.Lock(); return k.lock.Unlock, nil }
func (k *keeper) Load() (string, error)                { k.mu.Lock(); defer k.mu.Unlock(); return k.held, nil }
func (k *keeper) Keep(t client.Tokens) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.kept, k.held = append(k.kept, t), t.Refresh
	return nil
}

// refreshes returns the tokens kept so far.
func (k *keeper) refreshes() []client.Tokens {
	k.mu.Lock()
	defer k.mu.Unlock()
	return append([]client.Tokens(nil), k.kept...)
}

// fast makes retries quick in tests.
var fast = client.Config{Backoff: time.Millisecond}

// startSandbox serves a seeded sandbox over real loopback HTTP, behind the
// contract validator.
func startSandbox(t testing.TB, seed int64, clk *clock) (*sandbox.Sandbox, *httptest.Server, *contracttest.Validator) {
	t.Helper()
	sb, err := sandbox.New(sandbox.Options{Seed: seed, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	v, err := contracttest.New(sb)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(v)
	t.Cleanup(srv.Close)
	return sb, srv, v
}

func login(t testing.TB, url, op string) *client.Client {
	t.Helper()
	c, err := client.New(url, fast)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Login(context.Background(), op, op); err != nil {
		t.Fatalf("login %s: %v", op, err)
	}
	return c
}

func checkContract(t *testing.T, v *contracttest.Validator) {
	t.Helper()
	for _, viol := range v.Violations() {
		t.Errorf("contract violation: %s", viol)
	}
}

// futureFree returns a free slot of the agenda that starts after now.
func futureFree(t *testing.T, slots []model.Slot, now time.Time) model.Slot {
	t.Helper()
	for _, s := range slots {
		if s.Status == model.StatusFree && s.Start.After(now) {
			return s
		}
	}
	t.Fatal("no free future slot")
	return model.Slot{}
}

func TestEveryOperationFollowsTheContract(t *testing.T) {
	clk := &clock{t: monday}
	sb, srv, v := startSandbox(t, 11, clk)
	ctx := context.Background()
	demo := login(t, srv.URL, "demo")
	cric := login(t, srv.URL, "cric")
	cric2 := login(t, srv.URL, "cric2")
	reception := login(t, srv.URL, "accoglienza")

	if me, err := cric.Me(ctx); err != nil || me.Roles[0] != model.RoleCRIC {
		t.Errorf("cric operator: %+v, %v", me, err)
	}
	offices, err := demo.Offices(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var punto model.Office
	for _, o := range offices {
		if o.Kind == "punto_inps" {
			punto = o
		}
	}
	if len(offices) < 9 || punto.Code == "" || len(punto.Hours) != 4 || len(punto.Desks) != 1 {
		t.Errorf("offices %d, Punto INPS %+v: want the province's offices, a Punto INPS open two days", len(offices), punto)
	}
	services, err := demo.Services(ctx)
	if err != nil || len(services) < 10 {
		t.Fatalf("services %d, %v", len(services), err)
	}

	// Slot events: the booked slot that comes next goes through its life.
	slots, err := demo.Agenda(ctx, monday, monday)
	if err != nil {
		t.Fatal(err)
	}
	checkVisits(t, demo, slots)
	var next model.Slot
	for _, s := range slots {
		if s.Status == model.StatusBooked && s.Start.After(monday) {
			next = s
			break
		}
	}
	key := client.NewIdempotencyKey()
	s1, err := demo.RecordSlotEvent(ctx, key, next.ID, client.SlotEvent{Type: model.EventCheckIn, Version: next.Version})
	if err != nil || s1.Status != model.StatusCheckedIn || s1.Version != next.Version+1 {
		t.Fatalf("check-in: %+v, %v", s1, err)
	}
	// The same key again: the first answer, nothing applied twice.
	again, err := demo.RecordSlotEvent(ctx, key, next.ID, client.SlotEvent{Type: model.EventCheckIn, Version: next.Version})
	if err != nil || !reflect.DeepEqual(again, s1) {
		t.Errorf("repeated key: %+v, %v; want the first answer %+v", again, err, s1)
	}
	// A stale version: conflict, with the slot as it is now.
	_, err = demo.RecordSlotEvent(ctx, "", next.ID, client.SlotEvent{Type: model.EventNoShow, Version: next.Version})
	var apiErr *client.APIError
	if !errors.Is(err, client.ErrConflict) || !errors.As(err, &apiErr) || apiErr.Central == nil || apiErr.Central.(model.Slot).Version != s1.Version {
		t.Errorf("stale version: err = %v, want ErrConflict with the current slot", err)
	}
	// A transition the status does not allow.
	if _, err := demo.RecordSlotEvent(ctx, "", next.ID, client.SlotEvent{Type: model.EventComplete, Version: s1.Version, Outcome: model.OutcomeResolved}); !errors.Is(err, client.ErrConflict) {
		t.Errorf("complete before start: err = %v, want ErrConflict", err)
	}
	s2, err := demo.RecordSlotEvent(ctx, "", next.ID, client.SlotEvent{Type: model.EventStart, Version: s1.Version})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.RecordSlotEvent(ctx, "", next.ID, client.SlotEvent{Type: model.EventComplete, Version: s2.Version}); !errors.Is(err, client.ErrRejected) {
		t.Errorf("complete without outcome: err = %v, want ErrRejected", err)
	}
	done, err := demo.RecordSlotEvent(ctx, "", next.ID, client.SlotEvent{Type: model.EventComplete, Version: s2.Version,
		Outcome: model.OutcomeFollowUp, Note: "Manca il modello SR163"})
	if err != nil || done.Status != model.StatusCompleted || done.Outcome != model.OutcomeFollowUp {
		t.Fatalf("complete: %+v, %v", done, err)
	}

	// The caller's file now shows the contact, handled by the operator.
	file, err := demo.Citizen(ctx, next.CitizenCF, "")
	if err != nil {
		t.Fatal(err)
	}
	if h := file.Citizen.History; len(h) == 0 || h[0].OperatorID != "demo" || h[0].Note != "Manca il modello SR163" {
		t.Errorf("history after completion: %+v", h)
	}
	note, err := demo.AddNote(ctx, "", next.CitizenCF, "Richiamare per l'esito della domanda.")
	if err != nil || note.Author != "Anna Lombardi" {
		t.Fatalf("note: %+v, %v", note, err)
	}
	changed, err := demo.Citizen(ctx, next.CitizenCF, file.ETag)
	if err != nil || changed.NotModified || changed.Citizen.Notes[0].ID != note.ID {
		t.Errorf("file after a note, with the old ETag: %+v, %v; want the new file", changed.NotModified, err)
	}
	// The same in one batch, each file with its own ETag.
	batch, err := demo.CitizenFiles(ctx, []client.FileWanted{{CF: next.CitizenCF, ETag: file.ETag},
		{CF: next.CitizenCF, ETag: changed.ETag}, {CF: "RSSMRA85T10A562S"}})
	if err != nil || len(batch) != 3 || batch[0].NotModified || batch[0].ETag != changed.ETag || batch[0].Citizen.Notes[0].ID != note.ID ||
		!batch[1].NotModified || batch[1].ETag != changed.ETag || !batch[2].NotFound {
		t.Errorf("batch of files: %+v, %v; want the new file, not modified, not found", batch, err)
	}

	found, err := demo.SearchCitizens(ctx, file.Citizen.FamilyName[:3])
	if err != nil || len(found) == 0 {
		t.Errorf("search by surname prefix: %d, %v", len(found), err)
	}
	byCF, err := demo.SearchCitizens(ctx, strings.ToLower(next.CitizenCF))
	if err != nil || len(byCF) != 1 || byCF[0].CF != next.CitizenCF {
		t.Errorf("search by codice fiscale: %+v, %v", byCF, err)
	}

	// Schede: claim, conflict with the holder, answer, forward, convert.
	if _, err := demo.Schede(ctx, "", ""); !errors.Is(err, client.ErrUnauthorized) {
		t.Errorf("schede for a sportello operator: err = %v, want ErrUnauthorized (forbidden)", err)
	}
	if mods, err := cric.Modules(ctx, ""); err != nil || len(mods.Modules) == 0 {
		t.Errorf("text modules: %+v, %v", mods, err)
	}
	fresh, err := cric.Schede(ctx, model.SectionPensioni, model.SchedaNew)
	if err != nil || len(fresh) < 3 {
		t.Fatalf("new pensioni schede: %d, %v", len(fresh), err)
	}
	for _, sc := range fresh {
		if sc.Section != model.SectionPensioni || sc.Status != model.SchedaNew {
			t.Errorf("filter: got %s/%s", sc.Section, sc.Status)
		}
	}
	mine, err := cric.ClaimScheda(ctx, "", fresh[0].ID, fresh[0].Version)
	if err != nil || mine.HolderID != "cric" || mine.Status != model.SchedaInCharge {
		t.Fatalf("claim: %+v, %v", mine, err)
	}
	_, err = cric2.ClaimScheda(ctx, "", fresh[0].ID, mine.Version)
	if !errors.Is(err, client.ErrConflict) || !errors.As(err, &apiErr) || apiErr.Code != "held" || apiErr.Central == nil || apiErr.Central.(model.Scheda).HolderName != "Marco Santoro" {
		t.Errorf("claim of a held scheda: err = %v, want held with the holder", err)
	}
	answered, err := cric.AnswerScheda(ctx, "", mine.ID, mine.Version, "Gentile utente, sì: con 41 anni di contributi da lavoratore precoce può accedere.")
	if err != nil || answered.Status != model.SchedaAnswered || answered.AnsweredAt.IsZero() {
		t.Errorf("answer: %+v, %v", answered, err)
	}
	f2, _ := cric.ClaimScheda(ctx, "", fresh[1].ID, fresh[1].Version)
	fw, err := cric.ForwardScheda(ctx, "", f2.ID, f2.Version, "0013", "Periodi esteri da verificare con la Direzione centrale.")
	if err != nil || fw.Status != model.SchedaForwarded || !strings.Contains(fw.ForwardedTo, "Pensioni") {
		t.Errorf("forward: %+v, %v", fw, err)
	}
	f3, _ := cric.ClaimScheda(ctx, "", fresh[2].ID, fresh[2].Version)
	waiting, err := cric.RequestInfo(ctx, "", f3.ID, f3.Version, "Ci invii le buste paga del 1985.")
	if err != nil || waiting.Status != model.SchedaWaiting || waiting.InfoRequest == "" || waiting.HolderID != "cric" {
		t.Errorf("request info: %+v, %v", waiting, err)
	}
	if _, err := cric2.AnswerScheda(ctx, "", f3.ID, waiting.Version, "Risposta"); !errors.As(err, &apiErr) || apiErr.Code != "held" {
		t.Errorf("a colleague answering a scheda waiting with its holder: err = %v, want held", err)
	}
	f3 = waiting
	free, err := cric.Availability(ctx, "7800", "consulenza_pensione", monday, monday.AddDate(0, 0, 14))
	if err != nil || len(free) == 0 {
		t.Fatalf("availability: %d, %v", len(free), err)
	}
	for _, s := range free {
		if s.Status != model.StatusFree || s.Level != model.LevelConsulenza || !s.Start.After(monday) {
			t.Errorf("availability gave %s (%s, level %d)", s.ID, s.Status, s.Level)
		}
	}
	conv, err := cric.ConvertScheda(ctx, "", f3.ID, f3.Version, free[0].ID, model.ChannelWebMeeting)
	if err != nil || conv.Scheda.Status != model.SchedaConverted || conv.Slot.CitizenCF != f3.CitizenCF || conv.Slot.MeetingURL == "" {
		t.Errorf("convert: %+v, %v", conv, err)
	}
	// A consultant sees only the sections they work in.
	foreign, err := cric.Schede(ctx, model.SectionReddito, "")
	if err != nil || len(foreign) != 0 {
		t.Errorf("schede of a section not the consultant's: %d, %v", len(foreign), err)
	}

	// Booking for a walk-in citizen; the slot taken is then a conflict.
	firstFree, err := reception.Availability(ctx, "7801", "estratto_conto", monday, monday.AddDate(0, 0, 7))
	if err != nil || len(firstFree) == 0 {
		t.Fatalf("availability at Battipaglia: %d, %v", len(firstFree), err)
	}
	booked, err := reception.Book(ctx, "", client.Booking{SlotID: firstFree[0].ID, CitizenCF: next.CitizenCF,
		Service: "estratto_conto", Channel: model.ChannelPhone})
	if err != nil || booked.Status != model.StatusBooked || booked.Phone == "" || booked.Service != "Estratto conto contributivo" {
		t.Fatalf("book: %+v, %v", booked, err)
	}
	_, err = reception.Book(ctx, "", client.Booking{SlotID: firstFree[0].ID, CitizenCF: next.CitizenCF,
		Service: "estratto_conto", Channel: model.ChannelInPerson})
	if !errors.Is(err, client.ErrConflict) || !errors.As(err, &apiErr) || apiErr.Central == nil || apiErr.Central.(model.Slot).Status != model.StatusBooked {
		t.Errorf("book a taken slot: err = %v, want ErrConflict with the slot", err)
	}

	// A walk-in citizen the institute does not know: registered once,
	// the second registration answers the same file; then booked.
	newcomer := model.NewCitizen{CF: model.BuildCF("Esposito", "Carmela", "F", time.Date(1990, 3, 14, 0, 0, 0, 0, model.Rome), "H703"),
		GivenName: "Carmela", FamilyName: "Esposito", Phone: "+39 333 1234567", Email: "carmela.esposito@example.it"}
	reg, created, err := reception.RegisterCitizen(ctx, "", newcomer)
	if err != nil || !created || reg.Sex != "F" || reg.BirthDate.Year() != 1990 || reg.BirthPlace != "Salerno" || len(reg.Contacts) != 2 {
		t.Fatalf("register: %+v created %v, %v", reg, created, err)
	}
	if again, created, err := reception.RegisterCitizen(ctx, "", newcomer); err != nil || created || again.Version != reg.Version {
		t.Errorf("register again: created %v, %v", created, err)
	}
	wrongName := newcomer
	wrongName.GivenName = "Maria"
	if _, _, err := reception.RegisterCitizen(ctx, "", wrongName); !errors.Is(err, client.ErrRejected) || !errors.Is(err, model.ErrCFName) {
		t.Errorf("register with a name the codice fiscale does not match: err = %v", err)
	}
	if _, err := reception.Book(ctx, "", client.Booking{SlotID: firstFree[1].ID, CitizenCF: newcomer.CF, Service: "estratto_conto",
		Channel: model.ChannelPhone}); err != nil {
		t.Errorf("book for the registered citizen: %v", err)
	}

	// Queue tickets: the number the console proposes is kept when free;
	// a taken one gets the next; a stale call is a conflict.
	issued := time.Now()
	t1, err := reception.IssueTicket(ctx, "", model.Ticket{ID: "tk-0001-test", Reason: model.ReasonCertificate, Number: 500, IssuedAt: issued})
	if err != nil || t1.Number != 500 || t1.Status != model.TicketWaiting || t1.Office != "7801" || t1.Code() != "C500" {
		t.Fatalf("issue: %+v, %v", t1, err)
	}
	t2, err := reception.IssueTicket(ctx, "", model.Ticket{ID: "tk-0002-test", Reason: model.ReasonCertificate, Number: 500, IssuedAt: issued})
	if err != nil || t2.Number != 501 {
		t.Errorf("issue a number already given: %+v, %v; want 501", t2, err)
	}
	called, err := reception.TicketEvent(ctx, "", t1.ID, model.TicketCall, t1.Version, issued.Add(5*time.Minute), "Accoglienza 1")
	if err != nil || called.Status != model.TicketCalled || called.Desk != "Accoglienza 1" || called.CalledAt.IsZero() {
		t.Errorf("call: %+v, %v", called, err)
	}
	if _, err := reception.TicketEvent(ctx, "", t1.ID, model.TicketServe, t1.Version, issued, ""); !errors.Is(err, client.ErrConflict) ||
		!errors.As(err, &apiErr) || apiErr.Central == nil || apiErr.Central.(model.Ticket).Status != model.TicketCalled {
		t.Errorf("serve with a stale version: err = %v, want a conflict with the ticket", err)
	}
	serve := model.TicketAction{TicketID: t1.ID, Op: model.TicketServe, Version: called.Version, At: issued.Add(9 * time.Minute),
		Outcome: "not_in_the_catalogue", Note: "Manca il modello AP70"}
	if _, err := reception.TicketAction(ctx, "", serve); !errors.Is(err, client.ErrRejected) || !errors.As(err, &apiErr) ||
		apiErr.Status != http.StatusUnprocessableEntity {
		t.Errorf("serve with an outcome not in the catalogue: err = %v, want 422", err)
	}
	serve.Outcome, serve.Services, serve.NotRepresentative = model.OutcomeDocumentRequested, []string{"estratto_conto"}, true
	if served, err := reception.TicketAction(ctx, "", serve); err != nil ||
		served.Status != model.TicketServed || served.DoneAt.Sub(served.CalledAt) != 4*time.Minute ||
		served.Outcome != model.OutcomeDocumentRequested || !slices.Equal(served.Services, []string{"Estratto conto contributivo"}) ||
		served.Note != "Manca il modello AP70" || !served.NotRepresentative {
		t.Errorf("serve with its wrap-up: %+v, %v", served, err)
	}
	if _, err := demo.IssueTicket(ctx, "", model.Ticket{ID: "tk-0003-test", Reason: model.ReasonBooking, Number: 1, IssuedAt: issued}); !errors.Is(err, client.ErrUnauthorized) {
		t.Errorf("a desk operator issuing a ticket: err = %v, want refused", err)
	}
	feed, err := reception.Changes(ctx, "", 1000)
	if err != nil {
		t.Fatal(err)
	}
	sawTicket := false
	for feed.HasMore || !sawTicket {
		for _, ch := range feed.Changes {
			tk, ok := ch.Entity.(model.Ticket)
			sawTicket = sawTicket || ok && tk.ID == t1.ID && tk.Status == model.TicketServed && tk.Outcome == model.OutcomeDocumentRequested
		}
		if !feed.HasMore {
			break
		}
		if feed, err = reception.Changes(ctx, feed.Cursor, 1000); err != nil {
			t.Fatal(err)
		}
	}
	if !sawTicket {
		t.Error("the reception's changes feed lacks its served ticket")
	}

	// The changes feed, by delta.
	page, err := demo.Changes(ctx, "", 1000)
	if err != nil {
		t.Fatal(err)
	}
	cursor := page.Cursor
	for page.HasMore {
		if page, err = demo.Changes(ctx, cursor, 1000); err != nil {
			t.Fatal(err)
		}
		cursor = page.Cursor
	}
	if _, err := demo.RecordSlotEvent(ctx, "", next.ID, client.SlotEvent{Type: model.EventNoShow, Version: done.Version}); !errors.Is(err, client.ErrConflict) {
		t.Errorf("no-show of a completed slot: err = %v, want ErrConflict", err)
	}
	other := futureFree(t, slots, monday)
	if _, err := reception.Book(ctx, "", client.Booking{SlotID: other.ID, CitizenCF: next.CitizenCF, Service: "cu", Channel: model.ChannelInPerson}); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.AddNote(ctx, "", next.CitizenCF, "Seconda nota."); err != nil {
		t.Fatal(err)
	}
	delta, err := demo.Changes(ctx, cursor, 0)
	if err != nil {
		t.Fatal(err)
	}
	var sawSlot, sawCitizen bool
	for _, ch := range delta.Changes {
		sl, ok := ch.Entity.(model.Slot)
		sawSlot = sawSlot || (ok && sl.ID == other.ID && sl.Status == model.StatusBooked)
		sawCitizen = sawCitizen || ch.StaleCitizen == next.CitizenCF
	}
	if !sawSlot || !sawCitizen || delta.HasMore {
		t.Errorf("delta after a booking and a note: %d changes, slot %v, citizen %v", len(delta.Changes), sawSlot, sawCitizen)
	}
	idle, err := demo.Changes(ctx, delta.Cursor, 0)
	if err != nil || len(idle.Changes) != 0 || idle.Cursor != delta.Cursor {
		t.Errorf("nothing changed: %+v, %v", idle, err)
	}

	// Audit: a batch sent twice is counted once.
	events := []client.AuditEvent{{ID: "aud-0001-demo", OperatorID: "demo", Action: "open_file", CitizenCF: next.CitizenCF, Reason: "appointment", At: monday},
		{ID: "aud-0002-demo", OperatorID: "demo", Action: "open_file", CitizenCF: next.CitizenCF, Reason: "appointment", At: monday.Add(-time.Hour), Offline: true},
		// An action on no citizen: a queue ticket called.
		{ID: "aud-0004-demo", OperatorID: "demo", Action: "ticket_call", Reason: "queue", Ref: "T-1", At: monday}}
	acc, dup, err := demo.Audit(ctx, events)
	if err != nil || acc != 3 || dup != 0 {
		t.Errorf("audit: %d accepted %d duplicates, %v", acc, dup, err)
	}
	if acc, dup, err = demo.Audit(ctx, events); err != nil || acc != 0 || dup != 3 {
		t.Errorf("audit again: %d accepted %d duplicates, %v; want 0 and 3", acc, dup, err)
	}
	if n, _ := sb.AuditCount(ctx); n != 3 {
		t.Errorf("sandbox holds %d audit events, want 3", n)
	}
	if _, _, err := demo.Audit(ctx, []client.AuditEvent{{ID: "aud-0003-x", OperatorID: "cric", Action: "open_file", CitizenCF: next.CitizenCF, Reason: "appointment", At: monday}}); !errors.Is(err, client.ErrUnauthorized) {
		t.Errorf("audit for another operator: err = %v, want refused", err)
	}

	// The console versions: none published, then some, in the answer and
	// in the changes feed's headers; asked without a session.
	anon, _ := client.New(srv.URL, fast)
	if vs, err := anon.ConsoleVersions(ctx); err != nil || vs != (client.ConsoleVersions{}) {
		t.Errorf("console versions, none published: %+v, %v", vs, err)
	}
	sb.SetVersions(sandbox.Versions{Latest: "0.9.1", Minimum: "0.8.0", Info: "Software Center > Sportello"})
	if vs, err := anon.ConsoleVersions(ctx); err != nil || vs != (client.ConsoleVersions{Latest: "0.9.1", Minimum: "0.8.0", Info: "Software Center > Sportello"}) {
		t.Errorf("console versions: %+v, %v", vs, err)
	}
	if page, err := demo.Changes(ctx, delta.Cursor, 0); err != nil || page.Console != (client.ConsoleVersions{Latest: "0.9.1", Minimum: "0.8.0"}) {
		t.Errorf("changes feed's versions: %+v, %v", page.Console, err)
	}

	if err := demo.Revoke(ctx); err != nil {
		t.Fatal(err)
	}
	if err := cric.Refresh(ctx); err != nil {
		t.Fatal(err)
	}

	exerciseSLA(t, clk, cric, cric2)
	exerciseDesks(t, srv.URL)
	exerciseCapacity(t, srv.URL)
	exerciseSuggestions(t, ctx, login(t, srv.URL, "demo"))
	checkContract(t, v)
	ops, err := contracttest.Operations()
	if err != nil {
		t.Fatal(err)
	}
	seen := v.Seen()
	for _, op := range ops {
		if seen[op] == 0 {
			t.Errorf("operation %s never validated", op)
		}
	}
}

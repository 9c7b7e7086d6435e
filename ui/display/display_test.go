package display

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"sportello/app"
	"sportello/assets/i18n"
	"sportello/internal/testkit/consolekit"
	"sportello/model"
	"sportello/ui/uitest"
)

// The display shows the tickets called and their desks, the last call
// first, chimes once for each new call (not for what it finds on
// opening), and shows nothing else of a citizen: every text on it is a
// heading, the clock, a ticket number or a desk.
func TestDisplayShowsCallsAndNothingPersonal(t *testing.T) {
	test.NewTempApp(t)
	ctx := context.Background()
	_, _, url := uitest.CentralServer(t)
	// The clock moves on a minute at each reading, as calls do.
	var minutes atomic.Int64
	now := func() time.Time { return uitest.Monday.Add(time.Duration(minutes.Add(1)) * time.Minute) }
	giulia := consolekit.LoggedIn(t, url, "accoglienza", app.Options{DataDir: t.TempDir(), Server: url, Now: now})
	me, err := giulia.Operator(ctx)
	if err != nil {
		t.Fatal(err)
	}
	d := New(giulia)
	chimes := 0
	d.chime = func() { chimes++ }
	w := test.NewWindow(d.Content())
	t.Cleanup(w.Close)

	for range 3 {
		if _, err := giulia.IssueTicket(ctx, model.ReasonInformation); err != nil {
			t.Fatal(err)
		}
	}
	first, err := giulia.CallNext(ctx)
	if err != nil {
		t.Fatal(err)
	}
	d.Reload(ctx)
	if chimes != 0 {
		t.Errorf("%d chimes on opening, want none", chimes)
	}
	if _, err := giulia.TicketOp(ctx, first.ID, model.TicketServe); err != nil {
		t.Fatal(err)
	}
	second, err := giulia.CallNext(ctx)
	if err != nil {
		t.Fatal(err)
	}
	d.Reload(ctx)
	d.Reload(ctx) // nothing new: no second chime
	if chimes != 1 {
		t.Errorf("%d chimes after one new call, want 1", chimes)
	}
	var texts []string
	fyne.DoAndWait(func() { texts = d.board.Texts() })
	// Giulia receives at the reception, without a desk: her tickets carry
	// her name, the display says "Accoglienza".
	reception := i18n.T("display.reception")
	if d.board.lastNo.Text != second.Code() || d.board.lastDesk.Text != reception || second.Desk != me.Name {
		t.Errorf("last call shown %s at %s, want %s at %s (%s)", d.board.lastNo.Text, d.board.lastDesk.Text, second.Code(), reception, second.Desk)
	}
	if d.board.prevNo[0].Text != first.Code() || d.board.prevDesk[0].Text != reception {
		t.Errorf("previous call shown %s at %s, want %s at %s", d.board.prevNo[0].Text, d.board.prevDesk[0].Text, first.Code(), reception)
	}
	if want := now().Add(-time.Minute).Format("15:04"); d.board.clock.Text != want {
		t.Errorf("clock %q, want the console's %s", d.board.clock.Text, want)
	}

	q, err := giulia.Queue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	desks, err := giulia.ReportDesks(ctx, uitest.Monday)
	if err != nil || len(desks) == 0 {
		t.Fatalf("desks %v, %v", desks, err)
	}
	allowed := append([]string{i18n.T("display.title"), i18n.T("display.number"), i18n.T("display.desk"), d.board.clock.Text, reception}, desks...)
	for _, e := range q {
		allowed = append(allowed, e.Code())
	}
	cf := regexp.MustCompile(`[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z]`)
	for _, s := range texts {
		if !slices.Contains(allowed, s) || cf.MatchString(s) {
			t.Errorf("the display shows %q, which is neither a heading, the clock, a number nor a desk", s)
		}
	}
	for _, size := range []fyne.Size{{Width: 1366, Height: 768}, {Width: 1920, Height: 1080}} {
		w.Resize(size)
		uitest.SaveArtifact(t, fmt.Sprintf("display-%.0fx%.0f.png", size.Width, size.Height), w.Canvas().Capture())
	}
}

// The chime is a well-formed WAV: mono, 16 bits, its sizes those of its
// samples.
func TestChimeIsAWAV(t *testing.T) {
	b := chimeWAV()
	if string(b[:4]) != "RIFF" || string(b[8:16]) != "WAVEfmt " || string(b[36:40]) != "data" {
		t.Fatalf("header %q", b[:44])
	}
	le := func(i int) int { return int(b[i]) | int(b[i+1])<<8 | int(b[i+2])<<16 | int(b[i+3])<<24 }
	if le(4) != len(b)-8 || le(40) != len(b)-44 || le(24) != chimeRate {
		t.Errorf("sizes: riff %d data %d rate %d for %d bytes", le(4), le(40), le(24), len(b))
	}
}

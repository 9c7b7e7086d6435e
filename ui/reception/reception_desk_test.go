package reception

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sportello/assets/i18n"
	"sportello/model"
	"sportello/ui/uitest"
)

func TestIssuedTicketNumberIsShownLarge(t *testing.T) {
	_, _, url := uitest.CentralServer(t)
	giulia, _ := uitest.Consultant(t, url, "accoglienza", "")
	v, w := uitest.Show(t, NewQueueView(giulia))
	test.Tap(uitest.FindButton(v.content, "A · "+i18n.T("ticket.reason.information")))
	code := ""
	for _, e := range v.waiting {
		if e.Reason == model.ReasonInformation {
			code = e.Code()
		}
	}
	if code == "" {
		t.Fatal("no ticket issued")
	}
	large := false
	for _, l := range uitest.All[*widget.Label](w.Content()) {
		if l.Text == code && l.SizeName == theme.SizeNameHeadingText {
			large = true
		}
	}
	if !large {
		t.Errorf("ticket %s is not shown as a heading-size number (%q)", code, v.issued.Text)
	}
}

func TestNewCitizenProblemFollowsTheCodeKeyByKey(t *testing.T) {
	_, _, url := uitest.CentralServer(t)
	giulia, _ := uitest.Consultant(t, url, "accoglienza", "")
	v, _ := uitest.Show(t, NewBookingView(giulia))
	cf := model.BuildCF("Esposito", "Carmela", "F", time.Date(1990, 3, 14, 0, 0, 0, 0, model.Rome), "H703")
	v.askNewCitizen()
	f := v.form
	uitest.TypeText(f.cf, cf[:15]) // one key short
	uitest.TypeText(f.family, "Esposito")
	uitest.TypeText(f.given, "Carmela")
	uitest.TypeText(f.phone, "333 765 4321")
	test.Tap(f.ok)
	if v.form == nil || !strings.Contains(f.problem.Text, "16 caratteri") {
		t.Fatalf("a 15-character code was accepted (%q)", f.problem.Text)
	}
	// The missing key: the code is right, the message goes.
	uitest.TypeText(f.cf, cf[15:])
	if f.problem.Text != "" {
		t.Errorf("after fixing the code (%q) the form still says %q", f.cf.Text, f.problem.Text)
	}
	// One key too many, then Backspace: the message follows each key.
	uitest.TypeText(f.cf, "X")
	if !strings.Contains(f.problem.Text, "16 caratteri") {
		t.Errorf("17 characters: %q", f.problem.Text)
	}
	fyne.DoAndWait(func() { f.cf.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace}) })
	if f.cf.Text != cf || f.problem.Text != "" {
		t.Errorf("after Backspace (%q) the form still says %q", f.cf.Text, f.problem.Text)
	}
	// A name the code does not match is said as it is typed, and goes
	// when it is put right.
	for range 4 {
		fyne.DoAndWait(func() { f.given.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace}) })
	}
	if !strings.Contains(f.problem.Text, "non corrisponde") {
		t.Errorf("given name %q: %q", f.given.Text, f.problem.Text)
	}
	uitest.TypeText(f.given, "mela")
	if f.problem.Text != "" {
		t.Errorf("the name put right, the form still says %q", f.problem.Text)
	}
	test.Tap(f.ok)
	if v.form != nil || v.citizen == nil || v.citizen.CF != cf {
		t.Fatalf("the citizen was not chosen: %q", f.problem.Text)
	}
}

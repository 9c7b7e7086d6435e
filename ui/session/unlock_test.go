package session

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sportello/app"
	"sportello/assets/i18n"
	"sportello/ui/uitest"
)

// TestLockScreenAsksCentralAfterFiveWrongPasswords: the lock screen says
// how many wrong passwords it still takes offline; after the fifth even
// the right one does not open offline, locking again does not reset the
// count, and the password is checked with central (here the embedded
// sandbox, which knows the demo password as central knows the real ones).
func TestLockScreenAsksCentralAfterFiveWrongPasswords(t *testing.T) {
	c := uitest.NewConsole(t)
	w := test.NewWindow(nil)
	defer w.Close()
	w.Resize(fyne.NewSize(1000, 700))
	l := NewIdleLock(w, c, func() *fyne.MainMenu { return nil })
	l.SetContent(widget.NewLabel("Fascicolo di Rossi Mario"))
	l.LockNow()
	if l.unlock.Text != "Sblocca" || l.msg.Visible() {
		t.Errorf("lock screen at first: button %q, message %q shown %v", l.unlock.Text, l.msg.Text, l.msg.Visible())
	}
	wrong := func() {
		l.password.SetText("sbagliata")
		l.tryUnlock()
	}
	for _, want := range []string{
		"Password non corretta: restano 4 tentativi.",
		"Password non corretta: restano 3 tentativi.",
		"Password non corretta: restano 2 tentativi.",
		"Password non corretta: resta un solo tentativo, poi la sessione andrà confermata con il server centrale.",
	} {
		wrong()
		if !l.locked || !l.msg.Visible() || l.msg.Text != want {
			t.Errorf("wrong password: locked %v, message %q, want %q", l.locked, l.msg.Text, want)
		}
	}
	wrong() // the fifth
	tooMany := i18n.T("lock.too_many")
	if !strings.Contains(tooMany, "confermata con il server centrale") || !strings.Contains(tooMany, "verificata in linea") {
		t.Errorf("the message after the fifth wrong password does not say what happens: %q", tooMany)
	}
	if !l.locked || l.msg.Text != tooMany || l.unlock.Text != "Conferma con il server centrale" {
		t.Errorf("after five wrong passwords: locked %v, message %q, button %q", l.locked, l.msg.Text, l.unlock.Text)
	}
	if err := c.Unlock(context.Background(), "demo"); !errors.Is(err, app.ErrTooManyAttempts) {
		t.Errorf("unlock offline with the right password after five wrong ones: %v, want ErrTooManyAttempts", err)
	}

	// Locking again does not start the count again: a new lock screen on
	// the same console asks for central at once.
	w2 := test.NewWindow(nil)
	defer w2.Close()
	l2 := NewIdleLock(w2, c, func() *fyne.MainMenu { return nil })
	l2.SetContent(widget.NewLabel("Fascicolo di Rossi Mario"))
	l2.LockNow()
	if !l2.msg.Visible() || l2.msg.Text != tooMany || l2.unlock.Text != "Conferma con il server centrale" {
		t.Errorf("locked again: message %q shown %v, button %q", l2.msg.Text, l2.msg.Visible(), l2.unlock.Text)
	}
	// A window opened on such a session (after a restart) starts locked.
	w3 := test.NewWindow(nil)
	defer w3.Close()
	l3 := NewIdleLock(w3, c, func() *fyne.MainMenu { return nil })
	l3.SetContent(widget.NewLabel("Fascicolo di Rossi Mario"))
	ended, cancel := context.WithCancel(context.Background())
	cancel()
	l3.Run(ended)
	if !l3.locked || slices.Contains(uitest.Texts(w3.Content()), "Fascicolo di Rossi Mario") {
		t.Errorf("a new window on a session out of attempts: locked %v, screen %q", l3.locked, uitest.Texts(w3.Content()))
	}

	// With central: a wrong password keeps it locked, the operator's opens
	// and the count starts again.
	wrong()
	if !l.locked || l.msg.Text != "Password non corretta." || l.unlock.Text != "Conferma con il server centrale" {
		t.Errorf("wrong password checked with central: locked %v, message %q, button %q", l.locked, l.msg.Text, l.unlock.Text)
	}
	l.password.SetText("demo")
	l.tryUnlock()
	if l.locked || !slices.Contains(uitest.Texts(w.Content()), "Fascicolo di Rossi Mario") {
		t.Fatalf("after the password checked with central: locked %v, message %q", l.locked, l.msg.Text)
	}
	if n := c.UnlockAttemptsLeft(); n != 5 {
		t.Errorf("after the unlock with central %d attempts left, want 5", n)
	}
	l.LockNow()
	if l.unlock.Text != "Sblocca" || l.msg.Visible() {
		t.Errorf("locked after the unlock with central: button %q, message %q shown %v", l.unlock.Text, l.msg.Text, l.msg.Visible())
	}
}

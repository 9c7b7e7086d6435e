package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"sportello/internal/testkit"
	"sportello/ui"
)

// The walks at the operator's desk: the real binary in a real X server,
// driven with xdotool at human speed (120 ms between keys, a pause after
// each step), read through the test probe (ui.Probe: the window's widgets,
// written to a file as they change) and photographed into artifacts/desk-*.
// Each walk guards a defect found by operators trying the console: it
// fails on the console that had it.

// TestDeskDayChangeClosesTheFile: at 10:05 the console has the slot under
// way's file open; the operator moves to the next day with Alt+→ and back
// with Alt+←. Another day's agenda must not keep the previous citizen's
// file open (a note would land on the wrong citizen): the panel empties
// and "Nota…" cannot be pressed. Back on today, nothing reopens by itself
// (the operator chose to move).
func TestDeskDayChangeClosesTheFile(t *testing.T) {
	d := openDesk(t, "demo")
	p := d.wait("the slot under way's file", func(p ui.Probe) bool { return p.Day != nil && p.Day.FileCF != "" })
	today := p.Day.Day
	d.key("alt+Right")
	p = d.wait("the next day", func(p ui.Probe) bool { return p.Day.Day > today })
	d.shot("next-day")
	if p.Day.FileCF != "" || p.Day.Selected != "" {
		t.Errorf("after Alt+→ the file of %s (slot %q) is still open", p.Day.FileCF, p.Day.Selected)
	}
	if b, ok := button(p, "Nota"); ok && !b.Disabled {
		t.Errorf("after Alt+→ %q can still be pressed with no file open:\n%s", b.Text, dump(p))
	}
	d.key("ctrl+n")
	if p := d.read(); len(p.Overlays) > 0 {
		t.Errorf("Ctrl+N with no file open asked for a note: %v", p.Overlays)
	}
	d.key("alt+Left")
	p = d.wait("today again", func(p ui.Probe) bool { return p.Day.Day == today })
	if p.Day.FileCF != "" {
		t.Errorf("back on today a file (%s) opened by itself", p.Day.FileCF)
	}
}

// TestDeskTeamsLink: the operator moves to the next web meeting with
// Ctrl+↓, presses Ctrl+M and sees the link (it was a dialog titled
// "Error"), copies it with Ctrl+Shift+M (it is on the clipboard) and opens
// it with the system's handler: xdg-open hands it to the browser ($BROWSER
// here is a script that writes down what it was given).
func TestDeskTeamsLink(t *testing.T) {
	_, err := exec.LookPath("xclip")
	requireEnv(t, "xclip", err)
	_, err = exec.LookPath("xdg-open")
	requireEnv(t, "xdg-open (xdg-utils)", err)
	opened := filepath.Join(t.TempDir(), "opened.txt")
	browser := filepath.Join(t.TempDir(), "browser.sh")
	if err := os.WriteFile(browser, []byte("#!/bin/sh\necho \"$1\" > "+opened+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	d := openDesk(t, "demo", "BROWSER="+browser)
	var p ui.Probe
	for range 40 {
		d.key("ctrl+Down")
		p = d.read()
		if r, ok := selectedRow(p); ok && r.Channel == "web_meeting" {
			break
		}
	}
	r, ok := selectedRow(p)
	if !ok || r.Channel != "web_meeting" {
		t.Fatalf("no web meeting reached with Ctrl+↓:\n%s", dump(p))
	}
	d.key("ctrl+m")
	p = d.wait("the meeting's link", func(p ui.Probe) bool { return has(p, "https://") })
	d.shot("meeting")
	if has(p, "Error") {
		t.Errorf("the meeting dialog says Error: %v", p.Overlays)
	}
	link := ""
	for _, s := range p.Overlays[len(p.Overlays)-1] {
		if strings.HasPrefix(s, "https://") {
			link = s
		}
	}
	d.key("c") // one key copies it
	d.wait("the copy confirmed", func(p ui.Probe) bool { return has(p, "copiato") })
	if got := d.clipboard(); got != link {
		t.Errorf("clipboard holds %q, want the link %q", got, link)
	}
	d.key("Return") // opens it
	p = d.wait("the link opened", func(p ui.Probe) bool {
		return has(p, "aperto") || has(p, "non si è aperto") || has(p, "non c'è un programma")
	})
	d.shot("meeting-opened")
	testkit.WaitFor(t, 10*time.Second, "the browser given the link", func() bool {
		b, _ := os.ReadFile(opened)
		return strings.TrimSpace(string(b)) == link
	})
	if !has(p, "Link aperto") {
		t.Errorf("after opening, the dialog says %v", p.Overlays)
	}
	d.key("Escape")
	d.wait("the dialog closed", func(p ui.Probe) bool { return len(p.Overlays) == 0 })
	// Without the dialog, Ctrl+Maiusc+M copies it too.
	fyneClear := exec.Command("xclip", "-selection", "clipboard", "-i", "/dev/null")
	fyneClear.Env = d.env
	_ = fyneClear.Run()
	d.key("ctrl+shift+m")
	if got := d.clipboard(); got != link {
		t.Errorf("after Ctrl+Maiusc+M the clipboard holds %q, want the link", got)
	}
}

// TestDeskDayNotInTheMirror: with a retention of two days the mirror
// keeps no agenda older than that. The operator goes back three working
// days with Alt+←: the screen said "Nessuno slot in agenda" (and Aggiorna
// did not fetch it); now it says the day is being fetched, then shows it
// as central has it. Further back than central's agenda goes, it says
// central was asked and has nothing.
func TestDeskDayNotInTheMirror(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	if err := os.MkdirAll(data, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(data, "config.json"), []byte(`{"retention_days": 2}`), 0o600); err != nil {
		t.Fatal(err)
	}
	d := openDeskIn(t, data, "demo")
	today := d.read().Day.Day
	for range 3 {
		d.key("alt+Left")
	}
	p := d.wait("the purged day fetched from central", func(p ui.Probe) bool { return p.Day.Day < today && len(p.Day.Rows) > 0 })
	d.shot("fetched-day")
	if has(p, "Nessuno slot") {
		t.Errorf("a fetched day says it is empty:\n%s", dump(p))
	}
	// Three weeks back: the sandbox's agenda starts ten days before today.
	for range 12 {
		d.key("alt+Left")
	}
	p = d.wait("central asked about a day it has no agenda for", func(p ui.Probe) bool { return has(p, "verificato con la sede centrale") })
	d.shot("day-checked")
	if len(p.Day.Rows) != 0 {
		t.Errorf("%s shows %d rows", p.Day.Day, len(p.Day.Rows))
	}
}

// TestDeskPuntoINPSOpensOnItsNextOpenDay: the Punto INPS receives on
// Tuesdays and Thursdays; on a Monday its console opens on Tuesday and
// says why (it opened on an empty Monday).
func TestDeskPuntoINPSOpensOnItsNextOpenDay(t *testing.T) {
	d := openDesk(t, "punto")
	p := d.wait("Tuesday's agenda", func(p ui.Probe) bool { return p.Day != nil && p.Day.Day == "2026-11-24" })
	d.shot("punto")
	if !has(p, "non riceve il pubblico") || !has(p, "martedì 24 novembre 2026") {
		t.Errorf("the Punto INPS console does not say why it shows Tuesday:\n%s", dump(p))
	}
}

// TestDeskNoShowAsksFirstAndCanBeUndone: one key marked a slot "Assente"
// before it started, and nothing could undo it. Now, on the 10:10 slot at
// 10:05: Ctrl+4 asks first (Esc keeps the slot), Invio marks it and shows
// "Annulla" for some seconds, Ctrl+Z takes it back before it leaves;
// cancelling asks too. Marked again and left alone, it reaches central
// once the window is over: central's ledger holds that one event only.
func TestDeskNoShowAsksFirstAndCanBeUndone(t *testing.T) {
	d := openDesk(t, "demo")
	url := d.sandboxURL()
	ledger, _, _ := sandboxLedger(t, url)
	before := len(ledger)
	d.key("ctrl+Down")
	p := d.wait("a slot to come selected", func(p ui.Probe) bool { return rowStatus(p) == "Prenotato" })
	slot, _ := selectedRow(p)
	// Her file has long lines (a mandate, a call-back number): the window
	// grew past the screen's 1366 pixels once.
	if w := d.windowWidth(); w > 1366 {
		t.Errorf("the window grew to %d pixels wide with %s's file open", w, slot.Citizen)
	}

	d.key("ctrl+4")
	p = d.wait("the no-show confirmation", func(p ui.Probe) bool { return len(p.Overlays) > 0 })
	d.shot("noshow-confirm")
	if !has(p, "inizia alle "+strings.Split(slot.Time, "–")[0]) {
		t.Errorf("the confirmation does not say when the slot starts: %v", p.Overlays)
	}
	d.key("Escape")
	p = d.wait("the confirmation closed", func(p ui.Probe) bool { return len(p.Overlays) == 0 })
	if rowStatus(p) != "Prenotato" {
		t.Errorf("after Esc the slot is %q", rowStatus(p))
	}

	d.key("ctrl+4")
	d.wait("the no-show confirmation", func(p ui.Probe) bool { return len(p.Overlays) > 0 })
	d.key("Return")
	p = d.wait("the slot marked, with Annulla", func(p ui.Probe) bool {
		_, undo := button(p, "Annulla (")
		return strings.HasPrefix(rowStatus(p), "Assente") && undo
	})
	d.shot("noshow-undo-bar")
	// Ctrl+Z from the search box takes back the action, not the letters
	// typed (it emptied the box and the no-show left).
	d.key("ctrl+k")
	d.typeText("Ro")
	d.key("ctrl+z")
	p = d.wait("the slot booked again", func(p ui.Probe) bool { return rowStatus(p) == "Prenotato" })
	d.shot("noshow-undone")
	if p.Day.Search != "Ro" {
		t.Errorf("Ctrl+Z changed the search box to %q", p.Day.Search)
	}
	d.key("Escape")

	d.key("ctrl+5")
	p = d.wait("the cancel confirmation", func(p ui.Probe) bool { return len(p.Overlays) > 0 })
	d.key("Escape")
	p = d.wait("the confirmation closed", func(p ui.Probe) bool { return len(p.Overlays) == 0 })
	if rowStatus(p) != "Prenotato" {
		t.Errorf("after Esc on the cancel confirmation the slot is %q", rowStatus(p))
	}

	d.key("ctrl+4")
	d.wait("the no-show confirmation", func(p ui.Probe) bool { return len(p.Overlays) > 0 })
	d.key("Return")
	testkit.WaitFor(t, 30*time.Second, "the no-show sent after the undo window", func() bool {
		ledger, _, _ = sandboxLedger(t, url)
		return len(ledger) > before
	})
	time.Sleep(2 * time.Second)
	if ledger, _, _ = sandboxLedger(t, url); len(ledger) != before+1 {
		t.Errorf("central's ledger grew by %d actions, want 1 (the undone no-show must never leave)", len(ledger)-before)
	}
	p = d.wait("the slot marked and sent", func(p ui.Probe) bool { return rowStatus(p) == "Assente" })
	d.shot("noshow-sent")
}

// TestDeskSearchKeepsEveryKey: the suggestions took the keyboard once they
// appeared, and typing "Esposito" at a person's speed left "Es". Now the
// whole surname stays in the box while the suggestions show; ↓ ↓ ↑ move
// the highlight, Invio opens the highlighted file (labelled as opened by
// search), Esc had closed the list and left the text. A file found by
// search stays open when the day changes.
func TestDeskSearchKeepsEveryKey(t *testing.T) {
	d := openDesk(t, "demo")
	d.key("ctrl+k")
	d.typeText("Esposito")
	p := d.wait("the suggestions for the whole surname", func(p ui.Probe) bool {
		return p.Day.Search == "Esposito" && p.Day.SearchOpen && len(p.Day.SearchHits) > 1
	})
	d.shot("search")
	if p.FocusedText != "Esposito" {
		t.Errorf("the focus left the box: %q has it, with %q", p.Focused, p.FocusedText)
	}
	for _, h := range p.Day.SearchHits {
		if !strings.HasPrefix(h, "Esposito ") {
			t.Errorf("suggestion %q for Esposito", h)
		}
	}
	d.key("Escape")
	p = d.wait("the suggestions closed", func(p ui.Probe) bool { return !p.Day.SearchOpen })
	if p.Day.Search != "Esposito" {
		t.Errorf("Esc changed the text to %q", p.Day.Search)
	}
	d.typeText("s") // "Espositos": none; back to "Esposito" reopens them
	d.key("BackSpace")
	d.wait("the suggestions again", func(p ui.Probe) bool { return p.Day.SearchOpen && len(p.Day.SearchHits) > 1 })
	d.key("Down")
	d.key("Down")
	d.key("Up")
	p = d.wait("the second suggestion highlighted", func(p ui.Probe) bool { return p.Day.SearchCursor == 0 || p.Day.SearchCursor == 1 })
	want := p.Day.SearchHits[p.Day.SearchCursor]
	d.key("Return")
	p = d.wait("the file opened by search", func(p ui.Probe) bool { return !p.Day.SearchOpen && p.Day.FileCF != "" && p.Day.Selected == "" })
	d.shot("search-opened")
	if !has(p, want) || !has(p, "Fascicolo aperto dalla ricerca") {
		t.Errorf("Invio did not open %s's file, labelled as found by search:\n%s", want, dump(p))
	}
	cf := p.Day.FileCF
	d.key("alt+Right")
	p = d.wait("the next day", func(p ui.Probe) bool { return p.Day.Day > "2026-11-23" })
	if p.Day.FileCF != cf {
		t.Errorf("a file opened by search closed with the day: %q, want %q", p.Day.FileCF, cf)
	}
}

// TestDeskReception: the Prima accoglienza issues a ticket with Alt+1 and
// reads its number large; in the new citizen's form the complaint about
// the code's length goes as soon as the sixteenth character is typed (it
// stayed); the office agenda says which sportello each slot is at.
func TestDeskReception(t *testing.T) {
	d := openDesk(t, "accoglienza")
	d.key("alt+1")
	p := d.wait("a ticket issued", func(p ui.Probe) bool {
		return slices.ContainsFunc(p.Texts, func(s string) bool { return len(s) == 4 && s[0] == 'A' && s[1] >= '0' && s[1] <= '9' })
	})
	d.shot("reception-ticket")

	d.key("ctrl+Tab") // Prenota
	d.key("ctrl+n")
	p = d.wait("the new citizen's form", func(p ui.Probe) bool { return len(p.Overlays) > 0 })
	d.typeText("SPSCML90C54H703")
	d.key("Tab")
	d.typeText("Esposito")
	d.key("Tab")
	d.typeText("Carmela")
	d.key("Tab")
	d.typeText("333 765 4321")
	d.key("Return")
	p = d.wait("the code's length complained of", func(p ui.Probe) bool { return has(p, "16 caratteri") })
	d.shot("reception-cf-short")
	for range 3 {
		d.key("shift+Tab")
	}
	d.key("End")
	d.typeText("L")
	p = d.wait("the complaint gone with the sixteenth character", func(p ui.Probe) bool {
		_, ok := entry(p, "SPSCML90C54H703L")
		return ok && !has(p, "16 caratteri")
	})
	d.shot("reception-cf-fixed")
	d.key("Escape")

	d.key("ctrl+Tab") // the office's agenda
	p = d.wait("the office agenda", func(p ui.Probe) bool { return p.Day != nil && len(p.Day.Rows) > 0 })
	desks := map[string]bool{}
	for _, r := range p.Day.Rows {
		desks[r.Desk] = true
	}
	if len(desks) > 1 && !has(p, "Sportello") {
		t.Errorf("the office agenda holds %d desks and no desk column", len(desks))
	}
	d.shot("reception-agenda")
}

// TestDeskConsultant: the consultant sees their name; on a scheda nobody
// has taken in charge the answer box takes no draft and says to take it
// first (a draft could be typed); Ctrl+1 takes it, and then it does.
func TestDeskConsultant(t *testing.T) {
	d := openDesk(t, "cric")
	p := d.read()
	if !has(p, "Marco Santoro") {
		t.Errorf("the inbox does not say who is signed in:\n%s", dump(p))
	}
	found := false
	for range 25 {
		d.key("ctrl+Down")
		if e, ok := entry(d.read(), "Prendi in carico"); ok && e.Disabled {
			found = true
			break
		}
	}
	if !found {
		t.Fatalf("no scheda to take in charge reached with Ctrl+↓:\n%s", dump(d.read()))
	}
	d.key("ctrl+2") // to the answer
	d.typeText("Bozza")
	p = d.read()
	if e, _ := entry(p, "Prendi in carico"); e.Text != "" {
		t.Errorf("a draft was typed on a scheda not taken in charge: %q", e.Text)
	}
	d.shot("cric-unclaimed")
	d.key("ctrl+1")
	d.wait("the scheda taken in charge", func(p ui.Probe) bool {
		return slices.ContainsFunc(p.Entries, func(e ui.ProbeEntry) bool {
			return e.PlaceHolder != "" && !e.Disabled && strings.Contains(e.PlaceHolder, "isposta")
		})
	})
	d.key("ctrl+2")
	d.typeText("Gentile signora")
	d.wait("the draft typed", func(p ui.Probe) bool { _, ok := entry(p, "Gentile signora"); return ok })
	d.shot("cric-claimed")
	// Invia risposta, then Ctrl+Z with the cursor still in the answer: the
	// answer is taken back before it leaves (it reached the citizen).
	d.key("ctrl+3")
	d.wait("the answer held, with Annulla", func(p ui.Probe) bool { _, ok := button(p, "Annulla ("); return ok })
	d.key("ctrl+z")
	p = d.wait("the answer taken back", func(p ui.Probe) bool {
		_, undo := button(p, "Annulla (")
		e, ok := entry(p, "Gentile signora")
		return !undo && ok && !e.Disabled
	})
	d.shot("cric-answer-undone")
	if has(p, "Risposta inviata") || has(p, "Risposta registrata") {
		t.Errorf("the answer taken back is recorded as sent:\n%s", dump(p))
	}
}

// TestDeskItalianEverywhere: under LANG=C.UTF-8 (as on a server, or CI)
// the console printed "Fyne error: Error parsing user locale C" and
// Fyne's own texts were English: the date picker's months and weekdays,
// "Error", "Yes"/"No". Now the log is quiet and Ctrl+G shows an Italian
// calendar, Esc closes it; the Visualizza menu's high contrast is kept in
// the operator's preferences.
func TestDeskItalianEverywhere(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	d := openDeskIn(t, data, "demo", "LANG=C.UTF-8", "LC_ALL=", "LANGUAGE=", "SPORTELLO_THEME=")
	if strings.Contains(d.con.logs.String(), "locale") {
		t.Errorf("the console complained about the locale:\n%s", d.con.logs.String())
	}
	d.key("ctrl+g")
	p := d.wait("the date picker", func(p ui.Probe) bool { return len(p.Overlays) > 0 })
	d.shot("datepicker")
	for _, want := range []string{"novembre 2026", "lun", "dom"} {
		if !has(p, want) {
			t.Errorf("the date picker does not show %q: %v", want, p.Overlays)
		}
	}
	for _, english := range []string{"November", "Mon", "Sun", "Close"} {
		if has(p, english) {
			t.Errorf("the date picker shows %q: %v", english, p.Overlays)
		}
	}
	d.key("Escape")
	d.wait("the date picker closed", func(p ui.Probe) bool { return len(p.Overlays) == 0 })
	// From the keyboard: → a day later, ↓ a week later, Invio picks.
	d.key("ctrl+g")
	d.wait("the date picker", func(p ui.Probe) bool { return len(p.Overlays) > 0 })
	d.key("Right")
	d.key("Down")
	d.key("Return")
	d.wait("1 December picked with the keys", func(p ui.Probe) bool { return len(p.Overlays) == 0 && p.Day.Day == "2026-12-01" })

	// Visualizza › Alto contrasto, with the mouse (the menu bar is at the
	// top of the 1366×768 window).
	d.xdo("mousemove", "125", "14", "click", "1")
	d.xdo("mousemove", "168", "161", "click", "1")
	// Mostly black: the blank-window check of the other shots does not fit.
	screenshotCovering(t, d.env, filepath.Join(d.art, "desk-contrast.png"), 0.05)
	testkit.WaitFor(t, 10*time.Second, "the high contrast kept in the preferences", func() bool {
		b, _ := os.ReadFile(filepath.Join(data, "config.json"))
		return strings.Contains(string(b), `"contrast"`)
	})
}

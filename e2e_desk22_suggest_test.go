package main

import (
	"strings"
	"testing"
	"time"

	"sportello/ui"
)

// The walk of issue 22, part 1 (the rights the citizen may not have
// claimed): the real binary at human speed, as the other desk walks
// (e2e_deskkit_test.go), at the walks' Monday 10:05.

// fileText is the text of the file panel's body (its sections, one
// rich text).
func fileText(p ui.Probe) string {
	for _, s := range p.Texts {
		if strings.Contains(s, "Anagrafica") {
			return s
		}
	}
	return ""
}

// suggestionsShown counts the rights the file's "Diritti da verificare"
// lists (each has its "Perché: ").
func suggestionsShown(p ui.Probe) int { return strings.Count(fileText(p), "Perché: ") }

// TestDesk22Suggestions: the desk operator (demo) moves with Ctrl+↓ to
// the first booked citizen whose file has two rights to check or more:
// the section "Diritti da verificare" lists them with the facts, the
// rule and its legal basis and what to check. Ctrl+Shift+P marks the
// selected one proposed to the citizen; Alt+↓ moves to the next and
// Ctrl+Shift+N asks why it is not relevant: → picks "requisiti non
// soddisfatti", a detail typed at human speed, Invio. Alt+↓ back to the
// first, Ctrl+Shift+A: application started; Ctrl+Z takes it back while
// the undo bar shows it, Ctrl+Shift+A again. The contact history shows
// the three marks; the Resoconto counts the rights shown and marked.
func TestDesk22Suggestions(t *testing.T) {
	d := openDesk(t, "demo")
	d.wait("the day view", func(p ui.Probe) bool { return has(p, "Agenda di lunedì 23 novembre 2026") })
	var p ui.Probe
	var citizen string
	for range 30 {
		d.key("ctrl+Down")
		p = d.read()
		if r, ok := selectedRow(p); ok && r.Citizen != "" && has(p, "Diritti da verificare") && suggestionsShown(p) >= 2 {
			citizen = r.Citizen
			break
		}
	}
	if citizen == "" {
		t.Fatalf("no booked citizen with two rights to check in the morning:\n%s", dump(p))
	}
	for _, want := range []string{"Perché: ", "Norma: ", "Da verificare: ", "» "} {
		if !has(p, want) {
			t.Errorf("the section lacks %q:\n%s", want, dump(p))
		}
	}
	if h := d.windowHeight(); h > 768 {
		t.Errorf("the window grew to %d pixels high, past the screen", h)
	}
	d.shot("suggest-section")

	d.key("ctrl+shift+p")
	d.wait("the first proposed", func(p ui.Probe) bool { return has(p, "· proposto al cittadino") })
	d.key("alt+Down")
	d.key("ctrl+shift+n")
	d.wait("the reason's dialog", func(p ui.Probe) bool { return has(p, "Segna non pertinente") })
	d.key("Right")
	d.wait("requisiti non soddisfatti chosen", func(p ui.Probe) bool { return has(p, "requisiti non soddisfatti") })
	d.key("Tab")
	const detail = "ISEE oltre la soglia"
	d.typeText(detail)
	d.wait("the detail typed", func(p ui.Probe) bool { return p.FocusedText == detail })
	d.shot("suggest-not-relevant")
	d.key("Return")
	d.wait("the second not relevant", func(p ui.Probe) bool {
		return len(p.Overlays) == 0 && has(p, "requisiti non soddisfatti: "+detail) && has(p, "· non pertinente")
	})
	d.key("alt+Down")
	d.key("ctrl+shift+a")
	d.wait("the first started", func(p ui.Probe) bool { return has(p, "· domanda avviata") })
	d.shot("suggest-marked")
	// Ctrl+Z while the undo bar shows it takes the start back: the right
	// is "proposto" again; Ctrl+Shift+A gives it once more.
	d.key("ctrl+z")
	d.wait("the start taken back", func(p ui.Probe) bool {
		return !has(p, "· domanda avviata") && strings.Count(fileText(p), "· proposto al cittadino") == 2
	})
	d.shot("suggest-undone")
	d.key("ctrl+shift+a")
	p = d.wait("the first started again", func(p ui.Probe) bool { return has(p, "· domanda avviata") })

	// The contact history: the three marks, each under "Diritti da
	// verificare", newest first.
	file := fileText(p)
	history := file[strings.Index(file, "Storico contatti"):]
	var marks []string
	for _, h := range strings.Split(history, "Diritti da verificare · in coda · ")[1:] {
		for _, m := range []string{"proposto al cittadino", "non pertinente", "domanda avviata"} {
			if strings.HasPrefix(h, m) {
				marks = append(marks, m)
			}
		}
	}
	if strings.Join(marks, ",") != "domanda avviata,non pertinente,proposto al cittadino" {
		t.Errorf("the contact history shows the marks %q:\n%s", marks, history)
	}
	// Scroll the file to its history, as the operator does with the wheel.
	d.xdo("mousemove", "1150", "450")
	d.xdo("click", "--repeat", "30", "--delay", "60", "5")
	time.Sleep(stepPause)
	d.shot("suggest-history")

	d.key("ctrl+Tab")
	p = d.wait("the report counting the rights", func(p ui.Probe) bool {
		return has(p, "proposti al cittadino: 1 · non pertinenti: 1 · domande avviate: 1")
	})
	for _, s := range p.Texts {
		if strings.HasPrefix(s, "Mostrati: ") {
			t.Logf("the report: %s", s)
		}
	}
	if has(p, "Mostrati: 0 ") || has(p, "Mostrati: 1 ") {
		t.Errorf("the report counts fewer rights shown than the two of the file:\n%s", dump(p))
	}
	d.xdo("mousemove", "600", "450")
	d.xdo("click", "--repeat", "40", "--delay", "60", "5")
	time.Sleep(stepPause)
	d.shot("suggest-report")
}

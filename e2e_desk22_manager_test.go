package main

import (
	"strings"
	"testing"

	"sportello/ui"
)

// The walk of issue 22's manager view: the real binary at human speed, as
// the other desk walks (e2e_deskkit_test.go), at the walks' Monday 10:05.

// cursorLine is the manager view's line naming the cell under the cursor
// ("Sede provinciale di Salerno · Sportello 3 · giovedì 26 novembre 2026:
// 81% occupato (…)"), "" when not shown.
func cursorLine(p ui.Probe) string {
	for _, s := range p.Texts {
		if strings.Contains(s, " · Sportello") && strings.Contains(s, " 2026: ") {
			return s
		}
	}
	return ""
}

// TestDesk22Manager: the head of the Direzione provinciale logs in and the
// Sportelli tab opens on the saturation of every office's sportelli for
// the coming four weeks, the searches that found no free slot, the
// no-shows and the reception's waits. Ctrl+M brings the cursor onto the
// heat map and the arrows move it by sportello and day; Ctrl+2 and Ctrl+3
// then → choose a service and a channel, Ctrl+1 then → an office; Ctrl+J
// scrolls to the lower part; Ctrl+H
// lists the screen's keys with the two actions on the cell.
func TestDesk22Manager(t *testing.T) {
	d := openDesk(t, "direttore")
	p := d.wait("the Sportelli tab", func(p ui.Probe) bool {
		return has(p, "Saturazione delle agende") && has(p, "Dati del 23/11/2026") && cursorLine(p) != ""
	})
	d.shot("manager-open")
	for _, want := range []string{"Nessun posto libero", "Assenze per sportello", "Attese all'accoglienza", "Tutti gli uffici"} {
		if !has(p, want) {
			t.Errorf("the view does not show %q", want)
		}
	}
	if _, ok := button(p, "Clona sportello"); !ok {
		t.Error("no Clona sportello button")
	}

	d.key("ctrl+m")
	d.wait("the map focused", func(p ui.Probe) bool { return p.Focused == "*manager.heatMap" })
	for _, k := range []string{"Down", "Down", "Right", "Right", "Right"} {
		d.key(k)
	}
	d.wait("the cursor on Sportello 3, Thursday", func(p ui.Probe) bool {
		return strings.HasPrefix(cursorLine(p), "Sede provinciale di Salerno · Sportello 3 · giovedì 26 novembre 2026: ")
	})
	d.shot("manager-cursor")

	// A service and a channel, from the keyboard.
	d.key("ctrl+2")
	d.wait("the service filter focused", func(p ui.Probe) bool { return strings.HasSuffix(p.Focused, "KeySelect") })
	d.key("Right")
	d.wait("a service chosen", func(p ui.Probe) bool { return !has(p, "Tutti i servizi") })
	d.key("ctrl+3")
	d.key("Right")
	d.wait("in person only", func(p ui.Probe) bool { return has(p, "In presenza") && !has(p, "Tutti i canali") })
	d.shot("manager-filters")

	// One office: its two sportelli.
	d.key("ctrl+1")
	d.key("Right")
	d.key("Right")
	d.wait("Battipaglia chosen", func(p ui.Probe) bool {
		return has(p, "Agenzia complessa di Battipaglia") && strings.HasPrefix(cursorLine(p), "Agenzia complessa di Battipaglia · Sportello")
	})
	d.key("ctrl+m")
	d.key("Down")
	d.wait("the cursor on Sportello 2", func(p ui.Probe) bool {
		return strings.HasPrefix(cursorLine(p), "Agenzia complessa di Battipaglia · Sportello 2 · giovedì 26 novembre 2026")
	})
	d.shot("manager-office")

	// All offices again, and down to the lower part.
	d.key("ctrl+1")
	d.key("Left")
	d.key("Left")
	d.wait("all offices", func(p ui.Probe) bool { return has(p, "Tutti gli uffici") })
	d.key("ctrl+j")
	d.shot("manager-lower")

	d.key("ctrl+h")
	d.wait("the keys", func(p ui.Probe) bool { return len(p.Overlays) > 0 && has(p, "Durata slot") })
	d.shot("manager-help")
	d.key("Escape")
	d.wait("the help closed", func(p ui.Probe) bool { return len(p.Overlays) == 0 })
}

package main

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"sportello/ui"
)

// openPosts is the number of open posts the cursor's line counts ("… 85%
// occupato (23 prenotati su 27 posti aperti)"), -1 when it shows none.
func openPosts(p ui.Probe) int {
	m := regexp.MustCompile(`su (\d+) posti aperti`).FindStringSubmatch(cursorLine(p))
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// TestDesk22ManagerActs: the head of the Direzione provinciale acts on a
// busy sportello as seed 003 says, from the keyboard at human speed, on a
// standalone central: Ctrl+K clones Sportello 2 for two days (↓, Space,
// Enter) and the twin's row appears in the heat map, empty; Ctrl+L asks
// for 8-minute slots and central refuses, in Italian, because booked
// citizens would lose their appointment; 5 minutes goes through and the
// sportello's open posts grow. Central applied each action once, under
// its key, and holds the operator's audit entry for it. With central
// gone, the clone dialog says the action needs the network and keeps the
// operator's choice.
func TestDesk22ManagerActs(t *testing.T) {
	t.Setenv("SPORTELLO_TEST_CLOCK", demoMorning) // central's clock too
	url, central := runSandbox(t, nil, "127.0.0.1:0")
	data := filepath.Join(t.TempDir(), "direttore")
	t.Cleanup(func() { forgetSession(url, "direttore") })
	if r := sportello(t, "direttore\n", nil, "login", "--server", url, "--operator", "direttore", "--data-dir", data); r.code != 0 {
		t.Fatalf("login: exit %d, %q", r.code, r.stderr)
	}
	d := openDeskIn(t, data, "")
	d.wait("the Sportelli tab", func(p ui.Probe) bool { return cursorLine(p) != "" })
	d.key("ctrl+m")
	for _, k := range []string{"Down", "Right", "Right"} {
		d.key(k)
	}
	const wednesday = " · mercoledì 25 novembre 2026: "
	p := d.wait("Sportello 2 on Wednesday", func(p ui.Probe) bool {
		return strings.HasPrefix(cursorLine(p), "Sede provinciale di Salerno · Sportello 2"+wednesday)
	})
	before := openPosts(p)

	// The clone: the cursor's day is ticked, ↓ and Space add Thursday.
	d.key("ctrl+k")
	d.wait("the clone dialog", func(p ui.Probe) bool {
		return has(p, "Clona: Sede provinciale di Salerno · Sportello 2") && has(p, "Apre Sportello 2 bis per 1 giorno.")
	})
	d.key("Down")
	d.key("space")
	d.wait("two days chosen", func(p ui.Probe) bool { return has(p, "Apre Sportello 2 bis per 2 giorni.") })
	d.shot("manager-clone")
	d.key("Return")
	d.wait("the twin opened", func(p ui.Probe) bool { return has(p, "Sportello 2 bis aperto: ") && has(p, " in 2 giorni.") })
	d.key("Return")
	d.key("Down")
	d.wait("the twin's row, empty", func(p ui.Probe) bool {
		return strings.HasPrefix(cursorLine(p), "Sede provinciale di Salerno · Sportello 2 bis"+wednesday+"0% occupato")
	})
	d.shot("manager-twin")
	d.key("Up")

	// The slot duration: 8 minutes would drop booked citizens.
	d.key("ctrl+l")
	d.wait("the duration dialog", func(p ui.Probe) bool { return has(p, "Durata degli slot: Sede provinciale di Salerno · Sportello 2") })
	d.key("Tab")
	d.key("Right")
	d.key("Right")
	d.wait("8 minutes chosen", func(p ui.Probe) bool { return has(p, "8 minuti") })
	d.key("Return")
	d.wait("central's refusal", func(p ui.Probe) bool { return has(p, "l'appuntamento") && has(p, "dal 25 novembre") })
	d.shot("manager-refused")
	d.key("Left")
	d.key("Left")
	d.wait("5 minutes chosen", func(p ui.Probe) bool { return has(p, "5 minuti") })
	d.key("Return")
	d.wait("the duration changed", func(p ui.Probe) bool { return has(p, "gli slot di Sportello 2 durano 5 minuti: ") })
	d.key("Return")
	d.wait("more open posts on Sportello 2", func(p ui.Probe) bool {
		return strings.HasPrefix(cursorLine(p), "Sede provinciale di Salerno · Sportello 2"+wednesday) && openPosts(p) > before
	})
	d.shot("manager-duration")

	// Central applied two actions, once each, and holds their audit.
	resp, err := http.Get(url + "/_sandbox/inspect")
	if err != nil {
		t.Fatal(err)
	}
	var in struct {
		Audit  map[string]int `json:"audit"`
		Ledger map[string]int `json:"ledger"`
	}
	err = json.NewDecoder(resp.Body).Decode(&in)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Ledger) != 2 {
		t.Errorf("central applied %d actions, want the clone and the duration: %v", len(in.Ledger), in.Ledger)
	}
	for key, n := range in.Ledger {
		if n != 1 || in.Audit[key] != 1 {
			t.Errorf("action %s: applied %d times, audited %d times; want once each", key, n, in.Audit[key])
		}
	}

	// Central gone: the dialog says the action needs the network.
	_ = central.Process.Kill()
	_ = central.Wait()
	d.key("Right")
	d.key("Right")
	d.key("ctrl+k")
	d.wait("the clone dialog", func(p ui.Probe) bool { return has(p, "Apre Sportello 2 bis per 1 giorno.") })
	d.key("Return")
	d.wait("offline said, the day kept", func(p ui.Probe) bool {
		return has(p, "Questa azione richiede la rete") && slices.Contains(p.Checked, "venerdì 27 novembre")
	})
	d.shot("manager-offline")
	d.key("Escape")
	d.wait("the dialog closed", func(p ui.Probe) bool { return len(p.Overlays) == 0 })
}

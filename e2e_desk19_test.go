package main

import (
	"os/exec"
	"strings"
	"testing"

	"sportello/ui"
)

// TestDeskDiagnosis: the operator opens Sessione → Diagnostica connessione
// with the mouse, reads the facts, copies the report
// for support with Invio and closes the dialog with Esc. The report names
// the server and the system and nothing of the operator or the citizens.
func TestDeskDiagnosis(t *testing.T) {
	_, err := exec.LookPath("xclip")
	requireEnv(t, "xclip", err)
	d := openDesk(t, "demo")
	// The menu bar's items are drawn by Fyne outside the probe's reach:
	// the mouse goes where the operator sees them (Sessione, then its
	// third item), as a person does.
	d.xdo("mousemove", "45", "13")
	d.xdo("click", "1")
	d.shot("session-menu")
	d.xdo("mousemove", "100", "122")
	d.xdo("click", "1")
	p := d.wait("the diagnosis", func(p ui.Probe) bool { return has(p, "Esito: tutto funziona") })
	d.shot("diagnosis")
	for _, fact := range []string{"Server", "Proxy", "Risoluzione del nome", "Connessione TCP", "Risposta del server centrale",
		"Ultima sincronizzazione", "Azioni da inviare", "sandbox integrata"} {
		if !has(p, fact) {
			t.Errorf("the diagnosis lacks %q:\n%s", fact, dump(p))
		}
	}
	d.key("Return")
	d.wait("the report copied", func(p ui.Probe) bool { return has(p, "Rapporto copiato") })
	report := d.clipboard()
	if !strings.Contains(report, "Sistema: linux/amd64") || !strings.Contains(report, "Proxy: nessuno") {
		t.Errorf("the report copied for support lacks the system or the proxy:\n%s", report)
	}
	day := d.read().Day
	for _, personal := range []string{"Anna Lombardi", "demo", day.FileCF} {
		if personal != "" && strings.Contains(report, personal) {
			t.Errorf("the report for support holds %q:\n%s", personal, report)
		}
	}
	for _, r := range day.Rows {
		if r.Citizen != "" && strings.Contains(report, r.Citizen) {
			t.Errorf("the report for support names the citizen %q", r.Citizen)
		}
	}
	d.key("Escape")
	p = d.wait("the dialog closed", func(p ui.Probe) bool { return !has(p, "Esito:") })
	if !has(p, "Agenda di lunedì 23 novembre 2026") {
		t.Errorf("Esc left the day view:\n%s", dump(p))
	}
}

// TestDeskOutdatedConsole: central raises the minimum version above the
// console's while the operator works; at the next Aggiorna (Ctrl+R) a red
// banner says why nothing is synced and the status line says so, with
// where to get the update; once central accepts the version again, the
// console is online and only says a newer version exists.
func TestDeskOutdatedConsole(t *testing.T) {
	d := openDesk(t, "demo")
	url := d.sandboxURL()
	putSandbox(t, url, "versions", `{"latest":"9.0.0","minimum":"9.0.0","info":"Software Center > Sportello 9.0.0"}`)
	d.key("ctrl+r")
	p := d.wait("the outdated banner", func(p ui.Probe) bool { return has(p, "non è più accettata dal server centrale") })
	d.shot("outdated")
	if !has(p, "Versione da aggiornare") || !has(p, "Software Center > Sportello 9.0.0") {
		t.Errorf("the console does not say it is outdated and where to update:\n%s", dump(p))
	}
	putSandbox(t, url, "versions", `{"latest":"9.0.0","minimum":"0.1.0"}`)
	d.key("ctrl+r")
	p = d.wait("the banner of a newer version", func(p ui.Probe) bool {
		return !has(p, "non è più accettata") && has(p, "È disponibile una nuova versione")
	})
	d.shot("update-available")
	if !has(p, "In linea") {
		t.Errorf("back above the minimum, the console is not online:\n%s", dump(p))
	}
}

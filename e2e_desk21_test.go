package main

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"sportello/ui"
)

// The walks of issue 21 (the counter and the schede desk): the real
// binary at human speed, as the other desk walks (e2e_deskkit_test.go),
// at the walks' Monday 10:05 whatever moment the suite runs at.

// ticketCode is a ticket's number as the screens show it.
var ticketCode = regexp.MustCompile(`^[A-Z]\d{3}$`)

// calledCode is the number the queue's "Alla mia postazione" shows: the
// text after the desk's heading.
func calledCode(p ui.Probe) string {
	i := slices.Index(p.Texts, "Alla mia postazione")
	if i < 0 || i+1 >= len(p.Texts) {
		return ""
	}
	return p.Texts[i+1]
}

// callClock is the call timer's seconds ("In chiamata da 01:05" → 65), -1
// when not shown.
func callClock(p ui.Probe, prefix string) int {
	for _, t := range p.Texts {
		if v, ok := strings.CutPrefix(t, prefix); ok && len(v) >= 5 {
			m, err1 := strconv.Atoi(v[:2])
			s, err2 := strconv.Atoi(v[3:5])
			if err1 == nil && err2 == nil {
				return m*60 + s
			}
		}
	}
	return -1
}

// chooseInSelect opens the focused select with ↓ and picks the n-th
// option with the arrows and Invio, as a person does.
func (d *desk) chooseInSelect(n int) {
	d.t.Helper()
	d.key("Down")
	d.wait("the options open", func(p ui.Probe) bool { return p.Focused == "*widget.PopUpMenu" })
	for range n {
		d.key("Down")
	}
	d.key("Return")
}

// TestDesk21Counter: at the Prima accoglienza the operator gives the next
// ticket the priority "Anziano" from the keyboard (Tab to Priorità, ↓ ↓ ↓
// Invio) and issues it with Alt+1: the queue shows it as priority and
// Ctrl+2 calls it before the tickets that waited longer. The call timer
// runs; Ctrl+1 recalls (1 of 3), Ctrl+5 parks and Ctrl+6 resumes; Ctrl+7
// passes it to Sportello 2 with a note typed at human speed, which its
// row shows. Ctrl+2 calls the next and Ctrl+D opens the waiting-room
// display: a second window with that number and "Accoglienza", and
// nothing but numbers, desks and the time.
func TestDesk21Counter(t *testing.T) {
	d := openDesk(t, "accoglienza")
	p := d.wait("the queue", func(p ui.Probe) bool { return has(p, "In attesa: ") })
	waitedBefore := 0
	for _, s := range p.Texts {
		if strings.HasPrefix(s, "In attesa: ") {
			waitedBefore, _ = strconv.Atoi(strings.Fields(s)[2])
		}
	}
	if waitedBefore == 0 {
		t.Fatalf("nobody waits at 10:05: the walk cannot show the priority called first:\n%s", dump(p))
	}
	d.key("Tab")
	d.wait("Priorità focused", func(p ui.Probe) bool { return p.Focused == "*widget.Select" })
	d.key("space")
	d.wait("the priorities open", func(p ui.Probe) bool { return p.Focused == "*widget.PopUpMenu" })
	d.shot("counter-priority")
	for range 3 {
		d.key("Down")
	}
	d.key("Return")
	d.wait("Anziano chosen", func(p ui.Probe) bool { return has(p, "Anziano") })
	d.key("alt+1")
	p = d.wait("the priority ticket issued and queued", func(p ui.Probe) bool {
		return has(p, "Biglietto A") && has(p, "PRIORITÀ: Anziano")
	})
	code := ""
	for _, s := range p.Texts {
		if c, ok := strings.CutPrefix(s, "Biglietto "); ok {
			code = strings.Fields(c)[0]
		}
	}
	if i := slices.Index(p.Texts, "Priorità"); i < 1 || p.Texts[i-1] != "Nessuna priorità" {
		t.Errorf("the priority stayed chosen for the next ticket:\n%s", dump(p))
	}

	d.key("ctrl+2")
	p = d.wait("a ticket called", func(p ui.Probe) bool { return ticketCode.MatchString(calledCode(p)) })
	d.shot("counter-called")
	if got := calledCode(p); got != code {
		t.Errorf("Ctrl+2 called %s, want the priority ticket %s before the %d that waited longer", got, code, waitedBefore)
	}
	first := d.wait("the call timer", func(p ui.Probe) bool { return callClock(p, "In chiamata da ") >= 0 })
	time.Sleep(2 * time.Second)
	if a, b := callClock(first, "In chiamata da "), callClock(d.read(), "In chiamata da "); b <= a {
		t.Errorf("the call timer does not run: %d s, then %d s", a, b)
	}

	if !has(p, "PRIORITÀ: Anziano") {
		t.Errorf("the desk does not see the priority of the ticket it called:\n%s", dump(p))
	}

	d.key("ctrl+1")
	d.wait("the recall", func(p ui.Probe) bool { return has(p, "richiamato 1 di 3 volte") })
	// Choosing a waiting ticket in the list (Ctrl+L, ↓, space) showed the
	// recall and the priority once more at each choice.
	d.key("ctrl+l")
	d.key("Down")
	d.key("space")
	p = d.wait("a waiting ticket chosen", func(p ui.Probe) bool { b, ok := button(p, "Priorità…"); return ok && !b.Disabled })
	if s := p.Texts[slices.Index(p.Texts, "Alla mia postazione")+2]; strings.Count(s, "richiamato") != 1 || strings.Count(s, "PRIORITÀ") != 1 {
		t.Errorf("with a waiting ticket chosen the desk reads %q", s)
	}
	if h := d.windowHeight(); h > 768 {
		t.Errorf("the window grew to %d pixels high, past the screen", h)
	}
	d.key("ctrl+5")
	p = d.wait("the ticket parked", func(p ui.Probe) bool { return has(p, "in sospeso: il cittadino recupera un documento") })
	d.shot("counter-parked")
	if b, _ := button(p, "Riprendi"); b.Disabled || callClock(p, "In chiamata da ") >= 0 {
		t.Errorf("parked, Riprendi cannot be pressed or the call timer still runs:\n%s", dump(p))
	}
	d.key("ctrl+6")
	d.wait("the ticket resumed", func(p ui.Probe) bool {
		return !has(p, "in sospeso") && callClock(p, "In chiamata da ") >= 0 && calledCode(p) == code
	})

	d.key("ctrl+7")
	d.wait("the transfer dialog", func(p ui.Probe) bool { return has(p, "Trasferisci il biglietto") })
	// The desk is one of the office's: → twice from "Qualsiasi
	// postazione" (Sportello 1, then 2), as the operator picks it.
	d.key("Right")
	d.key("Right")
	d.wait("Sportello 2 chosen", func(p ui.Probe) bool { return has(p, "Sportello 2") })
	d.key("Tab")
	d.key("Tab")
	const note = "porta il modulo ISEE firmato"
	d.typeText(note)
	p = d.wait("the note typed", func(p ui.Probe) bool { return p.FocusedText == note })
	d.shot("counter-transfer")
	d.key("Return")
	p = d.wait("the ticket passed to Sportello 2", func(p ui.Probe) bool {
		return len(p.Overlays) == 0 && has(p, "passato a Sportello 2: "+note) && calledCode(p) == "—"
	})
	d.shot("counter-transferred")

	d.key("ctrl+2")
	p = d.wait("the next ticket called", func(p ui.Probe) bool { return ticketCode.MatchString(calledCode(p)) })
	next := calledCode(p)
	if next == code {
		t.Errorf("the ticket passed to Sportello 2 was called again at the reception")
	}
	d.key("ctrl+d")
	p = d.wait("the waiting-room display", func(p ui.Probe) bool {
		return slices.ContainsFunc(p.Windows, func(w ui.ProbeWindow) bool { return slices.Contains(w.Texts, next) })
	})
	screenshotCovering(t, d.env, filepath.Join(d.art, "desk-counter-display.png"), 0.05)
	shown := regexp.MustCompile(`^([A-Z]\d{3}|Sportello( \d+)?|Accoglienza|Numero|Sala d'attesa|\d\d:\d\d)$`)
	for _, w := range p.Windows {
		if w.Title != "Sala d'attesa" {
			continue
		}
		if i := slices.Index(w.Texts, next); i < 0 || i+1 >= len(w.Texts) || w.Texts[i+1] != "Accoglienza" {
			t.Errorf("the display does not show %s at the Accoglienza first: %q", next, w.Texts)
		}
		for _, s := range w.Texts {
			if !shown.MatchString(s) {
				t.Errorf("the waiting-room display shows %q: only numbers, desks and the time belong there", s)
			}
		}
	}
}

// reportCounts reads the report's "<label>  <n>" lines under heading,
// up to the next heading without a count.
func reportCounts(p ui.Probe, heading string) map[string]int {
	out := map[string]int{}
	i := slices.Index(p.Texts, heading)
	if i < 0 {
		return out
	}
	for _, s := range p.Texts[i+1:] {
		label, n, ok := strings.Cut(s, "  ")
		if !ok {
			break
		}
		v, err := strconv.Atoi(strings.Fields(n)[0])
		if err != nil {
			break
		}
		out[label] = v
	}
	return out
}

// excluded is the number of visits the report leaves out of the
// averages.
func excluded(p ui.Probe) int {
	for _, s := range p.Texts {
		// The visits' line ("1 visita esclusa dai tempi medi…"), not the
		// tickets' one beside it.
		if strings.Contains(s, "visit") && strings.Contains(s, "esclus") && strings.Contains(s, "non rappresentativ") {
			n, _ := strconv.Atoi(strings.Fields(s)[0])
			return n
		}
	}
	return 0
}

// TestDesk21Visit: in the day view the operator starts the 10:10 slot
// with Ctrl+2 (the timer runs), adds a service with Ctrl+7 (↓ to choose,
// Invio), parks and resumes with Ctrl+6, and concludes with Ctrl+3: the
// outcome chosen with the arrows, a note typed, "Tempo non
// rappresentativo" ticked with the space bar, Invio. The slot is
// concluded and the Resoconto (Ctrl+Tab) counts its outcome, the booked
// and the added service, and one more visit out of the averages.
func TestDesk21Visit(t *testing.T) {
	d := openDesk(t, "demo")
	d.key("ctrl+Tab")
	before := d.wait("the report", func(p ui.Probe) bool { return has(p, "Servizi erogati") })
	d.key("ctrl+Tab")
	d.wait("the day view", func(p ui.Probe) bool { return has(p, "Agenda di lunedì 23 novembre 2026") })
	d.key("ctrl+Down")
	p := d.wait("the next booked slot", func(p ui.Probe) bool { return rowStatus(p) == "Prenotato" })
	slot, _ := selectedRow(p)

	d.key("ctrl+2")
	first := d.wait("the slot started, its timer shown", func(p ui.Probe) bool {
		return strings.HasPrefix(rowStatus(p), "In corso") && callClock(p, "In corso da ") >= 0
	})
	time.Sleep(2 * time.Second)
	if a, b := callClock(first, "In corso da "), callClock(d.read(), "In corso da "); b <= a {
		t.Errorf("the visit's timer does not run: %d s, then %d s", a, b)
	}

	d.key("ctrl+7")
	d.wait("the service to add", func(p ui.Probe) bool { return has(p, "Aggiungi un servizio alla visita di "+slot.Citizen) })
	d.chooseInSelect(2)
	p = d.wait("the popup closed", func(p ui.Probe) bool { return p.Focused == "*widgets.KeySelect" })
	added := p.Overlays[len(p.Overlays)-1][1] // after "Servizio"
	d.shot("visit-add-service")
	d.key("Return")
	d.wait("the service added", func(p ui.Probe) bool { return len(p.Overlays) == 0 })

	d.key("ctrl+6")
	d.wait("the visit parked", func(p ui.Probe) bool {
		return strings.HasPrefix(rowStatus(p), "Sospeso") && has(p, "Sospeso · iniziato da")
	})
	d.shot("visit-parked")
	d.key("ctrl+6")
	d.wait("the visit resumed", func(p ui.Probe) bool { return strings.HasPrefix(rowStatus(p), "In corso") })

	d.key("ctrl+3")
	p = d.wait("the wrap-up", func(p ui.Probe) bool { return has(p, "Concludi l'appuntamento delle "+slot.Time) })
	if !has(p, added) {
		t.Errorf("the wrap-up does not list the service added, %q:\n%s", added, dump(p))
	}
	d.chooseInSelect(3)
	p = d.wait("the outcome chosen", func(p ui.Probe) bool { return p.Focused == "*widgets.KeySelect" })
	wrap := p.Overlays[len(p.Overlays)-1]
	outcome := wrap[slices.Index(wrap, "Esito")+1]
	d.key("Tab")
	d.key("Tab")
	const note = "chiesto modello ISEE aggiornato"
	d.typeText(note)
	d.key("Tab")
	d.key("space")
	p = d.wait("the note typed and the time flagged", func(p ui.Probe) bool {
		return has(p, note) && slices.ContainsFunc(p.Checked, func(s string) bool { return strings.HasPrefix(s, "Tempo non rappresentativo") })
	})
	d.shot("visit-wrapup")
	d.key("Return")
	d.wait("the slot concluded and sent", func(p ui.Probe) bool { return len(p.Overlays) == 0 && rowStatus(p) == "Concluso" })
	d.shot("visit-concluded")

	d.key("ctrl+Tab")
	after := d.wait("the report counting the visit", func(p ui.Probe) bool {
		return reportCounts(p, "Per esito delle visite")[outcome] == reportCounts(before, "Per esito delle visite")[outcome]+1
	})
	d.shot("visit-report")
	sum := func(m map[string]int) (n int) {
		for _, v := range m {
			n += v
		}
		return n
	}
	was, now := reportCounts(before, "Servizi erogati"), reportCounts(after, "Servizi erogati")
	if sum(now) != sum(was)+2 || now[added] < was[added]+1 {
		t.Errorf("services delivered %v, then %v: want the booked one and %q counted", was, now, added)
	}
	if excluded(after) != excluded(before)+1 {
		t.Errorf("visits out of the averages: %d, then %d", excluded(before), excluded(after))
	}
}

// answerText is the text of the enabled answer box.
func answerText(p ui.Probe) string {
	e, _ := entry(p, "Scrivi la risposta")
	return e.Text
}

// TestDesk21Answer: the consultant moves to a scheda of the contributors'
// section not yet taken: the earlier answers like it show before a key is
// typed. Ctrl+1 takes it, Ctrl+2 goes to the answer; "::apert" and Invio
// insert the opening module with the citizen's name, the scheda's number
// and subject filled; " Importo: ::f24" and Invio insert the payment
// module, which asks only for the amount and the date. Ctrl+A, Ctrl+C:
// the clipboard holds every key typed and no placeholder. Ctrl+E shows
// the schede due, each with its working time left.
func TestDesk21Answer(t *testing.T) {
	_, err := exec.LookPath("xclip")
	requireEnv(t, "xclip", err)
	d := openDesk(t, "cric")
	var p ui.Probe
	for range 25 {
		d.key("ctrl+Down")
		p = d.read()
		if b, ok := button(p, "Prendi in carico"); ok && !b.Disabled && has(p, "Soggetto contribuente") {
			break
		}
	}
	if b, ok := button(p, "Prendi in carico"); !ok || b.Disabled || !has(p, "Soggetto contribuente") {
		t.Fatalf("no contributors' scheda to take reached with Ctrl+↓:\n%s", dump(p))
	}
	p = d.wait("the suggestions", func(p ui.Probe) bool {
		return has(p, "Risposte precedenti simili a questa scheda") && has(p, "1. ")
	})
	d.shot("answer-suggestions")
	var number, subject, name string
	for _, s := range p.Texts {
		if m := regexp.MustCompile(`^(LI-\d{4}-\d+) · Soggetto contribuente`).FindStringSubmatch(s); m != nil {
			number = m[1]
		}
	}
	// The subject is the scheda's title, above its details.
	for i := slices.IndexFunc(p.Texts, func(s string) bool { return strings.HasPrefix(s, number+" · ") }) - 1; i >= 0 && subject == ""; i-- {
		subject = strings.TrimSpace(p.Texts[i])
	}
	// The citizen's name is on the scheda's row in the list, and heads
	// the question.
	for _, s := range p.Texts {
		if n, ok := strings.CutPrefix(s, subject+" — "); ok && name == "" && has(p, "Domanda di "+n) {
			name = n
		}
	}
	if number == "" || subject == "" || name == "" {
		t.Fatalf("the scheda's number %q, subject %q or citizen %q not shown:\n%s", number, subject, name, dump(p))
	}

	d.key("ctrl+1")
	d.wait("the scheda taken", func(p ui.Probe) bool { e, ok := entry(p, "Scrivi la risposta"); return ok && !e.Disabled })
	d.key("ctrl+2")
	d.typeText("::apert")
	d.wait("the opening module offered", func(p ui.Probe) bool { return has(p, "Apertura cortese") })
	d.key("Return")
	p = d.wait("the opening inserted", func(p ui.Probe) bool { return strings.HasPrefix(answerText(p), "Gentile ") })
	d.typeText(" Importo: ::f24")
	d.wait("the payment module offered", func(p ui.Probe) bool { return has(p, "Versamento con F24 o pagoPA") })
	d.shot("answer-module")
	d.key("Return")
	p = d.wait("the missing placeholders asked", func(p ui.Probe) bool { return has(p, "Completa il modulo") })
	if ask := p.Overlays[len(p.Overlays)-1]; !slices.Contains(ask, "Importo") || !slices.Contains(ask, "Scadenza") || slices.Contains(ask, "Nome") {
		t.Errorf("the module asks %q: want the amount and the date only", ask)
	}
	d.typeText("1.250,00")
	d.key("Tab")
	d.typeText("16/12/2026")
	d.shot("answer-placeholders")
	d.key("Return")
	d.wait("the payment module inserted", func(p ui.Probe) bool {
		return len(p.Overlays) == 0 && strings.Contains(answerText(p), "1.250,00 euro, entro il 16/12/2026")
	})
	d.key("ctrl+a")
	d.key("ctrl+c")
	got := d.clipboard()
	for _, want := range []string{"Gentile ", number, "«" + subject + "»", "Le comunichiamo quanto segue. Importo: Il versamento si effettua",
		"1.250,00 euro, entro il 16/12/2026."} {
		if !strings.Contains(got, want) {
			t.Errorf("the answer copied lacks %q:\n%s", want, got)
		}
	}
	for _, part := range strings.Fields(name) {
		if !strings.Contains(strings.SplitN(got, "\n", 2)[0], part) {
			t.Errorf("the answer copied does not greet %s:\n%s", name, got)
			break
		}
	}
	if strings.ContainsAny(got, "{}") || strings.Contains(got, "::") {
		t.Errorf("the answer copied holds a placeholder or the module search:\n%s", got)
	}

	d.key("ctrl+e")
	p = d.wait("the schede due", func(p ui.Probe) bool { return slices.Contains(p.Checked, "In scadenza") })
	d.shot("answer-due")
	rows := 0
	for _, s := range p.Texts {
		if regexp.MustCompile(`· LI-\d{4}-\d+ · `).MatchString(s) {
			rows++
			if !strings.Contains(s, " lav.") && !strings.Contains(s, "orologio fermo") {
				t.Errorf("a scheda due shows no working time: %q", s)
			}
		}
	}
	if rows == 0 {
		t.Errorf("Ctrl+E shows no scheda due:\n%s", dump(p))
	}
}

// schedaOpen is the number and section of the scheda the inbox shows,
// from its details line.
func schedaOpen(p ui.Probe) (number, section string) {
	re := regexp.MustCompile(`^(LI-\d{4}-\d+) · ([^·]+) · ricevuta`)
	for _, s := range p.Texts {
		if m := re.FindStringSubmatch(s); m != nil {
			return m[1], m[2]
		}
	}
	return "", ""
}

// openScheda moves the inbox to the scheda number with Ctrl+↓ or Ctrl+↑,
// as many times as the list says, from the one open.
func (d *desk) openScheda(number string) {
	d.t.Helper()
	row := regexp.MustCompile(`· (LI-\d{4}-\d+) · `)
	for range 3 { // the list may change under the keys: look again
		p := d.read()
		open, _ := schedaOpen(p)
		var rows []string
		for _, s := range p.Texts {
			if m := row.FindStringSubmatch(s); m != nil {
				rows = append(rows, m[1])
			}
		}
		from, to := slices.Index(rows, open), slices.Index(rows, number)
		if to < 0 || from == to {
			return
		}
		k := "ctrl+Down"
		if from > to {
			k = "ctrl+Up"
		}
		for range max(from-to, to-from) {
			d.key(k)
		}
	}
}

// TestDesk21Presence: two consultants of the CRIC, each at their own
// console against one central (a standalone sandbox), open the same
// scheda of the section they share: the one who opens it second reads
// at once that the colleague is looking at it, and the first reads it of
// the second once the presence is renewed.
func TestDesk21Presence(t *testing.T) {
	t.Setenv("SPORTELLO_TEST_CLOCK", demoMorning) // central's clock too
	url := startSandbox(t)
	dirs := map[string]string{}
	for _, op := range []string{"cric", "cric2"} {
		data := filepath.Join(t.TempDir(), op)
		t.Cleanup(func() { forgetSession(url, op) })
		if r := sportello(t, op+"\n", nil, "login", "--server", url, "--operator", op, "--data-dir", data); r.code != 0 {
			t.Fatalf("login of %s: exit %d, %q", op, r.code, r.stderr)
		}
		dirs[op] = data
	}
	teresa := openDeskIn(t, dirs["cric2"], "")
	number := ""
	for range 25 {
		teresa.key("ctrl+Down")
		if n, section := schedaOpen(teresa.read()); section == "Pensioni" {
			number = n
			break
		}
	}
	if number == "" {
		t.Fatalf("no scheda of Pensioni reached with Ctrl+↓:\n%s", dump(teresa.read()))
	}
	marco := openDeskIn(t, dirs["cric"], "")
	marco.openScheda(number)
	if n, _ := schedaOpen(marco.read()); n != number {
		t.Fatalf("Marco Santoro did not reach %s with Ctrl+↓:\n%s", number, dump(marco.read()))
	}
	marco.wait("Teresa Vitale looking at it", func(p ui.Probe) bool { return has(p, "Teresa Vitale la sta guardando") })
	marco.shot("presence-second")
	teresa.wait("Marco Santoro looking at it", func(p ui.Probe) bool { return has(p, "Marco Santoro la sta guardando") })
	teresa.shot("presence-first")
}

package sandbox

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"slices"

	"sportello/client"
	"sportello/model"
)

// seedModules are the text modules central keeps for the CRIC sections:
// the openings, closings and recurring explanations of Linea INPS
// answers, with the placeholders the console fills.
var seedModules = []client.ModuleJSON{
	{ID: "gen-saluto", Section: "pensioni", Title: "Apertura cortese",
		Text: "Gentile {nome} {cognome},\nin riferimento alla Sua scheda n. {numero_scheda} relativa a «{oggetto}», Le comunichiamo quanto segue."},
	{ID: "gen-chiusura", Section: "pensioni", Title: "Chiusura e recapiti",
		Text: "Per ulteriori chiarimenti può rivolgersi al Contact Center (803 164 da rete fissa, 06 164 164 da cellulare) o prenotare un appuntamento presso la Sua Agenzia.\nCordiali saluti,\n{operatore}\n{sede} – sezione {sezione}, {data}"},
	{ID: "pen-estero", Section: "pensioni", Title: "Periodi esteri: totalizzazione in regime internazionale",
		Text: "I periodi di lavoro svolti in un Paese dell'Unione europea o convenzionato si sommano a quelli italiani (totalizzazione internazionale) per il diritto alla pensione; ciascuno Stato paga la quota dei propri periodi. La domanda si presenta all'INPS, che la trasmette all'istituzione estera."},
	{ID: "pen-estratto", Section: "pensioni", Title: "Estratto conto contributivo",
		Text: "L'estratto conto contributivo è consultabile nell'area riservata MyINPS, servizio «Fascicolo previdenziale del cittadino». Se vi riscontra periodi mancanti può chiederne la rettifica con la funzione «Segnalazione contributiva», allegando buste paga o CU del periodo."},
	{ID: "pen-reversibilita", Section: "pensioni", Title: "Pensione ai superstiti",
		Text: "La pensione di reversibilità spetta al coniuge superstite dal primo giorno del mese successivo al decesso, nella misura del 60% della pensione del dante causa, ridotta in base ai redditi del superstite. La domanda si presenta online, tramite patronato o Contact Center."},
	{ID: "pen-documenti", Section: "pensioni", Title: "Richiesta di documenti integrativi",
		Text: "Per completare l'istruttoria della scheda n. {numero_scheda} Le chiediamo di inviare entro {scadenza} la seguente documentazione: {documenti}."},
	{ID: "red-saluto", Section: "sostegno_reddito", Title: "Apertura cortese",
		Text: "Gentile {nome} {cognome},\nin riferimento alla Sua scheda n. {numero_scheda} relativa a «{oggetto}», Le comunichiamo quanto segue."},
	{ID: "red-naspi-termini", Section: "sostegno_reddito", Title: "NASpI: termini della domanda",
		Text: "La domanda di NASpI va presentata entro 68 giorni dalla cessazione del rapporto di lavoro. L'indennità decorre dall'ottavo giorno successivo alla cessazione se la domanda è presentata entro tale termine, altrimenti dal giorno successivo alla domanda."},
	{ID: "red-naspi-pagamento", Section: "sostegno_reddito", Title: "NASpI: pagamento mensile",
		Text: "L'indennità NASpI è pagata mensilmente sull'IBAN indicato nella domanda. Le date dei pagamenti e il dettaglio delle trattenute sono consultabili nel «Fascicolo previdenziale del cittadino», sezione Pagamenti."},
	{ID: "red-auu", Section: "sostegno_reddito", Title: "Assegno unico: ISEE e importo",
		Text: "L'importo dell'Assegno unico universale dipende dall'ISEE del nucleo familiare in corso di validità. Senza ISEE è riconosciuto l'importo minimo; presentando la DSU entro il 30 giugno gli arretrati da marzo sono corrisposti."},
	{ID: "red-chiusura", Section: "sostegno_reddito", Title: "Chiusura e recapiti",
		Text: "Restiamo a disposizione tramite Contact Center o appuntamento in Agenzia.\nCordiali saluti,\n{operatore}\n{sede} – sezione {sezione}, {data}"},
	{ID: "con-saluto", Section: "soggetto_contribuente", Title: "Apertura cortese",
		Text: "Gentile {nome} {cognome},\nin riferimento alla Sua scheda n. {numero_scheda} relativa a «{oggetto}», Le comunichiamo quanto segue."},
	{ID: "con-durc", Section: "soggetto_contribuente", Title: "DURC: regolarità contributiva",
		Text: "Il DURC si richiede online con il servizio «DURC On Line»; ha validità 120 giorni dalla data della richiesta. In presenza di irregolarità l'invito a regolarizzare indica gli importi e il termine di 15 giorni per provvedere."},
	{ID: "con-rateizzazione", Section: "soggetto_contribuente", Title: "Rateizzazione dei debiti contributivi",
		Text: "I debiti contributivi in fase amministrativa possono essere rateizzati fino a 24 rate mensili presentando domanda con il servizio «Rateizzazioni». Per gli avvisi di addebito affidati all'Agente della riscossione la domanda va presentata all'Agente."},
	{ID: "con-f24", Section: "soggetto_contribuente", Title: "Versamento con F24 o pagoPA",
		Text: "Il versamento si effettua con modello F24 indicando la causale contributo riportata nell'avviso, oppure con pagoPA dal «Portale dei pagamenti». L'importo da versare è di {importo} euro, entro il {scadenza}."},
	{ID: "con-chiusura", Section: "soggetto_contribuente", Title: "Chiusura e recapiti",
		Text: "Per ulteriori chiarimenti può utilizzare il Cassetto previdenziale o prenotare un appuntamento.\nCordiali saluti,\n{operatore}\n{sede} – sezione {sezione}, {data}"},
}

// SetModules publishes other text modules (a test changes central's list,
// then syncs); nil brings back the seeded ones.
func (s *Sandbox) SetModules(m []client.ModuleJSON) {
	s.mu.Lock()
	s.modules = slices.Clone(m)
	s.mu.Unlock()
}

// handleModules serves GET /v1/modules: the modules of the caller's
// sections, with an ETag of the list.
func (s *Sandbox) handleModules(w http.ResponseWriter, r *http.Request) {
	op := caller(r)
	if !hasRole(op, string(model.RoleCRIC)) {
		writeError(w, http.StatusForbidden, "forbidden", "I moduli di risposta sono riservati ai consulenti CRIC.")
		return
	}
	s.mu.Lock()
	all := s.modules
	s.mu.Unlock()
	if all == nil {
		all = seedModules
	}
	out := client.ModulesJSON{Modules: []client.ModuleJSON{}}
	for _, m := range all {
		if slices.Contains(op.Sections, m.Section) {
			out.Modules = append(out.Modules, m)
		}
	}
	s.writeTagged(w, r, out)
}

// writeTagged answers with out and an ETag of it: a 304 with no body when
// the request's If-None-Match names it.
func (s *Sandbox) writeTagged(w http.ResponseWriter, r *http.Request, out any) {
	body, err := json.Marshal(out)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	sum := sha256.Sum256(body)
	tag := `"` + hex.EncodeToString(sum[:8]) + `"`
	w.Header().Set("ETag", tag)
	if matchETag(r.Header.Get("If-None-Match"), tag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

package sandbox

import (
	"time"

	"sportello/model"
)

// Realistic data for the sandbox. Offices and comuni (with resident
// population) are those of the Direzione provinciale di Salerno in the
// institute's own document (shared/seeds/000_…txt, "Bacino d'utenza"). The
// office codes follow the national NNNN pattern of seeds/003_…txt but are
// illustrative: Salerno's real codes are not in the seeds. Cadastral codes
// (codice catastale) are those used in the codice fiscale.

type office struct {
	code, name, kind string
	comuni           []comune
}

// desks are the sportelli of each office that take bookings.
var desks = map[string][]string{
	"7800": {"Sportello 1", "Sportello 2", "Sportello 3", "Sportello 4"},
	"7801": {"Sportello 1", "Sportello 2"},
	"7802": {"Sportello 1", "Sportello 2"},
	"7890": {"Sportello 1"}, "7891": {"Sportello 1"}, "7892": {"Sportello 1"},
	"7893": {"Sportello 1"}, "7894": {"Sportello 1"},
	"7895": {"Sportello unico"},
}

// deskDays are the weekdays an office receives, when not every working
// day: the Punto INPS works by appointment on set days (seeds/002_…txt).
var deskDays = map[string][]time.Weekday{"7895": {time.Tuesday, time.Thursday}}

// direzione is the Direzione provinciale all offices belong to.
const direzione = "Direzione provinciale di Salerno"

type comune struct {
	name       string
	population int
}

// birthPlace is a comune with its cadastral code (codice catastale), which
// the codice fiscale carries as place of birth.
type birthPlace struct {
	name, catasto string
}

var offices = []office{
	{"7800", "Sede provinciale di Salerno", "sede", []comune{
		{"Baronissi", 16798}, {"Calvanico", 1397}, {"Castiglione del Genovesi", 1310},
		{"Fisciano", 13859}, {"Giffoni Sei Casali", 4987}, {"Giffoni Valle Piana", 11602},
		{"Mercato San Severino", 21679}, {"Pellezzano", 10951}, {"Pontecagnano Faiano", 25839},
		{"Salerno", 128136}, {"San Cipriano Picentino", 6516}, {"San Mango Piemonte", 2610},
		{"Vietri sul Mare", 7318},
	}},
	{"7801", "Agenzia complessa di Battipaglia", "agenzia_complessa", []comune{
		{"Battipaglia", 49655}, {"Eboli", 37594}, {"Campagna", 16562},
		{"Bellizzi", 13295}, {"Montecorvino Rovella", 12318}, {"Montecorvino Pugliano", 11108},
		{"Altavilla Silentina", 6962}, {"Olevano sul Tusciano", 6536}, {"Albanella", 6273},
		{"Buccino", 4661},
	}},
	{"7802", "Agenzia complessa di Nocera Inferiore", "agenzia_complessa", []comune{
		{"Cava de' Tirreni", 51067}, {"Scafati", 48421}, {"Nocera Inferiore", 44331},
		{"Pagani", 34472}, {"Angri", 33963}, {"Sarno", 30652},
		{"Nocera Superiore", 23842}, {"Castel San Giorgio", 13655}, {"San Valentino Torio", 10844},
		{"San Marzano sul Sarno", 10325},
	}},
	{"7890", "Agenzia di Agropoli", "agenzia", []comune{
		{"Capaccio Paestum", 22331}, {"Agropoli", 21173}, {"Castellabate", 8658},
		{"Montecorice", 2553}, {"Ogliastro Cilento", 2263},
	}},
	{"7891", "Agenzia di Minori", "agenzia", []comune{
		{"Maiori", 5397}, {"Amalfi", 4830}, {"Tramonti", 4092},
		{"Positano", 3772}, {"Minori", 2596}, {"Ravello", 2395},
	}},
	{"7892", "Agenzia di Sala Consilina", "agenzia", []comune{
		{"Sala Consilina", 12258}, {"Teggiano", 7186}, {"Montesano sulla Marcellana", 6275},
		{"Polla", 5174}, {"Padula", 4936}, {"Sassano", 4634},
	}},
	{"7893", "Agenzia di Sapri", "agenzia", []comune{
		{"Camerota", 6882}, {"Sapri", 6401}, {"Centola", 5020},
		{"San Giovanni a Piro", 3648}, {"Vibonati", 3215},
	}},
	{"7894", "Agenzia di Vallo della Lucania", "agenzia", []comune{
		{"Vallo della Lucania", 8466}, {"Ascea", 5808}, {"Casal Velino", 5343},
		{"Castelnuovo Cilento", 2802}, {"Ceraso", 2268},
	}},
	{"7895", "Punto INPS di Padula", "punto_inps", nil},
	{"7880", "CRIC Campania", "cric", nil},
}

// Places of birth: comuni of the province and a few from outside, for
// people who moved in.
var birthPlaces = []birthPlace{
	{"Salerno", "H703"}, {"Salerno", "H703"}, {"Salerno", "H703"}, {"Battipaglia", "A717"}, {"Eboli", "D390"},
	{"Nocera Inferiore", "F912"}, {"Cava de' Tirreni", "C361"}, {"Scafati", "I483"}, {"Sarno", "I438"},
	{"Pagani", "G230"}, {"Angri", "A294"}, {"Agropoli", "A091"}, {"Capaccio Paestum", "B644"},
	{"Pontecagnano Faiano", "G834"}, {"Baronissi", "A674"}, {"Mercato San Severino", "F138"}, {"Fisciano", "D615"},
	{"Sala Consilina", "H683"}, {"Sapri", "I422"}, {"Vallo della Lucania", "L628"}, {"Amalfi", "A258"},
	{"Napoli", "F839"}, {"Napoli", "F839"}, {"Avellino", "A509"}, {"Potenza", "G942"}, {"Roma", "H501"},
}

// demoOperator is an operator the sandbox accepts; the password is the id.
type demoOperator struct {
	id, name, office, desk string
	roles                  []string
	sections               []model.Section // of a CRIC consultant
}

// DemoOperators lists the operators the sandbox accepts. The password of
// each is its id. The README lists them too.
var demoOperators = []demoOperator{
	{"demo", "Anna Lombardi", "7800", "Sportello 3", []string{"sportello"}, nil},
	{"cric", "Marco Santoro", "7880", "", []string{"cric"}, []model.Section{model.SectionPensioni, model.SectionContribuente}},
	{"cric2", "Teresa Vitale", "7880", "", []string{"cric"}, []model.Section{model.SectionPensioni, model.SectionReddito}},
	{"cric3", "Paolo Memoli", "7880", "", []string{"cric"}, []model.Section{model.SectionReddito, model.SectionContribuente}},
	{"accoglienza", "Giulia Senatore", "7801", "", []string{"accoglienza"}, nil},
	{"punto", "Vincenzo Amato", "7895", "Sportello unico", []string{"punto_inps"}, nil},
	// The heads of structure: of the Direzione provinciale (at the Sede,
	// every office of the direzione) and of one Agenzia (its own office).
	{"direttore", "Elena Ruggiero", "7800", "", []string{"responsabile"}, nil},
	{"responsabile", "Antonio Guida", "7801", "", []string{"responsabile"}, nil},
}

// colleagues handled earlier contacts in citizens' histories.
var colleagues = []struct{ id, name, office string }{
	{"demo", "Anna Lombardi", "7800"}, {"op7800a", "Raffaele Cuomo", "7800"}, {"op7800b", "Rosaria Landi", "7800"},
	{"op7801a", "Gerardo Sica", "7801"}, {"op7802a", "Carmela Pepe", "7802"}, {"op7890a", "Nicola Naddeo", "7890"},
	{"punto", "Vincenzo Amato", "7895"}, {"cric", "Marco Santoro", "7880"}, {"cric2", "Teresa Vitale", "7880"},
}

// patronati are accredited patronato institutes (seeds/004_…txt).
var patronati = []string{"ACLI", "INCA CGIL", "INAS CISL", "ITAL UIL", "EPACA Coldiretti", "ENAPA", "50&Più ENASCO"}

// caseKinds are the kinds of pratica, with the youngest and oldest age at
// which a citizen plausibly has one.
var caseKinds = []struct {
	kind           string
	minAge, maxAge int
}{
	{"NASpI", 20, 64}, {"Pensione di vecchiaia", 66, 90}, {"Pensione anticipata", 60, 67},
	{"Invalidità civile", 18, 90}, {"Assegno unico universale", 22, 55}, {"Assegno di inclusione", 18, 90},
	{"Pensione ai superstiti", 40, 90}, {"Riscatto della laurea", 25, 50}, {"Ricongiunzione dei contributi", 40, 66},
}

// documentKinds are documents a citizen's file commonly holds.
var documentKinds = []struct{ kind, title string }{
	{"cu", "Certificazione Unica %d"}, {"obism", "Modello ObisM %d"}, {"ecocert", "Estratto conto contributivo al 31/12/%d"},
	{"ricevuta", "Ricevuta di presentazione domanda (%d)"}, {"isee", "Attestazione ISEE %d"},
}

// schedaTemplate is a believable Linea INPS question of a CRIC section,
// with the answer an expert gave to it: the sandbox's shared FAQ.
type schedaTemplate struct{ subject, question, answer string }

// schedaTemplates are the questions of each CRIC section.
var schedaTemplates = map[model.Section][]schedaTemplate{
	model.SectionPensioni: {
		{"Requisiti pensione anticipata", "Ho iniziato a lavorare a 17 anni e ho 41 anni di contributi, di cui due anni di servizio militare. Posso accedere alla pensione anticipata con la quota 41 per i lavoratori precoci?",
			"Gentile utente, la pensione anticipata per i lavoratori precoci richiede 41 anni di contributi, almeno 12 mesi di lavoro effettivo prima dei 19 anni e l'appartenenza a una delle categorie tutelate (disoccupati, caregiver, invalidi almeno al 74%, addetti a lavori gravosi). Il servizio militare è valido se accreditato come contribuzione figurativa. Presenti prima la domanda di riconoscimento delle condizioni entro il 1° marzo, poi la domanda di pensione."},
		{"Ricostituzione per contributi esteri", "Ho lavorato sei anni in Germania negli anni Ottanta. La mia pensione di vecchiaia tiene conto di quei periodi? Come chiedo la ricostituzione?",
			"Gentile utente, i periodi lavorati in un Paese dell'Unione europea si totalizzano per il diritto, mentre ciascuno Stato paga la propria quota. Se la quota tedesca non le è stata liquidata, presenti domanda di pensione in regime internazionale: l'Istituto la trasmette all'ente tedesco (Deutsche Rentenversicherung). Per la sola ricostituzione della quota italiana usi il servizio online Ricostituzione pensione, allegando l'estratto dei periodi esteri."},
		{"Pensione ai superstiti", "Mio marito è deceduto a marzo ed era titolare di pensione. Quali documenti servono per la pensione di reversibilità e in quanto tempo viene pagata?",
			"Gentile signora, la pensione di reversibilità si chiede online, tramite patronato o Contact Center; servono il certificato di morte (se non già acquisito dal Comune) e i dati del conto per l'accredito. La prestazione decorre dal mese successivo al decesso e gli arretrati sono pagati con la prima rata. L'importo è il 60% della pensione del coniuge, ridotto se ha altri redditi oltre le soglie di legge."},
		{"Cumulo dei periodi assicurativi", "Ho contributi sia nella gestione separata sia nel fondo lavoratori dipendenti. Posso usare il cumulo gratuito per la pensione di vecchiaia?",
			"Gentile utente, sì: il cumulo è gratuito e somma i periodi non coincidenti di tutte le gestioni, compresa la gestione separata, per la pensione di vecchiaia (67 anni e 20 anni di contributi) e per l'anticipata. Ogni gestione calcola la propria quota con le sue regole. La domanda va presentata all'ultima gestione di iscrizione, indicando che si chiede il cumulo."},
		{"Trattenute sul cedolino", "Sul cedolino di questo mese trovo una trattenuta per conguaglio IRPEF che non capisco. Da cosa deriva e posso chiederne la rateizzazione?",
			"Gentile utente, il conguaglio IRPEF ricalcola a fine anno l'imposta dovuta sull'intera pensione: se le detrazioni applicate mese per mese erano più alte del dovuto, la differenza viene trattenuta. Per importi superiori a 100 euro e pensioni fino a 18.000 euro la trattenuta è già rateizzata fino a novembre. Il dettaglio è nella Certificazione Unica e nel cedolino consultabili in area riservata."},
		{"Pensione di vecchiaia e part-time", "Compio 67 anni a giugno e lavoro part-time da dieci anni. Gli anni a tempo parziale valgono per intero per la pensione?",
			"Gentile utente, per il diritto alla pensione i periodi di part-time orizzontale, verticale o misto valgono per intero se la retribuzione annua raggiunge il minimale contributivo; in caso contrario le settimane sono ridotte in proporzione. Può verificare le settimane utili nell'estratto conto contributivo in area riservata e chiederne la rettifica se trova periodi mancanti."},
		{"Supplemento di pensione", "Sono in pensione dal 2019 ma ho continuato a lavorare come dipendente. Posso avere un supplemento per i contributi versati dopo la pensione?",
			"Gentile utente, sì: i contributi versati dopo la decorrenza della pensione danno diritto al supplemento, che si può chiedere la prima volta dopo almeno cinque anni dalla decorrenza (due anni se ha già compiuto l'età per la vecchiaia) e poi ogni cinque anni. La domanda si presenta online con il servizio Supplemento di pensione."},
		{"Estratto conto con periodi mancanti", "Nel mio estratto conto mancano i contributi di due anni in cui lavoravo in una ditta che poi è fallita. Li perdo?",
			"Gentile utente, i contributi non versati da un datore di lavoro fallito possono essere recuperati: per i periodi prescritti si può chiedere la costituzione di rendita vitalizia, mentre per quelli non prescritti l'Istituto procede al recupero verso il datore di lavoro. Presenti la segnalazione di contribuzione mancante online allegando buste paga o il CUD dell'epoca."},
	},
	model.SectionReddito: {
		{"NASpI dopo dimissioni", "Mi sono dimesso per giusta causa per mancato pagamento degli stipendi. Ho diritto alla NASpI e quali documenti devo allegare alla domanda?",
			"Gentile utente, le dimissioni per giusta causa danno diritto alla NASpI come il licenziamento. Alla domanda, da presentare entro 68 giorni dalla cessazione, alleghi la lettera di dimissioni con la motivazione e la documentazione che prova il mancato pagamento (diffida, denuncia all'Ispettorato o ricorso). La prestazione spetta anche in attesa dell'esito del contenzioso."},
		{"Sospensione NASpI per lavoro breve", "Percepisco la NASpI e mi hanno proposto un contratto di tre mesi. La prestazione viene sospesa o persa? Cosa devo comunicare e entro quando?",
			"Gentile utente, un contratto subordinato fino a sei mesi sospende la NASpI, che riprende alla fine del rapporto per la durata residua. Deve comunicare l'assunzione entro 30 giorni con il modello NASpI-Com, se il datore di lavoro non lo ha già fatto con la comunicazione obbligatoria. Se il reddito è sotto la soglia dell'esenzione fiscale può invece chiedere il cumulo con la prestazione ridotta."},
		{"Assegno unico: importo ridotto", "Da gennaio l'importo dell'assegno unico è diminuito anche se l'ISEE è lo stesso. Potete verificare il calcolo?",
			"Gentile utente, a gennaio l'assegno unico si ricalcola con l'ISEE dell'anno nuovo: se la DSU non è stata ancora rinnovata l'importo scende al minimo, e gli arretrati spettano se la presenta entro il 30 giugno. Verifichi inoltre le maggiorazioni (figli con disabilità, entrambi i genitori lavoratori) indicate nella domanda. Il dettaglio del calcolo è consultabile nella sezione Assegno unico del portale."},
		{"Disoccupazione agricola", "Sono operaio agricolo a tempo determinato con 120 giornate nel 2025. Quando posso presentare la domanda di disoccupazione agricola?",
			"Gentile utente, la disoccupazione agricola si chiede dal 1° gennaio al 31 marzo dell'anno successivo a quello di lavoro, quindi per il 2025 entro il 31 marzo 2026. Servono almeno 102 contributi giornalieri nel biennio e due anni di iscrizione negli elenchi. La prestazione è pagata in un'unica soluzione, di solito in estate."},
		{"Cassa integrazione non pagata", "La mia azienda è in cassa integrazione con pagamento diretto da settembre ma non ho ricevuto nulla. Come verifico lo stato della pratica?",
			"Gentile utente, nel pagamento diretto l'Istituto paga dopo aver ricevuto dall'azienda i dati delle ore di sospensione (modello SR41 o flusso UniEmens-Cig). Se l'azienda non li ha inviati il pagamento resta in attesa. Può vedere lo stato in area riservata, Fascicolo previdenziale, Prestazioni; se i dati mancano si rivolga al datore di lavoro, che deve trasmetterli entro i termini."},
		{"Bonus asilo nido respinto", "La domanda di bonus asilo nido è stata respinta perché mancano le ricevute, ma io le ho caricate. Come faccio a farla riesaminare?",
			"Gentile utente, le ricevute devono riportare il nome del bambino, il mese di frequenza, gli estremi del pagamento e il codice fiscale del genitore che ha presentato la domanda. Se erano complete, chieda il riesame con il servizio online della domanda allegando di nuovo i documenti; altrimenti carichi ricevute corrette entro il 31 dicembre dell'anno."},
		{"Assegno di inclusione sospeso", "Il mio assegno di inclusione è stato sospeso dopo il primo rinnovo. Cosa devo fare per riattivarlo?",
			"Gentile utente, l'assegno di inclusione va confermato ogni anno con un ISEE aggiornato e dopo diciotto mesi richiede una nuova domanda. La sospensione dipende spesso dal mancato aggiornamento della DSU o dalla mancata presentazione al servizio sociale. Verifichi le comunicazioni sulla piattaforma SIISL e, regolarizzata la posizione, il pagamento riprende dal mese successivo."},
		{"Congedo parentale frazionato", "Posso usare il congedo parentale a ore e quanto mi viene pagato se mio figlio ha già quattro anni?",
			"Gentile utente, il congedo parentale si può fruire a giorni o a ore, secondo il contratto collettivo, fino ai 12 anni del figlio. Fino ai 6 anni è indennizzato al 30% (per alcuni mesi all'80% o al 60% secondo le regole in vigore per anno di fruizione), oltre solo entro certi limiti di reddito. La domanda si presenta prima dell'inizio del periodo, online o tramite patronato."},
	},
	model.SectionContribuente: {
		{"Contributi colf non risultanti", "Pago regolarmente i contributi della badante di mia madre ma nell'estratto conto della lavoratrice manca il secondo trimestre. Come si corregge?",
			"Gentile utente, verifichi che il pagamento del trimestre sia stato fatto con il codice del rapporto di lavoro corretto: un pagavoto con codice errato resta sospeso. Con la ricevuta può chiedere la sistemazione online nella sezione Lavoratori domestici, Variazione/abbinamento pagamenti. Una volta abbinato, il trimestre compare nell'estratto conto della lavoratrice."},
		{"Rateizzazione avviso di addebito", "Ho ricevuto un avviso di addebito per contributi artigiani del 2023. Posso chiedere la rateizzazione e con quante rate?",
			"Gentile utente, sì: gli avvisi di addebito si possono rateizzare online nel Cassetto previdenziale artigiani e commercianti, fino a 24 rate mensili, o di più in caso di difficoltà documentata. Dopo l'affidamento all'agente della riscossione la domanda va invece presentata ad Agenzia delle Entrate-Riscossione. Il mancato pagamento di otto rate anche non consecutive fa decadere il piano."},
		{"DURC irregolare", "Il DURC della mia ditta risulta irregolare per una differenza di pochi euro già pagata. Come si sblocca la regolarità?",
			"Gentile utente, quando la verifica trova un'irregolarità l'Istituto invia un invito a regolarizzare, con 15 giorni per rispondere. Se ha già pagato, trasmetta la ricevuta nella procedura DURC online o nel Cassetto previdenziale, indicando il numero della richiesta: l'abbinamento del versamento fa emettere il documento regolare. Gli scostamenti sotto i 150 euro non impediscono la regolarità."},
		{"Gestione separata: aliquota", "Sono libera professionista senza cassa e anche dipendente part-time. Quale aliquota della gestione separata devo applicare?",
			"Gentile utente, chi è iscritto alla gestione separata ed è già assicurato presso un'altra forma obbligatoria (come lavoratore dipendente) applica l'aliquota ridotta del 24% invece di quella piena prevista per i professionisti senza altra copertura. I contributi si versano con il modello F24 alle scadenze delle imposte sui redditi, in acconto e saldo."},
		{"Riscatto agevolato", "Vorrei riscattare gli anni di laurea con il riscatto agevolato. Il costo è deducibile e posso pagarlo a rate?",
			"Gentile utente, il riscatto agevolato vale per i periodi da valutare con il sistema contributivo e ha un costo fisso per anno calcolato sul minimale degli artigiani e commercianti. L'onere è deducibile dal reddito e si può pagare in un'unica soluzione o fino a 120 rate mensili senza interessi. La domanda si presenta online dal servizio Riscatto laurea, dove può simulare il costo."},
		{"Contributi volontari", "Ho smesso di lavorare a 58 anni con 32 anni di contributi. Posso versare i contributi volontari per arrivare alla pensione?",
			"Gentile utente, può chiedere l'autorizzazione ai versamenti volontari se ha almeno cinque anni di contributi, di cui tre nell'ultimo quinquennio, oppure con 35 anni totali. L'importo dipende dalla retribuzione degli ultimi dodici mesi. I versamenti si fanno trimestralmente con pagoPA e valgono sia per il diritto sia per la misura della pensione."},
		{"Sgravio contributivo assunzione", "Ho assunto un giovane under 30 a tempo indeterminato. Come applico l'esonero contributivo e quando arriva l'autorizzazione?",
			"Gentile utente, l'esonero per l'assunzione di giovani si chiede con il modulo telematico nel Portale delle agevolazioni indicando il lavoratore e la retribuzione. Ricevuta l'autorizzazione, che arriva di norma in pochi giorni, l'azienda lo applica nelle denunce UniEmens con i codici indicati nella circolare, anche per i mesi arretrati dall'assunzione."},
		{"Cartella per contributi prescritti", "Mi è arrivata una cartella per contributi di commerciante del 2014. Non sono prescritti?",
			"Gentile utente, i contributi previdenziali si prescrivono in cinque anni, ma la prescrizione si interrompe con ogni atto di richiesta notificato (avviso bonario, avviso di addebito, intimazione). Se dal 2014 non ha ricevuto alcun atto, può presentare istanza di sgravio per prescrizione online nel Cassetto previdenziale allegando la documentazione; la verifica degli atti notificati è fatta dalla sede."},
	},
}

// schedaOpenings and schedaClosings vary how citizens write.
var (
	schedaOpenings = []string{"", "Buongiorno, ", "Salve, ", "Gentili signori, ", "Buonasera, "}
	schedaClosings = []string{"", " Grazie.", " Attendo un vostro riscontro.", " Ringrazio per l'attenzione.", " Cordiali saluti."}
)

// infoRequests are what a consultant asks a citizen for while a scheda
// waits.
var infoRequests = []string{
	"Per rispondere ci serve copia delle buste paga del periodo indicato: le può caricare nell'area riservata, sezione Comunicazioni.",
	"Ci indichi per favore il numero della domanda presentata e la data di invio.",
	"Serve la ricevuta del versamento: la può inviare alla casella indicata nella comunicazione.",
}

var familyNames = []string{
	"Rossi", "Russo", "Esposito", "Romano", "Ferrara", "De Luca", "Bruno", "Gallo", "Conti", "Coppola",
	"Giordano", "Rizzo", "Lombardi", "Moretti", "Barbieri", "Santoro", "Caruso", "Leone", "Longo", "Gentile",
	"Vitale", "De Rosa", "Palumbo", "Amato", "Grasso", "Carbone", "Caputo", "Barone", "Guerra", "Martino",
	"Fiore", "De Angelis", "Ferrante", "Iannone", "Apicella", "Capuano", "Di Lorenzo", "Senatore", "Cuomo", "Amendola",
	"Sica", "Landi", "Avallone", "D'Amato", "Pepe", "Naddeo", "Della Monica", "Milite", "Trotta", "Siani",
	"Ruggiero", "Memoli", "Vicinanza", "Fasano", "Cerrato", "Lamberti", "Adinolfi", "Pagano", "Califano", "Sessa",
}

var maleNames = []string{
	"Giuseppe", "Antonio", "Giovanni", "Mario", "Francesco", "Luigi", "Vincenzo", "Salvatore", "Carmine", "Gennaro",
	"Raffaele", "Alfonso", "Pasquale", "Michele", "Domenico", "Ciro", "Gerardo", "Matteo", "Luca", "Marco",
	"Andrea", "Alessandro", "Davide", "Lorenzo", "Roberto", "Stefano", "Paolo", "Nicola", "Enzo", "Aniello",
}

var femaleNames = []string{
	"Maria", "Anna", "Giuseppina", "Rosa", "Angela", "Giovanna", "Teresa", "Lucia", "Carmela", "Concetta",
	"Francesca", "Antonella", "Rita", "Assunta", "Annamaria", "Filomena", "Raffaella", "Giulia", "Chiara", "Sara",
	"Martina", "Federica", "Valentina", "Laura", "Elena", "Alessia", "Immacolata", "Rosaria", "Margherita", "Ilaria",
}

var streets = []string{
	"Via Roma", "Corso Vittorio Emanuele", "Via Giuseppe Garibaldi", "Via Mazzini", "Via Irno", "Via dei Principati",
	"Corso Garibaldi", "Via San Leonardo", "Via Torrione", "Lungomare Trieste", "Via Carlo Pisacane", "Via Nazionale",
	"Piazza Municipio", "Via Generale Clark", "Via Matteotti", "Via Gramsci", "Viale Kennedy", "Via Salvo D'Acquisto",
}

// services is the catalogue: first-level information in the morning
// slots (Livello I), consulenza in the afternoon ones (Livello II).
var services = []struct {
	code, name string
	level      int
}{
	{"estratto_conto", "Estratto conto contributivo", 1}, {"pagamenti", "Pagamenti prestazioni", 1},
	{"naspi_stato", "NASpI: stato della domanda", 1}, {"assegno_unico", "Assegno unico universale", 1},
	{"cu", "Certificazione Unica (CU)", 1}, {"obism", "Duplicato ObisM", 1},
	{"pensione_info", "Pensione: informazioni generali", 1}, {"bonus_nido", "Bonus asilo nido", 1},
	{"ds_agricola", "Domanda di disoccupazione agricola", 1}, {"cedolino", "Cedolino della pensione", 1},
	{"consulenza_pensione", "Consulenza pensionistica", 2}, {"ricostituzione", "Ricostituzione della pensione", 2},
	{"riscatto_laurea", "Riscatto della laurea", 2}, {"invalidita", "Invalidità civile: accertamento", 2},
	{"ricongiunzione", "Ricongiunzione dei contributi", 2}, {"superstiti", "Pensione ai superstiti", 2},
}

// servicesOfLevel returns the names of the services of a level.
func servicesOfLevel(level int) []string {
	var out []string
	for _, s := range services {
		if s.level == level {
			out = append(out, s.name)
		}
	}
	return out
}

package sandbox

import "time"

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
}

// DemoOperators lists the operators the sandbox accepts. The password of
// each is its id. The README lists them too.
var demoOperators = []demoOperator{
	{"demo", "Anna Lombardi", "7800", "Sportello 3", []string{"sportello"}},
	{"cric", "Marco Santoro", "7880", "", []string{"cric"}},
	{"cric2", "Teresa Vitale", "7880", "", []string{"cric"}},
	{"accoglienza", "Giulia Senatore", "7801", "", []string{"accoglienza"}},
	{"punto", "Vincenzo Amato", "7895", "Sportello unico", []string{"punto_inps"}},
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

// direzioniCentrali are the Direzioni centrali a CRIC may forward a scheda
// to, with their national codes (seeds/003_…txt).
var direzioniCentrali = map[string]string{
	"0005": "Ammortizzatori sociali", "0013": "Pensioni", "0015": "Medico legale", "0023": "Entrate",
}

// schedaTemplates are believable Linea INPS questions of each CRIC section.
var schedaTemplates = map[string][]struct{ subject, question string }{
	"pensioni": {
		{"Requisiti pensione anticipata", "Ho iniziato a lavorare a 17 anni e ho 41 anni di contributi, di cui due anni di servizio militare. Posso accedere alla pensione anticipata con la quota 41 per i lavoratori precoci?"},
		{"Ricostituzione per contributi esteri", "Ho lavorato sei anni in Germania negli anni Ottanta. La mia pensione di vecchiaia tiene conto di quei periodi? Come chiedo la ricostituzione?"},
		{"Pensione ai superstiti", "Mio marito è deceduto a marzo ed era titolare di pensione. Quali documenti servono per la pensione di reversibilità e in quanto tempo viene pagata?"},
		{"Cumulo dei periodi assicurativi", "Ho contributi sia nella gestione separata sia nel fondo lavoratori dipendenti. Posso usare il cumulo gratuito per la pensione di vecchiaia?"},
		{"Trattenute sul cedolino", "Sul cedolino di questo mese trovo una trattenuta per conguaglio IRPEF che non capisco. Da cosa deriva e posso chiederne la rateizzazione?"},
	},
	"sostegno_reddito": {
		{"NASpI dopo dimissioni", "Mi sono dimesso per giusta causa per mancato pagamento degli stipendi. Ho diritto alla NASpI e quali documenti devo allegare alla domanda?"},
		{"Sospensione NASpI per lavoro breve", "Percepisco la NASpI e mi hanno proposto un contratto di tre mesi. La prestazione viene sospesa o persa? Cosa devo comunicare e entro quando?"},
		{"Assegno unico: importo ridotto", "Da gennaio l'importo dell'assegno unico è diminuito anche se l'ISEE è lo stesso. Potete verificare il calcolo?"},
		{"Disoccupazione agricola", "Sono operaio agricolo a tempo determinato con 120 giornate nel 2025. Quando posso presentare la domanda di disoccupazione agricola?"},
		{"Cassa integrazione non pagata", "La mia azienda è in cassa integrazione con pagamento diretto da settembre ma non ho ricevuto nulla. Come verifico lo stato della pratica?"},
	},
	"soggetto_contribuente": {
		{"Contributi colf non risultanti", "Pago regolarmente i contributi della badante di mia madre ma nell'estratto conto della lavoratrice manca il secondo trimestre. Come si corregge?"},
		{"Rateizzazione avviso di addebito", "Ho ricevuto un avviso di addebito per contributi artigiani del 2023. Posso chiedere la rateizzazione e con quante rate?"},
		{"DURC irregolare", "Il DURC della mia ditta risulta irregolare per una differenza di pochi euro già pagata. Come si sblocca la regolarità?"},
		{"Gestione separata: aliquota", "Sono libera professionista senza cassa e anche dipendente part-time. Quale aliquota della gestione separata devo applicare?"},
		{"Riscatto agevolato", "Vorrei riscattare gli anni di laurea con il riscatto agevolato. Il costo è deducibile e posso pagarlo a rate?"},
	},
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

package sandbox

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
	deskDays               []int // weekdays the desk takes bookings (1 = Monday); nil = every working day
}

// DemoOperators lists the operators the sandbox accepts. The password of
// each is its id. The README lists them too.
var demoOperators = []demoOperator{
	{"demo", "Anna Lombardi", "7800", "Sportello 3", []string{"sportello"}, nil},
	{"cric", "Marco Santoro", "7880", "", []string{"cric"}, nil},
	{"accoglienza", "Giulia Senatore", "7801", "", []string{"accoglienza"}, nil},
	{"punto", "Vincenzo Amato", "7895", "Sportello unico", []string{"punto_inps"}, []int{2, 4}},
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

// Services of the morning, first-level information (Livello I).
var levelOneServices = []string{
	"Estratto conto contributivo", "Pagamenti prestazioni", "NASpI: stato della domanda", "Assegno unico universale",
	"Certificazione Unica (CU)", "Duplicato ObisM", "Pensione: informazioni generali", "Bonus asilo nido",
	"Domanda di disoccupazione agricola", "Cedolino della pensione",
}

// Services of the afternoon consulenza (Livello II).
var levelTwoServices = []string{
	"Consulenza pensionistica", "Ricostituzione della pensione", "Riscatto della laurea",
	"Invalidità civile: accertamento", "Ricongiunzione dei contributi", "Pensione ai superstiti",
}

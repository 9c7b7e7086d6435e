package client

import (
	"encoding/json"
	"testing"
)

// Fuzz targets for decoding every answer type of the contract: whatever the
// bytes, decoding and conversion must not panic, and an answer accepted
// once must be accepted again after a round trip through JSON (nothing
// half-checked slips through). Run one with, e.g.:
//
//	go test -run '^$' -fuzz '^FuzzDecodeCitizen$' -fuzztime 30s ./client

const (
	seedSlot     = `{"id":"7800-s3-1","office":"7800","start":"2026-11-23T08:30:00+01:00","end":"2026-11-23T08:40:00+01:00","desk":"Sportello 3","channel":"phone_callback","service":"CU","level":1,"status":"booked","citizen_cf":"RSSMRA85T10A562S","phone":"+39 333 1","version":2}`
	seedScheda   = `{"id":"SK1","number":"LI-2026-1","section":"pensioni","status":"in_charge","received_at":"2026-11-20T09:00:00Z","citizen_cf":"RSSMRA85T10A562S","subject":"s","question":"q","holder_id":"cric","holder_name":"Marco","version":2}`
	seedCitizen  = `{"cf":"RSSMRA85T10A562S","given_name":"Mario","family_name":"Rossi","sex":"M","birth_date":"1985-12-10","birth_place":"Salerno","contacts":[{"kind":"mobile","value":"+39 3","verified":true}],"delegations":[{"kind":"patronato","holder":"Patronato ACLI","scope":"Pensioni","from":"2025-01-02"}],"history":[{"at":"2026-01-02T10:00:00Z","channel":"in_person","office":"Sede","operator_id":"demo","operator":"Anna","service":"CU","outcome":"resolved"}],"cases":[{"id":"1","kind":"NASpI","status":"in_review","opened":"2026-01-01","updated":"2026-01-05","office":"Sede"}],"documents":[{"id":"D","title":"CU 2025","kind":"cu","date":"2026-03-01"}],"notes":[{"id":"N1","at":"2026-01-02T10:00:00Z","author_id":"demo","author":"Anna","text":"x"}],"version":3}`
	seedOperator = `{"id":"demo","name":"Anna Lombardi","office":{"code":"7800","name":"Sede"},"desk":"Sportello 3","roles":["sportello"]}`
)

// fuzzDecode runs a fuzz target for answer type T, converted by conv.
func fuzzDecode[T any, M any](f *testing.F, conv func(T) (M, error), seeds ...string) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Add([]byte(`{}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var v T
		if decodeStrict(data, &v) != nil {
			return
		}
		if _, err := conv(v); err != nil {
			return
		}
		again, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("accepted answer does not encode: %v", err)
		}
		var w T
		if err := decodeStrict(again, &w); err != nil {
			t.Fatalf("accepted answer does not decode after a round trip: %v", err)
		}
		if _, err := conv(w); err != nil {
			t.Fatalf("accepted answer rejected after a round trip: %v", err)
		}
	})
}

func FuzzDecodeSession(f *testing.F) {
	fuzzDecode(f, Session.Model, `{"access_token":"aaaaaaaaaaaaaaaaaaaa","refresh_token":"bbbbbbbbbbbbbbbbbbbb","token_type":"Bearer","expires_in":28800,"operator":`+seedOperator+`}`)
}

func FuzzDecodeOperator(f *testing.F) { fuzzDecode(f, OperatorJSON.Model, seedOperator) }

func FuzzDecodeOffices(f *testing.F) {
	fuzzDecode(f, OfficesJSON.Model, `{"direzione":"DP Salerno","offices":[{"code":"7800","name":"Sede","kind":"sede","desks":["Sportello 1"],"hours":[{"weekday":1,"open":"08:30","close":"12:30"}]}]}`)
}

func FuzzDecodeServices(f *testing.F) {
	fuzzDecode(f, ServicesJSON.Model, `{"services":[{"code":"cu","name":"CU","level":1}]}`)
}

func FuzzDecodeSlot(f *testing.F) { fuzzDecode(f, SlotJSON.Model, seedSlot) }

func FuzzDecodeAgenda(f *testing.F) {
	fuzzDecode(f, AgendaJSON.Model, `{"from":"2026-11-23","to":"2026-11-23","slots":[`+seedSlot+`]}`)
}

func FuzzDecodeCitizen(f *testing.F) { fuzzDecode(f, CitizenJSON.Model, seedCitizen) }

func FuzzDecodeCitizenSearch(f *testing.F) {
	fuzzDecode(f, CitizenSearchJSON.Model, `{"results":[{"cf":"RSSMRA85T10A562S","given_name":"Mario","family_name":"Rossi","birth_date":"1985-12-10","birth_place":"Salerno"}]}`)
}

func FuzzDecodeNote(f *testing.F) {
	fuzzDecode(f, NoteJSON.Model, `{"id":"N1","at":"2026-01-02T10:00:00Z","author_id":"demo","author":"Anna","text":"x"}`)
}

func FuzzDecodeScheda(f *testing.F) { fuzzDecode(f, SchedaJSON.Model, seedScheda) }

func FuzzDecodeSchede(f *testing.F) { fuzzDecode(f, SchedeJSON.Model, `{"schede":[`+seedScheda+`]}`) }

func FuzzDecodeConversion(f *testing.F) {
	fuzzDecode(f, ConversionJSON.Model, `{"scheda":`+seedScheda+`,"slot":`+seedSlot+`}`)
}

func FuzzDecodeAvailability(f *testing.F) {
	fuzzDecode(f, AvailabilityJSON.Model, `{"office":"7800","service":"cu","slots":[`+seedSlot+`]}`)
}

func FuzzDecodeChanges(f *testing.F) {
	fuzzDecode(f, ChangesJSON.Model, `{"changes":[{"entity":"slot","id":"7800-s3-1","slot":`+seedSlot+`},{"entity":"citizen","id":"RSSMRA85T10A562S"}],"cursor":"42","has_more":false}`)
}

func FuzzDecodeAuditResult(f *testing.F) {
	fuzzDecode(f, AuditResultJSON.Model, `{"accepted":2,"duplicates":0}`)
}

func FuzzDecodeError(f *testing.F) {
	fuzzDecode(f, func(e ErrorBody) (ErrorBody, error) {
		if e.Slot != nil {
			if _, err := e.Slot.Model(); err != nil {
				return e, err
			}
		}
		if e.Scheda != nil {
			if _, err := e.Scheda.Model(); err != nil {
				return e, err
			}
		}
		return e, nil
	}, `{"code":"held","message":"In carico a Marco","scheda":`+seedScheda+`}`)
}

func FuzzDecodeTicket(f *testing.F) {
	fuzzDecode(f, TicketJSON.Model, `{"id":"tk-00000001","office":"7801","number":12,"reason":"information","status":"waiting","issued_at":"2026-11-23T09:00:00+01:00","version":3,"recalls":1,"max_recalls":3,"transfers":1,"priority":"elderly","transfer_desk":"Sportello 2","transfer_reason":"documents","transfer_note":"porta il modulo"}`)
}

func FuzzDecodeOutcomes(f *testing.F) {
	fuzzDecode(f, OutcomesJSON.Model, `{"outcomes":[{"code":"resolved","name":"Risolto"},{"code":"referred","name":"Indirizzato ad altro ufficio"}]}`)
}

func FuzzDecodeModules(f *testing.F) {
	fuzzDecode(f, ModulesJSON.Model, `{"modules":[{"id":"m1","section":"pensioni","title":"Saluto","text":"Gentile {nome},"},{"id":"m2","section":"pensioni","title":"{{nome}","text":"{"}]}`)
}

func FuzzDecodeCalendar(f *testing.F) {
	fuzzDecode(f, CalendarJSON.Model, `{"office":"7880","holidays":[{"date":"2026-09-19","name":"San Gennaro"}],"scheda_target_days":5,"section_target_days":{"pensioni":10}}`,
		`{"office":"7880","holidays":[{"date":"2026-02-30","name":"x"}],"scheda_target_days":5}`)
}

func FuzzDecodePresence(f *testing.F) {
	fuzzDecode(f, PresenceListJSON.Model, `{"presence":[{"operator_id":"cric2","operator_name":"Teresa Vitale","state":"drafting","until":"2026-11-23T10:06:30+01:00"}]}`)
}

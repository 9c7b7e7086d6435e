package export

import (
	"bytes"
	"encoding/csv"
	"slices"
	"testing"
	"time"

	"sportello/model"
)

// The CSV carries the counter's figures: a transfers column on every
// group, recalls and transfers on the tickets, and a section of outcomes
// (an unknown code as it is), services delivered and indicators, a rate
// left empty when there is nothing to divide by.
func TestReportCSVCounterColumns(t *testing.T) {
	at := func(h, m int) time.Time { return time.Date(2026, 11, 20, h, m, 0, 0, model.Rome) }
	slots := []model.Slot{
		{Channel: model.ChannelInPerson, Service: "CU", Status: model.StatusCompleted, Outcome: model.OutcomeResolved,
			Services: []string{"ISEE"}, ServedFrom: at(9, 0), ServedTo: at(9, 10), Transfers: 1},
		{Channel: model.ChannelInPerson, Service: "CU", Status: model.StatusCompleted, Outcome: "esito_nuovo",
			ServedFrom: at(9, 10), ServedTo: at(9, 40), NotRepresentative: true},
		{Channel: model.ChannelInPerson, Service: "CU", Status: model.StatusNoShow},
		{Channel: model.ChannelInPerson, Service: "CU", Status: model.StatusBooked},
	}
	tickets := []model.Ticket{{Status: model.TicketWaiting, IssuedAt: at(8, 0), Recalls: 2, Transfers: 1}}
	recs := readCSV(t, model.BuildDayReport(at(12, 0), "Battipaglia", "", slots, tickets))

	if recs[0][10] != "Trasferimenti" || recs[1][2] != "Totale" || recs[1][9] != "10,00" || recs[1][10] != "1" {
		t.Errorf("header %v, total %v: want transfers in column 11 and the 30 flagged minutes out of the average", recs[0], recs[1])
	}
	tk := find(recs, "Biglietti elimina code")
	if tk == nil || tk[8] != "2" || tk[9] != "1" {
		t.Errorf("tickets row %v, want 2 recalls and 1 transfer", tk)
	}
	for _, want := range [][]string{
		{"Esito", "risolto", "1"}, {"Esito", "esito_nuovo", "1"},
		{"Servizio erogato", "CU", "2"}, {"Servizio erogato", "ISEE", "1"},
		{"Indicatore", "Assenti sui prenotati (%)", "25,0"},
		{"Indicatore", "Biglietti non presentati alla chiamata (%)", ""},
		{"Indicatore", "Richiami", "2"}, {"Indicatore", "Trasferimenti", "2"},
		{"Indicatore", "Visite escluse dalle medie (non rappresentative)", "1"},
	} {
		if !slices.ContainsFunc(recs, func(r []string) bool { return len(r) == 5 && slices.Equal(r[2:], want) }) {
			t.Errorf("no row %v in\n%v", want, recs)
		}
	}
}

func readCSV(t *testing.T, r model.DayReport) [][]string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteReportCSV(&buf, r); err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte("\ufeff"))))
	cr.Comma, cr.FieldsPerRecord = ';', -1
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func find(recs [][]string, group string) []string {
	for _, r := range recs {
		if len(r) > 2 && r[2] == group {
			return r
		}
	}
	return nil
}

// TestReportCSVCountsTheSuggestedRights: the CSV's indicators carry the
// rights shown, proposed, not relevant and started.
func TestReportCSVCountsTheSuggestedRights(t *testing.T) {
	r := model.BuildDayReport(time.Date(2026, 11, 23, 12, 0, 0, 0, model.Rome), "Salerno", "Sportello 3", nil, nil)
	r.Suggestions = model.SuggestionStats{Shown: 7, Proposed: 3, NotRelevant: 2, Started: 1}
	recs := readCSV(t, r)
	for _, want := range [][]string{
		{"Indicatore", "Diritti da verificare mostrati", "7"}, {"Indicatore", "Diritti proposti al cittadino", "3"},
		{"Indicatore", "Diritti non pertinenti", "2"}, {"Indicatore", "Domande avviate da un diritto da verificare", "1"},
	} {
		if !slices.ContainsFunc(recs, func(r []string) bool { return len(r) == 5 && slices.Equal(r[2:], want) }) {
			t.Errorf("no row %v in\n%v", want, recs)
		}
	}
}

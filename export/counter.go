package export

import (
	"strconv"
	"strings"

	"sportello/assets/i18n"
	"sportello/model"
)

// OutcomeLabel names an outcome of central's catalogue in the language in
// use: a code the console does not know yet (the catalogue grows) is shown
// as it is, none recorded as such.
func OutcomeLabel(code string) string {
	if code == "" {
		return i18n.T("report.outcome_none")
	}
	return i18n.Or("outcome."+code, code)
}

// TicketServiceLabel names a service delivered at the reception as the
// report counts it (model.TicketStats.Delivered): a ticket's reason, by
// its letter and name in the language in use, or a catalogue's service,
// by the name central gives.
func TicketServiceLabel(key string) string {
	if r := model.TicketReason(key); r.Valid() {
		return r.Letter() + " · " + i18n.T("ticket.reason."+key)
	}
	return key
}

// Percent writes a rate as a percentage with one decimal ("14,3 %"), or
// "" when there is no rate (nothing to divide by).
func Percent(rate float64, ok bool) string {
	if !ok {
		return ""
	}
	return csvPercent(rate, ok) + " %"
}

// csvPercent writes a rate for a spreadsheet: a percentage as a number
// with one decimal and the language's decimal mark; "" for no rate.
func csvPercent(rate float64, ok bool) string {
	if !ok {
		return ""
	}
	return strings.Replace(strconv.FormatFloat(rate*100, 'f', 1, 64), ".", i18n.T("number.decimal_mark"), 1)
}

// counterRows are the report's counter figures as a CSV section of their
// own: outcomes, services delivered, then the day's indicators (no-show
// rates, recalls, transfers, visits left out of the averages, suggested
// rights shown and marked).
func counterRows(r model.DayReport, day, scope string) [][]string {
	rows := [][]string{{i18n.T("csv.day"), i18n.T("csv.scope"), i18n.T("csv.group"), i18n.T("csv.key"), i18n.T("csv.value")}}
	for _, o := range r.Outcomes {
		rows = append(rows, []string{day, scope, i18n.T("csv.outcome"), OutcomeLabel(o.Key), strconv.Itoa(o.N)})
	}
	for _, d := range r.Delivered {
		rows = append(rows, []string{day, scope, i18n.T("csv.delivered"), d.Key, strconv.Itoa(d.N)})
	}
	if r.Desk == "" { // the tickets' own figures, apart from the visits' (see model.TicketStats)
		for _, o := range r.Tickets.Outcomes {
			rows = append(rows, []string{day, scope, i18n.T("csv.ticket_outcome"), OutcomeLabel(o.Key), strconv.Itoa(o.N)})
		}
		for _, d := range r.Tickets.Delivered {
			rows = append(rows, []string{day, scope, i18n.T("csv.ticket_delivered"), TicketServiceLabel(d.Key), strconv.Itoa(d.N)})
		}
	}
	figure := func(key, value string) []string {
		return []string{day, scope, i18n.T("csv.figure"), i18n.T(key), value}
	}
	rows = append(rows, figure("csv.no_show_rate", csvPercent(r.NoShowRate())))
	if r.Desk == "" {
		rows = append(rows, figure("csv.gone_rate", csvPercent(r.Tickets.GoneRate())),
			figure("csv.recalls", strconv.Itoa(r.Tickets.Recalls)),
			figure("csv.tickets_not_representative", strconv.Itoa(r.Tickets.NotRepresentative)))
	}
	return append(rows, figure("csv.transfers", strconv.Itoa(r.Transfers())),
		figure("csv.not_representative", strconv.Itoa(r.NotRepresentative)),
		figure("csv.suggestions_shown", strconv.Itoa(r.Suggestions.Shown)),
		figure("csv.suggestions_proposed", strconv.Itoa(r.Suggestions.Proposed)),
		figure("csv.suggestions_not_relevant", strconv.Itoa(r.Suggestions.NotRelevant)),
		figure("csv.suggestions_started", strconv.Itoa(r.Suggestions.Started)))
}

// Package export writes what the reception hands out or files: the booking
// confirmation a citizen takes home (PDF) and the end-of-day report
// (CSV), in the language in use.
package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"sportello/assets/i18n"
	"sportello/model"
)

// Confirmation is what the citizen must know of a booking.
type Confirmation struct {
	Booking  model.Booking
	Operator string // who booked, as the paper names them
	Office   string // the operator's office
	Printed  time.Time
}

// Lines returns the confirmation as label and value pairs, the way the
// screen and the paper show it.
func (c Confirmation) Lines() [][2]string {
	b := c.Booking
	sl := b.Slot()
	lines := [][2]string{
		{i18n.T("confirm.citizen"), b.Request.CitizenName + " (" + b.Request.CF + ")"},
		{i18n.T("confirm.service"), b.Request.Service.Name + " · " + i18n.T(fmt.Sprintf("level.name.%d", b.Request.Service.Level))},
		{i18n.T("confirm.when"), i18n.T("confirm.when_value", i18n.LongDate(sl.Start.In(model.Rome)), sl.Start.In(model.Rome).Format("15:04"))},
		{i18n.T("confirm.channel"), i18n.T("channel." + string(sl.Channel))},
	}
	switch sl.Channel {
	case model.ChannelInPerson:
		lines = append(lines, [2]string{i18n.T("confirm.where"), b.Request.OfficeName + ", " + sl.Desk})
	case model.ChannelPhone:
		lines = append(lines, [2]string{i18n.T("confirm.phone"), i18n.T("confirm.phone_value", sl.Phone)})
	case model.ChannelWebMeeting:
		link := sl.MeetingURL
		if link == "" {
			link = i18n.T("confirm.link_later", b.Request.Email)
		}
		lines = append(lines, [2]string{i18n.T("confirm.link"), link})
	}
	state := i18n.T("confirm.state." + string(b.State))
	return append(lines, [2]string{i18n.T("confirm.state"), state}, [2]string{i18n.T("confirm.code"), sl.ID})
}

// Advice is what the confirmation tells the citizen to do, by channel.
func (c Confirmation) Advice() string {
	return i18n.T("confirm.advice." + string(c.Booking.Slot().Channel))
}

// WritePDF writes the confirmation as a one-page A4 PDF.
func (c Confirmation) WritePDF(w io.Writer) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetTitle(i18n.T("confirm.title"), true)
	pdf.SetCreator("Sportello", true)
	// The core fonts speak cp1252, which has every Italian letter.
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	pdf.SetMargins(20, 20, 20)
	pdf.AddPage()
	pdf.SetFont("Helvetica", "B", 11)
	pdf.SetTextColor(0, 84, 150)
	pdf.CellFormat(0, 6, tr(i18n.T("confirm.institute")), "", 1, "L", false, 0, "")
	pdf.SetFont("Helvetica", "", 9)
	pdf.SetTextColor(80, 80, 80)
	pdf.CellFormat(0, 5, tr(c.Office), "", 1, "L", false, 0, "")
	pdf.Ln(6)
	pdf.SetTextColor(0, 0, 0)
	pdf.SetFont("Helvetica", "B", 16)
	pdf.CellFormat(0, 9, tr(i18n.T("confirm.title")), "", 1, "L", false, 0, "")
	pdf.Ln(3)
	for _, l := range c.Lines() {
		pdf.SetFont("Helvetica", "B", 10)
		pdf.CellFormat(42, 7, tr(l[0]), "", 0, "L", false, 0, "")
		pdf.SetFont("Helvetica", "", 11)
		pdf.MultiCell(0, 7, tr(l[1]), "", "L", false)
	}
	pdf.Ln(4)
	pdf.SetFont("Helvetica", "", 10)
	pdf.MultiCell(0, 5, tr(c.Advice()), "", "L", false)
	pdf.Ln(2)
	pdf.MultiCell(0, 5, tr(i18n.T("confirm.cancel")), "", "L", false)
	pdf.Ln(6)
	pdf.SetFont("Helvetica", "I", 8)
	pdf.SetTextColor(100, 100, 100)
	pdf.MultiCell(0, 4, tr(i18n.T("confirm.footer", c.Operator, c.Printed.In(model.Rome).Format("02/01/2006 15:04"))), "", "L", false)
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("confirmation pdf: %w", err)
	}
	return nil
}

// Duration writes a duration the way an operator reads it, "10 min 1 s",
// "12 min" or "45 s" ("10:01" read as a time of day), or "" for none.
func Duration(d time.Duration) string {
	if d <= 0 {
		return ""
	}
	s := int(d.Round(time.Second) / time.Second)
	switch {
	case s < 60:
		return i18n.T("duration.s", s)
	case s%60 == 0:
		return i18n.T("duration.min", s/60)
	}
	return i18n.T("duration.min_s", s/60, s%60)
}

// CSVMinutes writes a duration for a spreadsheet: minutes as a number with
// two decimals and the language's decimal mark ("10,02"), which no
// spreadsheet turns into a clock as it did "10:01"; "" for none.
func CSVMinutes(d time.Duration) string {
	if d <= 0 {
		return ""
	}
	return strings.Replace(strconv.FormatFloat(d.Round(time.Second).Minutes(), 'f', 2, 64), ".", i18n.T("number.decimal_mark"), 1)
}

// WriteReportCSV writes a day report as CSV the way Italian spreadsheets
// open it: semicolons, a UTF-8 byte order mark, one row per group (the
// total, each channel, each service) and, for an office, one for the
// queue tickets.
func WriteReportCSV(w io.Writer, r model.DayReport) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return fmt.Errorf("report csv: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.Comma, cw.UseCRLF = ';', true
	scope := r.Office
	if r.Desk != "" {
		scope += " · " + r.Desk
	}
	day := r.Day.Format("2006-01-02")
	rows := [][]string{{i18n.T("csv.day"), i18n.T("csv.scope"), i18n.T("csv.group"), i18n.T("csv.key"), i18n.T("csv.booked"),
		i18n.T("csv.served"), i18n.T("csv.no_show"), i18n.T("csv.cancelled"), i18n.T("csv.open"), i18n.T("csv.avg_service"),
		i18n.T("csv.transfers")}}
	row := func(group, key string, x model.ReportRow) []string {
		return []string{day, scope, group, key, strconv.Itoa(x.Booked), strconv.Itoa(x.Served), strconv.Itoa(x.NoShow),
			strconv.Itoa(x.Cancelled), strconv.Itoa(x.Open), CSVMinutes(x.AverageService()), strconv.Itoa(x.Transfers)}
	}
	rows = append(rows, row(i18n.T("csv.total"), "", r.Total))
	for _, x := range r.ByChannel {
		rows = append(rows, row(i18n.T("csv.channel"), i18n.T("channel."+x.Key), x))
	}
	for _, x := range r.ByService {
		rows = append(rows, row(i18n.T("csv.service"), x.Key, x))
	}
	if r.Desk == "" {
		t := r.Tickets
		rows = append(rows, []string{}, []string{i18n.T("csv.day"), i18n.T("csv.scope"), i18n.T("csv.group"), i18n.T("csv.issued"),
			i18n.T("csv.served"), i18n.T("csv.gone"), i18n.T("csv.waiting"), i18n.T("csv.avg_wait"), i18n.T("csv.recalls"),
			i18n.T("csv.transfers"), i18n.T("csv.avg_service")},
			[]string{day, scope, i18n.T("csv.tickets"), strconv.Itoa(t.Issued), strconv.Itoa(t.Served), strconv.Itoa(t.Gone),
				strconv.Itoa(t.Waiting), CSVMinutes(t.AverageWait()), strconv.Itoa(t.Recalls), strconv.Itoa(t.Transfers),
				CSVMinutes(t.AverageService())})
	}
	rows = append(rows, []string{})
	rows = append(rows, counterRows(r, day, scope)...)
	for _, rec := range rows {
		if len(rec) == 0 {
			if _, err := io.WriteString(w, "\r\n"); err != nil {
				return fmt.Errorf("report csv: %w", err)
			}
			continue
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("report csv: %w", err)
		}
		cw.Flush()
	}
	if err := cw.Error(); err != nil {
		return fmt.Errorf("report csv: %w", err)
	}
	return nil
}

// ReportFileName is the name the report's CSV is offered under, in the
// language in use ("resoconto-2026-11-23.csv").
func ReportFileName(r model.DayReport) string {
	name := i18n.T("report.file_name", r.Day.Format("2006-01-02"))
	if r.Desk != "" {
		name += "-" + strings.ToLower(strings.ReplaceAll(r.Desk, " ", "-"))
	}
	return name + ".csv"
}

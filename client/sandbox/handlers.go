package sandbox

import (
	"fmt"
	"net/http"
	"time"

	"sportello/client"
	"sportello/model"
)

// maxRangeDays bounds the range of one agenda or availability request.
const maxRangeDays = 62

// dateRange parses the from and to query parameters.
func dateRange(w http.ResponseWriter, r *http.Request) (from, to time.Time, ok bool) {
	from, err1 := time.ParseInLocation(client.DateLayout, r.URL.Query().Get("from"), model.Rome)
	to, err2 := time.ParseInLocation(client.DateLayout, r.URL.Query().Get("to"), model.Rome)
	if err1 != nil || err2 != nil || to.Before(from) || to.Sub(from) > maxRangeDays*24*time.Hour {
		writeError(w, http.StatusBadRequest, "bad_request",
			fmt.Sprintf("Intervallo di date non valido: servono from e to (AAAA-MM-GG), from non dopo to, al massimo %d giorni.", maxRangeDays))
		return from, to, false
	}
	return from, to, true
}

func (s *Sandbox) handleOffices(w http.ResponseWriter, r *http.Request) {
	out := client.OfficesJSON{Direzione: direzione, Offices: []client.OfficeDetailJSON{}}
	for _, o := range offices {
		d := client.OfficeDetailJSON{Code: o.code, Name: o.name, Kind: o.kind, Desks: desks[o.code], Hours: []client.OpeningHoursJSON{}}
		for _, c := range o.comuni {
			d.Comuni = append(d.Comuni, c.name)
		}
		if d.Desks == nil {
			d.Desks = []string{}
		}
		for wd := time.Monday; wd <= time.Friday; wd++ {
			day := time.Date(2026, 1, 5+int(wd-time.Monday), 0, 0, 0, 0, model.Rome) // a week with no holiday
			switch {
			case o.kind == "cric":
				d.Hours = append(d.Hours, client.OpeningHoursJSON{Weekday: int(wd), Open: "08:00", Close: "14:00"})
			case officeOpen(o.code, day):
				d.Hours = append(d.Hours, client.OpeningHoursJSON{Weekday: int(wd), Open: "08:30", Close: "12:30"})
				if wd <= time.Thursday {
					d.Hours = append(d.Hours, client.OpeningHoursJSON{Weekday: int(wd), Open: "14:30", Close: "16:30"})
				}
			}
		}
		out.Offices = append(out.Offices, d)
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Sandbox) handleServices(w http.ResponseWriter, r *http.Request) {
	out := client.ServicesJSON{Services: []client.ServiceJSON{}}
	for _, sv := range services {
		out.Services = append(out.Services, client.ServiceJSON{Code: sv.code, Name: sv.name, Level: sv.level})
	}
	writeJSON(w, http.StatusOK, out)
}

package dayview

import (
	"sportello/ui/widgets"
)

// DayProbe is the day view's state: what its list rows and file panel
// hold.
type DayProbe struct {
	Day      string   `json:"day"` // YYYY-MM-DD
	Selected string   `json:"selected,omitempty"`
	FileCF   string   `json:"file_cf,omitempty"`
	Rows     []DayRow `json:"rows"`
	// Search is the search box's state: its text, the results shown
	// under it (if open) and the highlighted one (-1 for none).
	Search       string   `json:"search"`
	SearchOpen   bool     `json:"search_open"`
	SearchHits   []string `json:"search_hits"`
	SearchCursor int      `json:"search_cursor"`
}

// DayRow is one slot of the day view, as its list shows it.
type DayRow struct {
	ID      string `json:"id"`
	Time    string `json:"time"`
	Desk    string `json:"desk"`
	Channel string `json:"channel"`
	Citizen string `json:"citizen"`
	Status  string `json:"status"`
}

// Probe is the day view's state, for the probe; it runs on the UI
// goroutine.
func (v *DayView) Probe() *DayProbe {
	d := &DayProbe{Day: v.day.Format("2006-01-02"), Selected: v.selected, FileCF: v.fileCF, Rows: []DayRow{}}
	for _, e := range v.entries {
		d.Rows = append(d.Rows, DayRow{ID: e.ID, Time: widgets.CellText(e, widgets.ColTime), Desk: e.Desk, Channel: string(e.Channel),
			Citizen: widgets.CellText(e, widgets.ColCitizen), Status: widgets.CellText(e, widgets.ColStatus)})
	}
	d.Search, d.SearchOpen, d.SearchCursor, d.SearchHits = v.search.entry.Text, v.search.Open(), v.search.cursor, []string{}
	for _, h := range v.search.hits {
		d.SearchHits = append(d.SearchHits, h.FullName())
	}
	return d
}

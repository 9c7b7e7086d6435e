package client

import (
	"testing"

	"sportello/model"
)

// A calendar outside the contract is refused whole: a target beyond
// model.MaxTargetDays, a holiday on a day that does not exist.
func TestACalendarOutsideTheContractIsRefused(t *testing.T) {
	ok := CalendarJSON{Office: "7880", Holidays: []HolidayJSON{{Date: "2026-09-19", Name: "San Gennaro"}}, SchedaTarget: 5,
		SectionTargets: map[string]int{"pensioni": model.MaxTargetDays}}
	if _, err := ok.Model(); err != nil {
		t.Fatalf("a calendar within the contract: %v", err)
	}
	for name, c := range map[string]CalendarJSON{
		"a huge target":         {Office: "7880", Holidays: []HolidayJSON{}, SchedaTarget: 1 << 40},
		"a huge section target": {Office: "7880", Holidays: []HolidayJSON{}, SchedaTarget: 5, SectionTargets: map[string]int{"pensioni": model.MaxTargetDays + 1}},
		"30 February":           {Office: "7880", Holidays: []HolidayJSON{{Date: "2026-02-30", Name: "x"}}, SchedaTarget: 5},
		"a date with a time":    {Office: "7880", Holidays: []HolidayJSON{{Date: "2026-09-19T00:00:00Z", Name: "x"}}, SchedaTarget: 5},
		"no target":             {Office: "7880", Holidays: []HolidayJSON{}},
	} {
		if _, err := c.Model(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

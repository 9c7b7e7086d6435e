package reception

import (
	"testing"

	"sportello/model"
)

// The report's bars say their split in words too.
func TestReportBarsInWords(t *testing.T) {
	if got := partsText(model.ReportRow{Booked: 10, Served: 4, Open: 6}); got != " (4 serviti, 6 ancora aperti)" {
		t.Errorf("bar reads %q", got)
	}
	if got := partsText(model.ReportRow{Booked: 2, NoShow: 1, Cancelled: 1}); got != " (1 assente, 1 annullato)" {
		t.Errorf("bar reads %q", got)
	}
}

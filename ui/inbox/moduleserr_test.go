package inbox

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"sportello/app"
	"sportello/internal/testkit"
	"sportello/model"
	"sportello/ui/uitest"
)

// brokenModules is a consultant's console whose mirror cannot read the
// text modules.
type brokenModules struct{ *app.Console }

func (brokenModules) TextModules(context.Context, model.Section) ([]model.TextModule, error) {
	return nil, errors.New("cache: modules: disk I/O error")
}

// The modules that cannot be read say so in Italian, not with the Go
// error's English.
func TestModulesThatCannotBeReadSaySoInItalian(t *testing.T) {
	_, _, url := uitest.CentralServer(t)
	marco, _ := uitest.Consultant(t, url, "cric", "")
	v := NewInboxView(brokenModules{marco})
	t.Cleanup(v.Close)
	v.modules.load(model.SectionPensioni)
	var got string
	testkit.WaitFor(t, 5*time.Second, "the modules' note", func() bool {
		fyne.DoAndWait(func() { got = v.modules.note.Text })
		return got != ""
	})
	if strings.Contains(got, "disk I/O") || got != app.Explain(errors.New("x")) {
		t.Errorf("the note: %q", got)
	}
}

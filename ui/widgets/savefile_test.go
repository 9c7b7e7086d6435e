package widgets

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sportello/ui/uitest"
)

// The save dialog is ours, in Italian: it writes the document where the
// operator says, asks in Italian before replacing a file, and names a
// folder that does not exist instead of failing in English.
func TestSaveFileInItalian(t *testing.T) {
	test.NewTempApp(t)
	FollowLanguage("it")
	t.Cleanup(func() { FollowLanguage("en") })
	w := test.NewTempWindow(t, widget.NewLabel(""))
	dir := t.TempDir()
	content := "uno"
	var saved string
	s := &saveAsk{win: w, folder: widget.NewEntry(), name: widget.NewEntry(),
		write: func(w io.Writer) error { _, err := io.WriteString(w, content); return err },
		done:  func(p string) { saved = p }}
	s.folder.SetText(dir)
	s.name.SetText("resoconto-2026-11-23.csv")
	s.save()
	path := filepath.Join(dir, "resoconto-2026-11-23.csv")
	if b, err := os.ReadFile(path); err != nil || string(b) != "uno" || saved != path {
		t.Fatalf("saved %q: %q, %v", saved, b, err)
	}

	content, saved = "due", ""
	s.save()
	overlay := w.Canvas().Overlays().Top()
	yes := uitest.FindButton(overlay, "Sì")
	if yes == nil || saved != "" {
		t.Fatalf("no Italian question before replacing the file (saved %q)", saved)
	}
	test.Tap(yes)
	if b, _ := os.ReadFile(path); string(b) != "due" || saved != path {
		t.Errorf("replaced with %q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}

	s.folder.SetText(filepath.Join(dir, "nessuna"))
	saved = ""
	s.save()
	if saved != "" || uitest.FindButton(w.Canvas().Overlays().Top(), "OK") == nil {
		t.Errorf("a missing folder was not explained")
	}
}

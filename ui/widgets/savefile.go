package widgets

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"sportello/assets/i18n"
)

// lastSaveFolder is the folder the operator saved to last, offered next
// (UI goroutine only).
var lastSaveFolder string

// saveAsk is the dialog that asks where to save a document: a folder and
// a file name, in the console's language. Fyne's file dialog names its
// places in English ("Home", "Documents", "Overwrite?") whatever the
// language; this one is two fields and the Italian words.
type saveAsk struct {
	win    fyne.Window
	folder *widget.Entry
	name   *widget.Entry
	write  func(io.Writer) error
	// done is told where the file was written (tests watch it).
	done func(path string)
}

// SaveFile asks where to save a document named name (in the folder used
// last, else the user's documents) and writes it there with write.
func SaveFile(win fyne.Window, name string, write func(io.Writer) error) {
	s := &saveAsk{win: win, folder: widget.NewEntry(), name: widget.NewEntry(), write: write}
	s.folder.SetText(lastSaveFolder)
	if s.folder.Text == "" {
		s.folder.SetText(documentsFolder())
	}
	s.name.SetText(name)
	s.name.Validator = func(v string) error {
		if strings.TrimSpace(v) == "" || strings.ContainsAny(v, `/\`) {
			return errors.New(i18n.T("save.bad_name"))
		}
		return nil
	}
	s.done = func(path string) {
		dialog.ShowInformation(i18n.T("save.title"), i18n.T("save.done", path), win)
	}
	d := dialog.NewForm(i18n.T("save.title"), i18n.T("save.save"), i18n.T("dialog.cancel"), []*widget.FormItem{
		widget.NewFormItem(i18n.T("save.folder"), s.folder),
		widget.NewFormItem(i18n.T("save.name"), s.name),
	}, func(ok bool) {
		if ok {
			s.save()
		}
	}, win)
	// Enter in either field saves, as the Salva button does.
	s.folder.OnSubmitted = func(string) { d.Submit() }
	s.name.OnSubmitted = func(string) { d.Submit() }
	d.Resize(fyne.NewSize(600, d.MinSize().Height))
	d.Show()
	win.Canvas().Focus(s.name)
}

// save writes the file, asking first before it replaces one.
func (s *saveAsk) save() {
	dir := expandHome(strings.TrimSpace(s.folder.Text))
	path := filepath.Join(dir, strings.TrimSpace(s.name.Text))
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		dialog.ShowError(errors.New(i18n.T("save.no_folder", dir)), s.win)
		return
	}
	if _, err := os.Stat(path); err == nil {
		dialog.ShowConfirm(i18n.T("save.replace_title"), i18n.T("save.replace", filepath.Base(path)), func(yes bool) {
			if yes {
				s.writeTo(path)
			}
		}, s.win)
		return
	}
	s.writeTo(path)
}

// writeTo writes the document to path and says where, or why not.
func (s *saveAsk) writeTo(path string) {
	if err := writeFile(path, s.write); err != nil {
		slog.Warn("save document", "err", err)
		dialog.ShowError(errors.New(i18n.T("save.failed", filepath.Dir(path))), s.win)
		return
	}
	lastSaveFolder = filepath.Dir(path)
	s.done(path)
}

// writeFile writes a file through write, whole or not at all.
func writeFile(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".sportello-*.tmp")
	if err != nil {
		return fmt.Errorf("save %s: %w", filepath.Base(path), err)
	}
	defer os.Remove(tmp.Name()) // after the rename, nothing to remove
	w := bufio.NewWriter(tmp)
	err = write(w)
	if err == nil {
		err = w.Flush()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("save %s: %w", filepath.Base(path), err)
	}
	return nil
}

// documentsFolder is where documents go by default: the user's documents
// folder (XDG's on Linux, "Documenti" on an Italian desktop), else home.
func documentsFolder() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	if d := xdgDocuments(home); d != "" {
		return d
	}
	for _, name := range []string{"Documents", "Documenti"} {
		if fi, err := os.Stat(filepath.Join(home, name)); err == nil && fi.IsDir() {
			return filepath.Join(home, name)
		}
	}
	return home
}

// xdgDocuments reads XDG_DOCUMENTS_DIR from ~/.config/user-dirs.dirs, if
// there is one and the folder exists.
func xdgDocuments(home string) string {
	b, err := os.ReadFile(filepath.Join(home, ".config", "user-dirs.dirs"))
	if err != nil {
		return ""
	}
	for l := range strings.Lines(string(b)) {
		v, ok := strings.CutPrefix(strings.TrimSpace(l), "XDG_DOCUMENTS_DIR=")
		if !ok {
			continue
		}
		d := strings.ReplaceAll(strings.Trim(v, `"`), "$HOME", home)
		if fi, err := os.Stat(d); err == nil && fi.IsDir() && d != home {
			return d
		}
	}
	return ""
}

// expandHome turns a leading "~" into the user's home folder.
func expandHome(p string) string {
	if p == "~" || strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, p[1:])
		}
	}
	return p
}

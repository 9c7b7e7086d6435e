package app

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrPrintFolder means the folder of the documents opened for printing is
// not private (another user's, not a folder, or a link elsewhere): nothing
// was written there.
var ErrPrintFolder = errors.New("print folder not private")

// printFolder is where the console writes the documents it opens for
// printing (a booking's confirmation holds a citizen's name and codice
// fiscale): a folder of its own beside the mirror, 0700 and the current
// user's. The console empties it when it closes, after the viewer had
// time to open the files, and again when it starts, so that a crash does
// not leave them there for ever.
func (c *Console) printFolder() string {
	if c.folder == "" {
		return ""
	}
	return filepath.Join(c.folder, "print")
}

// PrintFile writes a document to print as name in the console's print
// folder, readable by the current user only (0600 whatever the umask),
// and returns its path for the system's viewer. The folder is made private
// (0700) and checked to be a folder of the current user's, not a link.
func (c *Console) PrintFile(name string, write func(io.Writer) error) (string, error) {
	dir := c.printFolder()
	if dir == "" || name == "" || name != filepath.Base(name) || name == "." || name == ".." {
		return "", fmt.Errorf("print %q: no print folder or bad name", name)
	}
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return "", fmt.Errorf("print folder: %w", err)
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return "", fmt.Errorf("print folder: %w", err)
	}
	if !fi.IsDir() || !ownedByMe(fi) {
		return "", fmt.Errorf("%w: %s (%v)", ErrPrintFolder, dir, fi.Mode())
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return "", fmt.Errorf("print folder: %w", err)
	}
	// A file of the same name (the same confirmation printed again, or a
	// link planted there) is replaced, never written through.
	file := filepath.Join(dir, name)
	if err := os.Remove(file); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("print: %w", err)
	}
	f, err := os.OpenFile(file, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return "", fmt.Errorf("print: %w", err)
	}
	err = f.Chmod(0o600)
	if err == nil {
		err = write(f)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(file)
		return "", fmt.Errorf("print: %w", err)
	}
	return file, nil
}

// removePrinted deletes the documents opened for printing, with their
// folder (a link in its place goes, not what it points to).
func (c *Console) removePrinted() {
	dir := c.printFolder()
	if dir == "" {
		return
	}
	if err := os.RemoveAll(dir); err != nil {
		c.log.Warn("remove the documents opened for printing", "err", err)
	}
}

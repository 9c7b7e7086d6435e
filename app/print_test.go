//go:build unix

// Unix only: the test sets the umask, and checks modes and owners that
// Windows does not have.

package app

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestPrintFilesArePrivateAndGoAway: the documents opened for printing go
// to a folder of the console's, 0700, each 0600 even with umask 0; they go
// when the console closes, and a crash's leftovers at the next start.
func TestPrintFilesArePrivateAndGoAway(t *testing.T) {
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	dir := t.TempDir()
	ctx := context.Background()
	open := func() *Console {
		t.Helper()
		c, err := Open(ctx, Options{DataDir: dir, Now: fixedNow, Console: true})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	pdf := func(w io.Writer) error {
		_, err := io.WriteString(w, "%PDF-1.4 Rossi Mario RSSMRA85T10A562S")
		return err
	}
	c := open()
	folder := c.printFolder()
	if filepath.Dir(folder) != filepath.Join(dir, "sandbox", SandboxOperator) {
		t.Errorf("print folder %s, want beside the mirror in the data folder", folder)
	}
	// A folder left too open (by hand, or an older version) is made private.
	if err := os.Mkdir(folder, 0o777); err != nil {
		t.Fatal(err)
	}
	file, err := c.PrintFile("prenotazione-20261207-0900.pdf", pdf)
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]os.FileMode{folder: 0o700, file: 0o600} {
		fi, err := os.Lstat(path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != want || !ownedByMe(fi) {
			t.Errorf("%s: mode %v, mine %v; want %v and mine", path, fi.Mode().Perm(), ownedByMe(fi), want)
		}
	}
	// Printed again: replaced, and a link planted in its place is not
	// written through.
	target := filepath.Join(dir, "elsewhere")
	if err := os.WriteFile(target, []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(file); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, file); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PrintFile(filepath.Base(file), pdf); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(target); string(b) != "keep" {
		t.Errorf("printing wrote through a link: %q", b)
	}
	if _, err := c.PrintFile("../fuori.pdf", pdf); err == nil {
		t.Error("a name outside the print folder accepted")
	}

	// Closed: the documents go.
	c.Close()
	if _, err := os.Stat(folder); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("print folder after close: %v, want gone", err)
	}

	// A crash leaves one: the next start removes it.
	if err := os.Mkdir(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	left := filepath.Join(folder, "prenotazione-20261207-1000.pdf")
	if err := os.WriteFile(left, []byte("%PDF-1.4"), 0o600); err != nil {
		t.Fatal(err)
	}
	c = open()
	defer c.Close()
	if _, err := os.Stat(left); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a PDF left by a crash survived the next start: %v", err)
	}

	// A print folder that is a link elsewhere, or another user's, is
	// refused: nothing is written.
	if err := os.Symlink(dir, folder); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PrintFile("x.pdf", pdf); !errors.Is(err, ErrPrintFolder) {
		t.Errorf("print folder a link: %v, want ErrPrintFolder", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "x.pdf")); !errors.Is(err, os.ErrNotExist) {
		t.Error("printed through a linked folder")
	}
	if err := os.Remove(folder); err != nil {
		t.Fatal(err)
	}
	if os.Getuid() == 0 { // only root can give a folder away
		if err := os.Mkdir(folder, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.Chown(folder, 4242, 4242); err != nil {
			t.Fatal(err)
		}
		if _, err := c.PrintFile("x.pdf", pdf); !errors.Is(err, ErrPrintFolder) {
			t.Errorf("print folder of another user: %v, want ErrPrintFolder", err)
		}
	}
}

//go:build linux

package app

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"sportello/cache"
	"sportello/model"
)

// TestTheDataFolderIsTheOperatorsAlone: whatever the umask, and whatever
// an older version left, the data folder and the mirror's are 0700 and
// every file in them 0600, the SQLite journal files included.
func TestTheDataFolderIsTheOperatorsAlone(t *testing.T) {
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	dir := filepath.Join(t.TempDir(), "data")
	mirror := filepath.Join(dir, "sandbox", "demo")
	if err := os.MkdirAll(mirror, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(`{"retention_days": 30}`), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	c, err := Open(ctx, Options{DataDir: dir, Now: fixedNow, Console: true, UndoWindow: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, d := range []string{dir, mirror} {
		st, err := os.Stat(d)
		if err != nil || st.Mode().Perm() != 0o700 {
			t.Errorf("%s: %v, %v; want 0700", d, st.Mode(), err)
		}
		entries, _ := os.ReadDir(d)
		for _, e := range entries {
			if !e.Type().IsRegular() {
				continue
			}
			seen++
			if info, _ := e.Info(); info.Mode().Perm() != 0o600 {
				t.Errorf("%s: %v; want 0600", filepath.Join(d, e.Name()), info.Mode())
			}
		}
	}
	if _, err := os.Stat(filepath.Join(mirror, "cache.db-wal")); err != nil {
		t.Errorf("no journal to check: %v", err)
	}
	if seen < 4 {
		t.Errorf("%d files checked; want the configuration, the cache, its journal and the locks", seen)
	}
}

// TestABadConfigurationSaysSo: a damaged config.json is named as such,
// with what to do, not "Operazione non riuscita".
func TestABadConfigurationSaysSo(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(`{"server": "https://x", `), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), Options{DataDir: dir, Now: fixedNow})
	if !errors.Is(err, ErrBadConfig) || !strings.Contains(Explain(err), "config.json") || !strings.Contains(Explain(err), "Rinominalo") {
		t.Errorf("a damaged configuration: %v, %q", err, Explain(err))
	}
}

// fullDisk mounts a small file system of its own (tmpfs) on a new folder,
// as a laptop's nearly full disk; root only (the test command runs as
// root).
func fullDisk(t *testing.T) string {
	t.Helper()
	if os.Geteuid() != 0 {
		if os.Getenv("SPORTELLO_REQUIRE_E2E") == "1" {
			t.Fatal("a full disk is a tmpfs mount: run as root")
		}
		t.Skip("a full disk is a tmpfs mount: root only")
	}
	dir := filepath.Join(t.TempDir(), "disk")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Fatalf("mount a tmpfs: %v %s", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("umount", "-l", dir).Run() })
	return dir
}

// fill leaves about free bytes on the file system of dir.
func fill(t *testing.T, dir string, free int64) string {
	t.Helper()
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	filler := filepath.Join(dir, "filler")
	f, err := os.Create(filler)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 64<<10)
	for left := int64(st.Bavail)*st.Bsize - free; left > 0; left -= int64(len(chunk)) {
		if _, err := f.Write(chunk[:min(int64(len(chunk)), left)]); err != nil {
			break
		}
	}
	return filler
}

// TestAFullDiskShowsNoFileWithoutItsRecordAndSaysSo: with the disk full, a
// caller's file is shown only once its audit record is written; when the
// record cannot be, the file is not shown, and the operator is told the
// disk is full. An action is refused with the same cause, and nothing
// already saved is lost.
func TestAFullDiskShowsNoFileWithoutItsRecordAndSaysSo(t *testing.T) {
	disk := fullDisk(t)
	dir := filepath.Join(disk, "data")
	ctx := context.Background()
	c, err := Open(ctx, Options{DataDir: dir, Now: fixedNow, Console: true, UndoWindow: -1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	day, err := c.DayAgenda(ctx, c.Today())
	if err != nil {
		t.Fatal(err)
	}
	var booked []model.AgendaEntry
	waiting := -1 // a slot whose citizen has not come yet
	for _, e := range day {
		if e.Booked() {
			if waiting < 0 && e.Status == model.StatusBooked {
				waiting = len(booked)
			}
			booked = append(booked, e)
		}
	}
	if waiting < 0 {
		t.Fatal("no slot waiting for its citizen")
	}
	if err := c.Close(); err != nil { // its journal folded into the file
		t.Fatal(err)
	}

	filler := fill(t, disk, 192<<10)
	c, err = Open(ctx, Options{DataDir: dir, Now: fixedNow, Console: true, UndoWindow: -1})
	if err != nil {
		t.Fatalf("open with 192 KiB left: %v", err)
	}
	defer c.Close()
	shown, refused := 0, error(nil)
	for i := 0; i < 2000 && refused == nil; i++ {
		e := booked[i%len(booked)]
		cit, err := c.Citizen(ctx, e.CitizenCF, model.Access{Reason: model.AccessAppointment, Ref: e.ID})
		switch {
		case err == nil && cit.CF == e.CitizenCF:
			shown++
		case err == nil:
			t.Fatalf("opening %d: no error and no file", i)
		default:
			refused = err
			if cit.CF != "" || len(cit.Contacts) > 0 {
				t.Error("a file was returned without its audit record")
			}
		}
	}
	if refused == nil {
		t.Fatalf("%d files opened on a full disk without an error", shown)
	}
	if !errors.Is(refused, ErrNotAudited) || cache.LocalFault(refused) != cache.ErrDiskFull ||
		!strings.Contains(Explain(refused), "disco del computer è pieno") {
		t.Errorf("the refusal: %v, %q; want the file withheld because the disk is full", refused, Explain(refused))
	}
	_, err = c.RecordSlotEvent(ctx, booked[waiting].ID, model.EventCheckIn, "", "")
	if err == nil || !strings.Contains(Explain(err), "disco del computer è pieno") {
		t.Errorf("a check-in on a full disk: %v, %q; want the disk named", err, Explain(err))
	}

	// Space is freed: every file shown has its record, nothing was lost.
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	trail, err := c.AuditTrail(ctx)
	if err != nil {
		t.Fatal(err)
	}
	openings := 0 // a file's suggestions shown have entries of their own
	for _, e := range trail {
		if e.Action == AuditOpenFile {
			openings++
		}
	}
	if openings != shown {
		t.Errorf("%d files shown, %d audit records; want one each", shown, openings)
	}
	if _, err := c.Citizen(ctx, booked[0].CitizenCF, model.Access{Reason: model.AccessAppointment, Ref: booked[0].ID}); err != nil {
		t.Errorf("a file after space was freed: %v", err)
	}
	t.Logf("%d files shown with their records before the disk was full", shown)
}

// TestADamagedCacheSaysSoAndKeepsTheWork: the console starts on a damaged
// queue (its header zeroed) and on a damaged mirror (cut short), says
// what it found in the operator's words, and the actions recorded before
// are all there and reach central.
func TestADamagedCacheSaysSoAndKeepsTheWork(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	ctx := context.Background()
	c, err := Open(ctx, Options{DataDir: dir, Now: fixedNow, Console: true, UndoWindow: -1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		slot := nextBooked(t, c, i)
		if _, err := c.RecordSlotEvent(ctx, slot.ID, model.EventCheckIn, "", ""); err != nil {
			t.Fatal(err)
		}
	}
	file := sandboxCache(dir, SandboxOperator)
	c.Close()

	for _, damage := range []struct {
		file, want string
		harm       func([]byte) []byte
	}{
		{cache.QueueFile(file), "è stato recuperato (3 azioni da inviare", func(b []byte) []byte { clear(b[:100]); return b }},
		{file, "ricostruita con i dati del server centrale", func(b []byte) []byte { return b[:len(b)/2] }},
	} {
		b, err := os.ReadFile(damage.file)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(damage.file, damage.harm(b), 0o600); err != nil {
			t.Fatal(err)
		}
		c, err := Open(ctx, Options{DataDir: dir, Now: fixedNow, Console: true, UndoWindow: -1})
		if err != nil {
			t.Fatalf("open on a damaged %s: %v", filepath.Base(damage.file), err)
		}
		if msg := c.Recovered(); !strings.Contains(msg, damage.want) {
			t.Errorf("the console says %q; want %q", msg, damage.want)
		}
		if u, err := c.Unsent(ctx); err != nil || u.Actions != 3 {
			t.Errorf("after a damaged %s: %+v, %v; want the 3 check-ins waiting", filepath.Base(damage.file), u, err)
		}
		c.Close()
	}
	c, err = Open(ctx, Options{DataDir: dir, Now: fixedNow, Console: true, UndoWindow: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if msg := c.Recovered(); msg != "" {
		t.Errorf("a sound cache: %q", msg)
	}
	rep, err := c.SyncOnce(ctx)
	if err != nil || rep.Sent != 3 {
		t.Errorf("sync after the damage: %+v, %v; want the 3 check-ins sent", rep, err)
	}
}

// TestACommandBesideTheConsoleSetsNothingAside: a damaged cache found by
// `sportello sync` while the console has it open is reported, not set
// aside under the console's feet; the console mends it at its next start.
func TestACommandBesideTheConsoleSetsNothingAside(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	ctx := context.Background()
	c, err := Open(ctx, Options{DataDir: dir, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	folder := c.folder
	c.Close()
	queue := cache.QueueFile(sandboxCache(dir, SandboxOperator))
	b, err := os.ReadFile(queue)
	if err != nil {
		t.Fatal(err)
	}
	clear(b[:100])
	if err := os.WriteFile(queue, b, 0o600); err != nil {
		t.Fatal(err)
	}

	console, err := lockFolder(ctx, folder, consoleLock, 0) // a console is open
	if err != nil {
		t.Fatal(err)
	}
	_, err = Open(ctx, Options{DataDir: dir, Now: fixedNow})
	if !errors.Is(err, cache.ErrCorrupt) || !strings.Contains(Explain(err), "danneggiata") {
		t.Errorf("a command on a damaged cache beside the console: %v (%q); want ErrCorrupt, said", err, Explain(err))
	}
	if aside, _ := filepath.Glob(queue + ".damaged-*"); len(aside) != 0 {
		t.Errorf("a command set aside %v while the console had it open", aside)
	}
	console()

	c, err = Open(ctx, Options{DataDir: dir, Now: fixedNow, Console: true, UndoWindow: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if msg := c.Recovered(); msg == "" {
		t.Error("the console did not mend the damaged queue at its start")
	}
}

// TestAReadOnlyDataFolderSaysSo: a data folder that cannot be written (a
// read-only file system) is named as such, not "Operazione non riuscita".
func TestAReadOnlyDataFolderSaysSo(t *testing.T) {
	disk := fullDisk(t)
	dir := filepath.Join(disk, "data")
	ctx := context.Background()
	c, err := Open(ctx, Options{DataDir: dir, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	if out, err := exec.Command("mount", "-o", "remount,ro", disk).CombinedOutput(); err != nil {
		t.Fatalf("remount read-only: %v %s", err, out)
	}
	_, err = Open(ctx, Options{DataDir: dir, Now: fixedNow})
	if err == nil || cache.LocalFault(err) != cache.ErrReadOnly || !strings.Contains(Explain(err), "non può scrivere") {
		t.Errorf("open on a read-only folder: %v (%q); want the folder named not writable", err, Explain(err))
	}
}

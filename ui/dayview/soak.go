package dayview

// The soak is a test-only driver: it replays an operator's working day in
// the real window (day switches, file openings, searches typed letter by
// letter, status changes, notes, syncs), one interaction after the other,
// times how long each takes to be answered on screen, reads the process's
// resident memory at the start and the end of the day, writes a JSON
// report and closes the console. main starts it only under a test clock
// (SPORTELLO_SOAK with SPORTELLO_TEST_CLOCK); the benchmark
// BenchmarkSoakWorkingDay runs it.
//
// Each interaction runs through the day view's own code on the UI
// goroutine (the handlers a key or a click runs: the list's selection,
// the search box's typed rune and Enter, the action buttons, the note
// dialog's save, Aggiorna), and counts as answered once its result is
// applied and the next frame is painted. Of that time the report keeps:
//   - work: from the interaction to its result applied on the UI goroutine
//     (including reads of the mirror off the UI goroutine and the waits
//     for the UI goroutine);
//   - frame: the work of the frame that paints it, from the start of the
//     driver's tick (an animation tick, just before the layout and the
//     paint) to the end of the frame (swap done);
//   - answered = work + frame: the time the console adds between an input
//     and the frame that shows it. The wait for the 60 Hz tick (up to
//     16.7 ms, the display's rhythm, not the console's work) is left out
//     of it, and kept in wall.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"time"

	"fyne.io/fyne/v2"

	"sportello/model"
	"sportello/ui/widgets"
)

// SoakInteractions is how many interactions the soak replays at least.
const SoakInteractions = 2000

// soakFrameEvery: one interaction in so many also waits for the frame
// that paints it, and is timed to that frame. Waiting for a painted frame
// after every interaction (about 30 ms of software GL per frame here, more
// when other processes share the two cores) would make the day last
// several minutes; the others are timed to their result applied (work)
// and follow at once, as keys typed faster than the frames do.
const soakFrameEvery = 3

// soakPause is the pause at the end of the day before memory is read
// again: a little more than the minute Fyne's caches keep what is no
// longer drawn.
const soakPause = 70 * time.Second

// soakSample is one interaction's times.
type soakSample struct {
	kind                   string
	work, frame, wall, cpu time.Duration
}

// soak is the driver of one day.
type soak struct {
	s       SoakHost
	v       *DayView
	ctx     context.Context
	probe   *frameProbe
	rnd     *rand.Rand
	samples []soakSample
	names   []string // surnames to type
	codes   []string // codici fiscali to type
}

// SoakHost is what the soak needs of the window around the day view.
type SoakHost struct {
	App fyne.App
	Win fyne.Window
	Ctx context.Context
	// Day is the day view shown and Synced the syncs ended and shown so
	// far; both are called on the UI goroutine.
	Day    func() *DayView
	Synced func() int
}

// RunSoak replays the day, writes the report to path (and profiles to
// profDir, if given) and closes the window.
func RunSoak(s SoakHost, path, profDir string) {
	rep := SoakReport{Kinds: map[string]SoakStats{}}
	if err := soakDay(s, &rep, profDir); err != nil {
		slog.Error("soak", "err", err)
		rep.Err = err.Error()
	}
	b, err := json.MarshalIndent(rep, "", "  ")
	if err == nil {
		err = os.WriteFile(path, b, 0o600)
	}
	if err != nil {
		slog.Error("soak report", "err", err)
	}
	fyne.Do(s.App.Quit)
}

func soakDay(s SoakHost, rep *SoakReport, profDir string) error {
	d := &soak{s: s, ctx: s.Ctx, rnd: rand.New(rand.NewPCG(18, 2026))}
	fyne.DoAndWait(func() { d.v = s.Day() })
	if d.v == nil {
		return errors.New("the soak drives the day view: this operator has none")
	}
	// The start of the day: the search index built (a search waits for
	// it), the first sync done and shown.
	if err := d.waitFirstSync(90 * time.Second); err != nil {
		return fmt.Errorf("first sync: %w", err)
	}
	// The files of the day's citizens may come after the agenda.
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		err := d.gatherNames()
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			return err
		}
	}
	time.Sleep(time.Second)
	rep.Start = residentMemory()
	rep.SettledStart = settledMemory()
	if profDir != "" {
		if err := writeHeapProfile(filepath.Join(profDir, "heap-start.pprof")); err != nil {
			return err
		}
	}
	d.probe = installProbe(s.Win)
	defer d.probe.stop()
	if profDir != "" {
		f, err := os.Create(filepath.Join(profDir, "cpu.pprof"))
		if err != nil {
			return fmt.Errorf("cpu profile: %w", err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("cpu profile: %w", err)
		}
		defer func() { pprof.StopCPUProfile(); f.Close() }()
	}
	rep.LoadStart, rep.CPUs = loadAverage(), runtime.NumCPU()
	began := time.Now()
	want := SoakInteractions
	if n, err := strconv.Atoi(os.Getenv("SPORTELLO_SOAK_INTERACTIONS")); err == nil && n > 0 {
		want = n // a shorter day, to profile
	}
	for round := 0; len(d.samples) < want; round++ {
		if err := d.round(round); err != nil {
			return fmt.Errorf("round %d: %w", round, err)
		}
		if round%10 == 9 {
			slog.Info("soak", "interactions", len(d.samples), "took", time.Since(began).Round(time.Second))
		}
	}
	rep.Seconds = time.Since(began).Seconds()
	rep.LoadEnd = loadAverage()
	rep.End = residentMemory()
	rep.SettledEnd = settledMemory()
	// A minute's pause, the window drawn now and then: Fyne keeps the
	// renderers of widgets no longer shown for a minute (its cache's
	// ValidDuration), and lets them go at a frame after that.
	for range soakPause / (5 * time.Second) {
		time.Sleep(5 * time.Second)
		if _, _, err := d.probe.nextFrame(); err != nil {
			return err
		}
	}
	rep.AfterPause = residentMemory()
	rep.SettledAfterPause = settledMemory()
	if profDir != "" {
		if err := writeHeapProfile(filepath.Join(profDir, "heap-end.pprof")); err != nil {
			return err
		}
	}
	rep.Interactions = len(d.samples)
	d.summarise(rep)
	return nil
}

// gatherNames picks surnames and codici fiscali from the mirror, to type.
func (d *soak) gatherNames() error {
	seen := map[string]bool{}
	for _, prefix := range []string{"es", "ro", "ma", "co", "ru", "fe", "de", "sa", "ga", "la"} {
		cards, err := d.v.src.Search(d.ctx, prefix)
		if err != nil {
			return fmt.Errorf("search the mirror: %w", err)
		}
		for _, c := range cards {
			if !seen[c.FamilyName] {
				seen[c.FamilyName] = true
				d.names = append(d.names, c.FamilyName)
			}
			d.codes = append(d.codes, c.CF)
		}
	}
	if len(d.names) == 0 {
		return errors.New("nobody in the mirror to search for")
	}
	return nil
}

// round is a stretch of the working day: the next days and back to
// today, slots opened, a surname and now and then a codice fiscale typed
// and the file opened, a slot moved on, a note, now and then Aggiorna.
func (d *soak) round(n int) error {
	for _, dir := range []int{1, 1, -1, -1} {
		if err := d.switchDay(dir); err != nil {
			return err
		}
	}
	if err := d.switchDay(0); err != nil {
		return err
	}
	for range 3 {
		if err := d.openSlot(); err != nil {
			return err
		}
	}
	if err := d.advanceSlot(); err != nil {
		return err
	}
	if err := d.note(n); err != nil {
		return err
	}
	if err := d.search(d.names[d.rnd.IntN(len(d.names))]); err != nil {
		return err
	}
	if n%2 == 1 {
		if err := d.search(d.codes[d.rnd.IntN(len(d.codes))]); err != nil {
			return err
		}
	}
	if n%3 == 2 {
		return d.sync()
	}
	return nil
}

// measure runs one interaction, waits for the frame that shows it and
// keeps its times. act returns once the result is applied; skipped means
// there was nothing to do (no sample).
func (d *soak) measure(kind string, act func() (skipped bool, err error)) error {
	fyne.DoAndWait(widgets.NoteInput) // an operator at work: no idle lock
	t0, cpu0 := time.Now(), processCPU()
	skipped, err := act()
	if err != nil || skipped {
		return err
	}
	work := time.Since(t0)
	if len(d.samples)%soakFrameEvery != 0 {
		d.samples = append(d.samples, soakSample{kind: kind, work: work, frame: -1})
		return nil
	}
	start, end, err := d.probe.nextFrame()
	if err != nil {
		return fmt.Errorf("%s: %w", kind, err)
	}
	d.samples = append(d.samples, soakSample{kind: kind, work: work, frame: end.Sub(start), wall: end.Sub(t0),
		cpu: processCPU() - cpu0})
	return nil
}

// until polls the UI goroutine until ok holds.
func until(what string, limit time.Duration, ok func() bool) error {
	deadline := time.Now().Add(limit)
	for {
		var done bool
		fyne.DoAndWait(func() { done = ok() })
		if done {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// switchDay is Alt+→ (1), Alt+← (-1) or Alt+Home (0): what the shortcut's
// goroutine runs, the read of the day and its list drawn.
func (d *soak) switchDay(dir int) error {
	return d.measure("day_switch", func() (bool, error) {
		var day time.Time
		fyne.DoAndWait(func() {
			switch dir {
			case 1:
				day = model.NextWorkingDay(d.v.day)
			case -1:
				day = model.PreviousWorkingDay(d.v.day)
			default:
				day = d.v.src.Today()
			}
		})
		d.v.ShowDay(d.ctx, day)
		return false, nil
	})
}

// openSlot clicks a booked slot of the day shown, another than the one
// selected: its file opens in the panel.
func (d *soak) openSlot() error {
	return d.measure("file_open", func() (bool, error) {
		picked := false
		fyne.DoAndWait(func() {
			var ids []int
			for id, r := range d.v.tl.rows {
				if r.kind == rowSlot && d.v.entries[r.entry].CitizenCF != "" && d.v.entries[r.entry].ID != d.v.selected {
					ids = append(ids, id)
				}
			}
			if len(ids) > 0 {
				d.v.list.Select(ids[d.rnd.IntN(len(ids))])
				picked = true
			}
		})
		return !picked, nil
	})
}

// advanceSlot moves today's first open slot one step on: Arrivato,
// Inizia (the buttons), Concludi (what its dialog's confirmation runs).
func (d *soak) advanceSlot() error {
	var id string
	var ev model.SlotEvent
	fyne.DoAndWait(func() {
		if !d.v.day.Equal(d.v.src.Today()) {
			return
		}
		for i, e := range d.v.entries {
			for _, want := range []model.SlotEvent{model.EventComplete, model.EventStart, model.EventCheckIn} {
				if e.Booked() && slices.Contains(model.Allowed(e.Status), want) && e.CitizenCF != "" {
					id, ev = e.ID, want
					d.v.selectEntry(i)
					return
				}
			}
		}
	})
	if id == "" {
		return nil // the day's slots are all done
	}
	return d.measure("status_change", func() (bool, error) {
		var before model.Status
		fyne.DoAndWait(func() {
			e, _ := d.v.selectedEntry()
			before = e.Status
			if ev == model.EventComplete {
				d.v.actions.record(e, ev, model.OutcomeResolved, "")
			} else {
				d.v.actions.events[ev].OnTapped()
			}
		})
		return false, until("the new status", 10*time.Second, func() bool {
			i := slices.IndexFunc(d.v.entries, func(e model.AgendaEntry) bool { return e.ID == id })
			return i >= 0 && d.v.entries[i].Status != before
		})
	})
}

// search types text into the search box one key at a time, each key
// answered by its list of results, then opens the first result with
// Enter and empties the box.
func (d *soak) search(text string) error {
	b := d.v.search
	fyne.DoAndWait(func() { d.v.focusSearch() })
	for _, r := range text {
		err := d.measure("keystroke", func() (bool, error) {
			var want string
			fyne.DoAndWait(func() { b.entry.TypedRune(r); want = b.entry.Text })
			return false, until("the results of "+fmt.Sprint(len([]rune(want)))+" letters", 10*time.Second,
				func() bool { return b.shown == want })
		})
		if err != nil {
			return err
		}
	}
	err := d.measure("search_open", func() (bool, error) {
		opened := false
		fyne.DoAndWait(func() {
			before := d.v.fileCF
			b.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
			opened = d.v.fileCF != before || len(b.hits) > 0
		})
		return !opened, nil
	})
	if err != nil {
		return err
	}
	return d.measure("search_clear", func() (bool, error) {
		fyne.DoAndWait(func() { b.entry.SetText("") })
		return false, until("the results closed", 10*time.Second, func() bool { return b.shown == "" })
	})
}

// note saves a note on the file of the selected slot, as the note dialog's Salva
// does, and waits for it in the file.
func (d *soak) note(n int) error {
	return d.measure("note", func() (bool, error) {
		var cf string
		var had int
		fyne.DoAndWait(func() {
			cf, had = d.v.fileCF, len(d.v.cit.Notes)
			if d.v.selected == "" || d.v.citErr != nil {
				cf = "" // a file opened by search may be one central no longer has
			}
			if cf != "" {
				d.v.saveNote(cf, fmt.Sprintf("Nota di prova %d: richiamare per i documenti.", n))
			}
		})
		if cf == "" {
			return true, nil
		}
		return false, until("the note in the file", 10*time.Second, func() bool {
			return d.v.fileCF != cf || len(d.v.cit.Notes) > had
		})
	})
}

// sync presses Aggiorna and waits for the end of a sync to be shown.
func (d *soak) sync() error {
	return d.measure("sync", func() (bool, error) {
		var before int
		fyne.DoAndWait(func() { before = d.s.Synced(); d.v.refresh.OnTapped() })
		return false, until("a sync", 30*time.Second, func() bool { return d.s.Synced() > before })
	})
}

// waitFirstSync waits for the first sync to end.
func (d *soak) waitFirstSync(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for d.v.src.Status(d.ctx).LastSync.IsZero() {
		if time.Now().After(deadline) {
			return errors.New("timed out waiting for a sync")
		}
		time.Sleep(50 * time.Millisecond)
	}
	return nil
}

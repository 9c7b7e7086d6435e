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
	"image"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"

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

// SoakReport is what the soak writes.
type SoakReport struct {
	Interactions int                  `json:"interactions"`
	Seconds      float64              `json:"seconds"`
	Kinds        map[string]SoakStats `json:"kinds"`
	Slowest      SoakSlowest          `json:"slowest"`
	// Memory at the start of the day (the index built, the first sync
	// done, before any interaction) and at its end, as the OS sees it,
	// and settled (after a garbage collection that returns what it can).
	Start        SoakMemory `json:"start"`
	End          SoakMemory `json:"end"`
	SettledStart SoakMemory `json:"settled_start"`
	SettledEnd   SoakMemory `json:"settled_end"`
	// After a pause of soakPause at the end of the day.
	AfterPause        SoakMemory `json:"after_pause"`
	SettledAfterPause SoakMemory `json:"settled_after_pause"`
	// The machine's load average (1 min) at the start and the end: the
	// times above are stretched when other processes share the cores.
	LoadStart float64 `json:"load_start"`
	LoadEnd   float64 `json:"load_end"`
	CPUs      int     `json:"cpus"`
	Err       string  `json:"err,omitempty"`
}

// SoakStats are the times of one kind of interaction, in milliseconds.
type SoakStats struct {
	N        int     `json:"n"`      // interactions
	Framed   int     `json:"framed"` // of which timed to their frame
	P50      float64 `json:"p50_ms"` // answered (work + frame)
	P99      float64 `json:"p99_ms"`
	Max      float64 `json:"max_ms"`
	WorkP99  float64 `json:"work_p99_ms"`
	FrameP99 float64 `json:"frame_p99_ms"`
	WallP99  float64 `json:"wall_p99_ms"` // with the wait for the tick
	// The CPU time the console used (all its threads: the UI goroutine,
	// the reads of the mirror, the GL rasteriser), from the interaction
	// to the end of the frame: what another process's load on the
	// machine does not stretch.
	CPUP50 float64 `json:"cpu_p50_ms"`
	CPUP99 float64 `json:"cpu_p99_ms"`
}

// SoakSlowest is the slowest interaction of the day.
type SoakSlowest struct {
	Kind string  `json:"kind"`
	MS   float64 `json:"ms"`
	At   int     `json:"at"` // its number in the day
}

// SoakMemory is the process's resident memory, in MiB: all of it, the
// private (anonymous) part and the part mapped from files.
type SoakMemory struct {
	RSS  float64 `json:"rss_mb"`
	Anon float64 `json:"anon_mb"`
	File float64 `json:"file_mb"`
	Heap float64 `json:"go_heap_mb"` // the Go heap in use
}

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

// summarise puts the samples' figures in the report.
func (d *soak) summarise(rep *SoakReport) {
	byKind := map[string][]soakSample{}
	for i, s := range d.samples {
		byKind[s.kind] = append(byKind[s.kind], s)
		if ms := millis(s.work + max(s.frame, 0)); ms > rep.Slowest.MS {
			rep.Slowest = SoakSlowest{Kind: s.kind, MS: ms, At: i + 1}
		}
	}
	for kind, all := range byKind {
		// The times to the frame come from the interactions that waited
		// for it; work from all of them.
		ss := slices.DeleteFunc(slices.Clone(all), func(s soakSample) bool { return s.frame < 0 })
		if len(ss) == 0 {
			continue
		}
		pick := func(f func(soakSample) time.Duration) []float64 { return sortedMillis(ss, f) }
		answered := pick(func(s soakSample) time.Duration { return s.work + s.frame })
		rep.Kinds[kind] = SoakStats{N: len(all), Framed: len(ss), P50: quantile(answered, 0.50), P99: quantile(answered, 0.99),
			Max:      answered[len(answered)-1],
			WorkP99:  quantile(sortedMillis(all, func(s soakSample) time.Duration { return s.work }), 0.99),
			FrameP99: quantile(pick(func(s soakSample) time.Duration { return s.frame }), 0.99),
			WallP99:  quantile(pick(func(s soakSample) time.Duration { return s.wall }), 0.99)}
		cpu := pick(func(s soakSample) time.Duration { return s.cpu })
		st := rep.Kinds[kind]
		st.CPUP50, st.CPUP99 = quantile(cpu, 0.50), quantile(cpu, 0.99)
		rep.Kinds[kind] = st
	}
}

// sortedMillis is f of each sample, in milliseconds, sorted.
func sortedMillis(ss []soakSample, f func(soakSample) time.Duration) []float64 {
	out := make([]float64, len(ss))
	for i, s := range ss {
		out[i] = millis(f(s))
	}
	slices.Sort(out)
	return out
}

func millis(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// quantile is the q-quantile of sorted values (nearest rank).
func quantile(sorted []float64, q float64) float64 {
	i := int(q*float64(len(sorted))+0.5) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

// residentMemory reads the process's resident memory from /proc (Linux;
// zero elsewhere).
func residentMemory() SoakMemory {
	var m SoakMemory
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return m
	}
	for _, line := range strings.Split(string(b), "\n") {
		for name, dst := range map[string]*float64{"VmRSS:": &m.RSS, "RssAnon:": &m.Anon, "RssFile:": &m.File} {
			if v, ok := strings.CutPrefix(line, name); ok {
				var kb float64
				if _, err := fmt.Sscan(strings.TrimSuffix(strings.TrimSpace(v), " kB"), &kb); err == nil {
					*dst = kb / 1024
				}
			}
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	m.Heap = float64(ms.HeapInuse) / (1 << 20)
	return m
}

// writeHeapProfile writes the live heap (after a collection) to file.
func writeHeapProfile(file string) error {
	runtime.GC()
	f, err := os.Create(file)
	if err != nil {
		return fmt.Errorf("heap profile: %w", err)
	}
	defer f.Close()
	if err := pprof.WriteHeapProfile(f); err != nil {
		return fmt.Errorf("heap profile: %w", err)
	}
	return nil
}

// loadAverage is the machine's load average over the last minute (Linux;
// zero elsewhere).
func loadAverage() float64 {
	var l float64
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		_, _ = fmt.Sscan(string(b), &l)
	}
	return l
}

// settledMemory is residentMemory after a collection that returns the
// free heap to the OS.
func settledMemory() SoakMemory {
	debug.FreeOSMemory()
	return residentMemory()
}

// frameProbe tells when a frame has been painted: a one-pixel raster at
// the end of the window's content, painted after the screens (its
// generator runs when it is painted after a refresh), and an animation
// that notes when each tick of the driver begins.
type frameProbe struct {
	w       fyne.Window
	raster  *canvas.Raster
	anim    *fyne.Animation
	tick    atomic.Int64 // start of the latest tick, Unix ns
	painted chan int64   // the tick a frame with the raster refreshed began at
}

func installProbe(w fyne.Window) *frameProbe {
	p := &frameProbe{w: w, painted: make(chan int64, 1)}
	px := image.NewNRGBA(image.Rect(0, 0, 1, 1))
	p.raster = canvas.NewRaster(func(int, int) image.Image {
		select {
		case p.painted <- p.tick.Load():
		default:
		}
		return px
	})
	p.raster.Resize(fyne.NewSize(1, 1))
	p.anim = fyne.NewAnimation(time.Hour, func(float32) { p.tick.Store(time.Now().UnixNano()) })
	p.anim.RepeatCount = fyne.AnimationRepeatForever
	fyne.DoAndWait(func() {
		w.SetContent(container.NewStack(w.Content(), container.NewWithoutLayout(p.raster)))
		p.anim.Start()
	})
	return p
}

func (p *frameProbe) stop() { fyne.DoAndWait(p.anim.Stop) }

// nextFrame waits for the next frame to be painted and returns when its
// tick began and when it ended.
func (p *frameProbe) nextFrame() (start, end time.Time, err error) {
	fyne.DoAndWait(func() {
		select {
		case <-p.painted:
		default:
		}
		p.raster.Refresh()
	})
	select {
	case tick := <-p.painted:
		start = time.Unix(0, tick)
	case <-time.After(5 * time.Second):
		return start, end, errors.New("no frame painted in 5 s")
	}
	// The UI goroutine runs this once the frame (its paint and the swap of
	// buffers) is over.
	fyne.DoAndWait(func() { end = time.Now() })
	return start, end, nil
}

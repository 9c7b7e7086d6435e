package dayview

import (
	"errors"
	"fmt"
	"image"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
)

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

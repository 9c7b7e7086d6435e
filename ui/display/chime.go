package display

import (
	"bytes"
	"encoding/binary"
	"log/slog"
	"math"
	"sync"
)

// chimeRate is the chime's sample rate (mono, 16 bits).
const chimeRate = 22050

// chimeWAV is the call chime as a WAV file: two soft bell tones falling a
// third (ding-dong), about a second, made here so no sound file ships.
func chimeWAV() []byte {
	var pcm []int16
	for _, tone := range []struct{ hz, secs float64 }{{659.25, 0.45}, {523.25, 0.7}} {
		n := int(tone.secs * chimeRate)
		for i := range n {
			t := float64(i) / chimeRate
			attack := math.Min(1, t/0.01)                      // no click at the start
			env := attack * math.Exp(-3.5*t) * 0.45            // a bell's decay
			fade := math.Min(1, float64(n-i)/(0.02*chimeRate)) // nor at the end
			v := env * fade * (math.Sin(2*math.Pi*tone.hz*t) + 0.3*math.Sin(4*math.Pi*tone.hz*t))
			pcm = append(pcm, int16(v*math.MaxInt16*0.75))
		}
	}
	var b bytes.Buffer
	data := uint32(len(pcm) * 2)
	b.WriteString("RIFF")
	_ = binary.Write(&b, binary.LittleEndian, 36+data)
	b.WriteString("WAVEfmt ")
	for _, v := range []any{uint32(16), uint16(1), uint16(1), uint32(chimeRate), uint32(chimeRate * 2), uint16(2), uint16(16)} {
		_ = binary.Write(&b, binary.LittleEndian, v) // a bytes.Buffer does not fail
	}
	b.WriteString("data")
	_ = binary.Write(&b, binary.LittleEndian, data)
	_ = binary.Write(&b, binary.LittleEndian, pcm)
	return b.Bytes()
}

var (
	chimeOnce sync.Once
	chimeData []byte
)

// Chime plays the call chime without waiting for it to end; where the
// system offers no way to play it, it logs so once and stays silent.
func Chime() {
	chimeOnce.Do(func() { chimeData = chimeWAV() })
	if err := playWAV(chimeData); err != nil {
		silentOnce.Do(func() { slog.Info("display: the call chime cannot be played; calls are silent", "err", err) })
	}
}

var silentOnce sync.Once

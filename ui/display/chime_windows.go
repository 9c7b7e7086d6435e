package display

import (
	"fmt"
	"unsafe"

	"golang.org/x/sys/windows"
)

var playSound = windows.NewLazySystemDLL("winmm.dll").NewProc("PlaySoundW")

// The flags of PlaySoundW.
const (
	sndAsync     = 0x0001
	sndNoDefault = 0x0002
	sndMemory    = 0x0004
)

// playWAV plays a WAV held in memory through the Windows multimedia API
// (winmm), without cgo; wav must stay alive while it plays (the chime is
// kept for the process's life).
func playWAV(wav []byte) error {
	if err := playSound.Find(); err != nil {
		return fmt.Errorf("winmm: %w", err)
	}
	ok, _, err := playSound.Call(uintptr(unsafe.Pointer(&wav[0])), 0, sndAsync|sndNoDefault|sndMemory)
	if ok == 0 {
		return fmt.Errorf("PlaySoundW: %w", err)
	}
	return nil
}

//go:build !windows

package display

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
)

// players are the command-line players tried in order: macOS's own, then
// PipeWire's, PulseAudio's and ALSA's on Linux.
var players = [][]string{{"afplay"}, {"pw-play"}, {"paplay"}, {"aplay", "-q"}}

var (
	wavOnce sync.Once
	wavPath string
	wavErr  error
)

// playWAV plays a WAV with the first player the system has, on a copy
// written once to the temporary folder; it does not wait for the end.
func playWAV(wav []byte) error {
	wavOnce.Do(func() { wavPath, wavErr = writeWAV(wav) })
	if wavErr != nil {
		return wavErr
	}
	for _, p := range players {
		if p[0] == "afplay" && runtime.GOOS != "darwin" {
			continue
		}
		bin, err := exec.LookPath(p[0])
		if err != nil {
			continue
		}
		cmd := exec.Command(bin, append(p[1:], wavPath)...)
		if err := cmd.Start(); err != nil {
			return fmt.Errorf("%s: %w", p[0], err)
		}
		go func() { _ = cmd.Wait() }()
		return nil
	}
	return errors.New("no sound player found (pw-play, paplay, aplay)")
}

func writeWAV(wav []byte) (string, error) {
	f, err := os.CreateTemp("", "sportello-chime-*.wav")
	if err != nil {
		return "", fmt.Errorf("chime file: %w", err)
	}
	if _, err := f.Write(wav); err != nil {
		f.Close()
		return "", fmt.Errorf("chime file: %w", err)
	}
	if err := f.Close(); err != nil {
		return "", fmt.Errorf("chime file: %w", err)
	}
	return filepath.Clean(f.Name()), nil
}

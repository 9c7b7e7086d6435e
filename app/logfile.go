package app

import (
	"fmt"
	"os"
	"path/filepath"
)

// LogFile is the console's log in a data folder: logs/sportello.log. The
// console writes no token and no personal data in it (only operator ids,
// counts, durations and error kinds).
func LogFile(dataDir string) string { return filepath.Join(dataDir, "logs", "sportello.log") }

// maxLog is the size at which the log is rotated: the current file
// becomes sportello.log.1 (replacing the older one), so at most twice this
// stays on disk.
const maxLog = 5 << 20

// OpenLog opens the console's log in dataDir for appending, rotating it
// first if it has grown past maxLog. The folder and file are private to
// the user.
func OpenLog(dataDir string) (*os.File, error) {
	file := LogFile(dataDir)
	if err := os.MkdirAll(filepath.Dir(file), 0o700); err != nil {
		return nil, fmt.Errorf("log folder: %w", err)
	}
	if st, err := os.Stat(file); err == nil && st.Size() > maxLog {
		if err := os.Rename(file, file+".1"); err != nil {
			return nil, fmt.Errorf("rotate log: %w", err)
		}
	}
	f, err := os.OpenFile(file, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open log: %w", err)
	}
	return f, nil
}

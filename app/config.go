// Package app wires Sportello together: configuration, the operator's
// session in the OS keyring, the embedded sandbox, the sync step that moves
// data from the central API into the local mirror, and the read side the UI
// calls.
package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"sportello/cache"
)

// Config is what the console remembers between runs. It holds no secret:
// tokens and keys live only in the OS keyring.
type Config struct {
	Server   string `json:"server,omitempty"`   // central API base URL; empty = embedded sandbox
	Operator string `json:"operator,omitempty"` // operator id of the last login
	// RetentionDays is how long callers' files no longer booked or worked
	// on stay on this computer; 0 = cache.DefaultRetention.
	RetentionDays int `json:"retention_days,omitempty"`
	// SchedaTargetDays is the service target of a Linea INPS scheda: how
	// many days it may wait at the CRIC before it is flagged late; 0 =
	// DefaultSchedaTarget.
	SchedaTargetDays int `json:"scheda_target_days,omitempty"`
	// IdleLockMinutes is how long the console may go without input before
	// its screen locks and asks for the password; 0 = DefaultIdleLock,
	// at most MaxIdleLock. The lock cannot be switched off.
	IdleLockMinutes int `json:"idle_lock_minutes,omitempty"`
	// CAFile, on Linux, names a PEM file of the institute's certificate
	// authority, added to the system's (absolute, or relative to the data
	// folder). On Windows and macOS the CA comes from the system's store
	// and a ca_file is refused (see rootCAs).
	CAFile string `json:"ca_file,omitempty"`
	Preferences
}

// Preferences are the operator's choices for the screen.
type Preferences struct {
	Language string `json:"language,omitempty"` // "it" (default) or "en"
	Theme    string `json:"theme,omitempty"`    // "light", "dark", "contrast" (high contrast); empty = the system's
	// TextSize is the size of the text in percent of the normal one
	// (TextSizes); 0 = 100.
	TextSize int `json:"text_size,omitempty"`
	// ReminderMinutes is how long before a booked slot starts the console
	// reminds the operator; 0 = DefaultReminder, negative = no reminder.
	ReminderMinutes int `json:"reminder_minutes,omitempty"`
}

// DefaultReminder is how long before each slot the operator is reminded.
const DefaultReminder = 5 * time.Minute

// Reminder returns the lead time of the reminders; 0 means none.
func (p Preferences) Reminder() time.Duration {
	switch {
	case p.ReminderMinutes < 0:
		return 0
	case p.ReminderMinutes == 0:
		return DefaultReminder
	}
	return time.Duration(p.ReminderMinutes) * time.Minute
}

// The themes an operator can choose.
const (
	ThemeLight = "light"
	ThemeDark  = "dark"
	// ThemeContrast is the high-contrast theme: white on black, every
	// text at least 7:1 (WCAG AAA).
	ThemeContrast = "contrast"
)

// TextSizes are the text sizes an operator can choose, in percent.
var TextSizes = []int{100, 125, 150, 175}

// TextScale is the factor the text is drawn at: 1 unless the operator
// chose a larger size.
func (p Preferences) TextScale() float32 {
	if p.TextSize <= 100 {
		return 1
	}
	return float32(min(p.TextSize, 200)) / 100
}

// DefaultSchedaTarget is the service target of a scheda when the
// configuration sets none: five days.
const DefaultSchedaTarget = 5 * 24 * time.Hour

// SchedaTarget returns the configured service target of a scheda.
func (c Config) SchedaTarget() time.Duration {
	if c.SchedaTargetDays <= 0 {
		return DefaultSchedaTarget
	}
	return time.Duration(c.SchedaTargetDays) * 24 * time.Hour
}

// DefaultIdleLock and MaxIdleLock bound the idle lock.
const (
	DefaultIdleLock = 10 * time.Minute
	MaxIdleLock     = time.Hour
)

// IdleLock returns the configured idle time before the screen locks.
func (c Config) IdleLock() time.Duration {
	if c.IdleLockMinutes <= 0 {
		return DefaultIdleLock
	}
	return min(time.Duration(c.IdleLockMinutes)*time.Minute, MaxIdleLock)
}

// Retention returns the configured retention.
func (c Config) Retention() time.Duration {
	if c.RetentionDays <= 0 {
		return cache.DefaultRetention
	}
	return time.Duration(c.RetentionDays) * 24 * time.Hour
}

const configName = "config.json"

// DefaultDataDir returns the OS's per-user data folder for Sportello:
// $XDG_DATA_HOME/sportello (~/.local/share/sportello) on Linux,
// %LocalAppData%\Sportello on Windows, ~/Library/Application
// Support/Sportello on macOS.
func DefaultDataDir() (string, error) {
	switch runtime.GOOS {
	case "windows":
		if d := os.Getenv("LocalAppData"); d != "" {
			return filepath.Join(d, "Sportello"), nil
		}
	case "darwin":
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("data folder: %w", err)
		}
		return filepath.Join(home, "Library", "Application Support", "Sportello"), nil
	default:
		if d := os.Getenv("XDG_DATA_HOME"); d != "" {
			return filepath.Join(d, "sportello"), nil
		}
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("data folder: %w", err)
		}
		return filepath.Join(home, ".local", "share", "sportello"), nil
	}
	d, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("data folder: %w", err)
	}
	return filepath.Join(d, "Sportello"), nil
}

// ErrBadConfig means config.json cannot be read as a configuration; the
// error that wraps it is a *BadConfigError, which names the file.
var ErrBadConfig = errors.New("configuration file damaged")

// BadConfigError is a config.json that cannot be read: where it is, and
// why.
type BadConfigError struct {
	Path string
	Err  error
}

func (e *BadConfigError) Error() string { return fmt.Sprintf("configuration %s: %v", e.Path, e.Err) }

// Is makes errors.Is(err, ErrBadConfig) true.
func (e *BadConfigError) Is(target error) bool { return target == ErrBadConfig }

// LoadConfig reads the configuration in dir; a missing file is an empty
// configuration.
func LoadConfig(dir string) (Config, error) {
	var c Config
	b, err := os.ReadFile(filepath.Join(dir, configName))
	if errors.Is(err, os.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return c, fmt.Errorf("read configuration: %w", err)
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return c, &BadConfigError{Path: filepath.Join(dir, configName), Err: err}
	}
	return c, nil
}

// SaveConfig writes the configuration to dir atomically.
func SaveConfig(dir string, c Config) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create data folder: %w", err)
	}
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return fmt.Errorf("encode configuration: %w", err)
	}
	tmp := filepath.Join(dir, configName+".tmp")
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return fmt.Errorf("write configuration: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, configName)); err != nil {
		return fmt.Errorf("write configuration: %w", err)
	}
	return nil
}

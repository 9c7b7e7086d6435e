package cache

import (
	"errors"
	"io/fs"
	"syscall"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Faults of this computer, as opposed to the network's or central's: each
// has its own message for the operator (what happened, what to do).
var (
	// ErrDiskFull means the disk holding the data folder is full.
	ErrDiskFull = errors.New("disk full")
	// ErrReadOnly means the data folder cannot be written (permissions,
	// a read-only file system).
	ErrReadOnly = errors.New("data folder not writable")
	// ErrCorrupt means the cache file is damaged.
	ErrCorrupt = errors.New("cache file damaged")
)

// LocalFault tells which local fault err is: ErrDiskFull, ErrReadOnly,
// ErrCorrupt, or nil for any other error. It reads SQLite's result codes
// and the operating system's errors, however deeply wrapped.
func LocalFault(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff { // the primary code of an extended one
		case sqlite3.SQLITE_FULL:
			return ErrDiskFull
		case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM:
			return ErrReadOnly
		case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
			return ErrCorrupt
		}
	}
	switch {
	case errors.Is(err, ErrDiskFull), errors.Is(err, syscall.ENOSPC):
		return ErrDiskFull
	case errors.Is(err, ErrReadOnly), errors.Is(err, syscall.EROFS), errors.Is(err, fs.ErrPermission):
		return ErrReadOnly
	case errors.Is(err, ErrCorrupt):
		return ErrCorrupt
	}
	return nil
}

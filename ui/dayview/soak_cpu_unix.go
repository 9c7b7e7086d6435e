//go:build unix

package dayview

import (
	"syscall"
	"time"
)

// processCPU is the CPU time the process has used, all its threads
// together (the soak's figure that another process's load does not
// stretch).
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

//go:build !unix

package dayview

import "time"

// processCPU is not measured here: the soak runs on Linux.
func processCPU() time.Duration { return 0 }

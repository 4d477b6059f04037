//go:build unix

package extract

import (
	"syscall"
	"time"
)

// processCPU is the CPU time, user and system, the process has used so far (the garbage
// collector's background work included); ok is false when the system cannot say.
func processCPU() (d time.Duration, ok bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}

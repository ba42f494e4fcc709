//go:build unix

package nlp

import (
	"syscall"
	"time"
)

// nerCPUTime returns the CPU time (user + system) used by the process so
// far, or 0 when it cannot be read.
func nerCPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

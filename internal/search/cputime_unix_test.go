//go:build unix

package search

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time the process has used, user and system, on all threads.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return -1
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

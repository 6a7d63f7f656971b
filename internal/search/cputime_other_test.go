//go:build !unix

package search

import "time"

// cpuTime is -1: the process's CPU time is not measured here.
func cpuTime() time.Duration { return -1 }

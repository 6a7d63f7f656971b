package main

import (
	"runtime/debug"
	"testing"
)

// TestLimitMemory: a build sets Go's collector from the site's size unless the
// environment says otherwise.
func TestLimitMemory(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	for _, tc := range []struct {
		name, gogc, memlimit string
		percent              int
		limit, loaded        int64 // before the documents are read, and for 200,000
	}{
		{"defaults", "", "", gcPercent, leastLimit, memoryLimit(200000)},
		{"GOGC set", "50", "", 100, leastLimit, memoryLimit(200000)},    // left as it was
		{"GOMEMLIMIT set", "", "1GiB", gcPercent, 123 << 20, 123 << 20}, // left as it was
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("GOGC", tc.gogc)
			t.Setenv("GOMEMLIMIT", tc.memlimit)
			debug.SetGCPercent(100)
			debug.SetMemoryLimit(123 << 20)
			loaded := limitMemory()
			if got := debug.SetGCPercent(100); got != tc.percent {
				t.Errorf("GOGC = %d, want %d", got, tc.percent)
			}
			if got := debug.SetMemoryLimit(-1); got != tc.limit {
				t.Errorf("memory limit = %d, want %d", got, tc.limit)
			}
			loaded(200000)
			if got := debug.SetMemoryLimit(-1); got != tc.loaded {
				t.Errorf("memory limit for 200,000 documents = %d, want %d", got, tc.loaded)
			}
		})
	}
}

func TestMemoryLimit(t *testing.T) {
	for docs, want := range map[int]int64{0: leastLimit, 10000: leastLimit, 100000: leastLimit, 101944: leastLimit,
		101945: 101945 * 36 << 10, 300000: 300000 * 36 << 10} {
		if got := memoryLimit(docs); got != want {
			t.Errorf("memoryLimit(%d) = %d MiB, want %d MiB", docs, got>>20, want>>20)
		}
	}
}

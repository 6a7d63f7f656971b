package main

import (
	"os"
	"runtime/debug"
)

// Memory a build holds at its peak per document (the checked records and the
// portal's Hugo site of catalogue stubs: some 30 KB each on the generated corpora of
// bench/scale), and the least limit worth setting.
const (
	bytesPerDocument = 36 << 10
	leastLimit       = 3584 << 20
)

// gcPercent is how far the heap may grow beyond what is live before Go collects
// (GOGC), below the memory limit: three times rather than Go's two. A build makes
// garbage fast (Hugo's pages, the index), and a site of 10,000 documents spent a
// tenth of its CPU less collecting for a quarter more memory (0.95 GB, against
// plain Hugo's 2.2 GB for the same pages); large sites reach the limit either way.
const gcPercent = 200

// limitMemory sets Go's collector for a build and returns what sets its soft memory
// limit once the build knows how many documents it has (site.Options.Loaded), unless
// GOMEMLIMIT sets one: without a limit Go lets the heap grow to three times
// (gcPercent) what is live before collecting, so a large portal would need three
// times the memory it uses. The limit grows with the site, so that a site whose live
// memory is beyond a fixed limit is not slowed down by collecting all the time;
// until the documents are read it is the least one.
func limitMemory() (loaded func(docs int)) {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if os.Getenv("GOMEMLIMIT") != "" {
		return func(int) {}
	}
	debug.SetMemoryLimit(leastLimit)
	return func(docs int) { debug.SetMemoryLimit(memoryLimit(docs)) }
}

// memoryLimit is the soft memory limit for a build of a site of docs documents.
func memoryLimit(docs int) int64 {
	return max(leastLimit, int64(docs)*bytesPerDocument)
}

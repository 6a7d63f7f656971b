package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
)

// Memory a build holds at its peak per document (the checked records and the
// portal's Hugo site of catalogue stubs: some 30 KB each on the generated corpora of
// bench/scale), and the least limit worth setting.
const (
	bytesPerDocument = 36 << 10
	leastLimit       = 3584 << 20
)

// limitMemory sets Go's soft memory limit for a build of the site in src, unless
// GOMEMLIMIT sets one: without it Go lets the heap grow to twice what is live before
// collecting, so a large portal would need twice the memory it uses. The limit grows
// with the site, so that a site whose live memory is beyond a fixed limit is not
// slowed down by collecting all the time.
func limitMemory(src string) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	docs := 0
	filepath.WalkDir(filepath.Join(src, "content"), func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".md") {
			docs++
		}
		return nil
	})
	debug.SetMemoryLimit(max(leastLimit, int64(docs)*bytesPerDocument))
}

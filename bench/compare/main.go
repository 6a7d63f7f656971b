// Command compare measures xxgk build against the plain hugo v0.165.0 command on the
// same generated corpora, side by side in one run, and prints a Markdown table
// (wall time and peak RSS, medians of several alternating runs, and their ratio).
//
//	go run ./bench/compare [-sizes 1000,10000] [-runs 3] [-readme bench/README.md]
//
// Plain hugo gets the site as Hugo reads it inside xxgk (site.ExportHugoSource: each
// document with its derived address and taxonomy keys), so both render the same pages
// with the same layouts; the difference is what xxgk adds: checking every document,
// the in-memory rewrite, and the atomic publish.
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"xxgk/bench/internal/readme"
	"xxgk/bench/internal/tools"
)

func main() {
	sizes := flag.String("sizes", "1000,10000", "corpus sizes (documents), comma-separated")
	runs := flag.Int("runs", 3, "timed runs of each tool per size (after one warm-up)")
	out := flag.String("out", "bench/.out", "work directory (generated sites, binaries, outputs); a dot directory, so go ./... skips it")
	readmePath := flag.String("readme", "", "also write the table into this file between the build-bench markers")
	flag.Parse()
	log.SetFlags(0)

	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	abs, _ := filepath.Abs(*out)
	xxgk, hugo := tools.Binaries(abs)

	var rows []string
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			log.Fatalf("bad size %q", s)
		}
		src, plain := tools.Site(filepath.Join(abs, fmt.Sprintf("site-%d", n)), n)

		xDest, hDest := filepath.Join(abs, fmt.Sprintf("public-xxgk-%d", n)), filepath.Join(abs, fmt.Sprintf("public-hugo-%d", n))
		xCmd := []string{xxgk, "build", "--source", src, "--dest", xDest}
		hCmd := []string{hugo, "--source", plain, "--destination", hDest, "--buildFuture", "--buildExpired", "--quiet", "--noBuildLock"}
		var xs, hs []tools.Measurement
		for i := 0; i <= *runs; i++ {
			os.RemoveAll(hDest) // hugo would otherwise keep files from the previous run
			x, h := tools.Measure("", xCmd), tools.Measure("", hCmd)
			if i > 0 { // the first round warms the file cache
				xs, hs = append(xs, x), append(hs, h)
			}
		}
		x, h := tools.Median(xs), tools.Median(hs)
		xf, hf := countFiles(xDest), countFiles(hDest)
		rows = append(rows, fmt.Sprintf("| %d | %d / %d | %.2f s | %.2f s | **%.2f×** | %.2f s | %.2f s | **%.2f×** | %d MB | %d MB | %.2f× |",
			n, xf, hf, x.Wall.Seconds(), h.Wall.Seconds(), x.Wall.Seconds()/h.Wall.Seconds(),
			x.CPU.Seconds(), h.CPU.Seconds(), x.CPU.Seconds()/h.CPU.Seconds(),
			x.RSSKB/1024, h.RSSKB/1024, float64(x.RSSKB)/float64(h.RSSKB)))
	}

	goVersion, _ := exec.Command("go", "version").Output()
	table := fmt.Sprintf(`Measured %s on %d cores (%s); medians of %d runs after a warm-up, the two tools alternating.

| documents | files (xxgk / hugo) | xxgk wall | hugo wall | ratio | xxgk CPU | hugo CPU | ratio | xxgk peak RSS | hugo peak RSS | ratio |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
%s
`, time.Now().Format("2006-01-02"), runtime.NumCPU(), strings.TrimSpace(string(goVersion)), *runs, strings.Join(rows, "\n"))
	fmt.Print(table)
	if *readmePath != "" {
		if err := readme.Replace(*readmePath, "build-bench", table); err != nil {
			log.Fatal(err)
		}
	}
}

func countFiles(dir string) int {
	n := 0
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return nil
	})
	return n
}

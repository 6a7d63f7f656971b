// Command compare measures xxgk build against the plain hugo v0.165.0 command, and
// against plain hugo followed by Pagefind (what a plain Hugo site needs for search),
// on the same generated corpora, side by side in one run, and prints a Markdown
// table (wall time, CPU time and peak RSS, medians of several alternating runs, and
// xxgk's ratio to each).
//
//	go run ./bench/compare [-sizes 1000,10000] [-runs 3] [-pagefind=false] [-readme bench/README.md]
//
// Plain hugo gets the site as Hugo reads it inside xxgk (site.ExportHugoSource: each
// document with its derived address and taxonomy keys), so both render the same pages
// with the same layouts; the difference is what xxgk adds: checking every document,
// the in-memory rewrite, the search index, registers, audit and manifest, and the
// atomic publish. Pagefind indexes the pages hugo wrote in the same round.
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
	withPagefind := flag.Bool("pagefind", true, "also index hugo's pages with Pagefind "+tools.PagefindVersion+" (installed from npm)")
	pfMem := flag.Int("pagefind-mem-gb", 16, "address-space limit for Pagefind (prlimit --as), so that running out of memory fails it instead of the machine; 0: none")
	out := flag.String("out", "bench/.out", "work directory (generated sites, binaries, outputs); a dot directory, so go ./... skips it")
	readmePath := flag.String("readme", "", "also write the table into this file between the build-bench markers")
	flag.Parse()
	log.SetFlags(0)

	ns, err := parseSizes(*sizes)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	abs, _ := filepath.Abs(*out)
	xxgk, hugo := tools.Binaries(abs)
	pagefind := ""
	if *withPagefind {
		pagefind = tools.Pagefind(abs)
	}

	var results []result
	for _, n := range ns {
		src, plain := tools.Site(filepath.Join(abs, fmt.Sprintf("site-%d", n)), n)

		xDest, hDest := filepath.Join(abs, fmt.Sprintf("public-xxgk-%d", n)), filepath.Join(abs, fmt.Sprintf("public-hugo-%d", n))
		// --no-cache: every round a full build, as hugo's is (a rebuild over the build
		// cache is bench/scale's).
		xCmd := []string{xxgk, "build", "--no-cache", "--source", src, "--dest", xDest}
		hCmd := []string{hugo, "--source", plain, "--destination", hDest, "--buildFuture", "--buildExpired", "--quiet", "--noBuildLock"}
		r := result{docs: n, pagefind: *withPagefind}
		var xs, hs, ps []tools.Measurement
		for i := 0; i <= *runs; i++ {
			os.RemoveAll(hDest) // hugo would otherwise keep files from the previous run
			log.Printf("%d documents, round %d of %d: xxgk, hugo…", n, i, *runs)
			x, h := tools.Measure("", xCmd), tools.Measure("", hCmd)
			var p tools.Measurement
			if *withPagefind && r.pfFailed == "" {
				log.Printf("%d documents, round %d of %d: pagefind…", n, i, *runs)
				if p, err = tools.Run("", tools.PagefindArgv(pagefind, hDest, *pfMem)); err != nil {
					r.pfFailed = err.Error()
					r.pfFailedAfter = p
				}
			}
			if i > 0 { // the first round warms the file cache
				xs, hs, ps = append(xs, x), append(hs, h), append(ps, h.Then(p))
			}
		}
		r.xxgk, r.hugo, r.hugoPagefind = tools.Median(xs), tools.Median(hs), tools.Median(ps)
		r.pfFiles = countFiles(filepath.Join(hDest, "pagefind"))
		r.xFiles, r.hFiles = countFiles(xDest), countFiles(hDest)-r.pfFiles
		results = append(results, r)
	}

	goVersion, _ := exec.Command("go", "version").Output()
	table := renderTable(results, time.Now().Format("2006-01-02"), runtime.NumCPU(), strings.TrimSpace(string(goVersion)), *runs)
	fmt.Print(table)
	if *readmePath != "" {
		if err := readme.Replace(*readmePath, "build-bench", table); err != nil {
			log.Fatal(err)
		}
	}
}

// parseSizes reads the -sizes flag: positive document counts, comma-separated.
func parseSizes(s string) ([]int, error) {
	var ns []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("-sizes: %q is not a number of documents", f)
		}
		ns = append(ns, n)
	}
	return ns, nil
}

// result is what one corpus size measured: the medians of each tool's timed runs.
type result struct {
	docs                     int
	xxgk, hugo, hugoPagefind tools.Measurement
	xFiles, hFiles, pfFiles  int // files written; pfFiles: those under hugo's pagefind/
	pagefind                 bool
	pfFailed                 string            // why Pagefind failed, if it did (it is then not run again for this size)
	pfFailedAfter            tools.Measurement // what the failed run cost until it ended
}

// renderTable is the Markdown table of results: one row per tool and size, with
// xxgk's wall time, CPU time and peak RSS divided by each other tool's.
func renderTable(rs []result, date string, cores int, goVersion string, runs int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Measured %s on %d cores (%s); medians of %d runs after a warm-up, the tools alternating within each round.\n\n", date, cores, goVersion, runs)
	b.WriteString("| documents | tool | files written | wall | CPU | peak RSS | xxgk wall ÷ this | xxgk CPU ÷ this | xxgk peak RSS ÷ this |\n")
	b.WriteString("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	row := func(n int, tool, files string, m, x tools.Measurement) {
		fmt.Fprintf(&b, "| %d | %s | %s | %.2f s | %.2f s | %d MB | **%.2f×** | **%.2f×** | %.2f× |\n", n, tool, files,
			m.Wall.Seconds(), m.CPU.Seconds(), m.RSSKB/1024,
			x.Wall.Seconds()/m.Wall.Seconds(), x.CPU.Seconds()/m.CPU.Seconds(), float64(x.RSSKB)/float64(m.RSSKB))
	}
	for _, r := range rs {
		fmt.Fprintf(&b, "| %d | xxgk build | %d | %.2f s | %.2f s | %d MB | — | — | — |\n", r.docs, r.xFiles, r.xxgk.Wall.Seconds(), r.xxgk.CPU.Seconds(), r.xxgk.RSSKB/1024)
		row(r.docs, "hugo", strconv.Itoa(r.hFiles), r.hugo, r.xxgk)
		switch {
		case !r.pagefind:
		case r.pfFailed != "":
			f := r.pfFailedAfter
			fmt.Fprintf(&b, "| %d | hugo + Pagefind %s | — | Pagefind failed after %.0f s wall, %.0f s CPU, %d MB peak RSS: %s | — | — | — | — | — |\n", r.docs, tools.PagefindVersion,
				f.Wall.Seconds(), f.CPU.Seconds(), f.RSSKB/1024, strings.ReplaceAll(r.pfFailed, "|", "/"))
		default:
			row(r.docs, "hugo + Pagefind "+tools.PagefindVersion, fmt.Sprintf("%d + %d", r.hFiles, r.pfFiles), r.hugoPagefind, r.xxgk)
		}
	}
	return b.String()
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

// Command gen writes a synthetic corpus of disclosure documents for benchmarks.
//
// Usage:
//
//	go run ./bench/gen -n 10000 -out DIR [-seed 1] [-registry data] [-workers N] [-force]
//
// It writes DIR/content/<publisher>/<year>/<serial>-<kind>.md (TOML front matter as in
// docs/schema.md, Markdown body), DIR/data/publishers.toml with the generated
// publishers, and copies categories.toml and genres.toml from the registry directory
// into DIR/data. The same flags give byte-identical output, whatever -workers is.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime"
	"time"
)

type config struct {
	n        int
	out      string
	seed     uint64
	registry string
	workers  int
	force    bool
}

func main() {
	var cfg config
	flag.IntVar(&cfg.n, "n", 1000, "number of documents")
	flag.StringVar(&cfg.out, "out", "", "output directory (required)")
	flag.Uint64Var(&cfg.seed, "seed", 1, "random seed; the same flags give identical output")
	flag.StringVar(&cfg.registry, "registry", "data", "directory with categories.toml and genres.toml")
	flag.IntVar(&cfg.workers, "workers", runtime.GOMAXPROCS(0), "files written in parallel")
	flag.BoolVar(&cfg.force, "force", false, "replace DIR/content if it already holds files")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: go run ./bench/gen -n N -out DIR [flags]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if cfg.out == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	start := time.Now()
	res, err := generate(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		var ue usageError
		if errors.As(err, &ue) {
			os.Exit(2)
		}
		os.Exit(1)
	}
	fmt.Printf("gen: %d documents, %d publishers, %d bytes (%.1f MB) in %s -> %s\n",
		res.docs, res.publishers, res.bytes, float64(res.bytes)/(1<<20), time.Since(start).Round(time.Millisecond), cfg.out)
}

type usageError struct{ error }

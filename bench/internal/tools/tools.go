// Package tools prepares what the benchmarks run: the binaries under test and
// generated sites with the repository's theme.
package tools

import (
	"bytes"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"xxgk/internal/site"
)

// HugoVersion is the Hugo release xxgk embeds, which the benchmarks compare against.
const HugoVersion = "v0.165.0"

// PagefindVersion is the Pagefind release the benchmarks compare xxgk's search with.
const PagefindVersion = "1.6.0"

// Command is name with args, its output going to the terminal's stderr.
func Command(name string, args ...string) *exec.Cmd {
	c := exec.Command(name, args...)
	c.Stdout, c.Stderr = os.Stderr, os.Stderr
	return c
}

// Must runs c and stops the benchmark if it fails.
func Must(c *exec.Cmd) {
	if err := c.Run(); err != nil {
		log.Fatalf("%s: %v", strings.Join(c.Args, " "), err)
	}
}

// Binaries builds xxgk from this repository, and the hugo command of HugoVersion
// (once), into dir; it returns their paths.
func Binaries(dir string) (xxgk, hugo string) {
	xxgk, hugo = filepath.Join(dir, "xxgk"), filepath.Join(dir, "hugo")
	Must(Command("go", "build", "-o", xxgk, "./cmd/xxgk"))
	if v, err := exec.Command(hugo, "version").Output(); err != nil || !bytes.Contains(v, []byte(HugoVersion)) {
		log.Printf("building hugo %s (once)…", HugoVersion)
		c := Command("go", "install", "github.com/gohugoio/hugo@"+HugoVersion)
		c.Env = append(os.Environ(), "GOBIN="+dir)
		Must(c)
	}
	return xxgk, hugo
}

// Pagefind installs the Pagefind npm package of PagefindVersion into dir/pagefind
// (once) and returns its extended binary: the build with Chinese word segmentation.
func Pagefind(dir string) string {
	dir = filepath.Join(dir, "pagefind")
	find := func() string {
		m, _ := filepath.Glob(filepath.Join(dir, "node_modules", "@pagefind", "*", "bin", "pagefind_extended"))
		for _, p := range m {
			if v, err := exec.Command(p, "--version").Output(); err == nil && strings.Contains(string(v), PagefindVersion) {
				return p
			}
		}
		return ""
	}
	if p := find(); p != "" {
		return p
	}
	log.Printf("installing pagefind %s (once)…", PagefindVersion)
	Must(Command("npm", "install", "--prefix", dir, "--no-audit", "--no-fund", "pagefind@"+PagefindVersion))
	p := find()
	if p == "" {
		log.Fatalf("no pagefind_extended %s under %s", PagefindVersion, dir)
	}
	return p
}

// PagefindArgv is the command that indexes the built site at site with the Pagefind
// binary bin. With memGB > 0 it runs under an address-space limit of that many GiB
// (prlimit --as), so that Pagefind running out of memory fails it rather than the
// machine; prlimit execs Pagefind, so wait4 still measures Pagefind itself.
func PagefindArgv(bin, site string, memGB int) []string {
	argv := []string{bin, "--site", site}
	if memGB > 0 {
		argv = append([]string{"prlimit", fmt.Sprintf("--as=%d", int64(memGB)<<30), "--"}, argv...)
	}
	return argv
}

// Site generates an n-document site at dir with the repository's layouts, static
// files and config.toml, and beside it, at dir+"-hugo", the same site as Hugo reads
// it inside xxgk (site.ExportHugoSource), for the plain hugo command. It returns both.
func Site(dir string, n int) (src, plain string) {
	src, plain = dir, dir+"-hugo"
	os.RemoveAll(src)
	os.RemoveAll(plain)
	Must(Command("go", "run", "./bench/gen", "-n", strconv.Itoa(n), "-out", src))
	for _, p := range []string{"layouts", "static"} {
		if err := os.CopyFS(filepath.Join(src, p), os.DirFS(p)); err != nil {
			log.Fatal(err)
		}
	}
	b, err := os.ReadFile("config.toml")
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "config.toml"), b, 0o644); err != nil {
		log.Fatal(err)
	}
	if err := site.ExportHugoSource(src, plain); err != nil {
		log.Fatal(fmt.Errorf("%s: %w", src, err))
	}
	return src, plain
}

// Measurement is what one run of a command cost.
type Measurement struct {
	Wall  time.Duration
	CPU   time.Duration // user + system: less disturbed than wall time by other load on the machine
	RSSKB int64         // peak resident set (wait4's ru_maxrss)
}

// Then is what m and then next cost together, as steps run one after the other:
// their wall and CPU times add up, and the peak resident set is the larger of the two.
func (m Measurement) Then(next Measurement) Measurement {
	return Measurement{Wall: m.Wall + next.Wall, CPU: m.CPU + next.CPU, RSSKB: max(m.RSSKB, next.RSSKB)}
}

// Measure runs argv in dir ("" for the current directory) and returns its wall time,
// CPU time and peak resident memory; it stops the benchmark if the command fails.
func Measure(dir string, argv []string) Measurement {
	m, err := Run(dir, argv)
	if err != nil {
		log.Fatal(err)
	}
	return m
}

// Run is Measure for a command that may fail (such as one that may run out of
// memory): it logs the command and its stderr, and the error says how it ended and
// gives the first line of that stderr; the measurement is what it cost until then.
func Run(dir string, argv []string) (Measurement, error) {
	c := exec.Command(argv[0], argv[1:]...)
	c.Dir = dir
	var stderr bytes.Buffer
	c.Stdout, c.Stderr = nil, &stderr
	start := time.Now()
	err := c.Run()
	wall := time.Since(start)
	if c.ProcessState == nil { // did not start
		return Measurement{}, fmt.Errorf("%s: %w", strings.Join(argv, " "), err)
	}
	ru := c.ProcessState.SysUsage().(*syscall.Rusage)
	m := Measurement{Wall: wall, CPU: c.ProcessState.UserTime() + c.ProcessState.SystemTime(), RSSKB: ru.Maxrss}
	if err != nil {
		log.Printf("%s: %v\n%s", strings.Join(argv, " "), err, stderr.String())
		first, _, _ := strings.Cut(strings.TrimSpace(stderr.String()), "\n") // e.g. "memory allocation of 128 bytes failed"
		return m, fmt.Errorf("%v: %s", err, first)
	}
	return m, nil
}

// Median is the median of each figure of ms separately.
func Median(ms []Measurement) Measurement {
	walls := make([]time.Duration, len(ms))
	cpus := make([]time.Duration, len(ms))
	rss := make([]int64, len(ms))
	for i, m := range ms {
		walls[i], cpus[i], rss[i] = m.Wall, m.CPU, m.RSSKB
	}
	slices.Sort(walls)
	slices.Sort(cpus)
	slices.Sort(rss)
	return Measurement{Wall: walls[len(walls)/2], CPU: cpus[len(cpus)/2], RSSKB: rss[len(rss)/2]}
}

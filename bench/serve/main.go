// Command serve measures xxgk serve: the time from saving a document to the preview
// serving the page with the change, over a series of edits on a generated corpus,
// and the server's memory — side by side with hugo server (v0.165.0, its defaults)
// on the same pages, and prints a Markdown table.
//
//	go run ./bench/serve [-sizes 1000,10000] [-edits 20] [-hugo=false] [-readme bench/README.md]
//
// Each edit changes one document's title and polls the document's page every 20 ms
// until the new title is served. xxgk then also writes the search index, registers
// and audit files; the table shows when that was done too, and the next edit waits
// for it, as a clerk reading the changed page would.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"xxgk/bench/internal/readme"
	"xxgk/bench/internal/tools"
)

func main() {
	sizes := flag.String("sizes", "1000,10000", "corpus sizes (documents), comma-separated")
	edits := flag.Int("edits", 20, "documents edited, one after another, per size and tool")
	out := flag.String("out", "bench/.out", "work directory (generated sites, binaries); a dot directory, so go ./... skips it")
	withHugo := flag.Bool("hugo", true, "also measure hugo server on the same edits (at 10,000 documents it takes about a minute per edit)")
	readmePath := flag.String("readme", "", "also write the table into this file between the serve-bench markers")
	flag.Parse()
	log.SetFlags(0)

	abs, _ := filepath.Abs(*out)
	if err := os.MkdirAll(abs, 0o755); err != nil {
		log.Fatal(err)
	}
	xxgk, hugo := tools.Binaries(abs)

	rows := []string{
		"| documents | server | start (s) | save → page served, median (ms) | worst (ms) | save → search index etc. done, median (s) | RSS after edits (MB) | peak RSS (MB) |",
		"| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
	}
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			log.Fatalf("bad size %q", s)
		}
		src, plain := tools.Site(filepath.Join(abs, fmt.Sprintf("serve-site-%d", n)), n)
		docs := pickDocuments(src, *edits)

		x := measure(n, "xxgk serve", src, docs, func(port int) *exec.Cmd {
			return exec.Command(xxgk, "serve", "--source", src, "--port", strconv.Itoa(port))
		}, "搜索索引")
		rows = append(rows, x.row())
		if !*withHugo {
			continue
		}
		h := measure(n, "hugo server", plain, docs, func(port int) *exec.Cmd {
			return exec.Command(hugo, "server", "--source", plain, "--port", strconv.Itoa(port), "--bind", "127.0.0.1",
				"--buildFuture", "--buildExpired", "--noBuildLock", "--disableLiveReload")
		}, "")
		rows = append(rows, h.row())
	}
	table := fmt.Sprintf("Measured %s on %d cores (%s %s/%s); %d edits per row; the servers one after the other on the same files.\n\n",
		time.Now().Format(time.DateOnly), runtime.NumCPU(), runtime.Version(), runtime.GOOS, runtime.GOARCH, *edits) +
		strings.Join(rows, "\n") + "\n"
	fmt.Print(table)
	if *readmePath != "" {
		if err := readme.Replace(*readmePath, "serve-bench", table); err != nil {
			log.Fatal(err)
		}
	}
}

// document is one file to edit and the address of its page.
type document struct {
	file, url, title string
}

var (
	titleLine = regexp.MustCompile(`(?m)^title = "([^"]*)"`)
	indexLine = regexp.MustCompile(`(?m)^index = "([^"]*)"`)
	pubLine   = regexp.MustCompile(`(?m)^publisher = "([^"]*)"`)
)

// pickDocuments spreads n edits over the corpus, in file order.
func pickDocuments(src string, n int) []document {
	var files []string
	filepath.WalkDir(filepath.Join(src, "content"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") && !strings.HasSuffix(p, "_index.md") {
			files = append(files, p)
		}
		return nil
	})
	slices.Sort(files)
	var docs []document
	for i := range n {
		f := files[i*len(files)/n]
		b, err := os.ReadFile(f)
		if err != nil {
			log.Fatal(err)
		}
		t, ix, pub := titleLine.FindSubmatch(b), indexLine.FindSubmatch(b), pubLine.FindSubmatch(b)
		if t == nil || ix == nil || pub == nil {
			log.Fatalf("%s: no title, index or publisher line", f)
		}
		rel, _ := filepath.Rel(src, f)
		docs = append(docs, document{file: rel, url: "/" + string(pub[1]) + "/" + string(ix[1]) + "/", title: string(t[1])})
	}
	return docs
}

// result is one server's measurements on one corpus.
type result struct {
	n         int
	server    string
	start     time.Duration
	served    []time.Duration
	settled   []time.Duration
	rss, peak int // kB
}

func (r result) row() string {
	settled := "—"
	if len(r.settled) > 0 {
		settled = fmt.Sprintf("%.1f", median(r.settled).Seconds())
	}
	return fmt.Sprintf("| %d | %s | %.1f | %d | %d | %s | %d | %d |", r.n, r.server, r.start.Seconds(),
		median(r.served).Milliseconds(), slices.Max(r.served).Milliseconds(), settled, r.rss/1024, r.peak/1024)
}

// measure starts a server on dir, edits each document in turn and times how long the
// new title takes to be served. settledMarker, when set, is the terminal line the
// server prints once everything after the pages is written too.
func measure(n int, name, dir string, docs []document, cmd func(port int) *exec.Cmd, settledMarker string) result {
	port := freePort()
	c := cmd(port)
	term := &lines{}
	c.Stdout, c.Stderr = term, term
	t0 := time.Now()
	if err := c.Start(); err != nil {
		log.Fatal(err)
	}
	defer func() {
		c.Process.Signal(syscall.SIGINT)
		c.Wait()
	}()
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	r := result{n: n, server: name}
	waitServed(base+docs[0].url, docs[0].title, 10*time.Minute, term)
	if settledMarker != "" {
		term.waitCount(settledMarker, 1, 10*time.Minute)
	}
	r.start = time.Since(t0)
	log.Printf("%s on %d documents: ready in %.1f s", name, n, r.start.Seconds())
	for i, d := range docs {
		file := filepath.Join(dir, d.file)
		orig, err := os.ReadFile(file)
		if err != nil {
			log.Fatal(err)
		}
		mark := fmt.Sprintf("（第%d次修改）", i+1)
		changed := bytes.Replace(orig, []byte(`title = "`+d.title+`"`), []byte(`title = "`+d.title+mark+`"`), 1)
		done := term.count(settledMarker)
		saved := time.Now()
		if err := os.WriteFile(file, changed, 0o644); err != nil {
			log.Fatal(err)
		}
		waitServed(base+d.url, mark, 10*time.Minute, term)
		r.served = append(r.served, time.Since(saved))
		if settledMarker != "" {
			term.waitCount(settledMarker, done+1, 10*time.Minute)
			r.settled = append(r.settled, time.Since(saved))
		}
		log.Printf("  edit %d: served after %d ms", i+1, r.served[i].Milliseconds())
	}
	r.rss, r.peak = memory(c.Process.Pid)
	for _, d := range docs { // the next server starts from the same files
		b, _ := os.ReadFile(filepath.Join(dir, d.file))
		os.WriteFile(filepath.Join(dir, d.file), regexp.MustCompile(`（第\d+次修改）`).ReplaceAll(b, nil), 0o644)
	}
	return r
}

// waitServed polls url until its body contains want.
func waitServed(url, want string, limit time.Duration, term *lines) {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		if res, err := http.Get(url); err == nil {
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if bytes.Contains(b, []byte(want)) {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	log.Fatalf("%s never showed %q; server output:\n%s", url, want, term)
}

// memory reads the process's resident and peak resident set sizes, in kB.
func memory(pid int) (rss, peak int) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 2 {
			switch f[0] {
			case "VmRSS:":
				rss, _ = strconv.Atoi(f[1])
			case "VmHWM:":
				peak, _ = strconv.Atoi(f[1])
			}
		}
	}
	return rss, peak
}

// lines is a server's terminal output.
type lines struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *lines) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *lines) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func (l *lines) count(marker string) int {
	if marker == "" {
		return 0
	}
	return strings.Count(l.String(), marker)
}

func (l *lines) waitCount(marker string, n int, limit time.Duration) {
	deadline := time.Now().Add(limit)
	for l.count(marker) < n {
		if time.Now().After(deadline) {
			log.Fatalf("server never printed %q %d times:\n%s", marker, n, l)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func freePort() int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

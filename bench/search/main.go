// Command search measures xxgk's search index against Pagefind 1.6 on the same
// generated corpora, side by side in one run, and prints a Markdown table: index
// build time, CPU and peak memory, index size, bytes transferred and time to the first
// result per query in headless Chromium (cold and warm cache), and recall against a
// brute-force scan.
//
//	go run ./bench/search [-sizes 10000,100000] [-readme bench/README.md]
//
// For each size it renders the corpus into a minimal static site (one page per
// document: title, metadata table, body), identical input for both engines, indexes
// it with xxgk (search.Write, in a child process) and with Pagefind (into /pagefind/),
// and serves it on a loopback server with this repository's real search page at
// /search/ and a small Pagefind page at /pf/. bench/README.md explains the method.
package main

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/chromedp/chromedp"

	"xxgk/bench/internal/readme"
	"xxgk/bench/internal/tools"
	"xxgk/internal/search"
)

const (
	pageSize        = 20 // results on the first page of both search pages
	crossCheckLimit = 20000
)

func main() {
	sizes := flag.String("sizes", "10000,100000", "corpus sizes (documents), comma-separated")
	out := flag.String("out", "bench/.out", "work directory (corpora, bench sites, Pagefind); a dot directory, so go ./... skips it")
	readmePath := flag.String("readme", "", "also write the table into this file between the search-bench markers")
	pfMem := flag.Int("pagefind-mem-gb", 16, "address-space limit for Pagefind's indexing (prlimit --as), so that running out of memory fails it instead of the machine; 0: none")
	reuse := flag.Bool("reuse", false, "reuse a bench site and both indexes from an earlier run (with its build measurements)")
	indexSite := flag.String("index-only", "", "internal: index the bench site `DIR` with xxgk and exit (the measured child)")
	corpusDir := flag.String("corpus", "", "internal: the corpus of -index-only")
	flag.Parse()
	log.SetFlags(0)

	if *indexSite != "" {
		if err := indexOnly(*indexSite, *corpusDir); err != nil {
			log.Fatal(err)
		}
		return
	}

	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	abs, _ := filepath.Abs(*out)
	repo, _ := filepath.Abs(".")
	if _, err := os.Stat(filepath.Join(repo, "config.toml")); err != nil {
		log.Fatal("run from the repository root: go run ./bench/search")
	}
	pagefind := tools.Pagefind(abs)
	self, err := os.Executable()
	if err != nil {
		log.Fatal(err)
	}
	userData, err := os.MkdirTemp("", "xxgk-search-bench-chromium-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(userData)
	b, err := newBrowser(userData)
	if err != nil {
		log.Fatal(err)
	}
	defer b.close()

	var results []*sizeResult
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			log.Fatalf("bad size %q", s)
		}
		r, err := runSize(n, abs, repo, self, pagefind, *pfMem, b, *reuse)
		if err != nil {
			log.Fatal(err)
		}
		results = append(results, r)
	}

	text := report(results)
	fmt.Print(text)
	if *readmePath != "" {
		if err := readme.Replace(*readmePath, "search-bench", text); err != nil {
			log.Fatal(err)
		}
	}
}

// engine numbers
const (
	xxgk = iota
	pf
	numEngines
)

var engineNames = [numEngines]string{"xxgk", "Pagefind " + tools.PagefindVersion}

type measurement struct {
	Wall   time.Duration
	CPU    time.Duration // user + system
	RSSKB  int64
	Failed string `json:",omitempty"` // why the indexer failed
}

type sizeResult struct {
	docs    int
	build   [numEngines]measurement
	files   [numEngines]int
	bytes   [numEngines]int64
	queries []queryResult
	pfLog   string // Pagefind's summary lines
}

type queryResult struct {
	q          string
	truth      int
	cold, warm [numEngines]visit
	found      [numEngines]int // results the engine reports in total
	recall     [numEngines]float64
	precision  [numEngines]float64
	problems   []string
}

func runSize(n int, out, repo, self, pagefind string, pfMem int, b *browser, reuse bool) (*sizeResult, error) {
	corpus := filepath.Join(out, fmt.Sprintf("corpus-%d", n))
	if _, err := os.Stat(filepath.Join(corpus, "data", "publishers.toml")); err != nil {
		tools.Must(tools.Command("go", "run", "./bench/gen", "-n", strconv.Itoa(n), "-out", corpus))
	}
	dir := filepath.Join(out, fmt.Sprintf("search-%d", n))
	siteDir := filepath.Join(dir, "site")
	res := &sizeResult{docs: n}
	saved := filepath.Join(dir, "build.json")

	if b, err := os.ReadFile(saved); reuse && err == nil {
		if err := json.Unmarshal(b, &res.build); err != nil {
			return nil, err
		}
		log.Printf("%d: reusing %s", n, siteDir)
	} else {
		start := time.Now()
		os.RemoveAll(siteDir)
		set, err := loadCorpus(corpus)
		if err != nil {
			return nil, err
		}
		if len(set.Records) != n {
			return nil, fmt.Errorf("%s has %d documents, not %d", corpus, len(set.Records), n)
		}
		if err := writePages(set, siteDir); err != nil {
			return nil, err
		}
		set = nil
		debug.FreeOSMemory()
		if err := copySearchPage(repo, siteDir); err != nil {
			return nil, err
		}
		log.Printf("%d: bench site written in %s; indexing with xxgk…", n, time.Since(start).Round(time.Second))
		res.build[xxgk] = measure([]string{self, "-index-only", siteDir, "-corpus", corpus}, "")
		if res.build[xxgk].Failed != "" {
			return nil, fmt.Errorf("xxgk's indexing failed: %s", res.build[xxgk].Failed)
		}
		log.Printf("%d: xxgk %s; indexing with Pagefind…", n, res.build[xxgk].Wall.Round(time.Millisecond))
		os.RemoveAll(filepath.Join(siteDir, "pagefind"))
		res.build[pf] = measure(tools.PagefindArgv(pagefind, siteDir, pfMem), filepath.Join(dir, "pagefind.log"))
		log.Printf("%d: Pagefind %s %s", n, res.build[pf].Wall.Round(time.Millisecond), res.build[pf].Failed)
		js, _ := json.Marshal(res.build)
		if err := os.WriteFile(saved, js, 0o644); err != nil {
			return nil, err
		}
	}
	if err := writePagefindHarness(siteDir); err != nil {
		return nil, err
	}
	if lg, err := os.ReadFile(filepath.Join(dir, "pagefind.log")); err == nil {
		for _, l := range strings.Split(string(lg), "\n") {
			if strings.Contains(l, "Indexed") || strings.Contains(l, "Total") {
				res.pfLog += strings.TrimSpace(l) + "\n"
			}
		}
	}
	res.files[xxgk], res.bytes[xxgk] = dirSize(filepath.Join(siteDir, "search"), func(rel string) bool { return rel == "index.html" })
	res.files[pf], res.bytes[pf] = dirSize(filepath.Join(siteDir, "pagefind"), nil)
	pfOK := res.build[pf].Failed == ""
	engines := []int{xxgk}
	if pfOK {
		engines = append(engines, pf)
	}

	truth, err := groundTruth(filepath.Join(siteDir, "search"))
	if err != nil {
		return nil, err
	}
	if len(truth.urls) != n {
		return nil, fmt.Errorf("xxgk's index holds %d documents, not %d", len(truth.urls), n)
	}

	srv := &server{h: http.FileServer(http.Dir(siteDir))}
	hs := httptest.NewServer(srv)
	defer hs.Close()
	pages := [numEngines]string{hs.URL + "/search/?q=", hs.URL + "/pf/?q="}
	mine := [numEngines]func(string) bool{ours, pagefinds}

	// One unmeasured search per engine first: the browser's own start-up costs.
	for _, e := range engines {
		t, err := b.newTab()
		if err != nil {
			return nil, err
		}
		_, err = t.load(pages[e]+url.QueryEscape(queries[0]), srv, mine[e])
		t.cancel()
		if err != nil {
			return nil, err
		}
	}

	for i, q := range queries {
		start := time.Now()
		qr := queryResult{q: q}
		ids := truth.match(q)
		qr.truth = len(ids)
		truthSet := map[string]bool{}
		for _, id := range ids {
			truthSet[truth.urls[id]] = true
		}
		for _, e := range engines {
			t, err := b.newTab()
			if err != nil {
				return nil, err
			}
			if err := t.clearCache(); err != nil {
				return nil, err
			}
			u := pages[e] + url.QueryEscape(q)
			if qr.cold[e], err = t.load(u, srv, mine[e]); err == nil {
				qr.warm[e], err = t.load(u, srv, mine[e])
			}
			t.cancel()
			if err != nil {
				return nil, err
			}
		}

		// xxgk: the page's count and the Go reader's set must both be the truth.
		got, _, err := truth.ix.Search(q)
		if err != nil {
			return nil, err
		}
		qr.found[xxgk] = len(got)
		qr.recall[xxgk], qr.precision[xxgk] = score(idsToURLs(truth, got), truthSet)
		if qr.cold[xxgk].count != len(ids) || qr.warm[xxgk].count != len(ids) {
			qr.problems = append(qr.problems, fmt.Sprintf("xxgk's page shows %d results, the truth is %d", qr.cold[xxgk].count, len(ids)))
		}
		if !slices.Equal(got, ids) {
			qr.problems = append(qr.problems, fmt.Sprintf("xxgk's reader finds %d documents, the truth is %d", len(got), len(ids)))
		}
		log.Printf("%d: %2d %s: truth %d; xxgk %d, %.1f KB, %.0f ms; Pagefind %d, %.1f KB, %.0f ms (%s)", n, i+1, q, len(ids),
			qr.cold[xxgk].count, kb(qr.cold[xxgk].bytes), qr.cold[xxgk].ms,
			qr.cold[pf].count, kb(qr.cold[pf].bytes), qr.cold[pf].ms, time.Since(start).Round(time.Millisecond))
		res.queries = append(res.queries, qr)
	}

	// Pagefind's recall: the ids of all its results, in one untimed pass, each query
	// in a new document (Pagefind's answers can depend on what an earlier search in
	// the same document loaded), and the address of each id from its fragment files.
	if !pfOK {
		return res, writeCSV(filepath.Join(dir, "queries.csv"), res)
	}
	addresses, err := pagefindAddresses(filepath.Join(siteDir, "pagefind"))
	if err != nil {
		return nil, err
	}
	if len(addresses) != n {
		return nil, fmt.Errorf("Pagefind's fragments name %d pages, not %d", len(addresses), n)
	}
	t, err := b.newTab()
	if err != nil {
		return nil, err
	}
	defer t.cancel()
	for i := range res.queries {
		qr := &res.queries[i]
		if err := chromedp.Do(t.ctx, chromedp.Navigate(hs.URL+"/pf/")); err != nil {
			return nil, err
		}
		if _, err := chromedp.Run(t.ctx, chromedp.Poll[bool](`typeof window.__pfAll === "function"`)); err != nil {
			return nil, err
		}
		total, pfIDs, err := pagefindAll(t, qr.q)
		if err != nil {
			return nil, fmt.Errorf("Pagefind results of %q: %w", qr.q, err)
		}
		if total != qr.cold[pf].count {
			qr.problems = append(qr.problems, fmt.Sprintf("Pagefind reports %d results here and %d on its page", total, qr.cold[pf].count))
		}
		truthSet := map[string]bool{}
		for _, id := range truth.match(qr.q) {
			truthSet[truth.urls[id]] = true
		}
		var urls []string
		for _, id := range pfIDs {
			u, ok := addresses[id]
			if !ok {
				return nil, fmt.Errorf("Pagefind result %q of %q has no fragment", id, qr.q)
			}
			urls = append(urls, u)
		}
		qr.found[pf] = total
		qr.recall[pf], qr.precision[pf] = score(urls, truthSet)
	}
	if err := writeCSV(filepath.Join(dir, "queries.csv"), res); err != nil {
		return nil, err
	}
	return res, nil
}

// score returns recall and precision of found (addresses) against truth.
func score(found []string, truth map[string]bool) (recall, precision float64) {
	hit := 0
	seen := map[string]bool{}
	for _, u := range found {
		u = canonical(u)
		if truth[u] && !seen[u] {
			hit++
		}
		seen[u] = true
	}
	precision = 1
	if len(found) > 0 {
		precision = float64(hit) / float64(len(found))
	}
	if len(truth) == 0 {
		return 1, precision
	}
	return float64(hit) / float64(len(truth)), precision
}

// canonical makes /a/b, /a/b/ and /a/b/index.html the same address.
func canonical(u string) string {
	if p, err := url.Parse(u); err == nil {
		u = p.Path
	}
	u = strings.TrimSuffix(u, "index.html")
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	return u
}

func idsToURLs(t *truthIndex, ids []int) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = t.urls[id]
	}
	return out
}

// truthIndex is every record of xxgk's index, read back with search.Open: exactly the
// text that was indexed, normalised once for the brute-force scan.
type truthIndex struct {
	ix     *search.Index
	urls   []string
	fields [][]string         // per document: title, body, metadata values, normalised
	recs   []search.DocRecord // kept for the cross-check with search.BruteForce on small corpora
}

func groundTruth(dir string) (*truthIndex, error) {
	ix, err := search.Open(os.DirFS(dir))
	if err != nil {
		return nil, err
	}
	t := &truthIndex{ix: ix}
	for id := range ix.Meta.Docs {
		rec, err := ix.Record(id)
		if err != nil {
			return nil, err
		}
		t.urls = append(t.urls, canonical(rec.URL))
		f := []string{search.Normalize(rec.Title), search.Normalize(rec.Body)}
		for _, m := range rec.Meta {
			f = append(f, search.Normalize(m))
		}
		t.fields = append(t.fields, f)
		if ix.Meta.Docs <= crossCheckLimit {
			t.recs = append(t.recs, rec)
		}
	}
	return t, nil
}

// match is search.BruteForce over fields normalised in advance (a scan of 100,000
// documents' text per query would otherwise normalise it again each time). On small
// corpora it checks itself against search.BruteForce.
func (t *truthIndex) match(q string) []int {
	terms := search.ParseQuery(q)
	var ids []int
	if slices.ContainsFunc(terms, func(t search.Term) bool { return !t.Negative }) {
		for id, fields := range t.fields {
			ok := true
			for _, term := range terms {
				found := slices.ContainsFunc(fields, func(f string) bool { return strings.Contains(f, term.Text) })
				if found == term.Negative {
					ok = false
					break
				}
			}
			if ok {
				ids = append(ids, id)
			}
		}
	}
	if t.recs != nil {
		if want := search.BruteForce(t.recs, q); !slices.Equal(ids, want) {
			log.Fatalf("the bench's brute force disagrees with search.BruteForce for %q: %d vs %d documents", q, len(ids), len(want))
		}
	}
	return ids
}

// measure runs argv and returns its wall time, CPU time and peak resident memory, and
// why it failed if it did. Its output goes to logFile, or is dropped.
func measure(argv []string, logFile string) measurement {
	c := exec.Command(argv[0], argv[1:]...)
	var stderr strings.Builder
	c.Stderr = &stderr
	if logFile != "" {
		f, err := os.Create(logFile)
		if err != nil {
			log.Fatal(err)
		}
		defer f.Close()
		c.Stdout = f
	}
	start := time.Now()
	err := c.Run()
	wall := time.Since(start)
	if c.ProcessState == nil {
		log.Fatalf("%s: %v", strings.Join(argv, " "), err)
	}
	ru := c.ProcessState.SysUsage().(*syscall.Rusage)
	m := measurement{Wall: wall, CPU: c.ProcessState.UserTime() + c.ProcessState.SystemTime(), RSSKB: ru.Maxrss}
	if err != nil {
		first, _, _ := strings.Cut(strings.TrimSpace(stderr.String()), "\n") // e.g. "memory allocation of 128 bytes failed"
		m.Failed = strings.TrimSpace(err.Error() + ": " + first)
		log.Printf("%s: %v\n%s", strings.Join(argv, " "), err, stderr.String())
	}
	return m
}

func kb(n int64) float64 { return float64(n) / 1024 }

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return math.NaN()
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func mean(xs []float64) float64 {
	sum := 0.0
	for _, x := range xs {
		sum += x
	}
	return sum / float64(len(xs))
}

// summary is one engine's figures over the query set.
type summary struct {
	coldBytes, warmBytes, coldMS, warmMS float64 // medians
	coldTotal, warmTotal                 int64
	recall, precision                    float64 // means
	missing                              int     // queries with recall < 100%
}

func summarize(r *sizeResult, e int) summary {
	var cb, wb, cm, wm, rc, pr []float64
	s := summary{}
	for _, q := range r.queries {
		cb, wb = append(cb, float64(q.cold[e].bytes)), append(wb, float64(q.warm[e].bytes))
		cm, wm = append(cm, q.cold[e].ms), append(wm, q.warm[e].ms)
		rc, pr = append(rc, q.recall[e]), append(pr, q.precision[e])
		s.coldTotal += q.cold[e].bytes
		s.warmTotal += q.warm[e].bytes
		if q.recall[e] < 1 {
			s.missing++
		}
	}
	s.coldBytes, s.warmBytes, s.coldMS, s.warmMS = median(cb), median(wb), median(cm), median(wm)
	s.recall, s.precision = mean(rc), mean(pr)
	return s
}

func report(results []*sizeResult) string {
	var b strings.Builder
	goVersion, _ := exec.Command("go", "version").Output()
	chromium, _ := exec.Command(chromiumPath(), "--version").Output()
	fmt.Fprintf(&b, "Measured %s on %d cores (%s, %s); %d queries, each searched once with a cold and once with a warm browser cache. Time to first result and bytes per query are medians over the queries; recall and precision are means.\n\n",
		time.Now().Format("2006-01-02"), runtime.NumCPU(), strings.TrimSpace(string(goVersion)), strings.TrimSpace(string(chromium)), len(queries))
	b.WriteString("| documents | engine | index build wall | CPU | peak RSS | index files | index size | cold bytes/query | warm bytes/query | cold time to first result | warm time | mean recall | queries with recall < 100% |\n")
	b.WriteString("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, r := range results {
		for e := range numEngines {
			s := summarize(r, e)
			m := r.build[e]
			if m.Failed != "" {
				fmt.Fprintf(&b, "| %d | %s | failed after %.0f s | %.0f s | %d MB | — | — | — | — | — | — | — | — |\n",
					r.docs, engineNames[e], m.Wall.Seconds(), m.CPU.Seconds(), m.RSSKB/1024)
				continue
			}
			fmt.Fprintf(&b, "| %d | %s | %.2f s | %.2f s | %d MB | %d | %.1f MB | %.1f KB | %.1f KB | %.0f ms | %.0f ms | %.1f%% | %d |\n",
				r.docs, engineNames[e], m.Wall.Seconds(), m.CPU.Seconds(), m.RSSKB/1024, r.files[e], float64(r.bytes[e])/(1<<20),
				kb(int64(s.coldBytes)), kb(int64(s.warmBytes)), s.coldMS, s.warmMS, 100*s.recall, s.missing)
		}
	}
	b.WriteString("\nTotals over the queries, and mean precision (the share of an engine's results that contain the query as the brute-force scan defines it):\n\n")
	b.WriteString("| documents | engine | cold bytes, all queries | warm bytes, all queries | mean precision |\n| ---: | --- | ---: | ---: | ---: |\n")
	for _, r := range results {
		for e := range numEngines {
			s := summarize(r, e)
			if r.build[e].Failed != "" {
				continue
			}
			fmt.Fprintf(&b, "| %d | %s | %.0f KB | %.0f KB | %.1f%% |\n", r.docs, engineNames[e], kb(s.coldTotal), kb(s.warmTotal), 100*s.precision)
		}
	}
	for _, r := range results {
		for e := range numEngines {
			if m := r.build[e].Failed; m != "" {
				fmt.Fprintf(&b, "\n**%s failed to index %d documents** (%s; run under `prlimit --as` with the `-pagefind-mem-gb` limit): no browser measurements for it at this size.\n", engineNames[e], r.docs, m)
			}
		}
	}
	for _, r := range results {
		var problems []string
		for _, q := range r.queries {
			for _, p := range q.problems {
				problems = append(problems, fmt.Sprintf("%q: %s", q.q, p))
			}
		}
		if len(problems) > 0 {
			fmt.Fprintf(&b, "\n**Problems at %d documents:** %s\n", r.docs, strings.Join(problems, "; "))
		}
	}
	for _, r := range results {
		fmt.Fprintf(&b, "\n<details><summary>Per query, %d documents</summary>\n\n", r.docs)
		b.WriteString("| query | truth | xxgk results | Pagefind results | Pagefind recall | Pagefind precision | cold KB xxgk / Pagefind | warm KB xxgk / Pagefind | cold ms xxgk / Pagefind | warm ms xxgk / Pagefind |\n")
		b.WriteString("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
		for _, q := range r.queries {
			if r.build[pf].Failed != "" {
				fmt.Fprintf(&b, "| %s | %d | %d | — | — | — | %.1f / — | %.1f / — | %.0f / — | %.0f / — |\n",
					q.q, q.truth, q.cold[xxgk].count, kb(q.cold[xxgk].bytes), kb(q.warm[xxgk].bytes), q.cold[xxgk].ms, q.warm[xxgk].ms)
				continue
			}
			fmt.Fprintf(&b, "| %s | %d | %d | %d | %.1f%% | %.1f%% | %.1f / %.1f | %.1f / %.1f | %.0f / %.0f | %.0f / %.0f |\n",
				q.q, q.truth, q.cold[xxgk].count, q.found[pf], 100*q.recall[pf], 100*q.precision[pf],
				kb(q.cold[xxgk].bytes), kb(q.cold[pf].bytes), kb(q.warm[xxgk].bytes), kb(q.warm[pf].bytes),
				q.cold[xxgk].ms, q.cold[pf].ms, q.warm[xxgk].ms, q.warm[pf].ms)
		}
		b.WriteString("\n</details>\n")
	}
	return b.String()
}

func writeCSV(path string, r *sizeResult) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write([]string{"query", "truth", "engine", "results", "recall", "precision",
		"cold_bytes", "cold_requests", "cold_304", "cold_ms", "warm_bytes", "warm_requests", "warm_304", "warm_ms"})
	for _, q := range r.queries {
		for e := range numEngines {
			if r.build[e].Failed != "" {
				continue
			}
			w.Write([]string{q.q, strconv.Itoa(q.truth), engineNames[e], strconv.Itoa(q.found[e]),
				fmt.Sprintf("%.4f", q.recall[e]), fmt.Sprintf("%.4f", q.precision[e]),
				strconv.FormatInt(q.cold[e].bytes, 10), strconv.Itoa(q.cold[e].requests), strconv.Itoa(q.cold[e].notModified), fmt.Sprintf("%.1f", q.cold[e].ms),
				strconv.FormatInt(q.warm[e].bytes, 10), strconv.Itoa(q.warm[e].requests), strconv.Itoa(q.warm[e].notModified), fmt.Sprintf("%.1f", q.warm[e].ms)})
		}
	}
	w.Flush()
	return errors.Join(w.Error(), f.Close())
}

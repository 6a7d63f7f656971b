package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"xxgk/internal/testenv"
)

// observer runs in every document before the page's scripts: it takes the time
// (performance.now(), milliseconds since the navigation started) at which the first
// result appears, or the final "no results" state. It reads both pages: the portal's
// (#search-list, #search-status) and the Pagefind harness (#results, #count).
const observer = `(() => {
  const b = window.__bench = { first: null };
  const check = () => {
    if (b.first !== null) return;
    const status = document.getElementById("search-status");
    const count = document.getElementById("count");
    if (document.querySelector("#search-list li, #results li") ||
        (status && status.textContent.startsWith("没有找到")) ||
        (count && count.dataset.done)) {
      b.first = performance.now();
      mo.disconnect();
    }
  };
  const mo = new MutationObserver(check);
  mo.observe(document, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ["data-done"] });
})()`

// settled is true once the page shows its final state: the count and the results of
// the first page (20), or an error.
const settled = `(() => {
  const b = window.__bench || {};
  const status = document.getElementById("search-status");
  if (status) {
    const t = status.textContent;
    const m = t.match(/^找到 (\d+) 个文件/);
    const shown = document.querySelectorAll("#search-list li").length;
    if (m && shown === Math.min(20, +m[1])) return { state: "done", count: +m[1], shown, first: b.first };
    if (t.startsWith("没有找到")) return { state: "done", count: 0, shown, first: b.first };
    if (t.startsWith("搜索暂时无法使用")) return { state: "error", text: t };
    return null;
  }
  const count = document.getElementById("count");
  if (count && count.dataset.done) {
    if (count.dataset.error) return { state: "error", text: count.dataset.error };
    return { state: "done", count: +count.textContent, shown: document.querySelectorAll("#results li").length, first: b.first };
  }
  return null;
})()`

type pageState struct {
	State string  `json:"state"`
	Text  string  `json:"text"`
	Count int     `json:"count"`
	Shown int     `json:"shown"`
	First float64 `json:"first"`
}

// visit is what one page load of a query cost.
type visit struct {
	bytes       int64   // bytes the server sent for the engine's requests, headers included
	requests    int     // the engine's requests that reached the server
	notModified int     // of them, answered 304 Not Modified
	ms          float64 // time to first result
	count       int     // the result count the page shows
}

type browser struct {
	ctx     context.Context // the browser's first tab; new tabs are made from it
	cancels []context.CancelFunc
}

// chromiumPath finds Chromium as the tests and .ci/run do ($CHROMIUM, then PATH).
func chromiumPath() string {
	path, _ := testenv.FindChromium()
	return path
}

func newBrowser(userData string) (*browser, error) {
	path := chromiumPath()
	if path == "" {
		return nil, fmt.Errorf("chromium not found (set CHROMIUM)")
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(userData),
		chromedp.WindowSize(1280, 900),
	)
	ctx, cancelCtx := chromedp.NewContext(actx)
	b := &browser{ctx: ctx, cancels: []context.CancelFunc{cancelCtx, cancelAlloc}}
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		b.close()
		return nil, err
	}
	return b, nil
}

func (b *browser) close() {
	for _, c := range b.cancels {
		c()
	}
}

// tab is one browser tab.
type tab struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func (b *browser) newTab() (*tab, error) {
	ctx, cancel := chromedp.NewContext(b.ctx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 10*time.Minute)
	t := &tab{ctx: ctx, cancel: func() { cancelTimeout(); cancel() }}
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: observer})
		return err
	}))
	if err != nil {
		t.cancel()
		return nil, err
	}
	return t, nil
}

func (t *tab) clearCache() error {
	return chromedp.Do(t.ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, network.ClearBrowserCache, cdp.Empty{})
		return err
	}))
}

// load opens u in the tab (after about:blank, so that it is an ordinary navigation
// even when the tab shows u already), waits for the page's final state and sums what
// the server sent for the requests that mine accepts by path.
func (t *tab) load(u string, srv *server, mine func(path string) bool) (visit, error) {
	if err := chromedp.Do(t.ctx, chromedp.Navigate("about:blank")); err != nil {
		return visit{}, err
	}
	srv.reset()
	if err := chromedp.Do(t.ctx, chromedp.Navigate(u)); err != nil {
		return visit{}, err
	}
	// Poll from here rather than with chromedp.Poll, which does not survive the
	// document's execution context changing under it; the time is taken in the page.
	var st *pageState
	for deadline := time.Now().Add(5 * time.Minute); st == nil; time.Sleep(5 * time.Millisecond) {
		var err error
		if st, err = chromedp.Run(t.ctx, chromedp.Evaluate[*pageState](settled)); err != nil {
			return visit{}, fmt.Errorf("%s: %w", u, err)
		}
		if time.Now().After(deadline) {
			return visit{}, fmt.Errorf("%s: no results after 5 minutes", u)
		}
	}
	if st.State != "done" {
		return visit{}, fmt.Errorf("%s: %s", u, st.Text)
	}
	v := visit{ms: st.First, count: st.Count}
	srv.quiet(200*time.Millisecond, 5*time.Second) // requests the page makes after showing its results
	v.bytes, v.requests, v.notModified = srv.sum(mine)
	return v, nil
}

// ours accepts the requests of the portal's search: the index files and the search
// scripts, not the HTML page itself.
func ours(path string) bool {
	return strings.HasPrefix(path, "/search/") && path != "/search/" && path != "/search/index.html" ||
		strings.HasPrefix(path, "/js/search")
}

// pagefinds accepts Pagefind's requests: its bundle and the harness script.
func pagefinds(path string) bool {
	return strings.HasPrefix(path, "/pagefind/") || path == "/pf/bench.js"
}

// pagefindAll returns Pagefind's total and the ids of all its results for q, through
// its JavaScript API, in a tab that shows the harness without a query.
func pagefindAll(t *tab, q string) (total int, ids []string, err error) {
	js, _ := json.Marshal(q)
	r, err := chromedp.Run(t.ctx, chromedp.Evaluate[pagefindResults](
		fmt.Sprintf("window.__pfAll(%s)", js), chromedp.EvalAwaitPromise))
	return r.Total, r.IDs, err
}

type pagefindResults struct {
	Total int      `json:"total"`
	IDs   []string `json:"ids"`
}

// server serves the bench site and counts what it sends: Pagefind 1.6 fetches its
// index in a Web Worker, whose requests the page's DevTools session does not see, so
// bytes are counted where both engines' requests arrive. A request the browser answers
// from its cache never gets here.
type server struct {
	h        http.Handler
	mu       sync.Mutex
	inflight int
	last     time.Time
	served   []served
}

type served struct {
	path   string
	status int
	bytes  int64
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.inflight++
	s.last = time.Now()
	s.mu.Unlock()
	cw := &countingWriter{ResponseWriter: w}
	w.Header().Set("Cache-Control", "max-age=600") // as GitHub Pages sends; no compression
	s.h.ServeHTTP(cw, r)
	s.mu.Lock()
	s.inflight--
	s.last = time.Now()
	s.served = append(s.served, served{path: r.URL.Path, status: cw.status, bytes: cw.bytes})
	s.mu.Unlock()
}

func (s *server) reset() {
	s.mu.Lock()
	s.served = nil
	s.mu.Unlock()
}

// quiet waits until no request has been open for d, at most max.
func (s *server) quiet(d, max time.Duration) {
	for deadline := time.Now().Add(max); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		s.mu.Lock()
		ok := s.inflight == 0 && time.Since(s.last) >= d
		s.mu.Unlock()
		if ok {
			return
		}
	}
}

func (s *server) sum(mine func(path string) bool) (bytes int64, requests, notModified int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.served {
		if !mine(r.path) {
			continue
		}
		bytes += r.bytes
		requests++
		if r.status == http.StatusNotModified {
			notModified++
		}
	}
	return bytes, requests, notModified
}

// countingWriter counts the bytes of a response: the status line and headers as
// net/http writes them (with the Date header it adds), and the body.
type countingWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *countingWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
		n := len("HTTP/1.1 000 \r\n") + len(http.StatusText(code)) + len("Date: Mon, 02 Jan 2006 15:04:05 GMT\r\n") + len("\r\n")
		for k, vs := range w.Header() {
			for _, v := range vs {
				n += len(k) + len(": \r\n") + len(v)
			}
		}
		w.bytes += int64(n)
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *countingWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Package e2e drives the built portal in a real Chromium, as a reader would.
package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	preview "xxgk/internal/serve"
	"xxgk/internal/site"
	"xxgk/internal/testenv"
)

// CSP is the policy the test server sends: the README's production setup, which
// xxgk serve sends too.
var CSP = preview.SecurityHeaders["Content-Security-Policy"]

// browser is one headless Chromium tab for a test, with everything the pages report.
type browser struct {
	ctx     context.Context
	mu      sync.Mutex
	errors  []string                 // console errors and warnings, uncaught exceptions, browser log errors (CSP violations among them)
	flushed map[string]chan struct{} // marks problems has logged, closed when the console reports them
	marks   int

	inflight map[network.RequestID]bool // requests the page has made that have not ended
	netAt    time.Time                  // when the last request started or ended
}

// flushMark starts the console messages problems logs to know that every message the
// page logged before has been delivered: the protocol delivers them in order.
const flushMark = "xxgk-console-flush-"

func newBrowser(t *testing.T) *browser {
	t.Helper()
	return newBrowserFor(t, 2*time.Minute)
}

// newBrowserFor is newBrowser for a test that may take up to d.
func newBrowserFor(t *testing.T, d time.Duration) *browser {
	t.Helper()
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(testenv.Chromium(t)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, d)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })

	b := &browser{ctx: ctx, flushed: map[string]chan struct{}{}, inflight: map[network.RequestID]bool{}}
	messages := chromedp.Console(ctx)
	// Record securitypolicyviolation events as well: a script added through the
	// DevTools protocol is not subject to the page's CSP.
	b.do(t, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
			Source: `window.__csp = []; document.addEventListener("securitypolicyviolation", e => window.__csp.push(e.violatedDirective + " " + e.blockedURI));`,
		})
		return err
	}))
	// Follow the page's requests, so that problems can wait until the page is idle.
	if err := chromedp.Listen(ctx, func(ev any) {
		b.mu.Lock()
		defer b.mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			b.inflight[e.RequestID] = true
		case *network.EventLoadingFinished:
			delete(b.inflight, e.RequestID)
		case *network.EventLoadingFailed:
			delete(b.inflight, e.RequestID)
		default:
			return
		}
		b.netAt = time.Now()
	}); err != nil {
		t.Fatal(err)
	}
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleDebug && strings.HasPrefix(m.Text, flushMark) {
				b.mu.Lock()
				if ch := b.flushed[m.Text]; ch != nil {
					close(ch)
					delete(b.flushed, m.Text)
				}
				b.mu.Unlock()
				continue
			}
			switch m.Type {
			case chromedp.ConsoleError, chromedp.ConsoleWarning, chromedp.ConsoleException:
				b.mu.Lock()
				b.errors = append(b.errors, fmt.Sprintf("%s %s:%d: %s", m.Type, m.URL, m.Line+1, m.Text))
				b.mu.Unlock()
			}
		}
	}()
	return b
}

func (b *browser) do(t *testing.T, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

func run[T any](t *testing.T, b *browser, action chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(b.ctx, action)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// problems returns, and forgets, everything the pages reported so far.
func (b *browser) problems(t *testing.T) []string {
	t.Helper()
	// Wait for the page to load and its requests (the search index, fetched by
	// script) to end, then log a mark and wait for it: everything logged before it
	// has then been received, however long that took — no fixed pause that later
	// messages could miss.
	run(t, b, chromedp.Poll[bool](`document.readyState === "complete"`))
	b.waitIdle()
	b.mu.Lock()
	b.marks++
	mark := fmt.Sprintf("%s%d", flushMark, b.marks)
	ch := make(chan struct{})
	b.flushed[mark] = ch
	b.mu.Unlock()
	run(t, b, chromedp.Evaluate[bool](fmt.Sprintf(`(console.debug(%q), true)`, mark)))
	select {
	case <-ch:
	case <-time.After(30 * time.Second):
		t.Fatal("the browser did not deliver its console messages within 30 s")
	}
	csp := run(t, b, chromedp.Evaluate[[]string](`window.__csp || []`))
	b.mu.Lock()
	defer b.mu.Unlock()
	out := append(b.errors, csp...)
	b.errors = nil
	return out
}

// waitIdle waits until no request of the page has been open for 200 ms. A request
// that never ends (a stream) would hold it for good, so after ten seconds it gives up
// waiting, and problems reports what came so far.
func (b *browser) waitIdle() {
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		b.mu.Lock()
		idle := len(b.inflight) == 0 && time.Since(b.netAt) > 200*time.Millisecond
		b.mu.Unlock()
		if idle {
			return
		}
	}
}

// checkClean fails the test if any page so far reported a problem.
func (b *browser) checkClean(t *testing.T) {
	t.Helper()
	for _, p := range b.problems(t) {
		t.Errorf("browser reported: %s", p)
	}
}

// TestProblemsAreSeen proves the watch itself: a page that breaks the CSP and
// logs an error — a second after it loaded — must be reported.
func TestProblemsAreSeen(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", CSP)
		switch r.URL.Path {
		case "/late.js": // an error logged well after load, once a slow request ends
			w.Header().Set("Content-Type", "text/javascript")
			fmt.Fprint(w, `fetch("/slow").then(r => r.text()).then(() => console.error("late error after a slow fetch"));`)
			return
		case "/slow":
			time.Sleep(time.Second)
			fmt.Fprint(w, "ok")
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!DOCTYPE html><html lang="zh-CN"><head><link rel="icon" href="data:,"><title>x</title></head>`+
			`<body><p style="color:red">内联样式</p><script>document.title = "inline ran"</script><script src="/late.js"></script></body></html>`)
	}))
	defer srv.Close()
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(srv.URL), chromedp.WaitVisible(chromedp.CSS(`p`)))
	got := strings.Join(b.problems(t), "\n")
	for _, want := range []string{"script-src", "style-src", "late error after a slow fetch"} {
		if !strings.Contains(got, want) {
			t.Errorf("a %s violation went unreported; reported: %s", want, got)
		}
	}
	if title := run(t, b, chromedp.Title()); title == "inline ran" {
		t.Error("inline script ran despite the CSP")
	}
}

// serve builds the sample site and serves it with the production security headers.
func serve(t *testing.T) string {
	t.Helper()
	base, _ := serveSite(t, "..")
	return base
}

// serveSite builds the site in src and serves it with the production security
// headers, returning the server's URL and the built directory.
func serveSite(t *testing.T, src string) (string, string) {
	t.Helper()
	return serveSiteThrough(t, src, nil)
}

// serveSiteThrough is serveSite with the server's handler passed through wrap, for
// tests that play a misbehaving server.
func serveSiteThrough(t *testing.T, src string, wrap func(http.Handler) http.Handler) (string, string) {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := site.Build(site.Options{Source: src, Dest: dest}); err != nil {
		t.Fatal(err)
	}
	files := http.FileServer(http.Dir(dest))
	var h http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for k, v := range preview.SecurityHeaders {
			h.Set(k, v)
		}
		files.ServeHTTP(w, r)
	})
	if wrap != nil {
		h = wrap(h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL, dest
}

// screenshot keeps a full-page PNG as a test artefact in $XXGK_SCREENSHOTS (or a temp dir).
func screenshot(t *testing.T, b *browser, name string) {
	t.Helper()
	dir := os.Getenv("XXGK_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	// A page that has just reloaded (live reload) can still be laid out at zero size;
	// Chromium refuses to capture that.
	b.do(t, chromedp.Poll[chromedp.Void](`document.readyState === "complete" && document.documentElement.scrollWidth > 0 && document.documentElement.scrollHeight > 0`))
	png := run(t, b, chromedp.FullScreenshot(100))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestReaderJourney: open the home page, follow a link to a document, enlarge the text,
// and see the choice remembered on the next page — with no console error and no CSP
// violation anywhere, under the production Content-Security-Policy.
func TestReaderJourney(t *testing.T) {
	base := serve(t)
	b := newBrowser(t)

	// The font-size control is hidden until the script shows it: seeing it proves the
	// script ran under the CSP.
	b.do(t, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS(`.font-size`)))
	if title := run(t, b, chromedp.Title()); !strings.Contains(title, "信息公开") {
		t.Errorf("home title %q", title)
	}
	screenshot(t, b, "home-1280")

	const first = `.latest tbody tr:first-child td:nth-child(2) a`
	linkText := run(t, b, chromedp.Text(chromedp.CSS(first)))
	href := run(t, b, chromedp.AttributeValue(chromedp.CSS(first), "href")).Value
	b.do(t, chromedp.Click(chromedp.CSS(first)), chromedp.WaitVisible(chromedp.CSS(`table.meta-table`)))
	h1 := run(t, b, chromedp.Text(chromedp.CSS(`h1`)))
	location := run(t, b, chromedp.Location())
	if h1 != strings.TrimSpace(linkText) || !strings.HasSuffix(location, href) {
		t.Errorf("followed %q to %s, landed on %q at %s", linkText, href, h1, location)
	}

	fontSize := func() string {
		return run(t, b, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("main p")).fontSize`))
	}
	before := fontSize()
	b.do(t, chromedp.Click(chromedp.CSS(`button[data-font-size="150"]`)))
	after := fontSize()
	pressed := run(t, b, chromedp.AttributeValue(chromedp.CSS(`button[data-font-size="150"]`), "aria-pressed")).Value
	if before != "16px" || after != "24px" || pressed != "true" {
		t.Errorf("font size %s → %s (aria-pressed %s), want 16px → 24px", before, after, pressed)
	}
	screenshot(t, b, "document-1280-150")

	// The choice is remembered on the next page.
	b.do(t, chromedp.Navigate(base+"/guide/"), chromedp.WaitVisible(chromedp.CSS(`.font-size`)))
	if got := fontSize(); got != "24px" {
		t.Errorf("font size on the next page %s, want 24px", got)
	}
	b.do(t, chromedp.Click(chromedp.CSS(`button[data-font-size="100"]`)))

	// Small screens: pages fit without sideways scrolling, down to 320 px.
	for _, width := range []int64{375, 320} {
		for _, path := range []string{"/", href, "/lxzz/lxzz-2024-00001/", "/categories/规划统计/", "/years/", "/search/?q=%E8%B4%A8%E9%87%8F%E6%8A%A5%E5%91%8A", "/register/", "/audit/"} {
			b.do(t, chromedp.EmulateViewport(width, 800), chromedp.Navigate(base+path), chromedp.WaitVisible(chromedp.CSS(`main`)))
			if run(t, b, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth`)) {
				t.Errorf("%s scrolls sideways at %d px", path, width)
			}
		}
	}
	screenshot(t, b, "category-375")
	b.checkClean(t)
}

// TestPrintButton: the print button appears with JavaScript and calls window.print.
func TestPrintButton(t *testing.T) {
	base := serve(t)
	b := newBrowser(t)
	b.do(t,
		chromedp.Navigate(base+"/lxzz/lxzz-2024-00001/"),
		chromedp.WaitVisible(chromedp.CSS(`button[data-action="print"]`)),
		chromedp.Evaluate[chromedp.Void](`window.print = () => { window.__printed = true }`),
		chromedp.Click(chromedp.CSS(`button[data-action="print"]`)),
	)
	if !run(t, b, chromedp.Evaluate[bool](`window.__printed === true`)) {
		t.Error("print button did not print")
	}
	if n := run(t, b, chromedp.Nodes(chromedp.CSS(`.toc details[open]`))); len(n) != 1 {
		t.Error("no open table of contents on a quality report")
	}
	b.checkClean(t)
}

package e2e

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chromedp/chromedp"

	"xxgk/internal/search"
)

// hostile is a document whose title, metadata and body try to run script.
const hostile = `+++
title = '<script>window.__pwned=1</script>考核<img src=x onerror="window.__pwned=2">方案"><svg onload="window.__pwned=3">'
index = "lxzz-2024-00090"
publisher = "lxzz"
date = 2024-06-03
category = "业务工作/教育教学"
genre = "通知"
keywords = ['<img src=x onerror="window.__pwned=4">']
+++

教师考核方案<script>window.__pwned=5</script>正文中有 <img src=x onerror="window.__pwned=6"> 和 "><svg onload="window.__pwned=7"> 等字样。
`

// sampleWithHostile copies the sample site and adds the hostile document.
func sampleWithHostile(t *testing.T) string {
	t.Helper()
	dir := copySample(t)
	doc := filepath.Join(dir, "content/lxzz/2024/lxzz-2024-00090.md")
	if err := os.WriteFile(doc, []byte(hostile), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// copySample copies the sample site into a temporary directory.
func copySample(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, p := range []string{"config.toml", "content", "data", "layouts", "static"} {
		if fi, _ := os.Stat(filepath.Join("..", p)); fi != nil && fi.IsDir() {
			if err := os.CopyFS(filepath.Join(dir, p), os.DirFS(filepath.Join("..", p))); err != nil {
				t.Fatal(err)
			}
		} else if b, err := os.ReadFile(filepath.Join("..", p)); err != nil || os.WriteFile(filepath.Join(dir, p), b, 0o644) != nil {
			t.Fatal(err)
		}
	}
	return dir
}

var foundCount = regexp.MustCompile(`找到 (\d+) 个文件`)

// TestSearchJourney: search from the home page's box, see results, narrow them with a
// filter, follow a result; traditional characters find simplified text; script in a
// document shows as text and never runs — under the production CSP, with no console
// error.
func TestSearchJourney(t *testing.T) {
	base, dest := serveSite(t, sampleWithHostile(t))
	ix, err := search.Open(os.DirFS(filepath.Join(dest, "search")))
	if err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t)

	// From the header's search box to the search page.
	const query = "质量报告"
	b.do(t, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS(`#q`)),
		chromedp.SendKeys(chromedp.CSS(`#q`), query+"\r"),
		chromedp.WaitVisible(chromedp.CSS(`#search-list li`)))
	if loc := run(t, b, chromedp.Location()); !strings.Contains(loc, "/search/?q="+url.QueryEscape(query)) {
		t.Errorf("search box led to %s", loc)
	}
	want, _, err := ix.Search(query)
	if err != nil {
		t.Fatal(err)
	}
	status := run(t, b, chromedp.Text(chromedp.CSS(`#search-status`)))
	if m := foundCount.FindStringSubmatch(status); m == nil || m[1] != strconv.Itoa(len(want)) {
		t.Errorf("status %q, want %d results", status, len(want))
	}
	if live := run(t, b, chromedp.AttributeValue(chromedp.CSS(`#search-status`), "aria-live")).Value; live != "polite" {
		t.Errorf("result count is not announced (aria-live=%q)", live)
	}
	if n := run(t, b, chromedp.Evaluate[int](`document.querySelectorAll("#search-results mark").length`)); n == 0 {
		t.Error("no highlighted match in the results")
	}
	screenshot(t, b, "search-1280")

	// A filter: the first publisher's link narrows the results to its count.
	const facet = `#search-filters .facet:first-of-type li a`
	label := run(t, b, chromedp.Text(chromedp.CSS(facet+` span:first-child`)))
	count := run(t, b, chromedp.Text(chromedp.CSS(facet+` .count`)))
	b.do(t, chromedp.Click(chromedp.CSS(facet)), chromedp.WaitVisible(chromedp.CSS(`#search-filters a[aria-current]`)))
	status = run(t, b, chromedp.Text(chromedp.CSS(`#search-status`)))
	if m := foundCount.FindStringSubmatch(status); m == nil || "（"+m[1]+"）" != count {
		t.Errorf("after filtering by %s%s the status says %q", label, count, status)
	}
	if loc := run(t, b, chromedp.Location()); !strings.Contains(loc, "publisher=") {
		t.Errorf("filter not in the URL: %s", loc)
	}
	metas := run(t, b, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".result-meta")].map(e => e.textContent)`))
	for _, m := range metas {
		if !strings.HasPrefix(m, label) {
			t.Errorf("result %q is not from %s", m, label)
		}
	}

	// Follow a result.
	title := run(t, b, chromedp.Text(chromedp.CSS(`.result-title a`)))
	b.do(t, chromedp.Click(chromedp.CSS(`.result-title a`)), chromedp.WaitVisible(chromedp.CSS(`table.meta-table`)))
	if h1 := run(t, b, chromedp.Text(chromedp.CSS(`h1`))); h1 != title {
		t.Errorf("followed %q, landed on %q", title, h1)
	}

	// Traditional script finds the simplified text; the URL alone restores the state.
	b.do(t, chromedp.Navigate(base+"/search/?q="+url.QueryEscape("職業教育")+"&sort=date"),
		chromedp.WaitVisible(chromedp.CSS(`#search-list li`)))
	if got := run(t, b, chromedp.Evaluate[string](`document.querySelector("#search-results mark").textContent`)); got != "职业教育" {
		t.Errorf("職業教育 highlighted %q", got)
	}
	if v := run(t, b, chromedp.Value(chromedp.CSS(`#search-sort`))); v != "date" {
		t.Errorf("sort from the URL not shown in the form: %q", v)
	}

	// An 索引号 puts its document first.
	b.do(t, chromedp.Navigate(base+"/search/?q=LXZZ-2024-00001"), chromedp.WaitVisible(chromedp.CSS(`#search-list li`)))
	if got := run(t, b, chromedp.Text(chromedp.CSS(`.result-meta`))); !strings.Contains(got, "lxzz-2024-00001") {
		t.Errorf("index lookup: first result %q", got)
	}

	// Nothing found: a clear empty state.
	b.do(t, chromedp.Navigate(base+"/search/?q="+url.QueryEscape("量子纠缠实验室")), chromedp.WaitVisible(chromedp.CSS(`#search-status`)))
	b.do(t, chromedp.Poll[chromedp.Void](`document.querySelector("#search-status").textContent.startsWith("没有找到")`))

	// Script in a document is shown as text, in titles and in snippets, and never runs.
	for _, q := range []string{"onerror", "svg onload", "考核方案"} {
		b.do(t, chromedp.Navigate(base+"/search/?q="+url.QueryEscape(q)), chromedp.WaitVisible(chromedp.CSS(`#search-list li`)))
		html := run(t, b, chromedp.Evaluate[string](`document.querySelector("#search-results").innerHTML`))
		text := run(t, b, chromedp.Evaluate[string](`document.querySelector("#search-results").textContent`))
		if n := run(t, b, chromedp.Evaluate[int](`document.querySelectorAll("#search-results img, #search-results svg, #search-results script").length`)); n != 0 {
			t.Errorf("%q: %d live elements injected into results: %s", q, n, html)
		}
		if !strings.Contains(text, `<img src=x onerror="window.__pwned=`) {
			t.Errorf("%q: payload not shown as text: %s", q, text)
		}
	}
	screenshot(t, b, "search-hostile-1280")
	if pwned := run(t, b, chromedp.Evaluate[string](`String(window.__pwned)`)); pwned != "undefined" {
		t.Errorf("a payload ran: window.__pwned = %s", pwned)
	}
	b.checkClean(t)
}

// TestSearchKeyboard: the search page is usable with the keyboard alone: type, submit
// with Enter, reach a filter by Tab and apply it with Enter.
func TestSearchKeyboard(t *testing.T) {
	base, _ := serveSite(t, "..")
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(base+"/search/"), chromedp.WaitVisible(chromedp.CSS(`#search-q`)),
		chromedp.Focus(chromedp.CSS(`#search-q`)),
		chromedp.KeyEvent("工作总结\r"),
		chromedp.WaitVisible(chromedp.CSS(`#search-filters a`)))
	// Tab until a filter link has focus, then press Enter.
	for i := 0; i < 200; i++ {
		if run(t, b, chromedp.Evaluate[bool](`!!document.activeElement.closest("#search-filters a")`)) {
			break
		}
		b.do(t, chromedp.KeyEvent("\t"))
	}
	focused := run(t, b, chromedp.Evaluate[string](`document.activeElement.textContent`))
	b.do(t, chromedp.KeyEvent("\r"), chromedp.WaitVisible(chromedp.CSS(`#search-filters a[aria-current]`)))
	if got := run(t, b, chromedp.Evaluate[string](`document.querySelector("#search-filters a[aria-current]").textContent`)); got != focused {
		t.Errorf("Enter on %q applied %q", focused, got)
	}
	b.checkClean(t)
}

// TestSearchWithoutRanges: a server that ignores Range requests (Python's http.server,
// some proxies) answers with whole files; search still gives the same results.
func TestSearchWithoutRanges(t *testing.T) {
	var ranges atomic.Int32
	base, dest := serveSiteThrough(t, "..", func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("Range") != "" {
				ranges.Add(1)
				r.Header.Del("Range")
			}
			next.ServeHTTP(w, r)
		})
	})
	ix, err := search.Open(os.DirFS(filepath.Join(dest, "search")))
	if err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t)
	const q = "实习 -安全"
	b.do(t, chromedp.Navigate(base+"/search/?q="+url.QueryEscape(q)), chromedp.WaitVisible(chromedp.CSS(`#search-list li`)))
	want, _, err := ix.Search(q)
	if err != nil {
		t.Fatal(err)
	}
	status := run(t, b, chromedp.Text(chromedp.CSS(`#search-status`)))
	if m := foundCount.FindStringSubmatch(status); m == nil || m[1] != strconv.Itoa(len(want)) {
		t.Errorf("status %q, want %d results", status, len(want))
	}
	if ranges.Load() == 0 {
		t.Error("the client asked for no byte range: the test proves nothing")
	}
	b.checkClean(t)
}

// TestSearchIndexUnavailable: when the index cannot be read, the page says so in
// plain words instead of hanging on "正在搜索…", and a later search succeeds.
func TestSearchIndexUnavailable(t *testing.T) {
	var broken atomic.Bool
	broken.Store(true)
	base, _ := serveSiteThrough(t, "..", func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if broken.Load() && strings.HasPrefix(r.URL.Path, "/search/dict-") {
				http.Error(w, "unavailable", http.StatusServiceUnavailable)
				return
			}
			next.ServeHTTP(w, r)
		})
	})
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(base+"/search/?q="+url.QueryEscape("质量报告")),
		chromedp.Poll[chromedp.Void](`document.querySelector("#search-status").textContent.startsWith("搜索暂时无法使用")`))
	b.problems(t) // the failure is logged as a warning on purpose
	broken.Store(false)
	b.do(t, chromedp.Click(chromedp.CSS(`.search-page-form button`)), chromedp.WaitVisible(chromedp.CSS(`#search-list li`)))
	if s := run(t, b, chromedp.Text(chromedp.CSS(`#search-status`))); !foundCount.MatchString(s) {
		t.Errorf("after the index came back: %q", s)
	}
	b.checkClean(t)
}

// TestSearchManyPublishers: with many publishers, the filter shows the ten with the
// most results and a button reveals the rest.
func TestSearchManyPublishers(t *testing.T) {
	dir := copySample(t)
	reg, err := os.OpenFile(filepath.Join(dir, "data/publishers.toml"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 12; i++ {
		code := fmt.Sprintf("hsxx%02d", i)
		fmt.Fprintf(reg, "\n[[publisher]]\ncode = %q\nname = \"海石县第%d职业学校\"\ntype = \"school\"\nparent = \"lxjyj\"\n", code, i)
		doc := fmt.Sprintf("+++\ntitle = \"海石县第%d职业学校实训基地建设情况通报\"\nindex = \"%s-2024-00001\"\npublisher = %q\ndate = 2024-05-%02d\ncategory = \"业务工作/教育教学\"\ngenre = \"通知\"\n+++\n\n本学期学校新建实训基地一处，可容纳学生%d人。\n", i, code, code, i, 40+i)
		path := filepath.Join(dir, "content", code, "2024", code+"-2024-00001.md")
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	reg.Close()
	base, _ := serveSite(t, dir)
	b := newBrowser(t)
	const items = `#search-filters .facet:first-of-type li`
	b.do(t, chromedp.Navigate(base+"/search/?q="+url.QueryEscape("实训基地")), chromedp.WaitVisible(chromedp.CSS(`.facet-more`)))
	visible := func() int {
		return run(t, b, chromedp.Evaluate[int](`[...document.querySelectorAll("`+items+`")].filter(li => !li.hidden).length`))
	}
	total := run(t, b, chromedp.Evaluate[int](`document.querySelectorAll("`+items+`").length`))
	if total < 13 || visible() != 10 {
		t.Fatalf("%d publishers, %d shown before expanding; want 10 of at least 13", total, visible())
	}
	b.do(t, chromedp.Focus(chromedp.CSS(`.facet-more`)), chromedp.KeyEvent("\r"))
	if visible() != total || run(t, b, chromedp.AttributeValue(chromedp.CSS(`.facet-more`), "aria-expanded")).Value != "true" {
		t.Errorf("after expanding, %d of %d shown", visible(), total)
	}
	b.checkClean(t)
}

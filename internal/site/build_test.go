package site

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"xxgk/internal/buildcache"
	"xxgk/internal/clock"
	"xxgk/internal/manifest"
	"xxgk/internal/publish"
	"xxgk/internal/record"

	"xxgk/internal/testenv"

	"xxgk/internal/htmltest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// registries is a minimal data/ for fixture sites.
const registries = `
-- data/publishers.toml --
[[publisher]]
code = "qsjyj"
name = "青石县教育局"
type = "bureau"
region = "青石县"

[[publisher]]
code = "qszz"
name = "青石县职业中等专业学校"
type = "school"
region = "青石县"
parent = "qsjyj"
school_type = "公办/国家级重点"
-- data/categories.toml --
[[category]]
path = "规划统计"
[[category]]
path = "规划统计/规划计划"
[[category]]
path = "通知公告"
-- data/genres.toml --
[[genre]]
name = "工作计划"
category = "规划统计/规划计划"
[[genre]]
name = "通知"
category = "通知公告"
`

const planDoc = `+++
title = "青石县职业中等专业学校2024年工作计划"
index = "qszz-2024-00001"
publisher = "qszz"
date = 2024-02-26
category = "规划统计/规划计划"
genre = "工作计划"
keywords = ["工作计划", "2024年"]
summary = "学校2024年招生、教学和实训基地建设的主要任务。"
+++

## 一、指导思想

坚持立德树人，推进产教融合，全面提高技术技能人才培养质量。

## 二、主要任务

### （一）招生工作

稳定招生规模，计划招收新生六百人。
`

func fixture(t *testing.T, extra string) string {
	return newSite(t, registries+"-- content/qszz/2024/plan.md --\n"+planDoc+extra)
}

func mustBuild(t *testing.T, src, dest string) *Result {
	t.Helper()
	res, err := Build(Options{Source: src, Dest: dest})
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	return res
}

// failureCodes is the code of each of TestFailedBuildKeepsPrevious's failures.
var failureCodes = map[string]record.Code{
	"broken front matter":       record.CodeFrontMatterSyntax,
	"unknown category":          record.CodeUnknownCategory,
	"template syntax":           record.CodeTemplate,
	"broken link in a document": record.CodeBrokenLink,
	"broken link in a template": record.CodeTemplateLink,
	"template execution":        record.CodeTemplate,
}

// TestFailedBuildKeepsPrevious breaks a document, then a template: each build must fail
// naming the file and line, and leave the published tree exactly as it was.
func TestFailedBuildKeepsPrevious(t *testing.T) {
	tests := []struct {
		name, file, content string
		want                []string // fragments of the error
	}{
		{"broken front matter", "content/qszz/2024/plan.md",
			strings.Replace(planDoc, `genre = "工作计划"`, `genre = "工作计划`, 1),
			[]string{"content/qszz/2024/plan.md:7:", "引号没有配对"}},
		{"unknown category", "content/qszz/2024/plan.md",
			strings.Replace(planDoc, `"规划统计/规划计划"`, `"规划统计/工作计划"`, 1),
			[]string{"content/qszz/2024/plan.md:6:", "category", "data/categories.toml"}},
		{"template syntax", "layouts/single.html",
			"{{ define \"main\" }}\n<h1>{{ .Title }}</h1>\n{{ if }}\n{{ end }}\n",
			[]string{"layouts/single.html:3", "模板"}},
		{"broken link in a document", "content/qszz/2024/plan.md",
			planDoc + "\n详见[上年度工作计划](/qszz/qszz-2023-00009/)和[附表](/attachments/qszz/missing.xlsx)。\n",
			[]string{"content/qszz/2024/plan.md: ", "/qszz/qszz-2023-00009/", "/attachments/qszz/missing.xlsx", "2 个失效链接"}},
		{"broken link in a template", "layouts/_partials/footer.html",
			"<footer><a href=\"/about/\">关于本站</a></footer>\n",
			[]string{"index.html: ", "/about/", "layouts/"}},
		{"template execution", "layouts/single.html",
			"{{ define \"main\" }}\n<h1>{{ .Title }}</h1>\n{{ (index .Params.keywords 0).Foo }}\n{{ end }}\n",
			[]string{"layouts/single.html:3", "模板"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := fixture(t, "")
			dest := filepath.Join(t.TempDir(), "public")
			mustBuild(t, src, dest)
			before := treeDigest(t, dest)

			writeFile(t, filepath.Join(src, tt.file), tt.content)
			_, err := Build(Options{Source: src, Dest: dest})
			if err == nil {
				t.Fatal("build succeeded on a broken site")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			if !strings.Contains(err.Error(), "上次发布的内容保持不变") {
				t.Errorf("error does not say the published site is unchanged: %q", err)
			}
			// Every kind has the one located shape, with the code of its kind.
			var located Located
			if !errors.As(err, &located) {
				t.Fatalf("%T is not a Located error", err)
			}
			var codes []record.Code
			for _, p := range located.Located() {
				codes = append(codes, p.Code)
				if p.File == "" || p.Message == "" {
					t.Errorf("problem without file or message: %+v", p)
				}
			}
			if want := failureCodes[tt.name]; !slices.Contains(codes, want) {
				t.Errorf("codes %v, want %s among them", codes, want)
			}
			if d := testenv.DiffTrees(before, treeDigest(t, dest)); len(d) > 0 {
				t.Errorf("failed build changed %v", d)
			}
			if names := beside(t, dest); strings.Join(names, " ") != "public" {
				t.Errorf("temporary directories left beside public/: %v", names)
			}
		})
	}
}

// TestEveryDocumentVisible: a document dated today in Shanghai (even a minute from now),
// one dated next week and one already abolished are all published; the 已废止 notice
// follows the build's clock, not the machine's.
func TestEveryDocumentVisible(t *testing.T) {
	// Late in the evening in Shanghai, already the next day in no zone east of it.
	now := time.Date(2025, 6, 15, 23, 30, 0, 0, record.Shanghai)
	doc := func(serial, title, date, extra string) string {
		return "+++\ntitle = \"" + title + "\"\nindex = \"qsjyj-2025-" + serial + "\"\npublisher = \"qsjyj\"\ndate = " + date +
			"\ncategory = \"通知公告\"\ngenre = \"通知\"\n" + extra + "+++\n\n正文。\n"
	}
	src := fixture(t, "-- content/qsjyj/a.md --\n"+doc("00001", "今天发布的通知", "2025-06-15", "")+
		"-- content/qsjyj/b.md --\n"+doc("00002", "一分钟后发布的通知", "2025-06-15T23:31:00", "")+
		"-- content/qsjyj/c.md --\n"+doc("00003", "下周发布的通知", "2025-06-22", "")+
		"-- content/qsjyj/d.md --\n"+doc("00004", "已废止的通知", "2025-01-01", "abolished = 2025-01-02\n")+
		"-- content/qsjyj/e.md --\n"+doc("00005", "明天废止的通知", "2025-01-01", "abolished = 2025-06-16\n"))
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: src, Dest: dest, Now: clock.Fixed(now)}); err != nil {
		t.Fatal(err)
	}
	for i, title := range []string{"今天发布的通知", "一分钟后发布的通知", "下周发布的通知", "已废止的通知", "明天废止的通知"} {
		page := htmltest.Page(t, dest, "/qsjyj/qsjyj-2025-0000"+string(rune('1'+i))+"/")
		if h1 := htmltest.Find(page, htmltest.ByTag("h1", "")); len(h1) != 1 || htmltest.Text(h1[0]) != title {
			t.Errorf("document %q not published", title)
		}
		if notices, want := len(htmltest.Find(page, htmltest.ByTag("div", "notice-abolished"))), map[bool]int{true: 1}[i == 3]; notices != want {
			t.Errorf("%s: %d 已废止 notices, want %d", title, notices, want)
		}
	}
	home := htmltest.Page(t, dest, "/")
	if rows := htmltest.Find(home, htmltest.ByTag("tr", "")); len(rows) != 1+6 {
		t.Errorf("home lists %d rows, want 6 documents and a header", len(rows))
	}
}

// TestStableAddress: correcting the title and moving the file keep the document's URL.
func TestStableAddress(t *testing.T) {
	src := fixture(t, "")
	dest := filepath.Join(t.TempDir(), "public")
	mustBuild(t, src, dest)
	const url = "/qszz/qszz-2024-00001/"
	htmltest.Page(t, dest, url)

	os.Remove(filepath.Join(src, "content/qszz/2024/plan.md"))
	writeFile(t, filepath.Join(src, "content/archive/renamed-plan.md"),
		strings.Replace(planDoc, "2024年工作计划", "2024年度工作计划（修订）", 1))
	mustBuild(t, src, dest)
	page := htmltest.Page(t, dest, url)
	if h1 := htmltest.Find(page, htmltest.ByTag("h1", "")); htmltest.Text(h1[0]) != "青石县职业中等专业学校2024年度工作计划（修订）" {
		t.Errorf("corrected title not at the same address: %q", htmltest.Text(h1[0]))
	}
	if _, err := os.Stat(filepath.Join(dest, "archive")); !errors.Is(err, os.ErrNotExist) {
		t.Error("the file's directory leaked into the site's addresses")
	}
}

// TestSourceUntouched: the rewrite that gives Hugo derived keys happens in memory only.
func TestSourceUntouched(t *testing.T) {
	src := fixture(t, "")
	before := treeDigest(t, src)
	mustBuild(t, src, filepath.Join(t.TempDir(), "public"))
	if d := testenv.DiffTrees(before, treeDigest(t, src)); len(d) > 0 {
		t.Errorf("build changed the site directory: %v", d)
	}
}

// TestGolden compares rendered pages of the fixture with testdata/golden;
// go test -update rewrites them after an intended change to the theme.
func TestGolden(t *testing.T) {
	src := fixture(t, "")
	// Unminified, so that a change to the theme shows as a readable diff.
	cfg, _ := os.ReadFile(filepath.Join(src, "config.toml"))
	writeFile(t, filepath.Join(src, "config.toml"), strings.Replace(string(cfg), "minifyOutput = true", "minifyOutput = false", 1))
	dest := filepath.Join(t.TempDir(), "public")
	mustBuild(t, src, dest)
	for _, page := range []struct{ url, golden string }{
		{"qszz/qszz-2024-00001/index.html", "document.html"},
		{"qszz/index.html", "publisher.html"},
		{"index.xml", "feed.xml"},
	} {
		got, err := os.ReadFile(filepath.Join(dest, page.url))
		if err != nil {
			t.Fatal(err)
		}
		// The fixture's temporary path never reaches the output; dates are fixed.
		golden := filepath.Join("testdata", "golden", page.golden)
		if *update {
			writeFile(t, golden, string(got))
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if string(got) != string(want) {
			t.Errorf("%s differs from %s; if the change is intended, run go test ./internal/site -update and review the diff", page.url, golden)
		}
	}
}

func TestBuildRejectsBadDirs(t *testing.T) {
	src := fixture(t, "")
	for _, tt := range []struct{ name, src, dest, want string }{
		{"missing source", filepath.Join(src, "nope"), "", "不存在"},
		{"no config", filepath.Join(src, "content"), "", "config.toml"},
		{"dest is the source", src, src, "不能是站点目录"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Build(Options{Source: tt.src, Dest: tt.dest})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one mentioning %q", err, tt.want)
			}
		})
	}
}

// TestExportHugoSource: the exported tree holds each document with its derived keys
// and every other file unchanged.
func TestExportHugoSource(t *testing.T) {
	src := fixture(t, "")
	out := t.TempDir()
	if err := ExportHugoSource(src, out); err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile(filepath.Join(out, "content/qszz/2024/plan.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`url = "/qszz/qszz-2024-00001/"`, `categories = ["规划统计", "规划统计/规划计划"]`, `years = ["2024"]`} {
		if !strings.Contains(string(doc), want) {
			t.Errorf("exported document lacks %s:\n%s", want, doc)
		}
	}
	for _, f := range []string{"config.toml", "layouts/single.html", "data/genres.toml", "static/css/site.css"} {
		a, _ := os.ReadFile(filepath.Join(src, f))
		b, err := os.ReadFile(filepath.Join(out, f))
		if err != nil || string(a) != string(b) {
			t.Errorf("%s not copied unchanged", f)
		}
	}
}

// TestPagination: a listing longer than one page is split, every document appears
// exactly once across the pages, newest first.
func TestPagination(t *testing.T) {
	var extra strings.Builder
	for i := 2; i <= 7; i++ {
		fmt.Fprintf(&extra, "-- content/qszz/2024/plan%d.md --\n%s", i, strings.NewReplacer(
			"qszz-2024-00001", fmt.Sprintf("qszz-2024-%05d", i),
			"2024-02-26", fmt.Sprintf("2024-03-%02d", i),
			"2024年工作计划", fmt.Sprintf("2024年第%d号工作计划", i),
		).Replace(planDoc))
	}
	src := fixture(t, extra.String())
	cfg, _ := os.ReadFile(filepath.Join(src, "config.toml"))
	writeFile(t, filepath.Join(src, "config.toml"), strings.Replace(string(cfg), "pagerSize = 50", "pagerSize = 3", 1))
	dest := filepath.Join(t.TempDir(), "public")
	mustBuild(t, src, dest)

	indexes, dates := listingRows(t, dest, "/qszz/")
	want := []string{"qszz-2024-00007", "qszz-2024-00006", "qszz-2024-00005", "qszz-2024-00004", "qszz-2024-00003", "qszz-2024-00002", "qszz-2024-00001"}
	if strings.Join(indexes, " ") != strings.Join(want, " ") {
		t.Errorf("rows across pages %v (dates %v), want %v", indexes, dates, want)
	}
	last := htmltest.Page(t, dest, "/qszz/page/3/")
	if cur := htmltest.Find(last, htmltest.ByTag("span", "")); len(cur) == 0 {
		t.Error("no current page marker")
	}
	if s := htmltest.Text(htmltest.Find(last, htmltest.ByTag("nav", "pager"))[0]); !strings.Contains(s, "共 7 条，3 页") {
		t.Errorf("pager summary %q", s)
	}

	// One document a page: the pager shows the first and last pages and two on each
	// side of the current one, … between, not a link to every page.
	writeFile(t, filepath.Join(src, "config.toml"), strings.Replace(string(cfg), "pagerSize = 50", "pagerSize = 1", 1))
	mustBuild(t, src, dest)
	for page, want := range map[string]string{
		"/qszz/":        "第 1 页 2 3 … 7 下一页",
		"/qszz/page/4/": "上一页 1 2 3 第 4 页 5 6 7 下一页",
		"/qszz/page/5/": "上一页 1 … 3 4 第 5 页 6 7 下一页",
		"/qszz/page/7/": "上一页 1 … 5 6 第 7 页",
	} {
		var items []string
		for _, li := range htmltest.Find(htmltest.Page(t, dest, page), htmltest.ByTag("li", "")) {
			if hasAncestorClass(li, "pager") {
				items = append(items, strings.TrimSpace(htmltest.Text(li)))
			}
		}
		got := strings.Join(items, " ")
		if got != want {
			t.Errorf("%s pager %q, want %q", page, got, want)
		}
	}
	// Every link of the pagers leads to a page of the listing.
	indexes, _ = listingRows(t, dest, "/qszz/")
	if len(indexes) != 7 {
		t.Errorf("one a page: %d rows across the pages, want 7", len(indexes))
	}
}

// TestRawHTMLNotRendered: HTML typed into a document body is dropped, and dangerous
// links and pictures from other sites are neutralised.
func TestRawHTMLNotRendered(t *testing.T) {
	body := "\n<script>alert(1)</script>\n\n<p onclick=\"alert(2)\">段落</p>\n\n" +
		"[点击](javascript:alert(3)) [数据](data:text/html,x) [网站](https://example.org/) [本站](/qszz/)\n\n" +
		"![外部图片](https://example.org/a.png)\n\n" +
		// Written so that a naive check of the address misses the scheme (these once
		// stopped the build with a template error instead).
		"[制表符](java&#9;script:alert(4)) [换行](java&#10;script:alert(5)) [实体](javascript&#58;alert(6)) " +
		"[空格](<  javascript:alert(7)>) [大小写](JaVaScRiPt:alert(8)) [VB](vbscript:msgbox) [编码](%6Aavascript:alert(9))\n\n" +
		"![脚本图片](javascript:alert(10)) ![数据图片](data:image/svg+xml;base64,PHN2Zz4=) ![无协议](//example.org/b.png)\n"
	src := fixture(t, "")
	writeFile(t, filepath.Join(src, "content/qszz/2024/plan.md"), planDoc+body)
	dest := filepath.Join(t.TempDir(), "public")
	mustBuild(t, src, dest)
	doc := htmltest.Page(t, dest, "/qszz/qszz-2024-00001/")
	bodyDiv := htmltest.Find(doc, htmltest.ByTag("div", "doc-body"))[0]
	if n := htmltest.Find(bodyDiv, func(n *html.Node) bool {
		return n.Data == "script" || n.Data == "img" || htmltest.Attr(n, "onclick") != ""
	}); len(n) > 0 {
		t.Errorf("raw HTML rendered: %d elements", len(n))
	}
	hrefs := map[string]bool{}
	for _, a := range htmltest.Find(bodyDiv, htmltest.ByTag("a", "")) {
		hrefs[htmltest.Attr(a, "href")] = true
	}
	for _, bad := range []string{"javascript:alert(3)", "data:text/html,x"} {
		if hrefs[bad] {
			t.Errorf("link %s kept", bad)
		}
	}
	for _, n := range htmltest.Find(bodyDiv, func(n *html.Node) bool { return htmltest.Attr(n, "href") != "" || htmltest.Attr(n, "src") != "" }) {
		if u := htmltest.Attr(n, "href") + htmltest.Attr(n, "src"); !hrefs[u] || !strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "https://") {
			t.Errorf("unsafe address kept: %s %q", n.Data, u)
		}
	}
	for _, good := range []string{"https://example.org/", "/qszz/", "https://example.org/a.png", "//example.org/b.png"} {
		if !hrefs[good] {
			t.Errorf("link %s lost (links: %v)", good, hrefs)
		}
	}
	if s := htmltest.Text(bodyDiv); !strings.Contains(s, "点击") || !strings.Contains(s, "图片：外部图片") || !strings.Contains(s, "制表符") || !strings.Contains(s, "脚本图片") {
		t.Errorf("link texts lost: %q", s)
	}
}

// TestPreviousKept: each build keeps the site it replaced beside public/ for rollback,
// only the one before, and the one before that as the spare the next build renders
// into (publish.StageReusing), and leaves no other directory behind; a build without
// the cache (which renders into a new directory) gives the spare up.
func TestPreviousKept(t *testing.T) {
	src := fixture(t, "")
	dest := filepath.Join(t.TempDir(), "public")
	doc := filepath.Join(src, "content/qszz/2024/plan.md")
	var trees []map[string]string
	for i := range 4 {
		writeFile(t, doc, strings.Replace(planDoc, "2024年工作计划", fmt.Sprintf("2024年工作计划（第%d版）", i+1), 1))
		mustBuild(t, src, dest)
		trees = append(trees, treeDigest(t, dest))
	}
	if d := testenv.DiffTrees(trees[2], treeDigest(t, publish.PreviousDir(dest))); len(d) > 0 {
		t.Errorf("previous site differs from the third build in %v", d)
	}
	if d := testenv.DiffTrees(trees[1], treeDigest(t, publish.SpareDir(dest))); len(d) > 0 {
		t.Errorf("the spare differs from the second build in %v", d)
	}
	if names := beside(t, dest); strings.Join(names, " ") != ".public-previous .public-spare public" {
		t.Errorf("beside public/: %v, want only .public-previous and .public-spare", names)
	}
	if _, err := Build(Options{Source: src, Dest: dest, NoCache: true}); err != nil {
		t.Fatal(err)
	}
	// The spare is deleted by a detached process: give it time.
	var names []string
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		names = beside(t, dest)
		if strings.Join(names, " ") == ".public-previous public" || time.Now().After(deadline) {
			break
		}
	}
	if strings.Join(names, " ") != ".public-previous public" {
		t.Errorf("beside public/ after a build without the cache: %v, want only .public-previous", names)
	}
}

// beside names what lies in the directory of dest, the lock file of builds and the
// build cache apart, and what a build left in the cache beside its entries.
func beside(t *testing.T, dest string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(dest))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		switch filepath.Join(filepath.Dir(dest), e.Name()) {
		case publish.LockFile(dest):
		case CacheDir(dest):
			names = append(names, cacheLeftovers(t, CacheDir(dest))...)
		default:
			names = append(names, e.Name())
		}
	}
	return names
}

// cacheLeftovers names what a build left in the build cache dir beside the entries
// and the listings (and the checks): half-written entries, Hugo's working directories.
func cacheLeftovers(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") && !buildcache.Keeps(e.Name()) {
			out = append(out, filepath.Join(filepath.Base(dir), e.Name()))
		}
	}
	return out
}

// TestManifestAndProgressFromWrites: the page hashes in manifest.json, noted while
// Hugo wrote the pages, are those of the published files, and the build reports
// every document's page as written, counting up to the number of documents, after
// telling Loaded that number before any page.
func TestManifestAndProgressFromWrites(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	var mu sync.Mutex
	last, calls, total, loaded := 0, 0, 0, []int{}
	res, err := Build(Options{Source: repoRoot, Dest: dest, Loaded: func(docs int) {
		mu.Lock()
		defer mu.Unlock()
		if calls > 0 {
			t.Error("Loaded after a page was written")
		}
		loaded = append(loaded, docs)
	}, Progress: func(done, n int) {
		mu.Lock()
		defer mu.Unlock()
		calls++
		last, total = max(last, done), n
	}})
	if err != nil {
		t.Fatal(err)
	}
	n := len(res.Records.Records)
	if calls != n || last != n || total != n {
		t.Errorf("progress: %d calls, last %d of %d; want %d of %d", calls, last, total, n, n)
	}
	if !slices.Equal(loaded, []int{n}) {
		t.Errorf("Loaded told %v, want [%d]", loaded, n)
	}
	got, err := manifest.Read(filepath.Join(dest, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	built, _ := time.ParseInLocation("2006-01-02", got.Built, record.Shanghai)
	want, err := manifest.Build(res.Records, dest, built) // reads every page back
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Documents) != n || !reflect.DeepEqual(got, want) {
		t.Errorf("manifest.json differs from the pages published")
	}
	for _, e := range got.Documents {
		if len(e.Page) != 64 {
			t.Fatalf("%s: page hash %q", e.File, e.Page)
		}
	}
}

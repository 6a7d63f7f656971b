package hugosite

import (
	"crypto/sha256"
	"errors"
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"xxgk/internal/audit"
	"xxgk/internal/clock"
	"xxgk/internal/outputs"
	"xxgk/internal/record"
	"xxgk/internal/register"

	"xxgk/internal/testenv"

	"xxgk/internal/htmltest"
)

// repoRoot is the sample site: the repository itself.
const repoRoot = "../.."

// newSite loads the site in src into a Site writing into out, holding every document,
// with the portal data of its documents today (as the build gives it).
func newSite(t *testing.T, src, out string, set *record.Set, baseURL string) *Site {
	t.Helper()
	data, asOf := portalData(t, src, set)
	s, err := New(Config{Source: src, Out: out, BaseURL: baseURL, AsOf: asOf}, set, View{Data: data})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// portalData is the portal data of set's documents today, as the build gives it
// (data/xxgk.json), and today.
func portalData(t *testing.T, src string, set *record.Set) ([]byte, time.Time) {
	t.Helper()
	cfg, err := audit.LoadConfig(src)
	if err != nil {
		t.Fatal(err)
	}
	asOf := clock.Day(time.Now())
	data, err := outputs.PortalData(set.Records, register.Build(set, asOf, ""), audit.Run(set, cfg, audit.Options{AsOf: asOf}))
	if err != nil {
		t.Fatal(err)
	}
	return data, asOf
}

// TestSearchTextNotedWhileRendering: the search text is taken from Hugo as each
// document's page is written, for every document, and it is the text of the page's
// body as published — render hooks included (a table's caption) — and that the text
// Hugo gives the feeds is the same.
func TestSearchTextNotedWhileRendering(t *testing.T) {
	src, _ := filepath.Abs(repoRoot)
	set, err := record.Load(src)
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	r := newSite(t, src, out, set, "")
	defer r.Close()
	if err := r.Build(); err != nil {
		t.Fatal(err)
	}
	// The published page is minified: compare the text without its white space.
	words := func(s string) string { return strings.Join(strings.Fields(s), "") }
	tables := 0
	for _, rec := range set.Records {
		noted, ok := r.Body(rec)
		if !ok {
			t.Fatalf("%s: no search text noted", rec.Path)
		}
		bodies := htmltest.Find(htmltest.Page(t, out, rec.URL()), htmltest.ByTag("div", "doc-body"))
		if len(bodies) != 1 {
			t.Fatalf("%s: %d doc-body elements", rec.Path, len(bodies))
		}
		// The body of the Markdown: without what the template puts before it (the
		// annual report's download line).
		for _, n := range htmltest.Find(bodies[0], htmltest.ByTag("p", "report-download")) {
			n.Parent.RemoveChild(n)
		}
		if got, want := words(noted), words(htmltest.Text(bodies[0])); got != want {
			t.Errorf("%s: search text\n%q\nthe page's body\n%q", rec.Path, got, want)
		}
		if strings.Contains(noted, "表格：") {
			tables++
		}
		// Asked after the build, Hugo renders the Markdown again for the last output
		// format (the feeds): the render hooks for feeds (layouts/_markup/*.rss.xml)
		// make that text the page's too, so the feeds and the catalogue stubs of the
		// sharded build say what the page says.
		if asked := body(r.pagesOf()[rec.Page()]); words(asked) != words(noted) {
			t.Errorf("%s: the text for feeds\n%q\ndiffers from the page's\n%q", rec.Path, asked, noted)
		}
	}
	if tables == 0 {
		t.Error("no document of the sample has a table: the test shows nothing about render hooks")
	}
	// Documents gives every document's page, with the text noted for it.
	docs := r.Documents()
	if len(docs) != len(set.Records) {
		t.Errorf("Documents: %d pages, want %d", len(docs), len(set.Records))
	}
	for _, d := range docs {
		if noted, _ := r.Body(d.Record); d.Body != noted || d.URL != d.Record.URL() {
			t.Errorf("%s: Documents gives %q at %s, want the noted text at %s", d.Record.Path, d.Body, d.URL, d.Record.URL())
		}
	}
}

// TestConfiguredHome: the home page's address that the sharded build takes from the
// configuration, before Hugo has built the portal, is the one Hugo gives the home
// page once built, whatever form baseURL takes.
func TestConfiguredHome(t *testing.T) {
	src := fixture(t)
	set, err := record.Load(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, base := range []string{"", "/", "https://xxgk.example.edu.cn", "https://xxgk.example.edu.cn/", "https://example.edu.cn/xxgk", "https://example.edu.cn/xxgk/", "http://localhost:1313/"} {
		r := newSite(t, src, t.TempDir(), set, base)
		abs, rel := r.ConfiguredHome()
		if err := r.Build(); err != nil {
			t.Fatal(err)
		}
		if habs, hrel := r.Home(); abs != habs || rel != hrel {
			t.Errorf("baseURL %q: configured %q %q, Hugo's home %q %q", base, abs, rel, habs, hrel)
		}
		r.Close()
	}
}

// TestHugoErrorLocated: an error Hugo reports in a document's body names the
// document and the line of the file the clerk wrote, not of the rewritten form Hugo
// read (overlay.Fs.Added); one in a template names the template and its line.
func TestHugoErrorLocated(t *testing.T) {
	for _, tt := range []struct {
		name, file, add string // add is appended to a document, replaces a template
		want            *HugoError
	}{
		{"shortcode in a document", "content/qszz/2024/plan.md", "\n第二段。\n\n{{< 无此短代码 >}}\n",
			&HugoError{File: "content/qszz/2024/plan.md", Line: 18, Kind: "文件", Code: record.CodeRender}},
		{"template", "layouts/single.html", "{{ define \"main\" }}\n<h1>{{ .Title }}</h1>\n{{ (index .Params.keywords 0).Foo }}\n{{ end }}\n",
			&HugoError{File: "layouts/single.html", Line: 3, Kind: "模板", Code: record.CodeTemplate}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			src := fixture(t)
			name := filepath.Join(src, filepath.FromSlash(tt.file))
			var b []byte // a template is replaced, a document added to
			if strings.HasPrefix(tt.file, "content/") {
				var err error
				if b, err = os.ReadFile(name); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.WriteFile(name, append(b, tt.add...), 0o644); err != nil {
				t.Fatal(err)
			}
			set, err := record.Load(src)
			if err != nil || set.HasErrors() {
				t.Fatalf("the check: %v %v", err, set.Problems)
			}
			s := newSite(t, src, t.TempDir(), set, "")
			defer s.Close()
			var he *HugoError
			if err := s.Build(); !errors.As(err, &he) {
				t.Fatalf("build: %v (%T), want a *HugoError", err, err)
			}
			if got := (HugoError{File: he.File, Line: he.Line, Kind: he.Kind, Code: he.Code}); got != *tt.want {
				t.Errorf("located at %+v, want %+v (%s)", got, *tt.want, he.Msg)
			}
		})
	}
}

// fixture writes a small site: the repository's theme (config.toml, layouts/,
// static/css, static/js and the favicon), two publishers and one document.
func fixture(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, p := range []string{"config.toml", "layouts", "static/css", "static/js", "static/favicon.svg"} {
		testenv.CopyTree(t, filepath.Join(repoRoot, p), filepath.Join(dir, p))
	}
	testenv.WriteTxtar(t, dir, fixtureFiles)
	return dir
}

const fixtureFiles = `
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
-- data/genres.toml --
[[genre]]
name = "工作计划"
category = "规划统计/规划计划"
-- content/qszz/2024/plan.md --
+++
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
`

// TestPageFile: with View.PageFile, each document's page is written into the file
// it names, hashed as it is written, and Hugo makes no directory for it under the
// output (a city's build would make and remove 100,000 of them).
func TestPageFile(t *testing.T) {
	src, _ := filepath.Abs(repoRoot)
	set, err := record.Load(src)
	if err != nil {
		t.Fatal(err)
	}
	part := &record.Set{Registry: set.Registry}
	for _, r := range set.Records {
		if r.Publisher == set.Records[0].Publisher {
			part.Records = append(part.Records, r)
		}
	}
	out, flat := t.TempDir(), t.TempDir()
	data, asOf := portalData(t, src, set)
	pageFile := func(page string) string { return filepath.Join(flat, strings.ReplaceAll(page, "/", "%2F")) }
	s, err := New(Config{Source: src, Out: out, AsOf: asOf}, set, View{Data: data, Part: part, PageFile: pageFile})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Build(); err != nil {
		t.Fatal(err)
	}
	for _, r := range part.Records {
		b, err := os.ReadFile(pageFile(r.Page()))
		if err != nil {
			t.Fatalf("%s: %v", r.Path, err)
		}
		if sum, err := s.PageHash(r); err != nil || sum != sha256.Sum256(b) {
			t.Errorf("%s: page hash %x (%v), the file's %x", r.Path, sum, err, sha256.Sum256(b))
		}
		if !strings.Contains(string(b), html.EscapeString(r.Title)) {
			t.Errorf("%s: the file written is not its page", r.Path)
		}
		if _, err := os.Stat(filepath.Dir(filepath.Join(out, filepath.FromSlash(r.Page())))); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s: its page's directory was made under the output (%v)", r.Path, err)
		}
	}
}

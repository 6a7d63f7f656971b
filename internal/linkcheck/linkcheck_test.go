package linkcheck

import (
	"fmt"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	write := writer(dir)
	write("index.html", `<a href="/a/">a</a> <a href="a/">rel</a> <img src="/img/x.png"> <a href="https://example.com/none">ext</a>
		<a href="mailto:x@example.com">m</a> <a href="#top">top</a> <a href="/a/?q=1#f">q</a> <link href="/css/site.css">`)
	write("a/index.html", `<a href="../">up</a> <a href="b.html">sibling missing</a> <script src="/js/gone.js"></script> <a href="/a">dir without slash</a>`)
	write("img/x.png", "png")
	write("css/site.css", "")
	got, err := Check(dir, "/")
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, b := range got {
		lines = append(lines, b.Page+" "+b.Ref)
	}
	want := "a/index.html /a\na/index.html /js/gone.js\na/index.html b.html"
	if strings.Join(lines, "\n") != want {
		t.Errorf("broken:\n%s\nwant:\n%s", strings.Join(lines, "\n"), want)
	}

	// A site published below a path: its links carry the path.
	sub := t.TempDir()
	os.WriteFile(filepath.Join(sub, "index.html"), []byte(`<a href="/portal/index.html">ok</a> <a href="/portal/missing/">no</a> <a href="/other/">not ours</a>`), 0o644)
	got, _ = Check(sub, "/portal/")
	if len(got) != 1 || got[0].Ref != "/portal/missing/" {
		t.Errorf("below a path: %+v", got)
	}
}

// TestCheckFeedsScriptsStyles: feeds, sitemaps, scripts and style sheets are checked
// too, one broken reference of each kind; absolute addresses on the site's own host
// count as the site's.
func TestCheckFeedsScriptsStyles(t *testing.T) {
	dir := t.TempDir()
	write := writer(dir)
	const site = "https://xxgk.example.edu.cn/portal/"
	write("index.html", `<a href="https://xxgk.example.edu.cn/portal/a/">full</a> <a href="https://xxgk.example.edu.cn/portal/gone/">full, gone</a> <a href="http://other.example/x/">other</a>`)
	write("a/index.html", "")
	write("search/index.html", "")
	write("index.xml", `<?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>
		<link>https://xxgk.example.edu.cn/portal/</link><atom:link href="https://xxgk.example.edu.cn/portal/feed-gone.xml" rel="self"/>
		<item><link>https://xxgk.example.edu.cn/portal/a/</link><guid isPermaLink="false">lxzz-2024-00001</guid></item>
		<item><link>https://xxgk.example.edu.cn/portal/item-gone/</link><guid>https://xxgk.example.edu.cn/portal/guid-gone/</guid></item>
		</channel></rss>`)
	write("sitemap.xml", `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://xxgk.example.edu.cn/portal/a/</loc></url><url><loc>https://xxgk.example.edu.cn/portal/loc-gone/</loc></url></urlset>`)
	write("js/search.js", `import { x } from "./core.js";
import { y } from "./core-gone.js";
const index = new URL("../search/", import.meta.url);
const gone = new URL("../index-gone/", import.meta.url);
const text = "not a path: ./no.js";`)
	write("js/core.js", `export const x = 1, y = 2;`)
	write("css/site.css", `a { background: url("../img/ok.svg"); } b { background: url(../img/gone.svg); } c { background: url(data:image/gif;base64,R0lGOD==); }`)
	write("img/ok.svg", "<svg/>")
	got, err := Check(dir, site)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, b := range got {
		lines = append(lines, b.Page+" "+b.Ref)
	}
	want := strings.Join([]string{
		"css/site.css ../img/gone.svg",
		"index.html https://xxgk.example.edu.cn/portal/gone/",
		"index.xml https://xxgk.example.edu.cn/portal/feed-gone.xml",
		"index.xml https://xxgk.example.edu.cn/portal/guid-gone/",
		"index.xml https://xxgk.example.edu.cn/portal/item-gone/",
		"js/search.js ../index-gone/",
		"js/search.js ./core-gone.js",
		"sitemap.xml https://xxgk.example.edu.cn/portal/loc-gone/",
	}, "\n")
	if strings.Join(lines, "\n") != want {
		t.Errorf("broken:\n%s\nwant:\n%s", strings.Join(lines, "\n"), want)
	}
}

// writer returns a function that writes a file of the site in dir.
func writer(dir string) func(name, content string) {
	return func(name, content string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(content), 0o644)
	}
}

// TestCheckNoted: references noted as files were written give the same result as
// reading the files, the files noted are not read again, and a file forgotten (one
// replaced by another writer) is read.
func TestCheckNoted(t *testing.T) {
	dir := t.TempDir()
	write := writer(dir)
	pages := map[string]string{
		"index.html":   `<a href="/a/">a</a> <a href="/gone/">gone</a> <img src="/img/x.png">`,
		"a/index.html": `<a href="../">up</a> <a href="b.html">missing</a>`,
		"index.xml":    `<?xml version="1.0"?><rss><channel><link>/a/</link><item><link>/item-gone/</link></item></channel></rss>`,
		"css/site.css": `a { background: url(../img/gone.svg); }`,
	}
	noted := NewNoted()
	for name, src := range pages {
		write(name, src)
		noted.Note(name, []byte(src))
	}
	write("img/x.png", "png")
	want, err := Check(dir, "/")
	if err != nil {
		t.Fatal(err)
	}
	// What the files say now no longer matters for the noted ones…
	write("index.html", `<a href="/other-gone/">x</a>`)
	res, err := CheckNoted(dir, "/", noted)
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Broken; len(want) != 4 || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("noted: %v\nread: %v", got, want)
	}
	// …until a file is forgotten.
	noted.Forget("index.html")
	res, _ = CheckNoted(dir, "/", noted)
	if got := fmt.Sprint(res.Broken); !strings.Contains(got, "/other-gone/") || strings.Contains(got, "/gone/}") {
		t.Errorf("after Forget: %v", got)
	}
}

// TestSameReferenceElsewhere: a reference written alike in several files leads to
// different places, or is judged differently, depending on where it is found — what
// one file's check learnt of it must not decide another's.
func TestSameReferenceElsewhere(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1)) // one worker: one memory of references
	dir := t.TempDir()
	write := writer(dir)
	write("x/index.html", `<a href="sub/">here</a> <a href="/d/">dir</a>`)
	write("y/index.html", `<a href="sub/">not here</a>`)
	write("x/sub/index.html", "")
	write("d/file.txt", "") // a directory without a page
	write("feed.xml", `<?xml version="1.0"?><rss><channel><link>/d/</link></channel></rss>`)
	got, err := Check(dir, "/")
	if err != nil {
		t.Fatal(err)
	}
	if want := "[{x/index.html /d/} {y/index.html sub/}]"; fmt.Sprint(got) != want {
		t.Errorf("broken: %v, want %s", got, want)
	}
}

// TestCheckNotedAsRead: references resolved from what was noted of the files, or of
// some of them, give what reading every file gives, and what each case wants. One
// worker checks every page, so that what it remembers of a reference from one page
// is there for the next: the same reference found in pages of other directories or
// kinds, before and after the one where it resolves.
func TestCheckNotedAsRead(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	const full = "https://xxgk.example.edu.cn/portal/"
	feed := func(link string) string {
		return `<?xml version="1.0"?><rss><channel><link>` + link + `</link></channel></rss>`
	}
	tests := []struct {
		name  string
		base  string
		files map[string]string
		want  []string // "page ref"
	}{{
		name: "relative, by directory",
		base: "/",
		files: map[string]string{
			"x/index.html":       `<a href="sub/">x has</a> <a href="other/">x lacks</a>`,
			"y/index.html":       `<a href="sub/">y lacks</a> <a href="other/">y has</a>`,
			"x/sub/index.html":   "",
			"y/other/a.html":     `<a href="../sub/">y lacks</a> <a href="../../x/sub/">both</a>`,
			"y/other/index.html": `<a href="../sub/">y lacks</a>`,
		},
		want: []string{"x/index.html other/", "y/index.html sub/", "y/other/a.html ../sub/", "y/other/index.html ../sub/"},
	}, {
		name: "relative, by kind",
		base: "/",
		files: map[string]string{
			"a/b.xml":      feed("../d/"),
			"a/index.html": `<a href="../d/">a directory without a page</a>`,
			"c/a.html":     `<a href="../d/">the same, the HTML page first</a>`,
			"c/z.xml":      feed("../d/"),
			"d/file.txt":   "",
		},
		want: []string{"a/index.html ../d/", "c/a.html ../d/"},
	}, {
		name: "absolute",
		base: "/",
		files: map[string]string{
			"a.xml":        feed("/d/"),
			"index.html":   `<a href="/d/">dir</a> <a href="/gone/">gone</a> <a href=" /gone/ ">spaced</a> <a href="/x/">x</a>`,
			"x/index.html": `<a href="/d/">dir</a> <a href="/gone/">gone</a> <a href="/x/">x</a> <a href="#top">top</a> <a href="?q=1">query</a>`,
			"z.xml":        feed("/gone/"),
			"d/file.txt":   "",
		},
		want: []string{"index.html  /gone/ ", "index.html /d/", "index.html /gone/", "x/index.html /d/", "x/index.html /gone/", "z.xml /gone/"},
	}, {
		name: "with scheme or host",
		base: full,
		files: map[string]string{
			"a.xml":          feed(full + "d/"),
			"index.html":     `<a href="` + full + `d/">dir</a> <a href="` + full + `gone/">gone</a> <a href="mailto:x@example.com">m</a> <a href="http://other.example/gone/">other</a>`,
			"x/index.html":   `<a href="` + full + `d/">dir</a> <a href="//xxgk.example.edu.cn/portal/gone/">gone</a> <a href="` + full + `x/">x</a> <a href="d/">relative</a>`,
			"x/d/index.html": "",
			"d/file.txt":     "",
		},
		want: []string{"index.html " + full + "d/", "index.html " + full + "gone/", "x/index.html //xxgk.example.edu.cn/portal/gone/", "x/index.html " + full + "d/"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			write := writer(dir)
			for name, src := range tt.files {
				write(name, src)
			}
			read, err := Check(dir, tt.base)
			if err != nil {
				t.Fatal(err)
			}
			if got := lines(read); got != strings.Join(tt.want, "\n") {
				t.Errorf("read:\n%s\nwant:\n%s", got, strings.Join(tt.want, "\n"))
			}
			// Every file noted, then every other one (in the order of their names).
			for _, every := range []int{1, 2} {
				noted := NewNoted()
				i := 0
				for _, name := range sortedKeys(tt.files) {
					if Reads(name) {
						if i%every == 0 {
							noted.Note(name, []byte(tt.files[name]))
						}
						i++
					}
				}
				got, err := CheckNoted(dir, tt.base, noted)
				if err != nil {
					t.Fatal(err)
				}
				if lines(got.Broken) != lines(read) {
					t.Errorf("every %d noted:\n%s\nread:\n%s", every, lines(got.Broken), lines(read))
				}
			}
		})
	}
}

// lines is broken as lines "page ref".
func lines(broken []Broken) string {
	var l []string
	for _, b := range broken {
		l = append(l, b.Page+" "+b.Ref)
	}
	return strings.Join(l, "\n")
}

func sortedKeys(m map[string]string) []string {
	keys := slices.Collect(maps.Keys(m))
	slices.Sort(keys)
	return keys
}

// TestCheckNotedCounts: CheckNoted counts every file of the site, whatever its kind
// and whether noted or not, and no directory; a site with none has none.
func TestCheckNotedCounts(t *testing.T) {
	tests := []struct {
		name  string
		files []string
		want  int
	}{
		{"empty", nil, 0},
		{"pages and others", []string{"index.html", "a/index.html", "a/b/c/x.pdf", "css/site.css", "img/x.png", "index.xml", ".hidden"}, 7},
		{"directories only", []string{"a/b/", "c/"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			write := writer(dir)
			noted := NewNoted()
			for _, name := range tt.files {
				if strings.HasSuffix(name, "/") {
					os.MkdirAll(filepath.Join(dir, filepath.FromSlash(name)), 0o755)
					continue
				}
				write(name, "")
				if name == "index.html" {
					noted.Note(name, nil)
				}
			}
			res, err := CheckNoted(dir, "/", noted)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Files) != tt.want {
				t.Errorf("%d files, want %d", len(res.Files), tt.want)
			}
		})
	}
}

// FuzzParseRef: parseRef gives every reference the scheme, host and path url.Parse
// does, resolving in a page of a site to the same path, and fails where it fails.
func FuzzParseRef(f *testing.F) {
	for _, ref := range []string{"", "a", "a/b/", "../", "./", ".", "..", "../../x.html", "../年度报告/", "report-tables.xlsx",
		"a b", "a\tb", "a\x7f", "x:y", "a?b", "a#b", "a%20b", "%zz", "//host/x", "/abs", "a//b", "./a/../../..", "[::1]", "a\\b"} {
		f.Add(ref)
	}
	page, _ := url.Parse("https://example.edu.cn/gk/lxzz/lxzz-2024-00001/index.html")
	f.Fuzz(func(t *testing.T, ref string) {
		want, werr := url.Parse(ref)
		got, gerr := parseRef(ref)
		if (werr == nil) != (gerr == nil) {
			t.Fatalf("parseRef(%q) error %v, url.Parse %v", ref, gerr, werr)
		}
		if werr != nil {
			return
		}
		// What exists reads of them.
		if got.Scheme != want.Scheme || got.Host != want.Host || got.Path != want.Path {
			t.Fatalf("parseRef(%q) = %#v, url.Parse %#v", ref, got, want)
		}
		if g, w := page.ResolveReference(got).Path, page.ResolveReference(want).Path; g != w {
			t.Fatalf("parseRef(%q) resolves to %q, url.Parse's to %q", ref, g, w)
		}
	})
}

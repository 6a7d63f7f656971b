package site

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"xxgk/internal/clock"
	"xxgk/internal/record"

	"xxgk/internal/testenv"

	"xxgk/internal/htmltest"
)

// TestSampleDocumentPages checks every sample document's page against its front matter.
func TestSampleDocumentPages(t *testing.T) {
	dest, res := sampleBuild(t)
	if len(res.Records.Records) < 40 {
		t.Fatalf("sample has %d documents, want at least 40", len(res.Records.Records))
	}
	reg := res.Records.Registry
	now := clock.Day(sampleNow)
	for _, r := range res.Records.Records {
		t.Run(r.Index, func(t *testing.T) {
			doc := htmltest.Page(t, dest, r.URL())
			if h1 := htmltest.Find(doc, htmltest.ByTag("h1", "")); len(h1) != 1 || htmltest.Text(h1[0]) != r.Title {
				t.Errorf("h1 is not the title %q", r.Title)
			}
			pub, _ := reg.Publisher(r.Publisher)
			want := map[string]string{
				"索引号":  r.Index,
				"发布机构": pub.Name,
				"发布日期": r.Date.Format("2006-01-02"),
				"主题分类": r.Category,
				"体裁分类": r.Genre,
			}
			optional := map[string]string{"文号": r.DocNumber, "信息来源": r.Source, "关键词": strings.Join(r.Keywords, "；"), "内容概述": r.Summary}
			// 解读 and policy link each other.
			var by []string
			for _, o := range res.Records.Records {
				if o.Index == r.Interprets {
					optional["解读对象"] = o.Title
				}
				if o.Interprets == r.Index {
					by = append(by, o.Title)
				}
			}
			optional["政策解读"] = strings.Join(by, "；")
			if !r.Written.IsZero() {
				optional["成文日期"] = r.Written.Format("2006-01-02")
			}
			if !r.Abolished.IsZero() {
				optional["废止日期"] = r.Abolished.Format("2006-01-02")
				optional["有效性"] = map[bool]string{true: "已废止", false: "有效"}[!r.Abolished.After(now)]
			}
			if r.Year != 0 {
				optional["报告年度"] = strconv.Itoa(r.Year) + "年"
			}
			for k, v := range optional {
				if v != "" {
					want[k] = v
				}
			}
			got := metaTable(t, doc)
			for k, v := range want {
				if got[k] != v {
					t.Errorf("metadata %s = %q, want %q", k, got[k], v)
				}
			}
			for k := range got {
				if _, ok := want[k]; !ok {
					t.Errorf("metadata row %s shown but the document has no such field", k)
				}
			}

			crumbs := htmltest.Find(doc, htmltest.ByTag("nav", "breadcrumb"))
			if len(crumbs) != 1 {
				t.Fatal("no breadcrumb")
			}
			wantCrumbs := append([]string{"首页", "信息公开", pub.Name}, strings.Split(r.Category, "/")...)
			var gotCrumbs []string
			for _, li := range htmltest.Find(crumbs[0], htmltest.ByTag("li", "")) {
				gotCrumbs = append(gotCrumbs, htmltest.Text(li))
			}
			if strings.Join(gotCrumbs, ">") != strings.Join(wantCrumbs, ">") {
				t.Errorf("breadcrumb %v, want %v", gotCrumbs, wantCrumbs)
			}

			notice := htmltest.Find(doc, htmltest.ByTag("div", "notice-abolished"))
			if abolished := !r.Abolished.IsZero() && !r.Abolished.After(now); abolished != (len(notice) == 1) {
				t.Errorf("abolished = %v but 已废止 notices = %d", abolished, len(notice))
			}

			links := htmltest.Find(doc, htmltest.ByTag("section", "attachments"))
			if len(r.Attachments) > 0 {
				if len(links) != 1 {
					t.Fatal("attachments not listed")
				}
				items := htmltest.Find(links[0], htmltest.ByTag("li", ""))
				for i, a := range r.Attachments {
					fi, err := os.Stat(filepath.Join(dest, filepath.FromSlash(a.File)))
					if err != nil {
						t.Fatalf("attachment %s not published: %v", a.File, err)
					}
					ext := strings.ToUpper(strings.TrimPrefix(filepath.Ext(a.File), "."))
					if s := htmltest.Text(items[i]); !strings.Contains(s, a.Title) || !strings.Contains(s, ext) || !strings.Contains(s, sizeText(fi.Size())) {
						t.Errorf("attachment item %q lacks title, type %s or size %s", s, ext, sizeText(fi.Size()))
					}
				}
			} else if len(links) != 0 {
				t.Error("attachments section on a document without attachments")
			}
		})
	}
}

// sizeText is how the theme shows a file size.
func sizeText(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d 字节", n)
}

// TestSampleListings checks that every listing holds exactly the documents it should,
// across all its pages, newest first.
func TestSampleListings(t *testing.T) {
	dest, res := sampleBuild(t)
	want := map[string][]*record.Record{} // listing URL → documents
	for _, r := range res.Records.Records {
		want["/"+r.Publisher+"/"] = append(want["/"+r.Publisher+"/"], r)
		want["/years/"+strconv.Itoa(r.Date.Year())+"/"] = append(want["/years/"+strconv.Itoa(r.Date.Year())+"/"], r)
		want["/genres/"+r.Genre+"/"] = append(want["/genres/"+r.Genre+"/"], r)
		for _, c := range record.CategoryAncestry(r.Category) {
			want["/categories/"+c+"/"] = append(want["/categories/"+c+"/"], r)
		}
	}
	for listing, docs := range want {
		t.Run(listing, func(t *testing.T) {
			indexes, dates := listingRows(t, dest, listing)
			if len(indexes) != len(docs) {
				t.Fatalf("%d rows, want %d", len(indexes), len(docs))
			}
			seen := map[string]bool{}
			for _, ix := range indexes {
				seen[ix] = true
			}
			for _, r := range docs {
				if !seen[r.Index] {
					t.Errorf("%s missing", r.Index)
				}
			}
			for i := 1; i < len(dates); i++ {
				if dates[i] > dates[i-1] {
					t.Errorf("row %d dated %s after row %d dated %s: not newest first", i, dates[i], i-1, dates[i-1])
				}
			}
		})
	}
}

// listingRows reads a paginated listing from its first page to its last, following
// the pager's rel=next links, and returns the 索引号 and date of every row.
func listingRows(t *testing.T, dest, listing string) (indexes, dates []string) {
	t.Helper()
	for page := listing; page != ""; {
		doc := htmltest.Page(t, dest, page)
		for _, tr := range htmltest.Find(doc, htmltest.ByTag("tr", "")) {
			if tds := htmltest.Find(tr, htmltest.ByTag("td", "")); len(tds) == 4 {
				indexes = append(indexes, htmltest.Text(tds[0]))
				dates = append(dates, htmltest.Text(tds[3]))
			}
		}
		page = ""
		for _, a := range htmltest.Find(doc, htmltest.ByTag("a", "")) {
			if htmltest.Attr(a, "rel") == "next" && hasAncestorClass(a, "pager") {
				page, _ = url.PathUnescape(htmltest.Attr(a, "href"))
			}
		}
	}
	return indexes, dates
}

func hasAncestorClass(n *html.Node, class string) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if htmltest.HasClass(p, class) {
			return true
		}
	}
	return false
}

// TestSampleHome checks the 20 newest documents and the navigation counts on the home page.
func TestSampleHome(t *testing.T) {
	dest, res := sampleBuild(t)
	doc := htmltest.Page(t, dest, "/")
	latest := htmltest.Find(doc, htmltest.ByTag("table", "doc-table"))
	if len(latest) != 1 {
		t.Fatal("no listing of the newest documents")
	}
	var got []string
	for _, tr := range htmltest.Find(latest[0], htmltest.ByTag("tr", "")) {
		if tds := htmltest.Find(tr, htmltest.ByTag("td", "")); len(tds) == 4 {
			got = append(got, htmltest.Text(tds[0]))
		}
	}
	recs := append([]*record.Record(nil), res.Records.Records...)
	sortNewestFirst(recs)
	if len(got) != 20 {
		t.Fatalf("home lists %d documents, want 20", len(got))
	}
	for i, ix := range got {
		if !recs[i].Date.Equal(dateOf(recs, ix)) {
			t.Errorf("row %d is %s dated %s, want a document dated %s", i, ix, dateOf(recs, ix).Format("2006-01-02"), recs[i].Date.Format("2006-01-02"))
		}
	}

	counts := map[string]int{}
	for _, r := range res.Records.Records {
		counts["/"+r.Publisher+"/"]++
		counts["/years/"+strconv.Itoa(r.Date.Year())+"/"]++
		counts["/genres/"+r.Genre+"/"]++
		counts["/categories/"+strings.Split(r.Category, "/")[0]+"/"]++
	}
	browse := htmltest.Find(doc, htmltest.ByTag("aside", "browse"))
	if len(browse) != 1 {
		t.Fatal("no navigation by publisher, category, year and genre")
	}
	seen := 0
	for _, li := range htmltest.Find(browse[0], htmltest.ByTag("li", "")) {
		a := htmltest.Find(li, htmltest.ByTag("a", ""))
		c := htmltest.Find(li, htmltest.ByTag("span", "count"))
		if len(a) != 1 || len(c) != 1 {
			t.Fatalf("navigation item %q has no link and count", htmltest.Text(li))
		}
		href, _ := url.PathUnescape(htmltest.Attr(a[0], "href"))
		n, _ := strconv.Atoi(htmltest.Text(c[0]))
		if counts[href] != n {
			t.Errorf("%s shows count %d, want %d", href, n, counts[href])
		}
		seen++
	}
	if seen != len(counts) {
		t.Errorf("navigation has %d entries, want %d", seen, len(counts))
	}
}

func sortNewestFirst(recs []*record.Record) {
	for i := 1; i < len(recs); i++ {
		for j := i; j > 0 && recs[j].Date.After(recs[j-1].Date); j-- {
			recs[j], recs[j-1] = recs[j-1], recs[j]
		}
	}
}

func dateOf(recs []*record.Record, index string) time.Time {
	for _, r := range recs {
		if r.Index == index {
			return r.Date
		}
	}
	return time.Time{}
}

// TestSampleFeedsAndSitemap parses every XML file and checks the feeds and the sitemap.
func TestSampleFeedsAndSitemap(t *testing.T) {
	dest, res := sampleBuild(t)
	var feeds []string
	err := filepath.WalkDir(dest, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".xml") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if err := wellFormed(b); err != nil {
			t.Errorf("%s is not well-formed XML: %v", path, err)
		}
		if filepath.Base(path) == "index.xml" {
			feeds = append(feeds, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	type rss struct {
		Channel struct {
			Title string `xml:"title"`
			Items []struct {
				Title string `xml:"title"`
				Link  string `xml:"link"`
				GUID  string `xml:"guid"`
			} `xml:"item"`
		} `xml:"channel"`
	}
	readFeed := func(rel string) rss {
		var f rss
		b, err := os.ReadFile(filepath.Join(dest, rel))
		if err != nil {
			t.Fatalf("feed %s: %v", rel, err)
		}
		if err := xml.Unmarshal(b, &f); err != nil {
			t.Fatalf("feed %s: %v", rel, err)
		}
		return f
	}
	site := readFeed("index.xml")
	if n := min(len(res.Records.Records), 50); len(site.Channel.Items) != n {
		t.Errorf("site feed has %d items, want %d", len(site.Channel.Items), n)
	}
	perPublisher := map[string]int{}
	for _, r := range res.Records.Records {
		perPublisher[r.Publisher]++
	}
	reg := res.Records.Registry
	for code, n := range perPublisher {
		f := readFeed(code + "/index.xml")
		pub, _ := reg.Publisher(code)
		if len(f.Channel.Items) != min(n, 50) || !strings.Contains(f.Channel.Title, pub.Name) {
			t.Errorf("feed of %s: %d items titled %q, want %d titled with %s", code, len(f.Channel.Items), f.Channel.Title, n, pub.Name)
		}
	}
	if _, err := os.Stat(filepath.Join(dest, "categories", "质量报告", "年度质量报告", "index.xml")); err != nil {
		t.Errorf("no feed per category: %v", err)
	}

	var sm struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	b, err := os.ReadFile(filepath.Join(dest, "sitemap.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(b, &sm); err != nil {
		t.Fatal(err)
	}
	locs := map[string]bool{}
	for _, u := range sm.URLs {
		locs[u.Loc] = true
	}
	for _, r := range res.Records.Records {
		if !locs[r.URL()] {
			t.Errorf("sitemap lacks %s", r.URL())
		}
	}
	for _, f := range []string{"robots.txt", "404.html", "guide/index.html"} {
		if _, err := os.Stat(filepath.Join(dest, f)); err != nil {
			t.Errorf("missing %s", f)
		}
	}
}

func wellFormed(b []byte) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := d.Token()
		if err != nil {
			if err.Error() == "EOF" {
				return nil
			}
			return err
		}
	}
}

// resourceAttrs are the attributes through which a page loads something.
var resourceAttrs = map[string]string{"script": "src", "img": "src", "iframe": "src", "source": "src", "video": "src", "audio": "src", "embed": "src", "object": "data"}

// TestSampleSecureMarkup walks every page: no inline script, style or event handler,
// nothing loaded from another host, so the pages work under default-src 'self'.
func TestSampleSecureMarkup(t *testing.T) {
	dest, _ := sampleBuild(t)
	pages := 0
	cssURL := regexp.MustCompile(`url\(\s*['"]?([^'")]+)`)
	err := filepath.WalkDir(dest, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		switch filepath.Ext(path) {
		case ".css":
			for _, m := range cssURL.FindAllSubmatch(b, -1) {
				if external(string(m[1])) {
					t.Errorf("%s loads %s", path, m[1])
				}
			}
		case ".html":
			pages++
			doc, err := html.Parse(bytes.NewReader(b))
			if err != nil {
				return err
			}
			for n := range doc.Descendants() {
				if n.Type != html.ElementNode {
					continue
				}
				for _, a := range n.Attr {
					if strings.HasPrefix(a.Key, "on") || a.Key == "style" {
						t.Errorf("%s: <%s %s=…>", path, n.Data, a.Key)
					}
					if strings.HasPrefix(strings.TrimSpace(strings.ToLower(a.Val)), "javascript:") {
						t.Errorf("%s: <%s %s=%q>", path, n.Data, a.Key, a.Val)
					}
				}
				switch n.Data {
				case "style":
					t.Errorf("%s: inline <style>", path)
				case "script":
					if htmltest.Attr(n, "src") == "" || n.FirstChild != nil {
						t.Errorf("%s: inline <script>", path)
					}
				case "link":
					if external(htmltest.Attr(n, "href")) && htmltest.Attr(n, "rel") != "canonical" && htmltest.Attr(n, "rel") != "alternate" {
						t.Errorf("%s: <link href=%q> loads from another host", path, htmltest.Attr(n, "href"))
					}
				case "meta":
					if htmltest.Attr(n, "http-equiv") == "Content-Security-Policy" && !strings.HasPrefix(htmltest.Attr(n, "content"), "default-src 'self'") {
						t.Errorf("%s: weak CSP %q", path, htmltest.Attr(n, "content"))
					}
				}
				if key, ok := resourceAttrs[n.Data]; ok && external(htmltest.Attr(n, key)) {
					t.Errorf("%s: <%s %s=%q> loads from another host", path, n.Data, key, htmltest.Attr(n, key))
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages < 50 {
		t.Fatalf("only %d pages checked", pages)
	}
}

func external(ref string) bool {
	u, err := url.Parse(strings.TrimSpace(ref))
	return err != nil || u.Host != "" || (u.Scheme != "" && u.Scheme != "data")
}

// TestReproducible builds the sample twice, at two hours of one day: the trees must be
// byte-identical.
func TestReproducible(t *testing.T) {
	first, _ := sampleBuild(t)
	second := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: repoRoot, Dest: second, Now: clock.Fixed(sampleNow.Add(5 * time.Hour))}); err != nil {
		t.Fatal(err)
	}
	if d := testenv.DiffTrees(treeDigest(t, first), treeDigest(t, second)); len(d) > 0 {
		t.Errorf("two builds differ in %d files: %v", len(d), d[:min(len(d), 10)])
	}
}

// TestSampleInternalLinks follows every site-relative link and resource reference in
// every page: each must lead to a published file.
func TestSampleInternalLinks(t *testing.T) {
	dest, _ := sampleBuild(t)
	checked := 0
	err := filepath.WalkDir(dest, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".html" {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		doc, err := html.Parse(bytes.NewReader(b))
		if err != nil {
			return err
		}
		for n := range doc.Descendants() {
			for _, key := range []string{"href", "src"} {
				ref := htmltest.Attr(n, key)
				u, err := url.Parse(ref)
				if n.Type != html.ElementNode || ref == "" || err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(u.Path, "/") {
					continue
				}
				target := filepath.Join(dest, filepath.FromSlash(u.Path))
				if strings.HasSuffix(u.Path, "/") {
					target = filepath.Join(target, "index.html")
				}
				if _, err := os.Stat(target); err != nil {
					rel, _ := filepath.Rel(dest, path)
					t.Errorf("%s: broken link %s", rel, ref)
				}
				checked++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 1000 {
		t.Errorf("only %d links checked", checked)
	}
}

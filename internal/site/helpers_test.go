package site

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/tools/txtar"

	"xxgk/internal/clock"
	"xxgk/internal/record"
	"xxgk/internal/testenv"
)

// repoRoot is the sample site: the repository itself.
const repoRoot = "../.."

var sample struct {
	once sync.Once
	dir  string
	res  *Result
	err  error
}

// sampleBuild builds the repository's sample site once for the whole package.
// sampleNow is the day the sample is built on in these tests, fixed so that what they
// expect of dates does not depend on the day they run.
var sampleNow = time.Date(2026, 7, 1, 12, 0, 0, 0, record.Shanghai)

func sampleBuild(t *testing.T) (string, *Result) {
	t.Helper()
	sample.once.Do(func() {
		dir, err := os.MkdirTemp("", "xxgk-sample-")
		if err != nil {
			sample.err = err
			return
		}
		sample.dir = filepath.Join(dir, "public")
		sample.res, sample.err = Build(Options{Source: repoRoot, Dest: sample.dir, Now: clock.Fixed(sampleNow)})
	})
	if sample.err != nil {
		t.Fatalf("building the sample site: %v", sample.err)
	}
	return sample.dir, sample.res
}

func TestMain(m *testing.M) {
	code := m.Run()
	if sample.dir != "" {
		os.RemoveAll(filepath.Dir(sample.dir))
	}
	os.Exit(code)
}

// newSite writes a site for a test: the repository's theme (config.toml, layouts/,
// static/css, static/js and the favicon) overlaid with the files of the txtar archive.
func newSite(t *testing.T, archive string) string {
	t.Helper()
	dir := t.TempDir()
	for _, p := range []string{"config.toml", "layouts", "static/css", "static/js", "static/favicon.svg"} {
		testenv.CopyTree(t, filepath.Join(repoRoot, p), filepath.Join(dir, p))
	}
	for _, f := range txtar.Parse([]byte(archive)).Files {
		writeFile(t, filepath.Join(dir, f.Name), string(f.Data))
	}
	return dir
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// treeDigest maps every file under dir to the SHA-256 of its content.
func treeDigest(t *testing.T, dir string) map[string]string { return testenv.TreeDigest(t, dir) }

// parsePage reads and parses the HTML page at url (a site path such as /lxzz/) under dest.
func parsePage(t *testing.T, dest, url string) *html.Node {
	t.Helper()
	path := filepath.Join(dest, filepath.FromSlash(strings.TrimPrefix(url, "/")))
	if strings.HasSuffix(url, "/") {
		path = filepath.Join(path, "index.html")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("page %s: %v", url, err)
	}
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("page %s: %v", url, err)
	}
	return doc
}

// find returns every element below n for which match is true, in document order.
func find(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	for c := range n.Descendants() {
		if c.Type == html.ElementNode && match(c) {
			out = append(out, c)
		}
	}
	return out
}

// byTag matches elements named tag that carry class (when class is not empty).
func byTag(tag, class string) func(*html.Node) bool {
	return func(n *html.Node) bool {
		return n.Data == tag && (class == "" || hasClass(n, class))
	}
}

func hasClass(n *html.Node, class string) bool {
	for _, c := range strings.Fields(attr(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// text is the text content of n with runs of white space collapsed.
func text(n *html.Node) string {
	var b strings.Builder
	for c := range n.Descendants() {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// metaTable reads a document page's metadata table as field name → value.
func metaTable(t *testing.T, doc *html.Node) map[string]string {
	t.Helper()
	tables := find(doc, byTag("table", "meta-table"))
	if len(tables) != 1 {
		t.Fatalf("want one metadata table, found %d", len(tables))
	}
	out := map[string]string{}
	for _, tr := range find(tables[0], byTag("tr", "")) {
		th, td := find(tr, byTag("th", "")), find(tr, byTag("td", ""))
		if len(th) == 1 && len(td) == 1 {
			out[text(th[0])] = text(td[0])
		}
	}
	return out
}

// emptyDirs is the directories under dir that hold nothing.
func emptyDirs(t *testing.T, dir string) []string {
	t.Helper()
	var empty []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if entries, err := os.ReadDir(path); err == nil && len(entries) == 0 {
			empty = append(empty, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return empty
}

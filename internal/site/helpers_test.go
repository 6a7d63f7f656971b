package site

import (
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/tools/txtar"

	"xxgk/internal/clock"
	"xxgk/internal/record"
	"xxgk/internal/testenv"

	"xxgk/internal/htmltest"
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

// metaTable reads a document page's metadata table as field name → value.
func metaTable(t *testing.T, doc *html.Node) map[string]string {
	t.Helper()
	tables := htmltest.Find(doc, htmltest.ByTag("table", "meta-table"))
	if len(tables) != 1 {
		t.Fatalf("want one metadata table, found %d", len(tables))
	}
	out := map[string]string{}
	for _, tr := range htmltest.Find(tables[0], htmltest.ByTag("tr", "")) {
		th, td := htmltest.Find(tr, htmltest.ByTag("th", "")), htmltest.Find(tr, htmltest.ByTag("td", ""))
		if len(th) == 1 && len(td) == 1 {
			out[htmltest.Text(th[0])] = htmltest.Text(td[0])
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

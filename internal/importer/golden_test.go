package importer

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

var update = flag.Bool("update", false, "rewrite the golden files and encoded fixtures in testdata/")

// encodings are the legacy character sets of the fixtures kept as UTF-8 in
// testdata/encoded/NAME.ENC.EXT and encoded into testdata/legacy/NAME-ENC.EXT.
var encodings = map[string]encoding.Encoding{
	"big5":    traditionalchinese.Big5,
	"gb18030": simplifiedchinese.GB18030,
	"gbk":     simplifiedchinese.GBK,
}

// TestEncodedFixtures keeps the GB18030, GBK and Big5 fixtures in step with their
// readable UTF-8 originals; -update writes them.
func TestEncodedFixtures(t *testing.T) {
	originals, err := filepath.Glob("testdata/encoded/*")
	if err != nil {
		t.Fatal(err)
	}
	if len(originals) == 0 {
		t.Fatal("no fixtures in testdata/encoded")
	}
	for _, o := range originals {
		base := filepath.Base(o)
		parts := strings.Split(base, ".")
		if len(parts) != 3 || encodings[parts[1]] == nil {
			t.Errorf("%s: name it NAME.ENCODING.EXT with ENCODING one of big5, gb18030, gbk", o)
			continue
		}
		enc := encodings[parts[1]]
		src, err := os.ReadFile(o)
		if err != nil {
			t.Fatal(err)
		}
		want, err := enc.NewEncoder().Bytes(src)
		if err != nil {
			t.Fatalf("%s: %v", o, err)
		}
		legacy := filepath.Join("testdata/legacy", parts[0]+"-"+parts[1]+"."+parts[2])
		if *update {
			if err := os.WriteFile(legacy, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if got, err := os.ReadFile(legacy); err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s is not %s encoded as %s; run go test ./internal/importer -update", legacy, o, parts[1])
		}
	}
}

// testSite is a small site in a temporary directory: the sample site's registries and
// the one document of testdata/site (lxzz, 索引号 lxzz-2024-00003).
func testSite(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/site")); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(dir, "data"), os.DirFS("../../data")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestGolden imports every fixture in one run, with --allocate, as a dry run, and
// compares each document and the report with testdata/golden.
func TestGolden(t *testing.T) {
	site := testSite(t)
	res, err := Import(Options{Site: site, Allocate: true, DryRun: true}, []string{"testdata/legacy"})
	if err != nil {
		t.Fatal(err)
	}
	var report bytes.Buffer
	if err := res.WriteText(&report); err != nil {
		t.Fatal(err)
	}
	compareGolden(t, "report.txt", report.Bytes())
	for _, f := range res.Files {
		if f.Err != nil || f.Written {
			t.Errorf("%s: err %v, written %v in a dry run", f.Source, f.Err, f.Written)
		}
		compareGolden(t, f.stem()+".md", f.Doc)
	}
	if entries, err := os.ReadDir(filepath.Join(site, "content")); err != nil || len(entries) != 1 {
		t.Errorf("a dry run wrote into content/: %v (%v)", entries, err)
	}
}

func compareGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata/golden", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./internal/importer -update creates it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs; run go test ./internal/importer -update and review the diff.\ngot:\n%s", path, got)
	}
}

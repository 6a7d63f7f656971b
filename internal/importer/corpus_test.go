package importer

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// corpusSite is a site with the sample registries and the corpus's own publishers
// (more bodies, with short names), for the pages of testdata/corpus.
func corpusSite(t testing.TB) string {
	t.Helper()
	dir := testSite(t)
	pubs, err := os.ReadFile("testdata/corpus/publishers.toml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "data", "publishers.toml"), pubs, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// importCorpus imports every page of testdata/corpus/pages in one run, as a migration
// would, and scores the result against testdata/corpus/want.toml.
func importCorpus(t *testing.T) (Expected, *Result, map[string]*Tally) {
	t.Helper()
	want, err := ReadExpected("testdata/corpus/want.toml")
	if err != nil {
		t.Fatal(err)
	}
	if len(want) < 40 {
		t.Fatalf("the corpus has %d pages; it should keep at least 40", len(want))
	}
	res, err := Import(Options{Site: corpusSite(t), DryRun: true}, []string{"testdata/corpus/pages"})
	if err != nil {
		t.Fatal(err)
	}
	tally, err := Accuracy(res, want)
	if err != nil {
		t.Fatal(err)
	}
	return want, res, tally
}

// TestCorpusAccuracy prints the field accuracy on the corpus and fails on any wrong
// value, and when fewer expected values are found than the floor below (raise it as the
// importer improves; never lower it to make a change pass).
func TestCorpusAccuracy(t *testing.T) {
	want, _, tally := importCorpus(t)
	var b bytes.Buffer
	WriteAccuracy(&b, tally)
	t.Logf("%d 个页面的字段准确率：\n%s", len(want), b.String())
	expected, found := 0, 0
	for _, fields := range want {
		expected += len(fields)
	}
	for _, c := range tally {
		found += c.Right
		if c.Wrong > 0 {
			t.Errorf("写错的字段：\n%s", c.Wrongs)
		}
	}
	// found counts fields rightly left missing too; subtract them for the recall.
	absent := len(want)*len(AccuracyFields) - expected
	recall := float64(found-absent) / float64(expected)
	t.Logf("找到应有值的 %.0f%%（%d/%d）", 100*recall, found-absent, expected)
	if recall < minRecall {
		t.Errorf("recall %.2f below the floor %.2f", recall, minRecall)
	}
}

// minRecall is the share of expected values the importer must find on the corpus.
const minRecall = 0.98

// TestWrongIsWorseThanMissing checks, for every page and field the corpus marks as
// absent or ambiguous, that the importer leaves it missing.
func TestWrongIsWorseThanMissing(t *testing.T) {
	want, res, _ := importCorpus(t)
	for _, f := range res.Files {
		exp := want[filepath.Base(f.Source)]
		got, err := importedFields(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range AccuracyFields {
			if exp[k] == "" && got[k] != "" {
				t.Errorf("%s: %s should stay missing, got %q", f.Source, k, got[k])
			}
		}
	}
}

// TestCorpusGolden keeps every corpus document, body included, in
// testdata/corpus/golden: a change to what the importer removes or keeps shows in the
// diff (go test ./internal/importer -update, then review it).
func TestCorpusGolden(t *testing.T) {
	_, res, _ := importCorpus(t)
	for _, f := range res.Files {
		path := filepath.Join("testdata/corpus/golden", f.stem()+".md")
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, f.Doc, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (go test ./internal/importer -update creates it)", err)
		}
		if !bytes.Equal(f.Doc, want) {
			t.Errorf("%s differs; run go test ./internal/importer -update and review the diff.\ngot:\n%s", path, f.Doc)
		}
	}
}

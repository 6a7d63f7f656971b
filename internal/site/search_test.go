package site

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"xxgk/internal/search"
)

// sampleIndex opens the search index of the built sample site and reads back every
// document record in it.
func sampleIndex(t *testing.T) (string, *search.Index, []search.DocRecord) {
	t.Helper()
	dest, res := sampleBuild(t)
	dir := filepath.Join(dest, "search")
	ix, err := search.Open(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	if ix.Meta.Docs != len(res.Records.Records) {
		t.Fatalf("index has %d documents, site has %d", ix.Meta.Docs, len(res.Records.Records))
	}
	recs := make([]search.DocRecord, ix.Meta.Docs)
	for id := range recs {
		if recs[id], err = ix.Record(id); err != nil {
			t.Fatal(err)
		}
	}
	return dir, ix, recs
}

// randomQueries draws substrings of 1–8 characters from the documents' own text
// (title, metadata, body, as written, before normalisation), some in traditional
// script, some combined into two-term and excluding queries, plus strings found
// nowhere.
func randomQueries(recs []search.DocRecord, n int) []string {
	rng := rand.New(rand.NewPCG(4, 2026))
	piece := func() string {
		r := recs[rng.IntN(len(recs))]
		var src string
		switch k := rng.IntN(10); {
		case k < 2:
			src = r.Title
		case k < 4:
			src = r.Meta[rng.IntN(len(r.Meta))]
		default:
			src = r.Body
		}
		rs := []rune(src)
		if len(rs) == 0 {
			return "学"
		}
		start := rng.IntN(len(rs))
		end := min(len(rs), start+1+rng.IntN(8))
		s := string(rs[start:end])
		if rng.IntN(4) == 0 {
			s = search.Traditional(s)
		}
		return strings.Join(strings.Fields(s), "") // a space inside would split the term
	}
	var qs []string
	for range n {
		switch k := rng.IntN(20); {
		case k < 14:
			qs = append(qs, piece())
		case k < 16:
			qs = append(qs, piece()+" "+piece())
		case k < 18:
			qs = append(qs, piece()+" -"+piece())
		case k < 19:
			qs = append(qs, `"`+piece()+`"`)
		default:
			qs = append(qs, string(rune(0x4e00+rng.IntN(0x5000)))+string(rune(0x4e00+rng.IntN(0x5000)))+"壹")
		}
	}
	return qs
}

// TestSearchMatchesBruteForce proves the index files: for hundreds of random queries,
// the Go reader and the browser client (run in Node) return exactly the documents a
// brute-force scan of the normalised text finds.
func TestSearchMatchesBruteForce(t *testing.T) {
	dir, ix, recs := sampleIndex(t)
	queries := randomQueries(recs, 600)
	// Cases that must hold whatever the random draw: traditional script, spaces and
	// full-width forms, a phrase crossing what a segmenter would call a word boundary.
	queries = append(queries, "職業教育", "职业 教育", "ＬＸ", "lxjyj-2024", "2024年度", "质量报告 -中学")
	want := make([][]int, len(queries))
	nonEmpty := 0
	for i, q := range queries {
		want[i] = search.BruteForce(recs, q)
		if len(want[i]) > 0 {
			nonEmpty++
		}
		got, _, err := ix.Search(q)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		if !slices.Equal(got, want[i]) {
			t.Errorf("Go reader, %q: got %v, brute force %v", q, got, want[i])
		}
	}
	if nonEmpty < len(queries)*3/4 {
		t.Fatalf("only %d of %d queries match anything: the test is not exercising the index", nonEmpty, len(queries))
	}
	if n := len(search.BruteForce(recs, "職業教育")); n == 0 {
		t.Error("職業教育 (traditional) finds nothing in the sample, which is written in simplified characters")
	}

	type jsCase struct {
		Query string `json:"query"`
		IDs   []int  `json:"ids"`
	}
	cases := make([]jsCase, len(queries))
	for i, q := range queries {
		cases[i].Query = q
	}
	var out []jsCase
	runClient(t, &out, "search", dir, cases)
	if len(out) != len(queries) {
		t.Fatalf("client answered %d of %d queries", len(out), len(queries))
	}
	for i, c := range out {
		got := slices.Sorted(slices.Values(c.IDs))
		if !slices.Equal(got, want[i]) && !(len(got) == 0 && len(want[i]) == 0) {
			t.Errorf("JS client, %q: got %v, brute force %v", c.Query, got, want[i])
		}
	}
}

// runClient runs internal/search/testdata/client.mjs in Node with args (a value that
// is not a string is written to a JSON file first) and decodes its output into out.
func runClient(t *testing.T, out any, mode string, args ...any) {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("node is needed for the browser client's tests")
		}
		t.Skip("node not installed")
	}
	argv := []string{"../search/testdata/client.mjs", mode}
	for i, a := range args {
		s, ok := a.(string)
		if !ok {
			b, err := json.Marshal(a)
			if err != nil {
				t.Fatal(err)
			}
			s = filepath.Join(t.TempDir(), fmt.Sprintf("arg%d.json", i))
			if err := os.WriteFile(s, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		argv = append(argv, s)
	}
	cmd := exec.Command(node, argv...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	if err != nil {
		t.Fatalf("node %s: %v\n%s", mode, err, stderr.String())
	}
	if err := json.Unmarshal(b, out); err != nil {
		t.Fatalf("node %s printed %q: %v", mode, b, err)
	}
}

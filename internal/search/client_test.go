package search_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"xxgk/internal/search"
	"xxgk/internal/site"
	"xxgk/internal/testenv"
)

var sample struct {
	once sync.Once
	dest string
	docs int
	err  error
}

// sampleBuild builds the repository's sample site once for the package's tests.
func sampleBuild(t *testing.T) (dest string, docs int) {
	t.Helper()
	sample.once.Do(func() {
		var dir string
		if dir, sample.err = os.MkdirTemp("", "xxgk-search-"); sample.err != nil {
			return
		}
		sample.dest = filepath.Join(dir, "public")
		var res *site.Result
		if res, sample.err = site.Build(site.Options{Source: "../..", Dest: sample.dest}); sample.err == nil {
			sample.docs = len(res.Records.Records)
		}
	})
	if sample.err != nil {
		t.Fatalf("building the sample site: %v", sample.err)
	}
	return sample.dest, sample.docs
}

func TestMain(m *testing.M) {
	code := m.Run()
	if sample.dest != "" {
		os.RemoveAll(filepath.Dir(sample.dest))
	}
	os.Exit(code)
}

// sampleIndex opens the search index of the built sample site and reads back every
// document record in it.
func sampleIndex(t *testing.T) (string, *search.Index, []search.DocRecord) {
	t.Helper()
	dest, docs := sampleBuild(t)
	dir := filepath.Join(dest, "search")
	ix, err := search.Open(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	if ix.Meta.Docs != docs {
		t.Fatalf("index has %d documents, site has %d", ix.Meta.Docs, docs)
	}
	files, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(files) - 1; n > search.MaxFiles(docs) { // index.html is the search page
		t.Errorf("%d index files for %d documents, at most %d allowed", n, docs, search.MaxFiles(docs))
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
	// Both ways of proving a phrase: positions only, and the candidates' text where
	// they are few.
	for _, limit := range []string{"0", "Infinity", ""} {
		var out []jsCase
		runClient(t, &out, []string{"XXGK_VERIFY_LIMIT=" + limit}, "search", dir, cases)
		if len(out) != len(queries) {
			t.Fatalf("client answered %d of %d queries", len(out), len(queries))
		}
		for i, c := range out {
			got := slices.Sorted(slices.Values(c.IDs))
			if !slices.Equal(got, want[i]) && !(len(got) == 0 && len(want[i]) == 0) {
				t.Errorf("JS client (verify limit %s), %q: got %v, brute force %v", limit, c.Query, got, want[i])
			}
		}
	}
}

// runClient runs internal/search/testdata/client.mjs in Node with args (a value that
// is not a string is written to a JSON file first) and decodes its output into out.
func runClient(t *testing.T, out any, env []string, mode string, args ...any) {
	t.Helper()
	node := testenv.Tool(t, "node", "apt-get install nodejs; .ci/run installs it")
	argv := []string{"testdata/client.mjs", mode}
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
	cmd.Env = append(os.Environ(), env...)
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

// TestClientNormalizeParity runs the browser client's normaliser and query parser on
// the vectors shared with the Go side (testdata/normalize.json), with the fold table
// the build wrote.
func TestClientNormalizeParity(t *testing.T) {
	dest, _ := sampleBuild(t)
	var v struct {
		Normalize []struct{ Note, In, Out string }
		Query     []struct {
			Note, In string
			Out      []search.Term
		}
	}
	b, err := os.ReadFile("testdata/normalize.json")
	if err != nil || json.Unmarshal(b, &v) != nil {
		t.Fatalf("reading vectors: %v", err)
	}
	var got struct {
		Normalize []string
		Query     [][]search.Term
	}
	runClient(t, &got, nil, "normalize", "testdata/normalize.json", filepath.Join(dest, "search", "fold.bin"))
	if len(got.Normalize) != len(v.Normalize) || len(got.Query) != len(v.Query) {
		t.Fatalf("client answered %d+%d of %d+%d vectors", len(got.Normalize), len(got.Query), len(v.Normalize), len(v.Query))
	}
	for i, c := range v.Normalize {
		if got.Normalize[i] != c.Out {
			t.Errorf("%s: JS normalize(%q) = %q, Go %q", c.Note, c.In, got.Normalize[i], c.Out)
		}
	}
	for i, c := range v.Query {
		if (len(got.Query[i]) > 0 || len(c.Out) > 0) && !reflect.DeepEqual(got.Query[i], c.Out) {
			t.Errorf("%s: JS parseQuery(%q) = %+v, Go %+v", c.Note, c.In, got.Query[i], c.Out)
		}
	}
}

// TestClientRanking: title matches rank above metadata matches above body matches;
// more occurrences and closer terms rank higher; ties go to the newer document;
// sort=date orders by date; an 索引号 or 文号 query puts its document first; filters
// narrow the results and count within the other filters.
func TestClientRanking(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	docs := []search.Doc{
		{URL: "/body-once-old/", Title: "工作安排", Body: "推进职业教育发展。", Date: day("2024-01-01"), Publisher: "a", Index: "a-2024-00001"},
		{URL: "/title/", Title: "职业教育工作要点", Body: "其他内容。", Date: day("2023-01-01"), Publisher: "b", Index: "b-2023-00001"},
		{URL: "/meta/", Title: "通知", Body: "其他内容。", Meta: []string{"职业教育"}, Date: day("2022-01-01"), Publisher: "a", Index: "a-2022-00001"},
		{URL: "/body-many/", Title: "总结", Body: "职业教育、职业教育、职业教育，職業教育。", Date: day("2021-01-01"), Publisher: "a", Index: "a-2021-00001", DocNumber: "临教〔2021〕3号"},
		{URL: "/body-once-new/", Title: "计划", Body: "关于职业教育。", Date: day("2024-06-01"), Publisher: "b", Index: "b-2024-00001"},
		{URL: "/near/", Title: "甲", Body: "学校资助政策落实到位。", Date: day("2020-01-01"), Publisher: "a", Index: "a-2020-00001"},
		{URL: "/far/", Title: "乙", Body: "学校" + strings.Repeat("其他", 40) + "资助。", Date: day("2020-02-01"), Publisher: "a", Index: "a-2020-00002"},
	}
	for i := range docs {
		docs[i].Year = docs[i].Date.Year()
		docs[i].Meta = append(docs[i].Meta, docs[i].Index, docs[i].DocNumber)
	}
	dir := t.TempDir()
	if _, err := search.Write(docs, search.Labels{}, func(name string, data []byte) error {
		return os.WriteFile(filepath.Join(dir, name), data, 0o644)
	}); err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	url := func(id int) string {
		r, err := ix.Record(id)
		if err != nil {
			t.Fatal(err)
		}
		return r.URL
	}
	type jsCase struct {
		Query  string            `json:"query"`
		Params map[string]string `json:"params,omitempty"`
		IDs    []int             `json:"ids"`
		Counts map[string]map[string]int
	}
	cases := []struct {
		jsCase
		want   string
		counts string
	}{
		{jsCase: jsCase{Query: "职业教育"}, want: "/title/ /meta/ /body-many/ /body-once-new/ /body-once-old/"},
		{jsCase: jsCase{Query: "职业教育", Params: map[string]string{"sort": "date"}}, want: "/body-once-new/ /body-once-old/ /title/ /meta/ /body-many/"},
		{jsCase: jsCase{Query: "A-2021-00001"}, want: "/body-many/"},
		{jsCase: jsCase{Query: "临教〔2021〕3号", Params: map[string]string{"sort": "date"}}, want: "/body-many/"},
		{jsCase: jsCase{Query: "学校 资助"}, want: "/near/ /far/"},
		{jsCase: jsCase{Query: "职业教育", Params: map[string]string{"publisher": "b"}}, want: "/title/ /body-once-new/", counts: "publisher a:3 b:2; year 2024:1 2023:1"},
		{jsCase: jsCase{Query: "职业教育 -关于"}, want: "/title/ /meta/ /body-many/ /body-once-old/"},
	}
	in := make([]jsCase, len(cases))
	for i, c := range cases {
		in[i] = c.jsCase
	}
	var out []jsCase
	runClient(t, &out, nil, "search", dir, in)
	for i, c := range cases {
		var got []string
		for _, id := range out[i].IDs {
			got = append(got, url(id))
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("%q %v: got %v, want %s", c.Query, c.Params, got, c.want)
		}
		if c.counts == "" {
			continue
		}
		// Facet values are indexes into meta.bin's lists; name them.
		var parts []string
		for _, f := range ix.Meta.Facets {
			if f.Key != "publisher" && f.Key != "year" {
				continue
			}
			var vs []string
			for k, v := range f.Values {
				if n := out[i].Counts[f.Key][fmt.Sprint(k)]; n > 0 {
					vs = append(vs, fmt.Sprintf("%s:%d", v.Value, n))
				}
			}
			parts = append(parts, f.Key+" "+strings.Join(vs, " "))
		}
		if got := strings.Join(parts, "; "); got != c.counts {
			t.Errorf("%q %v: counts %s, want %s", c.Query, c.Params, got, c.counts)
		}
	}
}

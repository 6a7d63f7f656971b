package search

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// FuzzNormalize: normalising never panics, is idempotent, and query terms are
// normalised, non-empty text.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"職業教育 -\"学 校\"", "ＡＢＣ①", "\u202e\x00", "“未闭合", "（一）学校、家庭……“双减”！", "e\u0301"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if slow := slowNormalize(s); n != slow {
			t.Fatalf("fast path %q, full NFKC %q for %q", n, slow, s)
		}
		if Normalize(n) != n {
			t.Fatalf("not idempotent: %q → %q → %q", s, n, Normalize(n))
		}
		for _, term := range ParseQuery(s) {
			if term.Text == "" || Normalize(term.Text) != term.Text || !utf8.ValidString(term.Text) {
				t.Fatalf("bad term %+v from %q", term, s)
			}
		}
	})
}

// FuzzIndexFiles: the decoders of dictionary shards and posting lists never panic on
// damaged bytes.
func FuzzIndexFiles(f *testing.F) {
	f.Add([]byte{1, 'a', 1, 1, 0, 0, 2, 0, 0}, 2, 1)
	f.Add([]byte{2, '=', 'x', 2, 2, 0, 1}, 0, 0)
	f.Fuzz(func(t *testing.T, b []byte, docLen, df int) {
		ParseShard(b)
		if df >= 0 && df < 1000 && docLen >= 0 {
			decodeList(b, docLen, df, true)
		}
	})
}

// FuzzIndexRoundTrip writes an index of fuzzed documents and checks the reader
// against the brute-force scan for a fuzzed query.
func FuzzIndexRoundTrip(f *testing.F) {
	f.Add("职业教育质量报告", "學校職業教育發展，职业 教育。", "教育", "业教")
	f.Add("aaa", "aaaa", "aaa", "-a")
	f.Fuzz(func(t *testing.T, title, body, meta, q string) {
		docs := []Doc{
			{Title: title, Body: body, Meta: []string{meta}, Index: "x-2024-00001", Date: time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC), Year: 2024},
			{Title: body, Body: title + meta, Index: "x-2024-00002", Date: time.Date(2024, 1, 3, 0, 0, 0, 0, time.UTC), Year: 2024},
		}
		fsys := fstest.MapFS{}
		if _, err := Write(docs, Labels{}, func(name string, data []byte) error {
			fsys[name] = &fstest.MapFile{Data: data}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		ix, err := Open(fsys)
		if err != nil {
			t.Fatal(err)
		}
		recs := []DocRecord{{Title: body, Body: title + meta, Meta: nonEmpty(docs[1].Meta)}, {Title: title, Body: body, Meta: nonEmpty(docs[0].Meta)}}
		got, _, err := ix.Search(q)
		if err != nil {
			t.Fatal(err)
		}
		if want := BruteForce(recs, q); !slices.Equal(got, want) {
			t.Fatalf("query %q: index %v, brute force %v", q, got, want)
		}
	})
}

func nonEmpty(ss []string) []string {
	return slices.DeleteFunc(slices.Clone(ss), func(s string) bool { return s == "" })
}

// slowNormalize is Normalize without the NFKC shortcut.
func slowNormalize(s string) string {
	var out []rune
	for _, r := range norm.NFKC.String(strings.ToValidUTF8(s, "\uFFFD")) {
		if r = foldRune(r); searchable(r) {
			out = append(out, r)
		}
	}
	return string(out)
}

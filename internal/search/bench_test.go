package search

import (
	"os"
	"testing"
	"time"
)

// BenchmarkWrite indexes the documents of an existing index again. Point
// XXGK_BENCH_INDEX at a built site's search directory (e.g. one built from bench/gen's
// corpus); the whole-pipeline comparison with Pagefind is bench/search.
func BenchmarkWrite(b *testing.B) {
	dir := os.Getenv("XXGK_BENCH_INDEX")
	if dir == "" {
		b.Skip("XXGK_BENCH_INDEX not set")
	}
	ix, err := Open(os.DirFS(dir))
	if err != nil {
		b.Fatal(err)
	}
	docs := make([]Doc, ix.Meta.Docs)
	for id := range docs {
		r, err := ix.Record(id)
		if err != nil {
			b.Fatal(err)
		}
		d, _ := time.Parse("2006-01-02", r.Date)
		docs[id] = Doc{Title: r.Title, URL: r.URL, Date: d, Publisher: r.Publisher, Category: r.Category,
			Genre: r.Genre, Year: d.Year(), Index: r.Index, DocNumber: r.DocNumber, Meta: r.Meta, Body: r.Body}
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := Write(docs, Labels{}, func(string, []byte) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}

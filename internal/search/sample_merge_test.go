package search_test

import (
	"bytes"
	"slices"
	"testing"
	"time"

	"xxgk/internal/search"
)

// TestMergeSample: the sample site's documents, in one segment per publisher as the
// sharded build makes them, merge into the files Write makes of the same documents.
func TestMergeSample(t *testing.T) {
	_, _, recs := sampleIndex(t)
	byPub := map[string][]search.Doc{}
	var codes []string
	for _, r := range recs {
		d, err := time.Parse("2006-01-02", r.Date)
		if err != nil {
			t.Fatal(err)
		}
		if byPub[r.Publisher] == nil {
			codes = append(codes, r.Publisher)
		}
		byPub[r.Publisher] = append(byPub[r.Publisher], search.Doc{Title: r.Title, URL: r.URL, Date: d,
			Publisher: r.Publisher, Category: r.Category, Genre: r.Genre, Year: d.Year(), Index: r.Index,
			DocNumber: r.DocNumber, Meta: r.Meta, Body: r.Body})
	}
	slices.Reverse(codes) // another order than the index's
	var union []search.Doc
	var segs []*search.Segment
	for _, c := range codes {
		union = append(union, byPub[c]...)
		s, err := search.BuildSegment(byPub[c], search.Labels{})
		if err != nil {
			t.Fatal(err)
		}
		segs = append(segs, s)
	}
	if len(segs) < 2 {
		t.Fatalf("the sample has %d publishers; the test needs several", len(segs))
	}
	type file struct {
		name string
		data []byte
	}
	write := func(f func(put func(string, []byte) error) (search.Stats, error)) []file {
		var out []file
		if _, err := f(func(name string, data []byte) error {
			out = append(out, file{name, bytes.Clone(data)})
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	want := write(func(put func(string, []byte) error) (search.Stats, error) {
		return search.Write(union, search.Labels{}, put)
	})
	got := write(func(put func(string, []byte) error) (search.Stats, error) {
		return search.Merge(segs, search.Labels{}, put)
	})
	if len(got) != len(want) {
		t.Fatalf("merge wrote %d files, Write %d", len(got), len(want))
	}
	for i := range want {
		if got[i].name != want[i].name || !bytes.Equal(got[i].data, want[i].data) {
			t.Fatalf("file %d: merge wrote %s (%d bytes), Write %s (%d bytes)", i, got[i].name, len(got[i].data), want[i].name, len(want[i].data))
		}
	}
}

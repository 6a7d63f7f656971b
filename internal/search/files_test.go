package search

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// writeSegments writes a segment file of each part into dir and returns their names.
func writeSegments(t *testing.T, dir string, parts [][]Doc) []string {
	t.Helper()
	var names []string
	for i, part := range parts {
		name := filepath.Join(dir, fmt.Sprintf("seg-%d", i))
		if err := writeSegmentFile(name, part, testLabels); err != nil {
			t.Fatal(err)
		}
		names = append(names, name)
	}
	return names
}

// TestOpenSegmentsBeyondLimit: more segment files than may be open at once merge to
// the same index, with never more than the limit open; a file replaced meanwhile
// (another build) is refused, not read.
func TestOpenSegmentsBeyondLimit(t *testing.T) {
	defer func(n int) { maxOpenSegments = n }(maxOpenSegments)
	maxOpenSegments = 3
	docs := genDocs(genOptions{n: 300, seed: 5, docNumbers: 7})
	var parts [][]Doc
	for i := 0; i < len(docs); i += 25 {
		parts = append(parts, docs[i:min(i+25, len(docs))])
	}
	names := writeSegments(t, t.TempDir(), parts)
	segs, err := OpenSegments(names)
	if err != nil {
		t.Fatal(err)
	}
	pool := segs[0].r.(*pooledFile).pool
	if n := pool.order.Len(); n > maxOpenSegments {
		t.Errorf("%d files open after opening, limit %d", n, maxOpenSegments)
	}
	want := reference(t, docs, testLabels)
	got := collect(t, func(put func(string, []byte) error) (Stats, error) { return Merge(segs, testLabels, put) })
	sameOutput(t, fmt.Sprintf("%d segments, %d open at most", len(segs), maxOpenSegments), got, want)
	if n := pool.order.Len(); n > maxOpenSegments {
		t.Errorf("%d files open after the merge, limit %d", n, maxOpenSegments)
	}
	for _, s := range segs {
		s.Close()
	}
	if n := pool.order.Len(); n != 0 {
		t.Errorf("%d files open after Close", n)
	}

	// The last segment replaced by another file after it was opened: the merge stops.
	segs, err = OpenSegments(names)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		for _, s := range segs {
			s.Close()
		}
	}()
	last := names[len(names)-1]
	if err := writeSegmentFile(last+".new", parts[len(parts)-1], testLabels); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(last+".new", last); err != nil {
		t.Fatal(err)
	}
	if _, err := Merge(segs, testLabels, func(string, []byte) error { return nil }); !errors.Is(err, errSegmentReplaced) {
		t.Errorf("merge with a segment replaced: %v, want %v", err, errSegmentReplaced)
	}
}

// TestOpenSegmentsFew: within the limit, the files are simply open.
func TestOpenSegmentsFew(t *testing.T) {
	docs := genDocs(genOptions{n: 60, seed: 6})
	names := writeSegments(t, t.TempDir(), [][]Doc{docs[:30], docs[30:]})
	segs, err := OpenSegments(names)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range segs {
		if _, ok := s.r.(*os.File); !ok {
			t.Errorf("segment read through %T, want *os.File", s.r)
		}
		defer s.Close()
	}
	sameOutput(t, "two segments", collect(t, func(put func(string, []byte) error) (Stats, error) { return Merge(segs, testLabels, put) }), reference(t, docs, testLabels))
	if _, err := OpenSegments(append(names, filepath.Join(t.TempDir(), "missing"))); err == nil {
		t.Error("a missing segment file opened")
	}
}

package search

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"testing"
	"time"
)

// pipelineConfigs are the ways mergePostings is run: sequentially, pipelined as
// shipped, and pipelined with blocks so small that nearly every gram is a hand-off
// and the reader often waits for a free block.
var pipelineConfigs = []struct {
	name   string
	on     bool
	blocks int
	grams  int
	bytes  int
}{
	{"sequential", false, 0, 0, 0},
	{"pipelined", true, mergePipeline.blocks, mergePipeline.grams, mergePipeline.bytes},
	{"one gram a block, one block", true, 1, 1, 1 << 30},
	{"two blocks of three grams", true, 2, 3, 1 << 30},
	{"blocks of 100 bytes", true, 3, 1 << 30, 100},
}

// withPipeline runs f with mergePostings configured as c, on at least two cores so
// that a pipelined configuration is not the sequential path.
func withPipeline(t *testing.T, c struct {
	name   string
	on     bool
	blocks int
	grams  int
	bytes  int
}, f func(t *testing.T)) {
	t.Run(c.name, func(t *testing.T) {
		saved := mergePipeline
		defer func() { mergePipeline = saved }()
		mergePipeline.on = c.on
		if c.on {
			mergePipeline.blocks, mergePipeline.grams, mergePipeline.bytes = c.blocks, c.grams, c.bytes
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(max(2, runtime.GOMAXPROCS(0))))
		}
		f(t)
	})
}

// TestMergePipeline: the pipelined merge, however small its blocks, writes the
// files the reference Write writes, as the sequential merge does, for many segments
// streamed from their encodings (and in memory), so that a gram reordered, lost or
// corrupted at a hand-off between the stages shows.
func TestMergePipeline(t *testing.T) {
	docs := genDocs(genOptions{n: 1200, seed: 61, docNumbers: 40, minBody: 20, maxBody: 400})
	parts := make([][]Doc, 240)
	for i, d := range docs {
		parts[i%len(parts)] = append(parts[i%len(parts)], d)
	}
	var union []Doc
	for _, p := range parts {
		union = append(union, p...)
	}
	want := reference(t, union, testLabels)
	size := 0
	for _, p := range parts {
		s, err := BuildSegment(p, testLabels)
		if err != nil {
			t.Fatal(err)
		}
		size += int(s.sec[secGrams].len)
	}
	if size < 8*mergePipeline.bytes {
		t.Fatalf("%d bytes of lists: too few for several blocks as shipped", size)
	}
	for _, c := range pipelineConfigs {
		withPipeline(t, c, func(t *testing.T) { mergeOf(t, c.name, parts, testLabels, want) })
	}
}

// corruptSegments are segments, read back from their encodings, whose posting
// lists are damaged (with checksums that match): the merge of each, after an
// intact segment, fails with ErrSegmentCorrupt.
func corruptSegments(t *testing.T) map[string]*Segment {
	t.Helper()
	s, err := BuildSegment(genDocs(genOptions{n: 80, seed: 62, minBody: 50, maxBody: 600}), testLabels)
	if err != nil {
		t.Fatal(err)
	}
	grams := s.mem[secGrams]
	// The end of the first half of the grams, at a gram boundary.
	g := &gramReader{mem: grams}
	for g.i < len(grams)/2 {
		if _, err := g.next(); err != nil {
			t.Fatal(err)
		}
	}
	half := g.i
	// A gram (its key one more than the one before) whose list, in the first field,
	// begins with the delta 0, which the merger (not the reader) refuses.
	badList := appendBytes(appendBytes(appendUvarints(nil, 1, 1), []byte{0, 1}), nil)
	for range numFields - 1 {
		badList = append(badList, 0)
	}
	out := map[string]*Segment{}
	for what, b := range map[string][]byte{
		"the first gram cut":           {0x80},
		"cut in the middle":            grams[:half+3],
		"a bad list in the middle":     append(append(bytes.Clone(grams[:half]), badList...), grams[half:]...),
		"a bad list after the last":    append(bytes.Clone(grams), badList...),
		"a key repeated in the middle": append(append(bytes.Clone(grams[:half]), 0), grams[half:]...),
	} {
		seg := &Segment{mem: &[numSections][]byte{s.mem[secTable], b, s.mem[secRecords]}}
		var buf bytes.Buffer
		if _, err := seg.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		r, err := ReadSegment(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		out[what] = r
	}
	return out
}

// TestMergePipelineCorrupt: a segment damaged part way through its posting lists
// fails the merge with ErrSegmentCorrupt after the same number of grams, pipelined
// or not, whichever stage finds the damage, and no goroutine of the merge is left
// once Merge has returned.
func TestMergePipelineCorrupt(t *testing.T) {
	good, err := BuildSegment(genDocs(genOptions{n: 60, seed: 63}), testLabels)
	if err != nil {
		t.Fatal(err)
	}
	bad := corruptSegments(t)
	grams := map[string]int{}
	for _, c := range pipelineConfigs {
		withPipeline(t, c, func(t *testing.T) {
			for _, what := range sortedKeys(bad) {
				before := runtime.NumGoroutine()
				st, err := Merge([]*Segment{good, bad[what]}, testLabels, func(string, []byte) error { return nil })
				if !errors.Is(err, ErrSegmentCorrupt) {
					t.Errorf("%s: error %v, want ErrSegmentCorrupt", what, err)
				}
				if n := goroutinesBack(before); n > before {
					t.Errorf("%s: %d goroutines after the merge, %d before", what, n, before)
				}
				if g, ok := grams[what]; !ok {
					grams[what] = st.Grams
				} else if st.Grams != g {
					t.Errorf("%s: failed after %d grams, sequentially after %d", what, st.Grams, g)
				}
			}
		})
	}
	if grams["a bad list in the middle"] == 0 || grams["a bad list in the middle"] == grams["a bad list after the last"] {
		t.Errorf("grams merged before the damage: %v", grams)
	}
}

// goroutinesBack waits, a second at most, for the goroutines to be no more than
// before, and returns how many there are: a goroutine that has said it is done
// (sync.WaitGroup) is still counted until it has returned, a leaked one for ever.
func goroutinesBack(before int) int {
	n := runtime.NumGoroutine()
	for deadline := time.Now().Add(time.Second); n > before && time.Now().Before(deadline); n = runtime.NumGoroutine() {
		time.Sleep(time.Millisecond)
	}
	return n
}

// TestMergePipelinePutFails: an error from put while the postings are written
// stops the pipelined merge, its reader ended, with that error.
func TestMergePipelinePutFails(t *testing.T) {
	fail := fmt.Errorf("disk full")
	segs := make([]*Segment, 0, 8)
	for i := range 8 {
		s, err := BuildSegment(genDocs(genOptions{n: 40, seed: 64 + uint64(i)}), testLabels)
		if err != nil {
			t.Fatal(err)
		}
		segs = append(segs, s)
	}
	for _, c := range pipelineConfigs {
		withPipeline(t, c, func(t *testing.T) {
			before := runtime.NumGoroutine()
			_, err := Merge(segs, testLabels, func(name string, _ []byte) error {
				if name == "postings-0.bin" {
					return fail
				}
				return nil
			})
			if !errors.Is(err, fail) {
				t.Errorf("error %v, want %v", err, fail)
			}
			if n := goroutinesBack(before); n > before {
				t.Errorf("%d goroutines after the merge, %d before", n, before)
			}
		})
	}
}

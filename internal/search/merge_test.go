package search

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// output is an index as written: its files in the order put received them.
type output struct {
	names []string
	files map[string][]byte
	stats Stats
}

func collect(t testing.TB, write func(put func(string, []byte) error) (Stats, error)) output {
	t.Helper()
	o := output{files: map[string][]byte{}}
	st, err := write(func(name string, data []byte) error {
		o.names = append(o.names, name)
		o.files[name] = bytes.Clone(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	o.stats = st
	return o
}

// sameOutput reports the first difference of two indexes.
func sameOutput(t testing.TB, what string, got, want output) {
	t.Helper()
	if !slices.Equal(got.names, want.names) {
		t.Fatalf("%s: files %v, want %v", what, got.names, want.names)
	}
	for _, n := range want.names {
		if !bytes.Equal(got.files[n], want.files[n]) {
			t.Fatalf("%s: %s differs (%d bytes, want %d)", what, n, len(got.files[n]), len(want.files[n]))
		}
	}
	if got.stats != want.stats {
		t.Fatalf("%s: stats %+v, want %+v", what, got.stats, want.stats)
	}
}

var testLabels = func() Labels {
	l := Labels{Publishers: map[string]string{}}
	for _, p := range genPublishers[:len(genPublishers)-1] { // one without a name
		l.Publishers[p.code] = p.name
	}
	return l
}()

// reference is the index Write made before segments.
func reference(t testing.TB, docs []Doc, labels Labels) output {
	return collect(t, func(put func(string, []byte) error) (Stats, error) { return referenceWrite(docs, labels, put) })
}

// mergeOf builds a segment of each part and merges them, from memory and again
// from their encodings read back, and checks both against want.
func mergeOf(t testing.TB, what string, parts [][]Doc, labels Labels, want output) {
	t.Helper()
	segs := make([]*Segment, len(parts))
	read := make([]*Segment, len(parts))
	for i, p := range parts {
		s, err := BuildSegment(p, labels)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if _, err := s.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		r, err := ReadSegment(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatalf("%s: reading segment %d back: %v", what, i, err)
		}
		segs[i], read[i] = s, r
	}
	sameOutput(t, what+" (in memory)", collect(t, func(put func(string, []byte) error) (Stats, error) { return Merge(segs, labels, put) }), want)
	sameOutput(t, what+" (read back)", collect(t, func(put func(string, []byte) error) (Stats, error) { return Merge(read, labels, put) }), want)
	// As after an edit: some segments just built, the others read from the cache.
	mixed := slices.Clone(segs)
	for i := 1; i < len(mixed); i += 2 {
		mixed[i] = read[i]
	}
	sameOutput(t, what+" (mixed)", collect(t, func(put func(string, []byte) error) (Stats, error) { return Merge(mixed, labels, put) }), want)
	sameOutput(t, what+" (in memory, again)", collect(t, func(put func(string, []byte) error) (Stats, error) { return Merge(segs, labels, put) }), want)
	// As a build merges them: runs of consecutive segments merged into one first
	// (MergeSegments), some kept and read back, then the runs merged.
	for _, size := range []int{1, 2, 3, len(segs)} {
		var groups []*Segment
		for i := 0; i < len(mixed); i += size {
			g, err := MergeSegments(mixed[i:min(i+size, len(mixed))])
			if err != nil {
				t.Fatalf("%s: merging segments %d…: %v", what, i, err)
			}
			if (i/size)%2 == 1 {
				var buf bytes.Buffer
				if _, err := g.WriteTo(&buf); err != nil {
					t.Fatal(err)
				}
				if g, err = ReadSegment(bytes.NewReader(buf.Bytes()), int64(buf.Len())); err != nil {
					t.Fatalf("%s: reading merged segment %d back: %v", what, i, err)
				}
			}
			groups = append(groups, g)
		}
		sameOutput(t, fmt.Sprintf("%s (in runs of %d)", what, size), collect(t, func(put func(string, []byte) error) (Stats, error) { return Merge(groups, labels, put) }), want)
	}
}

// TestWriteUnchanged: Write, now a merge of one segment, writes what it wrote before.
func TestWriteUnchanged(t *testing.T) {
	for _, opt := range []genOptions{
		{n: 0},
		{n: 1, seed: 1},
		{n: 40, seed: 2, dates: 3, docNumbers: 4},
		{n: 300, seed: 3},
		{n: 400, seed: 4, categories: 300, sameIndex: true, dates: 5},
	} {
		docs := genDocs(opt)
		for _, labels := range []Labels{{}, testLabels} {
			want := reference(t, docs, labels)
			got := collect(t, func(put func(string, []byte) error) (Stats, error) { return Write(docs, labels, put) })
			sameOutput(t, fmt.Sprintf("Write %+v", opt), got, want)
		}
	}
}

// splits divides docs into segments in many ways; the union of a split, segment
// after segment, is what Merge must index like Write.
func splits(docs []Doc, seed uint64) map[string][][]Doc {
	r := rand.New(rand.NewPCG(seed, 7))
	out := map[string][][]Doc{"one segment": {docs}}
	var each [][]Doc
	for i := range docs {
		each = append(each, docs[i:i+1])
	}
	out["one per document"] = each
	byPub := map[string][]Doc{}
	for _, d := range docs {
		byPub[d.Publisher] = append(byPub[d.Publisher], d)
	}
	var pubs [][]Doc
	for _, code := range sortedKeys(byPub) {
		pubs = append(pubs, byPub[code])
	}
	out["by publisher"] = pubs
	out["with empty segments"] = append([][]Doc{nil}, append(slices.Clone(pubs), nil, nil)...)
	for k := range 3 {
		n := 1 + r.IntN(6)
		parts := make([][]Doc, n)
		for _, d := range docs {
			i := r.IntN(n)
			parts[i] = append(parts[i], d)
		}
		out[fmt.Sprintf("random %d: %d segments", k, n)] = parts
	}
	half := len(docs) / 2
	out["halves, reversed"] = [][]Doc{docs[half:], docs[:half]}
	return out
}

// TestMergeSplits: for every split, Merge writes the same files as Write of the
// union of the segments, byte for byte.
func TestMergeSplits(t *testing.T) {
	cases := map[string]genOptions{
		"small":                        {n: 30, seed: 11},
		"equal dates":                  {n: 120, seed: 12, dates: 2},
		"duplicate 文号 across segments": {n: 150, seed: 13, docNumbers: 3},
		"shared 索引号 and dates":         {n: 120, seed: 14, dates: 4, sameIndex: true},
		"two-byte facet column":        {n: 600, seed: 15, categories: 280, minBody: 10, maxBody: 200},
		"long bodies":                  {n: 60, seed: 16, minBody: 2000, maxBody: 6000},
	}
	for name, opt := range cases {
		t.Run(name, func(t *testing.T) {
			docs := genDocs(opt)
			for what, parts := range splits(docs, opt.seed) {
				var union []Doc
				for _, p := range parts {
					union = append(union, p...)
				}
				want := reference(t, union, testLabels)
				mergeOf(t, what, parts, testLabels, want)
			}
		})
	}
}

// TestMergeNoSegments: no segments index no documents, as Write of none.
func TestMergeNoSegments(t *testing.T) {
	want := reference(t, nil, Labels{})
	sameOutput(t, "no segments", collect(t, func(put func(string, []byte) error) (Stats, error) { return Merge(nil, Labels{}, put) }), want)
}

// TestSegmentFile: a segment written to a file and opened again merges like the
// one built, its posting lists streamed from the file.
func TestSegmentFile(t *testing.T) {
	docs := genDocs(genOptions{n: 200, seed: 21, docNumbers: 5})
	dir := t.TempDir()
	var segs []*Segment
	for i, part := range [][]Doc{docs[:70], docs[70:71], docs[71:]} {
		s, err := BuildSegment(part, testLabels)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Join(dir, fmt.Sprintf("seg-%d", i))
		f, err := os.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.WriteTo(f); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		r, err := OpenSegment(name)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		if r.Docs() != len(part) {
			t.Fatalf("segment %d: %d documents, want %d", i, r.Docs(), len(part))
		}
		segs = append(segs, r)
	}
	want := reference(t, docs, testLabels)
	got := collect(t, func(put func(string, []byte) error) (Stats, error) { return Merge(segs, testLabels, put) })
	sameOutput(t, "segments from files", got, want)
	// A second merge of the same segments reads them again from the start.
	sameOutput(t, "second merge", collect(t, func(put func(string, []byte) error) (Stats, error) { return Merge(segs, testLabels, put) }), want)
}

// TestMergeLongLists: grams whose lists are longer than a segment stream's buffer
// are read through it a field at a time (nextSlow), and merge like Write.
func TestMergeLongLists(t *testing.T) {
	docs := genDocs(genOptions{n: 12, seed: 22})
	for i := range 4 {
		docs[i].Body = strings.Repeat("教育质量报告", 9000+i)
	}
	parts := [][]Doc{docs[:3], docs[3:8], docs[8:]}
	mergeOf(t, "long lists", parts, testLabels, reference(t, docs, testLabels))
}

// encoded is the encoding of the segment of docs.
func encoded(t *testing.T, docs []Doc) []byte {
	t.Helper()
	s, err := BuildSegment(docs, testLabels)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := s.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// withHeader is the segment b with another format, index version and fold hash.
func withHeader(b []byte, format, version, fold uint64) []byte {
	r := &byteReader{b: b, i: len(segmentMagic)}
	r.uvarint()
	r.uvarint()
	r.uvarint()
	out := []byte(segmentMagic)
	out = appendUvarints(out, format, version, fold)
	return append(out, b[r.i:]...)
}

func appendUvarints(b []byte, vs ...uint64) []byte {
	for _, v := range vs {
		b = binary.AppendUvarint(b, v)
	}
	return b
}

// TestSegmentStale: a segment of another format, index version or fold table is
// refused with ErrSegmentStale, not misread.
func TestSegmentStale(t *testing.T) {
	b := encoded(t, genDocs(genOptions{n: 20, seed: 31}))
	if _, err := ReadSegment(bytes.NewReader(b), int64(len(b))); err != nil {
		t.Fatalf("the segment as written: %v", err)
	}
	for what, h := range map[string][]byte{
		"format":     withHeader(b, SegmentFormat+1, Version, uint64(foldHash())),
		"old format": withHeader(b, 0, Version, uint64(foldHash())),
		"version":    withHeader(b, SegmentFormat, Version+1, uint64(foldHash())),
		"fold table": withHeader(b, SegmentFormat, Version, uint64(foldHash()^1)),
	} {
		_, err := ReadSegment(bytes.NewReader(h), int64(len(h)))
		if !errors.Is(err, ErrSegmentStale) {
			t.Errorf("%s changed: error %v, want ErrSegmentStale", what, err)
		}
	}
}

// TestSegmentCorrupt: a damaged or cut segment is refused with ErrSegmentCorrupt.
func TestSegmentCorrupt(t *testing.T) {
	b := encoded(t, genDocs(genOptions{n: 20, seed: 32}))
	r := rand.New(rand.NewPCG(32, 1))
	for range 50 {
		c := bytes.Clone(b)
		i := len(segmentMagic) + r.IntN(len(c)-len(segmentMagic))
		c[i] ^= byte(1 + r.IntN(255))
		if _, err := ReadSegment(bytes.NewReader(c), int64(len(c))); !errors.Is(err, ErrSegmentCorrupt) && !errors.Is(err, ErrSegmentStale) {
			t.Fatalf("byte %d changed: error %v", i, err)
		}
	}
	for _, n := range []int{0, 5, len(segmentMagic) + 2, len(b) / 2, len(b) - 1} {
		if _, err := ReadSegment(bytes.NewReader(b[:n]), int64(n)); !errors.Is(err, ErrSegmentCorrupt) {
			t.Errorf("cut to %d bytes: error %v, want ErrSegmentCorrupt", n, err)
		}
	}
	if _, err := ReadSegment(bytes.NewReader(append(bytes.Clone(b), 0)), int64(len(b)+1)); !errors.Is(err, ErrSegmentCorrupt) {
		t.Errorf("a byte appended: error %v, want ErrSegmentCorrupt", err)
	}
}

// TestMergeLabelsChanged: a segment whose records show another publisher name than
// the merge's labels is refused: its records would be stale.
func TestMergeLabelsChanged(t *testing.T) {
	docs := genDocs(genOptions{n: 30, seed: 41})
	s, err := BuildSegment(docs, testLabels)
	if err != nil {
		t.Fatal(err)
	}
	renamed := Labels{Publishers: map[string]string{}}
	for k, v := range testLabels.Publishers {
		renamed.Publishers[k] = v
	}
	renamed.Publishers[docs[0].Publisher] = "改名后的单位"
	if _, err := Merge([]*Segment{s}, renamed, func(string, []byte) error { return nil }); !errors.Is(err, ErrSegmentStale) {
		t.Fatalf("error %v, want ErrSegmentStale", err)
	}
}

// TestMergeSegmentsLabels: segments that show one publisher under two names are
// not merged into one (Merge would refuse one of them).
func TestMergeSegmentsLabels(t *testing.T) {
	docs := genDocs(genOptions{n: 30, seed: 42})
	renamed := Labels{Publishers: map[string]string{}}
	for k, v := range testLabels.Publishers {
		renamed.Publishers[k] = v
	}
	renamed.Publishers[docs[0].Publisher] = "改名后的单位"
	a, err := BuildSegment(docs[:15], testLabels)
	if err != nil {
		t.Fatal(err)
	}
	b, err := BuildSegment(docs, renamed)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := MergeSegments([]*Segment{a, b}); !errors.Is(err, ErrSegmentStale) {
		t.Fatalf("error %v, want ErrSegmentStale", err)
	}
}

// FuzzMerge: fuzzed documents, split into segments as the fuzzer says, merge into
// the index Write makes of them.
func FuzzMerge(f *testing.F) {
	f.Add("职业教育质量报告|學校職業教育發展，职业 教育。|教育|ＡＢＣ①", []byte{0, 1, 0, 2, 1}, []byte{3, 3, 1, 0})
	f.Add("aaa|aaaa|aa|a", []byte{5, 5, 5}, []byte{0})
	f.Add("", []byte{}, []byte{})
	f.Fuzz(func(t *testing.T, text string, split, dates []byte) {
		pieces := bytes.Split([]byte(text), []byte("|"))
		n := min(len(pieces), 24)
		docs := make([]Doc, n)
		for i := range docs {
			p := string(pieces[i])
			q := string(pieces[(i+1)%len(pieces)])
			day := 0
			if len(dates) > 0 {
				day = int(dates[i%len(dates)] % 4)
			}
			date := time.Date(2024, 1, 1+day, 0, 0, 0, 0, time.UTC)
			docs[i] = Doc{Title: p, Body: q + p, Meta: []string{q, p}, Index: fmt.Sprintf("x-2024-%05d", day*7%5),
				DocNumber: q, Date: date, Year: 2024 + day%2, Publisher: fmt.Sprint("p", day%3), Category: p, Genre: q}
		}
		k := 1
		if len(split) > 0 {
			k = 1 + int(split[0]%5)
		}
		parts := make([][]Doc, k)
		for i, d := range docs {
			s := 0
			if len(split) > 1 {
				s = int(split[1+i%(len(split)-1)]) % k
			}
			parts[s] = append(parts[s], d)
		}
		var union []Doc
		for _, p := range parts {
			union = append(union, p...)
		}
		mergeOf(t, "fuzzed split", parts, Labels{}, reference(t, union, Labels{}))
	})
}

// FuzzSegmentDecode: a segment whose sections are fuzzed bytes (under a valid
// header and CRCs, so that the decoders and not the checksums see them) is
// refused or merged, never a panic.
func FuzzSegmentDecode(f *testing.F) {
	s, err := BuildSegment(genDocs(genOptions{n: 3, seed: 51, minBody: 5, maxBody: 40}), Labels{})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(s.mem[secTable], s.mem[secGrams], s.mem[secRecords])
	f.Add([]byte{1, 0, 0, 1, 'a', 0, 0, 0, 0, 0, 0, 0, 0}, []byte{1, 1, 2, 1, 1, 0, 0, 0}, []byte{})
	f.Fuzz(func(t *testing.T, table, grams, records []byte) {
		seg := &Segment{mem: &[numSections][]byte{table, grams, records}}
		var buf bytes.Buffer
		if _, err := seg.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		r, err := ReadSegment(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			if !errors.Is(err, ErrSegmentCorrupt) {
				t.Fatalf("error %v, want ErrSegmentCorrupt", err)
			}
			return
		}
		Merge([]*Segment{r, r}, Labels{}, func(string, []byte) error { return nil })
	})
}

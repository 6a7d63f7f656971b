package search

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// SegmentFormat is the version of a segment's layout. A segment of another format,
// or written for another index Version or fold table, is refused with
// ErrSegmentStale: its bytes would be misread, or give another index than Write.
const SegmentFormat = 1

// segmentMagic begins every segment.
const segmentMagic = "xxgk search segment\n"

// ErrSegmentStale reports a segment written by another version of xxgk: the caller
// builds it again from its documents.
var ErrSegmentStale = errors.New("搜索索引分段是旧版程序生成的，须重新生成")

// ErrSegmentCorrupt reports a segment whose bytes do not check: the caller builds it
// again from its documents.
var ErrSegmentCorrupt = errors.New("搜索索引分段已损坏，须重新生成")

// A Segment is what the index needs of one shard's documents, computed once and
// kept between builds: per document its sort key (date, 索引号), its compressed
// record, its facet values and its exact-lookup keys; per gram and field the
// shard-local posting list (ids within the segment, counts, positions). Merge
// assembles the index of any number of segments without the documents' text.
//
// A Segment is either in memory (BuildSegment) or read from a file (ReadSegment,
// OpenSegment); Merge reads the posting lists of a file segment as a stream, one gram
// at a time, and its records by offset.
type Segment struct {
	docs   []segDoc
	labels map[string]string // publisher code → the name its records show

	r       io.ReaderAt // the whole encoding, when read (ReadSegment)
	size    int64
	sec     [numSections]section
	mem     *[numSections][]byte // the sections, when built (BuildSegment)
	closeFn func() error
}

// segDoc is one document of a segment, in the segment's order (Write's order).
type segDoc struct {
	sec        int64 // date, Unix seconds
	nsec       int64 // and nanoseconds
	index      string
	facets     [numFacets]string
	exact      []string // exact-lookup keys, "=" + normalised 索引号 or 文号, without repeats
	off        int64    // the record's offset in the records section
	head, rest int      // lengths of the record's first member and of the others
}

// compareDocs is the index's document order: newest first, then by 索引号.
func compareDocs(a, b *segDoc) int {
	if c := cmp.Compare(b.sec, a.sec); c != 0 {
		return c
	}
	if c := cmp.Compare(b.nsec, a.nsec); c != 0 {
		return c
	}
	return strings.Compare(a.index, b.index)
}

// The sections of an encoded segment, in file order.
const (
	secTable   = iota // the documents, then the publisher names
	secGrams          // posting lists, by gram key
	secRecords        // the documents' compressed records
	numSections
)

type section struct {
	off, len int64
	crc      uint32
}

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// foldHash fingerprints the fold table: segments normalised under another table
// would hold other grams than Write would find.
var foldHash = sync.OnceValue(func() uint32 {
	js, err := foldTableJSON()
	if err != nil {
		panic(err)
	}
	return fnv1aBytes(js)
})

// Docs is the number of documents in the segment.
func (s *Segment) Docs() int { return len(s.docs) }

// Close releases the file of a segment from OpenSegment; it does nothing for others.
func (s *Segment) Close() error {
	if s.closeFn == nil {
		return nil
	}
	return s.closeFn()
}

// BuildSegment computes the segment of docs, in any order: what Write computes of
// each document, with posting lists local to the segment.
func BuildSegment(docs []Doc, labels Labels) (*Segment, error) {
	sd := make([]segDoc, len(docs))
	order := make([]int, len(docs))
	for i := range docs {
		d := &docs[i]
		sd[i] = segDoc{sec: d.Date.Unix(), nsec: int64(d.Date.Nanosecond()), index: d.Index, facets: facetValues(d)}
		for _, s := range []string{d.Index, d.DocNumber} {
			if n := Normalize(s); n != "" && !slices.Contains(sd[i].exact, "="+n) {
				sd[i].exact = append(sd[i].exact, "="+n)
			}
		}
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return compareDocs(&sd[a], &sd[b]) })

	// Normalising and compressing are per document: spread over the cores.
	toks := make([]tokens, len(docs))
	heads, rests := make([][]byte, len(docs)), make([][]byte, len(docs))
	errs := make([]error, len(docs))
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := range workers {
		wg.Go(func() {
			z := newGzipper()
			for i := w; i < len(docs); i += workers {
				d := &docs[order[i]]
				toks[i] = tokenize(d)
				heads[i], rests[i], errs[i] = z.record(d, labels)
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	// Postings: each core takes the grams of its own hash partition.
	parts := make([]map[uint64]*gramPostings, workers)
	for w := range workers {
		wg.Go(func() { parts[w] = buildPostings(toks, w, workers) })
	}
	wg.Wait()
	toks = nil

	s := &Segment{labels: map[string]string{}}
	var table, grams, records []byte
	size := 0
	for i := range heads {
		size += len(heads[i]) + len(rests[i])
	}
	records = make([]byte, 0, size)
	table = binary.AppendUvarint(table, uint64(len(docs)))
	for i, j := range order {
		d := sd[j]
		d.off, d.head, d.rest = int64(len(records)), len(heads[i]), len(rests[i])
		records = append(append(records, heads[i]...), rests[i]...)
		s.docs = append(s.docs, d)
		s.labels[docs[j].Publisher] = cmp.Or(labels.Publishers[docs[j].Publisher], docs[j].Publisher)
		table = appendDoc(table, &d)
	}
	heads, rests = nil, nil
	table = binary.AppendUvarint(table, uint64(len(s.labels)))
	for _, code := range sortedKeys(s.labels) {
		table = appendString(appendString(table, code), s.labels[code])
	}

	grams = encodeGrams(parts)
	s.mem = &[numSections][]byte{table, grams, records}
	for i, p := range s.mem {
		s.sec[i].len = int64(len(p))
	}
	return s, nil
}

// encodeGrams lays out the posting lists of parts (disjoint sets of grams) in gram
// key order, so that a merge can stream through them.
func encodeGrams(parts []map[uint64]*gramPostings) []byte {
	var keys []uint64
	for _, p := range parts {
		for k := range p {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	lists := make([]*gramPostings, len(keys))
	size, prev := 0, uint64(0)
	for i, k := range keys {
		for _, p := range parts {
			if lists[i] = p[k]; lists[i] != nil {
				break
			}
		}
		size += uvarintLen(k - prev)
		prev = k
		for _, p := range lists[i] {
			size++ // df 0
			if p != nil {
				size += uvarintLen(uint64(p.df)) - 1 + uvarintLen(uint64(len(p.docs))) + len(p.docs) + uvarintLen(uint64(len(p.pos))) + len(p.pos)
			}
		}
	}
	grams := make([]byte, 0, size)
	prev = 0
	for i, k := range keys {
		g := lists[i]
		grams = binary.AppendUvarint(grams, k-prev)
		prev = k
		for f := range numFields {
			p := g[f]
			if p == nil {
				grams = binary.AppendUvarint(grams, 0)
				continue
			}
			grams = binary.AppendUvarint(grams, uint64(p.df))
			grams = appendBytes(appendBytes(grams, p.docs), p.pos)
		}
		// Let the collector have the lists copied, so that they and their copy
		// are not all held at once.
		lists[i] = nil
		for _, p := range parts {
			delete(p, k)
		}
	}
	return grams
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

func appendBytes(b, p []byte) []byte {
	return append(binary.AppendUvarint(b, uint64(len(p))), p...)
}

func appendDoc(b []byte, d *segDoc) []byte {
	b = binary.AppendVarint(b, d.sec)
	b = binary.AppendUvarint(b, uint64(d.nsec))
	b = appendString(b, d.index)
	for _, v := range d.facets {
		b = appendString(b, v)
	}
	b = binary.AppendUvarint(b, uint64(len(d.exact)))
	for _, k := range d.exact {
		b = appendString(b, k)
	}
	b = binary.AppendUvarint(b, uint64(d.head))
	return binary.AppendUvarint(b, uint64(d.rest))
}

// WriteTo writes the segment's encoding to w, for ReadSegment to read back: the
// header (magic, format, index version, fold table hash, then per section its
// length and CRC-32C), then the sections.
func (s *Segment) WriteTo(w io.Writer) (int64, error) {
	if s.mem == nil {
		return io.Copy(w, io.NewSectionReader(s.r, 0, s.size))
	}
	hdr := []byte(segmentMagic)
	hdr = binary.AppendUvarint(hdr, SegmentFormat)
	hdr = binary.AppendUvarint(hdr, Version)
	hdr = binary.AppendUvarint(hdr, uint64(foldHash()))
	for _, p := range s.mem {
		hdr = binary.AppendUvarint(hdr, uint64(len(p)))
		hdr = binary.AppendUvarint(hdr, uint64(crc32.Checksum(p, crcTable)))
	}
	n, err := w.Write(hdr)
	total := int64(n)
	for _, p := range s.mem {
		if err != nil {
			break
		}
		n, err = w.Write(p)
		total += int64(n)
	}
	return total, err
}

// OpenSegment reads the segment in the file name (see ReadSegment); Close releases
// the file.
func OpenSegment(name string) (*Segment, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err == nil {
		var s *Segment
		if s, err = ReadSegment(f, st.Size()); err == nil {
			s.closeFn = f.Close
			return s, nil
		}
	}
	f.Close()
	return nil, fmt.Errorf("%s：%w", name, err)
}

// maxHeader bounds the header: magic, three numbers and three sections.
const maxHeader = len(segmentMagic) + 3*binary.MaxVarintLen64 + numSections*2*binary.MaxVarintLen64

// ReadSegment reads the header and document table of the segment in r (size bytes)
// and checks every section's CRC, reading it once as a stream. It keeps r for Merge,
// which reads the posting lists and records from it again. A segment of another
// format is refused with ErrSegmentStale, damaged bytes with ErrSegmentCorrupt.
func ReadSegment(r io.ReaderAt, size int64) (*Segment, error) {
	hdr := make([]byte, min(int64(maxHeader), size))
	if _, err := r.ReadAt(hdr, 0); err != nil && err != io.EOF {
		return nil, err
	}
	if !bytes.HasPrefix(hdr, []byte(segmentMagic)) {
		return nil, ErrSegmentCorrupt
	}
	br := &byteReader{b: hdr, i: len(segmentMagic)}
	format, version, fold := br.uvarint(), br.uvarint(), br.uvarint()
	if br.err {
		return nil, ErrSegmentCorrupt
	}
	if format != SegmentFormat || version != Version || uint32(fold) != foldHash() {
		return nil, fmt.Errorf("%w（分段格式 %d、索引版本 %d，本程序为 %d、%d）", ErrSegmentStale, format, version, SegmentFormat, Version)
	}
	s := &Segment{r: r, size: size}
	for i := range s.sec {
		n, c := br.uvarint(), br.uvarint()
		s.sec[i] = section{len: int64(n), crc: uint32(c)}
	}
	if br.err {
		return nil, ErrSegmentCorrupt
	}
	off := int64(br.i)
	for i := range s.sec {
		s.sec[i].off = off
		off += s.sec[i].len
		if s.sec[i].len < 0 || off > size {
			return nil, ErrSegmentCorrupt
		}
	}
	if off != size {
		return nil, ErrSegmentCorrupt
	}
	for _, sec := range s.sec {
		h := crc32.New(crcTable)
		if _, err := io.Copy(h, io.NewSectionReader(r, sec.off, sec.len)); err != nil {
			return nil, err
		}
		if h.Sum32() != sec.crc {
			return nil, ErrSegmentCorrupt
		}
	}
	table := make([]byte, s.sec[secTable].len)
	if err := readAt(r, table, s.sec[secTable].off); err != nil {
		return nil, err
	}
	if err := s.parseTable(table); err != nil {
		return nil, err
	}
	return s, nil
}

// parseTable reads the document table: the documents, then the publisher labels.
func (s *Segment) parseTable(b []byte) error {
	r := &byteReader{b: b}
	str := func() string { return string(r.take(r.uvarint())) }
	n := r.uvarint()
	if n > len(b) {
		return ErrSegmentCorrupt
	}
	s.docs = make([]segDoc, 0, n)
	off := int64(0)
	for range n {
		var d segDoc
		v, k := binary.Varint(b[r.i:])
		if k <= 0 {
			return ErrSegmentCorrupt
		}
		r.i += k
		d.sec, d.nsec, d.index = v, int64(r.uvarint()), str()
		for f := range d.facets {
			d.facets[f] = str()
		}
		for m := r.uvarint(); m > 0 && !r.err; m-- {
			d.exact = append(d.exact, str())
		}
		d.head, d.rest = r.uvarint(), r.uvarint()
		d.off = off
		off += int64(d.head) + int64(d.rest)
		if r.err {
			return ErrSegmentCorrupt
		}
		s.docs = append(s.docs, d)
	}
	s.labels = map[string]string{}
	for m := r.uvarint(); m > 0 && !r.err; m-- {
		code := str()
		s.labels[code] = str()
	}
	if r.err || r.more() || off != s.sec[secRecords].len {
		return ErrSegmentCorrupt
	}
	return nil
}

// gramReader streams a segment's posting lists in gram key order. The slices it
// fills stay valid until the next call of next.
type gramReader struct {
	seg  int
	key  uint64
	df   [numFields]int
	docs [numFields][]byte
	pos  [numFields][]byte

	mem  []byte // the section, in memory
	i    int
	br   *bufio.Reader         // or a stream of it
	left int64                 // bytes of the stream not yet read
	buf  [2 * numFields][]byte // the lists of a gram read a field at a time (nextSlow)
	rec  []byte                // or of one read whole from the stream's buffer
}

// peekMin: when fewer bytes than this are buffered, next fills the stream's buffer
// before parsing, so that most grams are whole in it.
const peekMin = 4 << 10

func (s *Segment) gramReader(seg int) *gramReader {
	sec := s.sec[secGrams]
	g := &gramReader{seg: seg}
	if s.mem != nil {
		g.mem = s.mem[secGrams]
	} else {
		g.br = bufio.NewReaderSize(io.NewSectionReader(s.r, sec.off, sec.len), 32<<10)
		g.left = sec.len
	}
	return g
}

func (g *gramReader) more() bool {
	if g.br != nil {
		return g.left > 0
	}
	return g.i < len(g.mem)
}

func (g *gramReader) uvarint() (uint64, error) {
	if g.br != nil {
		// A varint whole in the buffer is decoded from it (almost all are), else
		// binary.ReadUvarint, without its interface call per byte.
		if b, _ := g.br.Peek(binary.MaxVarintLen64); len(b) == binary.MaxVarintLen64 || int64(len(b)) == g.left {
			v, n := binary.Uvarint(b)
			if n <= 0 {
				return 0, ErrSegmentCorrupt
			}
			g.br.Discard(n)
			g.left -= int64(n)
			return v, nil
		}
		var v uint64
		for shift := uint(0); shift < 64; shift += 7 {
			c, err := g.br.ReadByte()
			if err != nil {
				return 0, streamError(err)
			}
			g.left--
			if c < 0x80 {
				return v | uint64(c)<<shift, nil
			}
			v |= uint64(c&0x7f) << shift
		}
		return 0, ErrSegmentCorrupt
	}
	v, n := binary.Uvarint(g.mem[g.i:])
	if n <= 0 {
		return 0, ErrSegmentCorrupt
	}
	g.i += n
	return v, nil
}

// streamError is what reading a segment's stream failed with: a stream that ends
// too soon is a damaged segment; other errors (the file replaced) are themselves.
func streamError(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return ErrSegmentCorrupt
	}
	return err
}

func uvarintLen(v uint64) int {
	n := 1
	for ; v >= 0x80; v >>= 7 {
		n++
	}
	return n
}

// bytes reads a length-prefixed byte string into buffer slot.
func (g *gramReader) bytes(slot int) ([]byte, error) {
	n, err := g.uvarint()
	if err != nil {
		return nil, err
	}
	if g.br != nil {
		if n > uint64(g.left) {
			return nil, ErrSegmentCorrupt
		}
		b := g.buf[slot]
		if uint64(cap(b)) < n {
			b = make([]byte, n, max(n, 2*uint64(cap(b))))
			g.buf[slot] = b // the only pointer written: see postingCursor
		}
		b = b[:n]
		if _, err := io.ReadFull(g.br, b); err != nil {
			return nil, streamError(err)
		}
		g.left -= int64(n)
		return b, nil
	}
	if n > uint64(len(g.mem)-g.i) {
		return nil, ErrSegmentCorrupt
	}
	b := g.mem[g.i : g.i+int(n)]
	g.i += int(n)
	return b, nil
}

// next reads the next gram's lists; false at the end of the section.
func (g *gramReader) next() (bool, error) {
	if !g.more() {
		return false, nil
	}
	// A gram whole in the bytes at hand is parsed from them at once; else, or if
	// it is damaged, it is read field by field (nextSlow), which says what is wrong.
	var lists gramLists
	if g.br == nil {
		b := g.mem[g.i:]
		n := g.parse(b, &lists)
		if n == 0 {
			return g.nextSlow()
		}
		g.i += n
		g.slice(b, &lists)
		return true, nil
	}
	b, _ := g.br.Peek(g.br.Buffered())
	if len(b) < peekMin && int64(len(b)) < g.left {
		// A read error leaves b short: nextSlow meets it.
		b, _ = g.br.Peek(int(min(g.left, int64(g.br.Size()))))
	}
	n := g.parse(b, &lists)
	if n == 0 {
		return g.nextSlow()
	}
	// The lists are copied out of the buffer, which the next read overwrites.
	if cap(g.rec) < n {
		g.rec = make([]byte, n, max(n, 2*cap(g.rec)))
	}
	rec := g.rec[:n]
	copy(rec, b)
	g.slice(rec, &lists)
	g.br.Discard(n)
	g.left -= int64(n)
	return true, nil
}

// gramLists locates a gram's lists in the bytes parse read it from: per field, the
// start and end of its document part and of its position part.
type gramLists [numFields][4]int

// parse reads the gram at the start of b, its key and document counts into g and
// where its lists are into lists, and returns its length; 0, g's key unchanged, if
// b does not hold a whole, well-formed gram.
func (g *gramReader) parse(b []byte, lists *gramLists) int {
	d, i := binary.Uvarint(b)
	if i <= 0 || d == 0 && g.key != 0 {
		return 0
	}
	for f := range numFields {
		df, n := binary.Uvarint(b[i:])
		if n <= 0 {
			return 0
		}
		i += n
		g.df[f] = int(df)
		if df == 0 {
			continue
		}
		for k := 0; k < 4; k += 2 {
			l, n := binary.Uvarint(b[i:])
			if n <= 0 || l > uint64(len(b)-i-n) {
				return 0
			}
			i += n
			lists[f][k], lists[f][k+1] = i, i+int(l)
			i += int(l)
		}
	}
	g.key += d
	return i
}

// slice points g's lists into b, the bytes parse read the gram from or their copy.
func (g *gramReader) slice(b []byte, lists *gramLists) {
	for f := range numFields {
		g.docs[f], g.pos[f] = nil, nil
		if g.df[f] > 0 {
			l := &lists[f]
			g.docs[f], g.pos[f] = b[l[0]:l[1]:l[1]], b[l[2]:l[3]:l[3]]
		}
	}
}

// nextSlow is next reading the gram a field at a time, through the stream's
// buffer when the gram is not whole in it.
func (g *gramReader) nextSlow() (bool, error) {
	d, err := g.uvarint()
	if err != nil {
		return false, err
	}
	if d == 0 && g.key != 0 {
		return false, ErrSegmentCorrupt // keys are strictly increasing
	}
	g.key += d
	for f := range numFields {
		df, err := g.uvarint()
		if err != nil {
			return false, err
		}
		g.df[f], g.docs[f], g.pos[f] = int(df), nil, nil
		if df == 0 {
			continue
		}
		if g.docs[f], err = g.bytes(2 * f); err != nil {
			return false, err
		}
		if g.pos[f], err = g.bytes(2*f + 1); err != nil {
			return false, err
		}
	}
	return true, nil
}

// record returns the compressed record of the segment's document i: a slice of the
// segment when it is in memory, else read into *buf (which it may grow).
func (s *Segment) record(i int, buf *[]byte) ([]byte, error) {
	d := &s.docs[i]
	n := int64(d.head + d.rest)
	if s.mem != nil {
		return s.mem[secRecords][d.off : d.off+n], nil
	}
	*buf = slices.Grow((*buf)[:0], int(n))[:n]
	if err := readAt(s.r, *buf, s.sec[secRecords].off+d.off); err != nil {
		return nil, err
	}
	return *buf, nil
}

// readAt fills b from r at off; an io.EOF with b filled is no error.
func readAt(r io.ReaderAt, b []byte, off int64) error {
	n, err := r.ReadAt(b, off)
	if n == len(b) {
		return nil
	}
	if err == io.EOF {
		return ErrSegmentCorrupt // the file is shorter than when it was read
	}
	return err
}

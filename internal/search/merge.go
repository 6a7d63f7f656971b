package search

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"sync"
	"unicode/utf8"
)

// Merge writes through put (names relative to the search directory) the index of
// the documents of segs: the same files, byte for byte and in the same order, as
// Write of all their documents, whatever their split into segments. Documents of
// equal date and 索引号 keep the order of segs, and within a segment the order they
// were given to BuildSegment in, as Write keeps the order it is given.
//
// It streams the segments' posting lists, one gram at a time in gram key order, so
// that what it holds is one gram's lists, the dictionary entries and the document
// tables; records are copied into the docs packs one at a time. A segment built
// with other publisher names than labels is refused with ErrSegmentStale.
func Merge(segs []*Segment, labels Labels, put func(name string, data []byte) error) (Stats, error) {
	for _, s := range segs {
		for _, code := range sortedKeys(s.labels) {
			if now := cmp.Or(labels.Publishers[code], code); now != s.labels[code] {
				return Stats{}, fmt.Errorf("%w：发布机构 %s 的名称已由“%s”改为“%s”", ErrSegmentStale, code, s.labels[code], now)
			}
		}
	}
	refs, gids := globalOrder(segs)

	var st Stats
	emit := func(name string, data []byte) error {
		st.Files++
		st.Bytes += int64(len(data))
		return put(name, data)
	}
	meta := Meta{Version: Version, Docs: len(refs), Files: map[string]int{}}
	d := &dictWriter{}

	postings := newPack("postings", emit)
	size := 0
	for _, s := range segs {
		size += int(s.sec[secGrams].len)
	}
	postings.reserve(size)
	grams, err := mergePostings(segs, gids, indexWriter{d, postings})
	st.Grams = grams
	if err != nil {
		return st, err
	}
	if err := postings.close(); err != nil {
		return st, err
	}
	meta.Files["postings"] = postings.n

	// Exact lookups: a whole 索引号 or 文号 names its documents.
	exact := map[string][]int{}
	for id, r := range refs {
		for _, k := range segs[r.seg].docs[r.local].exact {
			exact[k] = append(exact[k], id)
		}
	}
	for _, k := range sortedKeys(exact) {
		e := d.begin(k)
		e = append(e, entryExact)
		e = binary.AppendUvarint(e, uint64(len(exact[k])))
		for _, id := range exact[k] {
			e = binary.AppendUvarint(e, uint64(id))
		}
		d.end(e)
	}

	// Documents: one gzip member each, found through docidx.bin.
	files, avg, err := writeRecords(segs, refs, emit)
	if err != nil {
		return st, err
	}
	meta.Files["docs"], meta.AvgRecord = files, avg

	vals := make([]*[numFacets]string, len(refs))
	for id, r := range refs {
		vals[id] = &segs[r.seg].docs[r.local].facets
	}
	facets, column := buildFacets(vals, labels)
	meta.Facets = facets
	if err := emit("facets.bin", gzipBytes(column)); err != nil {
		return st, err
	}
	fold, err := foldGzip()
	if err != nil {
		return st, err
	}
	if err := emit("fold.bin", bytes.Clone(fold)); err != nil {
		return st, err
	}

	// Dictionary shards: as many as the size calls for, within the file budget
	// (meta.bin is the one file still to come).
	budget := MaxFiles(len(refs)) - st.Files - 1
	shards := min(max(1, (d.size+dictTarget-1)/dictTarget), max(1, budget))
	meta.DictShards = shards
	for i, z := range d.shards(shards) {
		if err := emit(fmt.Sprintf("dict-%d.bin", i), z); err != nil {
			return st, err
		}
	}
	mj, err := json.Marshal(meta)
	if err != nil {
		return st, err
	}
	return st, emit("meta.bin", gzipBytes(mj))
}

// writeRecords copies the documents' records, by global id, into the docs packs
// and writes docidx.bin. It returns the number of packs and the mean record size.
func writeRecords(segs []*Segment, refs []docRef, emit func(string, []byte) error) (files, avg int, err error) {
	docPack := newPack("docs", emit)
	size := 0
	for _, s := range segs {
		size += int(s.sec[secRecords].len)
	}
	docPack.reserve(size)
	idx := make([]byte, 0, 12*len(refs))
	total := 0
	var buf []byte
	for _, r := range refs {
		s := segs[r.seg]
		rec, err := s.record(int(r.local), &buf)
		if err != nil {
			return 0, 0, err
		}
		total += len(rec)
		file, off, err := docPack.add(rec, nil)
		if err != nil {
			return 0, 0, err
		}
		idx = binary.LittleEndian.AppendUint32(idx, uint32(file))
		idx = binary.LittleEndian.AppendUint32(idx, uint32(off))
		idx = binary.LittleEndian.AppendUint32(idx, uint32(s.docs[r.local].head))
	}
	if err := docPack.close(); err != nil {
		return 0, 0, err
	}
	return docPack.n, total / max(1, len(refs)), emit("docidx.bin", idx)
}

// docRef is a document of a merge: its segment and its id within the segment.
type docRef struct{ seg, local int32 }

// globalOrder numbers the documents of segs in the index's order and returns them
// by global id, and each segment's global ids by local id. Each segment is in the
// index's order already, so its ids keep their order.
func globalOrder(segs []*Segment) ([]docRef, [][]int32) {
	var refs []docRef
	gids := make([][]int32, len(segs))
	for si, s := range segs {
		gids[si] = make([]int32, len(s.docs))
		for l := range s.docs {
			refs = append(refs, docRef{int32(si), int32(l)})
		}
	}
	slices.SortFunc(refs, func(a, b docRef) int {
		if c := compareDocs(&segs[a.seg].docs[a.local], &segs[b.seg].docs[b.local]); c != 0 {
			return c
		}
		return cmp.Or(cmp.Compare(a.seg, b.seg), cmp.Compare(a.local, b.local))
	})
	for g, r := range refs {
		gids[r.seg][r.local] = int32(g)
	}
	return refs, gids
}

// dictWriter accumulates the dictionary entries, each as it goes into its shard
// (key length, key, entry), in one buffer.
type dictWriter struct {
	buf  []byte
	ents []dictEntry
	size int // what sizes the shards: per entry, key and entry bytes plus one
}

type dictEntry struct {
	start, end int
	hash       uint32 // FNV-1a of the key
}

// begin starts the entry of key; the caller appends the entry to the slice it
// returns and hands it to end.
func (d *dictWriter) begin(key string) []byte {
	d.ents = append(d.ents, dictEntry{start: len(d.buf), hash: fnv1a(key)})
	return append(binary.AppendUvarint(d.buf, uint64(len(key))), key...)
}

// beginGram is begin for a gram's key, without making its string.
func (d *dictWriter) beginGram(k uint64) []byte {
	a, b := rune(k>>32), rune(k&0xffffffff)
	n := utf8.RuneLen(a)
	if b != 0 {
		n += utf8.RuneLen(b)
	}
	e := binary.AppendUvarint(d.buf, uint64(n))
	start := len(e)
	e = utf8.AppendRune(e, a)
	if b != 0 {
		e = utf8.AppendRune(e, b)
	}
	d.ents = append(d.ents, dictEntry{start: len(d.buf), hash: fnv1aBytes(e[start:])})
	return e
}

// end finishes the entry begun last, e being what begin returned with the entry
// appended.
func (d *dictWriter) end(e []byte) {
	ent := &d.ents[len(d.ents)-1]
	ent.end = len(e)
	_, n := binary.Uvarint(e[ent.start:])
	d.size += len(e) - ent.start - n + 1
	d.buf = e
}

// shards returns the compressed dictionary shards, the entries in the order they
// were added; they are compressed on all cores.
func (d *dictWriter) shards(n int) [][]byte {
	raw := make([][]byte, n)
	for _, e := range d.ents {
		s := int(e.hash % uint32(n))
		raw[s] = append(raw[s], d.buf[e.start:e.end]...)
	}
	out := make([][]byte, n)
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := range workers {
		wg.Go(func() {
			z := newGzipper()
			for i := w; i < n; i += workers {
				out[i] = z.compress(raw[i])
			}
		})
	}
	wg.Wait()
	return out
}

// mergePostings merges the segments' posting lists gram by gram, in key order,
// into w. It returns the number of grams. With more than one core it reads the
// segments on another goroutine (mergePipelined); on one, pipelining would only add
// the copies.
func mergePostings(segs []*Segment, gids [][]int32, w gramWriter) (int, error) {
	if mergePipeline.on && runtime.GOMAXPROCS(0) > 1 {
		return mergePipelined(segs, gids, w)
	}
	readers, h, err := startReaders(segs)
	if err != nil {
		return 0, err
	}
	m := newListMerger(gids)
	var cur []int32
	fill := func(f int) {
		for _, i := range cur {
			g := readers[i]
			m.add(g.seg, g.df[f], g.docs[f], g.pos[f])
		}
	}
	grams := 0
	for len(h) > 0 {
		var key uint64
		key, cur = h.take(cur[:0])
		grams++
		if err := w.writeGram(key, m, fill); err != nil {
			return grams, err
		}
		if err := advance(readers, &h, cur); err != nil {
			return grams, err
		}
	}
	return grams, nil
}

// A gramWriter is where a merge puts each gram, in key order: fill(f) adds the
// segments' lists of field f to m, which writeGram merges (after m.reset) field by
// field.
type gramWriter interface {
	writeGram(key uint64, m *listMerger, fill func(f int)) error
}

// indexWriter writes a merge's grams into the index: the lists into the postings
// packs, their places into the dictionary.
type indexWriter struct {
	d        *dictWriter
	postings *pack
}

func (w indexWriter) writeGram(key uint64, m *listMerger, fill func(f int)) error {
	bigram := key&0xffffffff != 0
	e := w.d.beginGram(key)
	e = append(e, entryGram)
	for f := range numFields {
		m.reset()
		fill(f)
		var err error
		if e, err = m.write(e, bigram, w.postings); err != nil {
			return err
		}
	}
	w.d.end(e)
	return nil
}

// startReaders returns a gram reader of each segment, at its first gram, and the
// heap of those with one. The readers are fixed; the heap and a gram's readers are
// their indexes, so that walking the grams writes no pointer (see postingCursor).
func startReaders(segs []*Segment) ([]*gramReader, gramHeap, error) {
	readers := make([]*gramReader, len(segs))
	var h gramHeap
	for si, s := range segs {
		g := s.gramReader(si)
		readers[si] = g
		ok, err := g.next()
		if err != nil {
			return nil, nil, err
		}
		if ok {
			h.push(g.key, int32(si))
		}
	}
	return readers, h, nil
}

// advance moves the readers in cur to their next gram and back into h.
func advance(readers []*gramReader, h *gramHeap, cur []int32) error {
	for _, i := range cur {
		g := readers[i]
		ok, err := g.next()
		if err != nil {
			return err
		}
		if ok {
			h.push(g.key, i)
		}
	}
	return nil
}

// gramHeap orders the segments' gram readers (by index) by their current key.
type gramHeap []gramAt

// gramAt is a reader of a gramHeap and its current key.
type gramAt struct {
	key    uint64
	reader int32
}

func (h *gramHeap) push(key uint64, reader int32) {
	*h = append(*h, gramAt{key, reader})
	s := *h
	for i := len(s) - 1; i > 0; {
		p := (i - 1) / 2
		if s[p].key <= s[i].key {
			break
		}
		s[p], s[i] = s[i], s[p]
		i = p
	}
}

// take pops the readers at the smallest key, appending them to cur, and returns
// the key.
func (h *gramHeap) take(cur []int32) (uint64, []int32) {
	key := (*h)[0].key
	for len(*h) > 0 && (*h)[0].key == key {
		cur = append(cur, h.pop())
	}
	return key, cur
}

func (h *gramHeap) pop() int32 {
	s := *h
	top := s[0].reader
	n := len(s) - 1
	s[0] = s[n]
	s = s[:n]
	for i := 0; ; {
		c := 2*i + 1
		if c >= n {
			break
		}
		if c+1 < n && s[c+1].key < s[c].key {
			c++
		}
		if s[i].key <= s[c].key {
			break
		}
		s[i], s[c] = s[c], s[i]
		i = c
	}
	*h = s
	return top
}

// listMerger merges one gram's lists in one field from several segments into one
// list by global id. Its buffers are reused from gram to gram.
type listMerger struct {
	gids      [][]int32 // by segment, its documents' global ids
	base      []int64   // by segment, see newListMerger
	docs, pos []byte
	lists     []postingCursor
	df        int // of the lists added since reset
	heap      []int

	docCount int         // documents in the merge
	slots    []denseSlot // by global id, for mergeDense
	bits     []uint64    // which slots are set
}

func newListMerger(gids [][]int32) *listMerger {
	m := &listMerger{gids: gids, base: make([]int64, len(gids))}
	// base[s] is the global id of segment s's first document when its documents are
	// consecutive in the global order (then its lists need only their first id
	// changed), else -1.
	for si, g := range gids {
		m.docCount += len(g)
		m.base[si] = -1
		if len(g) > 0 && int(g[len(g)-1]-g[0]) == len(g)-1 {
			m.base[si] = int64(g[0])
		}
	}
	return m
}

// reset starts the merge of another gram's field.
func (m *listMerger) reset() {
	m.docs, m.pos, m.lists, m.df = m.docs[:0], m.pos[:0], m.lists[:0], 0
}

// add adds segment seg's list of the field (df documents; none when df is 0).
func (m *listMerger) add(seg, df int, docs, pos []byte) {
	if df > 0 {
		m.df += df
		m.lists = append(m.lists, postingCursor{seg: seg, docs: docs, pos: pos, gid: m.gids[seg], local: -1, left: df})
	}
}

// write merges the lists added since reset, adds the list to postings and appends
// the field's part of the dictionary entry to e.
func (m *listMerger) write(e []byte, bigram bool, postings *pack) ([]byte, error) {
	docs, pos, df, err := m.merge(bigram)
	if err != nil {
		return e, err
	}
	if df == 0 {
		return binary.AppendUvarint(e, 0), nil
	}
	file, off, err := postings.add(docs, pos)
	if err != nil {
		return e, err
	}
	e = binary.AppendUvarint(e, uint64(df))
	e = binary.AppendUvarint(e, uint64(file))
	e = binary.AppendUvarint(e, uint64(off))
	e = binary.AppendUvarint(e, uint64(len(docs)))
	return binary.AppendUvarint(e, uint64(len(pos))), nil
}

// denseRatio: a list holding at least one in denseRatio of all documents is merged
// by placing its documents at their global ids (mergeDense), which costs a pass
// over a bitmap of all documents but no comparisons.
const denseRatio = 32

// denseSlot is a document of mergeDense: its count and, as offsets into its list's
// position part (no pointer, so that filling the slots costs the collector
// nothing), its position block.
type denseSlot struct {
	count      uint32
	list       uint32
	start, end uint32
}

// mergeDense merges m.lists by scattering their documents into slots by global id
// and reading the slots back in order.
func (m *listMerger) mergeDense(bigram bool, df int) (docs, pos []byte, n int, err error) {
	if m.slots == nil {
		m.slots = make([]denseSlot, m.docCount)
		m.bits = make([]uint64, (m.docCount+63)/64)
	}
	lo, hi := m.docCount, -1
	for i := range m.lists {
		c := &m.lists[i]
		for {
			ok, err := c.next(bigram)
			if err != nil {
				clear(m.bits)
				return nil, nil, 0, err
			}
			if !ok {
				break
			}
			g := int(c.g)
			if m.bits[g>>6]&(1<<(g&63)) != 0 {
				clear(m.bits)
				return nil, nil, 0, ErrSegmentCorrupt
			}
			m.bits[g>>6] |= 1 << (g & 63)
			if c.count > math.MaxUint32 {
				clear(m.bits)
				return nil, nil, 0, ErrSegmentCorrupt
			}
			m.slots[g] = denseSlot{uint32(c.count), uint32(i), uint32(c.bs), uint32(c.be)}
			lo, hi = min(lo, g), max(hi, g)
		}
	}
	last := -1
	docs, pos = m.docs, m.pos // locals: appending writes no pointer to the heap
	for w := lo >> 6; w <= hi>>6; w++ {
		for b := m.bits[w]; b != 0; b &= b - 1 {
			g := w<<6 | bits.TrailingZeros64(b)
			sl := &m.slots[g]
			docs = binary.AppendUvarint(docs, uint64(g-last))
			docs = binary.AppendUvarint(docs, uint64(sl.count))
			pos = append(pos, m.lists[sl.list].pos[sl.start:sl.end]...)
			last = g
		}
		m.bits[w] = 0
	}
	m.docs, m.pos = docs, pos
	return docs, pos, df, nil
}

// postingCursor walks one segment's list: the current document's global id, count
// and position block, pos[bs:be]. Walking it writes no pointer (dp is an offset into
// docs, not a reslice): a large build's collector is marking most of the time, and
// every pointer written then costs a write barrier.
type postingCursor struct {
	seg       int
	docs, pos []byte
	gid       []int32
	dp        int // docs[dp:] is the part not yet read
	local     int64
	left      int
	g         int32
	count     uint64
	bs, be    int
}

// next moves to the list's next document; false at its end.
func (c *postingCursor) next(bigram bool) (bool, error) {
	if c.left == 0 {
		return false, nil
	}
	c.left--
	d, n := binary.Uvarint(c.docs[c.dp:])
	if n <= 0 {
		return false, ErrSegmentCorrupt
	}
	count, m := binary.Uvarint(c.docs[c.dp+n:])
	if m <= 0 || d == 0 || d > uint64(len(c.gid)) {
		return false, ErrSegmentCorrupt
	}
	c.dp += n + m
	c.local += int64(d)
	if c.local >= int64(len(c.gid)) {
		return false, ErrSegmentCorrupt
	}
	c.g, c.count = c.gid[c.local], count
	if bigram {
		k, ok := skipUvarints(c.pos[c.be:], count)
		if !ok {
			return false, ErrSegmentCorrupt
		}
		c.bs, c.be = c.be, c.be+k
	}
	return true, nil
}

// skipUvarints is the length of the first n varints of b; false if b is shorter.
func skipUvarints(b []byte, n uint64) (int, bool) {
	i := 0
	for ; n > 0; n-- {
		for {
			if i >= len(b) {
				return 0, false
			}
			i++
			if b[i-1] < 0x80 {
				break
			}
		}
	}
	return i, true
}

// merge merges the lists added since reset: it returns the list's document part,
// position part and number of documents. The slices are valid until the next reset.
func (m *listMerger) merge(bigram bool) (docs, pos []byte, df int, err error) {
	df = m.df
	switch {
	case len(m.lists) == 0:
		return nil, nil, 0, nil
	case len(m.lists) == 1 && m.base[m.lists[0].seg] >= 0:
		// Consecutive global ids: only the first delta (from -1) changes, and the
		// positions are the segment's.
		c := &m.lists[0]
		d, n := binary.Uvarint(c.docs)
		if n <= 0 || d == 0 || d > uint64(len(c.gid)) {
			return nil, nil, 0, ErrSegmentCorrupt
		}
		m.docs = binary.AppendUvarint(m.docs, d+uint64(m.base[c.seg]))
		m.docs = append(m.docs, c.docs[n:]...)
		return m.docs, c.pos, df, nil
	case len(m.lists) == 1:
		c := &m.lists[0]
		last := int32(-1)
		docs := m.docs
		for {
			ok, err := c.next(false)
			if err != nil {
				return nil, nil, 0, err
			}
			if !ok {
				break
			}
			docs = binary.AppendUvarint(docs, uint64(c.g-last))
			docs = binary.AppendUvarint(docs, c.count)
			last = c.g
		}
		m.docs = docs
		return docs, c.pos, df, nil
	}
	if df*denseRatio >= m.docCount {
		return m.mergeDense(bigram, df)
	}
	// Several segments, a short list: a heap of cursors by global id.
	m.heap = m.heap[:0]
	for i := range m.lists {
		ok, err := m.lists[i].next(bigram)
		if err != nil {
			return nil, nil, 0, err
		}
		if ok {
			m.heap = append(m.heap, i)
		}
	}
	less := func(i, j int) bool { return m.lists[m.heap[i]].g < m.lists[m.heap[j]].g }
	down := func(i int) {
		n := len(m.heap)
		for {
			c := 2*i + 1
			if c >= n {
				return
			}
			if c+1 < n && less(c+1, c) {
				c++
			}
			if !less(c, i) {
				return
			}
			m.heap[i], m.heap[c] = m.heap[c], m.heap[i]
			i = c
		}
	}
	for i := len(m.heap)/2 - 1; i >= 0; i-- {
		down(i)
	}
	last := int32(-1)
	docs, pos = m.docs, m.pos
	defer func() { m.docs, m.pos = docs, pos }()
	for len(m.heap) > 0 {
		c := &m.lists[m.heap[0]]
		if c.g <= last {
			return nil, nil, 0, ErrSegmentCorrupt
		}
		docs = binary.AppendUvarint(docs, uint64(c.g-last))
		docs = binary.AppendUvarint(docs, c.count)
		pos = append(pos, c.pos[c.bs:c.be]...)
		last = c.g
		ok, err := c.next(bigram)
		if err != nil {
			return nil, nil, 0, err
		}
		if !ok {
			m.heap[0] = m.heap[len(m.heap)-1]
			m.heap = m.heap[:len(m.heap)-1]
		}
		down(0)
	}
	return docs, pos, df, nil
}

// fnv1a is FNV-1a-32 of s, the dictionary's shard hash.
func fnv1a(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * 16777619
	}
	return h
}

func fnv1aBytes(b []byte) uint32 {
	h := uint32(2166136261)
	for _, c := range b {
		h = (h ^ uint32(c)) * 16777619
	}
	return h
}

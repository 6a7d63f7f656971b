package search

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"unicode/utf8"
)

// Index reads a written index. It answers which documents match a query, with the
// same rules as the browser client; tests use it to prove the files against a
// brute-force scan.
type Index struct {
	fsys  fs.FS
	Meta  Meta
	dict  map[int]map[string][]byte
	packs map[string][]byte
}

// errCorrupt reports index files that do not decode.
var errCorrupt = errors.New("搜索索引文件已损坏")

// Open reads meta.bin from fsys, the search directory.
func Open(fsys fs.FS) (*Index, error) {
	z, err := fs.ReadFile(fsys, "meta.bin")
	if err != nil {
		return nil, err
	}
	b, err := gunzip(z)
	if err != nil {
		return nil, err
	}
	ix := &Index{fsys: fsys, dict: map[int]map[string][]byte{}, packs: map[string][]byte{}}
	if err := json.Unmarshal(b, &ix.Meta); err != nil {
		return nil, err
	}
	if ix.Meta.Version != Version || ix.Meta.DictShards < 1 {
		return nil, fmt.Errorf("%w：版本 %d", errCorrupt, ix.Meta.Version)
	}
	return ix, nil
}

func gunzip(b []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

// shard returns the entries of one dictionary shard by key.
func (ix *Index) shard(n int) (map[string][]byte, error) {
	if m, ok := ix.dict[n]; ok {
		return m, nil
	}
	z, err := fs.ReadFile(ix.fsys, fmt.Sprintf("dict-%d.bin", n))
	if err != nil {
		return nil, err
	}
	b, err := gunzip(z)
	if err != nil {
		return nil, err
	}
	m, err := ParseShard(b)
	if err != nil {
		return nil, err
	}
	ix.dict[n] = m
	return m, nil
}

// ParseShard splits an uncompressed dictionary shard into its entries by key.
func ParseShard(b []byte) (map[string][]byte, error) {
	m := map[string][]byte{}
	r := &byteReader{b: b}
	for r.more() {
		n := r.uvarint()
		key := string(r.take(n))
		start := r.i
		switch kind := r.take(1); {
		case len(kind) == 1 && kind[0] == entryGram:
			for range numFields {
				if r.uvarint() > 0 {
					r.uvarint()
					r.uvarint()
					r.uvarint()
					r.uvarint()
				}
			}
		case len(kind) == 1 && kind[0] == entryExact:
			for n := r.uvarint(); n > 0 && !r.err; n-- {
				r.uvarint()
			}
		default:
			r.err = true
		}
		if r.err {
			return nil, errCorrupt
		}
		m[key] = b[start:r.i]
	}
	return m, nil
}

type byteReader struct {
	b   []byte
	i   int
	err bool
}

func (r *byteReader) more() bool { return !r.err && r.i < len(r.b) }

func (r *byteReader) uvarint() int {
	v, n := binary.Uvarint(r.b[r.i:])
	if n <= 0 || v > 1<<40 {
		r.err = true
		return 0
	}
	r.i += n
	return int(v)
}

func (r *byteReader) take(n int) []byte {
	if n < 0 || r.i+n > len(r.b) {
		r.err = true
		return nil
	}
	r.i += n
	return r.b[r.i-n : r.i]
}

// fieldRef locates one field's posting list of a gram.
type fieldRef struct{ df, file, off, docLen, posLen int }

func (ix *Index) lookup(key string) ([]byte, error) {
	m, err := ix.shard(ShardOf(key, ix.Meta.DictShards))
	if err != nil {
		return nil, err
	}
	return m[key], nil
}

func (ix *Index) gram(key string) ([numFields]fieldRef, error) {
	var refs [numFields]fieldRef
	e, err := ix.lookup(key)
	if err != nil || e == nil {
		return refs, err
	}
	r := &byteReader{b: e, i: 1}
	for f := range numFields {
		if refs[f].df = r.uvarint(); refs[f].df > 0 {
			refs[f].file, refs[f].off, refs[f].docLen, refs[f].posLen = r.uvarint(), r.uvarint(), r.uvarint(), r.uvarint()
		}
	}
	if r.err || e[0] != entryGram {
		return refs, errCorrupt
	}
	return refs, nil
}

func (ix *Index) pack(name string) ([]byte, error) {
	if b, ok := ix.packs[name]; ok {
		return b, nil
	}
	b, err := fs.ReadFile(ix.fsys, name)
	if err != nil {
		return nil, err
	}
	ix.packs[name] = b
	return b, nil
}

// list is one gram's documents in one field: ids ascending, with occurrence counts
// and, for bigrams when asked, positions.
type list struct {
	ids    []int
	counts []int
	pos    [][]int
}

func (ix *Index) list(ref fieldRef, withPos bool) (list, error) {
	var l list
	if ref.df == 0 {
		return l, nil
	}
	b, err := ix.pack(fmt.Sprintf("postings-%d.bin", ref.file))
	if err != nil {
		return l, err
	}
	if ref.off+ref.docLen+ref.posLen > len(b) || ref.off < 0 {
		return l, errCorrupt
	}
	return decodeList(b[ref.off:ref.off+ref.docLen+ref.posLen], ref.docLen, ref.df, withPos)
}

// decodeList decodes a posting list: docLen bytes of (id delta, count) pairs, then
// the positions of each document in turn.
func decodeList(b []byte, docLen, df int, withPos bool) (list, error) {
	var l list
	if docLen > len(b) {
		return l, errCorrupt
	}
	r := &byteReader{b: b[:docLen]}
	id := -1
	for range df {
		id += r.uvarint()
		l.ids = append(l.ids, id)
		l.counts = append(l.counts, r.uvarint())
	}
	if r.err || r.more() {
		return l, errCorrupt
	}
	if withPos {
		pr := &byteReader{b: b[docLen:]}
		for _, c := range l.counts {
			ps := make([]int, 0, min(c, len(b)))
			p := 0
			for range c {
				p += pr.uvarint()
				if pr.err {
					return l, errCorrupt
				}
				ps = append(ps, p)
			}
			l.pos = append(l.pos, ps)
		}
	}
	return l, nil
}

// Search returns the ids of the documents matching q, in ascending order, and the
// ids an exact 索引号 or 文号 lookup names.
func (ix *Index) Search(q string) (ids, exact []int, err error) {
	terms := ParseQuery(q)
	var pos, neg [][]int
	for _, t := range terms {
		m, err := ix.match(t.Text)
		if err != nil {
			return nil, nil, err
		}
		if t.Negative {
			neg = append(neg, m)
		} else {
			pos = append(pos, m)
		}
	}
	if len(pos) == 0 {
		return nil, nil, nil
	}
	ids = pos[0]
	for _, m := range pos[1:] {
		ids = intersect(ids, m)
	}
	for _, m := range neg {
		ids = slices.DeleteFunc(ids, func(id int) bool { _, ok := slices.BinarySearch(m, id); return ok })
	}
	if len(terms) == 1 {
		e, err := ix.lookup("=" + terms[0].Text)
		if err != nil {
			return nil, nil, err
		}
		if e != nil {
			r := &byteReader{b: e, i: 1}
			for n := r.uvarint(); n > 0 && !r.err; n-- {
				exact = append(exact, r.uvarint())
			}
		}
	}
	return ids, exact, nil
}

// match returns the documents whose fields contain the normalised term t.
func (ix *Index) match(t string) ([]int, error) {
	rs := []rune(t)
	var out []int
	for f := range numFields {
		var ids []int
		if len(rs) <= 2 {
			refs, err := ix.gram(t)
			if err != nil {
				return nil, err
			}
			l, err := ix.list(refs[f], false)
			if err != nil {
				return nil, err
			}
			ids = l.ids
		} else {
			offs := cover(len(rs))
			lists := make([]list, len(offs))
			for i, o := range offs {
				refs, err := ix.gram(string(rs[o : o+2]))
				if err != nil {
					return nil, err
				}
				if lists[i], err = ix.list(refs[f], true); err != nil {
					return nil, err
				}
			}
			ids = phraseDocs(lists, offs)
		}
		out = union(out, ids)
	}
	return out, nil
}

// phraseDocs returns the documents in which the bigrams of lists occur at their
// offsets from one common start.
func phraseDocs(lists []list, offs []int) []int {
	var out []int
	at := make([]int, len(lists)) // cursor into each list
	for i, id := range lists[0].ids {
		ok := true
		for k := 1; k < len(lists); k++ {
			for at[k] < len(lists[k].ids) && lists[k].ids[at[k]] < id {
				at[k]++
			}
			if at[k] == len(lists[k].ids) || lists[k].ids[at[k]] != id {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		for _, p := range lists[0].pos[i] {
			all := true
			for k := 1; k < len(lists); k++ {
				if _, found := slices.BinarySearch(lists[k].pos[at[k]], p+offs[k]); !found {
					all = false
					break
				}
			}
			if all {
				out = append(out, id)
				break
			}
		}
	}
	return out
}

func intersect(a, b []int) []int {
	var out []int
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return out
}

func union(a, b []int) []int {
	out := make([]int, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j == len(b) || i < len(a) && a[i] < b[j]:
			out = append(out, a[i])
			i++
		case i == len(a) || b[j] < a[i]:
			out = append(out, b[j])
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return out
}

// Record reads the shown data of document id.
func (ix *Index) Record(id int) (DocRecord, error) {
	var rec DocRecord
	idx, err := ix.pack("docidx.bin")
	if err != nil {
		return rec, err
	}
	if id < 0 || 12*id+12 > len(idx) {
		return rec, errCorrupt
	}
	file := binary.LittleEndian.Uint32(idx[12*id:])
	off := int(binary.LittleEndian.Uint32(idx[12*id+4:]))
	n := int(binary.LittleEndian.Uint32(idx[12*id+8:]))
	b, err := ix.pack(fmt.Sprintf("docs-%d.bin", file))
	if err != nil {
		return rec, err
	}
	if off+n > len(b) {
		return rec, errCorrupt
	}
	js, err := gunzip(b[off : off+n])
	if err != nil {
		return rec, err
	}
	if !utf8.Valid(js) {
		return rec, errCorrupt
	}
	if err := json.Unmarshal(js, &rec); err != nil {
		return rec, err
	}
	// The rest of the body follows the head, one gzip member per chunk.
	var body strings.Builder
	body.WriteString(rec.Body)
	at := off + n
	for _, k := range rec.More {
		if k < 0 || at+k > len(b) {
			return rec, errCorrupt
		}
		part, err := gunzip(b[at : at+k])
		if err != nil {
			return rec, err
		}
		body.Write(part)
		at += k
	}
	rec.Body, rec.More = body.String(), nil
	return rec, nil
}

package search

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/klauspost/compress/gzip"
)

// Version is the index format version, written to meta.bin. Bump it on any change
// to the files' layout.
const Version = 2

// Fields of a document, in ranking order: a match in the title ranks above one in the
// metadata, which ranks above one in the body.
const (
	FieldTitle = iota
	FieldMeta
	FieldBody
	numFields
)

// packLimit caps postings and document pack files, so that no single file is larger
// than static hosts accept.
const packLimit = 16 << 20

// dictTarget is the uncompressed size a dictionary shard aims at.
const dictTarget = 6 << 10

// Doc is one document as the index sees it.
type Doc struct {
	Title     string
	URL       string
	Date      time.Time
	Publisher string // code
	Category  string // path, e.g. 规划统计/工作总结
	Genre     string
	Year      int      // publication year, the year facet
	Index     string   // 索引号
	DocNumber string   // 文号
	Meta      []string // every searchable metadata value (索引号, 文号, names, keywords…)
	Body      string   // plain text
}

// Labels gives display names for facet values.
type Labels struct {
	Publishers map[string]string // code → name
}

// Meta is meta.bin (gzip-compressed JSON): what the client reads first.
type Meta struct {
	Version    int            `json:"version"`
	Docs       int            `json:"docs"`
	DictShards int            `json:"dictShards"`
	AvgRecord  int            `json:"avgRecord"` // mean compressed size of a whole document record, bytes
	Facets     []Facet        `json:"facets"`
	Files      map[string]int `json:"files"` // pack prefix → number of files
}

// Facet is one filter: its URL parameter, label, values and the byte width of its
// column in facets.bin.
type Facet struct {
	Key    string       `json:"key"` // publisher, category, year, genre
	Label  string       `json:"label"`
	Values []FacetValue `json:"values"`
	Width  int          `json:"width"` // 1 or 2 bytes per document
}

// FacetValue is one value of a facet. Parent is the index of the parent category, or -1.
type FacetValue struct {
	Value  string `json:"value"`
	Label  string `json:"label"`
	Parent int    `json:"parent"`
}

// DocRecord is what the client shows for a result. In a docs pack it is a gzip member
// holding this JSON with only the body's first chunk in Body, followed by one gzip
// member per further chunk (their lengths in More): a result's snippet usually comes
// from the first chunk, so showing a result rarely needs the whole body.
type DocRecord struct {
	Title     string   `json:"t"`
	URL       string   `json:"u"`
	Date      string   `json:"d"`
	Publisher string   `json:"p"`
	Category  string   `json:"c"`
	Genre     string   `json:"g"`
	Index     string   `json:"i"`
	DocNumber string   `json:"w,omitempty"`
	Meta      []string `json:"m"`
	Body      string   `json:"x"`
	More      []int    `json:"k,omitempty"`
}

// chunkRunes is about how many characters of body text a record chunk holds.
const chunkRunes = 400

// chunks splits body into pieces of about chunkRunes characters, at line ends where
// there are some.
func chunks(body string) []string {
	var out []string
	for len(body) > 0 {
		n, cut := 0, len(body)
		for i := range body {
			if n >= chunkRunes {
				cut = i
				if j := strings.IndexByte(body[i:], '\n'); j >= 0 && j < 4*chunkRunes {
					cut = i + j + 1
				}
				break
			}
			n++
		}
		out = append(out, body[:cut])
		body = body[cut:]
	}
	return out
}

// Stats describes a written index.
type Stats struct {
	Files int
	Bytes int64
	Grams int
}

// MaxFiles is the most files an index of n documents may have.
func MaxFiles(n int) int { return max(50, n/20) }

// posting collects one gram's occurrences in one field, already encoded: for each
// document a varint id delta and a varint count<<0, then, separately, the positions.
type posting struct {
	docs, pos []byte
	last, df  int
}

type gramPostings [numFields]*posting

// gramKey packs a unigram (second rune 0) or bigram into a map key.
func gramKey(a, b rune) uint64 { return uint64(a)<<32 | uint64(b) }

// tokens is one document's normalised fields: segments of characters, where no gram
// spans two segments.
type tokens [numFields][][]rune

func tokenize(d *Doc) tokens {
	var t tokens
	t[FieldTitle] = [][]rune{NormalizeRunes(d.Title)}
	for _, m := range d.Meta {
		t[FieldMeta] = append(t[FieldMeta], NormalizeRunes(m))
	}
	t[FieldBody] = [][]rune{NormalizeRunes(d.Body)}
	return t
}

// Write builds the index of docs and writes its files through put (name relative to
// the search directory). Documents are numbered newest first. It is Merge of the
// one segment of docs.
func Write(docs []Doc, labels Labels, put func(name string, data []byte) error) (Stats, error) {
	s, err := BuildSegment(docs, labels)
	if err != nil {
		return Stats{}, err
	}
	return Merge([]*Segment{s}, labels, put)
}

// buildPostings encodes the posting lists of the grams in partition part of parts.
func buildPostings(toks []tokens, part, parts int) map[uint64]*gramPostings {
	mine := func(k uint64) bool { return parts == 1 || int((k*0x9e3779b97f4a7c15)>>40)%parts == part }
	grams := map[uint64]*gramPostings{}
	var local fieldGrams
	for id, t := range toks {
		for f := range numFields {
			n := 0
			for _, seg := range t[f] {
				n += len(seg)
			}
			local.reset(2 * n)
			pos := uint32(0)
			for _, seg := range t[f] {
				for i, r := range seg {
					if k := gramKey(r, 0); mine(k) {
						local.add(k, pos)
					}
					if i+1 < len(seg) {
						if k := gramKey(r, seg[i+1]); mine(k) {
							local.add(k, pos)
						}
					}
					pos++
				}
				pos++ // a gap, so that no phrase spans two segments
			}
			for _, e := range local.touched {
				k, ps := local.positions(e)
				g := grams[k]
				if g == nil {
					g = &gramPostings{}
					grams[k] = g
				}
				p := g[f]
				if p == nil {
					p = &posting{last: -1}
					g[f] = p
				}
				p.docs = binary.AppendUvarint(p.docs, uint64(id-p.last))
				p.docs = binary.AppendUvarint(p.docs, uint64(len(ps)))
				p.last = id
				p.df++
				if k&0xffffffff != 0 { // bigram: keep positions for phrase checks
					prev := uint32(0)
					for _, q := range ps {
						p.pos = binary.AppendUvarint(p.pos, uint64(q-prev))
						prev = q
					}
				}
			}
		}
	}
	return grams
}

// fieldGrams collects one field's positions per gram, in the order the grams first
// occur: an open-addressing table over reused arrays, which the posting lists of
// every document's fields go through (a Go map there cost half of buildPostings).
type fieldGrams struct {
	slots   []gramSlot // len a power of two; a slot is empty unless its epoch is the table's
	shift   uint       // 64 − log2(len(slots)): a hash's top bits pick its slot
	epoch   uint32
	touched []int32    // slots in use, in order of first occurrence
	pos     [][]uint32 // per slot in use, by order of first occurrence: its positions
}

type gramSlot struct {
	key   uint64
	epoch uint32
	entry int32 // index in touched and pos
}

// reset empties the table for a field of at most n grams.
func (t *fieldGrams) reset(n int) {
	size := 16
	for size < 2*n {
		size *= 2
	}
	if size > len(t.slots) {
		t.slots = make([]gramSlot, size)
		t.shift = uint(64 - bits.TrailingZeros(uint(size)))
		t.epoch = 0
	}
	t.epoch++
	if t.epoch == 0 { // wrapped: stale slots would look current
		clear(t.slots)
		t.epoch = 1
	}
	for i := range t.touched {
		t.pos[i] = t.pos[i][:0]
	}
	t.touched = t.touched[:0]
}

// add records an occurrence of gram k at pos.
func (t *fieldGrams) add(k uint64, pos uint32) {
	mask := uint64(len(t.slots) - 1)
	for i := k * 0xbf58476d1ce4e5b9 >> t.shift; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.epoch != t.epoch {
			*s = gramSlot{key: k, epoch: t.epoch, entry: int32(len(t.touched))}
			t.touched = append(t.touched, int32(i))
			if len(t.pos) < len(t.touched) {
				t.pos = append(t.pos, make([]uint32, 0, 4))
			}
			e := len(t.touched) - 1
			t.pos[e] = append(t.pos[e], pos)
			return
		}
		if s.key == k {
			t.pos[s.entry] = append(t.pos[s.entry], pos)
			return
		}
	}
}

// positions is the gram in slot and its positions, ascending.
func (t *fieldGrams) positions(slot int32) (uint64, []uint32) {
	s := &t.slots[slot]
	return s.key, t.pos[s.entry]
}

// Dictionary entry kinds.
const (
	entryGram  = 1 // followed, per field, by df and (if df > 0) file, offset, docs length, positions length
	entryExact = 2 // followed by a count and that many document ids
)

// ShardOf is the dictionary shard holding key: FNV-1a of its UTF-8 bytes.
func ShardOf(key string, shards int) int {
	return int(fnv1a(key) % uint32(shards))
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

func gzipBytes(b []byte) []byte {
	return newGzipper().compress(b)
}

// gzipLevel is the compression level of every gzip member the index writes.
// klauspost/compress at level 6 writes records as small as the standard library's
// best compression (400-character chunks: 0.1% smaller, dictionary shards 0.5%
// larger) in a third of its time, largely because resetting the standard writer
// clears 640 KB of hash tables for every chunk of every document.
const gzipLevel = 6

// gzipper compresses many small blobs with one reusable writer.
type gzipper struct {
	buf bytes.Buffer
	zw  *gzip.Writer
}

func newGzipper() *gzipper {
	g := &gzipper{}
	g.zw, _ = gzip.NewWriterLevel(&g.buf, gzipLevel)
	return g
}

func (g *gzipper) compress(b []byte) []byte {
	g.buf.Reset()
	g.zw.Reset(&g.buf)
	g.zw.Write(b)
	g.zw.Close()
	return bytes.Clone(g.buf.Bytes())
}

// record is the compressed DocRecord of d.
func (g *gzipper) record(d *Doc, labels Labels) (head, rest []byte, err error) {
	parts := chunks(d.Body)
	rec := DocRecord{Title: d.Title, URL: d.URL, Date: d.Date.Format("2006-01-02"), Category: d.Category,
		Genre: d.Genre, Index: d.Index, DocNumber: d.DocNumber, Meta: d.Meta,
		Publisher: cmp.Or(labels.Publishers[d.Publisher], d.Publisher)}
	if len(parts) > 0 {
		rec.Body = parts[0]
	}
	for _, p := range parts[min(1, len(parts)):] {
		z := g.compress([]byte(p))
		rec.More = append(rec.More, len(z))
		rest = append(rest, z...)
	}
	js, err := json.Marshal(rec)
	if err != nil {
		return nil, nil, err
	}
	return g.compress(js), rest, nil
}

// foldGzip is fold.bin, the same for every index.
var foldGzip = sync.OnceValues(func() ([]byte, error) {
	js, err := foldTableJSON()
	if err != nil {
		return nil, err
	}
	return gzipBytes(js), nil
})

func foldTableJSON() ([]byte, error) {
	var from, to []rune
	keys := make([]rune, 0, len(fold))
	for k := range fold {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		from = append(from, k)
		to = append(to, fold[k])
	}
	return json.Marshal(map[string]string{"from": string(from), "to": string(to)})
}

// pack appends blobs to numbered files (prefix-N.bin), starting a new file when one
// would pass packLimit.
type pack struct {
	prefix string
	emit   func(string, []byte) error
	buf    []byte
	n      int
	expect int // bytes still expected, when told (reserve)
	told   bool
}

// reserve tells the pack about how many bytes will be added, so that its buffer
// is allocated once rather than grown.
func (p *pack) reserve(n int) {
	p.expect, p.told = n, true
	p.buf = slices.Grow(p.buf, min(n, packLimit))
}

func newPack(prefix string, emit func(string, []byte) error) *pack {
	return &pack{prefix: prefix, emit: emit}
}

func (p *pack) add(a, b []byte) (file, off int, err error) {
	if len(p.buf) > 0 && len(p.buf)+len(a)+len(b) > packLimit {
		if err := p.flush(); err != nil {
			return 0, 0, err
		}
	}
	off = len(p.buf)
	p.buf = append(append(p.buf, a...), b...)
	return p.n, off, nil
}

func (p *pack) flush() error {
	err := p.emit(fmt.Sprintf("%s-%d.bin", p.prefix, p.n), p.buf)
	p.n++
	size := packLimit
	if p.told {
		p.expect -= len(p.buf)
		size = min(packLimit, max(p.expect, 1<<16))
	}
	p.buf = make([]byte, 0, size)
	return err
}

func (p *pack) close() error {
	if len(p.buf) == 0 && p.n > 0 {
		return nil
	}
	return p.flush()
}

// The facets, in meta.bin and facets.bin order.
var facetSpecs = [...]struct{ key, label string }{
	{"publisher", "发布机构"},
	{"category", "主题分类"},
	{"year", "年份"},
	{"genre", "体裁"},
}

const numFacets = len(facetSpecs)

// facetValues is d's value of each facet.
func facetValues(d *Doc) [numFacets]string {
	return [numFacets]string{d.Publisher, d.Category, fmt.Sprint(d.Year), d.Genre}
}

// buildFacets lists each facet's values and returns the facet column file: for each
// facet in turn, every document's value index (1 or 2 bytes, little endian). docs
// holds each document's facet values, by id.
func buildFacets(docs []*[numFacets]string, labels Labels) ([]Facet, []byte) {
	var facets []Facet
	var column []byte
	for fi, s := range facetSpecs {
		seen := map[string]bool{}
		for _, d := range docs {
			v := d[fi]
			seen[v] = true
			if s.key == "category" { // parents are filter values too
				for p := v; strings.Contains(p, "/"); {
					p = p[:strings.LastIndex(p, "/")]
					seen[p] = true
				}
			}
		}
		vals := sortedKeys(seen)
		if s.key == "year" {
			slices.Reverse(vals) // newest year first
		}
		pos := map[string]int{}
		f := Facet{Key: s.key, Label: s.label, Width: 1}
		for i, v := range vals {
			pos[v] = i
		}
		for _, v := range vals {
			fv := FacetValue{Value: v, Label: v, Parent: -1}
			switch s.key {
			case "publisher":
				if n := labels.Publishers[v]; n != "" {
					fv.Label = n
				}
			case "category":
				if i := strings.LastIndex(v, "/"); i >= 0 {
					fv.Parent = pos[v[:i]]
					fv.Label = v[i+1:]
				}
			}
			f.Values = append(f.Values, fv)
		}
		if len(vals) > 255 {
			f.Width = 2
		}
		for _, d := range docs {
			n := pos[d[fi]]
			if f.Width == 1 {
				column = append(column, byte(n))
			} else {
				column = binary.LittleEndian.AppendUint16(column, uint16(n))
			}
		}
		facets = append(facets, f)
	}
	return facets, column
}

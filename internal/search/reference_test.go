package search

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// referenceWrite is Write as it was before segments (commit 0106287), kept as the
// oracle that Write and Merge must reproduce byte for byte. It builds the index of docs and writes its files through put (name relative to
// the search directory). Documents are numbered newest first.
func referenceWrite(docs []Doc, labels Labels, put func(name string, data []byte) error) (Stats, error) {
	docs = slices.Clone(docs)
	slices.SortStableFunc(docs, func(a, b Doc) int {
		if c := b.Date.Compare(a.Date); c != 0 {
			return c
		}
		return strings.Compare(a.Index, b.Index)
	})
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
				toks[i] = tokenize(&docs[i])
				heads[i], rests[i], errs[i] = z.record(&docs[i], labels)
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return Stats{}, err
	}

	// Postings: each core takes the grams of its own hash partition.
	parts := make([]map[uint64]*gramPostings, workers)
	for w := range workers {
		wg.Go(func() { parts[w] = referencePostings(toks, w, workers) })
	}
	wg.Wait()
	grams := parts[0]
	for _, p := range parts[1:] {
		maps.Copy(grams, p)
	}

	st := Stats{Grams: len(grams)}
	emit := func(name string, data []byte) error {
		st.Files++
		st.Bytes += int64(len(data))
		return put(name, data)
	}
	meta := Meta{Version: Version, Docs: len(docs), Files: map[string]int{}}

	// Postings, in key order so that the output is reproducible.
	keys := make([]uint64, 0, len(grams))
	for k := range grams {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	postings := newPack("postings", emit)
	type entry struct {
		key  string
		data []byte
	}
	var entries []entry
	dictBytes := 0
	for _, k := range keys {
		e := []byte{entryGram}
		for f := range numFields {
			p := grams[k][f]
			if p == nil {
				e = binary.AppendUvarint(e, 0)
				continue
			}
			file, off, err := postings.add(p.docs, p.pos)
			if err != nil {
				return st, err
			}
			e = binary.AppendUvarint(e, uint64(p.df))
			e = binary.AppendUvarint(e, uint64(file))
			e = binary.AppendUvarint(e, uint64(off))
			e = binary.AppendUvarint(e, uint64(len(p.docs)))
			e = binary.AppendUvarint(e, uint64(len(p.pos)))
		}
		s := gramString(k)
		entries = append(entries, entry{s, e})
		dictBytes += len(s) + len(e) + 1
	}
	if err := postings.close(); err != nil {
		return st, err
	}
	meta.Files["postings"] = postings.n

	// Exact lookups: a whole 索引号 or 文号 names its documents.
	exact := map[string][]int{}
	for id, d := range docs {
		for _, s := range []string{d.Index, d.DocNumber} {
			if n := Normalize(s); n != "" && !slices.Contains(exact["="+n], id) {
				exact["="+n] = append(exact["="+n], id)
			}
		}
	}
	for _, k := range sortedKeys(exact) {
		e := []byte{entryExact}
		e = binary.AppendUvarint(e, uint64(len(exact[k])))
		for _, id := range exact[k] {
			e = binary.AppendUvarint(e, uint64(id))
		}
		entries = append(entries, entry{k, e})
		dictBytes += len(k) + len(e) + 1
	}

	// Documents: one gzip member each, found through docidx.bin.
	docPack := newPack("docs", emit)
	idx := make([]byte, 0, 12*len(docs))
	total := 0
	for i, z := range heads {
		total += len(z) + len(rests[i])
		file, off, err := docPack.add(z, rests[i])
		if err != nil {
			return st, err
		}
		idx = binary.LittleEndian.AppendUint32(idx, uint32(file))
		idx = binary.LittleEndian.AppendUint32(idx, uint32(off))
		idx = binary.LittleEndian.AppendUint32(idx, uint32(len(z)))
	}
	if err := docPack.close(); err != nil {
		return st, err
	}
	meta.Files["docs"] = docPack.n
	meta.AvgRecord = total / max(1, len(heads))
	if err := emit("docidx.bin", idx); err != nil {
		return st, err
	}

	facets, column := referenceFacets(docs, labels)
	meta.Facets = facets
	if err := emit("facets.bin", gzipBytes(column)); err != nil {
		return st, err
	}
	foldJSON, err := foldTableJSON()
	if err != nil {
		return st, err
	}
	if err := emit("fold.bin", gzipBytes(foldJSON)); err != nil {
		return st, err
	}

	// Dictionary shards: as many as the size calls for, within the file budget
	// (meta.bin is the one file still to come).
	budget := MaxFiles(len(docs)) - st.Files - 1
	shards := min(max(1, (dictBytes+dictTarget-1)/dictTarget), max(1, budget))
	meta.DictShards = shards
	buf := make([][]byte, shards)
	for _, e := range entries {
		s := ShardOf(e.key, shards)
		buf[s] = binary.AppendUvarint(buf[s], uint64(len(e.key)))
		buf[s] = append(buf[s], e.key...)
		buf[s] = append(buf[s], e.data...)
	}
	for i, b := range buf {
		if err := emit(fmt.Sprintf("dict-%d.bin", i), gzipBytes(b)); err != nil {
			return st, err
		}
	}
	mj, err := json.Marshal(meta)
	if err != nil {
		return st, err
	}
	return st, emit("meta.bin", gzipBytes(mj))
}

// referencePostings encodes the posting lists of the grams in partition part of parts.
func referencePostings(toks []tokens, part, parts int) map[uint64]*gramPostings {
	mine := func(k uint64) bool { return parts == 1 || int((k*0x9e3779b97f4a7c15)>>40)%parts == part }
	grams := map[uint64]*gramPostings{}
	// local holds one field's positions per gram; its slices are reused, and
	// touched lists the grams of the current field.
	local := map[uint64][]uint32{}
	var touched []uint64
	add := func(k uint64, pos uint32) {
		if !mine(k) {
			return
		}
		ps, ok := local[k]
		if len(ps) == 0 {
			touched = append(touched, k)
		}
		if !ok {
			ps = make([]uint32, 0, 4)
		}
		local[k] = append(ps, pos)
	}
	for id, t := range toks {
		for f := range numFields {
			touched = touched[:0]
			pos := uint32(0)
			for _, seg := range t[f] {
				for i, r := range seg {
					add(gramKey(r, 0), pos)
					if i+1 < len(seg) {
						add(gramKey(r, seg[i+1]), pos)
					}
					pos++
				}
				pos++ // a gap, so that no phrase spans two segments
			}
			for _, k := range touched {
				ps := local[k]
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
				local[k] = ps[:0]
			}
		}
	}

	return grams
}

// referenceFacets lists each facet's values and returns the facet column file: for each
// facet in turn, every document's value index (1 or 2 bytes, little endian).
func referenceFacets(docs []Doc, labels Labels) ([]Facet, []byte) {
	type spec struct {
		key, label string
		value      func(d *Doc) string
	}
	specs := []spec{
		{"publisher", "发布机构", func(d *Doc) string { return d.Publisher }},
		{"category", "主题分类", func(d *Doc) string { return d.Category }},
		{"year", "年份", func(d *Doc) string { return fmt.Sprint(d.Year) }},
		{"genre", "体裁", func(d *Doc) string { return d.Genre }},
	}
	var facets []Facet
	var column []byte
	for _, s := range specs {
		seen := map[string]bool{}
		for i := range docs {
			v := s.value(&docs[i])
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
		for i := range docs {
			n := pos[s.value(&docs[i])]
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

func gramString(k uint64) string {
	a, b := rune(k>>32), rune(k&0xffffffff)
	if b == 0 {
		return string(a)
	}
	return string([]rune{a, b})
}

package search

import (
	"encoding/binary"
	"fmt"
)

// MergeSegments merges segs into one segment that stands for them in a merge:
// Merge of a list of segments in which segs, consecutive and in this order, are
// replaced by the result writes the same index, byte for byte. Its documents are
// those of segs in the index's order, its lists theirs renumbered.
//
// A build keeps such merges of groups of shards: after one shard changed, the index
// is merged again from a few dozen segments instead of thousands (the streams of
// thousands of segments read side by side cost the processor's caches more than
// the merge itself: BenchmarkMergeSegments). Segments that show one publisher under
// two names are refused with ErrSegmentStale, as Merge would refuse one of them.
func MergeSegments(segs []*Segment) (*Segment, error) {
	out := &Segment{labels: map[string]string{}}
	size, grams := 0, 0
	for _, s := range segs {
		for code, name := range s.labels {
			if had, ok := out.labels[code]; ok && had != name {
				return nil, fmt.Errorf("%w：发布机构 %s 在各分段中的名称不一致（“%s”“%s”）", ErrSegmentStale, code, had, name)
			}
			out.labels[code] = name
		}
		size += int(s.sec[secRecords].len)
		grams += int(s.sec[secGrams].len)
	}
	refs, gids := globalOrder(segs)
	table := binary.AppendUvarint(nil, uint64(len(refs)))
	records := make([]byte, 0, size)
	var buf []byte
	out.docs = make([]segDoc, 0, len(refs))
	for _, r := range refs {
		s := segs[r.seg]
		rec, err := s.record(int(r.local), &buf)
		if err != nil {
			return nil, err
		}
		d := s.docs[r.local]
		d.off = int64(len(records))
		records = append(records, rec...)
		out.docs = append(out.docs, d)
		table = appendDoc(table, &d)
	}
	table = binary.AppendUvarint(table, uint64(len(out.labels)))
	for _, code := range sortedKeys(out.labels) {
		table = appendString(appendString(table, code), out.labels[code])
	}
	w := &segmentWriter{grams: make([]byte, 0, grams)}
	if _, err := mergePostings(segs, gids, w); err != nil {
		return nil, err
	}
	out.mem = &[numSections][]byte{table, w.grams, records}
	for i, p := range out.mem {
		out.sec[i].len = int64(len(p))
	}
	return out, nil
}

// segmentWriter writes a merge's grams as a segment's gram section.
type segmentWriter struct {
	grams []byte
	prev  uint64 // the last gram's key
}

func (w *segmentWriter) writeGram(key uint64, m *listMerger, fill func(f int)) error {
	bigram := key&0xffffffff != 0
	w.grams = binary.AppendUvarint(w.grams, key-w.prev)
	w.prev = key
	for f := range numFields {
		m.reset()
		fill(f)
		docs, pos, df, err := m.merge(bigram)
		if err != nil {
			return err
		}
		w.grams = binary.AppendUvarint(w.grams, uint64(df))
		if df > 0 {
			w.grams = appendBytes(appendBytes(w.grams, docs), pos)
		}
	}
	return nil
}

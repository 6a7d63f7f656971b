package search

import "sync"

// mergePipeline configures mergePostings; tests and benchmarks change it.
var mergePipeline = struct {
	on           bool // read on another goroutine when there is more than one core
	blocks       int  // blocks in flight, reused
	grams, bytes int  // a block is handed on once it holds this many grams or bytes of lists
}{on: true, blocks: 4, grams: 1024, bytes: 64 << 10}

// A gramBlock is a run of consecutive grams as the reader hands them to the
// merger: per gram its key and, per field, a copy of each contributing segment's
// lists, in the order the sequential merge adds them. It holds offsets, not
// slices, so that filling it writes no pointer (see postingCursor), and it is
// reused from run to run.
type gramBlock struct {
	keys  []uint64
	ends  []int       // by gram and field (gram*numFields+field): the end of its lists in lists
	lists []blockList // of the grams' fields, in order
	data  []byte      // the lists' bytes
	err   error       // what reading the gram after the block's last failed with
}

// blockList is a segment's list of one gram and field: data[docs:pos] is its
// document part and data[pos:end] its position part.
type blockList struct {
	seg, df        int
	docs, pos, end int
}

// mergePipelined is mergePostings in two stages on two goroutines: a reader walks
// the segments' gram streams and copies each gram's lists into blocks; the
// caller's goroutine merges and writes them, in gram order. A fixed set of blocks
// goes round between the two, so that what it holds beyond the sequential merge is
// mergePipeline.blocks blocks, and the steady state allocates nothing.
func mergePipelined(segs []*Segment, gids [][]int32, w gramWriter) (int, error) {
	free := make(chan *gramBlock, mergePipeline.blocks)
	for range mergePipeline.blocks {
		free <- &gramBlock{}
	}
	full := make(chan *gramBlock, mergePipeline.blocks)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() { readBlocks(segs, free, full, done) })
	// On an error the reader stops at its next block; it ends before Merge returns.
	defer wg.Wait()
	defer close(done)

	m := newListMerger(gids)
	var b *gramBlock
	gi, l := 0, 0 // the gram of b being written, and its next list
	fill := func(f int) {
		for end := b.ends[gi*numFields+f]; l < end; l++ {
			c := &b.lists[l]
			m.add(c.seg, c.df, b.data[c.docs:c.pos], b.data[c.pos:c.end])
		}
	}
	grams := 0
	for b = range full {
		l = 0
		for i, key := range b.keys {
			grams++
			gi = i
			if err := w.writeGram(key, m, fill); err != nil {
				return grams, err
			}
		}
		if b.err != nil {
			return grams, b.err
		}
		free <- b
	}
	return grams, nil
}

// readBlocks is mergePipelined's reader: it fills the blocks from free with the
// grams in key order and sends them on full, which it closes after the last gram
// or a block with an error; it stops early once done is closed.
func readBlocks(segs []*Segment, free <-chan *gramBlock, full chan<- *gramBlock, done <-chan struct{}) {
	defer close(full)
	readers, h, err := startReaders(segs)
	var cur []int32
	for {
		var b *gramBlock
		select {
		case b = <-free:
		case <-done:
			return
		}
		if err != nil {
			b.keys, b.ends, b.lists, b.data, b.err = b.keys[:0], b.ends[:0], b.lists[:0], b.data[:0], err
		} else {
			cur = b.fill(readers, &h, cur)
		}
		select {
		case full <- b:
		case <-done:
			return
		}
		if b.err != nil || len(h) == 0 {
			return
		}
	}
}

// fill reads grams from the readers into b until it is full or the grams end;
// cur is a buffer for a gram's readers, returned for reuse.
func (b *gramBlock) fill(readers []*gramReader, h *gramHeap, cur []int32) []int32 {
	// Locals, written back once: appending to them writes no pointer to the heap.
	keys, ends, lists, data := b.keys[:0], b.ends[:0], b.lists[:0], b.data[:0]
	b.err = nil
	for len(*h) > 0 && len(keys) < mergePipeline.grams && len(data) < mergePipeline.bytes {
		var key uint64
		key, cur = h.take(cur[:0])
		keys = append(keys, key)
		for f := range numFields {
			for _, i := range cur {
				g := readers[i]
				if g.df[f] > 0 {
					start := len(data)
					data = append(append(data, g.docs[f]...), g.pos[f]...)
					lists = append(lists, blockList{seg: g.seg, df: g.df[f], docs: start, pos: start + len(g.docs[f]), end: len(data)})
				}
			}
			ends = append(ends, len(lists))
		}
		if err := advance(readers, h, cur); err != nil {
			b.err = err
			break
		}
	}
	b.keys, b.ends, b.lists, b.data = keys, ends, lists, data
	return cur
}

package search

import (
	lru "container/list"
	"errors"
	"fmt"
	"os"
	"sync"
)

// maxOpenSegments is how many segment files OpenSegments keeps open at once. A merge
// reads every segment at once, and a province has tens of thousands of publishers,
// beyond the open-file limit of most systems (often 1,024, at most some 20,000):
// past this many, files are closed when least recently read and opened again when
// read, which costs an open for every few tens of kilobytes merged.
var maxOpenSegments = 1024

// OpenSegments opens the segment files names (see OpenSegment), keeping no more
// than a bounded number of them open at a time however many they are. Each segment's
// Close releases its file; the segments may be used by one goroutine at a time.
func OpenSegments(names []string) ([]*Segment, error) {
	var pool *filePool
	if len(names) > maxOpenSegments {
		pool = &filePool{max: maxOpenSegments, order: lru.New()}
	}
	segs := make([]*Segment, 0, len(names))
	for _, name := range names {
		s, err := openSegment(name, pool)
		if err != nil {
			for _, s := range segs {
				s.Close()
			}
			return nil, err
		}
		segs = append(segs, s)
	}
	return segs, nil
}

func openSegment(name string, pool *filePool) (*Segment, error) {
	if pool == nil {
		return OpenSegment(name)
	}
	f, err := pool.open(name)
	if err != nil {
		return nil, err
	}
	s, err := ReadSegment(f, f.size)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s：%w", name, err)
	}
	s.closeFn = f.Close
	return s, nil
}

// filePool keeps at most max of its files open, closing the least recently read.
type filePool struct {
	mu    sync.Mutex
	max   int
	order *lru.List // of *pooledFile with an open file, most recently read first
}

// pooledFile is a file of a filePool: an io.ReaderAt that opens it again when the
// pool has closed it, and refuses to read on if the name no longer names that file
// (another build replaced it).
type pooledFile struct {
	pool   *filePool
	name   string
	size   int64
	info   os.FileInfo
	f      *os.File     // nil while closed
	at     *lru.Element // in pool.order while open
	closed bool         // by Close, for good
}

// errSegmentReplaced: a segment file was replaced while a merge was reading it.
var errSegmentReplaced = errors.New("搜索索引分段文件在读取期间被替换")

func (p *filePool) open(name string) (*pooledFile, error) {
	pf := &pooledFile{pool: p, name: name}
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := pf.reopen(); err != nil {
		return nil, err
	}
	pf.size = pf.info.Size()
	return pf, nil
}

// reopen opens pf's file, closing the least recently read when the pool is full.
// The pool's lock is held.
func (pf *pooledFile) reopen() error {
	p := pf.pool
	for p.order.Len() >= p.max {
		last := p.order.Remove(p.order.Back()).(*pooledFile)
		last.f.Close()
		last.f, last.at = nil, nil
	}
	f, err := os.Open(pf.name)
	if err != nil {
		return err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return err
	}
	if pf.info != nil && !os.SameFile(pf.info, fi) {
		f.Close()
		return fmt.Errorf("%s：%w", pf.name, errSegmentReplaced)
	}
	pf.info, pf.f = fi, f
	pf.at = p.order.PushFront(pf)
	return nil
}

// ReadAt reads from the file, opened again if the pool had closed it.
func (pf *pooledFile) ReadAt(b []byte, off int64) (int, error) {
	p := pf.pool
	p.mu.Lock()
	defer p.mu.Unlock()
	if pf.closed {
		return 0, os.ErrClosed
	}
	if pf.f == nil {
		if err := pf.reopen(); err != nil {
			return 0, err
		}
	} else {
		p.order.MoveToFront(pf.at)
	}
	return pf.f.ReadAt(b, off)
}

// Close closes the file for good.
func (pf *pooledFile) Close() error {
	p := pf.pool
	p.mu.Lock()
	defer p.mu.Unlock()
	pf.closed = true
	if pf.f == nil {
		return nil
	}
	p.order.Remove(pf.at)
	err := pf.f.Close()
	pf.f, pf.at = nil, nil
	return err
}

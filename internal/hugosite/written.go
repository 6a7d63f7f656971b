package hugosite

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"hash"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"

	"github.com/spf13/afero"

	"xxgk/internal/linkcheck"
	"xxgk/internal/record"
)

// writtenFs is the file system Hugo writes the portal through: the output directory,
// where it also notes, as Hugo writes them, the SHA-256 of each document's page (for
// manifest.json, which would otherwise read every page back), how many document
// pages are done (for the progress display) and, when links is set, every page's
// links (for the link check, which would otherwise read and parse every page again).
type writtenFs struct {
	afero.Fs
	out   string
	links *linkcheck.Noted
	// docs maps the absolute path of each document's page to its record.Record.Page,
	// which stays the same while a preview replaces the document's record.
	docs map[string]string
	// pageFile, when set, is where each document's page (record.Record.Page) is
	// written instead (View.PageFile).
	pageFile func(page string) string
	progress func(done, total int)
	// onPage is called once a document's page is written, on the Hugo
	// worker that rendered it, while what Hugo computed for the page is still cached.
	onPage func(page string)
	done   atomic.Int64

	mu   sync.Mutex
	sums map[string][32]byte // record.Record.Page → SHA-256 of the page last written there
	// wrote, when not nil, is every file Hugo wrote (slash-separated, relative to out).
	wrote map[string]bool
}

// newWrittenFs writes into the operating system's files; the pages of set's documents
// are those under out at record.Record.Page, written there or, when pageFile is not
// nil, into the file it names.
func newWrittenFs(out string, set *record.Set, progress func(done, total int), pageFile func(string) string) *writtenFs {
	w := &writtenFs{Fs: afero.NewOsFs(), out: out, docs: make(map[string]string, len(set.Records)),
		pageFile: pageFile, progress: progress, sums: make(map[string][32]byte, len(set.Records))}
	for _, r := range set.Records {
		w.docs[filepath.Join(out, filepath.FromSlash(r.Page()))] = r.Page()
	}
	return w
}

// Create is how Hugo opens every file it publishes (helpers.OpenFileForWriting, which
// makes the file's directory only when Create says it is missing).
func (w *writtenFs) Create(name string) (afero.File, error) {
	page, isDoc := w.docs[filepath.Clean(name)]
	file := name
	if isDoc && w.pageFile != nil {
		file = w.pageFile(page)
	}
	f, err := w.Fs.Create(file)
	if err != nil {
		return f, err
	}
	if w.wrote != nil {
		if rel, err := filepath.Rel(w.out, name); err == nil {
			w.mu.Lock()
			w.wrote[filepath.ToSlash(rel)] = true
			w.mu.Unlock()
		}
	}
	wf := &writtenFile{File: f, w: w}
	if isDoc {
		wf.h, wf.page = sha256.New(), page
	}
	if w.links != nil && linkcheck.Reads(name) {
		if rel, err := filepath.Rel(w.out, name); err == nil {
			wf.rel, wf.buf = filepath.ToSlash(rel), &bytes.Buffer{}
		}
	}
	if wf.h == nil && wf.buf == nil {
		return f, nil
	}
	return wf, nil
}

// NoteDone records a document's page (record.Record.Page) written by another Site (a
// shard's, kept in the build cache) as if this one had written it: its SHA-256 and
// its references, numbered by Links().Intern, for PageHash and Links.
func (s *Site) NoteDone(page string, sum [32]byte, links []uint32) {
	w := s.written
	w.mu.Lock()
	w.sums[page] = sum
	w.mu.Unlock()
	w.links.NoteIDs(page, links)
}

// PageHash is the SHA-256 of the page written for the document r (by Hugo, or noted
// with NoteDone); an error when there is none.
func (s *Site) PageHash(r *record.Record) ([32]byte, error) {
	w := s.written
	w.mu.Lock()
	defer w.mu.Unlock()
	sum, ok := w.sums[r.Page()]
	if !ok {
		return sum, fmt.Errorf("%s: 页面 %s 没有生成", r.Path, r.Page())
	}
	return sum, nil
}

// Links is the links of every page Hugo wrote (and those noted with NoteDone), by
// page, for the link check: less those of the files CopyStatic replaced.
func (s *Site) Links() *linkcheck.Noted { return s.written.links }

// writtenFile is a file Hugo writes: a document's page is hashed (h), and a file of a
// kind the link check reads is kept (buf) for its links to be noted when it is closed.
type writtenFile struct {
	afero.File
	w    *writtenFs
	h    hash.Hash
	page string // record.Record.Page, when h is set
	buf  *bytes.Buffer
	rel  string // the file, slash-separated, relative to the output, when buf is set
}

func (f *writtenFile) Write(p []byte) (int, error) {
	n, err := f.File.Write(p)
	if f.h != nil {
		f.h.Write(p[:n])
	}
	if f.buf != nil {
		f.buf.Write(p[:n])
	}
	return n, err
}

func (f *writtenFile) WriteString(s string) (int, error) { return f.Write([]byte(s)) }

// WriteAt would put bytes out of order for the hash: Hugo does not use it.
func (f *writtenFile) WriteAt([]byte, int64) (int, error) {
	return 0, &os.PathError{Op: "writeat", Path: f.Name(), Err: os.ErrInvalid}
}

func (f *writtenFile) Close() error {
	if err := f.File.Close(); err != nil {
		return err
	}
	if f.buf != nil {
		f.w.links.Note(f.rel, f.buf.Bytes())
	}
	if f.h == nil {
		return nil
	}
	var sum [32]byte
	f.h.Sum(sum[:0])
	f.w.mu.Lock()
	f.w.sums[f.page] = sum
	f.w.mu.Unlock()
	if f.w.onPage != nil {
		f.w.onPage(f.page)
	}
	if done := f.w.done.Add(1); f.w.progress != nil {
		f.w.progress(int(done), len(f.w.docs))
	}
	return nil
}

// UnwrapFilesystem lets Hugo see the operating system's files underneath.
func (w *writtenFs) UnwrapFilesystem() afero.Fs { return w.Fs }

// Package overlay is the file system Hugo reads a site through during a build: the
// site's directory, in which every checked document reads as its rewritten form (the
// bytes that passed the check, with the derived address and taxonomy keys) and a few
// files exist that only Hugo sees (the portal data, the portal pages).
package overlay

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/spf13/afero"

	"xxgk/internal/record"
)

// DerivedKeys is the number of front-matter lines derive adds to each document.
// Hugo reports content positions in the rewritten file; subtracting this gives the
// line in the file the clerk wrote.
const DerivedKeys = 5

// Derive returns the front-matter lines xxgk adds to a document before Hugo reads it:
// the stable URL and the taxonomy terms, computed from the validated record rather
// than left to the file's location or to hand-written copies of the same facts.
// It runs once per document per build, so it formats TOML by hand.
func Derive(r *record.Record) []byte {
	b := make([]byte, 0, 256)
	line := func(key string, values ...string) {
		b = append(b, key...)
		b = append(b, " = "...)
		if key != "url" {
			b = append(b, '[')
		}
		for i, v := range values {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = appendTOMLString(b, v)
		}
		if key != "url" {
			b = append(b, ']')
		}
		b = append(b, '\n')
	}
	line("url", r.URL())
	for _, t := range Terms(r) {
		line(t.Plural, t.Values...)
	}
	return b
}

// Taxonomy is a taxonomy's terms on one document.
type Taxonomy struct {
	Plural string   // the taxonomy, as config.toml names it: publishers, categories, genres, years
	Values []string // the document's terms in it
}

// Terms is the taxonomy terms of the document r, in the order Derive writes them:
// its publisher, its category with every ancestor (so that a category lists what
// its subcategories hold), its genre and its year.
func Terms(r *record.Record) []Taxonomy {
	return []Taxonomy{
		{"publishers", []string{r.Publisher}},
		{"categories", record.CategoryAncestry(r.Category)},
		{"genres", []string{r.Genre}},
		{"years", []string{strconv.Itoa(r.Date.Year())}},
	}
}

// TermCounts is, by taxonomy and term, how many of the documents recs a term's page
// lists (a category's narrower categories' included, each document once): what the
// theme shows beside a term, without asking Hugo for every term's pages.
func TermCounts(recs []*record.Record) map[string]map[string]int {
	counts := map[string]map[string]int{}
	for _, r := range recs {
		for _, t := range Terms(r) {
			if counts[t.Plural] == nil {
				counts[t.Plural] = map[string]int{}
			}
			for _, v := range t.Values {
				counts[t.Plural][v]++
			}
		}
	}
	return counts
}

// appendTOMLString appends s as a TOML basic string.
func appendTOMLString(b []byte, s string) []byte {
	b = append(b, '"')
	for _, c := range s {
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', byte(c))
		case c < 0x20 || c == 0x7f:
			b = fmt.Appendf(b, "\\u%04X", c)
		default:
			b = utf8.AppendRune(b, c)
		}
	}
	return append(b, '"')
}

// Rewrite inserts the derived keys right after the opening +++, where they are
// top-level keys whatever tables the clerk's front matter ends with.
func Rewrite(src []byte, r *record.Record) []byte {
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	first, rest, _ := bytes.Cut(src, []byte("\n"))
	derived := Derive(r)
	out := make([]byte, 0, len(src)+len(derived)+1)
	out = append(out, first...)
	out = append(out, '\n')
	out = append(out, derived...)
	return append(out, rest...)
}

// StubKeys are the front-matter lines Stub adds after the derived keys: the body is
// HTML as it stands, and Hugo lists the page and gives it its address without
// rendering it.
const StubKeys = "markup = \"html\"\nbuild = { render = \"link\", list = \"always\" }\n"

// OrderKeys is the number of lines Stub adds after StubKeys when it is given an order:
// one per taxonomy of Terms.
const OrderKeys = 4

// Stub is the catalogue form of a document, for a Hugo site that renders the portal's
// listings, feeds and sitemap but not the documents' own pages: the front matter that
// passed the check with the derived keys, so that every listing sees the same title,
// dates, terms and parameters, and as body, instead of the Markdown, excerpt (the
// beginning of the page's plain text) escaped as HTML, so that .Plain, decoded as
// the feeds decode it, says what the rendered page's does.
//
// With order above 0, the document's place in Hugo's default order of the site's
// pages (see Fs.Order), the stub also weighs the document by it in each of its
// taxonomies (publishers_weight = order, …: OrderKeys lines after StubKeys), which
// Hugo compares first when it orders a term's pages.
func Stub(r *record.Record, excerpt string, order int) ([]byte, error) {
	src := r.Raw
	if src == nil { // the load did not read the file
		var err error
		if src, err = r.Bytes(); err != nil {
			return nil, err
		}
	}
	fm, _, _, err := record.SplitFrontMatter(src)
	if err != nil {
		return Rewrite(src, r), nil // cannot happen for a checked record
	}
	derived := Derive(r)
	out := make([]byte, 0, len(fm)+len(derived)+len(StubKeys)+len(excerpt)+16)
	out = append(out, "+++\n"...)
	out = append(out, derived...)
	out = append(out, StubKeys...)
	if order > 0 {
		for _, t := range Terms(r) {
			out = fmt.Appendf(out, "%s_weight = %d\n", t.Plural, order)
		}
	}
	out = append(out, fm...)
	out = append(out, "+++\n"...)
	return append(out, html.EscapeString(excerpt)...), nil
}

// TermPage is the content file of a taxonomy term's page that has none of its own:
// its title and, as its dates, date (see hugosite's termPages). The dates are local
// times, which Hugo reads in the site's time zone as it reads the documents'.
func TermPage(title string, date time.Time) []byte {
	d := date.In(record.Shanghai).Format("2006-01-02T15:04:05.999999999")
	b := append([]byte("+++\ntitle = "), appendTOMLString(nil, title)...)
	return fmt.Appendf(b, "\ndate = %s\nlastmod = %s\npublishDate = %s\n+++\n", d, d, d)
}

// New returns the file system Hugo reads the site from: the real directory, in which
// every document reads as its rewritten form: the bytes that passed the check, with the
// derived keys. Documents are rewritten when Hugo first asks for them, by Hugo's own
// parallel workers; the files on disk are never written.
func New(dir string, set *record.Set) *Fs {
	o := &Fs{Fs: afero.NewOsFs(), docs: make(map[string]*record.Record, len(set.Records))}
	for _, r := range set.Records {
		o.docs[filepath.Join(dir, filepath.FromSlash(r.Path))] = r
	}
	return o
}

// Fs serves documents rewritten and everything else from the base file system.
// Directory listings come from the base: every document exists there too.
type Fs struct {
	afero.Fs
	docs  map[string]*record.Record // absolute path → its checked record
	cache sync.Map                  // absolute path → *rewritten
	// Only, when set, is the content directory: documents there other than docs are
	// left out of directory listings, so that Hugo sees a part of the site — and so
	// are the directories under it that hold none of docs and nothing but documents
	// (other publishers'), which Hugo would otherwise walk file by file for every
	// part: a city's 100,000 files for each of its fifty batches.
	Only string
	// Dirs records, per directory under Only that holds none of docs, whether it
	// holds nothing but documents (and directories that do), found on first listing.
	// The answer is the disk's, the same for every part of a site: the Fs of one
	// build's parts share it (else each of a city's fifty batches would read its
	// whole content tree again). Nil: the Fs keeps its own.
	Dirs   *ContentDirs
	mu     sync.Mutex      // guards held, heldOf and Dirs when nil
	held   map[string]bool // directories under Only that hold one of docs, at any depth
	heldOf string          // the Only held was computed for
	// extra holds files that exist only for Hugo, such as data/xxgk.json with the
	// audit results the templates show (absolute path → contents).
	extra map[string][]byte
	// listed is, by directory, the extra files and directories in it; dirs the
	// directories that exist only for Hugo.
	listed map[string][]string
	dirs   map[string]bool
	// Stub, when set, makes every document read as its catalogue stub (see Stub)
	// whose body is the text Stub returns for it.
	Stub func(*record.Record) string
	// Order, when set with Stub, is each document's place in Hugo's default order,
	// from 1, which its stub gives Hugo as its weight in each taxonomy (see Stub).
	Order map[*record.Record]int
}

// Added is how many lines the file name (absolute), as Hugo reads it through o, has
// before the clerk's front matter that the file on disk does not: DerivedKeys for a
// document read rewritten, DerivedKeys and StubKeys' lines (and OrderKeys with an
// Order) for a document read as its stub, none for any other file. Hugo reports positions in what it read; subtracting
// Added gives the line in the file the clerk wrote.
func (o *Fs) Added(name string) int {
	if _, ok := o.docs[filepath.Clean(name)]; !ok {
		return 0
	}
	if o.Stub != nil && o.Order != nil {
		return DerivedKeys + strings.Count(StubKeys, "\n") + OrderKeys
	}
	if o.Stub != nil {
		return DerivedKeys + strings.Count(StubKeys, "\n")
	}
	return DerivedKeys
}

// AddExtra makes name (absolute) readable by Hugo with the given contents. The
// directories above it that are not on disk exist for Hugo too, holding what is
// added beneath them.
func (o *Fs) AddExtra(name string, data []byte) {
	if o.extra == nil {
		o.extra = map[string][]byte{}
		o.listed = map[string][]string{}
		o.dirs = map[string]bool{}
	}
	name = filepath.Clean(name)
	if _, ok := o.extra[name]; !ok {
		o.list(name)
	}
	o.extra[name] = data
}

// list adds name to the extra entries of its directory, and the directory, when it
// is not on disk, to its parent's.
func (o *Fs) list(name string) {
	dir := filepath.Dir(name)
	_, known := o.listed[dir]
	o.listed[dir] = append(o.listed[dir], name)
	if known || dir == filepath.Dir(dir) {
		return
	}
	if _, err := o.Fs.Stat(dir); err == nil {
		return
	}
	o.dirs[dir] = true
	o.list(dir)
}

// listing describes the extra files and directories in dir.
func (o *Fs) listing(dir string) []os.FileInfo {
	var fis []os.FileInfo
	for _, name := range o.listed[filepath.Clean(dir)] {
		fi, _ := o.extraInfo(name)
		fis = append(fis, fi)
	}
	return fis
}

func (o *Fs) extraFile(name string) (afero.File, os.FileInfo, bool) {
	data, ok := o.extra[filepath.Clean(name)]
	if !ok {
		return nil, nil, false
	}
	info := extraInfo{name: filepath.Base(name), size: int64(len(data))}
	return &readOnlyFile{Reader: bytes.NewReader(data), name: name, info: info}, info, true
}

// extraInfo describes the extra file or directory name, if it is one.
func (o *Fs) extraInfo(name string) (os.FileInfo, bool) {
	if _, fi, ok := o.extraFile(name); ok {
		return fi, true
	}
	if o.dirs[filepath.Clean(name)] {
		return dirInfo(filepath.Base(name)), true
	}
	return nil, false
}

// withExtra lists a directory with the extra files that belong in it.
type withExtra struct {
	afero.File
	o *Fs
}

func (d withExtra) Readdir(n int) ([]os.FileInfo, error) {
	fis, err := d.File.Readdir(n)
	fis = d.o.withoutOthers(d.File.Name(), fis)
	if err != nil || n > 0 {
		return fis, err
	}
	return append(fis, d.o.listing(d.File.Name())...), nil
}

func (d withExtra) ReadDir(n int) ([]fs.DirEntry, error) {
	fis, err := d.Readdir(n)
	return dirEntries(fis), err
}

func (d withExtra) Readdirnames(n int) ([]string, error) {
	fis, err := d.Readdir(n)
	return names(fis), err
}

func dirEntries(fis []os.FileInfo) []fs.DirEntry {
	entries := make([]fs.DirEntry, len(fis))
	for i, fi := range fis {
		entries[i] = fs.FileInfoToDirEntry(fi)
	}
	return entries
}

func names(fis []os.FileInfo) []string {
	names := make([]string, len(fis))
	for i, fi := range fis {
		names[i] = fi.Name()
	}
	return names
}

// extraInfo describes an extra file.
type extraInfo struct {
	name string
	size int64
}

func (i extraInfo) Name() string       { return i.name }
func (i extraInfo) Size() int64        { return i.size }
func (i extraInfo) Mode() os.FileMode  { return 0o444 }
func (i extraInfo) ModTime() time.Time { return time.Time{} }
func (i extraInfo) IsDir() bool        { return false }
func (i extraInfo) Sys() any           { return nil }

// dirInfo describes a directory that exists only for Hugo (see AddExtra).
type dirInfo string

func (i dirInfo) Name() string       { return string(i) }
func (i dirInfo) Size() int64        { return 0 }
func (i dirInfo) Mode() os.FileMode  { return fs.ModeDir | 0o555 }
func (i dirInfo) ModTime() time.Time { return time.Time{} }
func (i dirInfo) IsDir() bool        { return true }
func (i dirInfo) Sys() any           { return nil }

// virtualDir is a directory that exists only for Hugo: its entries are the extra
// files and directories added beneath it.
type virtualDir struct {
	name string
	o    *Fs
	read bool // Readdir with n > 0 has returned the entries
}

func (d *virtualDir) Readdir(n int) ([]os.FileInfo, error) {
	if n > 0 && d.read {
		return nil, io.EOF
	}
	d.read = n > 0
	return d.o.listing(d.name), nil
}

func (d *virtualDir) ReadDir(n int) ([]fs.DirEntry, error) {
	fis, err := d.Readdir(n)
	return dirEntries(fis), err
}

func (d *virtualDir) Readdirnames(n int) ([]string, error) {
	fis, err := d.Readdir(n)
	return names(fis), err
}

func (d *virtualDir) Name() string                       { return d.name }
func (d *virtualDir) Stat() (os.FileInfo, error)         { return dirInfo(filepath.Base(d.name)), nil }
func (d *virtualDir) Close() error                       { return nil }
func (d *virtualDir) Sync() error                        { return nil }
func (d *virtualDir) Read([]byte) (int, error)           { return 0, errIsDir }
func (d *virtualDir) ReadAt([]byte, int64) (int, error)  { return 0, errIsDir }
func (d *virtualDir) Seek(int64, int) (int64, error)     { return 0, errIsDir }
func (d *virtualDir) Write([]byte) (int, error)          { return 0, errReadOnly }
func (d *virtualDir) WriteAt([]byte, int64) (int, error) { return 0, errReadOnly }
func (d *virtualDir) WriteString(string) (int, error)    { return 0, errReadOnly }
func (d *virtualDir) Truncate(int64) error               { return errReadOnly }

var errIsDir = errors.New("xxgk: is a directory")

type rewritten struct {
	once sync.Once
	data []byte
	info os.FileInfo
	err  error
}

// doc returns the rewritten form of name, or false when name is not a document.
func (o *Fs) doc(name string) (*rewritten, bool) {
	name = filepath.Clean(name)
	r, ok := o.docs[name]
	if !ok {
		return nil, false
	}
	var rw *rewritten
	if o.Stub != nil {
		// Stubs are cheap to make again: not kept, as Hugo keeps what it read.
		rw = &rewritten{}
	} else {
		v, _ := o.cache.LoadOrStore(name, &rewritten{})
		rw = v.(*rewritten)
	}
	rw.once.Do(func() {
		fi, err := os.Stat(name)
		if err != nil {
			rw.err = err
			return
		}
		if o.Stub != nil {
			rw.data, rw.err = Stub(r, o.Stub(r), o.Order[r])
		} else {
			var src []byte
			src, rw.err = r.Bytes()
			rw.data = Rewrite(src, r)
		}
		if rw.err != nil {
			return
		}
		rw.info = sizedInfo{fi, int64(len(rw.data))}
	})
	return rw, true
}

func (o *Fs) Open(name string) (afero.File, error) {
	if rw, ok := o.doc(name); ok {
		if rw.err != nil {
			return nil, rw.err
		}
		return &readOnlyFile{Reader: bytes.NewReader(rw.data), name: name, info: rw.info}, nil
	}
	if f, _, ok := o.extraFile(name); ok {
		return f, nil
	}
	if o.dirs[filepath.Clean(name)] {
		return &virtualDir{name: filepath.Clean(name), o: o}, nil
	}
	f, err := o.Fs.Open(name)
	if err == nil && (len(o.extra) > 0 || o.Only != "") {
		return withExtra{f, o}, nil
	}
	return f, err
}

func (o *Fs) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	if _, ok := o.docs[filepath.Clean(name)]; (ok || o.extra[filepath.Clean(name)] != nil) && flag == os.O_RDONLY {
		return o.Open(name)
	}
	return o.Fs.OpenFile(name, flag, perm)
}

func (o *Fs) Stat(name string) (os.FileInfo, error) {
	if rw, ok := o.doc(name); ok {
		return rw.info, rw.err
	}
	if fi, ok := o.extraInfo(name); ok {
		return fi, nil
	}
	return o.Fs.Stat(name)
}

// LstatIfPossible keeps Hugo, which prefers Lstat, from seeing the files on disk.
func (o *Fs) LstatIfPossible(name string) (os.FileInfo, bool, error) {
	if rw, ok := o.doc(name); ok {
		return rw.info, true, rw.err
	}
	if fi, ok := o.extraInfo(name); ok {
		return fi, true, nil
	}
	if l, ok := o.Fs.(afero.Lstater); ok {
		return l.LstatIfPossible(name)
	}
	fi, err := o.Fs.Stat(name)
	return fi, false, err
}

// sizedInfo is a file's information with the size of its rewritten form.
type sizedInfo struct {
	os.FileInfo
	size int64
}

func (i sizedInfo) Size() int64 { return i.size }

// readOnlyFile is an afero.File over bytes in memory.
type readOnlyFile struct {
	*bytes.Reader
	name string
	info os.FileInfo
}

var errReadOnly = errors.New("xxgk: documents are read-only during a build")

func (f *readOnlyFile) Name() string                       { return f.name }
func (f *readOnlyFile) Stat() (os.FileInfo, error)         { return f.info, nil }
func (f *readOnlyFile) Close() error                       { return nil }
func (f *readOnlyFile) Sync() error                        { return nil }
func (f *readOnlyFile) Readdir(int) ([]os.FileInfo, error) { return nil, errReadOnly }
func (f *readOnlyFile) Readdirnames(int) ([]string, error) { return nil, errReadOnly }
func (f *readOnlyFile) Write([]byte) (int, error)          { return 0, errReadOnly }
func (f *readOnlyFile) WriteAt([]byte, int64) (int, error) { return 0, errReadOnly }
func (f *readOnlyFile) WriteString(string) (int, error)    { return 0, errReadOnly }
func (f *readOnlyFile) Truncate(int64) error               { return errReadOnly }

// SetDoc makes the document at name (absolute) read as rec's rewritten form from now
// on, or, with rec nil, stops treating name as a document.
func (o *Fs) SetDoc(name string, rec *record.Record) {
	name = filepath.Clean(name)
	o.cache.Delete(name)
	if rec == nil {
		delete(o.docs, name)
		return
	}
	o.docs[name] = rec
}

// withoutOthers drops from the listing fis of dir the documents Hugo is not to see.
func (o *Fs) withoutOthers(dir string, fis []os.FileInfo) []os.FileInfo {
	if o.Only == "" {
		return fis
	}
	dir = filepath.Clean(dir)
	rel, err := filepath.Rel(o.Only, dir)
	if err != nil || strings.HasPrefix(rel, "..") {
		return fis
	}
	return slices.DeleteFunc(fis, func(fi os.FileInfo) bool {
		name := filepath.Join(dir, fi.Name())
		if fi.IsDir() {
			return !o.holdsDoc(name) && o.onlyDocuments(name)
		}
		return record.IsDocument(filepath.ToSlash(filepath.Join(rel, fi.Name()))) && o.docs[name] == nil
	})
}

// holdsDoc reports whether the directory dir under Only holds one of o's documents.
func (o *Fs) holdsDoc(dir string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.held == nil || o.heldOf != o.Only {
		o.held, o.heldOf = map[string]bool{}, o.Only
		for doc := range o.docs {
			for d := filepath.Dir(doc); strings.HasPrefix(d, o.Only+string(filepath.Separator)) && !o.held[d]; d = filepath.Dir(d) {
				o.held[d] = true
			}
		}
	}
	return o.held[dir]
}

// onlyDocuments reports whether the directory dir, under Only, holds nothing but
// documents and directories that do: what Hugo would find there is none of its
// part. Anything else (a section's _index.md, a file the check ignores, a link)
// keeps the directory in the listings, as it was. The directory is read by names,
// without a stat per file.
func (o *Fs) onlyDocuments(dir string) bool {
	o.mu.Lock()
	if o.Dirs == nil {
		o.Dirs = &ContentDirs{}
	}
	dirs := o.Dirs
	o.mu.Unlock()
	return dirs.onlyDocuments(o.Only, dir)
}

// ContentDirs is what Fs values found of the directories of a content directory on
// disk: which hold nothing but documents. Share one between the Fs of one build's
// parts (Fs.Dirs); it is safe for concurrent use.
type ContentDirs struct {
	only sync.Map // absolute path → bool
}

// onlyDocuments reports whether the directory dir under the content directory
// content holds nothing but documents (see Fs.onlyDocuments).
func (c *ContentDirs) onlyDocuments(content, dir string) bool {
	if v, ok := c.only.Load(dir); ok {
		return v.(bool)
	}
	entries, err := os.ReadDir(dir)
	only := err == nil
	for _, e := range entries {
		if !only {
			break
		}
		full := filepath.Join(dir, e.Name())
		switch {
		case e.IsDir():
			only = c.onlyDocuments(content, full)
		case e.Type().IsRegular():
			rel, _ := filepath.Rel(content, full)
			only = record.IsDocument(filepath.ToSlash(rel))
		default:
			only = false
		}
	}
	c.only.Store(dir, only)
	return only
}

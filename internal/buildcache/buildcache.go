// Package buildcache keeps what a build made of each shard (one publisher's
// documents) so that the next build can reuse it: the documents' pages as Hugo wrote
// them and what later steps need of each page (its SHA-256, its search text, its
// links), under the key of everything the pages were made from.
//
// A cache is a directory of entries, one per shard:
//
//	DIR/<code>/shard.gob    the key, and one Doc per document in the shard's order (EntryFile)
//	DIR/<code>/pages/…      the pages, one flat directory (FlatName of each page's path)
//	DIR/<code>/search.seg   the shard's search segment (package search), and other files
//	DIR/.portal/            the listings and the portal's own pages kept by the last build (Listings)
//	DIR/.memo/              outputs kept by their content's hash (Memo)
//	DIR/.search/            search segments merged from groups of shards (SearchGroup)
//	DIR/.checks             what checking each document found (ChecksFile)
//	DIR/.outputs/           what the last builds left in the directories they rendered into (Inventory)
//
// The same layout is what `xxgk build --shard` writes for another machine's build
// to assemble, so that shard outputs and the cache are one thing. An entry is
// written beside its place and renamed into it, so a reader sees an old entry or a
// new one, never half of one.
//
// Pages are kept in one directory per entry, not at their paths in the portal: a
// directory costs a file system far more to make (and to remove) than a file or a
// link, and every document's page has a directory of its own in the portal.
package buildcache

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"xxgk/internal/publish"
)

// Format is the version of the entries' layout; an entry of another version is
// not used.
const Format = 4

// EntryFile is the file of an entry that holds its Shard, in encoding/gob: a
// rebuild reads every shard's (a city's portal has thousands, 120 MB of them), and
// gob decodes them ten times faster than JSON did.
const EntryFile = "shard.gob"

// FlatName is the name under which an entry keeps the page at path (slash-separated):
// the path with % and / escaped, or, where that would be too long a file name, a
// hash of it.
func FlatName(path string) string {
	name := flatEscaper.Replace(path)
	if len(name) > 200 {
		sum := sha256.Sum256([]byte(path))
		return "h-" + hex.EncodeToString(sum[:16])
	}
	return name
}

var flatEscaper = strings.NewReplacer("%", "%25", "/", "%2F")

// Doc is what a shard's build keeps of one document's page.
type Doc struct {
	Page string // the page, slash-separated, relative to the portal (record.Record.Page)
	Sum  string // the page's SHA-256, hexadecimal
	// Excerpt is the beginning of the page's text, for the catalogue stub; the
	// whole text, for the search index, is kept apart (Texts).
	Excerpt string
	// Links are the references the page holds, for the link check, as indexes
	// into the shard's Refs.
	Links []int
}

// Shard is one entry: the documents of one shard, built under Key.
type Shard struct {
	Format int
	Code   string // the publisher's code
	Key    string // the hash of everything the pages were made from
	// Refs is every reference the shard's pages hold, once: they share most of
	// them (the navigation, their listings), and a city's 100,000 pages of 60
	// references each would otherwise be six million strings to decode.
	Refs []string
	Docs []Doc

	refs refTable // numbers Refs while the entry is made
}

// AddDoc appends d to the shard's documents with the references links.
func (s *Shard) AddDoc(d Doc, links []string) {
	s.refs.table = s.Refs
	d.Links = s.refs.number(links)
	s.Refs = s.refs.table
	s.Docs = append(s.Docs, d)
}

// Links returns the references of the document d of the shard.
func (s *Shard) Links(d Doc) []string { return refsOf(s.Refs, d.Links) }

// A refTable numbers references, each once, for files that keep theirs as indexes
// into one table of them.
type refTable struct {
	table []string
	index map[string]int
}

// number returns the indexes of refs in the table, adding the new ones.
func (t *refTable) number(refs []string) []int {
	if t.index == nil {
		t.index = make(map[string]int, len(t.table))
		for i, r := range t.table {
			t.index[r] = i
		}
	}
	ids := make([]int, len(refs))
	for i, r := range refs {
		id, ok := t.index[r]
		if !ok {
			id = len(t.table)
			t.index[r] = id
			t.table = append(t.table, r)
		}
		ids[i] = id
	}
	return ids
}

// refsOf returns the references of table numbered ids.
func refsOf(table []string, ids []int) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = table[id]
	}
	return out
}

// inTable says whether every one of ids indexes a table of n references.
func inTable(ids []int, n int) bool {
	for _, id := range ids {
		if id < 0 || id >= n {
			return false
		}
	}
	return true
}

// Cache is a directory of shard entries.
type Cache struct {
	Dir string

	mu   sync.Mutex
	used map[string]bool // what Memo was asked for
}

// Open returns the cache in dir, creating the directory when needed.
func Open(dir string) (*Cache, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return &Cache{Dir: dir}, nil
}

func (c *Cache) entry(code string) string { return filepath.Join(c.Dir, code) }

// ChecksFile is the file in the cache directory dir where a build keeps what
// checking each document found, for the next build's check (record.CheckCache).
func ChecksFile(dir string) string { return filepath.Join(dir, ".checks") }

// Keeps reports whether name, a file or directory in a cache directory whose name
// begins with a dot, is part of the cache (the listings, the memo, the checks):
// any other such name is what a build left behind (its working directories).
func Keeps(name string) bool {
	return name == ".portal" || name == ".memo" || name == ".search" || name == ".outputs" || name == filepath.Base(ChecksFile(""))
}

// SearchGroup is the file where the cache keeps, under key, the search segment
// merged from a group of shards' segments (search.MergeSegments).
func (c *Cache) SearchGroup(key string) string {
	return filepath.Join(c.Dir, ".search", key+".seg")
}

// KeepSearchGroup writes the merged segment that write writes into SearchGroup(key),
// whole or not at all.
func (c *Cache) KeepSearchGroup(key string, write func(io.Writer) error) error {
	name := c.SearchGroup(key)
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	return publish.WriteWith(name, write)
}

// PruneSearchGroups removes the merged segments kept under other keys than used.
func (c *Cache) PruneSearchGroups(used map[string]bool) error {
	dir := filepath.Join(c.Dir, ".search")
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, e := range entries {
		if key, ok := strings.CutSuffix(e.Name(), ".seg"); !ok || !used[key] {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
	return nil
}

// Load returns the entry of the shard code when it was built under key; false when
// there is none, it was built from other inputs, or it cannot be read (a damaged
// entry is built again rather than trusted).
func (c *Cache) Load(code, key string) (*Shard, bool) {
	s, err := read(c.entry(code))
	if err != nil || s.Key != key || s.Code != code {
		return nil, false
	}
	pages := filepath.Join(c.entry(code), "pages")
	var paths []string
	for _, d := range s.Docs {
		paths = append(paths, d.Page)
	}
	if !unchanged(filepath.Join(c.entry(code), EntryFile), pages, paths) {
		return nil, false
	}
	return s, true
}

// unchanged says whether the files paths under dir all exist and none was written
// after the record made last of them: the pages placed in a portal are hard links
// to these, and a page changed there in place is changed here too.
func unchanged(record, dir string, paths []string) bool {
	fi, err := os.Stat(record)
	if err != nil {
		return false
	}
	for _, p := range paths {
		pi, err := os.Stat(filepath.Join(dir, FlatName(p)))
		if err != nil || pi.ModTime().After(fi.ModTime()) {
			return false
		}
	}
	return true
}

// Lookup returns the entry of the shard code whatever its key: assembly tells a
// missing shard from one built from other inputs.
func (c *Cache) Lookup(code string) (*Shard, error) { return read(c.entry(code)) }

func read(dir string) (*Shard, error) {
	b, err := os.ReadFile(filepath.Join(dir, EntryFile))
	if err != nil {
		return nil, err
	}
	var s Shard
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&s); err != nil {
		return nil, err
	}
	if s.Format != Format {
		return nil, fmt.Errorf("%s: 格式版本 %d，本程序使用 %d", dir, s.Format, Format)
	}
	for _, d := range s.Docs {
		if !inTable(d.Links, len(s.Refs)) {
			return nil, fmt.Errorf("%s: 文档 %s 的链接编号超出范围", dir, d.Page)
		}
	}
	return &s, nil
}

// File is where the entry of the shard code keeps its file name (Writer.File).
func (c *Cache) File(code, name string) string { return filepath.Join(c.entry(code), name) }

// Writer is an entry being written.
type Writer struct {
	c    *Cache
	code string
	tmp  string
}

// Create starts a new entry for the shard code; Commit puts it in place of the old.
func (c *Cache) Create(code string) (*Writer, error) {
	tmp, err := os.MkdirTemp(c.Dir, "."+code+"-")
	if err != nil {
		return nil, err
	}
	if err := os.Mkdir(filepath.Join(tmp, "pages"), 0o755); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	return &Writer{c: c, code: code, tmp: tmp}, nil
}

// Page is where the entry keeps the page page (slash-separated); its directory exists.
func (w *Writer) Page(page string) string {
	return filepath.Join(w.tmp, "pages", FlatName(page))
}

// File is where the entry keeps a file of its own beside its pages, such as the
// shard's search segment.
func (w *Writer) File(name string) string { return filepath.Join(w.tmp, name) }

// Commit writes the entry's EntryFile and puts the entry in place of the old one.
func (w *Writer) Commit(s *Shard) error {
	s.Format, s.Code = Format, w.code
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(s); err != nil {
		return err
	}
	// Written last: its time says when the entry was complete (see unchanged).
	if err := os.WriteFile(filepath.Join(w.tmp, EntryFile), b.Bytes(), 0o644); err != nil {
		return err
	}
	return replace(w.tmp, w.c.entry(w.code))
}

// Abandon removes an entry that will not be committed.
func (w *Writer) Abandon() { os.RemoveAll(w.tmp) }

// PagePath is where the entry of the shard code keeps the page page (slash-separated).
func (c *Cache) PagePath(code, page string) string {
	return filepath.Join(c.entry(code), "pages", FlatName(page))
}

// Place puts the pages of the entry code into the portal directory out.
func (c *Cache) Place(code string, s *Shard, out string) error {
	return c.PlaceMissing(code, s, out, nil)
}

// PlaceMissing is Place for an out that already holds, as links to this entry's
// files, the pages in there (record.Record.Page): those are left as they are, with
// no system call (a city's portal has 100,000 of them).
func (c *Cache) PlaceMissing(code string, s *Shard, out string, there map[string]bool) error {
	pages := filepath.Join(c.entry(code), "pages")
	for _, d := range s.Docs {
		if there[d.Page] {
			continue
		}
		if err := link(filepath.Join(pages, FlatName(d.Page)), filepath.Join(out, filepath.FromSlash(d.Page))); err != nil {
			return err
		}
	}
	return nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// A Listing is a group of portal pages kept for reuse, made under Key: the pages of
// one taxonomy term (its listing, the pages of its pager, its feed), or the portal's
// own pages (the home page, the register, the sitemap…).
type Listing struct {
	Key   string `json:"key"`
	Files []File `json:"files"`
	// Pages, for the portal's own pages, is how many pages Hugo held when it
	// rendered them (the build's count of its pages).
	Pages int `json:"pages,omitempty"`
}

// File is one page of a listing.
type File struct {
	Path  string   `json:"path"`            // slash-separated, relative to the portal
	Links []string `json:"links,omitempty"` // its references, for the link check
}

// listings is listings.json: the listings with their files' references as indexes
// into Refs, where each is kept once (a listing's pages share the navigation and
// the documents they list).
type listings struct {
	Format   int                    `json:"format"`
	Refs     []string               `json:"refs"`
	Listings map[string]keptListing `json:"listings"`
}

type keptListing struct {
	Key   string     `json:"key"`
	Files []keptFile `json:"files"`
	Pages int        `json:"pages,omitempty"`
}

type keptFile struct {
	Path  string `json:"path"`
	Links []int  `json:"links,omitempty"`
}

func (c *Cache) portal() string { return filepath.Join(c.Dir, ".portal") }

// Listings returns the listings kept by the last build (none when there are none
// or they cannot be read).
func (c *Cache) Listings() map[string]Listing {
	b, err := os.ReadFile(filepath.Join(c.portal(), "listings.json"))
	if err != nil {
		return nil
	}
	var l listings
	if json.Unmarshal(b, &l) != nil || l.Format != Format {
		return nil
	}
	out := make(map[string]Listing, len(l.Listings))
	for id, kl := range l.Listings {
		ls := Listing{Key: kl.Key, Pages: kl.Pages, Files: make([]File, len(kl.Files))}
		paths := make([]string, len(kl.Files))
		for i, f := range kl.Files {
			if !inTable(f.Links, len(l.Refs)) {
				return nil // damaged
			}
			ls.Files[i], paths[i] = File{Path: f.Path, Links: refsOf(l.Refs, f.Links)}, f.Path
		}
		if unchanged(filepath.Join(c.portal(), "listings.json"), filepath.Join(c.portal(), "files"), paths) {
			out[id] = ls
		}
	}
	return out
}

// PlaceListing puts the files of l, kept by the last build, into out, but for those
// there says are in out already as links to them.
func (c *Cache) PlaceListing(l Listing, out string, there map[string]bool) error {
	for _, f := range l.Files {
		if there[f.Path] {
			continue
		}
		if err := link(filepath.Join(c.portal(), "files", FlatName(f.Path)), filepath.Join(out, filepath.FromSlash(f.Path))); err != nil {
			return err
		}
	}
	return nil
}

// SaveListings keeps m, whose files are in out, for the next build, in place of
// what the last build kept.
func (c *Cache) SaveListings(out string, m map[string]Listing) error {
	tmp, err := os.MkdirTemp(c.Dir, ".portal-")
	if err != nil {
		return err
	}
	for _, l := range m {
		for _, f := range l.Files {
			if err := link(filepath.Join(out, filepath.FromSlash(f.Path)), filepath.Join(tmp, "files", FlatName(f.Path))); err != nil {
				os.RemoveAll(tmp)
				return err
			}
		}
	}
	kept := listings{Format: Format, Listings: make(map[string]keptListing, len(m))}
	var refs refTable
	for _, id := range slices.Sorted(maps.Keys(m)) { // the same listings, the same file
		l := m[id]
		kl := keptListing{Key: l.Key, Pages: l.Pages, Files: make([]keptFile, len(l.Files))}
		for i, f := range l.Files {
			kl.Files[i] = keptFile{Path: f.Path, Links: refs.number(f.Links)}
		}
		kept.Listings[id] = kl
	}
	kept.Refs = refs.table
	b, err := json.Marshal(kept)
	if err == nil {
		err = os.WriteFile(filepath.Join(tmp, "listings.json"), b, 0o644)
	}
	if err == nil {
		err = replace(tmp, c.portal())
	}
	if err != nil {
		os.RemoveAll(tmp)
	}
	return err
}

// replace puts the directory tmp in place of final.
func replace(tmp, final string) error {
	old := final + ".old"
	os.RemoveAll(old)
	if err := os.Rename(final, old); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.Rename(tmp, final); err != nil {
		return err
	}
	return os.RemoveAll(old)
}

// link makes to the file from: a hard link where the file system allows (the cache's
// files are never changed in place: new ones replace them whole), a copy elsewhere.
// A link to from already at to is left as it is.
func link(from, to string) error {
	err := os.Link(from, to)
	if errors.Is(err, fs.ErrNotExist) { // to's directory, most often, is not there yet
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			return err
		}
		err = os.Link(from, to)
	}
	if errors.Is(err, fs.ErrExist) {
		if SameFile(from, to) {
			return nil
		}
		// Never write through a link into the cache: replace what is there.
		if err := os.Remove(to); err != nil {
			return err
		}
		err = os.Link(from, to)
	}
	if err == nil {
		return nil
	}
	if err := os.Remove(to); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return copyFile(from, to)
}

// SameFile says whether the paths a and b are the same file (hard links to it).
func SameFile(a, b string) bool {
	ai, err := os.Lstat(a)
	if err != nil {
		return false
	}
	bi, err := os.Lstat(b)
	return err == nil && os.SameFile(ai, bi)
}

// Memo returns the bytes kept under key by this build or the last, or makes them
// with make and keeps them: for outputs that cost more to make than to store, such
// as a publisher's register workbook. It is safe for concurrent use.
func (c *Cache) Memo(key [32]byte, make func() ([]byte, error)) ([]byte, error) {
	name := filepath.Join(c.Dir, ".memo", hex.EncodeToString(key[:]))
	c.mu.Lock()
	if c.used == nil {
		c.used = map[string]bool{}
	}
	c.used[filepath.Base(name)] = true
	c.mu.Unlock()
	if b, err := os.ReadFile(name); err == nil {
		return b, nil
	}
	b, err := make()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return nil, err
	}
	if err := publish.WriteFile(name, b); err != nil {
		return nil, err
	}
	return b, nil
}

// PruneMemo removes what Memo kept and this build did not ask for.
func (c *Cache) PruneMemo() error {
	entries, err := os.ReadDir(filepath.Join(c.Dir, ".memo"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, e := range entries {
		if !c.used[e.Name()] {
			os.Remove(filepath.Join(c.Dir, ".memo", e.Name()))
		}
	}
	return nil
}

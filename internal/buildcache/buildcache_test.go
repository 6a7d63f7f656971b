package buildcache

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func write(t *testing.T, name, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeEntry writes s as an entry's EntryFile name.
func writeEntry(t *testing.T, name string, s *Shard) {
	t.Helper()
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(s); err != nil {
		t.Fatal(err)
	}
	write(t, name, b.String())
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// commit writes an entry for code under key holding one page with content.
func commit(t *testing.T, c *Cache, code, key, content string) {
	t.Helper()
	w, err := c.Create(code)
	if err != nil {
		t.Fatal(err)
	}
	write(t, w.Page(code+"/a/index.html"), content)
	if err := w.Commit(&Shard{Key: key, Docs: []Doc{{Page: code + "/a/index.html", Sum: "00", Excerpt: "正文"}}}); err != nil {
		t.Fatal(err)
	}
}

// TestEntries: an entry is found under its key only; a new one replaces the old
// whole; a damaged one is not used; Place puts the pages where the portal has them,
// and an entry whose placed page was written in place afterwards (a hard link shares
// it with the cache) is not used again.
func TestEntries(t *testing.T) {
	c, err := Open(filepath.Join(t.TempDir(), "cache"))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Load("lxzz", "k1"); ok {
		t.Fatal("an empty cache found an entry")
	}
	commit(t, c, "lxzz", "k1", "一")
	commit(t, c, "lxjyj", "k9", "九")
	if _, ok := c.Load("lxzz", "k2"); ok {
		t.Error("found an entry under another key")
	}
	s, ok := c.Load("lxzz", "k1")
	if !ok || s.Code != "lxzz" || len(s.Docs) != 1 || s.Docs[0].Excerpt != "正文" {
		t.Fatalf("Load = %+v, %v", s, ok)
	}
	commit(t, c, "lxzz", "k2", "二")
	if _, ok := c.Load("lxzz", "k1"); ok {
		t.Error("the replaced entry is still found")
	}
	s, _ = c.Load("lxzz", "k2")
	out := t.TempDir()
	write(t, filepath.Join(out, "lxzz/a/index.html"), "旧页面")
	if err := c.Place("lxzz", s, out); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, filepath.Join(out, "lxzz/a/index.html")); got != "二" {
		t.Errorf("placed page holds %q", got)
	}
	// A page the caller says is there already is left alone, unlooked at.
	elsewhere := t.TempDir()
	if err := c.PlaceMissing("lxzz", s, elsewhere, map[string]bool{"lxzz/a/index.html": true}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(elsewhere, "lxzz/a/index.html")); !os.IsNotExist(err) {
		t.Errorf("PlaceMissing placed a page it was told is there: %v", err)
	}
	touchLater(t, filepath.Join(out, "lxzz/a/index.html"), "改写")
	if got := readFile(t, c.PagePath("lxzz", "lxzz/a/index.html")); got != "二" {
		if _, ok := c.Load("lxzz", "k2"); ok {
			t.Errorf("the page was changed in place through the portal (%q) and the entry is still used", got)
		}
	}
	if _, ok := c.Load("lxjyj", "k9"); !ok {
		t.Fatal("the entry lxjyj is not found")
	}
	entry := c.File("lxjyj", EntryFile)
	good := readFile(t, entry)
	writeEntry(t, entry, &Shard{Format: 999, Code: "lxjyj", Key: "k9"})
	if _, ok := c.Load("lxjyj", "k9"); ok {
		t.Error("an entry of another format was used")
	}
	write(t, entry, good[:len(good)-5])
	if _, ok := c.Load("lxjyj", "k9"); ok {
		t.Error("a damaged entry was used")
	}
	leftovers, _ := filepath.Glob(filepath.Join(c.Dir, ".*"))
	if len(leftovers) > 0 {
		t.Errorf("left behind %v", leftovers)
	}
}

// touchLater writes content into name in place, a second after now as far as its
// modification time goes (file systems keep times coarsely).
func touchLater(t *testing.T, name, content string) {
	t.Helper()
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(content)
	f.Close()
	later := time.Now().Add(time.Second)
	if err := os.Chtimes(name, later, later); err != nil {
		t.Fatal(err)
	}
}

// TestListings: the listings kept by one build are found by the next, with their
// files; keeping a new set replaces the old one whole.
func TestListings(t *testing.T) {
	c, err := Open(filepath.Join(t.TempDir(), "cache"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Listings() != nil {
		t.Fatal("an empty cache has listings")
	}
	out := t.TempDir()
	write(t, filepath.Join(out, "years/2024/index.html"), "2024")
	write(t, filepath.Join(out, "years/2024/page/2/index.html"), "2024-2")
	write(t, filepath.Join(out, "years/2025/index.html"), "2025")
	keep := map[string]Listing{
		"years/2024": {Key: "a", Files: []File{{Path: "years/2024/index.html", Links: []string{"/css/site.css", "/years/2024/page/2/"}}, {Path: "years/2024/page/2/index.html", Links: []string{"/css/site.css", "../"}}}},
		"years/2025": {Key: "b", Files: []File{{Path: "years/2025/index.html", Links: []string{"/css/site.css"}}}, Pages: 7},
	}
	if err := c.SaveListings(out, keep); err != nil {
		t.Fatal(err)
	}
	got := c.Listings()
	if fmt.Sprint(got) != fmt.Sprint(keep) {
		t.Fatalf("Listings = %+v\nwant %+v", got, keep)
	}
	// Each reference is kept once; a file pointing past them damages the listings.
	name := filepath.Join(c.Dir, ".portal", "listings.json")
	b := readFile(t, name)
	if n := strings.Count(b, "/css/site.css"); n != 1 {
		t.Errorf("listings.json holds /css/site.css %d times, want once", n)
	}
	write(t, name, strings.Replace(b, `"links":[0`, `"links":[99`, 1))
	if got := c.Listings(); got != nil {
		t.Errorf("damaged listings.json gave %+v", got)
	}
	touchLater(t, name, b) // as it was (written after the files, as a build writes it)
	if got := c.Listings(); len(got) != 2 {
		t.Fatalf("listings.json restored: %d listings", len(got))
	}
	next := t.TempDir()
	if err := c.PlaceListing(got["years/2024"], next, nil); err != nil {
		t.Fatal(err)
	}
	if readFile(t, filepath.Join(next, "years/2024/page/2/index.html")) != "2024-2" {
		t.Error("placed listing lacks its pager page")
	}
	if err := c.SaveListings(next, map[string]Listing{"years/2024": got["years/2024"]}); err != nil {
		t.Fatal(err)
	}
	if got := c.Listings(); len(got) != 1 {
		t.Errorf("after keeping one listing, %d are kept", len(got))
	}
	touchLater(t, filepath.Join(next, "years/2024/page/2/index.html"), "改写")
	if got := c.Listings(); len(got) != 0 && readFile(t, filepath.Join(c.Dir, ".portal/files", FlatName("years/2024/page/2/index.html"))) == "改写" {
		t.Errorf("a listing changed in place through the portal is still used")
	}
	if _, err := os.Stat(filepath.Join(c.Dir, ".portal/files", FlatName("years/2025/index.html"))); err == nil {
		t.Error("a listing no longer kept left its file")
	}
}

// TestMemo: what Memo made once it returns again without making it; PruneMemo keeps
// what this build asked for and removes the rest.
func TestMemo(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cache")
	c, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	made := 0
	mk := func(s string) func() ([]byte, error) {
		return func() ([]byte, error) { made++; return []byte(s), nil }
	}
	a, b := [32]byte{1}, [32]byte{2}
	for range 2 {
		if got, err := c.Memo(a, mk("甲")); err != nil || string(got) != "甲" {
			t.Fatalf("Memo = %q, %v", got, err)
		}
	}
	c.Memo(b, mk("乙"))
	if made != 2 {
		t.Errorf("made %d times, want 2", made)
	}
	next, _ := Open(dir) // the next build asks for a only
	if got, _ := next.Memo(a, mk("新")); string(got) != "甲" {
		t.Errorf("the next build got %q", got)
	}
	if err := next.PruneMemo(); err != nil {
		t.Fatal(err)
	}
	if got, _ := next.Memo(b, mk("乙二")); string(got) != "乙二" {
		t.Errorf("after pruning, b is still kept: %q", got)
	}
}

// TestLink: a cached file is put at its place in a new tree, its directories made
// as needed, in place of what is there (never written through it into the cache).
func TestLink(t *testing.T) {
	dir := t.TempDir()
	from := filepath.Join(dir, "cache", "page.html")
	os.MkdirAll(filepath.Dir(from), 0o755)
	os.WriteFile(from, []byte("cached"), 0o644)
	other := filepath.Join(dir, "other.html")
	os.WriteFile(other, []byte("other"), 0o644)
	out := filepath.Join(dir, "out")
	os.MkdirAll(filepath.Join(out, "here"), 0o755)
	os.Link(other, filepath.Join(out, "here", "linked.html")) // a link to another file
	for _, to := range []string{
		"top.html",         // in an existing directory
		"a/index.html",     // its directory made
		"b/c/d/index.html", // several made
		"here/linked.html", // replacing a link to another file
	} {
		if err := link(from, filepath.Join(out, filepath.FromSlash(to))); err != nil {
			t.Fatalf("%s: %v", to, err)
		}
		if b, _ := os.ReadFile(filepath.Join(out, filepath.FromSlash(to))); string(b) != "cached" {
			t.Errorf("%s holds %q", to, b)
		}
	}
	if b, _ := os.ReadFile(other); string(b) != "other" {
		t.Errorf("the file linked before was written through: %q", b)
	}
	if err := link(filepath.Join(dir, "cache", "gone.html"), filepath.Join(out, "e", "index.html")); err == nil || !strings.Contains(err.Error(), "gone.html") {
		t.Errorf("a missing cached file: %v", err)
	}
}

// BenchmarkLink puts 10,000 cached pages, each in its own directory as a document's
// page is, into a new tree: what a build does for every page it does not render.
func BenchmarkLink(b *testing.B) {
	dir := b.TempDir()
	from := filepath.Join(dir, "page.html")
	os.WriteFile(from, []byte("<html></html>"), 0o644)
	for i := 0; b.Loop(); i++ {
		out := filepath.Join(dir, "out", strconv.Itoa(i))
		for p := range 10000 {
			if err := link(from, filepath.Join(out, "pub"+strconv.Itoa(p%100), strconv.Itoa(p), "index.html")); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// TestFlatName: every page of an entry has a name of its own in one directory, a
// file name any file system takes.
func TestFlatName(t *testing.T) {
	long := strings.Repeat("教育教学/", 30) + "index.html"
	tests := []struct{ path, want string }{
		{"lxzz/lxzz-2024-00003/index.html", "lxzz%2Flxzz-2024-00003%2Findex.html"},
		{"categories/业务工作/招生考试/page/2/index.html", "categories%2F业务工作%2F招生考试%2Fpage%2F2%2Findex.html"},
		{"a%2Fb/index.html", "a%252Fb%2Findex.html"}, // not the name of a/b/index.html
		{"a/b/index.html", "a%2Fb%2Findex.html"},
		{"index.xml", "index.xml"},
	}
	for _, tt := range tests {
		if got := FlatName(tt.path); got != tt.want {
			t.Errorf("FlatName(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
	h := FlatName(long)
	if len(h) > 200 || strings.Contains(h, "/") || h == FlatName(long+"x") {
		t.Errorf("FlatName of a %d-byte path = %q", len(long), h)
	}
}

// TestShardLinks: a shard's pages' references come back from its entry as they were
// added, each kept once in the entry's table; an entry whose page points past the
// table is damaged and not used.
func TestShardLinks(t *testing.T) {
	c, err := Open(filepath.Join(t.TempDir(), "cache"))
	if err != nil {
		t.Fatal(err)
	}
	pages := map[string][]string{
		"lxzz/a/index.html": {"/css/site.css", "/categories/c1/", "../b/", "/css/site.css"},
		"lxzz/b/index.html": {"/css/site.css", "../a/", "/categories/c1/"},
		"lxzz/c/index.html": nil,
	}
	w, err := c.Create("lxzz")
	if err != nil {
		t.Fatal(err)
	}
	s := &Shard{Key: "k"}
	for _, p := range []string{"lxzz/a/index.html", "lxzz/b/index.html", "lxzz/c/index.html"} {
		write(t, w.Page(p), p)
		s.AddDoc(Doc{Page: p, Sum: "00"}, pages[p])
	}
	if err := w.Commit(s); err != nil {
		t.Fatal(err)
	}
	got, ok := c.Load("lxzz", "k")
	if !ok {
		t.Fatal("entry not found")
	}
	if len(got.Refs) != 4 {
		t.Errorf("table %q: want each of the 4 references once", got.Refs)
	}
	for _, d := range got.Docs {
		if l := got.Links(d); strings.Join(l, " ") != strings.Join(pages[d.Page], " ") {
			t.Errorf("%s: links %q, want %q", d.Page, l, pages[d.Page])
		}
	}
	// A link number outside the table: the entry is damaged.
	got.Docs[0].Links[0] = len(got.Refs)
	writeEntry(t, c.File("lxzz", EntryFile), got)
	if _, ok := c.Load("lxzz", "k"); ok {
		t.Error("an entry with a link outside its table was used")
	}
}

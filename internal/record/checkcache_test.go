package record

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"xxgk/internal/annualreport"
)

// checkCacheSite is a site whose documents give the check cache every kind of
// record and problem to keep or refuse: warnings of the wording rules, dates with
// times, offsets and revisions, attachments (one with personal information), a
// draft (which sets its weight), an error of its own, a clash between documents.
func checkCacheSite(t *testing.T) string {
	t.Helper()
	other := func(serial, title string) string {
		return strings.NewReplacer("00003", serial, "2024年工作计划", title).Replace(validFM)
	}
	dir := writeSite(t, map[string]string{
		"data/wording.toml":            "[[term]]\nright = \"临溪县职业中等专业学校\"\nwrong = [\"临溪职专\"]\n",
		"content/_index.md":            "+++\ntitle = \"首页\"\n+++\n",
		"content/lxzz/2024/a.md":       string(doc(validFM + "keywords = [\"计划\"]\nwritten = 2024-02-20\nrevisions = [{ date = 2024-03-05T10:30:00, note = \"更正日期\" }]\n")),
		"content/lxzz/2024/b.md":       "+++\n" + other("00004", "2024年学生资助工作计划") + "+++\n\n临溪职专今年继续做好资助工作。\n",
		"content/lxzz/2024/c.md":       string(doc(strings.Replace(other("00005", "2024年教研计划"), "date = 2024-02-26", "date = 2024-02-26T08:00:00+09:00", 1) + "abolished = 2030-01-01\n")),
		"content/lxzz/2024/d.md":       string(doc(other("00006", "2024年招生计划") + "attachments = [{ title = \"名单\", file = \"attachments/names.csv\" }, { title = \"缺\", file = \"attachments/none.pdf\" }]\n")),
		"content/lxzz/2024/e.md":       string(doc(other("00007", "2024年草稿计划") + "draft = true\nsummary = \"内容概述\"\nweight = 5\n")),
		"content/lxzz/2024/f.md":       string(doc(other("00008", "2024年错误计划") + "date2 = 2024-01-01\n")),
		"content/lxzz/2024/g.md":       string(doc(other("00004", "2024年重号计划"))),
		"content/lxzz/2024/h.md":       "+++\n" + other("00009", "2024年公式计划") + "+++\n\n第一行。\n\n第二行写临溪职专。\n",
		"static/attachments/names.csv": "姓名,身份证号\n张三,110101199003077777\n",
	})
	return dir
}

// loadBoth loads dir without a cache and twice with one (the first fills it), and
// returns the plain set and the second cached one.
func loadBoth(t *testing.T, dir string, cache *CheckCache) (plain, cached *Set) {
	t.Helper()
	plain, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := LoadCached(dir, cache); err != nil {
		t.Fatal(err)
	}
	if cached, err = LoadCached(dir, cache); err != nil {
		t.Fatal(err)
	}
	return plain, cached
}

func sameSets(t *testing.T, name string, plain, cached *Set) {
	t.Helper()
	if len(plain.Records) != len(cached.Records) {
		t.Fatalf("%s: %d records, want %d", name, len(cached.Records), len(plain.Records))
	}
	for i, r := range plain.Records {
		c := cached.Records[i]
		if c.Raw == nil { // trusted unread: its bytes and front matter are the file's
			if b, err := c.Bytes(); err != nil || !bytes.Equal(b, r.Raw) {
				t.Errorf("%s: %s: Bytes = %q, %v; want the file", name, r.Path, b, err)
			}
			if c.FrontMatterSum() != r.FrontMatterSum() {
				t.Errorf("%s: %s: FrontMatterSum differs from the file's", name, r.Path)
			}
			unread := *r
			unread.Raw, unread.partial, unread.head = nil, true, r.FrontMatterSum()
			r = &unread
		}
		if !reflect.DeepEqual(r, c) {
			got, want := *c, *r
			got.Raw, want.Raw = nil, nil // the same bytes, read from the same file
			t.Errorf("%s: %s read from the cache:\n%+v\nwant\n%+v", name, r.Path, got, want)
		}
	}
	if !reflect.DeepEqual(plain.Problems, cached.Problems) {
		t.Errorf("%s: problems from the cache:\n%v\nwant\n%v", name, cached.Problems, plain.Problems)
	}
}

// TestCheckCacheSameAsCheck: a load whose documents' checks come from the cache
// gives the records and problems a load without it gives, on the repository's
// sample site and on a site of every kind of record and problem.
func TestCheckCacheSameAsCheck(t *testing.T) {
	defer func(s time.Duration) { settle = s }(settle)
	settle = 0 // the files were written just now
	for name, dir := range map[string]string{"sample": filepath.Join("..", ".."), "kinds": checkCacheSite(t)} {
		cache := &CheckCache{File: filepath.Join(t.TempDir(), "checks"), Version: "test"}
		plain, cached := loadBoth(t, dir, cache)
		sameSets(t, name, plain, cached)
		cache.Trust = true
		_, trusted := loadBoth(t, dir, cache)
		sameSets(t, name+", trusted", plain, trusted)
		kept := readChecks(cache.File, mustInputs(t, dir, "test"))
		if len(kept) == 0 {
			t.Fatalf("%s: the cache keeps nothing", name)
		}
		for _, r := range plain.Records {
			k := kept[r.Path]
			if ownError(plain, r.Path) {
				if k != nil {
					t.Errorf("%s: %s has an error of its own but was kept", name, r.Path)
				}
			} else if k == nil {
				t.Errorf("%s: %s was not kept", name, r.Path)
			}
		}
	}
}

func ownError(s *Set, path string) bool {
	for _, p := range s.own[path] {
		if p.Severity == Error {
			return true
		}
	}
	return false
}

func mustInputs(t *testing.T, dir, version string) [32]byte {
	t.Helper()
	in, err := checkInputs(dir, version)
	if err != nil {
		t.Fatal(err)
	}
	return in
}

// TestCheckCacheUsed: what the cache holds for a document's bytes is what the load
// returns (so the check is not done again), and it is not used for other bytes,
// another program, other registries or other wording rules.
func TestCheckCacheUsed(t *testing.T) {
	dir := checkCacheSite(t)
	cache := &CheckCache{File: filepath.Join(t.TempDir(), "checks"), Version: "v1"}
	if _, err := LoadCached(dir, cache); err != nil {
		t.Fatal(err)
	}
	// Mark every kept record, as if the check of that program had found it so.
	poison := func() {
		t.Helper()
		kept := readChecks(cache.File, mustInputs(t, dir, cache.Version))
		var docs []checked
		for _, k := range kept {
			k.Rec.Title = "缓存中的标题"
			docs = append(docs, *k)
		}
		writeChecks(cache.File, mustInputs(t, dir, cache.Version), docs)
	}
	titles := func(c *CheckCache) map[string]string {
		t.Helper()
		set, err := LoadCached(dir, c)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		for _, r := range set.Records {
			m[r.Path] = r.Title
		}
		return m
	}
	poison()
	if got := titles(cache)["content/lxzz/2024/a.md"]; got != "缓存中的标题" {
		t.Fatalf("title %q: the cache was not used", got)
	}
	changes := []struct {
		name   string
		change func()
		cache  CheckCache
	}{
		{"document edited", func() {
			os.WriteFile(filepath.Join(dir, "content/lxzz/2024/a.md"), doc(validFM+"keywords = [\"改\"]\n"), 0o644)
		}, *cache},
		{"another program", func() {}, CheckCache{File: cache.File, Version: "v2"}},
		{"registry", func() {
			appendFile(t, filepath.Join(dir, "data/genres.toml"), "\n[[genre]]\nname = \"工作总结\"\ncategory = \"规划统计/规划计划\"\n")
		}, *cache},
		{"wording", func() { appendFile(t, filepath.Join(dir, "data/wording.toml"), "\n[[forbidden]]\ntext = \"大概\"\n") }, *cache},
	}
	for _, c := range changes {
		poison()
		c.change()
		got := titles(&c.cache)
		if got["content/lxzz/2024/a.md"] == "缓存中的标题" {
			t.Errorf("%s: the cache was used", c.name)
		}
		if c.name == "document edited" && got["content/lxzz/2024/b.md"] != "缓存中的标题" {
			t.Errorf("%s: an unchanged document was checked again", c.name)
		}
	}
}

func appendFile(t *testing.T, name, s string) {
	t.Helper()
	f, err := os.OpenFile(name, os.O_APPEND|os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(s); err != nil {
		t.Fatal(err)
	}
}

// TestCheckCacheDamaged: a cache file that cannot be read is no error: the
// documents are checked.
func TestCheckCacheDamaged(t *testing.T) {
	dir := checkCacheSite(t)
	file := filepath.Join(t.TempDir(), "checks")
	for _, content := range []string{"", "not gob", "\x00\x01\x02\x03\x04\x05\x06\x07"} {
		os.WriteFile(file, []byte(content), 0o644)
		plain, err := Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		cached, err := LoadCached(dir, &CheckCache{File: file, Version: "v"})
		if err != nil {
			t.Fatal(err)
		}
		sameSets(t, "damaged", plain, cached)
	}
}

// TestCheckCacheTrust: with Trust, a document whose stamp is the one kept is not read
// (its Raw is nil; Bytes reads it, and refuses it when it changed since), but for an
// annual report; a document changed since, or changed less than settle before the
// load that kept its stamp, is read.
func TestCheckCacheTrust(t *testing.T) {
	defer func(s time.Duration) { settle = s }(settle)
	settle = 0
	// The sample site, with two documents of its own beside its annual reports.
	dir := t.TempDir()
	for _, sub := range []string{"content", "data"} {
		if err := os.CopyFS(filepath.Join(dir, sub), os.DirFS(filepath.Join("..", "..", sub))); err != nil {
			t.Fatal(err)
		}
	}
	for name, content := range map[string]string{"a.md": string(doc(validFM)), "b.md": string(doc(strings.Replace(validFM, "00003", "00004", 1)))} {
		if err := os.WriteFile(filepath.Join(dir, "content/lxzz/2024", name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cache := &CheckCache{File: filepath.Join(t.TempDir(), "checks"), Version: "v", Trust: true}
	reports := 0
	unread := func() map[string]bool {
		t.Helper()
		set, err := LoadCached(dir, cache)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]bool{}
		for _, r := range set.Records {
			m[filepath.Base(r.Path)] = r.Raw == nil
			if r.Genre == annualreport.Genre {
				reports++
				if r.Raw == nil {
					t.Errorf("the annual report %s was not read", r.Path)
				}
			}
		}
		return m
	}
	if got := unread(); got["a.md"] || got["b.md"] {
		t.Fatalf("the first load trusted what it had not read: %v", got)
	}
	if got := unread(); !got["a.md"] || !got["b.md"] || reports == 0 {
		t.Errorf("second load: unread %v (%d annual reports), want a.md and b.md", got, reports)
	}
	appendFile(t, filepath.Join(dir, "content/lxzz/2024/a.md"), "补充一句。\n")
	if got := unread(); got["a.md"] || !got["b.md"] {
		t.Errorf("after a.md was edited: unread %v, want b.md only", got)
	}
	if got := unread(); !got["a.md"] {
		t.Errorf("the load after: a.md not trusted again")
	}

	// Changed after the load that trusted it: Bytes refuses it.
	set, err := LoadCached(dir, cache)
	if err != nil {
		t.Fatal(err)
	}
	b := set.ByPath("content/lxzz/2024/b.md")
	if b == nil || b.Raw != nil {
		t.Fatalf("b.md: %+v, want it trusted", b)
	}
	name := filepath.Join(dir, "content/lxzz/2024/b.md")
	src, _ := os.ReadFile(name)
	os.WriteFile(name, bytes.Replace(src, []byte("工作计划"), []byte("工作安排"), 1), 0o644)
	var ce *ChangedError
	if _, err := b.Bytes(); !errors.As(err, &ce) || ce.Path != b.Path {
		t.Errorf("Bytes of a file changed since its check: %v, want a ChangedError", err)
	}
	if got := unread(); got["b.md"] {
		t.Error("b.md changed in place to the same size: trusted")
	}

	// A file that changed less than settle before the load is not trusted by the
	// next one, however long after: its stamp is not kept (it may have changed again
	// within the same tick of the clock).
	cache.File = filepath.Join(t.TempDir(), "checks")
	settle = time.Hour
	unread()
	settle = 0
	if got := unread(); got["a.md"] || got["b.md"] {
		t.Errorf("stamps kept of files changed within settle: unread %v", got)
	}
	// Without Trust (the preview) every document is read.
	unread()
	cache.Trust = false
	if got := unread(); got["a.md"] || got["b.md"] {
		t.Errorf("without Trust: unread %v", got)
	}
}

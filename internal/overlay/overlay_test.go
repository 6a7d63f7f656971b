package overlay

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/spf13/afero"

	"xxgk/internal/record"
)

// TestDeriveIsTOML: the hand-written TOML of the derived keys parses back to the same
// values, whatever characters a registry's names contain.
func TestDeriveIsTOML(t *testing.T) {
	for _, category := range []string{"规划统计/规划计划", `引号"和\反斜杠/下级`, "控制\x01字符\x7f/制表\t符", "科技、教育/教育/报告"} {
		r := &record.Record{Publisher: "lxzz", Index: "lxzz-2024-00001", Category: category, Genre: `体裁"`, Date: time.Date(2024, 3, 1, 0, 0, 0, 0, record.Shanghai)}
		derived := Derive(r)
		if n := strings.Count(string(derived), "\n"); n != DerivedKeys {
			t.Errorf("%d lines, want %d", n, DerivedKeys)
		}
		var got struct {
			URL        string
			Publishers []string
			Categories []string
			Genres     []string
			Years      []string
		}
		if _, err := toml.Decode(string(derived), &got); err != nil {
			t.Fatalf("%q: %v\n%s", category, err, derived)
		}
		if got.URL != "/lxzz/lxzz-2024-00001/" || got.Publishers[0] != "lxzz" || got.Genres[0] != `体裁"` || got.Years[0] != "2024" ||
			strings.Join(got.Categories, "|") != strings.Join(record.CategoryAncestry(category), "|") {
			t.Errorf("%q decoded as %+v", category, got)
		}
	}
}

// TestAdded: a front-matter line of a document, as Hugo reads it rewritten or as its
// stub (weighed in its taxonomies or not), less Added, is its line in the file on
// disk; other files are read as they are.
func TestAdded(t *testing.T) {
	dir := t.TempDir()
	raw := "+++\ntitle = \"青石县教育局2024年部门预算\"\nindex = \"qsjyj-2024-00003\"\npublisher = \"qsjyj\"\n+++\n\n正文。\n"
	doc := filepath.Join(dir, "content", "qsjyj", "budget.md")
	other := filepath.Join(dir, "content", "guide.md")
	for _, f := range []string{doc, other} {
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, []byte(raw), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r := &record.Record{Path: "content/qsjyj/budget.md", Raw: []byte(raw), Publisher: "qsjyj", Index: "qsjyj-2024-00003",
		Category: "财务", Genre: "预算", Date: time.Date(2024, 3, 1, 0, 0, 0, 0, record.Shanghai)}
	lineOf := func(b []byte, key string) int {
		for i, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, key+" = ") {
				return i + 1
			}
		}
		t.Fatalf("no %s in\n%s", key, b)
		return 0
	}
	for _, as := range []string{"rewritten", "stub", "weighed stub"} {
		o := New(dir, &record.Set{Records: []*record.Record{r}})
		if as != "rewritten" {
			o.Stub = func(*record.Record) string { return "正文。" }
		}
		if as == "weighed stub" {
			o.Order = map[*record.Record]int{r: 7}
		}
		for _, name := range []string{doc, other} {
			b, err := afero.ReadFile(o, name)
			if err != nil {
				t.Fatal(err)
			}
			for _, key := range []string{"title", "publisher"} {
				if got, want := lineOf(b, key)-o.Added(name), lineOf([]byte(raw), key); got != want {
					t.Errorf("%s, %s: %s at line %d less Added %d is %d, want %d", as, name, key, lineOf(b, key), o.Added(name), got, want)
				}
			}
			if name != doc {
				continue
			}
			weighed := 0
			for _, tx := range Terms(r) {
				if strings.Contains(string(b), "\n"+tx.Plural+"_weight = 7\n") {
					weighed++
				}
			}
			if want := map[bool]int{true: OrderKeys}[as == "weighed stub"]; weighed != want {
				t.Errorf("%s weighs the document in %d taxonomies, want %d:\n%s", as, weighed, want, b)
			}
		}
	}
}

// TestOnlyLeavesOthersOut: with Only set, Hugo's listings of the content directory
// hold the part's documents and everything that is not a document, and leave out
// the other documents and the directories that hold nothing else.
func TestOnlyLeavesOthersOut(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{
		"content/search.md",     // a portal page
		"content/a/2024/x.md",   // the part's
		"content/a/2024/y.md",   // another document beside it
		"content/b/2024/z.md",   // another publisher's, nothing else: left out whole
		"content/b/2025/z2.md",  //
		"content/c/_index.md",   // a section's page keeps its directory
		"content/c/2024/w.md",   // but not its directories of documents alone
		"content/d/2024/v.md",   //
		"content/d/2024/.keep",  // anything else keeps its directory
		"content/e/2024/y/u.md", // deeper
	} {
		name := filepath.Join(dir, filepath.FromSlash(f))
		os.MkdirAll(filepath.Dir(name), 0o755)
		os.WriteFile(name, []byte("+++\n+++\n"), 0o644)
	}
	o := New(dir, &record.Set{Records: []*record.Record{{Path: "content/a/2024/x.md"}}})
	o.Only = filepath.Join(dir, "content")
	list := func(rel string) string {
		t.Helper()
		return listNames(t, o, filepath.Join(dir, filepath.FromSlash(rel)))
	}
	for rel, want := range map[string]string{
		"content":        "a c d search.md",
		"content/a":      "2024",
		"content/a/2024": "x.md",
		"content/c":      "_index.md",
		"content/d":      "2024",
		"content/d/2024": ".keep",
	} {
		if got := list(rel); got != want {
			t.Errorf("%s lists %q, want %q", rel, got, want)
		}
	}
}

// listNames is the names in the directory dir as o lists them, sorted, space-separated.
func listNames(t *testing.T, o *Fs, dir string) string {
	t.Helper()
	f, err := o.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	names, err := f.Readdirnames(-1)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(names)
	return strings.Join(names, " ")
}

// TestContentDirsShared: the Fs of a build's parts that share ContentDirs read
// the content tree once — what the first found of another publisher's directory is
// what the next uses (here, a file added since is not seen) — and an Fs of its own
// reads it afresh.
func TestContentDirsShared(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"content/a/2024/x.md", "content/b/2024/z.md", "content/c/2024/w.md"} {
		name := filepath.Join(dir, filepath.FromSlash(f))
		os.MkdirAll(filepath.Dir(name), 0o755)
		os.WriteFile(name, []byte("+++\n+++\n"), 0o644)
	}
	dirs := &ContentDirs{}
	part := func(doc string, shared *ContentDirs) string {
		t.Helper()
		o := New(dir, &record.Set{Records: []*record.Record{{Path: doc}}})
		o.Only, o.Dirs = filepath.Join(dir, "content"), shared
		return listNames(t, o, filepath.Join(dir, "content"))
	}
	if got := part("content/a/2024/x.md", dirs); got != "a" {
		t.Fatalf("first part lists %q, want a", got)
	}
	os.WriteFile(filepath.Join(dir, "content/b/_index.md"), []byte("+++\n+++\n"), 0o644)
	if got := part("content/c/2024/w.md", dirs); got != "c" {
		t.Errorf("a part sharing the first's ContentDirs lists %q, want c (b read once, before its _index.md)", got)
	}
	if got := part("content/c/2024/w.md", nil); got != "b c" {
		t.Errorf("a part of its own lists %q, want b c", got)
	}
}

// TestExtraBeneathDirectoriesNotOnDisk: a file added beneath directories that are
// not on disk (a term's page, content/categories/规划统计/规划计划/_index.md) is
// found by walking the site as Hugo walks it, the directories listed and stat'ed as
// directories, beside what is on disk, with a part of the site (Only) too.
func TestExtraBeneathDirectoriesNotOnDisk(t *testing.T) {
	for _, only := range []bool{false, true} {
		dir := t.TempDir()
		for _, f := range []string{"content/a/2024/x.md", "content/publishers/a/_index.md"} {
			name := filepath.Join(dir, filepath.FromSlash(f))
			os.MkdirAll(filepath.Dir(name), 0o755)
			os.WriteFile(name, []byte("+++\n+++\n"), 0o644)
		}
		o := New(dir, &record.Set{Records: []*record.Record{{Path: "content/a/2024/x.md"}}})
		if only {
			o.Only = filepath.Join(dir, "content")
		}
		added := map[string]string{
			"content/categories/规划统计/_index.md":      "规划统计",
			"content/categories/规划统计/规划计划/_index.md": "规划计划",
			"content/publishers/b/_index.md":         "b",
		}
		for rel, data := range added {
			o.AddExtra(filepath.Join(dir, filepath.FromSlash(rel)), []byte(data))
		}
		o.AddExtra(filepath.Join(dir, "content/publishers/b/_index.md"), []byte("b again")) // replaced, listed once
		added["content/publishers/b/_index.md"] = "b again"

		var walked []string
		err := afero.Walk(o, filepath.Join(dir, "content"), func(name string, fi os.FileInfo, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(dir, name)
			rel = filepath.ToSlash(rel)
			if fi.IsDir() {
				rel += "/"
			}
			walked = append(walked, rel)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"content/", "content/a/", "content/a/2024/", "content/a/2024/x.md",
			"content/categories/", "content/categories/规划统计/", "content/categories/规划统计/_index.md",
			"content/categories/规划统计/规划计划/", "content/categories/规划统计/规划计划/_index.md",
			"content/publishers/", "content/publishers/a/", "content/publishers/a/_index.md",
			"content/publishers/b/", "content/publishers/b/_index.md"}
		if !slices.Equal(walked, want) {
			t.Errorf("Only %v: walked\n%q\nwant\n%q", only, walked, want)
		}
		for rel, data := range added {
			if b, err := afero.ReadFile(o, filepath.Join(dir, filepath.FromSlash(rel))); err != nil || string(b) != data {
				t.Errorf("%s reads %q, %v; want %q", rel, b, err, data)
			}
		}
		fi, err := o.Stat(filepath.Join(dir, "content/categories/规划统计"))
		if err != nil || !fi.IsDir() || fi.Name() != "规划统计" {
			t.Errorf("Stat of a directory not on disk: %v, %v", fi, err)
		}
		if _, err := os.Stat(filepath.Join(dir, "content/categories")); err == nil {
			t.Errorf("the directory was made on disk")
		}
	}
}

// TestChangedSinceCheck: a document whose bytes were not kept is read from its file,
// as checked; one changed since its check is refused rather than rendered from
// bytes that never passed it.
func TestChangedSinceCheck(t *testing.T) {
	dir := t.TempDir()
	raw := "+++\ntitle = \"青石县教育局2024年部门预算\"\nindex = \"qsjyj-2024-00003\"\npublisher = \"qsjyj\"\ndate = 2024-03-01\ncategory = \"财务\"\ngenre = \"预算\"\n+++\n\n正文第一段。\n"
	name := filepath.Join(dir, "content", "qsjyj", "2024", "budget.md")
	os.MkdirAll(filepath.Dir(name), 0o755)
	for path, content := range map[string]string{
		name: raw,
		filepath.Join(dir, "data", "publishers.toml"): "[[publisher]]\ncode = \"qsjyj\"\nname = \"青石县教育局\"\ntype = \"bureau\"\n",
		filepath.Join(dir, "data", "categories.toml"): "[[category]]\npath = \"财务\"\n",
		filepath.Join(dir, "data", "genres.toml"):     "[[genre]]\nname = \"预算\"\ncategory = \"财务\"\n",
	} {
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	set, err := record.Load(dir)
	if err != nil || len(set.Records) != 1 || set.HasErrors() {
		t.Fatalf("load: %v, %+v", err, set.Problems)
	}
	r := set.Records[0]
	r.KeepFrontMatter() // its bytes now come from the file
	for _, stub := range []bool{false, true} {
		o := New(dir, set)
		if stub {
			o.Stub = func(*record.Record) string { return "正文第一段。" }
		}
		if b, err := afero.ReadFile(o, name); err != nil || !strings.Contains(string(b), "正文第一段") {
			t.Errorf("stub %v: the unchanged file reads %q, %v", stub, b, err)
		}
	}
	if err := os.WriteFile(name, []byte(strings.Replace(raw, "第一段", "第二段", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	var ce *record.ChangedError
	if _, err := afero.ReadFile(New(dir, set), name); !errors.As(err, &ce) {
		t.Errorf("a file changed since its check reads with error %v, want a record.ChangedError", err)
	}
	// A stub needs the front matter only, which was kept as checked.
	o := New(dir, set)
	o.Stub = func(*record.Record) string { return "正文第一段。" }
	if b, err := afero.ReadFile(o, name); err != nil || !strings.Contains(string(b), "部门预算") {
		t.Errorf("the stub of a file changed since its check: %q, %v; want it from the front matter kept", b, err)
	}
}

package record

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	reg := map[string]string{
		"data/publishers.toml": "[[publisher]]\ncode = \"lxzz\"\nname = \"临溪县职业中等专业学校\"\ntype = \"school\"\n",
		"data/categories.toml": "[[category]]\npath = \"规划统计/规划计划\"\n",
		"data/genres.toml":     "[[genre]]\nname = \"工作计划\"\ncategory = \"规划统计/规划计划\"\n",
	}
	for name, content := range reg {
		files[name] = content
	}
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestLoadCrossChecks: problems only visible across files, each named with both files
// where two are involved.
func TestLoadCrossChecks(t *testing.T) {
	other := strings.Replace(validFM, "2024年工作计划", "2024年第二学期工作计划", 1)
	dir := writeSite(t, map[string]string{
		"content/_index.md":           "+++\ntitle = \"首页\"\n+++\n",
		"content/guide.md":            "+++\ntitle = \"信息公开指南\"\n+++\n",
		"content/lxzz/2024/a.md":      string(doc(validFM)),
		"content/lxzz/2024/b.md":      string(doc(other)),                                         // same 索引号 as a.md
		"content/lxzz/2024/c.md":      string(doc(strings.Replace(validFM, "00003", "00004", 1))), // same title and date as a.md
		"content/lxzz/2024/d.md":      string(doc(strings.NewReplacer("00003", "00005", "2024年工作计划\"", "2024年教学工作计划\"").Replace(validFM) + "source = \"x\"\nattachments = [{ title = \"表\", file = \"attachments/none.csv\" }]\n")),
		"content/lxzz/2024/page.html": "<script>alert(1)</script>",
		"content/lxzz/2024/.DS_Store": "",
		"content/lxzz-old/x.md":       string(doc(strings.NewReplacer("00003", "00006", "2024年工作计划", "2024年旧计划").Replace(validFM))),
	})
	os.MkdirAll(filepath.Join(dir, "static/attachments"), 0o755)
	os.Symlink("/etc/passwd", filepath.Join(dir, "static/attachments/passwd.txt"))
	os.WriteFile(filepath.Join(dir, "content/lxzz/2024/e.md"), doc(strings.NewReplacer("00003", "00007", "2024年工作计划", "2024年链接计划").Replace(validFM)+
		"attachments = [{ title = \"链接\", file = \"attachments/passwd.txt\" }, { title = \"目录\", file = \"attachments\" }]\n"), 0o644)
	set, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Records) != 6 {
		t.Errorf("%d records, want the 6 documents (portal pages are not documents)", len(set.Records))
	}
	want := []string{
		"content/lxzz/2024/a.md:3: 字段 index（索引号）：索引号 lxzz-2024-00003 与 content/lxzz/2024/b.md 重复",
		"content/lxzz/2024/b.md:3: 字段 index（索引号）：索引号 lxzz-2024-00003 与 content/lxzz/2024/a.md 重复",
		"content/lxzz/2024/a.md:2: 字段 title（标题）：与 content/lxzz/2024/c.md 的发布机构、标题和发布日期都相同",
		"content/lxzz/2024/c.md:2: 字段 title（标题）：与 content/lxzz/2024/a.md 的发布机构、标题和发布日期都相同",
		"content/lxzz/2024/d.md:9: 字段 attachments（附件）：附件文件 static/attachments/none.csv 不存在",
		"content/lxzz/2024/e.md:8: 字段 attachments（附件）：附件 static/attachments/passwd.txt 是指向 static 目录以外的链接",
		"content/lxzz/2024/e.md:8: 字段 attachments（附件）：附件 static/attachments 不是普通文件",
		"content/lxzz/2024/page.html: content 目录中只能存放 Markdown 文档",
	}
	var got []string
	for _, p := range set.Problems {
		got = append(got, p.String())
	}
	all := strings.Join(got, "\n")
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("missing problem %q in:\n%s", w, all)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d problems, want %d:\n%s", len(got), len(want), all)
	}
	if !set.HasErrors() {
		t.Error("HasErrors() = false")
	}
	testSlugClash(t)
	for path, index := range map[string]string{"content/lxzz/2024/c.md": "lxzz-2024-00004", "content/lxzz-old/x.md": "lxzz-2024-00006"} {
		if r := set.ByPath(path); r == nil || r.Index != index {
			t.Errorf("ByPath(%s) = %+v", path, r)
		}
	}
}

func TestLoadRegistryErrors(t *testing.T) {
	dir := writeSite(t, map[string]string{})
	os.WriteFile(filepath.Join(dir, "data/genres.toml"), []byte("[[genre]\nname = 1"), 0o644)
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), "data/genres.toml") {
		t.Errorf("err = %v, want one naming data/genres.toml", err)
	}
	os.Remove(filepath.Join(dir, "data/genres.toml"))
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), "找不到登记表文件") {
		t.Errorf("err = %v", err)
	}
}

// TestUpdate: a set brought up to date file by file, as xxgk serve does after each
// save, finds exactly what a fresh Load of the same files finds.
func TestUpdate(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"content/_index.md":      "+++\ntitle = \"首页\"\n+++\n",
		"content/lxzz/2024/a.md": string(doc(validFM)),
	})
	set, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	write := func(rel, content string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(rel))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		name   string
		change func()
		rels   []string
		docs   int
		errors int
	}{
		{"a new document with the same 索引号", func() {
			write("content/lxzz/2025/b.md", string(doc(strings.Replace(validFM, "2024年工作计划", "2024年第二学期工作计划", 1))))
		}, []string{"content/lxzz/2025/b.md"}, 2, 2},
		{"the clash corrected", func() {
			write("content/lxzz/2025/b.md", string(doc(strings.NewReplacer("00003", "00004", "2024年工作计划", "2024年第二学期工作计划").Replace(validFM))))
		}, []string{"content/lxzz/2025/b.md"}, 2, 0},
		{"broken front matter", func() { write("content/lxzz/2024/a.md", "+++\ntitle = \n+++\n") }, []string{"content/lxzz/2024/a.md"}, 1, 1},
		{"an HTML file", func() { write("content/lxzz/x.html", "<p>") }, []string{"content/lxzz/x.html"}, 1, 2},
		{"both removed", func() {
			os.Remove(filepath.Join(dir, "content/lxzz/2024/a.md"))
			os.Remove(filepath.Join(dir, "content/lxzz/x.html"))
		}, []string{"content/lxzz/2024/a.md", "content/lxzz/x.html"}, 1, 0},
		{"a directory removed", func() {
			write("content/lxzz/2026/c.md", string(doc(strings.NewReplacer("00003", "00008", "2024年工作计划", "2026年计划").Replace(validFM))))
			set.Update([]string{"content/lxzz/2026/c.md"})
			os.RemoveAll(filepath.Join(dir, "content/lxzz/2026"))
		}, []string{"content/lxzz/2026"}, 1, 0},
		{"files that sort apart from their walk", func() {
			write("content/lxzz-old/.keep", "")
			write("content/lxzz/.keep", "")
		}, []string{"content/lxzz-old/.keep", "content/lxzz/.keep"}, 1, 0},
		{"a portal page and an editor's file", func() {
			write("content/guide.md", "+++\ntitle = \"指南\"\n+++\n")
			write("content/lxzz/2025/.b.md.swp", "x")
		}, []string{"content/guide.md", "content/lxzz/2025/.b.md.swp"}, 1, 0},
	}
	for _, s := range steps {
		s.change()
		if err := set.Update(s.rels); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		fresh, err := Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		errs := 0
		for _, p := range set.Problems {
			if p.Severity == Error {
				errs++
			}
		}
		if len(set.Records) != s.docs || errs != s.errors {
			t.Errorf("%s: %d documents, %d errors; want %d, %d:\n%v", s.name, len(set.Records), errs, s.docs, s.errors, set.Problems)
		}
		if got, want := fmt.Sprint(set.Problems), fmt.Sprint(fresh.Problems); got != want {
			t.Errorf("%s: updated set found\n%s\nfresh Load found\n%s", s.name, got, want)
		}
		if got, want := set.ContentFiles(), walkedFiles(t, dir); !slices.Equal(got, want) {
			t.Errorf("%s: content files %q, want %q", s.name, got, want)
		}
		for i, r := range set.Records {
			if r.Path != fresh.Records[i].Path || r.Index != fresh.Records[i].Index {
				t.Errorf("%s: record %d is %s %s, fresh Load has %s %s", s.name, i, r.Path, r.Index, fresh.Records[i].Path, fresh.Records[i].Index)
			}
		}
	}
}

// testSlugClash: two numbers that differ but share an address are an error naming both.
func testSlugClash(t *testing.T) {
	t.Helper()
	fm := func(index, title string) string {
		return string(doc(strings.NewReplacer("lxzz-2024-00003", index, "2024年工作计划", title).Replace(validFM)))
	}
	dir := writeSite(t, map[string]string{
		"data/index.toml":        "format = \"{code}-{year}-{serial:5}\"\naccept = [\"{code}/{year}-{serial:5}\"]\n",
		"content/lxzz/2024/a.md": fm("lxzz-2024-00008", "甲"),
		"content/lxzz/2024/b.md": fm("lxzz/2024-00008", "乙"),
	})
	set, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range set.Problems {
		got = append(got, p.String())
	}
	all := strings.Join(got, "\n")
	for _, w := range []string{
		"content/lxzz/2024/a.md:3: 字段 index（索引号）：索引号 lxzz-2024-00008 与 content/lxzz/2024/b.md（lxzz/2024-00008） 的网址相同（/lxzz/lxzz-2024-00008/）",
		"content/lxzz/2024/b.md:3: 字段 index（索引号）：索引号 lxzz/2024-00008 与 content/lxzz/2024/a.md（lxzz-2024-00008） 的网址相同",
	} {
		if !strings.Contains(all, w) {
			t.Errorf("missing %q in:\n%s", w, all)
		}
	}
	if len(got) != 2 {
		t.Errorf("want exactly the two clashes, got:\n%s", all)
	}
}

// walkedFiles lists the files under dir/content as filepath.WalkDir visits them.
func walkedFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestCompareWalked: the order filepath.WalkDir visits files in, which a byte order
// of their paths is not.
func TestCompareWalked(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"content/a/x.md", "content/a-b/x.md", -1}, // '/' sorts after '-' as bytes
		{"content/a-b/x.md", "content/a/x.md", 1},
		{"content/a/x.md", "content/a/x.md", 0},
		{"content/a/x.md", "content/a/y.md", -1},
		{"content/a/z/x.md", "content/a/y.md", 1},
		{"content/a.md", "content/a/x.md", 1}, // the directory "a" before "a.md"
		{"content/a/x.md", "content/a.md", -1},
		{"content/b.md", "content/a/x.md", 1},
	} {
		if got := compareWalked(c.a, c.b); got != c.want {
			t.Errorf("compareWalked(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

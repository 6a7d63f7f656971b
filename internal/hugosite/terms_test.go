package hugosite

import (
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"xxgk/internal/record"
	"xxgk/internal/testenv"
)

// TestTermPagesAsHugoGivesThem: the term pages xxgk gives a title and dates
// (termPages) are rendered, byte for byte, as the pages Hugo finds those for itself:
// on the sample site, on a site whose documents' dates are local days, local times
// and times with offsets of their own, and (not -short) on a generated corpus of
// 1,000 documents. And the files are there to be used: without them the sample's
// build would not differ, so the test also counts them.
func TestTermPagesAsHugoGivesThem(t *testing.T) {
	forEachSite(t, map[string]string{"dates": datesFixture(t)}, func(t *testing.T, src string, set *record.Set) {
		s := newSite(t, src, t.TempDir(), set, "")
		files := termPages(src, set, s.h.Configs, false)
		s.Close()
		if len(files) == 0 {
			t.Fatal("no term page was given its dates: the test shows nothing")
		}
		sameTrees(t, func(hugoDates bool) string {
			defer func(v bool) { hugoTermDates = v }(hugoTermDates)
			hugoTermDates = hugoDates
			out := t.TempDir()
			s := newSite(t, src, out, set, "https://xxgk.example.edu.cn/")
			defer s.Close()
			if err := s.Build(); err != nil {
				t.Fatal(err)
			}
			return out
		})
	})
}

// forEachSite runs test on the sample site, on the sites of extra (by name) and, not
// -short, on a generated corpus of 1,000 documents, each loaded and checked.
func forEachSite(t *testing.T, extra map[string]string, test func(t *testing.T, src string, set *record.Set)) {
	sample, err := filepath.Abs(repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	sites := map[string]string{"sample": sample}
	maps.Copy(sites, extra)
	if !testing.Short() {
		sites["corpus"] = testenv.Corpus(t, repoRoot, 1000)
	}
	for name, src := range sites {
		t.Run(name, func(t *testing.T) {
			set, err := record.Load(src)
			if err != nil {
				t.Fatal(err)
			}
			if set.HasErrors() {
				t.Fatalf("the site does not pass the check: %v", set.Problems)
			}
			test(t, src, set)
		})
	}
}

// sameTrees fails unless what build(false) writes, with a shortcut of xxgk's, is
// byte for byte what build(true) writes, leaving the work to Hugo.
func sameTrees(t *testing.T, build func(hugos bool) string) {
	t.Helper()
	hugos := testenv.TreeDigest(t, build(true))
	if differ := testenv.DiffTrees(testenv.TreeDigest(t, build(false)), hugos); len(differ) > 0 {
		t.Errorf("%d of %d files differ, e.g. %v", len(differ), len(hugos), differ[:min(len(differ), 10)])
	}
}

// TestTermPagesLeftToHugo: a term with a document dated with an offset of its own,
// and every term of a site whose config.toml says how dates are read, keep Hugo's
// way of dating them; a term the site gave a file of its own keeps that.
func TestTermPagesLeftToHugo(t *testing.T) {
	src := datesFixture(t)
	set, err := record.Load(src)
	if err != nil {
		t.Fatal(err)
	}
	s := newSite(t, src, t.TempDir(), set, "")
	files := termPages(src, set, s.h.Configs, false)
	s.Close()
	has := func(rel string) bool {
		_, ok := files[filepath.Join(src, "content", filepath.FromSlash(rel), "_index.md")]
		return ok
	}
	for rel, want := range map[string]bool{
		"publishers/qszz":      true,
		"categories/规划统计":      false, // qsjyj's notice, and its own narrower category's documents
		"categories/规划统计/规划计划": true,
		"genres/工作计划":          true,
		"years/2024":           false, // qsjyj's notice is dated 2024-03-01T09:30:00+00:00
		"publishers/qsjyj":     false, // the same, and its own _index.md
		"genres/通知":            false,
	} {
		if has(rel) != want {
			t.Errorf("%s given its dates: %v, want %v", rel, has(rel), want)
		}
	}
	page := string(files[filepath.Join(src, "content", "genres", "工作计划", "_index.md")])
	if want := "title = \"工作计划\"\ndate = 2024-02-26T00:00:00\n"; !strings.Contains(page, want) {
		t.Errorf("genres/工作计划 reads\n%s\nwant it to hold\n%s", page, want)
	}

	if err := os.WriteFile(filepath.Join(src, "config.toml"), append(mustRead(t, filepath.Join(src, "config.toml")), "\n[frontmatter]\n  date = [\"date\"]\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	s = newSite(t, src, t.TempDir(), set, "")
	defer s.Close()
	if files := termPages(src, set, s.h.Configs, false); len(files) > 0 {
		t.Errorf("a site with [frontmatter] got %d term pages", len(files))
	}
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// datesFixture is fixture with more documents: dated by day, by local time and by
// a time with its own offset, and a publisher with its own term page.
func datesFixture(t *testing.T) string {
	t.Helper()
	dir := fixture(t)
	testenv.WriteTxtar(t, dir, datesFiles)
	return dir
}

const datesFiles = `
-- data/genres.toml --
[[genre]]
name = "工作计划"
category = "规划统计/规划计划"
[[genre]]
name = "通知"
category = "规划统计"
-- content/qszz/2023/summary.md --
+++
title = "青石县职业中等专业学校2023年下半年工作计划"
index = "qszz-2023-00007"
publisher = "qszz"
date = 2023-08-30T16:45:00
category = "规划统计/规划计划"
genre = "工作计划"
+++

下半年重点推进实训基地建设和教师培训。
-- content/qszz/2023/notice.md --
+++
title = "青石县职业中等专业学校关于暑期安全工作的通知"
index = "qszz-2023-00008"
publisher = "qszz"
date = 2023-07-05
category = "规划统计"
genre = "通知"
+++

暑期安全工作要求。
-- content/qsjyj/2024/notice.md --
+++
title = "青石县教育局关于做好2024年春季开学工作的通知"
index = "qsjyj-2024-00001"
publisher = "qsjyj"
date = 2024-03-01T09:30:00+00:00
category = "规划统计"
genre = "通知"
+++

各学校要做好春季开学各项准备工作。
-- content/publishers/qsjyj/_index.md --
+++
title = "青石县教育局"
+++
`

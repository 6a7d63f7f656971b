package hugosite

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"xxgk/internal/record"
	"xxgk/internal/testenv"
)

// TestStubOrderAsHugoGivesIt: the portal's site of stubs weighed by stubOrder renders,
// byte for byte, what it renders when Hugo orders the pages itself: on the sample
// site, on documents of one day whose titles collate in every way (Latin and Chinese,
// cases and accents, full-width digits, equal titles; by day, by time, by time with
// an offset of its own: datesFixture's), and (not -short) on a generated corpus of
// 1,000 documents.
func TestStubOrderAsHugoGivesIt(t *testing.T) {
	forEachSite(t, map[string]string{"titles": titlesFixture(t)}, func(t *testing.T, src string, set *record.Set) {
		sameTrees(t, func(hugos bool) string {
			defer func(v bool) { hugoOrder = v }(hugoOrder)
			hugoOrder = hugos
			out := t.TempDir()
			data, asOf := portalData(t, src, set)
			s, err := New(Config{Source: src, Out: out, BaseURL: "https://xxgk.example.edu.cn/", AsOf: asOf}, set,
				View{Data: data, Stubs: func(r *record.Record) string { return r.Title }})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if !hugos && s.sfs.Order == nil {
				t.Fatal("the stubs were not weighed: the test shows nothing")
			}
			if err := s.Build(); err != nil {
				t.Fatal(err)
			}
			return out
		})
	})
}

// TestStubOrderLeftToHugo: a site with a document that sets its weight, or whose
// title has spaces around it, a page that is no document in a term, a section's
// cascade, a page whose front matter is not TOML, or a config.toml that says how
// dates are read, is left to order its pages as Hugo does.
func TestStubOrderLeftToHugo(t *testing.T) {
	for name, edit := range map[string]func(dir string){
		"weight": func(dir string) {
			replaceIn(t, filepath.Join(dir, "content/qszz/2024/a.md"), "genre = ", "weight = 3\ngenre = ")
		},
		"spaced title": func(dir string) {
			replaceIn(t, filepath.Join(dir, "content/qszz/2024/b.md"), `title = "`, `title = " `)
		},
		"a page in a term": func(dir string) {
			writeIn(t, filepath.Join(dir, "content/about.md"), "+++\ntitle = \"关于本站\"\ncategories = [\"规划统计\"]\n+++\n")
		},
		"a section's cascade": func(dir string) {
			writeIn(t, filepath.Join(dir, "content/qszz/_index.md"), "+++\ntitle = \"青石县职业中等专业学校\"\n[cascade]\n  weight = 1\n+++\n")
		},
		"a page whose front matter follows a blank line": func(dir string) {
			writeIn(t, filepath.Join(dir, "content/about.md"), "\n+++\ntitle = \"关于本站\"\ngenres = [\"通知\"]\n+++\n")
		},
		"a page in YAML": func(dir string) {
			writeIn(t, filepath.Join(dir, "content/about.md"), "---\ntitle: 关于本站\n---\n")
		},
		"frontmatter": func(dir string) {
			replaceIn(t, filepath.Join(dir, "config.toml"), "[minify]", "[frontmatter]\n  date = [\"date\"]\n[minify]")
		},
	} {
		t.Run(name, func(t *testing.T) {
			src := titlesFixture(t)
			set, err := record.Load(src)
			if err != nil {
				t.Fatal(err)
			}
			s := newSite(t, src, t.TempDir(), set, "")
			if stubOrder(src, set, s.h.Configs) == nil {
				t.Fatal("the fixture as written is not weighed: the test shows nothing")
			}
			s.Close()
			edit(src)
			if set, err = record.Load(src); err != nil {
				t.Fatal(err)
			}
			if set.HasErrors() {
				t.Fatalf("the edited site does not pass the check: %v", set.Problems)
			}
			s = newSite(t, src, t.TempDir(), set, "")
			defer s.Close()
			if order := stubOrder(src, set, s.h.Configs); order != nil {
				t.Errorf("the stubs were weighed: %v", order)
			}
		})
	}
}

func writeIn(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func replaceIn(t *testing.T, name, old, new string) {
	t.Helper()
	b := string(mustRead(t, name))
	if !strings.Contains(b, old) {
		t.Fatalf("%s holds no %q", name, old)
	}
	writeIn(t, name, strings.Replace(b, old, new, 1))
}

// titlesFixture is datesFixture with documents of one day whose titles collate in
// every way, two of them equal (of two publishers), and two of one time of that day.
func titlesFixture(t *testing.T) string {
	t.Helper()
	dir := datesFixture(t)
	titles := []string{"安全工作通知", "Zeta 学校通知", "alpha 学校通知", "Alpha 学校通知", "阿里巴巴合作通知",
		"2024年工作要点", "２０２４年工作要点", "Ärger 处理说明", "安全工作通知", "安全工作通知（补充）"}
	var files strings.Builder
	for i, title := range titles {
		publisher, date := "qszz", "2024-05-10"
		if i == 8 {
			publisher = "qsjyj"
		}
		if i >= 8 {
			date = "2024-05-10T09:30:00"
		}
		fmt.Fprintf(&files, "-- content/%s/2024/%c.md --\n+++\ntitle = %q\nindex = \"%s-2024-%05d\"\npublisher = %q\ndate = %s\ncategory = \"规划统计\"\ngenre = \"通知\"\n+++\n\n正文。\n",
			publisher, 'a'+i, title, publisher, 20+i, publisher, date)
	}
	testenv.WriteTxtar(t, dir, files.String())
	return dir
}

// FuzzCollationKeys: comparing two titles' collation keys, as orderBy does, says
// what comparing the titles does, as Hugo does.
func FuzzCollationKeys(f *testing.F) {
	for _, s := range [][2]string{{"安全", "阿里"}, {"alpha", "Alpha"}, {"2024年", "２０２４年"}, {"Ärger", "Arger"}, {"a b", "ab"}, {"", "x"}} {
		f.Add(s[0], s[1])
	}
	langs := []string{"zh", "en"}
	var keys, strs []*collate.Collator
	for _, lang := range langs {
		keys = append(keys, siteCollator(lang))
		strs = append(strs, collate.New(language.MustParse(lang)))
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		for i, lang := range langs {
			var buf collate.Buffer
			ka := append([]byte(nil), keys[i].KeyFromString(&buf, a)...)
			kb := keys[i].KeyFromString(&buf, b)
			if got, want := sign(bytes.Compare(ka, kb)), sign(strs[i].CompareString(a, b)); got != want {
				t.Fatalf("%s: the keys of %q and %q compare %d, the strings %d", lang, a, b, got, want)
			}
		}
	})
}

func sign(n int) int { return min(max(n, -1), 1) }

package record

import (
	"fmt"
	"strings"
	"testing"
)

const (
	goodPublishers = "[[publisher]]\ncode = \"lxjyj\"\nname = \"临溪县教育局\"\ntype = \"bureau\"\n\n[[publisher]]\ncode = \"lxzz\"\nname = \"临溪县职业中等专业学校\"\ntype = \"school\"\nparent = \"lxjyj\"\n"
	goodCategories = "[[category]]\npath = \"规划统计\"\n\n[[category]]\npath = \"规划统计/规划计划\"\n"
	goodGenres     = "[[genre]]\nname = \"工作计划\"\ncategory = \"规划统计/规划计划\"\narchetype = \"plan\"\n"
)

func TestParseRegistry(t *testing.T) {
	r, err := ParseRegistry([]byte(goodPublishers), []byte(goodCategories), []byte(goodGenres), nil)
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := r.Publisher("lxzz"); !ok || p.Parent != "lxjyj" || !r.HasCategory("规划统计") {
		t.Errorf("registry %+v", r)
	}
	tests := []struct {
		name             string
		pubs, cats, gens string
		want             string
	}{
		{"toml", "[[publisher]\ncode = 1", goodCategories, goodGenres, "方括号要成对"},
		{"upper-case code", strings.Replace(goodPublishers, `"lxzz"`, `"LXZZ"`, 1), goodCategories, goodGenres, `data/publishers.toml:7: 发布机构代码 "LXZZ" 只能由小写英文字母和数字组成`},
		{"duplicate code", strings.Replace(goodPublishers, `"lxzz"`, `"lxjyj"`, 1), goodCategories, goodGenres, `发布机构代码 "lxjyj" 重复`},
		{"no name", strings.Replace(goodPublishers, `name = "临溪县教育局"`, `name = ""`, 1), goodCategories, goodGenres, "缺少 name"},
		{"bad type", strings.Replace(goodPublishers, `"bureau"`, `"office"`, 1), goodCategories, goodGenres, "type 应为 bureau"},
		{"unknown parent", strings.Replace(goodPublishers, `parent = "lxjyj"`, `parent = "lxjy"`, 1), goodCategories, goodGenres, `data/publishers.toml:10: 发布机构 lxzz 的 parent "lxjy"`},
		{"bad path", goodPublishers, goodCategories + "[[category]]\npath = \"/通知公告\"\n", goodGenres, `主题分类 "/通知公告" 无效`},
		{"duplicate path", goodPublishers, goodCategories + "[[category]]\npath = \"规划统计\"\n", goodGenres, `主题分类 "规划统计" 重复`},
		{"genre category", goodPublishers, goodCategories, strings.Replace(goodGenres, "规划统计/规划计划", "规划计划", 1), `data/genres.toml:3: 体裁 工作计划 的默认分类 "规划计划"`},
		{"duplicate genre", goodPublishers, goodCategories, goodGenres + "\n" + goodGenres, `体裁 "工作计划" 为空或重复`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseRegistry([]byte(tt.pubs), []byte(tt.cats), []byte(tt.gens), nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// FuzzRegistryAndDocument feeds arbitrary registries and a document: no panic, and a
// document accepted without error always satisfies the registry it was checked against.
func FuzzRegistryAndDocument(f *testing.F) {
	f.Add(goodPublishers, goodCategories, goodGenres, "", string(doc(validFM)))
	f.Add("[[publisher]]\ncode = \"a\"\nname = \"甲\"\ntype = \"school\"\n", "[[category]]\npath = \"x/y\"\n", "[[genre]]\nname = \"年度质量报告\"\ncategory = \"x/y\"\n",
		"", "+++\ntitle = \"t\"\nindex = \"a-2024-00001\"\npublisher = \"甲\"\ndate = 2024-01-01\ncategory = \"x/y\"\ngenre = \"年度质量报告\"\nyear = 2023\n+++\n")
	f.Add(schemePublishers, schemeCategories, schemeGenres, "accept = [\"{*}\"]\n", string(doc(strings.NewReplacer("lxzz-2024-00003", "000016872/2024-00003", `"lxzz"`, `"sjyj"`).Replace(validFM))))
	f.Fuzz(func(t *testing.T, pubs, cats, gens, index, src string) {
		var idx []byte
		if index != "" {
			idx = []byte(index)
		}
		reg, err := ParseRegistry([]byte(pubs), []byte(cats), []byte(gens), idx)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "data/") {
				t.Fatalf("registry error without a file: %v", err)
			}
			return
		}
		r, problems := Parse("content/f.md", []byte(src), reg)
		for _, p := range problems {
			if p.Severity == Error {
				return
			}
		}
		if r == nil {
			t.Fatal("no record and no error")
		}
		if _, ok := reg.Publisher(r.Publisher); !ok {
			t.Fatalf("accepted unregistered publisher %q", r.Publisher)
		}
		if _, ok := reg.Genre(r.Genre); !ok || !reg.HasCategory(r.Category) {
			t.Fatalf("accepted unregistered genre %q or category %q", r.Genre, r.Category)
		}
		if !reg.AcceptsIndex(r.Publisher, r.Index) {
			t.Fatalf("accepted index %q that the scheme of %q does not", r.Index, r.Publisher)
		}
		if idx == nil && reg.Scheme(r.Publisher).Format.String() == "{code}-{year}-{serial:5}" && !strings.HasPrefix(r.Index, r.Publisher+"-") {
			t.Fatalf("accepted index %q of another publisher than %q", r.Index, r.Publisher)
		}
	})
}

// cityRegistry is a registry of n schools under one bureau, as a city has.
func cityRegistry(tb testing.TB, n int) *Registry {
	tb.Helper()
	var b strings.Builder
	b.WriteString("[[publisher]]\ncode = \"csjyj\"\nname = \"城市教育局\"\ntype = \"bureau\"\n")
	for i := range n {
		fmt.Fprintf(&b, "\n[[publisher]]\ncode = \"cs%05d\"\nname = \"城市第%d学校\"\ntype = \"school\"\nparent = \"csjyj\"\n", i, i)
	}
	r, err := ParseRegistry([]byte(b.String()), []byte(goodCategories), []byte(goodGenres), nil)
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// TestPublisherAmongMany: a registry parsed finds each publisher by its code, the
// first of a list and the last, and no other.
func TestPublisherAmongMany(t *testing.T) {
	r := cityRegistry(t, 3000)
	for _, code := range []string{"csjyj", "cs00000", "cs02999"} {
		if p, ok := r.Publisher(code); !ok || p.Code != code {
			t.Errorf("Publisher(%q) = %+v, %v", code, p, ok)
		}
	}
	if p, ok := r.Publisher("cs03000"); ok {
		t.Errorf("Publisher of an unregistered code = %+v", p)
	}
}

// BenchmarkParseInCity parses one document against a registry of 3,000 schools:
// every document of a city's site is checked so.
func BenchmarkParseInCity(b *testing.B) {
	r := cityRegistry(b, 3000)
	src := []byte("+++\ntitle = \"城市第2999学校2024年工作计划\"\nindex = \"cs02999-2024-00001\"\npublisher = \"cs02999\"\ndate = 2024-03-01\ncategory = \"规划统计/规划计划\"\ngenre = \"工作计划\"\n+++\n\n本学期工作要点如下。\n")
	for b.Loop() {
		Parse("content/cs02999/2024/plan.md", src, r)
	}
}

// BenchmarkParseRegistryCity parses the registry of a city of 3,000 schools.
func BenchmarkParseRegistryCity(b *testing.B) {
	for b.Loop() {
		cityRegistry(b, 3000)
	}
}

package main

import (
	"bytes"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"xxgk/internal/annualreport"
	"xxgk/internal/record"
)

const fixtureCategories = `# test fixture
[[category]]
path = "机构信息"
description = "机构"

[[category]]
path = "机构信息/机构职能"
description = "职能"

[[category]]
path = "规划统计"
description = "规划统计"

[[category]]
path = "规划统计/规划计划"
description = "计划"

[[category]]
path = "规划统计/工作总结"
description = "总结"

[[category]]
path = "规划统计/统计信息"
description = "统计"

[[category]]
path = "业务工作"
description = "业务"

[[category]]
path = "业务工作/招生考试"
description = "招生"

[[category]]
path = "业务工作/教育教学"
description = "教学"

[[category]]
path = "业务工作/学生资助"
description = "资助"

[[category]]
path = "质量报告"
description = "质量报告"

[[category]]
path = "质量报告/年度质量报告"
description = "年度质量报告"

[[category]]
path = "财务信息"
description = "财务"

[[category]]
path = "财务信息/收费项目"
description = "收费"

[[category]]
path = "通知公告"
description = "通知公告"
`

const fixtureGenres = `[[genre]]
name = "工作计划"
category = "规划统计/规划计划"
archetype = "plan"

[[genre]]
name = "工作总结"
category = "规划统计/工作总结"
archetype = "summary"

[[genre]]
name = "年度质量报告"
category = "质量报告/年度质量报告"
archetype = "report"

[[genre]]
name = "述职报告"
category = "规划统计/工作总结"
archetype = "summary"

[[genre]]
name = "通知"
category = "通知公告"
archetype = "notice"

[[genre]]
name = "公告"
category = "通知公告"
archetype = "notice"

[[genre]]
name = "实施方案"
category = "业务工作/教育教学"
archetype = "plan"

[[genre]]
name = "统计报表"
category = "规划统计/统计信息"
archetype = "other"
`

func writeRegistry(t *testing.T, categories, genres string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range map[string]string{"categories.toml": categories, "genres.toml": genres} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func generateInto(t *testing.T, registry string, n int, seed uint64, workers int) string {
	t.Helper()
	out := t.TempDir()
	res, err := generate(config{n: n, out: out, seed: seed, registry: registry, workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	if res.docs != n {
		t.Fatalf("generate reported %d documents, want %d", res.docs, n)
	}
	return out
}

type parsedDoc struct {
	rel  string // content/<publisher>/<year>/<slug>.md
	fm   map[string]any
	body string
}

func parseCorpus(t *testing.T, out string) []parsedDoc {
	t.Helper()
	var docs []parsedDoc
	err := filepath.WalkDir(filepath.Join(out, "content"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, path)
		rel = filepath.ToSlash(rel)
		text := string(src)
		if !strings.HasPrefix(text, "+++\n") {
			t.Fatalf("%s: does not start with +++", rel)
		}
		end := strings.Index(text[4:], "\n+++\n")
		if end < 0 {
			t.Fatalf("%s: front matter not closed", rel)
		}
		fm := map[string]any{}
		if _, err := toml.Decode(text[4:4+end], &fm); err != nil {
			t.Fatalf("%s: front matter: %v", rel, err)
		}
		docs = append(docs, parsedDoc{rel: rel, fm: fm, body: text[4+end+5:]})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

type pubEntry struct {
	Code       string `toml:"code"`
	Name       string `toml:"name"`
	Type       string `toml:"type"`
	Region     string `toml:"region"`
	Parent     string `toml:"parent"`
	SchoolType string `toml:"school_type"`
}

func readPublishers(t *testing.T, out string) map[string]pubEntry {
	t.Helper()
	var pf struct {
		Publisher []pubEntry `toml:"publisher"`
	}
	if _, err := toml.DecodeFile(filepath.Join(out, "data", "publishers.toml"), &pf); err != nil {
		t.Fatal(err)
	}
	pubs := map[string]pubEntry{}
	for _, p := range pf.Publisher {
		if _, dup := pubs[p.Code]; dup {
			t.Errorf("publisher %s listed twice", p.Code)
		}
		pubs[p.Code] = p
	}
	return pubs
}

var (
	indexRe  = regexp.MustCompile(`^([a-z0-9]+)-(\d{4})-(\d{5})$`)
	slugRe   = regexp.MustCompile(`^[a-z0-9-]+$`)
	codeRe   = regexp.MustCompile(`^[a-z]+[0-9]*$`)
	linkRe   = regexp.MustCompile(`\]\((/[a-z0-9]+/[a-z0-9]+-\d{4}-\d{5}/)\)`)
	allowed  = map[string]bool{"title": true, "index": true, "publisher": true, "date": true, "category": true, "genre": true, "docnumber": true, "keywords": true, "written": true, "abolished": true, "source": true, "attachments": true, "year": true, "school": true}
	required = []string{"title", "index", "publisher", "date", "category", "genre"}
	schoolTy = map[string]bool{"公办/国家示范校": true, "公办/国家级重点": true, "公办/其他": true, "民办/其他": true}
)

func day(t time.Time) string { return t.Format("2006-01-02") }

// TestCorpus generates a small corpus and checks every document against the
// front-matter contract of docs/schema.md and the registries.
func TestCorpus(t *testing.T) {
	reg := writeRegistry(t, fixtureCategories, fixtureGenres)
	out := generateInto(t, reg, 300, 1, 2)
	docs := parseCorpus(t, out)
	if len(docs) != 300 {
		t.Fatalf("%d files, want 300", len(docs))
	}
	pubs := readPublishers(t, out)
	if len(pubs) < 4 {
		t.Errorf("%d publishers, want at least 4", len(pubs))
	}
	for _, p := range pubs {
		if !codeRe.MatchString(p.Code) || p.Name == "" || p.Region == "" {
			t.Errorf("publisher %+v: bad code, name or region", p)
		}
		switch p.Type {
		case "bureau":
			if p.Parent != "" || p.SchoolType != "" {
				t.Errorf("bureau %s has parent or school_type", p.Code)
			}
		case "school":
			if pubs[p.Parent].Type != "bureau" {
				t.Errorf("school %s: parent %q is not a bureau", p.Code, p.Parent)
			}
			if !schoolTy[p.SchoolType] {
				t.Errorf("school %s: school_type %q", p.Code, p.SchoolType)
			}
		default:
			t.Errorf("publisher %s: type %q", p.Code, p.Type)
		}
	}
	for _, name := range []string{"categories.toml", "genres.toml"} {
		got, _ := os.ReadFile(filepath.Join(out, "data", name))
		want, _ := os.ReadFile(filepath.Join(reg, name))
		if !bytes.Equal(got, want) {
			t.Errorf("data/%s is not a copy of the registry's", name)
		}
	}
	r, err := loadRegistry(reg)
	if err != nil {
		t.Fatal(err)
	}
	genres := map[string]bool{}
	for _, g := range r.genres {
		genres[g.Name] = true
	}

	type dated struct {
		serial int
		date   time.Time
	}
	serials := map[string][]dated{}
	titles := map[string]string{}
	urls := map[string]string{} // stable URL -> genre
	var links []string
	quality := map[string]bool{}
	lengths := map[string][]int{}
	usedGenres := map[string]bool{}
	for _, d := range docs {
		fm := d.fm
		for k := range fm {
			if !allowed[k] {
				t.Errorf("%s: unknown key %q", d.rel, k)
			}
		}
		for _, k := range required {
			if _, ok := fm[k]; !ok {
				t.Errorf("%s: missing %s", d.rel, k)
			}
		}
		str := func(k string) string { s, _ := fm[k].(string); return s }
		title, index, pub, cat, genre := str("title"), str("index"), str("publisher"), str("category"), str("genre")
		date, ok := fm["date"].(time.Time)
		if !ok || title == "" {
			t.Fatalf("%s: date %T or empty title", d.rel, fm["date"])
		}
		m := indexRe.FindStringSubmatch(index)
		if m == nil {
			t.Fatalf("%s: index %q", d.rel, index)
		}
		if m[1] != pub || m[2] != strconv.Itoa(date.Year()) || m[3] == "00000" {
			t.Errorf("%s: index %q does not match publisher %s and date %s", d.rel, index, pub, day(date))
		}
		parts := strings.Split(d.rel, "/")
		if len(parts) != 4 || parts[1] != pub || parts[2] != m[2] || !slugRe.MatchString(strings.TrimSuffix(parts[3], ".md")) {
			t.Errorf("%s: path does not follow content/<publisher>/<year>/<slug>.md", d.rel)
		}
		p, ok := pubs[pub]
		if !ok {
			t.Errorf("%s: publisher %q not in publishers.toml", d.rel, pub)
		}
		if !r.hasCategory(cat) {
			t.Errorf("%s: category %q not in the registry", d.rel, cat)
		}
		if !genres[genre] {
			t.Errorf("%s: genre %q not in the registry", d.rel, genre)
		}
		usedGenres[genre] = true
		serial, _ := strconv.Atoi(m[3])
		key := pub + "/" + m[2]
		serials[key] = append(serials[key], dated{serial, date})
		tk := pub + "\x00" + title + "\x00" + day(date)
		if prev, dup := titles[tk]; dup {
			t.Errorf("%s: same publisher, title and date as %s", d.rel, prev)
		}
		titles[tk] = d.rel
		urls["/"+pub+"/"+index+"/"] = genre

		if w, ok := fm["written"]; ok {
			if w, ok := w.(time.Time); !ok || day(w) > day(date) {
				t.Errorf("%s: written %v after date %s", d.rel, fm["written"], day(date))
			}
		}
		if a, ok := fm["abolished"]; ok {
			if a, ok := a.(time.Time); !ok || day(a) <= day(date) {
				t.Errorf("%s: abolished %v not after date %s", d.rel, fm["abolished"], day(date))
			}
		}
		if dn, ok := fm["docnumber"]; ok {
			if s, _ := dn.(string); !strings.Contains(s, m[2]) || !strings.HasSuffix(s, "号") {
				t.Errorf("%s: docnumber %v", d.rel, dn)
			}
		}
		if kw, ok := fm["keywords"]; ok {
			list, _ := kw.([]any)
			if len(list) == 0 {
				t.Errorf("%s: keywords %v", d.rel, kw)
			}
			for _, k := range list {
				if s, _ := k.(string); s == "" {
					t.Errorf("%s: keyword %v", d.rel, k)
				}
			}
		}
		if s, ok := fm["school"]; ok {
			if code, _ := s.(string); pubs[code].Type != "school" || pubs[code].Parent != pub {
				t.Errorf("%s: school %v is not one of the publisher's schools", d.rel, s)
			}
		}
		y, hasYear := fm["year"].(int64)
		if genre == "年度质量报告" {
			if !hasYear || int(y) != date.Year()-1 {
				t.Errorf("%s: quality report year %v, want %d", d.rel, fm["year"], date.Year()-1)
			}
			if p.Type != "school" {
				t.Errorf("%s: quality report by a %s", d.rel, p.Type)
			}
			if quality[key] {
				t.Errorf("%s: second quality report of %s", d.rel, key)
			}
			quality[key] = true
		} else if hasYear {
			t.Errorf("%s: year on a %s", d.rel, genre)
		}

		body := d.body
		switch {
		case strings.TrimSpace(body) == "":
			t.Errorf("%s: empty body", d.rel)
		case strings.HasPrefix(strings.TrimLeft(body, "\n"), "#"):
			t.Errorf("%s: body starts with a heading", d.rel)
		case strings.ContainsAny(body, "<>{}"):
			t.Errorf("%s: body has HTML, a shortcode or an unfilled slot", d.rel)
		}
		links = append(links, linkRe.FindAllString(body, -1)...)
		n := utf8.RuneCountInString(strings.TrimSpace(body))
		lengths[genre] = append(lengths[genre], n)
		if genre == "年度质量报告" {
			tables := strings.Count(body, "| --- |\n")
			if tables < 2 || tables > 5 {
				t.Errorf("%s: %d tables, want 2–5", d.rel, tables)
			}
			for _, h := range []string{"\n## 一、", "\n### （一）", "\n#### 1. "} {
				if !strings.Contains(body, h) {
					t.Errorf("%s: no heading %q", d.rel, h)
				}
			}
		}
	}

	// 索引号 serials are contiguous from 00001 in each publisher-year, in date order
	for key, list := range serials {
		slices.SortFunc(list, func(a, b dated) int { return a.serial - b.serial })
		for i, x := range list {
			if x.serial != i+1 {
				t.Errorf("%s: serial %d at position %d; serials must run from 00001 without gaps", key, x.serial, i+1)
				break
			}
			if i > 0 && x.date.Before(list[i-1].date) {
				t.Errorf("%s: serial %d dated %v before serial %d", key, x.serial, x.date, list[i-1].serial)
			}
		}
	}
	for _, g := range []string{"通知", "公告", "工作计划", "工作总结", "年度质量报告"} {
		if !usedGenres[g] {
			t.Errorf("no %s in the corpus", g)
		}
	}
	// links in the bureaus' summary tables point at quality reports
	for _, l := range links {
		url := linkRe.FindStringSubmatch(l)[1]
		if urls[url] != "年度质量报告" {
			t.Errorf("link %s is not a quality report", url)
		}
	}

	// lengths in characters
	ranges := map[string][2]int{
		"通知": {noticeMin, noticeMax}, "公告": {noticeMin, noticeMax},
		"工作计划": {planMin, planMax}, "工作总结": {planMin, planMax}, "述职报告": {planMin, planMax}, "实施方案": {planMin, planMax},
		"年度质量报告": {qualityMin, qualityMax},
	}
	for g, rg := range ranges {
		for _, n := range lengths[g] {
			if n < rg[0] || n > rg[1] {
				t.Errorf("a %s of %d characters, want %d–%d", g, n, rg[0], rg[1])
			}
		}
	}
	mean := func(v []int) int {
		s := 0
		for _, x := range v {
			s += x
		}
		return s / max(1, len(v))
	}
	if q, n := mean(lengths["年度质量报告"]), mean(lengths["通知"]); q < 4*n {
		t.Errorf("quality reports average %d characters, notices %d", q, n)
	}
}

func readTree(t *testing.T, root string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(root, path)
		files[rel] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestDeterministic(t *testing.T) {
	reg := writeRegistry(t, fixtureCategories, fixtureGenres)
	a := readTree(t, generateInto(t, reg, 300, 7, 1))
	b := readTree(t, generateInto(t, reg, 300, 7, 3))
	if len(a) != len(b) {
		t.Fatalf("same seed: %d files and %d files", len(a), len(b))
	}
	for name, x := range a {
		if !bytes.Equal(x, b[name]) {
			t.Fatalf("same seed, different worker counts: %s differs", name)
		}
	}
	c := readTree(t, generateInto(t, reg, 300, 8, 2))
	same := 0
	for name, x := range a {
		if bytes.Equal(x, c[name]) {
			same++
		}
	}
	if same > 2 { // categories.toml and genres.toml are copies
		t.Errorf("seeds 7 and 8 gave %d identical files", same)
	}
}

func TestPublisherCounts(t *testing.T) {
	for _, tc := range []struct{ n, bureaus, schools int }{
		{1, 1, 3}, {10, 1, 3}, {300, 1, 8}, {1000, 2, 25}, {10000, 17, 250}, {100000, 167, 2500},
	} {
		pubs := makePublishers(rand.New(rand.NewPCG(1, 2)), tc.n)
		codes, names := map[string]bool{}, map[string]bool{}
		b, s := 0, 0
		for _, p := range pubs {
			if codes[p.code] || names[p.name] || !codeRe.MatchString(p.code) {
				t.Errorf("n=%d: code %q or name %q repeated or malformed", tc.n, p.code, p.name)
			}
			codes[p.code], names[p.name] = true, true
			if p.isSchool() {
				s++
				if pubs[p.parent].isSchool() || !schoolTy[p.schoolType] || !slices.Contains(pubs[p.parent].children, p.idx) {
					t.Errorf("n=%d: school %s: parent or type wrong", tc.n, p.code)
				}
			} else {
				b++
				if len(p.children) == 0 {
					t.Errorf("n=%d: bureau %s has no schools", tc.n, p.code)
				}
			}
		}
		if b != tc.bureaus || s != tc.schools {
			t.Errorf("n=%d: %d bureaus and %d schools, want %d and %d", tc.n, b, s, tc.bureaus, tc.schools)
		}
	}
}

// TestMix checks the planned genre mix and optional keys on a larger plan, without
// writing files.
func TestMix(t *testing.T) {
	reg, err := loadRegistry(writeRegistry(t, fixtureCategories, fixtureGenres))
	if err != nil {
		t.Fatal(err)
	}
	g := newGen(reg, 6000, 1)
	if err := g.plan(); err != nil {
		t.Fatal(err)
	}
	count := map[kind]int{}
	abolished, docnumbers, other := 0, 0, 0
	years := map[int]int{}
	for _, d := range g.docs {
		count[d.kind]++
		years[d.year]++
		if d.abolish {
			abolished++
		}
		if d.docNumber > 0 {
			docnumbers++
		}
		if d.category != reg.genres[d.genre].Category {
			other++
		}
	}
	n := len(g.docs)
	if n != 6000 {
		t.Fatalf("%d documents planned", n)
	}
	if p := abolished * 1000 / n; p < 10 || p > 40 {
		t.Errorf("%.1f%% abolished, want about 2%%", float64(p)/10)
	}
	if docnumbers < n/10 || other == 0 || other > n/3 {
		t.Errorf("%d with 文号, %d outside their genre's category", docnumbers, other)
	}
	if count[kNotice]+count[kAnnounce] < n/4 || count[kQuality] < n/10 || count[kQuality] > n/3 {
		t.Errorf("genre mix %v", count)
	}
	for y := firstYear; y <= lastYear; y++ {
		if years[y] == 0 {
			t.Errorf("no documents in %d", y)
		}
	}
	if years[lastYear] <= years[firstYear] {
		t.Errorf("%d documents in %d, %d in %d: want growth", years[firstYear], firstYear, years[lastYear], lastYear)
	}
}

func TestRegistryProblems(t *testing.T) {
	for _, tc := range []struct {
		name, categories, genres, want string
	}{
		{"unknown category", fixtureCategories, "[[genre]]\nname = \"通知\"\ncategory = \"不存在\"\n", "不存在"},
		{"no genres", fixtureCategories, "", "no [[genre]]"},
		{"only quality reports", fixtureCategories, "[[genre]]\nname = \"年度质量报告\"\ncategory = \"质量报告/年度质量报告\"\n", "besides 年度质量报告"},
		{"bad toml", "[[category]\n", fixtureGenres, "categories.toml"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			reg := writeRegistry(t, tc.categories, tc.genres)
			_, err := generate(config{n: 100, out: t.TempDir(), seed: 1, registry: reg, workers: 1})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one mentioning %q", err, tc.want)
			}
		})
	}
	if _, err := generate(config{n: 10, out: t.TempDir(), registry: filepath.Join(t.TempDir(), "missing")}); err == nil {
		t.Error("missing registry accepted")
	}
}

// TestOtherGenres: a registry with a genre the generator does not know still works.
func TestOtherGenres(t *testing.T) {
	genres := "[[genre]]\nname = \"通知\"\ncategory = \"通知公告\"\narchetype = \"notice\"\n\n" +
		"[[genre]]\nname = \"其他\"\ncategory = \"机构信息/机构职能\"\narchetype = \"other\"\n"
	out := generateInto(t, writeRegistry(t, fixtureCategories, genres), 120, 1, 2)
	seen := map[string]int{}
	for _, d := range parseCorpus(t, out) {
		seen[d.fm["genre"].(string)]++
	}
	if seen["通知"] == 0 || seen["其他"] == 0 || len(seen) != 2 {
		t.Errorf("genres used: %v", seen)
	}
}

// TestNoAnnualReports: the generator does not write the national format of the
// 政府信息公开工作年度报告, so a registry with that genre gets no documents of it.
func TestNoAnnualReports(t *testing.T) {
	genres := "[[genre]]\nname = \"通知\"\ncategory = \"通知公告\"\narchetype = \"notice\"\n\n" +
		"[[genre]]\nname = \"" + annualreport.Genre + "\"\ncategory = \"通知公告\"\narchetype = \"other\"\n"
	out := generateInto(t, writeRegistry(t, fixtureCategories, genres), 120, 1, 2)
	for _, d := range parseCorpus(t, out) {
		if g := d.fm["genre"].(string); g != "通知" {
			t.Errorf("%s: genre %q", d.rel, g)
		}
	}
}

// TestRepositoryRegistry generates a corpus with the repository's own registries and
// checks it as xxgk build does: the benchmarks need a corpus that builds.
func TestRepositoryRegistry(t *testing.T) {
	out := generateInto(t, filepath.Join("..", "..", "data"), 600, 1, 2)
	set, err := record.Load(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Records) != 600 {
		t.Errorf("%d documents read, want 600", len(set.Records))
	}
	nErr := 0
	for _, p := range set.Problems {
		if p.Severity == record.Error {
			if nErr++; nErr <= 5 {
				t.Errorf("%v", p)
			}
		}
	}
	if nErr > 5 {
		t.Errorf("… %d errors in all", nErr)
	}
}

func TestExistingOutput(t *testing.T) {
	reg := writeRegistry(t, fixtureCategories, fixtureGenres)
	out := generateInto(t, reg, 50, 1, 2)
	if _, err := generate(config{n: 40, out: out, seed: 1, registry: reg, workers: 2}); err == nil {
		t.Fatal("wrote over an existing corpus without -force")
	}
	if _, err := generate(config{n: 40, out: out, seed: 1, registry: reg, workers: 2, force: true}); err != nil {
		t.Fatal(err)
	}
	if n := len(parseCorpus(t, out)); n != 40 {
		t.Errorf("%d documents after -force, want 40", n)
	}
}

package site

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"xxgk/internal/buildcache"
	"xxgk/internal/clock"
	"xxgk/internal/publish"
	"xxgk/internal/record"

	"xxgk/internal/testenv"
)

// buildAt builds src into dest on the sample's day with opts' other fields.
func buildAt(t *testing.T, src, dest string, opts Options) *Result {
	t.Helper()
	opts.Source, opts.Dest = src, dest
	if opts.Now == nil {
		opts.Now = clock.Fixed(sampleNow)
	}
	res, err := Build(opts)
	if err != nil {
		t.Fatalf("build %s: %v", src, err)
	}
	return res
}

// sameTree fails when the trees at a and b differ in any file.
func sameTree(t *testing.T, what, a, b string) {
	t.Helper()
	if d := testenv.DiffTrees(treeDigest(t, a), treeDigest(t, b)); len(d) > 0 {
		t.Errorf("%s: %d files differ, e.g. %v", what, len(d), d[:min(len(d), 10)])
	}
}

// TestShardedEqualsWholeSite: the build that renders each publisher's documents in a
// Hugo site of their own and the portal's pages from catalogue stubs publishes, byte
// for byte, what one Hugo site holding every document publishes: on the sample and
// on a generated corpus of 1,000 documents from 186 publishers, with shards batched
// several to a Hugo site and a publisher alone in one.
func TestShardedEqualsWholeSite(t *testing.T) {
	sites := map[string]string{"sample": repoRoot}
	if !testing.Short() && !raceEnabled {
		sites["corpus"] = testenv.Corpus(t, repoRoot, 1000)
	}
	// Several batches, as a large site renders (a batch must not need what an earlier
	// one has let go, such as its documents' bodies).
	defer func(n int) { maxBatch = n }(maxBatch)
	maxBatch = 150
	for name, src := range sites {
		t.Run(name, func(t *testing.T) {
			out := t.TempDir()
			whole := buildAt(t, src, filepath.Join(out, "whole"), Options{WholeSite: true})
			sharded := buildAt(t, src, filepath.Join(out, "sharded"), Options{NoCache: true})
			sameTree(t, name, filepath.Join(out, "whole"), filepath.Join(out, "sharded"))
			if whole.Pages != sharded.Pages || whole.Files != sharded.Files {
				t.Errorf("whole site %d pages, %d files; sharded %d, %d", whole.Pages, whole.Files, sharded.Pages, sharded.Files)
			}
			if n := len(treeDigest(t, filepath.Join(out, "whole"))); whole.Files != n {
				t.Errorf("whole site: %d files counted, %d published", whole.Files, n)
			}
			if sharded.Shards.Total < 4 || sharded.Shards.Rendered != sharded.Shards.Total {
				t.Errorf("shards %+v: every publisher's shard should have been rendered", sharded.Shards)
			}
			if _, err := os.Stat(CacheDir(filepath.Join(out, "sharded"))); err == nil {
				t.Errorf("NoCache left a cache behind")
			}
		})
	}
}

// TestBatches: shards go together into a Hugo site up to the batch size, in order,
// and a shard larger than it alone.
func TestBatches(t *testing.T) {
	mk := func(sizes ...int) []*shard {
		var out []*shard
		for i, n := range sizes {
			out = append(out, &shard{code: strconv.Itoa(i + 1), recs: make([]*record.Record, n)})
		}
		return out
	}
	for _, tc := range []struct {
		sizes []int
		want  string
	}{
		{nil, ""},
		{[]int{1}, "1"},
		{[]int{4, 5, 1}, "1 2 3"},
		{[]int{4, 5, 2}, "1 2|3"},
		{[]int{20, 1, 1}, "1|2 3"},
		{[]int{3, 7, 10, 2}, "1 2|3|4"},
	} {
		var got []string
		for _, b := range batches(mk(tc.sizes...), 10) {
			var codes []string
			for _, s := range b {
				codes = append(codes, s.code)
			}
			got = append(got, strings.Join(codes, " "))
		}
		if g := strings.Join(got, "|"); g != tc.want {
			t.Errorf("batches(%v) = %q, want %q", tc.sizes, g, tc.want)
		}
	}
}

// TestShardGroups: the runs of shards whose search segments are merged together
// cover the shards in order, average about groupEvery shards, and move only around
// a publisher added: the others' merged segments stay valid.
func TestShardGroups(t *testing.T) {
	var all []*shard
	for i := range 3000 {
		all = append(all, &shard{code: fmt.Sprintf("p%04d", i)})
	}
	cuts := func(shards []*shard) map[string]bool {
		out := map[string]bool{}
		n := 0
		for _, g := range shardGroups(shards) {
			if len(g) == 0 {
				t.Fatal("an empty run")
			}
			var codes []string
			for _, s := range g {
				if s != shards[n] {
					t.Fatalf("run member %s at %d, want %s: runs must cover the shards in order", s.code, n, shards[n].code)
				}
				codes = append(codes, s.code)
				n++
			}
			out[strings.Join(codes, " ")] = true
		}
		if n != len(shards) {
			t.Fatalf("runs cover %d of %d shards", n, len(shards))
		}
		return out
	}
	before := cuts(all)
	if n := len(before); n < 3000/groupEvery/2 || n > 3000/groupEvery*2 {
		t.Errorf("%d runs of 3,000 shards, want about %d", n, 3000/groupEvery)
	}
	added := slices.Insert(slices.Clone(all), 1500, &shard{code: "p1499a"})
	after := cuts(added)
	changed := 0
	for g := range after {
		if !before[g] {
			changed++
		}
	}
	if changed != 1 {
		t.Errorf("a publisher added changed %d runs, want 1", changed)
	}
	if got := shardGroups(nil); len(got) != 0 {
		t.Errorf("runs of no shards: %v", got)
	}
}

// TestIncrementalBuild: a build reuses each shard whose inputs did not change and
// renders again those whose did — a document edited, a template changed, a document
// abolished by the passing of its date, a 解读 added in another publisher — and every
// result equals a full build of the same site.
func TestIncrementalBuild(t *testing.T) {
	src := fixture(t, `-- content/qsjyj/2024/notice.md --
+++
title = "青石县教育局关于做好2024年春季开学工作的通知"
index = "qsjyj-2024-00001"
publisher = "qsjyj"
date = 2024-02-10
category = "通知公告"
genre = "通知"
abolished = 2026-08-01
+++

各学校：做好春季开学各项准备工作。
`)
	out := t.TempDir()
	dest := filepath.Join(out, "public")
	// wantListings is how many listings must be rendered again (-1: not counted);
	// wantPortal, whether Hugo must render the portal (else it all comes from the cache).
	// The documents' files settle (record.CheckCache.Trust): from the second build on,
	// those not edited since are not read unless their pages are rendered.
	time.Sleep(1100 * time.Millisecond)
	step := func(name string, now time.Time, wantRendered, wantListings int, wantPortal bool) *Result {
		t.Helper()
		res := buildAt(t, src, dest, Options{Now: clock.Fixed(now)})
		if res.Shards.Total != 2 || res.Shards.Rendered != wantRendered {
			t.Errorf("%s: shards %+v, want %d of 2 rendered", name, res.Shards, wantRendered)
		}
		if wantListings >= 0 && res.Shards.ListingsRendered != wantListings {
			t.Errorf("%s: %d of %d listings rendered, want %d", name, res.Shards.ListingsRendered, res.Shards.Listings, wantListings)
		}
		if res.Shards.PortalRendered != wantPortal {
			t.Errorf("%s: portal rendered by Hugo %v, want %v", name, res.Shards.PortalRendered, wantPortal)
		}
		full := filepath.Join(out, "full-"+strings.ReplaceAll(name, " ", "-"))
		whole := buildAt(t, src, full, Options{Now: clock.Fixed(now), WholeSite: true})
		sameTree(t, name, dest, full)
		if res.Pages != whole.Pages || res.Files != whole.Files {
			t.Errorf("%s: %d pages, %d files; the whole-site build %d, %d", name, res.Pages, res.Files, whole.Pages, whole.Files)
		}
		if n := len(treeDigest(t, dest)); res.Files != n {
			t.Errorf("%s: %d files counted, %d published", name, res.Files, n)
		}
		// From the third build on, each renders into the site published two before
		// (publish.StageReusing): nothing of it may be left.
		if empty := emptyDirs(t, dest); len(empty) > 0 {
			t.Errorf("%s: empty directories left: %v", name, empty)
		}
		return res
	}
	// Listings: publishers/qsjyj, publishers/qszz, categories/规划统计,
	// categories/规划统计/规划计划, categories/通知公告, genres/工作计划, genres/通知, years/2024.
	// The two shards' search segments are merged into one, kept for the next build
	// while the shards are unchanged (searchGroups).
	groups := func() []string {
		entries, _ := os.ReadDir(filepath.Join(CacheDir(dest), ".search"))
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		return names
	}
	step("first build", sampleNow, 2, 8, true)
	first := groups()
	if len(first) != 1 {
		t.Errorf("merged search segments kept: %v, want one", first)
	}
	step("nothing changed", sampleNow, 0, 0, false)
	res := step("nothing changed again", sampleNow, 0, 0, false)
	for _, r := range res.Records.Records {
		if r.Raw != nil {
			t.Errorf("nothing changed: %s was read, though its check is kept under the same stamp", r.Path)
		}
	}
	if g := groups(); !slices.Equal(g, first) {
		t.Errorf("nothing changed: merged search segments %v, want %v kept", g, first)
	}
	// Each build keeps its documents' checks for the next one (record.CheckCache):
	// the builds after an edit below check the others from there.
	if _, err := os.Stat(buildcache.ChecksFile(CacheDir(dest))); err != nil {
		t.Errorf("the documents' checks were not kept: %v", err)
	}
	if _, err := os.Stat(publish.SpareDir(dest)); err != nil {
		t.Errorf("no spare kept for the next build to render into: %v", err)
	}

	plan := filepath.Join(src, "content/qszz/2024/plan.md")
	b, _ := os.ReadFile(plan)
	writeFile(t, plan, strings.Replace(string(b), "稳定招生规模", "扩大招生规模", 1))
	// The plan's excerpt changed: its five listings, not the notice's own two.
	step("one document edited", sampleNow, 1, 5, true)
	if g := groups(); len(g) != 1 || g[0] == first[0] {
		t.Errorf("one document edited: merged search segments %v, want one in place of %v", g, first)
	}

	// The notice is 已废止 on its listings: publishers/qsjyj, categories/通知公告,
	// genres/通知 and years/2024.
	step("a document abolished by its date", time.Date(2026, 8, 2, 9, 0, 0, 0, record.Shanghai), 1, 4, true)
	// The register is dated: the portal's own pages are rendered again on a new day.
	step("the next day", time.Date(2026, 8, 3, 9, 0, 0, 0, record.Shanghai), 0, 0, true)

	// A document's page changes, and nothing of it that the portal shows: the last
	// paragraph of a body longer than a stub's excerpt.
	long := filepath.Join(src, "content/qszz/2024/summary.md")
	writeFile(t, long, `+++
title = "青石县职业中等专业学校2024年上半年工作总结"
index = "qszz-2024-00002"
publisher = "qszz"
date = 2024-07-05
category = "规划统计/规划计划"
genre = "工作计划"
+++

上半年，学校围绕专业建设、实习就业和校园安全三项重点开展工作。机电技术应用专业完成了实训基地设备更新，新增数控车床六台，组织学生技能训练四百余人次。会计事务专业与县内十二家企业签订了实习协议，安排二年级学生分批到岗实习，企业对学生的出勤和专业能力评价良好。

学校修订了学生实习管理办法，明确了带队教师每周到岗巡查的要求，建立了实习学生每日报平安制度。上半年开展消防演练两次、防溺水专题教育一次，食堂和宿舍安全检查每月一次，未发生安全责任事故。

教师队伍建设方面，学校选派八名专业课教师到合作企业开展为期一个月的实践锻炼，组织全体教师参加信息化教学能力培训，两名教师在县级优质课评比中获一等奖。学校还完成了教职工年度考核和岗位聘用工作。

下半年，学校将重点做好新生招生、秋季开学和省级技能大赛的备赛工作。
`)
	day := time.Date(2026, 8, 3, 9, 0, 0, 0, record.Shanghai)
	step("a long document added", day, 1, -1, true)
	b, _ = os.ReadFile(long)
	writeFile(t, long, strings.Replace(string(b), "省级技能大赛的备赛工作", "省级技能大赛和市级文明校园创建的准备工作", 1))
	step("its last paragraph edited", day, 1, 0, false)
	os.Remove(long)

	writeFile(t, filepath.Join(src, "content/qsjyj/2024/reading.md"), `+++
title = "《青石县职业中等专业学校2024年工作计划》解读"
index = "qsjyj-2024-00002"
publisher = "qsjyj"
date = 2024-03-01
category = "通知公告"
genre = "通知"
interprets = "qszz-2024-00001"
+++

解读学校2024年工作计划的主要任务。
`)
	step("a 解读 of the other publisher's plan", time.Date(2026, 8, 3, 9, 0, 0, 0, record.Shanghai), 2, -1, true)

	single := filepath.Join(src, "layouts/single.html")
	b, _ = os.ReadFile(single)
	writeFile(t, single, strings.Replace(string(b), "<h1>{{ .Title }}</h1>", "<h1 class=\"doc-title\">{{ .Title }}</h1>", 1))
	step("a template changed", time.Date(2026, 8, 3, 9, 0, 0, 0, record.Shanghai), 2, 8, true)

	os.Remove(filepath.Join(src, "content/qsjyj/2024/reading.md"))
	os.Remove(filepath.Join(src, "content/qsjyj/2024/notice.md"))
	last := Options{Now: clock.Fixed(time.Date(2026, 8, 3, 9, 0, 0, 0, record.Shanghai))}
	res = buildAt(t, src, dest, last)
	if res.Shards.Total != 1 || res.Shards.Rendered != 1 {
		t.Errorf("a publisher's documents all removed: shards %+v, want 1 of 1 rendered (the 解读 is gone)", res.Shards)
	}
	last.WholeSite = true
	buildAt(t, src, filepath.Join(out, "full-removed"), last)
	sameTree(t, "a publisher's documents all removed", dest, filepath.Join(out, "full-removed"))
	if empty := emptyDirs(t, dest); len(empty) > 0 {
		t.Errorf("a publisher's documents all removed: empty directories left: %v", empty)
	}
}

// TestDamagedCacheRebuilt: an entry that cannot be read, or whose pages are gone, is
// rendered again rather than trusted.
func TestDamagedCacheRebuilt(t *testing.T) {
	src := fixture(t, "")
	dest := filepath.Join(t.TempDir(), "public")
	buildAt(t, src, dest, Options{})
	entry := filepath.Join(CacheDir(dest), "qszz", buildcache.EntryFile)
	writeFile(t, entry, "not gob")
	if res := buildAt(t, src, dest, Options{}); res.Shards.Rendered != 1 {
		t.Errorf("damaged entry: shards %+v, want it rendered again", res.Shards)
	}
	if _, err := os.Stat(filepath.Join(dest, "qszz/qszz-2024-00001/index.html")); err != nil {
		t.Error(err)
	}
	os.RemoveAll(filepath.Join(CacheDir(dest), "qszz", "pages"))
	if res := buildAt(t, src, dest, Options{}); res.Shards.Rendered != 1 {
		t.Errorf("an entry without its pages: shards %+v, want it rendered again", res.Shards)
	}
	// The published page is a hard link to the cache's: written in place, the next
	// build renders it again instead of publishing what was written.
	page := filepath.Join(dest, "qszz/qszz-2024-00001/index.html")
	if err := os.WriteFile(page, []byte("改写"), 0o644); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(time.Second)
	os.Chtimes(page, later, later)
	if res := buildAt(t, src, dest, Options{}); res.Shards.Rendered != 1 {
		t.Errorf("a published page written in place: shards %+v, want it rendered again", res.Shards)
	}
	if b, _ := os.ReadFile(page); string(b) == "改写" {
		t.Error("the page written in place was published again")
	}
}

// TestMemoKeyedByProgram: the register files kept in the cache's memo are kept
// for the program that made them: a build by the same xxgk asks for the same ones,
// a build by another xxgk (which may write other files of the same registers)
// makes its own, and the old ones are pruned.
func TestMemoKeyedByProgram(t *testing.T) {
	src := fixture(t, "")
	dest := filepath.Join(t.TempDir(), "public")
	memo := func() []string {
		t.Helper()
		entries, err := os.ReadDir(filepath.Join(CacheDir(dest), ".memo"))
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		return names
	}
	buildAt(t, src, dest, Options{})
	first := memo()
	// register.json, .csv and .xlsx for the site and qszz, its one publisher with
	// documents.
	if len(first) != 6 {
		t.Fatalf("%d files in the memo, want 6: %v", len(first), first)
	}
	buildAt(t, src, dest, Options{})
	if again := memo(); !slices.Equal(again, first) {
		t.Errorf("the same xxgk again: memo %v, want %v", again, first)
	}
	defer func(exe func() (string, error)) { executableHash = exe }(executableHash)
	executableHash = func() (string, error) { return "another xxgk", nil }
	buildAt(t, src, dest, Options{})
	other := memo()
	if len(other) != len(first) {
		t.Errorf("another xxgk: %d files in the memo, want %d", len(other), len(first))
	}
	for _, name := range other {
		if slices.Contains(first, name) {
			t.Errorf("another xxgk was given %s, kept by the first", name)
		}
	}
}

// TestHTMLContentRefused: the portal's Hugo site admits HTML bodies for its stubs, so
// no other content may be HTML: an .html file is refused by the check, a page whose
// front matter sets markup = "html" here, as Hugo does in the whole site.
func TestHTMLContentRefused(t *testing.T) {
	for _, tc := range []struct{ file, front string }{
		{"content/about.html", "title = \"关于\""},
		{"content/about.md", "title = \"关于\"\nmarkup = \"html\""},
		{"content/about.md", "title = \"关于\"\n  markup='htm' # 注释"},
	} {
		src := fixture(t, "-- "+tc.file+" --\n+++\n"+tc.front+"\n+++\n<script>alert(1)</script>\n")
		_, err := Build(Options{Source: src, Dest: filepath.Join(t.TempDir(), "public"), NoCache: true})
		var located Located
		if !errors.As(err, &located) || located.Located()[0].File != tc.file {
			t.Errorf("%s with %q: err = %v, want an error located in the file", tc.file, tc.front, err)
		}
	}
}

// TestOwnCascade: a site whose config.toml sets a cascade of its own keeps it in
// every Hugo site of the sharded build (which then renders all pages in each, and
// reuses no listing): here the cascade gives the guide a layout the theme does not
// have otherwise, and the result still equals the whole-site build.
func TestOwnCascade(t *testing.T) {
	src := fixture(t, `-- content/guide.md --
+++
title = "信息公开指南"
+++

本指南说明青石县教育系统信息公开的范围和方式。
`)
	cfg, err := os.ReadFile(filepath.Join(src, "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(src, "config.toml"), string(cfg)+"\n[[cascade]]\n  layout = \"guide\"\n  [cascade.target]\n    path = \"/guide\"\n")
	out := t.TempDir()
	buildAt(t, src, filepath.Join(out, "whole"), Options{WholeSite: true})
	for range 2 {
		res := buildAt(t, src, filepath.Join(out, "sharded"), Options{})
		if res.Shards.ListingsRendered != res.Shards.Listings {
			t.Errorf("listings reused with the site's own cascade: %+v", res.Shards)
		}
	}
	sameTree(t, "own cascade", filepath.Join(out, "whole"), filepath.Join(out, "sharded"))
}

// TestDrafts: a document marked draft = true is checked with the others but not
// published — no page, no entry in the register or the search index — unless the
// build renders drafts; both ways the sharded build equals the whole-site build.
func TestDrafts(t *testing.T) {
	src := fixture(t, `-- content/qsjyj/2024/draft.md --
+++
title = "青石县教育局关于2024年暑期安全工作的通知（征求意见稿）"
index = "qsjyj-2024-00001"
publisher = "qsjyj"
date = 2024-06-20
category = "通知公告"
genre = "通知"
draft = true
+++

各学校：做好暑期安全教育工作。
`)
	out := t.TempDir()
	for _, drafts := range []bool{false, true} {
		name := strconv.FormatBool(drafts)
		whole := filepath.Join(out, "whole-"+name)
		buildAt(t, src, whole, Options{WholeSite: true, Drafts: drafts})
		sharded := filepath.Join(out, "sharded-"+name)
		buildAt(t, src, sharded, Options{Drafts: drafts})
		sameTree(t, "drafts "+name, whole, sharded)
		_, err := os.Stat(filepath.Join(sharded, "qsjyj/qsjyj-2024-00001/index.html"))
		if published := err == nil; published != drafts {
			t.Errorf("drafts %v: the draft's page published: %v", drafts, published)
		}
		reg, _ := os.ReadFile(filepath.Join(sharded, "register.csv"))
		if strings.Contains(string(reg), "qsjyj-2024-00001") != drafts {
			t.Errorf("drafts %v: register.csv lists the draft: %v", drafts, !drafts)
		}
		// The preview shows what the build publishes, drafts or not.
		p, err := NewPreview(Options{Source: src, Dest: filepath.Join(out, "preview-"+name), Drafts: drafts, Now: clock.Fixed(sampleNow)})
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Update(); err != nil {
			t.Fatalf("preview, drafts %v: %v", drafts, err)
		}
		if err := p.WriteOutputs(); err != nil {
			t.Fatalf("preview, drafts %v: %v", drafts, err)
		}
		sameTree(t, "preview, drafts "+name, sharded, p.Dir())
		p.Close()
	}
}

// TestTermCountsAsHugoCounts: the counts the theme shows beside terms, which xxgk
// computes (hugo.Data.xxgk.counts, layouts/_partials/term-count.html), are those
// Hugo's pages give: the portal built with a term-count.html that counts Hugo's pages
// is the same, byte for byte, on the sample and (not -short) a generated corpus.
func TestTermCountsAsHugoCounts(t *testing.T) {
	sites := map[string]string{"sample": repoRoot}
	if !testing.Short() && !raceEnabled {
		sites["corpus"] = testenv.Corpus(t, repoRoot, 1000)
	}
	for name, from := range sites {
		t.Run(name, func(t *testing.T) {
			src := t.TempDir()
			for _, p := range []string{"config.toml", "content", "data", "layouts", "static"} {
				testenv.CopyTree(t, filepath.Join(from, p), filepath.Join(src, p))
			}
			out := t.TempDir()
			buildAt(t, src, filepath.Join(out, "ours"), Options{NoCache: true})
			writeFile(t, filepath.Join(src, "layouts/_partials/term-count.html"), `{{ return len (partial "term-pages.html" .page) }}`)
			buildAt(t, src, filepath.Join(out, "hugo"), Options{NoCache: true})
			sameTree(t, name, filepath.Join(out, "ours"), filepath.Join(out, "hugo"))
		})
	}
}

// listingFiles are the files of the listings kept in the cache of dest.
func listingFiles(t *testing.T, dest string) []string {
	t.Helper()
	c, err := buildcache.Open(CacheDir(dest))
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, l := range c.Listings() {
		for _, f := range l.Files {
			files = append(files, f.Path)
		}
	}
	slices.Sort(files)
	return files
}

// deepestListing is the directory of the listings' file of dest with the most
// parts (the first of those in order).
func deepestListing(t *testing.T, dest string) string {
	t.Helper()
	deepest := ""
	for _, f := range listingFiles(t, dest) {
		if d := path.Dir(f); strings.Count(d, "/") > strings.Count(deepest, "/") || deepest == "" {
			deepest = d
		}
	}
	if !strings.Contains(deepest, "/") {
		t.Fatalf("no listing's file below two directories: %q", deepest)
	}
	return deepest
}

// TestCleanFromInventory: a build that renders into the site published two builds
// before knows what that directory holds from the inventory its build left, without
// walking it, and keeps the listings' files below its top as they are; it walks it
// after all when a file the inventory does not list was put there — at its top, in
// a directory the build removes, or beside files it keeps (a directory's time
// tells) — and the site it publishes is the whole-site build's either way.
func TestCleanFromInventory(t *testing.T) {
	src := fixture(t, "")
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	full := filepath.Join(dir, "full")
	buildAt(t, src, full, Options{WholeSite: true})
	n := 0
	build := func(name string, wantWalk bool) {
		t.Helper()
		before, kept := cleanWalks.Load(), cleanKeptListed.Load()
		buildAt(t, src, dest, Options{})
		// The first three builds render into new directories (there is no spare yet).
		if walked := cleanWalks.Load() > before; n >= 3 && walked != wantWalk {
			t.Errorf("%s: the reused directory walked %v, want %v", name, walked, wantWalk)
		}
		// Without a walk, the listings' files below the top are kept as they are (the
		// listings are those placed there: nothing in the fixture changes).
		listed := 0
		for _, f := range listingFiles(t, dest) {
			if strings.Contains(f, "/") {
				listed++
			}
		}
		if got := int(cleanKeptListed.Load() - kept); n >= 4 && !wantWalk && (listed == 0 || got != listed) {
			t.Errorf("%s: clean kept %d files of listings, want all %d below the top", name, got, listed)
		}
		n++
		sameTree(t, name, dest, full)
		if empty := emptyDirs(t, dest); len(empty) > 0 {
			t.Errorf("%s: empty directories left: %v", name, empty)
		}
	}
	build("first build", false)
	build("second build", false)
	build("third build", false)
	build("fourth build, into the first's directory", false)
	build("fifth", false)
	writeFile(t, filepath.Join(publish.SpareDir(dest), "verify-8f3a.html"), "放在网站根目录的验证文件")
	build("a file put at the top of the spare", true)
	build("after it", false)
	writeFile(t, filepath.Join(publish.SpareDir(dest), "categories", "stray.html"), "")
	build("a file put in a listing's directory of the spare", true)
	build("after that", false)
	writeFile(t, filepath.Join(publish.SpareDir(dest), filepath.FromSlash(deepestListing(t, dest)), "stray.html"), "")
	build("a file put beside a listing's kept files", true)
	build("after that too", false)
	writeFile(t, filepath.Join(publish.SpareDir(dest), "qszz", "stray.html"), "")
	build("a file put in a publisher's directory", true)
	build("and after that", false)
	// A listed file that is a directory now (a name listed at the top).
	spare404 := filepath.Join(publish.SpareDir(dest), "404.html")
	os.Remove(spare404)
	writeFile(t, filepath.Join(spare404, "x.html"), "")
	build("a listed file become a directory", true)
	// A page changed in place changes its file in the cache (a hard link): the entry
	// is rendered again, under the same key, and the spare's link to the changed file
	// must not be kept for it.
	page := filepath.Join(dest, "qszz/qszz-2024-00001/index.html")
	b, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, append(b, "<!-- 手工改动 -->"...), 0o644); err != nil {
		t.Fatal(err)
	}
	build("a page changed in place", false)
	build("the build after", false)
	build("the build into its directory", false)
}

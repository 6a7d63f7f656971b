package e2e

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestFooterIdentity: every page type shows the site's identity from config.toml
// [params.identity] in its footer — 主办单位, 联系方式, 网站标识码, the ICP备案号 linked
// to the MIIT record site and the 公安机关备案号 linked with its number — and links
// to the HTML 网站地图.
func TestFooterIdentity(t *testing.T) {
	base := serve(t)
	b := newBrowser(t)
	want := map[string]string{
		"主办单位":    "临溪县教育局",
		"联系方式":    "0576-8512 3400",
		"网站标识码":   "3310990001",
		"ICP备案号":  "浙ICP备20990001号-1",
		"公安机关备案号": "浙公网安备33109902000001号",
	}
	for _, p := range pageTypes {
		b.do(t, chromedp.Navigate(base+p.path), chromedp.WaitVisible(chromedp.CSS(p.ready)))
		fields := run(t, b, chromedp.Evaluate[map[string]string](`Object.fromEntries([...document.querySelectorAll("footer .identity div")].map(d => [d.querySelector("dt").textContent, d.querySelector("dd").textContent]))`))
		for k, v := range want {
			if !strings.Contains(fields[k], v) {
				t.Errorf("%s: footer %s = %q, want %q", p.path, k, fields[k], v)
			}
		}
		links := run(t, b, chromedp.Evaluate[map[string]string](`Object.fromEntries([...document.querySelectorAll("footer a")].map(a => [a.textContent, a.href]))`))
		if links["网站地图"] != base+"/sitemap/" {
			t.Errorf("%s: footer links the 网站地图 to %q", p.path, links["网站地图"])
		}
		if links["浙ICP备20990001号-1"] != "https://beian.miit.gov.cn/" {
			t.Errorf("%s: ICP link %q", p.path, links["浙ICP备20990001号-1"])
		}
		if !strings.HasSuffix(links["浙公网安备33109902000001号"], "code=33109902000001") {
			t.Errorf("%s: 公安备案 link %q", p.path, links["浙公网安备33109902000001号"])
		}
	}
	b.checkClean(t)
}

// TestSitemapComplete: /sitemap/ links every listing the build wrote (each
// publisher, category, year and genre) and the portal pages, and names the
// registered categories that hold no document as empty instead of leaving them out.
func TestSitemapComplete(t *testing.T) {
	base, dest := serveSite(t, "..")
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(base+"/sitemap/"), chromedp.WaitVisible(chromedp.CSS("main h1")))
	hrefs := run(t, b, chromedp.Evaluate[[]string](`[...document.querySelectorAll("main a")].map(a => a.pathname)`))
	for i, h := range hrefs {
		hrefs[i], _ = url.PathUnescape(h)
	}
	has := func(p string) bool { return slices.Contains(hrefs, p) }
	for _, p := range []string{"/", "/guide/", "/register/", "/audit/", "/search/", "/index.xml"} {
		if !has(p) {
			t.Errorf("sitemap lacks %s", p)
		}
	}
	// Every term page the build wrote: a directory holding index.html under
	// categories/, years/, genres/, or a publisher's directory.
	var terms []string
	for _, tax := range []string{"categories", "years", "genres"} {
		filepath.WalkDir(filepath.Join(dest, tax), func(path string, d os.DirEntry, err error) error {
			if err != nil || d.Name() != "index.html" || filepath.Dir(path) == filepath.Join(dest, tax) || strings.Contains(path, "/page/") {
				return nil
			}
			rel, _ := filepath.Rel(dest, filepath.Dir(path))
			terms = append(terms, "/"+filepath.ToSlash(rel)+"/")
			return nil
		})
	}
	for _, pub := range []string{"lxjyj", "lxzz", "lxzjzx", "lxhxzx"} {
		terms = append(terms, "/"+pub+"/")
	}
	if len(terms) < 20 {
		t.Fatalf("only %d term pages found: %v", len(terms), terms)
	}
	for _, term := range terms {
		if !has(term) {
			t.Errorf("sitemap lacks %s", term)
		}
	}
	empty := run(t, b, chromedp.Evaluate[[]string](`[...document.querySelectorAll("main li")].filter(li => li.querySelector(".empty")).map(li => li.firstElementChild.textContent)`))
	if !slices.Contains(empty, "通知公告") {
		t.Errorf("empty columns shown: %v, want 通知公告 among them", empty)
	}
	// The list of categories shows it too, as empty.
	b.do(t, chromedp.Navigate(base+"/categories/"), chromedp.WaitVisible(chromedp.CSS("main h1")))
	if rows := run(t, b, chromedp.Evaluate[[]string](`[...document.querySelectorAll("main tr.empty")].map(tr => tr.textContent.trim())`)); len(rows) != 1 || !strings.HasPrefix(rows[0], "通知公告（暂无信息）") {
		t.Errorf("/categories/ empty rows %q", rows)
	}
	// …and counts it: the caption's total is every row of the table.
	rows := run(t, b, chromedp.Evaluate[int](`document.querySelectorAll("main tbody tr").length`))
	if caption := run(t, b, chromedp.Text(chromedp.CSS("main caption"))); caption != fmt.Sprintf("主题分类：共 %d 项", rows) {
		t.Errorf("/categories/ caption %q, table has %d rows", caption, rows)
	}
	b.checkClean(t)
}

// TestInterpretationLinks: the sample's 解读 links to the plan it explains and the
// plan links back, each through its metadata table, and following the links arrives.
func TestInterpretationLinks(t *testing.T) {
	base := serve(t)
	b := newBrowser(t)
	row := func(name string) string {
		return `(() => { for (const tr of document.querySelectorAll(".meta-table tr")) if (tr.querySelector("th").textContent === "` + name + `") return tr.querySelector("a").pathname; return ""; })()`
	}
	b.do(t, chromedp.Navigate(base+"/lxzjzx/lxzjzx-2023-00004/"), chromedp.WaitVisible(chromedp.CSS(".meta-table")))
	if got := run(t, b, chromedp.Evaluate[string](row("解读对象"))); got != "/lxzjzx/lxzjzx-2023-00003/" {
		t.Errorf("解读 links its policy as %q", got)
	}
	b.do(t, chromedp.Click(chromedp.CSS(`.meta-table a[href="/lxzjzx/lxzjzx-2023-00003/"]`)), chromedp.WaitVisible(chromedp.CSS(".meta-table")))
	if h1 := run(t, b, chromedp.Text(chromedp.CSS("h1"))); !strings.Contains(h1, "技能大赛实施方案") {
		t.Errorf("following the link arrived at %q", h1)
	}
	if got := run(t, b, chromedp.Evaluate[string](row("政策解读"))); got != "/lxzjzx/lxzjzx-2023-00004/" {
		t.Errorf("policy links its 解读 as %q", got)
	}
	b.do(t, chromedp.Navigate(base+"/lxjyj/lxjyj-2025-00003/"), chromedp.WaitVisible(chromedp.CSS(".meta-table")))
	if got := run(t, b, chromedp.Evaluate[string](row("政策解读"))); got != "" {
		t.Errorf("a policy without 解读 links %q", got)
	}
	b.checkClean(t)
}

// TestAuditVerdicts: /audit/ shows the three pass/fail items with their thresholds
// first, and every registered category with its update status.
func TestAuditVerdicts(t *testing.T) {
	base := serve(t)
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(base+"/audit/"), chromedp.WaitVisible(chromedp.CSS("table.verdicts")))
	rows := run(t, b, chromedp.Evaluate[[]string](`[...document.querySelectorAll("table.verdicts tbody tr")].map(tr => [...tr.cells].map(c => c.textContent.trim()).join("|"))`))
	if len(rows) != 3 || !strings.HasPrefix(rows[0], "首页不更新|首页超过 14 天没有新信息|") || !strings.HasPrefix(rows[2], "空白栏目|5 个以上栏目没有任何信息|1 个空白栏目|合格") {
		t.Errorf("verdicts %q", rows)
	}
	first := run(t, b, chromedp.Evaluate[string](`document.querySelector("main h2").id`))
	if first != "columns" {
		t.Errorf("first section is %q, want the pass/fail items", first)
	}
	cols := run(t, b, chromedp.Evaluate[map[string]string](`Object.fromEntries([...document.querySelectorAll("table.columns tbody tr")].map(tr => [tr.cells[0].textContent.trim(), tr.cells[4].textContent.trim()]))`))
	registry, err := os.ReadFile("../data/categories.toml")
	if err != nil {
		t.Fatal(err)
	}
	if cols["通知公告"] != "空白栏目" || cols["业务工作/学生资助"] == "" || len(cols) != strings.Count(string(registry), "[[category]]") {
		t.Errorf("columns %v, want every category of data/categories.toml", cols)
	}
	b.checkClean(t)
}

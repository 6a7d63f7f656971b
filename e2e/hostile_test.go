package e2e

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"
	"golang.org/x/net/html"
)

// payload is hostile text for the field or place named by tag: every way of running
// script that a template, a feed reader, a spreadsheet or the search page could fall
// for. Each one, if it ran, would set window.__pwned to its tag. The tag keeps
// payloads apart, so that a failure names the field that let one through.
func payload(tag string) string {
	return fmt.Sprintf(`<script>window.__pwned=%[1]q</script>`+
		`<img src=x onerror="window.__pwned='%[1]s'">`+
		`"><svg onload="window.__pwned='%[1]s'">`+
		`'><iframe src="javascript:window.parent.__pwned='%[1]s'"></iframe>`+
		`javascript:window.__pwned='%[1]s' &lt;b&gt;%[1]s&amp;`, tag)
}

// formula is a cell that a spreadsheet would run as a formula if a CSV export let it.
const formula = `=HYPERLINK("http://example.invalid/","点击")`

// hidden are zero-width characters, which the check lets through (bidirectional
// controls are refused, see internal/record): invisible inside words, they must
// change nothing on the page.
const hidden = "零\u200b宽\ufeff字符\u200c与\u200d连接\u2060结束"

// hostileBody is Markdown that tries, in every form the renderer knows, to put
// markup or an unsafe link on the page.
func hostileBody(tag string) string {
	p := payload(tag)
	return fmt.Sprintf(`## 正文%[1]s

普通段落：%[2]s

原始 HTML：<script>window.__pwned="%[1]s-raw"</script><img src=x onerror="window.__pwned='%[1]s-img'"><iframe src="javascript:parent.__pwned='%[1]s-iframe'"></iframe><a href="javascript:window.__pwned='%[1]s-a'">原始链接</a><style>body{display:none}</style>

<div onmouseover="window.__pwned='%[1]s-div'">块级原始 HTML</div>

<script>window.__pwned="%[1]s-block"</script>

链接：[脚本链接](javascript:window.__pwned='%[1]s-md') [大小写](JaVaScRiPt:window.__pwned='%[1]s-case') [实体](javascript&#58;window.__pwned='%[1]s-ent') [制表符](java&#9;script:window.__pwned='%[1]s-tab') [换行](java&#10;script:window.__pwned='%[1]s-nl') [前导空格](<  javascript:window.__pwned='%[1]s-sp'>) [编码](%%6Aavascript:window.__pwned='%[1]s-pct') [数据](data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX19wd25lZD0xPC9zY3JpcHQ+) [VB](vbscript:msgbox) [文件](file:///etc/passwd) [标题](/guide/ "%[3]s")

自动链接：<javascript:window.__pwned='%[1]s-auto'> <data:text/html,<script>x</script>> <vbscript:msgbox> <http://example.invalid/?q=<script>> www.example.invalid/%%22onmouseover=%%22x

引用链接：[引用][js-%[1]s] [引用数据][data-%[1]s]

[js-%[1]s]: javascript:window.__pwned='%[1]s-ref'
[data-%[1]s]: data:text/html,<script>window.__pwned=1</script>

图片：![图一](javascript:window.__pwned='%[1]s-imgjs') ![图二](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9ImFsZXJ0KDEpIi8+) ![图三](x" onerror="window.__pwned='%[1]s-imgattr') ![%[3]s](/favicon.svg "%[3]s") ![图四](//example.invalid/x.png) ![图五](vbscript:x)

| 列一%[2]s | 列二 |
| --- | --- |
| %[2]s | [表内](javascript:window.__pwned='%[1]s-cell') |

`+"`<script>window.__pwned=\"%[1]s-code\"</script>`"+`

`+"```html\n<script>window.__pwned=\"%[1]s-fence\"</script>\n```"+`

&lt;script&gt;window.__pwned="%[1]s-entity"&lt;/script&gt; &#60;img src=x onerror=alert(1)&#62;

零宽字符：%[4]s
`, tag, p, strings.ReplaceAll(p, `"`, `\"`), hidden)
}

// hostileDoc is one document with a payload in every free-text field of the schema.
func hostileDoc(index, date, title, body string) string {
	q := func(s string) string { return strconv.Quote(s) }
	tag := index
	return fmt.Sprintf(`+++
title = %s
index = %q
publisher = "lxzz"
date = %s
written = %s
category = "业务工作/教育教学"
genre = "通知"
docnumber = %s
keywords = [%s, %s]
source = %s
description = %s
summary = %s
attachments = [{ title = %s, file = "attachments/hostile/a\"><svg onload=alert(1)>.txt" }]
revisions = [{ date = %s, note = %s }]
+++

%s`, q(title), index, date, date, q(payload(tag+"-docnumber")), q(payload(tag+"-keyword")), q(formula),
		q(payload(tag+"-source")), q(payload(tag+"-description")), q(payload(tag+"-summary")),
		q(payload(tag+"-attachment")), date, q(payload(tag+"-revision")), body)
}

// hostileSite writes a site with the sample's registries, theme and static files and
// only hostile documents, and returns its directory.
func hostileSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, p := range []string{"data", "layouts", "static"} {
		if err := os.CopyFS(filepath.Join(dir, p), os.DirFS(filepath.Join("..", p))); err != nil {
			t.Fatal(err)
		}
	}
	write := func(name, content string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := os.ReadFile("../config.toml")
	if err != nil {
		t.Fatal(err)
	}
	// The site's own settings are free text too.
	cfg = []byte(strings.Replace(string(cfg), `owner = "临溪县教育局"`, "owner = "+strconv.Quote(payload("owner")), 1))
	write("config.toml", string(cfg))
	write("content/_index.md", "+++\ntitle = \"首页\"\n+++\n")
	write("content/guide.md", "+++\ntitle = "+strconv.Quote(payload("guide-title"))+"\nlayout = \"guide\"\n+++\n\n"+hostileBody("guide"))
	// A portal page written without a layout.
	write("content/about.md", "+++\ntitle = "+strconv.Quote(payload("about-title"))+"\n+++\n\n"+hostileBody("about"))
	// A registered publisher, category and genre whose names are payloads too.
	appendTo := func(name, content string) {
		t.Helper()
		f, err := os.OpenFile(filepath.Join(dir, name), os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		fmt.Fprint(f, content)
	}
	appendTo("data/publishers.toml", fmt.Sprintf("\n[[publisher]]\ncode = \"evil\"\nname = %s\ntype = \"school\"\nregion = %s\nparent = \"lxjyj\"\nschool_type = %s\n",
		strconv.Quote(payload("publisher-name")), strconv.Quote(payload("publisher-region")), strconv.Quote(payload("school-type"))))
	// Its 依申请公开 contacts, shown in the guide and on /apply/, are payloads too.
	appendTo("data/publishers.toml", fmt.Sprintf("[publisher.contact]\noffice = %s\naddress = %s\nphone = %s\nfax = %s\nemail = \"evil@example.com\"\nhours = %s\n",
		strconv.Quote(payload("contact-office")), strconv.Quote(payload("contact-address")), strconv.Quote(payload("contact-phone")),
		strconv.Quote(payload("contact-fax")), strconv.Quote(payload("contact-hours"))))
	write("content/apply.md", "+++\ntitle = "+strconv.Quote(payload("apply-title"))+"\nlayout = \"apply\"\n+++\n\n"+hostileBody("apply"))
	appendTo("data/categories.toml", fmt.Sprintf("\n[[category]]\npath = \"业务工作/%s\"\ndescription = %s\n",
		"<b>恶意分类</b>", strconv.Quote(payload("category-description"))))
	write("static/attachments/hostile/a\"><svg onload=alert(1)>.txt", "附件内容\n")

	write("content/lxzz/2024/hostile-1.md", hostileDoc("lxzz-2024-00901", "2024-06-03", payload("title"), hostileBody("body")))
	// A title of 5,000 characters without a space to break it at.
	write("content/lxzz/2024/hostile-long-title.md", hostileDoc("lxzz-2024-00902", "2024-06-04",
		strings.Repeat("超长标题", 1249)+"结束", "长标题的文件。\n"))
	// A publisher, category and genre of hostile names carry a document each.
	write("content/evil/2024/hostile-3.md", strings.Replace(strings.Replace(
		hostileDoc("evil-2024-00001", "2024-06-05", payload("evil-title"), hostileBody("evil")),
		`publisher = "lxzz"`, `publisher = "evil"`, 1),
		`category = "业务工作/教育教学"`, `category = "业务工作/<b>恶意分类</b>"`, 1))
	// A table of figures (first heading 表N …), which the theme renders with a caption,
	// row headings and data-label attributes, with payloads in every cell.
	write("content/lxzz/2024/hostile-figures.md", hostileDoc("lxzz-2024-00904", "2024-06-07", payload("figures-title"),
		"| 表9 "+payload("figures-caption")+" | "+payload("figures-column")+" |\n| --- | ---: |\n| "+payload("figures-row")+" | "+payload("figures-cell")+" |\n| "+payload("figures-group")+" |  |\n"))
	// A 10 MB document: many paragraphs, payloads among them.
	var big strings.Builder
	for i := 0; big.Len() < 10<<20; i++ {
		fmt.Fprintf(&big, "第%d段：学校持续推进教育教学改革，完善实习管理制度。%s\n\n", i, payload("big"))
	}
	write("content/lxzz/2024/hostile-big.md", hostileDoc("lxzz-2024-00903", "2024-06-06", formula+"十兆字节的长文件", big.String()))
	return dir
}

// liveMarkup lists, on the page in the browser, every element or attribute a payload
// could have brought to life: event handlers, inline scripts, frames, plug-ins, and
// links or sources of an unsafe scheme.
const liveMarkup = `[...document.querySelectorAll("*")].flatMap(e => {
	const out = [...e.attributes].filter(a => a.name.startsWith("on") ||
		/^(href|src|action|formaction|data|srcdoc)$/.test(a.name) && /^\s*(javascript|data|vbscript):/i.test(a.value))
		.map(a => e.tagName + " " + a.name + "=" + a.value.slice(0, 60));
	if (/^(IFRAME|OBJECT|EMBED|FRAME|BASE|FORM)$/.test(e.tagName) && !e.closest("header, main > form") ||
		e.tagName === "SCRIPT" && !e.src) out.push(e.tagName + " element");
	return out;
})`

// TestHostileSite builds a site whose every free-text field, registry name and body
// carries script, and crawls every page it built in Chromium under the production
// CSP: no payload runs (window.__pwned stays unset), none becomes live markup, the
// browser reports no CSP violation and no console error, and the payloads are shown
// as the text that was written. The feeds, sitemap and exports are read raw.
func TestHostileSite(t *testing.T) {
	base, dest := serveSite(t, hostileSite(t))
	var pages []string
	filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".html") {
			rel, _ := filepath.Rel(dest, p)
			pages = append(pages, "/"+strings.TrimSuffix(filepath.ToSlash(rel), "index.html"))
		}
		return err
	})
	if len(pages) < 20 {
		t.Fatalf("only %d pages built: %v", len(pages), pages)
	}
	// (A query that finds the 10 MB document takes the search page some 20 seconds.)
	for _, q := range []string{"onerror", "零宽字符"} {
		pages = append(pages, "/search/?q="+url.QueryEscape(q))
	}
	b := newBrowserFor(t, 6*time.Minute)
	for _, path := range pages {
		p, query, _ := strings.Cut(path, "?")
		u := url.URL{Path: p, RawQuery: query}
		b.do(t, chromedp.Navigate(base+u.String()), chromedp.WaitVisible(chromedp.CSS("main")))
		if strings.HasPrefix(path, "/search/?") {
			b.do(t, chromedp.Poll[chromedp.Void](`/^(找到|没有找到|搜索暂时)/.test(document.querySelector("#search-status").textContent)`, chromedp.WithPollingTimeout(time.Minute)))
			if s := run(t, b, chromedp.Text(chromedp.CSS(`#search-status`))); !foundCount.MatchString(s) {
				t.Errorf("%s: %s", path, s)
			}
		}
		if live := run(t, b, chromedp.Evaluate[[]string](liveMarkup)); len(live) > 0 {
			t.Errorf("%s: live markup from a payload: %v", path, live)
		}
		if pwned := run(t, b, chromedp.Evaluate[string](`String(window.__pwned)`)); pwned != "undefined" {
			t.Errorf("%s: a payload ran: window.__pwned = %s", path, pwned)
		}
		for _, p := range b.problems(t) {
			t.Errorf("%s: browser reported: %s", path, p)
		}
	}

	// The payloads are shown as written, as text.
	b.do(t, chromedp.Navigate(base+"/lxzz/lxzz-2024-00901/"), chromedp.WaitVisible(chromedp.CSS(`table.meta-table`)))
	screenshot(t, b, "hostile-document-1280")
	shown := run(t, b, chromedp.Evaluate[string](`document.querySelector("main").textContent`))
	for _, field := range []string{"docnumber", "keyword", "source", "attachment", "revision"} {
		if want := payload("lxzz-2024-00901-" + field); !strings.Contains(shown, want) {
			t.Errorf("the %s payload is not shown as text", field)
		}
	}
	if h1 := run(t, b, chromedp.Text(chromedp.CSS(`h1`))); h1 != payload("title") {
		t.Errorf("title shown as %q", h1)
	}
	// A 5,000-character title wraps: no page scrolls sideways.
	for _, width := range []int64{1280, 375} {
		for _, path := range []string{"/lxzz/lxzz-2024-00902/", "/", "/lxzz/", "/register/", "/search/?q=" + url.QueryEscape("超长标题")} {
			b.do(t, chromedp.EmulateViewport(width, 900), chromedp.Navigate(base+path), chromedp.WaitVisible(chromedp.CSS(`main`)))
			if run(t, b, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth`)) {
				t.Errorf("%s scrolls sideways at %d px", path, width)
			}
		}
	}
	screenshot(t, b, "hostile-long-title-375")
	b.checkClean(t)

	checkFeeds(t, dest)
	checkExports(t, dest)
}

// checkFeeds reads every feed and the sitemap: well-formed XML, item titles that are
// the documents' titles as plain text, and descriptions that are HTML without a single
// element, showing the text as written.
func checkFeeds(t *testing.T, dest string) {
	t.Helper()
	feeds, _ := filepath.Glob(filepath.Join(dest, "*.xml"))
	more, _ := filepath.Glob(filepath.Join(dest, "*/*/index.xml"))
	deeper, _ := filepath.Glob(filepath.Join(dest, "*/index.xml"))
	feeds = append(append(feeds, more...), deeper...)
	titles := map[string]bool{}
	for _, f := range feeds {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Items []struct {
				Title       string `xml:"title"`
				Description string `xml:"description"`
				Category    string `xml:"category"`
			} `xml:"channel>item"`
			Locs []string `xml:"url>loc"`
		}
		if err := xml.Unmarshal(src, &doc); err != nil {
			t.Errorf("%s is not well-formed XML: %v", f, err)
			continue
		}
		for _, it := range doc.Items {
			titles[it.Title] = true
			if n := elements(it.Description); len(n) > 0 {
				t.Errorf("%s: description of %.40q has markup %v", f, it.Title, n)
			}
			if strings.HasPrefix(it.Title, formula) && !strings.Contains(html.UnescapeString(it.Description), "window.__pwned=“big”") {
				t.Errorf("%s: description not decoded once: %.300s", f, it.Description)
			}
		}
	}
	for _, want := range []string{payload("title"), payload("evil-title")} {
		if !titles[want] {
			t.Errorf("no feed item is titled with the payload as text %.60q", want)
		}
	}
}

// elements returns the element names in s read as HTML.
func elements(s string) []string {
	var out []string
	z := html.NewTokenizer(strings.NewReader(s))
	for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
		if tt == html.StartTagToken || tt == html.SelfClosingTagToken {
			name, _ := z.TagName()
			out = append(out, string(name))
		}
	}
	return out
}

var formulaStart = regexp.MustCompile(`^[=+\-@\t\r]`)

// checkExports reads the register and audit exports: the payloads come back as the
// text that was written, and no CSV cell starts as a formula.
func checkExports(t *testing.T, dest string) {
	t.Helper()
	csvs, _ := filepath.Glob(filepath.Join(dest, "*.csv"))
	more, _ := filepath.Glob(filepath.Join(dest, "*/*.csv"))
	found := map[string]bool{}
	for _, f := range append(csvs, more...) {
		src, _ := os.ReadFile(f)
		rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(src, []byte("\ufeff")))).ReadAll()
		if err != nil {
			t.Errorf("%s: %v", f, err)
		}
		for _, row := range rows {
			for _, cell := range row {
				found[cell] = true
				if formulaStart.MatchString(cell) {
					t.Errorf("%s: a spreadsheet would read %.40q as a formula", f, cell)
				}
			}
		}
	}
	for _, want := range []string{payload("evil-title"), payload("publisher-name"), "'" + formula + "十兆字节的长文件"} {
		if !found[want] {
			t.Errorf("no CSV cell holds %.60q as written", want)
		}
	}

	var reg struct{ Entries []map[string]any }
	if src, err := os.ReadFile(filepath.Join(dest, "register.json")); err != nil || json.Unmarshal(src, &reg) != nil {
		t.Fatalf("register.json: %v", err)
	}
	jsonTitles := map[any]bool{}
	for _, e := range reg.Entries {
		jsonTitles[e["title"]] = true
	}
	if !jsonTitles[payload("evil-title")] {
		t.Errorf("register.json lacks the payload title as written")
	}
	var audit any
	if src, err := os.ReadFile(filepath.Join(dest, "audit/audit.json")); err != nil || json.Unmarshal(src, &audit) != nil {
		t.Errorf("audit/audit.json is not JSON: %v", err)
	} else if !bytes.Contains(mustJSON(t, audit), mustJSON(t, payload("publisher-name"))) {
		t.Error("audit.json lacks the hostile publisher's name as written")
	}

	x, err := excelize.OpenFile(filepath.Join(dest, "register.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows(x.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	cells := map[string]string{}
	for r, row := range rows {
		for c, v := range row {
			name, _ := excelize.CoordinatesToCellName(c+1, r+1)
			cells[v] = name
			if f, _ := x.GetCellFormula(x.GetSheetList()[0], name); f != "" {
				t.Errorf("register.xlsx %s is a formula: %s", name, f)
			}
		}
	}
	for _, want := range []string{payload("evil-title"), formula + "十兆字节的长文件"} {
		if cells[want] == "" {
			t.Errorf("register.xlsx has no cell %.60q", want)
		}
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

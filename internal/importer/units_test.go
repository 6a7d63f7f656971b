package importer

import (
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"

	"xxgk/internal/record"
	"xxgk/internal/search"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in, want string // want "" for an error
		withTime bool
	}{
		{"2024-05-30", "2024-05-30 00:00", false},
		{"2024/5/3", "2024-05-03 00:00", false},
		{"2024.05.30", "2024-05-30 00:00", false},
		{"2024年5月30日", "2024-05-30 00:00", false},
		{"2024 年 5 月 30 日", "2024-05-30 00:00", false},
		{"2024-05-30 17:27", "2024-05-30 17:27", true},
		{"2024年5月30日 17时27分", "2024-05-30 17:27", true},
		{"二〇二四年三月一日", "2024-03-01 00:00", false},
		{"二○二三年十二月三十一日", "2023-12-31 00:00", false},
		{"二〇二四年五月二十日", "2024-05-20 00:00", false},
		{"202223年5月1日", "", false},
		{"2024-13-01", "", false},
		{"2023-02-29", "", false},
		{"20*年3月", "", false},
		{"近日", "", false},
	}
	for _, tt := range tests {
		got, withTime, err := ParseDate(tt.in)
		if tt.want == "" {
			if err == nil {
				t.Errorf("ParseDate(%q) = %v, want an error", tt.in, got)
			}
			continue
		}
		if err != nil || got.Format("2006-01-02 15:04") != tt.want || withTime != tt.withTime || got.Location().String() != "CST" {
			t.Errorf("ParseDate(%q) = %v, %v, %v; want %s, %v", tt.in, got, withTime, err, tt.want, tt.withTime)
		}
	}
}

func TestMetaFields(t *testing.T) {
	tests := []struct {
		line Line
		want string // key=value pairs joined by |
	}{
		{Line{Text: "索引号：lxzz-2024-00021　发布机构：临溪县职业中等专业学校"}, "index=lxzz-2024-00021|publisher=临溪县职业中等专业学校"},
		{Line{Text: "发布日期:2024-02-26 成文日期: 2024-02-20 文号：临职专〔2024〕3号"}, "date=2024-02-26|written=2024-02-20|docnumber=临职专〔2024〕3号"},
		{Line{Text: "索 引 号：000014349/2017-00110"}, "index=000014349/2017-00110"},
		{Line{Text: "發布機構：臨溪縣教育局 發布日期：2024-03-08"}, "publisher=臨溪縣教育局|date=2024-03-08"},
		{Line{Text: "发布时间：2024-05-30 17:27 来源：临溪县教育局"}, "date=2024-05-30 17:27|source=临溪县教育局"},
		{Line{Text: "主题分类：科技、教育/教育/报告 有效性：有效"}, "category=科技、教育/教育/报告|validity=有效"},
		{Line{Cells: []string{"索引号", "lxzz-2024-00022", "发布机构：", "临溪县职业中等专业学校"}}, "index=lxzz-2024-00022|publisher=临溪县职业中等专业学校"},
		{Line{Cells: []string{"文号", "临职专〔2024〕11号", "发布日期：2024-09-20"}}, "docnumber=临职专〔2024〕11号|date=2024-09-20"},
		{Line{Cells: []string{"索引号", "lxzz-2024-00022", "（扫码查看）"}}, "index=lxzz-2024-00022|=（扫码查看）"},
		{Line{Cells: []string{"序号", "时间", "地点"}}, ""},
		// Body text that merely contains a label is not a header.
		{Line{Text: "报名时间：3月1日至3月5日"}, ""},
		{Line{Text: "学校于发布日期：当天执行"}, ""},
		{Line{Text: "时间：4月22日至4月26日"}, ""},
		{Line{Text: "时间：2024-04-08"}, "date=2024-04-08"},
		{Line{Text: "来源：学生处，经校务会讨论通过。"}, ""},
		// Layouts of many portals.
		{Line{Text: "来源:青禾市第一中学发布时间:2023-03-15 10:20:31访问量:"}, "source=青禾市第一中学|date=2023-03-15 10:20:31|views="},
		{Line{Text: "• 索 引 号:bsqjtj-2022-00044"}, "index=bsqjtj-2022-00044"},
		{Line{Text: "索引号 ylxjyj-2024-00002 分类 通知公告 发布机构 云岭县教育局 生成日期 2024-01-09 10:20"}, "index=ylxjyj-2024-00002|category=通知公告|publisher=云岭县教育局|date=2024-01-09 10:20"},
		{Line{Text: "索引号000016872/2024-00012"}, "index=000016872/2024-00012"},
		{Line{Text: "| 发文字号: | 某教发〔2021〕3号 | 发布日期: | 2021-03-09 |"}, "docnumber=某教发〔2021〕3号|date=2021-03-09"},
		{Line{Text: "发布机构: 某区教体局 生成日期: 2022-05-17"}, "publisher=某区教体局|date=2022-05-17"},
		{Line{Text: "发布机构：临溪县教育局 责任编辑：王明 发布日期：2022-05-17"}, "publisher=临溪县教育局|=王明|date=2022-05-17"},
		{Line{Text: "标 题：某校实习管理办法"}, "title=某校实习管理办法"},
		{Line{Text: "发布者：某校 文件编号：某〔2023〕15号 时效：有效"}, "publisher=某校|docnumber=某〔2023〕15号|validity=有效"},
		{Line{Text: "索引号是学校的编号"}, ""},
		{Line{Text: "发布机构 负责解释本办法"}, ""},
	}
	for _, tt := range tests {
		if tt.line.Text == "" {
			tt.line.Text = strings.Join(tt.line.Cells, " ")
		}
		var got []string
		for _, f := range metaFields(tt.line) {
			got = append(got, f.Key+"="+f.Value)
		}
		if strings.Join(got, "|") != tt.want {
			t.Errorf("metaFields(%q) = %q, want %q", tt.line.Text, strings.Join(got, "|"), tt.want)
		}
	}
}

func TestBreadcrumb(t *testing.T) {
	got := breadcrumb("当前位置：首页 > 公共企事业单位信息公开 > 学校 > 临溪县职业中等专业学校 > 规划统计 > 规划计划")
	if strings.Join(got, "|") != "公共企事业单位信息公开|学校|临溪县职业中等专业学校|规划统计|规划计划" {
		t.Errorf("breadcrumb = %q", got)
	}
	if breadcrumb("学校位置：临溪县职教路1号") != nil {
		t.Error("an address taken for a breadcrumb")
	}
}

func TestHeadings(t *testing.T) {
	tests := []struct{ in, style, rest string }{
		{"一、指导思想", "一、", "指导思想"},
		{"（一）教学质量", "（一）", "教学质量"},
		{"(二)学生管理", "（一）", "学生管理"},
		{"1、报名条件", "1、", "报名条件"},
		{"1. 专业建设", "1.", "专业建设"},
		{"1.1 办学规模", "1.1", "办学规模"},
		{"2.3.1 课程", "1.1.1", "课程"},
		{"⑴ 专任教师", "⑴", "专任教师"},
		{"① 第一项", "①", "第一项"},
		{"第一章 总则", "第一章", "总则"},
		{"第三节 课程设置", "第一节", "课程设置"},
		{"1.5万元用于设备采购", "", "1.5万元用于设备采购"},
		{"2024年工作要点", "", "2024年工作要点"},
	}
	for _, tt := range tests {
		style, _, rest := numbering(tt.in)
		if style != tt.style || rest != tt.rest {
			t.Errorf("numbering(%q) = %q, %q; want %q, %q", tt.in, style, rest, tt.style, tt.rest)
		}
	}
}

// TestHeadingLevels: levels follow the order styles appear in, per document; numbers on
// a line of their own join their titles; sentences with numbers stay paragraphs.
func TestHeadingLevels(t *testing.T) {
	lines := splitLines("第一章\n总则\n（一）目的\n一、范围\n（二）依据\n1.1 本办法所称学生，是指在校学生。\n第二章 附则")
	got := toMarkdown(&File{}, lines)
	want := "## 第一章 总则\n\n### （一）目的\n\n#### 一、范围\n\n### （二）依据\n\n1.1 本办法所称学生，是指在校学生。\n\n## 第二章 附则\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestLists: numbered lines in a row are a list, short or long; a numbered line with
// text under it is a heading.
func TestLists(t *testing.T) {
	got := toMarkdown(&File{}, splitLines("1、专业设置\n学校开设六个专业。\n2、师资队伍\n专任教师108人。\n开设专业：\n1. 机电技术应用\n2. 会计事务\n• 国家助学金\n• 免学费"))
	want := "## 1、专业设置\n\n学校开设六个专业。\n\n## 2、师资队伍\n\n专任教师108人。\n\n开设专业：\n\n1. 机电技术应用\n2. 会计事务\n\n- 国家助学金\n- 免学费\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestFlatTable(t *testing.T) {
	f := &File{}
	got := toMarkdown(f, splitLines("序号\n专业\n人数\n1\n机电技术应用\n130\n2\n会计事务\n90\n合计720人。"))
	want := "| 序号 | 专业 | 人数 |\n| --- | --- | --- |\n| 1 | 机电技术应用 | 130 |\n| 2 | 会计事务 | 90 |\n\n合计720人。\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	// A missing cell makes the rows uneven: kept line by line, and reported.
	f = &File{}
	got = toMarkdown(f, splitLines("序号\n专业\n人数\n1\n机电技术应用\n2\n会计事务\n90"))
	if strings.Contains(got, "|") || f.count(Warning) != 1 {
		t.Errorf("uneven table rebuilt or not reported:\n%s\n%v", got, f.Notes)
	}
}

func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"名额*有限*", `名额\*有限\*`},
		{"[报名](http://x.cn)", `\[报名\](http://x.cn)`},
		{"<script>alert(1)</script>", `\<script\>alert(1)\</script\>`},
		{"{{< youtube x >}}", `\{\{\< youtube x \>\}\}`},
		{"A &amp; B & C", `A \&amp; B & C`},
		{"# 不是标题", `\# 不是标题`},
		{"1. 不是列表", `1\. 不是列表`},
		{"- 不是列表", `\- 不是列表`},
		{"王老师_教务处 | 电话", `王老师\_教务处 \| 电话`},
		{"普通文字，不变。", "普通文字，不变。"},
	}
	for _, tt := range tests {
		if got := escapeLine(tt.in); got != tt.want {
			t.Errorf("escapeLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCleaning(t *testing.T) {
	f := &File{}
	lines := removeChrome(f, splitLines(strings.Join([]string{
		"发布时间：2024-03-01 【字体：大 中 小】 浏览次数：56",
		"分享到：微信 微博",
		"第2页 共5页",
		"- 3 -",
		"客服电话：000-00000000",
		"导语：本文来源于网友上传，仅供参考。",
		"温馨提示：",
		"1、本站文档均来自网络。",
		"正文第一段。",
		"【上一篇】：无",
		"上一篇：临溪县职业中等专业学校2023年工作总结",
		"相关文章：",
		"某校2023年工作计划 03-01",
		"某校2022年工作计划 02-27",
	}, "\n")))
	var kept []string
	for _, l := range lines {
		if l.Text != "" {
			kept = append(kept, l.Text)
		}
	}
	if want := "发布时间：2024-03-01|正文第一段。|【上一篇】：无"; strings.Join(kept, "|") != want {
		t.Errorf("kept %q, want %q", strings.Join(kept, "|"), want)
	}
	if n := f.count(Removed); n != 13 {
		t.Errorf("%d removals reported, want 13: %v", n, f.Notes)
	}

	f = &File{}
	lines = splitLines("專業(yè)發展(zhǎn)，現(xiàn)有學生。教師(APP)不變")
	removePinyin(f, lines)
	if lines[0].Text != "專業發展，現有學生。教師(APP)不變" || f.count(Repaired) != 1 {
		t.Errorf("pinyin: %q %v", lines[0].Text, f.Notes)
	}

	f = &File{}
	reportDamage(f, splitLines("于202223年建成\n20*年计划\n学?生\n企业�家\n2024年正常，好吗?\n20XX年\n学习Linux年度课程"))
	if n := f.count(Warning); n != 5 {
		t.Errorf("%d damage warnings, want 4: %v", n, f.Notes)
	}
}

func TestSpam(t *testing.T) {
	docs := [][]Line{
		splitLines("金龙在线\n学校按照《学校章程》办学。\n各部门按照《金龙在线章程》履职。"),
		splitLines("金龙在线\n临溪县教育局\n举办金龙在线技能节。"),
		splitLines("临溪县教育局\n特此通知。"),
		splitLines("短句\n博彩娱乐城\n学校开展活动。\n三、远离赌场和博彩"),
		// A portal column name that opens copied pages is not spam, though it recurs.
		splitLines("信息公开\n按照信息公开要求发布。"),
		splitLines("信息公开\n做好信息公开工作。"),
	}
	phrases := findSpam(docs, nil)
	// 金龙在线 opens two files and sits inside sentences; 博彩娱乐城 is made of
	// advertising words; 临溪县教育局 opens files but never hides inside a sentence.
	if strings.Join(phrases, "|") != "博彩娱乐城|金龙在线" {
		t.Fatalf("phrases %q", phrases)
	}
	f := &File{}
	ctx := newContexts(docs, phrases)
	out := removeSpam(f, docs[0], phrases, ctx)
	if out[0].Text != "学校按照《学校章程》办学。" || out[1].Text != "各部门按照《学校章程》履职。" {
		t.Errorf("got %q", texts(out))
	}
	f = &File{}
	out = removeSpam(f, docs[1], phrases, ctx)
	if out[1].Text != "举办技能节。" || f.count(Removed) != 2 {
		t.Errorf("got %q %v", texts(out), f.Notes)
	}
}

func TestDecode(t *testing.T) {
	const simp = "临溪县职业中等专业学校2024年招生工作总结：学校坚持规范招生，招生人数连续三年保持增长。"
	const trad = "臨溪縣華信職業技術學校2023年度質量報告：學校開設計算機應用、電子商務等專業。"
	gb, _ := simplifiedchinese.GB18030.NewEncoder().String(simp)
	big5, _ := traditionalchinese.Big5.NewEncoder().String(trad)
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String(`<html><head><meta charset="gb2312"></head><body>` + simp + "</body></html>")
	tests := []struct {
		src      string
		html     bool
		want     string
		encoding string
	}{
		{simp, false, simp, "UTF-8"},
		{"\ufeff" + simp, false, simp, "UTF-8"},
		{gb, false, simp, "GB18030"},
		{big5, false, trad, "Big5"},
		{gbk, true, simp, "GBK"},
		// A page re-saved as UTF-8 that still declares gb2312, and one the other way round.
		{`<meta charset="gb2312">` + simp, true, simp, "UTF-8"},
		{`<meta charset="utf-8">` + gb, true, simp, "GB18030"},
	}
	for _, tt := range tests {
		got, enc, _ := Decode([]byte(tt.src), tt.html)
		if !strings.Contains(got, tt.want) || enc != tt.encoding {
			t.Errorf("Decode: %s, %q; want %s containing %q", enc, got, tt.encoding, tt.want)
		}
	}
}

func TestAllocatorNeverRepeats(t *testing.T) {
	site := testSite(t)
	reg, err := record.LoadRegistry(site)
	if err != nil {
		t.Fatal(err)
	}
	used, err := record.UsedIndexes(site)
	if err != nil {
		t.Fatal(err)
	}
	a := reg.NewAllocator(append(used, "lxzz-2024-00007"))
	var got []string
	for range 3 {
		idx, err := a.Next("lxzz", 2024, "")
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, idx)
	}
	first, _ := a.Next("lxzz", 2025, "")
	if strings.Join(got, " ") != "lxzz-2024-00008 lxzz-2024-00009 lxzz-2024-00010" || first != "lxzz-2025-00001" {
		t.Errorf("allocated %v, then %s", got, first)
	}
}

func TestJoinWrapped(t *testing.T) {
	f := &File{}
	lines := joinWrapped(f, splitLines(strings.Join([]string{
		"学校发挥专业和实训基地优势，面向县内农村劳动力、退役",
		"军人和企业职工开展职业技能培训，与县人力资源和社会保",
		"障局共建培训基地两个，与十二家企业签订订单培养协议，",
		"全年培训合格率达到百分之九十五以上。",
		"以上情况特此报告，请各部门认真抓好落实并及时反馈",
		"临溪县职业技术教育中心",
	}, "\n")))
	if got := texts(lines); len(got) != 3 || !strings.HasSuffix(got[0], "九十五以上。") || got[2] != "临溪县职业技术教育中心" {
		t.Errorf("joined %q", got)
	}
	// Without three lines of one width nothing is joined.
	lines = joinWrapped(f, splitLines("第一段文字比较长但是没有句号结尾的一行文字\n第二行"))
	if len(lines) != 2 {
		t.Errorf("joined %q", texts(lines))
	}
}

// TestLayoutTable: a page laid out with a table is read as text, while the data table
// and the metadata table inside it stay tables.
func TestLayoutTable(t *testing.T) {
	p := extractHTML(`<html><body><table><tr><td class="left">栏目导航</td><td>
<table><tr><td>索引号</td><td>lxzz-2024-00030</td></tr></table>
<h1>临溪县职业中等专业学校关于课程安排的公告</h1>
<p>一、课程安排</p><p>本学期开设课程如下。</p>
<table><tr><td>课程</td><td>学时</td></tr><tr><td>机械制图</td><td>72</td></tr></table>
</td></tr></table></body></html>`)
	got := map[string]int{}
	for _, l := range p.lines {
		got[l.Text] = len(l.Cells)
	}
	for text, cells := range map[string]int{"索引号 lxzz-2024-00030": 2, "临溪县职业中等专业学校关于课程安排的公告": 0, "一、课程安排": 0, "本学期开设课程如下。": 0, "课程 学时": 2, "机械制图 72": 2} {
		if c, ok := got[text]; !ok || c != cells {
			t.Errorf("line %q: %d cells, found %v; lines %q", text, c, ok, texts(p.lines))
		}
	}
}

// TestWordTable: Word's HTML puts each cell's text in a <p>; the table stays a table.
func TestWordTable(t *testing.T) {
	p := extractHTML(`<table><tr><td><p>专业</p></td><td><p>人数</p></td></tr><tr><td><p>会计事务</p></td><td><p class=MsoNormal>90</p></td></tr></table>`)
	if got := texts(p.lines); len(got) != 2 || got[1] != "会计事务 90" || len(p.lines[1].Cells) != 2 {
		t.Errorf("lines %q", got)
	}
}

// TestManyInjectionsAreFast: a line with thousands of injected phrases is cleaned in
// linear time (it once took half a minute). The limit is loose for busy machines.
func TestManyInjectionsAreFast(t *testing.T) {
	src := "鸿运国际娱乐城\n" + strings.Repeat("学校鸿运国际娱乐城发展。按照鸿运国际娱乐城章程，", 1500)
	reg, err := record.LoadRegistry("../..")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	f := Convert("x.txt", []byte(src), reg, Options{})
	if d := time.Since(start); d > 10*time.Second || f.count(Removed) < 3000 {
		t.Errorf("took %v, %d removals", d, f.count(Removed))
	}
}

func TestChromeKeepsLabels(t *testing.T) {
	f := &File{}
	lines := removeChrome(f, []Line{{No: 1, Text: "发文字号：临职专〔2023〕9号 【字号：大 中 小】"}, {No: 2, Text: "選擇閱讀字號：【大 中 小】 【列印本頁】【關閉視窗】"}})
	if len(lines) != 1 || lines[0].Text != "发文字号：临职专〔2023〕9号" {
		t.Errorf("lines = %v", lines)
	}
	for _, s := range []string{"无障碍 | 长者模式 | English | 登录", "設為首頁 | 加入收藏", "扫一扫在手机打开当前页", "欢迎访问某市教育局网站！今天是2023年9月4日 星期一", "[LOGO]", "語音閱讀", "我有话说"} {
		if chromeLine(s) == "" {
			t.Errorf("%q not taken for portal chrome", s)
		}
	}
	for _, s := range []string{"欢迎广大家长积极参与", "英语（English）教学", "登录教育云平台完成报名"} {
		if chromeLine(s) != "" {
			t.Errorf("%q taken for portal chrome", s)
		}
	}
}

func TestSignatures(t *testing.T) {
	lines := func(s ...string) []Line {
		var out []Line
		for i, t := range s {
			out = append(out, Line{No: i + 1, Text: t})
		}
		return out
	}
	tests := []struct {
		body []Line
		want string // name|date of each signature
	}{
		{lines("正文。", "临溪县教育局", "2024年4月10日"), "临溪县教育局|2024-04-10"},
		{lines("正文。", "青禾市第一中学（盖章）", "二〇二三年十二月八日"), "青禾市第一中学|2023-12-08"},
		{lines("正文。", "临溪县教育局 2024-04-10"), "临溪县教育局|2024-04-10"},
		{lines("本办法自2023年1月1日起施行。"), ""},
		{lines("截至2019年6月30日，共有宿舍4栋。", "会议时间：2024年2月6日"), ""},
		{lines("---", "2024年5月6日"), ""},
	}
	for _, tt := range tests {
		var got []string
		for _, s := range signatures(tt.body) {
			got = append(got, s.name+"|"+s.date.Format("2006-01-02"))
		}
		if strings.Join(got, ";") != tt.want {
			t.Errorf("signatures(%v) = %q, want %q", tt.body, got, tt.want)
		}
	}
}

func TestShortForm(t *testing.T) {
	reg, err := record.ParseRegistry([]byte(`
[[publisher]]
code = "qhsjyj"
name = "青禾市教育局"
type = "bureau"
[[publisher]]
code = "lxjyj"
name = "临溪县教育局"
type = "bureau"
[[publisher]]
code = "bsqjtj"
name = "青禾市白沙区教育和体育局"
type = "bureau"
aliases = ["白沙区教育和体育局", "白沙区教体局"]
`), []byte(`[[category]]
path = "通知公告"`), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		value, title string
		banner       []string
		want         string
	}{
		{"市教育局", "青禾市教育局关于冬季安全的通知", nil, "qhsjyj"},
		{"教育局", "关于冬季安全的通知", []string{"青禾市教育局"}, "qhsjyj"},
		{"教育局", "关于冬季安全的通知", nil, ""},
		{"教育局", "青禾市教育局、临溪县教育局联合通知", nil, ""},
		{"市教育局", "临溪县教育局关于冬季安全的通知", nil, ""},
		// The short form ends an alias; the title names another alias of the same body.
		{"区教体局", "白沙区教育和体育局关于暑期安全的通知", nil, "bsqjtj"},
		{"区教体局", "关于暑期安全的通知", nil, ""},
	}
	for _, tt := range tests {
		p, _, ok := shortForm(reg, tt.value, head{title: tt.title, text: tt.banner})
		if got := map[bool]string{true: p.Code}[ok]; got != tt.want {
			t.Errorf("shortForm(%q, %q) = %q, want %q", tt.value, tt.title, got, tt.want)
		}
	}
}

func TestSplitTitle(t *testing.T) {
	tests := []struct {
		first, second Line
		plain         bool
		want          bool
	}{
		{Line{No: 1, Text: "临溪县教育局"}, Line{No: 2, Text: "关于做好招生工作的通知"}, true, true},
		{Line{No: 1, Text: "青禾市第一中学"}, Line{No: 2, Text: "2023—2024学年第一学期工作总结"}, true, true},
		{Line{No: 1, Text: "临溪县教育局"}, Line{No: 3, Text: "关于做好招生工作的通知"}, true, false},          // a blank line between: a site name
		{Line{No: 1, Text: "白沙区实验小学"}, Line{No: 2, Text: "青禾市白沙区实验小学2024年工作计划"}, true, false}, // the title names the body itself
		{Line{No: 1, Text: "临溪县教育局"}, Line{No: 2, Text: "各学校：现将有关事项通知如下"}, true, false},
		{Line{No: 1, Text: "云岭县教育局"}, Line{No: 1, Text: "关于放假的通知", Broken: true}, false, true},
		{Line{No: 1, Text: "云岭县教育局"}, Line{No: 2, Text: "关于放假的通知"}, false, false}, // two blocks of a page
	}
	for _, tt := range tests {
		if got := splitTitle(tt.first, tt.second, tt.plain); got != tt.want {
			t.Errorf("splitTitle(%q, %q, %v) = %v", tt.first.Text, tt.second.Text, tt.plain, got)
		}
	}
}

// TestSimpFastPath: the fast test never skips a line that search.Simplified would change.
func TestSimpFastPath(t *testing.T) {
	for _, s := range []string{"臨溪縣職業學校", "发布機構", "简体中文一行", "ASCII only", "𠀀𡈽", "設為首頁 | 加入收藏"} {
		if got, want := simp(s), search.Simplified(s); len(want) == len(s) && got != want {
			t.Errorf("simp(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestPageTitle(t *testing.T) {
	for in, want := range map[string]string{
		"关于做好招生工作的通知_临溪县教育局":          "关于做好招生工作的通知",
		"临溪县教育局 - 关于做好招生工作的通知":        "关于做好招生工作的通知",
		"关于做好招生工作的通知 | 信息公开 | 临溪县教育局": "关于做好招生工作的通知",
		"临溪县教育局":                   "临溪县教育局",
		"工作总结 - 青禾一中":              "工作总结",
		"关于A的通知 - 关于B的通知":          "关于A的通知",
		"2024年工作计划-临溪职专":           "2024年工作计划",
		"2023-2024学年第二学期工作计划":      "2023-2024学年第二学期工作计划",
		"青禾一中2023-2024学年工作总结-青禾一中": "青禾一中2023-2024学年工作总结",
	} {
		if got := pageTitle(in); got != want {
			t.Errorf("pageTitle(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestMetaTagsYield: a page's own header wins over its <meta> fields, which only fill gaps.
func TestMetaTagsYield(t *testing.T) {
	p := extractHTML(`<html><head><meta name="PubDate" content="2024-07-02"><meta name="ArticleTitle" content="元数据标题"><meta name="Keywords" content="站点词"></head>
<body><div class="article"><h1>页面上的标题</h1><p>发布日期：2024-07-05</p><p>正文。</p></div></body></html>`)
	f := &File{}
	h, _ := readHead(f, p.lines, false)
	addMetaTags(f, &h, p.meta)
	var dates []string
	for _, fl := range h.fields {
		if fl.Key == "date" {
			dates = append(dates, fl.Value)
		}
		if fl.Key == "keywords" {
			t.Errorf("site keywords taken: %q", fl.Value)
		}
	}
	if h.title != "页面上的标题" || len(dates) != 1 || dates[0] != "2024-07-05" {
		t.Errorf("title %q, dates %q", h.title, dates)
	}
}

func TestAttachmentPathsStayInStatic(t *testing.T) {
	in := &input{file: &File{Source: "../../x/原件 (1).docx"}, kind: "docx", src: []byte("x"), media: []mediaFile{{name: "../../evil.png", data: []byte("x")}}}
	for _, a := range attach(in, &meta{publisher: "p", index: "../../000014349/2023-00110"}) {
		if strings.Contains(a.File, "..") || strings.Count(a.File, "/") > 4 || !strings.HasPrefix(a.File, "attachments/p/000014349-2023-00110/") {
			t.Errorf("attachment path %q", a.File)
		}
	}
}

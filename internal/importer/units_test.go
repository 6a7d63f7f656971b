package importer

import (
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"

	"xxgk/internal/record"
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
	out := removeSpam(f, docs[0], phrases, docs)
	if out[0].Text != "学校按照《学校章程》办学。" || out[1].Text != "各部门按照《学校章程》履职。" {
		t.Errorf("got %q", texts(out))
	}
	f = &File{}
	out = removeSpam(f, docs[1], phrases, docs)
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

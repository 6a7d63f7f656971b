package annualreport

import (
	"strings"
	"testing"
	"time"
)

// sound is a figures file whose arithmetic holds: per column, 新收 + 结转 = 总计 + 结转下年度.
const sound = `[active]
permits = 2
penalties = 0
enforcement = 0
fees = 1.25

[applications]
new = [4, 1, 0, 0, 1, 0]
carried_in = [1, 0, 0, 0, 0, 0]
granted = [2, 1, 0, 0, 0, 0]
partly_granted = [1, 0, 0, 0, 0, 0]
withheld_secret = [0, 0, 0, 0, 0, 0]
withheld_law = [0, 0, 0, 0, 0, 0]
withheld_security = [0, 0, 0, 0, 0, 0]
withheld_third_party = [1, 0, 0, 0, 0, 0]
withheld_internal = [0, 0, 0, 0, 0, 0]
withheld_process = [0, 0, 0, 0, 0, 0]
withheld_case_file = [0, 0, 0, 0, 0, 0]
withheld_inquiry = [0, 0, 0, 0, 0, 0]
unavailable_not_held = [0, 0, 0, 0, 1, 0]
unavailable_not_made = [0, 0, 0, 0, 0, 0]
unavailable_unclear = [0, 0, 0, 0, 0, 0]
unprocessed_complaint = [0, 0, 0, 0, 0, 0]
unprocessed_repeated = [0, 0, 0, 0, 0, 0]
unprocessed_publication = [0, 0, 0, 0, 0, 0]
unprocessed_mass = [0, 0, 0, 0, 0, 0]
unprocessed_confirm = [0, 0, 0, 0, 0, 0]
other_no_correction = [0, 0, 0, 0, 0, 0]
other_no_fee = [0, 0, 0, 0, 0, 0]
other_other = [0, 0, 0, 0, 0, 0]
carried_out = [1, 0, 0, 0, 0, 0]

[appeals]
review = [1, 0, 0, 1]
suit_direct = [0, 0, 0, 0]
suit_after_review = [0, 1, 0, 0]

[text]
overview = "本年度，本机关认真贯彻《中华人民共和国政府信息公开条例》。"
problems = "个别栏目更新不够及时。"
other = "无。"
`

func soundReport(t *testing.T) *Report {
	t.Helper()
	r, problems := ParseFigures("data/reports/lxjyj-2025.toml", []byte(sound))
	if len(problems) > 0 {
		t.Fatalf("figures: %v", problems)
	}
	return r
}

func TestSoundFiguresRoundTrip(t *testing.T) {
	r := soundReport(t)
	if p := Check(r); len(p) > 0 {
		t.Fatalf("sound figures break rules: %v", p)
	}
	md := Render(r)
	if strings.Contains(string(md), Placeholder) {
		t.Errorf("complete figures still carry the placeholder:\n%s", md)
	}
	back, problems := ParseMarkdown("content/x.md", md, 10)
	if len(problems) > 0 {
		t.Fatalf("rendered report does not read back: %v\n%s", problems, md)
	}
	for _, tab := range Tables {
		for i := range tab.Rows {
			for j := range r.Grids[tab.ID][i] {
				if got, want := back.Grids[tab.ID][i][j].Value, r.Grids[tab.ID][i][j].Value; got != want {
					t.Errorf("%s row %d col %d: read back %d, rendered %d", tab.ID, i, j, got, want)
				}
			}
		}
	}
	if got := back.Grids[Fees][0][0].Value; got != 12500 {
		t.Errorf("fees = %d, want 12500 (1.25 万元)", got)
	}
	if got := back.Grids[Applications][TableByID(Applications).labelIndex("（七）总计")][6].Value; got != 6 {
		t.Errorf("（七）总计 总计 = %d, want 6", got)
	}
}

// TestRules breaks each rule once, in the rendered Markdown, and expects exactly
// that rule named at that cell, with the value it should have.
func TestRules(t *testing.T) {
	md := string(Render(soundReport(t)))
	cases := []struct {
		name       string
		row, old   string // the row's label and its line as rendered …
		new        string // … and as tampered
		rule       string
		column     string
		got, want  string
		extraRules int // further problems the same change causes, by other rules
	}{
		{name: "applicant total", row: "一、本年新收政府信息公开申请数量",
			old: "| 4 | 1 | 0 | 0 | 1 | 0 | 6 |", new: "| 4 | 1 | 0 | 0 | 1 | 0 | 7 |",
			rule: RuleColumnTotal, column: "总计", got: "7", want: "6", extraRules: 1},
		{name: "outcome total", row: "（七）总计",
			old: "| 4 | 1 | 0 | 0 | 1 | 0 | 6 |", new: "| 5 | 1 | 0 | 0 | 1 | 0 | 7 |",
			rule: RuleOutcomeTotal, column: "自然人", got: "5", want: "4", extraRules: 3},
		{name: "balance", row: "四、结转下年度继续办理",
			old: "| 1 | 0 | 0 | 0 | 0 | 0 | 1 |", new: "| 2 | 0 | 0 | 0 | 0 | 0 | 2 |",
			rule: RuleBalance, column: "自然人", got: "2", want: "1", extraRules: 1},
		{name: "appeal total", row: "行政复议",
			old: "| 1 | 0 | 0 | 1 | 2 |", new: "| 1 | 0 | 0 | 1 | 3 |",
			rule: RuleColumnTotal, column: "总计", got: "3", want: "2"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			line := "| " + c.row + " " + c.old
			if !strings.Contains(md, line) {
				t.Fatalf("rendered report has no line %q:\n%s", line, md)
			}
			tampered := strings.Replace(md, line, "| "+c.row+" "+c.new, 1)
			wantLine := 0
			for i, l := range strings.Split(tampered, "\n") {
				if strings.HasPrefix(l, "| "+c.row+" |") {
					wantLine = 7 + i
				}
			}
			_, problems := ParseMarkdown("content/r.md", []byte(tampered), 7)
			var hit *Problem
			for i, p := range problems {
				if p.Rule == c.rule && p.Row == c.row && p.Column == c.column {
					hit = &problems[i]
				}
			}
			if hit == nil {
				t.Fatalf("no %q problem at %s/%s; got %v", c.rule, c.row, c.column, problems)
			}
			if hit.Got != c.got || hit.Want != c.want || hit.Line != wantLine || hit.File != "content/r.md" {
				t.Errorf("problem = %+v, want got %s want %s at line %d", *hit, c.got, c.want, wantLine)
			}
			if len(problems) != 1+c.extraRules {
				t.Errorf("%d problems, want %d: %v", len(problems), 1+c.extraRules, problems)
			}
			if msg := hit.String(); !strings.Contains(msg, "content/r.md:") || !strings.Contains(msg, "应为 "+c.want) || !strings.Contains(msg, c.rule) {
				t.Errorf("message %q does not name file, expected value and rule", msg)
			}
		})
	}
}

func TestMissingFiguresAreMarked(t *testing.T) {
	r, problems := ParseFigures("data/reports/x-2025.toml", []byte("[applications]\nnew = [1, 0, 0, 0, 0, 0]\n"))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	md := string(Render(r))
	if !strings.Contains(md, "| 一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |") {
		t.Errorf("given row not rendered as given:\n%s", md)
	}
	if !strings.Contains(md, "| 行政许可 | 0"+Placeholder+" |") || !strings.Contains(md, "| （一）予以公开 | 0"+Placeholder+" |") {
		t.Errorf("missing rows not marked:\n%s", md)
	}
	if !strings.Contains(md, "## 一、总体情况\n\n"+Placeholder) {
		t.Errorf("missing text not marked:\n%s", md)
	}
	// The marked report still reads back (the placeholder itself is refused by the
	// document check); its arithmetic is what the figures say.
	_, problems = ParseMarkdown("c.md", []byte(md), 1)
	for _, p := range problems {
		if p.Rule == "" {
			t.Errorf("structure problem in a marked report: %v", p)
		}
	}
	if len(problems) == 0 {
		t.Error("1 new application and nothing done balances, but 结转下年度 is 0")
	}
}

func TestFiguresFileMistakes(t *testing.T) {
	cases := []struct {
		name, src string
		line      int
		want      string
	}{
		{"syntax", "[active]\npermits = \n", 2, "格式有误"},
		{"unknown section", "[apps]\nnew = 1\n", 1, "不认识的部分"},
		{"unknown key", "[applications]\nnwe = [1, 0, 0, 0, 0, 0]\n", 2, "是否想写 new"},
		{"short row", "[applications]\n\ngranted = [1, 0]\n", 3, "应为 6 个数的列表"},
		{"negative", "[appeals]\nreview = [1, -1, 0, 0]\n", 2, "第 2 个数（结果纠正）应为非负整数"},
		{"fraction in a count", "[active]\npermits = 1.5\n", 2, "应为非负整数"},
		{"too many decimals", "[active]\nfees = 1.23456\n", 2, "最多 4 位小数"},
		{"list for one figure", "[active]\nfees = [1]\n", 2, "不是列表"},
		{"text not text", "[text]\noverview = 3\n", 2, "不认识或不是文字"},
		{"dotted key", "active.permits = \"x\"\n", 1, "应为非负整数"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, problems := ParseFigures("f.toml", []byte(c.src))
			if len(problems) != 1 || problems[0].Line != c.line || !strings.Contains(problems[0].Message(), c.want) {
				t.Errorf("problems = %v, want one at line %d containing %q", problems, c.line, c.want)
			}
		})
	}
}

func TestMarkdownStructure(t *testing.T) {
	md := string(Render(soundReport(t)))
	cases := []struct {
		name, old, new, want string
	}{
		{"table missing", "| 表5 政府信息公开行政复议、行政诉讼情况 |", "| 复议诉讼 |", "缺少 表5"},
		{"row missing", "| 行政强制 | 0 |\n", "", "缺少“行政强制”这一行"},
		{"row renamed", "| 行政许可 |", "| 行政许可事项 |", "没有“行政许可事项”这一行"},
		{"not a number", "| 行政许可 | 2 |", "| 行政许可 | 两 |", "应为非负整数，现为“两”"},
		{"column renamed", "| 本年处理决定数量 |", "| 数量 |", "的表头应为"},
		{"heading missing", "## 五、存在的主要问题及改进情况", "## 五、问题", "缺少“## 五、存在的主要问题及改进情况”"},
		{"cells missing", "| 行政复议 | 1 | 0 | 0 | 1 | 2 |", "| 行政复议 | 1 | 0 | 0 | 1 |", "应有 5 格数字，现有 4 格"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(md, c.old) {
				t.Fatalf("no %q in report", c.old)
			}
			_, problems := ParseMarkdown("c.md", []byte(strings.Replace(md, c.old, c.new, 1)), 1)
			found := false
			for _, p := range problems {
				found = found || strings.Contains(p.Message(), c.want)
				if p.Line == 0 || p.Rule != "" {
					t.Errorf("problem %v: want a located problem of the structure", p)
				}
			}
			if !found || len(problems) > 2 {
				t.Errorf("problems = %v, want one containing %q", problems, c.want)
			}
		})
	}
}

func TestFormat(t *testing.T) {
	for _, c := range []struct {
		v     int64
		scale int
		want  string
	}{{0, 0, "0"}, {12, 0, "12"}, {12500, 4, "1.25"}, {10000, 4, "1"}, {1, 4, "0.0001"}, {-5, 0, "-5"}} {
		if got := Format(c.v, c.scale); got != c.want {
			t.Errorf("Format(%d, %d) = %q, want %q", c.v, c.scale, got, c.want)
		}
	}
}

func FuzzParseMarkdown(f *testing.F) {
	r, _ := ParseFigures("f.toml", []byte(sound))
	f.Add(string(Render(r)))
	f.Add("| 表1 第二十条第（一）项：规章和行政规范性文件 | 本年制发件数 |\n|---|\n| 规章 |")
	f.Add("|")
	f.Fuzz(func(t *testing.T, body string) {
		rep, problems := ParseMarkdown("f.md", []byte(body), 1)
		if rep == nil {
			t.Fatal("nil report")
		}
		for _, p := range problems {
			if p.Message() == "" {
				t.Fatalf("empty message: %+v", p)
			}
		}
	})
}

func FuzzParseFigures(f *testing.F) {
	f.Add(sound)
	f.Add("[active]\nfees = \"1.5\"\n")
	f.Add("[applications]\nnew = [1]\n[text]\nother = 1")
	f.Fuzz(func(t *testing.T, src string) {
		r, problems := ParseFigures("f.toml", []byte(src))
		if len(problems) > 0 {
			return
		}
		// Figures that read cleanly render to a report that reads back the same.
		back, structural := ParseMarkdown("f.md", Render(r), 1)
		for _, p := range structural {
			if p.Rule == "" {
				t.Fatalf("rendered figures do not read back: %v", p)
			}
		}
		for _, tab := range Tables {
			for i := range tab.Rows {
				for j := range r.Grids[tab.ID][i] {
					if back.Grids[tab.ID][i][j].Value != r.Grids[tab.ID][i][j].Value {
						t.Fatalf("%s[%d][%d] changed on the way back", tab.ID, i, j)
					}
				}
			}
		}
	})
}

// TestCountDocuments pins the boundaries of table 1: a document abolished on 31
// December is abolished that year and not in force; one abolished on 1 January of
// the next year is in force at the end of the year.
func TestCountDocuments(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	docs := []Doc{
		{Row: RowNormative, Date: day("2024-03-01"), Abolished: day("2024-12-31")},
		{Row: RowNormative, Date: day("2023-03-01"), Abolished: day("2025-01-01")},
		{Row: RowNormative, Date: day("2025-01-02")},
		{Row: RowRules, Date: day("2020-05-01")},
		{Row: "其他", Date: day("2024-05-01")},
	}
	r := newReport("f")
	CountDocuments(r, docs, 2024)
	g := r.Grids[Documents]
	if got := [2][3]int64{{g[0][0].Value, g[0][1].Value, g[0][2].Value}, {g[1][0].Value, g[1][1].Value, g[1][2].Value}}; got != [2][3]int64{{0, 0, 1}, {1, 1, 1}} {
		t.Errorf("table 1 = %v", got)
	}
	if p := CompareCounts(r, docs, 2024); len(p) != 0 {
		t.Errorf("a table equal to the count differs: %v", p)
	}
	g[1][2].Value, g[1][2].Line = 2, 9
	if p := CompareCounts(r, docs, 2024); len(p) != 1 || p[0].Line != 9 || p[0].Want != "1" || p[0].Rule != RuleCatalogue {
		t.Errorf("CompareCounts = %v", p)
	}
}

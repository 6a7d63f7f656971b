package record

import (
	"strings"
	"testing"
	"time"
)

var testRegistry = &Registry{
	Publishers: []Publisher{
		{Code: "lxjyj", Name: "临溪县教育局", Type: "bureau"},
		{Code: "lxzz", Name: "临溪县职业中等专业学校", Type: "school", Parent: "lxjyj"},
	},
	Categories: []Category{{Path: "规划统计"}, {Path: "规划统计/规划计划"}, {Path: "质量报告/年度质量报告"}},
	Genres:     []Genre{{Name: "工作计划", Category: "规划统计/规划计划"}, {Name: QualityReport, Category: "质量报告/年度质量报告"}},
}

// A registry written as a literal gets its schemes as ParseRegistry would give them.
func init() { testRegistry.compileSchemes(func(int, string, string) {}) }

const validFM = `title = "临溪县职业中等专业学校2024年工作计划"
index = "lxzz-2024-00003"
publisher = "lxzz"
date = 2024-02-26
category = "规划统计/规划计划"
genre = "工作计划"
`

func doc(fm string) []byte { return []byte("+++\n" + fm + "+++\n\n## 一、指导思想\n") }

func TestParseValid(t *testing.T) {
	r, problems := Parse("content/lxzz/2024/plan.md", doc(validFM+`written = 2024-02-20
keywords = ["计划", "2024年"]
attachments = [{ title = "课程表", file = "attachments/lxzz/a.csv" }]
revisions = [{ date = 2024-03-05, note = "更正第三部分的日期" }]
`), testRegistry)
	if len(problems) != 0 {
		t.Fatalf("problems: %v", problems)
	}
	if r.URL() != "/lxzz/lxzz-2024-00003/" {
		t.Errorf("URL = %q", r.URL())
	}
	want := time.Date(2024, 2, 26, 0, 0, 0, 0, Shanghai)
	if !r.Date.Equal(want) {
		t.Errorf("Date = %v, want %v", r.Date, want)
	}
	if r.School != "lxzz" {
		t.Errorf("School = %q, want the publishing school", r.School)
	}
	if len(r.Revisions) != 1 || r.Revisions[0].Note != "更正第三部分的日期" || r.Revisions[0].Date.Day() != 5 {
		t.Errorf("revisions %+v", r.Revisions)
	}
	if len(r.Attachments) != 1 || r.Attachments[0].File != "attachments/lxzz/a.csv" {
		t.Errorf("Attachments = %+v", r.Attachments)
	}
	if r.FrontMatterLines != 12 {
		t.Errorf("FrontMatterLines = %d, want 12", r.FrontMatterLines)
	}
}

// TestDateLocal: a date written as a day or a local time is read in Shanghai time
// and marked local; one with an offset of its own is not (Hugo keeps its offset).
func TestDateLocal(t *testing.T) {
	for _, tc := range []struct {
		date  string
		local bool
		want  time.Time
	}{
		{"2024-02-26", true, time.Date(2024, 2, 26, 0, 0, 0, 0, Shanghai)},
		{"2024-02-26T09:30:00", true, time.Date(2024, 2, 26, 9, 30, 0, 0, Shanghai)},
		{"2024-02-26 09:30:00", true, time.Date(2024, 2, 26, 9, 30, 0, 0, Shanghai)},
		{"2024-02-26T09:30:00+08:00", false, time.Date(2024, 2, 26, 9, 30, 0, 0, Shanghai)},
		{"2024-02-26T01:30:00Z", false, time.Date(2024, 2, 26, 9, 30, 0, 0, Shanghai)},
	} {
		r, problems := Parse("content/lxzz/2024/plan.md", doc(strings.Replace(validFM, "date = 2024-02-26", "date = "+tc.date, 1)), testRegistry)
		if len(problems) != 0 {
			t.Fatalf("%s: %v", tc.date, problems)
		}
		if r.DateLocal != tc.local || !r.Date.Equal(tc.want) {
			t.Errorf("date = %s: Date %v, DateLocal %v; want %v, %v", tc.date, r.Date, r.DateLocal, tc.want, tc.local)
		}
	}
}

// TestParseProblems checks each rule: the problem's line, field and a fragment of its message.
func TestParseProblems(t *testing.T) {
	replace := func(old, new string) string { return strings.Replace(validFM, old, new, 1) }
	tests := []struct {
		name  string
		src   string // whole file
		line  int
		field string
		want  string
		sev   Severity
	}{
		{"no front matter", "## 标题\n正文", 1, "", "第一行应为 +++", Error},
		{"unterminated", "+++\ntitle = \"x\"\n", 1, "", "缺少结尾的 +++", Error},
		{"bad toml", string(doc(replace(`genre = "工作计划"`, `genre = "工作计划`))), 7, "", "元数据格式有误", Error},
		{"invalid date", string(doc(replace("2024-02-26", "2024-13-45"))), 5, "", "日期或时间不存在", Error},
		{"missing title", string(doc(replace(`title = "临溪县职业中等专业学校2024年工作计划"`+"\n", ""))), 1, "title", "缺少必填字段", Error},
		{"empty title", string(doc(replace(`"临溪县职业中等专业学校2024年工作计划"`, `"  "`))), 2, "title", "不能为空", Error},
		{"title not string", string(doc(replace(`"临溪县职业中等专业学校2024年工作计划"`, `2024`))), 2, "title", "应为带引号的文字", Error},
		{"quoted date", string(doc(replace("date = 2024-02-26", `date = "2024年2月26日"`))), 5, "date", "不要加引号，请写成 date = 2024-02-26", Error},
		{"malformed index", string(doc(replace("lxzz-2024-00003", "lxzz-2024-3"))), 3, "index", "格式不对", Error},
		{"full-width index", string(doc(replace("lxzz-2024-00003", "ｌｘｚｚ-2024-00003"))), 3, "index", "全角", Error},
		{"index of another publisher", string(doc(replace("lxzz-2024-00003", "lxjyj-2024-00003"))), 3, "index", "应以发布机构代码 lxzz- 开头", Error},
		{"index year differs", string(doc(replace("lxzz-2024-00003", "lxzz-2023-00003"))), 3, "index", "年份 2023 与发布日期的年份 2024 不一致", Error},
		{"serial zero", string(doc(replace("lxzz-2024-00003", "lxzz-2024-00000"))), 3, "index", "从 00001 开始", Error},
		{"unknown publisher", string(doc(replace(`publisher = "lxzz"`, `publisher = "lxz"`))), 4, "publisher", `是否想写 "lxzz"`, Error},
		{"publisher full name", string(doc(replace(`publisher = "lxzz"`, `publisher = "临溪县职业中等专业学校"`))), 4, "publisher", `请写发布机构代码 "lxzz"`, Warning},
		{"unknown category", string(doc(replace(`"规划统计/规划计划"`, `"规划统计/规化计划"`))), 6, "category", `是否想写 "规划统计/规划计划"`, Error},
		{"unknown genre", string(doc(replace(`genre = "工作计划"`, `genre = "工作规划"`))), 7, "genre", `是否想写 "工作计划"`, Error},
		{"written after date", string(doc(validFM + "written = 2024-03-01\n")), 8, "written", "晚于发布日期", Error},
		{"abolished before date", string(doc(validFM + "abolished = 2024-02-01\n")), 8, "abolished", "应晚于发布日期", Error},
		{"attachment escapes", string(doc(validFM + `attachments = [{ title = "x", file = "../config.toml" }]` + "\n")), 8, "attachments", "不能含 ..", Error},
		{"attachment absolute", string(doc(validFM + "[[attachments]]\ntitle = \"x\"\nfile = \"/etc/passwd\"\n")), 8, "attachments", "不能以 / 开头", Error},
		{"attachment without file", string(doc(validFM + `attachments = [{ title = "x" }]` + "\n")), 8, "attachments", "缺少 title 或 file", Error},
		{"revision without note", string(doc(validFM + `revisions = [{ date = 2024-03-01 }]` + "\n")), 8, "revisions", "说明 note", Error},
		{"revision date quoted", string(doc(validFM + `revisions = [{ date = "2024-03-01", note = "更正" }]` + "\n")), 8, "revisions", "不加引号", Error},
		{"revision before publication", string(doc(validFM + `revisions = [{ date = 2024-02-01, note = "更正" }]` + "\n")), 8, "revisions", "早于发布日期", Error},
		{"revisions not a list", string(doc(validFM + `revisions = "2024-03-01"` + "\n")), 8, "revisions", "应为表格列表", Error},
		{"quality report without year", string(doc(replace(`genre = "工作计划"`, `genre = "年度质量报告"`))), 1, "year", "必须写明报告年度", Error},
		{"year as string", string(doc(validFM + `year = "2023"` + "\n")), 8, "year", "四位数的年份", Error},
		{"unknown key", string(doc(validFM + `titel = "x"` + "\n")), 8, "", "是否想写 title", Error},
		{"keywords not list", string(doc(validFM + `keywords = "招生"` + "\n")), 8, "keywords", "应为文字列表", Error},
		{"school not a school", string(doc(validFM + `school = "lxjyj"` + "\n")), 8, "school", "不是 data/publishers.toml 中登记的学校代码", Error},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, problems := Parse("content/x.md", []byte(tt.src), testRegistry)
			for _, p := range problems {
				if p.Field == tt.field && strings.Contains(p.String(), tt.want) {
					if tt.line != 0 && p.Line != tt.line {
						t.Errorf("line = %d, want %d (%s)", p.Line, tt.line, p)
					}
					if p.Severity != tt.sev {
						t.Errorf("severity = %v, want %v", p.Severity, tt.sev)
					}
					return
				}
			}
			t.Errorf("no problem on field %q containing %q; got %v", tt.field, tt.want, problems)
		})
	}
}

func TestProblemString(t *testing.T) {
	p := Problem{File: "content/lxzz/2024/a.md", Line: 3, Field: "index", Message: "格式不对"}
	if got, want := p.String(), "content/lxzz/2024/a.md:3: 字段 index（索引号）：格式不对"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestDateTimeZones(t *testing.T) {
	tests := []struct {
		value string
		want  time.Time
	}{
		{"2024-05-30", time.Date(2024, 5, 30, 0, 0, 0, 0, Shanghai)},
		{"2024-05-30T17:27:00", time.Date(2024, 5, 30, 17, 27, 0, 0, Shanghai)},
		// 20:00 UTC on 31 December is already New Year's Day in China.
		{"2024-12-31T20:00:00Z", time.Date(2025, 1, 1, 4, 0, 0, 0, Shanghai)},
	}
	for _, tt := range tests {
		fm := strings.Replace(validFM, "date = 2024-02-26", "date = "+tt.value, 1)
		fm = strings.Replace(fm, "lxzz-2024-", "lxzz-"+tt.want.Format("2006")+"-", 1)
		r, problems := Parse("x.md", doc(fm), testRegistry)
		if len(problems) != 0 {
			t.Fatalf("%s: %v", tt.value, problems)
		}
		if !r.Date.Equal(tt.want) || r.Date.Year() != tt.want.Year() {
			t.Errorf("%s: Date = %v, want %v", tt.value, r.Date, tt.want)
		}
	}
}

func TestCategoryAncestry(t *testing.T) {
	got := strings.Join(CategoryAncestry("科技、教育/教育/报告"), "|")
	if want := "科技、教育|科技、教育/教育|科技、教育/教育/报告"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestIsDocument(t *testing.T) {
	for rel, want := range map[string]bool{
		"lxzz/2024/plan.md":   true,
		"lxzz/plan.md":        true,
		"guide.md":            false,
		"_index.md":           false,
		"lxzz/_index.md":      false,
		"lxzz/2024/notes.txt": false,
		"_drafts/plan.md":     true, // checked like any other document: Hugo would publish it
	} {
		if got := IsDocument(rel); got != want {
			t.Errorf("IsDocument(%q) = %v, want %v", rel, got, want)
		}
	}
}

// FuzzParse feeds arbitrary files through Parse: it must never panic, and it must
// return either a record with no errors or at least one error naming the file.
func FuzzParse(f *testing.F) {
	f.Add(string(doc(validFM)))
	f.Add(string(doc(validFM + "[[attachments]]\ntitle = \"表\"\nfile = \"a/b.csv\"\n")))
	f.Add("+++\ntitle = \"x\"\n+++\n")
	f.Add("+++\n[[attachments]]\n+++")
	f.Add("\ufeff+++\r\ndate = 1979-05-27T07:32:00-08:00\r\n+++\r\n")
	f.Fuzz(func(t *testing.T, src string) {
		r, problems := Parse("content/f.md", []byte(src), testRegistry)
		hasError := false
		for _, p := range problems {
			if p.File != "content/f.md" || p.Message == "" {
				t.Fatalf("problem without file or message: %+v", p)
			}
			if p.Severity == Error {
				hasError = true
			}
		}
		if r == nil && !hasError {
			t.Fatal("no record and no error")
		}
		if r != nil && !hasError {
			if r.Title == "" || r.Index == "" || r.Date.IsZero() || r.Category == "" || r.Genre == "" {
				t.Fatalf("record accepted with a required field empty: %+v", r)
			}
			if !testRegistry.AcceptsIndex(r.Publisher, r.Index) || r.Number.Pattern == nil {
				t.Fatalf("record accepted with malformed index %q", r.Index)
			}
		}
	})
}

// TestParseHiddenCharacters: control characters and bidirectional controls are refused
// with the line and, in the front matter, the field; zero-width characters are kept.
func TestParseHiddenCharacters(t *testing.T) {
	for _, c := range []struct {
		name, src string
		line      int
		field     string
		msg       string
	}{
		{"NUL in the body", "+++\n" + validFM + "+++\n\n正文\x00第一段\n", 10, "", "正文含有空字符 NUL"},
		{"bell in the body", "+++\n" + validFM + "+++\n\n第一段\n\n第二\a段\n", 12, "", "U+0007"},
		{"NUL in the front matter", "+++\n" + strings.Replace(validFM, "2024年工作计划", "2024年\x00工作计划", 1) + "+++\n", 2, "", "控制字符"},
		{"RLO in the title", "+++\n" + strings.Replace(validFM, "2024年工作计划", "2024年\u202e划计作工", 1) + "+++\n", 2, "title", "U+202E"},
		{"isolate in a revision note", "+++\n" + validFM + "revisions = [\n  { date = 2024-03-05, note = \"更正\u2066日期\u2069\" },\n]\n+++\n", 9, "revisions", "U+2066"},
		{"RLO in an attachment table", "+++\n" + validFM + "[[attachments]]\ntitle = \"课程\u202e表\"\nfile = \"attachments/lxzz/a.csv\"\n+++\n", 9, "attachments", "U+202E"},
		{"RLO in the body", "+++\n" + validFM + "+++\n\n第一段\u202e反转\n", 10, "", "改变文字显示方向"},
	} {
		_, problems := Parse("content/lxzz/2024/plan.md", []byte(c.src), testRegistry)
		if len(problems) != 1 || problems[0].Line != c.line || problems[0].Field != c.field || !strings.Contains(problems[0].String(), c.msg) {
			t.Errorf("%s: %v, want one problem on line %d, field %q, saying %q", c.name, problems, c.line, c.field, c.msg)
		}
	}
	r, problems := Parse("content/lxzz/2024/plan.md", []byte("+++\n"+strings.Replace(validFM, "工作计划\"", "工作\u200b计划\"", 1)+"+++\n\n零\u200d宽\ufeff字符\t和制表符\r\n"), testRegistry)
	if len(problems) != 0 || !strings.Contains(r.Title, "\u200b") {
		t.Errorf("zero-width characters refused: %v", problems)
	}
}

// TestPageIsURLsFile: a document's page file is its address's index.html.
func TestPageIsURLsFile(t *testing.T) {
	r := &Record{Publisher: "lxzz", Index: "lxzz-2024-00012"}
	if r.URL() != "/lxzz/lxzz-2024-00012/" || r.Page() != "lxzz/lxzz-2024-00012/index.html" {
		t.Errorf("URL %q, Page %q", r.URL(), r.Page())
	}
	// A 索引号 of another scheme is made into an address first (scheme.Slug).
	r = &Record{Publisher: "hxqjtj", Index: "000016872/2024-00001"}
	if r.Page() != strings.TrimPrefix(r.URL(), "/")+"index.html" || strings.Count(r.Page(), "/") != strings.Count(r.URL(), "/")-1 {
		t.Errorf("URL %q, Page %q", r.URL(), r.Page())
	}
}

// TestOwnOrder: a document that sets Hugo's weight, or whose title has spaces
// around it (which Title drops and Hugo keeps), may be ordered by Hugo otherwise
// than by its date and Title.
func TestOwnOrder(t *testing.T) {
	spaced := strings.Replace(validFM, `title = "`, `title = " `, 1)
	for _, tc := range []struct {
		name, fm string
		want     bool
	}{
		{"plain", validFM, false},
		{"weight", validFM + "weight = 2\n", true},
		{"spaces around the title", spaced, true},
		{"a draft", validFM + "draft = true\n", false},
	} {
		r, problems := Parse("content/lxzz/2024/plan.md", doc(tc.fm), testRegistry)
		if len(problems) != 0 {
			t.Fatalf("%s: problems: %v", tc.name, problems)
		}
		if r.OwnOrder != tc.want {
			t.Errorf("%s: OwnOrder = %v, want %v", tc.name, r.OwnOrder, tc.want)
		}
	}
}

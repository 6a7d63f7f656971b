package audit

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"xxgk/internal/annualreport"
	"xxgk/internal/record"
)

// TestDisclosureReports: for report year 2024 the bureau published on time, one school
// late (its due date comes from [annual_report_due]), one not at all, and the report
// of another year does not count.
func TestDisclosureReports(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, s string) {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, rel)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, rel), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("data/publishers.toml", `[[publisher]]
code = "hqjyj"
name = "河桥区教育局"
type = "bureau"
[[publisher]]
code = "hqzx"
name = "河桥区职业中学"
type = "school"
parent = "hqjyj"
[[publisher]]
code = "hqjx"
name = "河桥区技工学校"
type = "school"
parent = "hqjyj"
`)
	write("data/categories.toml", "[[category]]\npath = \"信息公开年报\"\n")
	write("data/genres.toml", "[[genre]]\nname = \""+annualreport.Genre+"\"\ncategory = \"信息公开年报\"\n")
	report := func(rel, index, date string, year string) {
		write(rel, "+++\ntitle = \"年报\"\nindex = \""+index+"\"\npublisher = \""+strings.Split(index, "-")[0]+"\"\ndate = "+date+
			"\ncategory = \"信息公开年报\"\ngenre = \""+annualreport.Genre+"\"\nyear = "+year+"\n+++\n\n正文\n")
	}
	report("content/hqjyj/2025/a.md", "hqjyj-2025-00001", "2025-01-31", "2024")
	report("content/hqzx/2025/a.md", "hqzx-2025-00001", "2025-02-20", "2024")
	report("content/hqjx/2024/a.md", "hqjx-2024-00001", "2024-01-10", "2023")
	set, err := record.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.AnnualReportDueByType = map[string]string{"school": "02-15"}
	if err := cfg.compile(); err != nil {
		t.Fatal(err)
	}
	rep := Run(set, cfg, Options{AsOf: date("2025-03-01")})
	d := rep.DisclosureReports
	want := []struct{ code, status, due, note string }{
		{"hqjyj", "ontime", "2025-01-31", "按时发布"},
		{"hqzx", "late", "2025-02-15", "逾期 5 天发布（应于 2025-02-15 前发布）"},
		{"hqjx", "missing", "2025-02-15", "未发布（应于 2025-02-15 前发布）"},
	}
	if d.Year != 2024 || len(d.Bodies) != len(want) || d.Late != 1 || d.Missing != 1 {
		t.Fatalf("disclosure reports %+v", d)
	}
	for i, w := range want {
		b := d.Bodies[i]
		if b.Code != w.code || b.Status != w.status || b.Due != w.due || b.Note != w.note {
			t.Errorf("body %d = %+v, want %+v", i, b, w)
		}
	}
	if !rep.Flagged() {
		t.Error("a missing annual report needs action")
	}
	// The same table as a download, addresses made absolute.
	csv := string(rep.DisclosureTable("https://xxgk.example.cn/").CSV())
	for _, row := range []string{
		"序号,发布机构,截止日期,发布时间,发布网址,备注",
		"1,河桥区教育局,2025-01-31,2025-01-31,https://xxgk.example.cn/hqjyj/hqjyj-2025-00001/,按时发布",
		"3,河桥区技工学校,2025-02-15,,,未发布（应于 2025-02-15 前发布）",
	} {
		if !strings.Contains(csv, row+"\r\n") {
			t.Errorf("disclosure table lacks the row %q:\n%s", row, csv)
		}
	}
	// Before the due date a report not yet published is pending, not missing.
	rep = Run(set, DefaultConfig(), Options{AsOf: date("2025-01-20"), ReportYear: 2024})
	if s := rep.DisclosureReports.Bodies[2].Status; s != "pending" {
		t.Errorf("before the due date: %s", s)
	}
}

func TestAnnualReportDueConfig(t *testing.T) {
	for _, src := range []string{"[annual_report_due]\nuniversity = \"10-31\"\n", "[annual_report_due]\nschool = \"1月31日\"\n"} {
		dir := t.TempDir()
		os.MkdirAll(filepath.Join(dir, "data"), 0o755)
		os.WriteFile(filepath.Join(dir, "data/audit.toml"), []byte(src), 0o644)
		if _, err := LoadConfig(dir); err == nil || !strings.Contains(err.Error(), "annual_report_due") {
			t.Errorf("%q: error %v", src, err)
		}
	}
	c := DefaultConfig()
	if got := c.AnnualReportDue("bureau", 2025).Format("2006-01-02"); got != "2026-01-31" {
		t.Errorf("default due %s", got)
	}
}

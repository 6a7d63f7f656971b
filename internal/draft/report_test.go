package draft

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"xxgk/internal/record"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// fixture copies testdata/reportsite, a site whose 规章 and 行政规范性文件 were issued,
// abolished and kept in force across 2022–2025, into a temporary directory.
func fixture(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	err := os.CopyFS(dst, os.DirFS("testdata/reportsite"))
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

var january = time.Date(2025, 1, 15, 10, 0, 0, 0, record.Shanghai)

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from the golden file (run go test ./internal/draft -update and review):\n%s", name, got)
	}
}

func TestReportGolden(t *testing.T) {
	site := fixture(t)
	reg, err := record.LoadRegistry(site)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		publisher, path, golden string
		complete                bool
	}{
		// Figures file complete: the report passes the check as written.
		{"hqjyj", "content/hqjyj/2025/hqjyj-2025-00002.md", "hqjyj-2024.golden", true},
		// No figures file: every figure not counted is 0【待填写】.
		{"hqzx", "content/hqzx/2025/hqzx-2025-00001.md", "hqzx-2024.golden", false},
	} {
		t.Run(c.publisher, func(t *testing.T) {
			rel, err := CreateReport(ReportRequest{Site: site, Publisher: c.publisher, Year: 2024, Now: january})
			if err != nil {
				t.Fatal(err)
			}
			if rel != c.path {
				t.Errorf("wrote %s, want %s", rel, c.path)
			}
			src, err := os.ReadFile(filepath.Join(site, rel))
			if err != nil {
				t.Fatal(err)
			}
			golden(t, c.golden, src)
			rec, problems := record.Parse(rel, src, reg)
			if rec == nil || rec.Year != 2024 || rec.Date.Format("2006-01-02") != "2025-01-15" {
				t.Errorf("record %+v", rec)
			}
			if c.complete && len(problems) > 0 {
				t.Errorf("a complete report does not pass the check: %v", problems)
			}
			if !c.complete && (len(problems) == 0 || hasErrorsBesidesPlaceholders(problems)) {
				t.Errorf("an unfilled report must fail on the placeholder only: %v", problems)
			}
		})
	}
}

// TestReportCounts pins table 1 of the fixture for 2024: 行政规范性文件 issued c and d
// (d on 31 December at 18:00), abolished a (2024-03-01), in force b, c and d (c is
// abolished only in 2025; e is issued in 2025; h is another publisher's); 规章 f.
func TestReportCounts(t *testing.T) {
	site := fixture(t)
	rel, err := CreateReport(ReportRequest{Site: site, Publisher: "hqjyj", Year: 2024, Now: january})
	if err != nil {
		t.Fatal(err)
	}
	src, _ := os.ReadFile(filepath.Join(site, rel))
	for _, want := range []string{"| 规章 | 1 | 0 | 1 |", "| 行政规范性文件 | 2 | 1 | 3 |"} {
		if !strings.Contains(string(src), want) {
			t.Errorf("report lacks %q", want)
		}
	}
}

func TestReportRefusals(t *testing.T) {
	site := fixture(t)
	if _, err := CreateReport(ReportRequest{Site: site, Publisher: "hqjyj", Year: 2024, Now: january}); err != nil {
		t.Fatal(err)
	}
	broken := fixture(t)
	figures := filepath.Join(broken, "data/reports/hqjyj-2024.toml")
	src, _ := os.ReadFile(figures)
	os.WriteFile(figures, []byte(strings.Replace(string(src), "carried_out = [1,", "carried_out = [3,", 1)), 0o644)
	cases := []struct {
		name string
		site string
		req  ReportRequest
		want string
	}{
		{"unknown publisher", site, ReportRequest{Publisher: "hqjy", Year: 2023}, "不在 data/publishers.toml 中，是否想写 \"hqjyj\""},
		{"existing report", site, ReportRequest{Publisher: "hqjyj", Year: 2024}, "已经有了：content/hqjyj/2025/hqjyj-2025-00002.md"},
		{"year not over", site, ReportRequest{Publisher: "hqjyj", Year: 2025}, "2025 年还没有结束"},
		{"future year", site, ReportRequest{Publisher: "hqjyj", Year: 2031}, "2031 年还没有结束"},
		{"figures that do not balance", broken, ReportRequest{Publisher: "hqjyj", Year: 2024},
			"data/reports/hqjyj-2024.toml:31: 表4 收到和处理政府信息公开申请情况，“四、结转下年度继续办理”行“自然人”列：现为 3，应为 1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := countFiles(t, c.site)
			c.req.Site, c.req.Now = c.site, january
			_, err := CreateReport(c.req)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one containing %q", err, c.want)
			}
			if after := countFiles(t, c.site); after != before {
				t.Errorf("a refused report wrote files (%d → %d)", before, after)
			}
		})
	}
}

func countFiles(t *testing.T, dir string) int {
	n := 0
	filepath.WalkDir(dir, func(_ string, d os.DirEntry, _ error) error {
		if !d.IsDir() {
			n++
		}
		return nil
	})
	return n
}

func TestNewRefersToReport(t *testing.T) {
	_, err := Create(Request{Site: fixture(t), Publisher: "hqjyj", Genre: "政府信息公开工作年度报告", Title: "年报", Date: january})
	if err == nil || !strings.Contains(err.Error(), "xxgk report --publisher hqjyj") {
		t.Errorf("error %v", err)
	}
}

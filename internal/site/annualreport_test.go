package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"xxgk/internal/annualreport"

	"xxgk/internal/testenv"
)

// TestAnnualReportWorkbook reads back the workbook the build writes beside the sample
// annual report: one sheet per table, labels as in the document, figures as numbers.
func TestAnnualReportWorkbook(t *testing.T) {
	dest, res := sampleBuild(t)
	n := 0
	for _, r := range res.Records.Records {
		if r.Genre != annualreport.Genre {
			continue
		}
		n++
		f, err := excelize.OpenFile(filepath.Join(dest, filepath.Dir(filepath.FromSlash(r.Page())), AnnualReportTables))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if sheets := f.GetSheetList(); len(sheets) != len(annualreport.Tables) || sheets[3] != "表4" {
			t.Fatalf("sheets %v", sheets)
		}
		for cell, want := range map[string]string{
			"A1": "表4 收到和处理政府信息公开申请情况", "B1": "自然人", "H1": "总计",
			"A2": "一、本年新收政府信息公开申请数量", "B2": "5", "H2": "7",
			"A26": "（七）总计", "H26": "7", "A27": "四、结转下年度继续办理", "B27": "1",
		} {
			if got, _ := f.GetCellValue("表4", cell); got != want {
				t.Errorf("表4!%s = %q, want %q", cell, got, want)
			}
		}
		if typ, _ := f.GetCellType("表4", "B2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
			t.Errorf("figures are stored as %v, not numbers", typ)
		}
		if got, _ := f.GetCellValue("表1", "B3"); got != "1" {
			t.Errorf("表1 行政规范性文件 本年制发件数 = %q", got)
		}
	}
	if n == 0 {
		t.Fatal("the sample has no annual report")
	}
}

// TestAnnualReportWorkbookBesidePage: the workbook goes beside the report's page, which
// links to it, also when the 索引号 is written with '/' (a scheme of issue 13) and the
// page's address is its slug: before, it went to a directory named as the 索引号 and
// the page's link to it was broken.
func TestAnnualReportWorkbookBesidePage(t *testing.T) {
	src := t.TempDir()
	for _, p := range []string{"config.toml", "content", "data", "layouts", "static"} {
		testenv.CopyTree(t, filepath.Join(repoRoot, p), filepath.Join(src, p))
	}
	writeFile(t, filepath.Join(src, "data/index.toml"), "format = \"{code}-{year}-{serial:5}\"\naccept = [\"{code}/{year}-{serial:5}\"]\n")
	doc := filepath.Join(src, "content/lxjyj/2026/annual-report-2025.md")
	b, err := os.ReadFile(doc)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, doc, strings.Replace(string(b), `index = "lxjyj-2026-00001"`, `index = "lxjyj/2026-00001"`, 1))
	dest := filepath.Join(t.TempDir(), "public")
	res := buildAt(t, src, dest, Options{})
	r := res.Records.ByPath("content/lxjyj/2026/annual-report-2025.md")
	if r == nil || r.Index != "lxjyj/2026-00001" {
		t.Fatalf("the report's record: %+v", r)
	}
	page := filepath.Dir(filepath.Join(dest, filepath.FromSlash(r.Page())))
	if _, err := os.Stat(filepath.Join(page, AnnualReportTables)); err != nil {
		t.Errorf("no workbook beside the page %s: %v", page, err)
	}
}

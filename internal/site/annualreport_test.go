package site

import (
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"xxgk/internal/annualreport"
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
		f, err := excelize.OpenFile(filepath.Join(dest, r.Publisher, r.Index, AnnualReportTables))
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

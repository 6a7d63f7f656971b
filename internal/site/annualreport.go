package site

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"xxgk/internal/annualreport"
	"xxgk/internal/publish"
	"xxgk/internal/record"
	"xxgk/internal/register"
)

// AnnualReportTables is the name of the workbook written beside the page of every
// 政府信息公开工作年度报告: the report's tables, one sheet each.
const AnnualReportTables = "report-tables.xlsx"

// writeAnnualReportTables writes, for every annual report on disclosure work, its
// tables as read back from the checked document into <page>/report-tables.xlsx.
func writeAnnualReportTables(set *record.Set, out string) error {
	for _, r := range set.Records {
		if r.Genre != annualreport.Genre {
			continue
		}
		src, err := r.Bytes()
		if err != nil {
			return err
		}
		_, body, n, err := record.SplitFrontMatter(src)
		if err != nil {
			return err
		}
		rep, _ := annualreport.ParseMarkdown(r.Path, body, n+1) // checked already
		xlsx, err := register.Workbook(r.Title, reportSheets(rep)...)
		if err != nil {
			return fmt.Errorf("%s: 生成年度报告表格失败：%w", r.Path, err)
		}
		// Beside the page (record.Record.Page), which links to it: in the directory
		// of its address, whose last part is the 索引号's slug (scheme.Slug), not the
		// 索引号 as written.
		dir := filepath.Dir(filepath.Join(out, filepath.FromSlash(r.Page())))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if err := publish.WriteFile(filepath.Join(dir, AnnualReportTables), xlsx); err != nil {
			return err
		}
	}
	return nil
}

// reportSheets lays the report's tables out as sheets: the table's label heads the
// row-label column, as in the document.
func reportSheets(rep *annualreport.Report) []*register.Table {
	var out []*register.Table
	for i, t := range annualreport.Tables {
		sheet := &register.Table{Name: "表" + strconv.Itoa(i+1), Columns: []register.Column{{Title: t.Label, Width: 48}}}
		for _, c := range t.Columns {
			sheet.Columns = append(sheet.Columns, register.Column{Title: c, Width: 14})
		}
		for ri, row := range t.Rows {
			cells := []any{row.Label}
			for _, c := range rep.Grids[t.ID][ri] {
				if t.Scale == 0 {
					cells = append(cells, c.Value)
				} else {
					v, _ := strconv.ParseFloat(annualreport.Format(c.Value, t.Scale), 64)
					cells = append(cells, v)
				}
			}
			sheet.Rows = append(sheet.Rows, cells)
		}
		out = append(out, sheet)
	}
	return out
}

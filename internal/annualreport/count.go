package annualreport

import "time"

// Doc is what table 1 needs to know of one of the publisher's documents: the row its
// genre is counted in (RowRules or RowNormative) and its dates.
type Doc struct {
	Row       string
	Date      time.Time
	Abolished time.Time // zero when the document has none
}

// CountDocuments fills table 1 of rep for year from docs: 本年制发件数 are the documents
// dated in year, 本年废止件数 those whose 废止日期 is in year, 现行有效件数 those dated by
// 31 December of year and not abolished by then (a document stops being in force on
// its 废止日期).
func CountDocuments(rep *Report, docs []Doc, year int) {
	t := TableByID(Documents)
	grid := rep.Grids[t.ID]
	for _, d := range docs {
		row := t.labelIndex(d.Row)
		if row < 0 || d.Date.IsZero() {
			continue
		}
		cells := grid[row]
		if d.Date.Year() == year {
			cells[0].Value++
		}
		if !d.Abolished.IsZero() && d.Abolished.Year() == year {
			cells[1].Value++
		}
		if d.Date.Year() <= year && (d.Abolished.IsZero() || d.Abolished.Year() > year) {
			cells[2].Value++
		}
	}
}

// RuleCatalogue names the comparison of a published table 1 with the catalogue.
const RuleCatalogue = "表1应与本平台文件目录的统计一致"

// CompareCounts compares table 1 as written in rep with the count of docs for year,
// and returns each cell that differs, located where it is written.
func CompareCounts(rep *Report, docs []Doc, year int) []Problem {
	counted := newReport(rep.File)
	CountDocuments(counted, docs, year)
	t := TableByID(Documents)
	var out []Problem
	for i, row := range t.Rows {
		for j, col := range t.Columns {
			got, want := rep.Grids[t.ID][i][j], counted.Grids[t.ID][i][j]
			if got.Value != want.Value {
				out = append(out, Problem{File: rep.File, Line: got.Line, Table: t.Label, Row: row.Label, Column: col,
					Got: Format(got.Value, 0), Want: Format(want.Value, 0), Rule: RuleCatalogue})
			}
		}
	}
	return out
}

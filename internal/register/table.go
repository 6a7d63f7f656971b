// Package register builds the publication register (信息公开目录) of a site and writes
// tables — the register, and the audit's tables — as CSV, JSON and XLSX files that an
// administrator can open in Excel.
package register

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// Column is one column of a table: its Chinese heading and its width in Excel
// (characters).
type Column struct {
	Title string
	Width float64
}

// Table is a sheet of text and date cells. A cell is a string, an int, an int64, a
// float64 or a time.Time (written as a number or a date, not as text, in XLSX).
type Table struct {
	Name    string // sheet name
	Columns []Column
	Rows    [][]any
}

// cellText formats a cell for CSV.
func cellText(v any) string {
	switch v := v.(type) {
	case time.Time:
		if v.IsZero() {
			return ""
		}
		return v.Format("2006-01-02")
	case nil:
		return ""
	default:
		return fmt.Sprint(v)
	}
}

// CSV returns the table as CSV in UTF-8 with a byte-order mark, so that Excel shows
// the Chinese text correctly, and CRLF line ends.
func (t *Table) CSV() []byte {
	var b bytes.Buffer
	b.WriteString("\ufeff")
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	head := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		head[i] = c.Title
	}
	w.Write(head)
	for _, row := range t.Rows {
		rec := make([]string, len(row))
		for i, v := range row {
			rec[i] = defuse(cellText(v))
		}
		w.Write(rec)
	}
	w.Flush()
	return b.Bytes()
}

// defuse keeps a spreadsheet from reading text as a formula (CSV injection): a cell
// starting with = + - @ (or a tab or carriage return, which some spreadsheets skip
// before reading a formula) gets a leading apostrophe, which Excel hides.
func defuse(s string) string {
	if s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// fixedTime stamps the workbook's properties, so that identical builds give identical
// files.
var fixedTime = "2000-01-01T00:00:00Z"

// XLSX returns the table as an Excel workbook: a bold, frozen header row with a
// filter, column widths, and dates as Excel dates.
func (t *Table) XLSX() ([]byte, error) {
	return Workbook(t.Name, t)
}

// Workbook returns an Excel workbook titled title with one sheet per table, each
// laid out as XLSX lays out one table.
func Workbook(title string, tables ...*Table) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetDocProps(&excelize.DocProperties{Created: fixedTime, Modified: fixedTime, Creator: "xxgk", Language: "zh-CN", Title: title}); err != nil {
		return nil, err
	}
	for i, t := range tables {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", t.Name); err != nil {
				return nil, err
			}
		} else if _, err := f.NewSheet(t.Name); err != nil {
			return nil, err
		}
		// The first sheet, a register's only one, is streamed: a city's register has
		// 100,000 rows, which excelize's cell-by-cell calls build up in memory several
		// times over (BenchmarkXLSX: a quarter of the time). Only one: excelize writes
		// streamed sheets in a map's order, and the files must be reproducible.
		var w sheetWriter = cellWriter{f, t.Name}
		var sw *excelize.StreamWriter
		if i == 0 {
			var err error
			if sw, err = f.NewStreamWriter(t.Name); err != nil {
				return nil, err
			}
			w = sw
		}
		if err := t.writeSheet(f, w); err != nil {
			return nil, err
		}
		if sw != nil {
			if err := sw.Flush(); err != nil {
				return nil, err
			}
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// sheetWriter writes one sheet: excelize's StreamWriter, or cellWriter.
type sheetWriter interface {
	SetColWidth(first, last int, width float64) error
	SetPanes(panes *excelize.Panes) error
	// SetRow writes values from cell on: nil leaves a cell empty, an excelize.Cell
	// gives the value a style.
	SetRow(cell string, values []any, opts ...excelize.RowOpts) error
}

// cellWriter writes a sheet cell by cell.
type cellWriter struct {
	f     *excelize.File
	sheet string
}

func (w cellWriter) SetColWidth(first, last int, width float64) error {
	from, _ := excelize.ColumnNumberToName(first)
	to, _ := excelize.ColumnNumberToName(last)
	return w.f.SetColWidth(w.sheet, from, to, width)
}

func (w cellWriter) SetPanes(panes *excelize.Panes) error { return w.f.SetPanes(w.sheet, panes) }

func (w cellWriter) SetRow(cell string, values []any, _ ...excelize.RowOpts) error {
	col, row, err := excelize.CellNameToCoordinates(cell)
	if err != nil {
		return err
	}
	for i, v := range values {
		name, _ := excelize.CoordinatesToCellName(col+i, row)
		if c, ok := v.(excelize.Cell); ok {
			if err := w.f.SetCellStyle(w.sheet, name, name, c.StyleID); err != nil {
				return err
			}
			v = c.Value
		}
		if v == nil {
			continue
		}
		// Text stays text: SetCellValue sets a string as a string, never a formula.
		if err := w.f.SetCellValue(w.sheet, name, v); err != nil {
			return err
		}
	}
	return nil
}

// writeSheet writes t through w into the sheet of f named t.Name.
func (t *Table) writeSheet(f *excelize.File, w sheetWriter) error {
	sheet := t.Name
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	if err != nil {
		return err
	}
	dateFmt := "yyyy-mm-dd"
	date, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		return err
	}
	for i, c := range t.Columns {
		if err := w.SetColWidth(i+1, i+1, c.Width); err != nil {
			return err
		}
	}
	if err := w.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	cells := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		cells[i] = excelize.Cell{StyleID: bold, Value: c.Title}
	}
	if err := w.SetRow("A1", cells); err != nil {
		return err
	}
	for r, row := range t.Rows {
		cells = cells[:0]
		for _, v := range row {
			switch v := v.(type) {
			case time.Time:
				if v.IsZero() {
					cells = append(cells, nil)
					continue
				}
				// A date without a time of day or a zone, as Excel keeps dates.
				day := time.Date(v.Year(), v.Month(), v.Day(), 0, 0, 0, 0, time.UTC)
				cells = append(cells, excelize.Cell{StyleID: date, Value: day})
			case int, int64, float64:
				cells = append(cells, v)
			default:
				// Text stays text: a string value is never read as a formula.
				cells = append(cells, cellText(v))
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, r+2)
		if err := w.SetRow(cell, cells); err != nil {
			return err
		}
	}
	// Set before a StreamWriter's Flush, which writes the sheet's settings after its rows.
	if len(t.Rows) > 0 {
		last, _ := excelize.ColumnNumberToName(len(t.Columns))
		if err := f.AutoFilter(sheet, fmt.Sprintf("A1:%s%d", last, len(t.Rows)+1), nil); err != nil {
			return err
		}
	}
	return nil
}

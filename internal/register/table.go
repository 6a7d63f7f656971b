// Package register builds the publication register (信息公开目录) of a site and writes
// tables — the register, and the audit's tables — as CSV, JSON and XLSX files that an
// administrator can open in Excel.
package register

import (
	"bytes"
	"crypto/sha256"
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

// Key is the SHA-256 of everything the table holds, cell types included: two tables
// with one key make the same files.
func (t *Table) Key() [32]byte {
	h := sha256.New()
	fmt.Fprintf(h, "%q\n", t.Name)
	for _, c := range t.Columns {
		fmt.Fprintf(h, "%q %v\n", c.Title, c.Width)
	}
	for _, row := range t.Rows {
		for _, v := range row {
			fmt.Fprintf(h, "%T %q\x00", v, cellText(v))
		}
		h.Write([]byte{'\n'})
	}
	return [32]byte(h.Sum(nil))
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
		if err := t.writeSheet(f); err != nil {
			return nil, err
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// writeSheet writes t into the sheet of f named t.Name.
func (t *Table) writeSheet(f *excelize.File) error {
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
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetCellStr(sheet, col+"1", c.Title); err != nil {
			return err
		}
		if err := f.SetColWidth(sheet, col, col, c.Width); err != nil {
			return err
		}
	}
	last, _ := excelize.ColumnNumberToName(len(t.Columns))
	if err := f.SetCellStyle(sheet, "A1", last+"1", bold); err != nil {
		return err
	}
	for r, row := range t.Rows {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+2)
			switch v := v.(type) {
			case time.Time:
				if v.IsZero() {
					continue
				}
				// A date without a time of day or a zone, as Excel keeps dates.
				day := time.Date(v.Year(), v.Month(), v.Day(), 0, 0, 0, 0, time.UTC)
				if err := f.SetCellValue(sheet, cell, day); err != nil {
					return err
				}
				if err := f.SetCellStyle(sheet, cell, cell, date); err != nil {
					return err
				}
			case int:
				if err := f.SetCellInt(sheet, cell, int64(v)); err != nil {
					return err
				}
			case int64:
				if err := f.SetCellInt(sheet, cell, v); err != nil {
					return err
				}
			case float64:
				if err := f.SetCellFloat(sheet, cell, v, -1, 64); err != nil {
					return err
				}
			default:
				// Text stays text: SetCellStr never turns "=…" into a formula.
				if err := f.SetCellStr(sheet, cell, cellText(v)); err != nil {
					return err
				}
			}
		}
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if len(t.Rows) > 0 {
		if err := f.AutoFilter(sheet, fmt.Sprintf("A1:%s%d", last, len(t.Rows)+1), nil); err != nil {
			return err
		}
	}
	return nil
}

package privacy

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// Finding is a match located in a text or a file.
type Finding struct {
	Match
	Line   int    // 1-based line (text, TXT, CSV) or paragraph (DOCX); 0 in XLSX
	Column int    // 1-based CSV column; 0 elsewhere
	Sheet  string // XLSX sheet
	Cell   string // XLSX cell, such as "C5"
	unit   string // "行" or "段"
}

// Where says in Chinese where in its file the finding is: "第 3 行第 2 列",
// "工作表“名单”的 C5 单元格", "第 4 段".
func (f Finding) Where() string {
	switch {
	case f.Cell != "":
		return fmt.Sprintf("工作表“%s”的 %s 单元格", f.Sheet, f.Cell)
	case f.Column > 0:
		return fmt.Sprintf("第 %d 行第 %d 列", f.Line, f.Column)
	case f.unit == "段":
		return fmt.Sprintf("第 %d 段", f.Line)
	default:
		return fmt.Sprintf("第 %d 行", f.Line)
	}
}

// FileLine is the finding's line in a text file (TXT, CSV), or 0 where a file has no
// lines (XLSX, DOCX).
func (f Finding) FileLine() int {
	if f.Cell != "" || f.unit == "段" {
		return 0
	}
	return f.Line
}

// ScanText finds personal numbers in s line by line; Line is 1-based within s.
func ScanText(s string) []Finding {
	var out []Finding
	n := 0
	for line := range strings.Lines(s) {
		n++
		for _, m := range Find(line) {
			out = append(out, Finding{Match: m, Line: n})
		}
	}
	return out
}

// MaxFileSize is the largest attachment read; a larger one is reported as not checked
// rather than slowing every check down.
const MaxFileSize = 64 << 20

// ErrTooLarge is returned for a file over MaxFileSize.
var ErrTooLarge = errors.New("文件超过 64 MB")

// Scannable reports whether ScanFile reads files with name's extension.
func Scannable(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv", ".txt", ".xlsx", ".docx":
		return true
	}
	return false
}

// ScanFile finds personal numbers in a CSV, TXT, XLSX or DOCX file; other files give
// nothing. The error says why a file of those kinds could not be read.
func ScanFile(path string) ([]Finding, error) {
	if !Scannable(path) {
		return nil, nil
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if fi.Size() > MaxFileSize {
		return nil, ErrTooLarge
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		return ScanCSV(data)
	case ".txt":
		return ScanText(decodeText(data)), nil
	case ".xlsx":
		return ScanXLSX(data)
	default:
		return ScanDOCX(data)
	}
}

// decodeText reads UTF-8 (with or without a byte-order mark) and, failing that,
// GB18030, the two encodings Chinese office software saves text in.
func decodeText(data []byte) string {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if utf8.Valid(data) {
		return string(data)
	}
	if s, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data); err == nil {
		return string(s)
	}
	return string(data)
}

// ScanCSV finds personal numbers in the cells of a CSV file, with their line and column.
func ScanCSV(data []byte) ([]Finding, error) {
	r := csv.NewReader(strings.NewReader(decodeText(data)))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var out []Finding
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			// A broken quote should not hide the rest: fall back to plain lines.
			return ScanText(decodeText(data)), nil
		}
		for col, cell := range rec {
			line, _ := r.FieldPos(col)
			for _, m := range Find(cell) {
				out = append(out, Finding{Match: m, Line: line, Column: col + 1})
			}
		}
	}
}

// ScanXLSX finds personal numbers in every cell of every sheet of a workbook, with the
// sheet and the cell's name.
func ScanXLSX(data []byte) ([]Finding, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("不是可以读取的 Excel（.xlsx）文件：%w", err)
	}
	defer f.Close()
	var out []Finding
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			return nil, fmt.Errorf("工作表“%s”无法读取：%w", sheet, err)
		}
		for r, row := range rows {
			for c, cell := range row {
				for _, m := range Find(cell) {
					name, _ := excelize.CoordinatesToCellName(c+1, r+1)
					out = append(out, Finding{Match: m, Sheet: sheet, Cell: name})
				}
			}
		}
	}
	return out, nil
}

// ScanDOCX finds personal numbers in the paragraphs (table cells included) of a Word
// document; Line is the paragraph's number.
func ScanDOCX(data []byte) ([]Finding, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("不是可以读取的 Word（.docx）文件：%w", err)
	}
	var doc *zip.File
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			doc = f
		}
	}
	if doc == nil {
		return nil, errors.New("不是可以读取的 Word（.docx）文件：缺少 word/document.xml")
	}
	rc, err := doc.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	dec := xml.NewDecoder(io.LimitReader(rc, MaxFileSize*4))
	var out []Finding
	var para strings.Builder
	n, inText := 0, false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("Word 文件内容无法解析：%w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "p":
				n++
				para.Reset()
			case "t":
				inText = true
			case "tab", "br":
				para.WriteByte(' ')
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inText = false
			case "p":
				for _, m := range Find(para.String()) {
					out = append(out, Finding{Match: m, Line: n, unit: "段"})
				}
			}
		case xml.CharData:
			if inText {
				para.Write(t)
			}
		}
	}
}

package register

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"xxgk/internal/record"
)

func sample(t *testing.T) *record.Set {
	t.Helper()
	set, err := record.Load("../..")
	if err != nil {
		t.Fatal(err)
	}
	return set
}

var asOf = time.Date(2026, 11, 23, 12, 0, 0, 0, record.Shanghai)

func TestBuildOrderAndStatus(t *testing.T) {
	set := sample(t)
	reg := Build(set, asOf, "")
	if reg.Documents != len(set.Records) || len(reg.Entries) != len(set.Records) {
		t.Fatalf("register lists %d of %d documents", len(reg.Entries), len(set.Records))
	}
	abolished := 0
	for i, e := range reg.Entries {
		if e.Seq != i+1 {
			t.Errorf("entry %d has 序号 %d", i, e.Seq)
		}
		if i > 0 && e.Date > reg.Entries[i-1].Date {
			t.Errorf("%s (%s) listed after an older document", e.Index, e.Date)
		}
		if e.PublisherName == "" || e.URL != "/"+e.Publisher+"/"+e.Index+"/" {
			t.Errorf("%s: publisher %q, url %q", e.Index, e.PublisherName, e.URL)
		}
		if want := e.Abolished != "" && e.Abolished <= "2026-11-23"; (e.Status == "已废止") != want {
			t.Errorf("%s: 废止日期 %q, status %s", e.Index, e.Abolished, e.Status)
		}
		if e.Status == "已废止" {
			abolished++
		}
	}
	if abolished == 0 {
		t.Error("the sample has an abolished document; the register shows none")
	}
	one := Build(set, asOf, "lxzz")
	for _, e := range one.Entries {
		if e.Publisher != "lxzz" {
			t.Errorf("lxzz register lists %s", e.Index)
		}
	}
	if one.Documents == 0 || one.Documents >= reg.Documents {
		t.Errorf("lxzz register has %d of %d documents", one.Documents, reg.Documents)
	}
}

func TestJSON(t *testing.T) {
	b, err := Build(sample(t), asOf, "").JSON()
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Version   int              `json:"version"`
		AsOf      string           `json:"asOf"`
		Documents int              `json:"documents"`
		Entries   []map[string]any `json:"entries"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if got.Version != 1 || got.AsOf != "2026-11-23" || got.Documents != len(got.Entries) {
		t.Errorf("header %+v", got)
	}
	for _, k := range []string{"seq", "index", "title", "publisher", "publisherName", "category", "genre", "date", "status", "url"} {
		if _, ok := got.Entries[0][k]; !ok {
			t.Errorf("entry lacks %q: %v", k, got.Entries[0])
		}
	}
}

// TestCSV reads the CSV back as Excel would: a BOM, then a header and one row per
// document, dates as text, nothing that a spreadsheet would run as a formula.
func TestCSV(t *testing.T) {
	reg := Build(sample(t), asOf, "")
	reg.Entries[0].Title = "=HYPERLINK(\"http://example.com\")"
	b := reg.Table("https://xxgk.example.edu.cn/").CSV()
	body, ok := bytes.CutPrefix(b, []byte("\ufeff"))
	if !ok {
		t.Fatal("no byte-order mark: Excel would show the Chinese as mojibake")
	}
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(reg.Entries)+1 || rows[0][0] != "序号" || rows[0][1] != "索引号" {
		t.Fatalf("%d rows, header %v", len(rows), rows[0])
	}
	first := rows[1]
	if first[2] != "'=HYPERLINK(\"http://example.com\")" {
		t.Errorf("formula not defused: %q", first[2])
	}
	e := reg.Entries[1]
	if got := rows[2]; got[1] != e.Index || got[3] != e.Summary || got[7] != e.Date || got[12] != "https://xxgk.example.edu.cn"+e.URL {
		t.Errorf("row %v for %+v", got, e)
	}
}

// TestXLSX reads the workbook back with excelize: header, widths, dates stored as
// dates (numbers formatted as dates), one row per document.
func TestXLSX(t *testing.T) {
	reg := Build(sample(t), asOf, "")
	b, err := reg.Table("").XLSX()
	f := openWorkbook(t, b, err)
	const sheet = "信息公开目录"
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(reg.Entries)+1 || rows[0][2] != "标题" {
		t.Fatalf("%d rows, header %v", len(rows), rows[0])
	}
	e := reg.Entries[0]
	if rows[0][3] != "内容概述" || rows[1][1] != e.Index || rows[1][2] != e.Title || rows[1][7] != e.Date {
		t.Errorf("row %v for %+v", rows[1], e)
	}
	raw, err := f.GetCellValue(sheet, "H2", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if serial, err := strconv.ParseFloat(raw, 64); err != nil || serial < 40000 {
		t.Errorf("发布日期 stored as %q, not as an Excel date", raw)
	}
	if w, _ := f.GetColWidth(sheet, "C"); w < 40 {
		t.Errorf("标题 column width %v", w)
	}
	seq, _ := f.GetCellValue(sheet, "A2", excelize.Options{RawCellValue: true})
	if seq != "1" {
		t.Errorf("序号 %q", seq)
	}
}

// TestXLSXReproducible: the same register gives the same bytes.
func TestXLSXReproducible(t *testing.T) {
	reg := Build(sample(t), asOf, "lxzz")
	a, _ := reg.Table("").XLSX()
	b, _ := reg.Table("").XLSX()
	if !bytes.Equal(a, b) {
		t.Error("two writes of one register differ")
	}
}

func TestDefuse(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1": "'=1+1", "+1": "'+1", "-1": "'-1", "@SUM(A1)": "'@SUM(A1)",
		"\t=1+1": "'\t=1+1", "\r=1+1": "'\r=1+1", "临溪": "临溪", "": "", " =1": " =1",
	} {
		if got := defuse(in); got != want {
			t.Errorf("defuse(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestByPublisher: splitting the site's register gives, for every publisher, what
// Build gives for that publisher alone.
func TestByPublisher(t *testing.T) {
	for name, set := range map[string]*record.Set{"sample": sample(t), "synthetic": synthetic(3000)} {
		site := Build(set, asOf, "")
		split := site.ByPublisher()
		n := 0
		for _, p := range set.Registry.Publishers {
			want := Build(set, asOf, p.Code)
			got := split[p.Code]
			if want.Documents == 0 {
				if got != nil {
					t.Errorf("%s: %s has no documents but a register", name, p.Code)
				}
				continue
			}
			n++
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: %s: ByPublisher differs from Build", name, p.Code)
			}
		}
		if n < 2 || len(split) != n {
			t.Errorf("%s: %d publishers with documents, split into %d", name, n, len(split))
		}
	}
}

// synthetic is a set of n documents spread over n/37 publishers (as in bench/gen's
// corpora), with dates that repeat so that the order also depends on 索引号.
func synthetic(n int) *record.Set {
	set := &record.Set{Registry: &record.Registry{}}
	pubs := max(1, n/37)
	for i := range pubs + 3 { // three publishers without documents
		set.Registry.Publishers = append(set.Registry.Publishers, record.Publisher{Code: fmt.Sprintf("p%04d", i), Name: fmt.Sprintf("机构%d", i), Type: "school"})
	}
	for i := range n {
		code := fmt.Sprintf("p%04d", (i*7)%pubs)
		set.Records = append(set.Records, &record.Record{Publisher: code, Index: fmt.Sprintf("%s-2024-%05d", code, i), Title: "标题",
			Category: "教育", Genre: "通知", Date: time.Date(2024, 1, 1+i%300, 0, 0, 0, 0, record.Shanghai)})
	}
	return set
}

// BenchmarkPublisherRegisters compares, side by side, the registers of every
// publisher made by one Build per publisher (as builds did) and by ByPublisher, at
// two corpus sizes: per document, the first grows with the corpus, the second not.
func BenchmarkPublisherRegisters(b *testing.B) {
	for _, n := range []int{3000, 30000} {
		set := synthetic(n)
		b.Run(fmt.Sprintf("BuildEach/%d", n), func(b *testing.B) {
			for b.Loop() {
				for _, p := range set.Registry.Publishers {
					Build(set, asOf, p.Code)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/doc")
		})
		b.Run(fmt.Sprintf("ByPublisher/%d", n), func(b *testing.B) {
			for b.Loop() {
				Build(set, asOf, "").ByPublisher()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/doc")
		})
	}
}

// TestSummary: a document's 内容概述 reaches register.json and the table; a document
// without one has none (and no "summary" key in JSON).
func TestSummary(t *testing.T) {
	reg := Build(sample(t), asOf, "")
	js, err := reg.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var back struct {
		Entries []map[string]any `json:"entries"`
	}
	if err := json.Unmarshal(js, &back); err != nil {
		t.Fatal(err)
	}
	rows := reg.Table("").Rows
	with, without := 0, 0
	for i, e := range reg.Entries {
		if rows[i][3] != e.Summary {
			t.Errorf("%s: table 内容概述 %q, want %q", e.Index, rows[i][3], e.Summary)
		}
		s, ok := back.Entries[i]["summary"]
		if e.Summary == "" {
			without++
			if ok {
				t.Errorf("%s: empty summary written to JSON", e.Index)
			}
			continue
		}
		with++
		if s != e.Summary {
			t.Errorf("%s: JSON summary %v, want %q", e.Index, s, e.Summary)
		}
	}
	if with == 0 || without == 0 {
		t.Errorf("%d entries with a summary, %d without: the sample should have both", with, without)
	}
}

// TestXLSXCells: the header row is bold, frozen and filtered; dates are Excel dates in
// yyyy-mm-dd, an absent date an empty cell, numbers numbers, and text starting with
// = text rather than a formula — on the first sheet, which is streamed, and on the
// others, written cell by cell.
func TestXLSXCells(t *testing.T) {
	day := time.Date(2024, 3, 1, 15, 4, 0, 0, time.FixedZone("CST", 8*3600))
	table := func(name string) *Table {
		return &Table{Name: name, Columns: []Column{{"序号", 6}, {"标题", 40}, {"日期", 12}, {"废止", 12}}, Rows: [][]any{
			{1, "=HYPERLINK(\"http://example.invalid\")", day, time.Time{}},
			{int64(2), "二", day, day},
		}}
	}
	b, err := Workbook("目录", table("目录"), table("目录二"))
	f := openWorkbook(t, b, err)
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for n, sheet := range []string{"目录", "目录二"} {
		if formula, _ := f.GetCellFormula(sheet, "B2"); formula != "" {
			t.Errorf("%s: text starting with = became the formula %q", sheet, formula)
		}
		if v, _ := f.GetCellValue(sheet, "B2"); !strings.HasPrefix(v, "=HYPERLINK") {
			t.Errorf("%s: B2 = %q", sheet, v)
		}
		if v, _ := f.GetCellValue(sheet, "C2"); v != "2024-03-01" {
			t.Errorf("%s: date shown as %q, want 2024-03-01", sheet, v)
		}
		if v, _ := f.GetCellValue(sheet, "D2"); v != "" {
			t.Errorf("%s: an absent date shown as %q", sheet, v)
		}
		if v, _ := f.GetCellValue(sheet, "A3", excelize.Options{RawCellValue: true}); v != "2" {
			t.Errorf("%s: A3 = %q", sheet, v)
		}
		style, _ := f.GetCellStyle(sheet, "A1")
		if st, err := f.GetStyle(style); err != nil || st.Font == nil || !st.Font.Bold {
			t.Errorf("%s: header style %+v, %v", sheet, st, err)
		}
		if w, _ := f.GetColWidth(sheet, "B"); w != 40 {
			t.Errorf("%s: 标题 column width %v", sheet, w)
		}
		panes, err := f.GetPanes(sheet)
		if err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("%s: panes %+v, %v: want the header row frozen", sheet, panes, err)
		}
		found := false
		for _, zf := range zr.File {
			if zf.Name != fmt.Sprintf("xl/worksheets/sheet%d.xml", n+1) {
				continue
			}
			r, _ := zf.Open()
			x, _ := io.ReadAll(r)
			found = bytes.Contains(x, []byte(`<autoFilter ref="$A$1:$D$3"`))
		}
		if !found {
			t.Errorf("%s: no filter on A1:D3", sheet)
		}
	}
}

// BenchmarkXLSX writes the workbook of a site register of 10,000 documents, as a
// city's portal rewrites it after every change.
func BenchmarkXLSX(b *testing.B) {
	tab := Build(synthetic(10000), asOf, "").Table("")
	for b.Loop() {
		if _, err := tab.XLSX(); err != nil {
			b.Fatal(err)
		}
	}
}

// openWorkbook reads back the workbook b that a call returned with err; it is
// closed when the test ends.
func openWorkbook(t *testing.T, b []byte, err error) *excelize.File {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

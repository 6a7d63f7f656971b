package privacy

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestValidID(t *testing.T) {
	tests := []struct {
		id   string
		want bool
	}{
		{"110105199001011232", true},
		{"32058320050817452X", true},  // check character X
		{"32058320050817452x", true},  // lower-case x
		{"11010520080312009X", true},  // X again, another number
		{"110105199001011233", false}, // wrong check digit
		{"320583200508174521", false}, // X expected
		{"511321200702300012", false}, // right check digit, 30 February
		{"110105189912310000", false}, // before 1900
		{"010105199001011232", false}, // area cannot start with 0
		{"11010519900101123", false},  // 17 characters
		{"1101051990010112321", false},
		{"11010519900101123A", false},
	}
	for _, tt := range tests {
		if got := ValidID(tt.id); got != tt.want {
			t.Errorf("ValidID(%q) = %v, want %v", tt.id, got, tt.want)
		}
	}
}

func TestLuhn(t *testing.T) {
	tests := []struct {
		n    string
		want bool
	}{
		{"4111111111111111", true},
		{"6222021234567890128", true},
		{"6217001234567893", true},
		{"6217001234567894", false},
		{"6222021234567890129", false},
		{"0", true},
		{"", false},
		{"12a4", false},
	}
	for _, tt := range tests {
		if got := Luhn(tt.n); got != tt.want {
			t.Errorf("Luhn(%q) = %v, want %v", tt.n, got, tt.want)
		}
	}
}

func TestRealDate(t *testing.T) {
	for d, want := range map[string]bool{
		"20000229": true, "19000228": true, "20990101": true,
		"19000229": false, "20230229": false, "20071301": false, "20070100": false, "18991231": false, "21000101": false,
	} {
		if got := RealDate(d); got != want {
			t.Errorf("RealDate(%s) = %v, want %v", d, got, want)
		}
	}
}

func TestFind(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string // kind:masked
	}{
		{"id", "学生张小明，身份证号110105199001011232，已审核。", []string{"身份证号:110105********1232"}},
		{"id with X", "32058320050817452X", []string{"身份证号:320583********452X"}},
		{"id lower x masked upper", "32058320050817452x。", []string{"身份证号:320583********452X"}},
		{"masked id", "110105********002X 与 110105****0101123X", nil},
		{"bad checksum", "110105199001011233", nil},
		{"bad date", "511321200702300012", nil},
		{"inside longer run", "1110105199001011232 和 1101051990010112321", nil},
		{"inside word", "ID110105199001011232 和 110105199001011232abc", nil},
		{"index number", "lxzz-2024-00003、11441700007280420Y/2021-00050、000014349/2017-00110", nil},
		{"dates and amounts", "2024-05-15 20240515 资助金额 1500.00 元，合计 6217001234567893.50 元", nil},
		{"card", "银行卡号：6217001234567893", []string{"银行卡号:6217********7893"}},
		{"card 19", "卡号 6222021234567890128 ", []string{"银行卡号:6222***********0128"}},
		{"card grouped", "卡号 6222 0212 3456 7890 128。", []string{"银行卡号:6222***********0128"}},
		{"card hyphens", "4111-1111-1111-1111", []string{"银行卡号:4111********1111"}},
		{"card not luhn", "6217001234567894", nil},
		{"card wrong start", "1234567812345670", nil}, // passes Luhn, starts with 1
		{"mobile", "联系电话：13812345678。", []string{"手机号码:138****5678"}},
		{"masked mobile", "138****5678", nil},
		{"landline", "0571-88886666、（0571）88886666", nil},
		{"not mobile prefix", "12812345678", nil},
		{"several", "13812345678；110105199001011232", []string{"手机号码:138****5678", "身份证号:110105********1232"}},
		{"full-width neighbours", "（110105199001011232）", []string{"身份证号:110105********1232"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, m := range Find(tt.text) {
				got = append(got, m.Kind.Name()+":"+m.Masked)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("Find(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

func TestMaskID(t *testing.T) {
	if got := MaskID("11010520080312009x"); got != "110105********009X" {
		t.Errorf("MaskID = %q", got)
	}
}

// A 资助公示 as schools publish it: masked IDs pass, one forgotten row does not.
const grantCSV = "序号,姓名,班级,身份证号,资助金额（元）,联系电话\r\n" +
	"1,王小红,2024级数控1班,110105********1232,1000,138****5678\r\n" +
	"2,李明,2024级会计2班,320583********452X,1000,139****0001\r\n" +
	"3,赵强,2024级电商1班,11010520080312009X,1000,13912340001\r\n"

func TestScanCSV(t *testing.T) {
	got, err := ScanCSV([]byte("\ufeff" + grantCSV))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"第 4 行第 4 列 身份证号 110105********009X", "第 4 行第 6 列 手机号码 139****0001"}
	if s := describe(got); fmt.Sprint(s) != fmt.Sprint(want) {
		t.Errorf("findings %v, want %v", s, want)
	}
	masked := strings.Join(strings.Split(grantCSV, "\r\n")[:3], "\r\n")
	if got, _ := ScanCSV([]byte(masked)); len(got) != 0 {
		t.Errorf("masked table flagged: %v", describe(got))
	}
}

func TestScanCSVGB18030(t *testing.T) {
	gbk := []byte{0xd0, 0xd5, 0xc3, 0xfb, ','} // "姓名," in GB18030
	data := append(gbk, []byte("110105199001011232\r\n")...)
	got, err := ScanCSV(data)
	if err != nil || len(got) != 1 || got[0].Where() != "第 1 行第 2 列" {
		t.Errorf("GB18030 CSV: %v %v", describe(got), err)
	}
}

func TestScanText(t *testing.T) {
	got := ScanText("报名须知\n\n咨询电话：0571-88886666\n经办人手机 13812345678\n")
	if s := describe(got); fmt.Sprint(s) != "[第 4 行 手机号码 138****5678]" {
		t.Errorf("findings %v", s)
	}
}

func xlsx(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "受助学生名单")
	for r, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, r+1)
		if err := f.SetSheetRow("受助学生名单", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestScanXLSX(t *testing.T) {
	head := []any{"序号", "姓名", "身份证号", "银行卡号", "金额"}
	masked := xlsx(t, [][]any{head, {1, "王小红", "110105********1232", "6217********7893", 1000}, {2, "李明", "320583********452X", "6222***********0128", 1000.5}})
	if got, err := ScanXLSX(masked); err != nil || len(got) != 0 {
		t.Errorf("masked workbook: %v %v", describe(got), err)
	}
	open := xlsx(t, [][]any{head, {1, "王小红", "110105********1232", "6217********7893", 1000}, {2, "李明", "32058320050817452X", "6222021234567890128", 20240515}})
	got, err := ScanXLSX(open)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"工作表“受助学生名单”的 C3 单元格 身份证号 320583********452X", "工作表“受助学生名单”的 D3 单元格 银行卡号 6222***********0128"}
	if s := describe(got); fmt.Sprint(s) != fmt.Sprint(want) {
		t.Errorf("findings %v, want %v", s, want)
	}
	if _, err := ScanXLSX([]byte("not a workbook")); err == nil {
		t.Error("a broken workbook gave no error")
	}
}

func docx(t *testing.T, paragraphs ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	w, _ := z.Create("word/document.xml")
	fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)
	for _, p := range paragraphs {
		// Word splits a paragraph into runs anywhere; split each in two to prove runs are joined.
		h := len(p) / 2
		for h > 0 && !utf8RuneStart(p[h]) {
			h--
		}
		fmt.Fprintf(w, `<w:p><w:r><w:t>%s</w:t></w:r><w:r><w:t>%s</w:t></w:r></w:p>`, p[:h], p[h:])
	}
	fmt.Fprint(w, `</w:body></w:document>`)
	z.Close()
	return b.Bytes()
}

func utf8RuneStart(c byte) bool { return c&0xC0 != 0x80 }

func TestScanDOCX(t *testing.T) {
	got, err := ScanDOCX(docx(t, "2025年秋季学期国家助学金受助学生名单", "王小红 110105********1232", "李明 110105199001011232"))
	if err != nil {
		t.Fatal(err)
	}
	if s := describe(got); fmt.Sprint(s) != "[第 3 段 身份证号 110105********1232]" {
		t.Errorf("findings %v", s)
	}
	if _, err := ScanDOCX([]byte("PK not really")); err == nil {
		t.Error("a broken document gave no error")
	}
}

func describe(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Where()+" "+f.Kind.Name()+" "+f.Masked)
	}
	return out
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{grantCSV, "32058320050817452X", "6222 0212 3456 7890 128", "4111-1111-1111-1111-1", "13812345678", "", "1 2 3 4"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, m := range Find(s) {
			if m.Start < 0 || m.Start >= len(s) {
				t.Fatalf("start %d outside %d bytes", m.Start, len(s))
			}
			if !strings.Contains(m.Masked, "*") {
				t.Fatalf("%q not masked", m.Masked)
			}
			if m.Kind == IDNumber && !ValidID(s[m.Start:m.Start+18]) {
				t.Fatalf("invalid ID reported at %d in %q", m.Start, s)
			}
		}
		ScanCSV([]byte(s))
		ScanText(s)
	})
}

// BenchmarkFind: a 公示 table of 200 rows with masked numbers, amounts and dates.
func BenchmarkFind(b *testing.B) {
	text := strings.Repeat("| 1 | 王*红 | 110105********1232 | 2025-11-06 | 1,000.00 | 138****5678 |\n", 200)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		ScanText(text)
	}
}

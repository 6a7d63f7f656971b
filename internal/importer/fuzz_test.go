package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"xxgk/internal/record"
)

// FuzzConvert: whatever a legacy file holds, the importer does not panic, and the
// document it produces starts with front matter that TOML and record.Parse can read.
// The seeds are the fixtures.
func FuzzConvert(f *testing.F) {
	paths, _ := filepath.Glob("testdata/legacy/*")
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(filepath.Base(p), b)
	}
	f.Add("x.html", []byte(`<html><meta charset="big5"><div id="zoom"><h1>标题"引号\</h1><table><tr><td>索引号</td></tr></table>`))
	f.Add("x.txt", []byte("索引号：a\"b\\c\n发布日期：2024-02-30\n+++\n标题\n一、\n"))
	reg, err := record.LoadRegistry("../..")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, name string, src []byte) {
		file := Convert(name, src, reg, Options{})
		if file.Err != nil {
			return
		}
		fm, _, _, err := record.SplitFrontMatter(file.Doc)
		if err != nil {
			t.Fatalf("no front matter: %v\n%s", err, file.Doc)
		}
		var v map[string]any
		if _, err := toml.Decode(fm, &v); err != nil {
			t.Fatalf("front matter is not TOML: %v\n%s", err, fm)
		}
		if r, problems := record.Parse(file.Target, file.Doc, reg); r == nil {
			t.Fatalf("record.Parse cannot read the front matter: %v\n%s", problems, fm)
		}
	})
}

// FuzzHeader: a header line of any shape gives fields whose values are taken from the
// line itself, and reading a header never panics.
func FuzzHeader(f *testing.F) {
	for _, s := range []string{
		"来源:青禾市第一中学发布时间:2023-03-15 10:20:31访问量:",
		"• 索 引 号:bsqjtj-2022-00044",
		"索引号 ylxjyj-2024-00002 分类 通知公告 发布机构 云岭县教育局 生成日期 2024-01-09",
		"| 发文字号: | 某教发〔2021〕3号 | 发布日期: | 2021-03-09 |",
		"发布机构：临溪县教育局 责任编辑：王明 发布日期：2022-05-17",
		"索引号000016872/2024-00012",
		"您现在的位置：",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l := Line{No: 1, Text: collapse(s)}
		for _, fl := range metaFields(l) {
			if !strings.Contains(l.Text, fl.Value) {
				t.Fatalf("value %q is not in the line %q", fl.Value, l.Text)
			}
		}
		readHead(&File{}, []Line{l, {No: 2, Text: collapse(s)}, {No: 3, Text: "正文。"}}, true)
		signatures([]Line{l})
	})
}

// FuzzDocx: whatever a .docx holds, reading it does not panic. The seeds are the
// fixture and a few damaged copies of it.
func FuzzDocx(f *testing.F) {
	b, err := os.ReadFile("testdata/office/lxzz-training-plan.docx")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add(b[:len(b)/2])
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, src []byte) {
		doc, err := readDocx(src)
		if err == nil {
			for _, l := range doc.lines {
				if l.Text == "" {
					t.Fatalf("empty line %+v", l)
				}
			}
		}
	})
}

// FuzzPDF: whatever a PDF holds, reading it does not panic (the library's panics are
// turned into errors) and a PDF without text is reported, never imported empty.
func FuzzPDF(f *testing.F) {
	for _, p := range []string{"testdata/office/lxzz-training-plan.pdf", "testdata/office/scanned-notice.pdf"} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		f.Add(b[:len(b)*2/3])
	}
	f.Add([]byte("%PDF-1.4\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		doc, err := readPDF(src)
		if err == nil && len(doc.lines) == 0 {
			t.Fatal("a PDF read without error has no text")
		}
	})
}

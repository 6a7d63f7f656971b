package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWordAndPDF imports the fixtures LibreOffice saved from testdata/office/src
// (testdata/make-office.sh): the same plan as .docx and as PDF, a scanned PDF and an
// old .doc.
func TestWordAndPDF(t *testing.T) {
	files := map[string]*File{}
	sites := map[string]string{}
	// Each in a site of its own: the two carry the same 索引号.
	for _, name := range []string{"lxzz-training-plan.docx", "lxzz-training-plan.pdf", "scanned-notice.pdf", "old-format.doc"} {
		site := testSite(t)
		res, err := Import(Options{Site: site}, []string{filepath.Join("testdata/office", name)})
		if err != nil {
			t.Fatal(err)
		}
		files[name], sites[name] = res.Files[0], site
	}
	for _, name := range []string{"lxzz-training-plan.docx", "lxzz-training-plan.pdf"} {
		f, site := files[name], sites[name]
		if f == nil || f.Err != nil {
			t.Fatalf("%s: %+v", name, f)
		}
		doc := string(f.Doc)
		fields, _ := importedFields(f)
		want := map[string]string{"title": "临溪县职业中等专业学校2024年实训教学工作计划", "publisher": "lxzz", "date": "2024-03-18", "index": "lxzz-2024-00031"}
		for k, v := range want {
			if fields[k] != v {
				t.Errorf("%s: %s = %q, want %q", name, k, fields[k], v)
			}
		}
		for _, s := range []string{
			"## 一、指导思想", "## 四、保障措施", "### （一）加强实训室管理", // headings, numbered by Word's outline
			"1. 实训课时占专业课总课时", "3. 新建智能制造实训室两间", // a numbered list
			"- 每周检查一次消防器材",                // a bulleted list
			"| 专业 | 年级 | 周课时 |", "| 合计 |", // the table
			"〔注1〕产教融合：指职业学校与行业企业",       // the footnote, as text
			"临溪县职业中等专业学校\n\n2024年3月15日", // the signature
			`title = "公开原件（`,            // the original, kept
		} {
			if !strings.Contains(doc, s) {
				t.Errorf("%s lacks %q:\n%s", name, s, doc)
			}
		}
		if strings.Contains(doc, "第 1 页") || strings.Contains(doc, "第1页") || strings.Count(doc, "临溪县职业中等专业学校\n") > 1 {
			t.Errorf("%s keeps a running header or page number:\n%s", name, doc)
		}
		orig := filepath.Join(site, "static", "attachments", "lxzz", "lxzz-2024-00031", name)
		if b, err := os.ReadFile(orig); err != nil || len(b) == 0 {
			t.Errorf("%s: original not kept as %s: %v", name, orig, err)
		}
	}
	// A merged cell's text stands in every cell it covers in the Word table.
	docx := string(files["lxzz-training-plan.docx"].Doc)
	for _, s := range []string{"| 机电技术应用 | 二年级 | 14 |", "| 合计 | 合计 | 24 |", "〔图片：image1.png〕", `title = "图片 image1.png"`} {
		if !strings.Contains(docx, s) {
			t.Errorf("docx lacks %q:\n%s", s, docx)
		}
	}
	if _, err := os.Stat(filepath.Join(sites["lxzz-training-plan.docx"], "static", "attachments", "lxzz", "lxzz-2024-00031", "images", "image1.png")); err != nil {
		t.Errorf("the image is not kept: %v", err)
	}
	// The PDF's paragraphs, broken into lines on the page, are whole again.
	if pdf := string(files["lxzz-training-plan.pdf"].Doc); !strings.Contains(pdf, "培养适应区域产业发展需要的技术技能人才，结合学校实际，制定本计划。") {
		t.Errorf("pdf paragraph not joined:\n%s", pdf)
	}
	// Metadata in the running header of the pages: read from the Word header part, and
	// from the top of the PDF page (a header line wrapped on the page is joined again).
	for _, name := range []string{"lxzjzx-header-meta.docx", "lxzjzx-header-meta.pdf"} {
		res, err := Import(Options{Site: testSite(t), DryRun: true}, []string{filepath.Join("testdata/office", name)})
		if err != nil {
			t.Fatal(err)
		}
		fields, _ := importedFields(res.Files[0])
		want := map[string]string{"title": "临溪县职业技术教育中心2024年学生顶岗实习安全告知书", "publisher": "lxzjzx", "date": "2024-06-03", "index": "lxzjzx-2024-00012"}
		for k, v := range want {
			if fields[k] != v {
				t.Errorf("%s: %s = %q, want %q\n%s", name, k, fields[k], v, res.Files[0].Doc)
			}
		}
	}
	for name, msg := range map[string]string{
		"scanned-notice.pdf": "没有文字层，需要先做文字识别（OCR）",
		"old-format.doc":     "另存为“Word 文档（.docx）”",
	} {
		if f := files[name]; f == nil || f.Err == nil || !strings.Contains(f.Err.Error(), msg) || f.Written {
			t.Errorf("%s: %+v, want the error %q", name, f, msg)
		}
	}
}

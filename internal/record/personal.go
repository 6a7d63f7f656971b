package record

import (
	"fmt"
	"path/filepath"
	"strings"

	"xxgk/internal/privacy"
	"xxgk/internal/wording"
)

// personalMessage explains a personal number found in a document or attachment.
func personalMessage(m privacy.Match) string {
	if m.Kind.Serious() {
		return fmt.Sprintf("含有未遮盖的%s %s：公示名单等材料中的身份证号、银行卡号必须部分遮盖（例如只保留前 6 位和后 4 位），改正后才能发布", m.Kind.Name(), m.Masked)
	}
	return fmt.Sprintf("含有手机号码 %s：如果是个人的手机号，公开时应部分遮盖（例如 %s）；单位公开的联系电话可以保留", m.Masked, m.Masked)
}

func personalSeverity(m privacy.Match) Severity {
	if m.Kind.Serious() {
		return Error
	}
	return Warning
}

// checkPersonal looks for ID, bank card and mobile numbers in the title, the summary
// and the body
// (whose first line is file line bodyStart+1).
func (p *parser) checkPersonal(body []byte, bodyStart int) {
	for _, field := range []struct{ key, value string }{{"title", p.rec.Title}, {"summary", p.rec.Summary}} {
		for _, m := range privacy.Find(field.value) {
			p.add(p.lineOf(field.key), field.key, personalSeverity(m), personalMessage(m))
		}
	}
	for _, f := range privacy.ScanText(string(body)) {
		p.add(bodyStart+f.Line, "", personalSeverity(f.Match), "正文"+personalMessage(f.Match))
	}
}

// personalInAttachments scans r's text attachments (CSV, TXT, XLSX, DOCX) under
// static/. Problems name the attachment file, with its line, or sheet and cell.
// Missing files are reported by the attachment check, not here.
func personalInAttachments(dir string, r *Record) []Problem {
	var out []Problem
	for _, a := range r.Attachments {
		if !privacy.Scannable(a.File) || attachmentProblem(dir, a.File) != "" {
			continue
		}
		file := "static/" + a.File
		found, err := privacy.ScanFile(filepath.Join(dir, "static", filepath.FromSlash(a.File)))
		if err != nil {
			// A file the reader cannot open may still be a good one (another program's
			// variant of the format): say it was not checked rather than refuse it.
			out = append(out, Problem{File: file, Severity: Warning,
				Message: fmt.Sprintf("附件（%s 的“%s”）无法检查是否含有个人信息：%v", r.Path, a.Title, err)})
			continue
		}
		for _, f := range found {
			p := Problem{File: file, Severity: personalSeverity(f.Match),
				Message: fmt.Sprintf("附件（%s 的“%s”）%s%s", r.Path, a.Title, f.Where(), personalMessage(f.Match))}
			p.Line = f.FileLine()
			out = append(out, p)
		}
	}
	return out
}

// wordingProblems are warnings for 错别字 and for expressions the site's list corrects
// or forbids, in the title and in each body line.
func wordingProblems(dir string, words *wording.Checker, r *Record) []Problem {
	if words == nil {
		return nil
	}
	var out []Problem
	for _, m := range words.Find(r.Title) {
		out = append(out, Problem{File: r.Path, Line: lineOfKey(dir, r, "title"), Field: "title", Severity: Warning, Message: "标题中" + m.Rule.Message()})
	}
	n := 0
	for line := range strings.Lines(string(r.Raw)) {
		if n++; n <= r.FrontMatterLines {
			continue
		}
		for _, m := range words.Find(line) {
			out = append(out, Problem{File: r.Path, Line: n, Severity: Warning, Message: "正文中" + m.Rule.Message()})
		}
	}
	return out
}

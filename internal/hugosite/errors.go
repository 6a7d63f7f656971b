package hugosite

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/gohugoio/hugo/common/herrors"

	"xxgk/internal/record"
)

// templateAt finds Go template positions such as "template: single.html:3:12:" in
// Hugo's messages; the last one is the innermost, where the mistake is.
var templateAt = regexp.MustCompile(`template: ([^:"]+\.[a-z]+):(\d+)`)

// translate turns a Hugo error into one that names the clerk's file and line.
func (s *Site) translate(err error) error {
	src := s.src
	msg := strings.ReplaceAll(err.Error(), src+string(filepath.Separator), "")
	if m := templateAt.FindAllStringSubmatch(msg, -1); m != nil {
		last := m[len(m)-1]
		line, _ := strconv.Atoi(last[2])
		return &HugoError{File: "layouts/" + last[1], Line: line, Kind: "模板", Code: record.CodeTemplate, Msg: msg}
	}
	for _, fe := range herrors.UnwrapFileErrors(err) {
		pos := fe.Position()
		if pos.Filename == "" {
			continue
		}
		name := pos.Filename
		if rel, rerr := filepath.Rel(src, name); rerr == nil && !strings.HasPrefix(rel, "..") {
			name = filepath.ToSlash(rel)
		}
		line := pos.LineNumber
		if n := s.sfs.Added(filepath.Join(src, filepath.FromSlash(name))); n > 0 && line > n {
			line -= n
		}
		kind, code := "文件", record.CodeRender
		if strings.HasPrefix(name, "layouts/") {
			kind, code = "模板", record.CodeTemplate
		}
		return &HugoError{File: name, Line: line, Kind: kind, Code: code, Msg: msg}
	}
	return &HugoError{Code: record.CodeRender, Msg: msg}
}

// HugoError is a failure reported by Hugo while rendering, located where possible.
type HugoError struct {
	File string // relative to the site directory, when known
	Line int
	Kind string      // 模板 or 文件
	Code record.Code // record.CodeTemplate or record.CodeRender
	Msg  string      // Hugo's message, with the site directory's path removed
}

// Located is the failure as a problem located in a file, as the check reports them.
func (e *HugoError) Located() []record.Problem {
	return []record.Problem{{File: e.File, Line: e.Line, Severity: record.Error, Code: e.Code, Message: e.Reason()}}
}

// Reason is Hugo's message without the wrapping that repeats where it happened.
func (e *HugoError) Reason() string { return cleanHugoMessage(e.Msg) }

// Error says where Hugo failed, why, and that nothing was published.
func (e *HugoError) Error() string {
	msg := e.Reason()
	if e.File == "" {
		return "生成页面失败：" + msg + "\n未发布；上次发布的内容保持不变。"
	}
	return fmt.Sprintf("%s:%d: 生成页面失败，请检查这个%s的第 %d 行：%s\n未发布；上次发布的内容保持不变。", e.File, e.Line, e.Kind, e.Line, msg)
}

// cleanHugoMessage drops Hugo's repeated wrapping prefixes, keeping the cause.
func cleanHugoMessage(s string) string {
	s = strings.TrimPrefix(s, "error building site: ")
	for _, marker := range []string{"execute of template failed: ", "apply base template failed: "} {
		if i := strings.LastIndex(s, marker); i >= 0 {
			s = s[i+len(marker):]
		}
	}
	return s
}

// RefuseHTMLContent fails, with a *HugoError, when a content file other than a
// document of set would be HTML passed through as it stands: a Site holding stubs
// (View.Stubs) admits HTML for them, which Hugo refuses for every other page, as a
// Site holding the documents does.
func RefuseHTMLContent(src string, set *record.Set) error {
	for _, rel := range set.ContentFiles() {
		if err := refuseHTML(src, set, rel); err != nil {
			return err
		}
	}
	return nil
}

// refuseHTML is RefuseHTMLContent for the content file rel.
func refuseHTML(src string, set *record.Set, rel string) error {
	if set.ByPath(rel) != nil {
		return nil
	}
	switch strings.ToLower(filepath.Ext(rel)) {
	case ".html", ".htm":
		return &HugoError{File: rel, Line: 1, Kind: "文件", Code: record.CodeRender,
			Msg: "content/ 中不能放 HTML 文件：网页中的 HTML 不会原样发布。请改写为 Markdown（.md）文件"}
	case ".md":
		b, err := os.ReadFile(filepath.Join(src, rel))
		if err != nil {
			return err
		}
		if fm, _, _, err := record.SplitFrontMatter(b); err == nil && markupHTML.MatchString(fm) {
			return &HugoError{File: rel, Line: 1, Kind: "文件", Code: record.CodeRender,
				Msg: "元数据中的 markup 不能设为 html：网页中的 HTML 不会原样发布"}
		}
	}
	return nil
}

// markupHTML finds a front-matter line that makes a page's body HTML.
var markupHTML = regexp.MustCompile(`(?im)^\s*markup\s*=\s*["']?(html|htm)["']?\s*(#.*)?$`)

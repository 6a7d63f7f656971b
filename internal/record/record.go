// Package record reads and validates the catalogue metadata of disclosure documents:
// the TOML front matter of content files, checked against the registries in data/.
package record

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"xxgk/internal/annualreport"
	"xxgk/internal/scheme"
	"xxgk/internal/suggest"
)

// Shanghai is the time zone every local date in front matter is read in.
// China has kept UTC+8 without daylight saving since 1991, so a fixed zone is exact
// and needs no tzdata on the machine.
var Shanghai = time.FixedZone("CST", 8*3600)

// Attachment is one file attached to a document.
type Attachment struct {
	Title string // shown as the link text
	File  string // relative to static/
}

// Record is the catalogue metadata of one disclosure document.
type Record struct {
	Path        string // content file, slash-separated, relative to the site directory
	Title       string
	Index       string // 索引号
	Publisher   string // publisher code (a full name in the file is resolved to its code)
	Date        time.Time
	DateLocal   bool // Date was written without a UTC offset (a local date or time, read in Shanghai time)
	Category    string
	Genre       string
	DocNumber   string
	Keywords    []string
	Written     time.Time // zero when absent
	Abolished   time.Time // zero when absent
	Source      string
	Attachments []Attachment
	Year        int // 报告年度, for annual quality reports
	School      string
	Revisions   []Revision // 修订记录, in the order written
	Summary     string     // 内容概述 (summary), shown in the 目录 and on the page
	Interprets  string     // 解读对象: the 索引号 of the policy this document interprets
	Draft       bool       // draft = true: published only by builds that render drafts (previews)
	// OwnOrder is set when Hugo may order the document among others otherwise than
	// by Date and Title: its front matter sets weight, or its title has spaces
	// around it, which Title drops and Hugo keeps.
	OwnOrder bool

	// Number is the 索引号 as read by the publisher's scheme; its Pattern is nil when
	// the number follows none of the scheme's patterns (an error of the check).
	Number IndexNumber

	// FrontMatterLines is the number of lines the front matter takes,
	// both +++ delimiters included.
	FrontMatterLines int

	// Raw is the file as it was read and checked, so that the build renders exactly
	// what passed the check without reading the file again (after KeepFrontMatter,
	// its front matter only; nil when the load did not read the file, see
	// CheckCache.Trust). Bytes returns the whole file in every case.
	Raw []byte
	// Sum is the SHA-256 of the file as it was read.
	Sum [32]byte

	partial bool     // Raw is not the whole file
	dir     string   // the site's directory, where Bytes reads the file when partial
	head    [32]byte // FrontMatterSum, when Raw is nil
}

// FrontMatterSum is the SHA-256 of the document's front matter with both +++ lines
// (what KeepFrontMatter keeps): the listings show the document as its front matter
// and derived keys say, and a load that did not read the file knows it all the same.
func (r *Record) FrontMatterSum() [32]byte {
	if r.Raw == nil {
		return r.head
	}
	return frontMatterSum(r.Raw)
}

// frontMatterSum is FrontMatterSum of the file src.
func frontMatterSum(src []byte) [32]byte {
	fm, _, _, err := SplitFrontMatter(src)
	if err != nil {
		return sha256.Sum256(src)
	}
	return sha256.Sum256([]byte("+++\n" + fm + "+++\n"))
}

// KeepFrontMatter drops the body from Raw, keeping the front matter with both +++
// lines: a build whose pages of the document are written keeps of it only what the
// listings need, since on a large portal the bodies are much of its memory.
func (r *Record) KeepFrontMatter() {
	if r.Raw == nil {
		return
	}
	fm, _, _, err := SplitFrontMatter(r.Raw)
	if err != nil {
		return
	}
	r.Raw, r.partial = []byte("+++\n"+fm+"+++\n"), true
}

// Bytes returns the document's file as it was checked: Raw, or when Raw is not the
// whole file (KeepFrontMatter, or a load that trusted the file unchanged without
// reading it), the file read again, which must still be what was checked (its
// SHA-256 is Sum).
func (r *Record) Bytes() ([]byte, error) {
	if !r.partial {
		return r.Raw, nil
	}
	b, err := os.ReadFile(filepath.Join(r.dir, filepath.FromSlash(r.Path)))
	if err != nil {
		return nil, err
	}
	if sha256.Sum256(b) != r.Sum {
		return nil, &ChangedError{Path: r.Path}
	}
	return b, nil
}

// A ChangedError is a document whose file changed after the build checked it.
type ChangedError struct {
	Path string // slash-separated, relative to the site directory
}

func (e *ChangedError) Error() string {
	return e.Path + "：文件在检查之后又被改动过，本次构建没有用它；请重新构建"
}

// URL is the document's stable address: derived from publisher and 索引号 only,
// so that it survives title corrections and file moves. The 索引号 appears as its
// slug (scheme.Slug): numbers of the default scheme as they are.
func (r *Record) URL() string {
	return "/" + r.Publisher + "/" + scheme.Slug(r.Index) + "/"
}

// Page is the file of the document's page in the published site, slash-separated,
// relative to the site's root: the one place that says where URL's page is written.
func (r *Record) Page() string {
	return strings.TrimPrefix(r.URL(), "/") + "index.html"
}

// Severity tells whether a problem stops publication.
type Severity int

const (
	// Error problems make check and build fail.
	Error Severity = iota
	// Warning problems are reported but do not stop publication.
	Warning
)

// Problem is one finding about one content file, located as precisely as known.
type Problem struct {
	File     string   `json:"file"`     // slash-separated path relative to the site directory
	Line     int      `json:"line"`     // 1-based; 0 when unknown
	Field    string   `json:"field"`    // front-matter key; empty for file-level problems
	Severity Severity `json:"severity"` // "error" or "warning" in JSON
	Code     Code     `json:"code"`     // the kind of problem, stable across versions (see Code)
	Message  string   `json:"message"`  // plain Chinese for a school clerk
}

func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	b.WriteString(": ")
	b.WriteString(p.Detail())
	return b.String()
}

// Detail is the problem without its location: what is wrong, in which field.
func (p Problem) Detail() string {
	var b strings.Builder
	if p.Severity == Warning {
		b.WriteString("提醒：")
	}
	if name := fieldNames[p.Field]; name != "" {
		fmt.Fprintf(&b, "字段 %s（%s）：", p.Field, name)
	} else if p.Field != "" {
		fmt.Fprintf(&b, "字段 %s：", p.Field)
	}
	b.WriteString(p.Message)
	return b.String()
}

// fieldNames gives each front-matter key its Chinese name, for messages.
var fieldNames = map[string]string{
	"title":       "标题",
	"index":       "索引号",
	"publisher":   "发布机构",
	"date":        "发布日期",
	"category":    "主题分类",
	"genre":       "体裁分类",
	"docnumber":   "文号",
	"keywords":    "关键词",
	"written":     "成文日期",
	"abolished":   "废止日期",
	"source":      "信息来源",
	"attachments": "附件",
	"year":        "报告年度",
	"school":      "所涉学校",
	"revisions":   "修订记录",
	"summary":     "内容概述",
	"interprets":  "解读对象",
}

// Placeholder marks what a clerk still has to write in a document started by xxgk new;
// a document that still carries it is not published.
const Placeholder = "【待填写】"

// QualityReport is the genre whose documents must say which year they cover.
const QualityReport = "年度质量报告"

// SplitFrontMatter separates a content file into its TOML front matter and body.
// It returns the front matter text, the body, and the number of lines the front
// matter occupies including both +++ lines.
func SplitFrontMatter(src []byte) (fm string, body []byte, lines int, err error) {
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	first, rest, ok := bytes.Cut(src, []byte("\n"))
	if !ok || strings.TrimSpace(string(first)) != "+++" {
		return "", nil, 0, errors.New("文件开头缺少 TOML 元数据：第一行应为 +++，接着是字段，再以 +++ 结束")
	}
	lines = 1
	for len(rest) > 0 {
		line, after, _ := bytes.Cut(rest, []byte("\n"))
		lines++
		if strings.TrimSpace(string(line)) == "+++" {
			fm = string(src[len(first)+1 : len(src)-len(rest)])
			return fm, after, lines, nil
		}
		rest = after
	}
	return "", nil, 0, errors.New("元数据没有结束：缺少结尾的 +++ 行")
}

// Parse reads the front matter of one content file and checks every field that can be
// checked without looking at other files. path is used in problems only. The record is
// nil when the front matter cannot be read at all.
func Parse(path string, src []byte, reg *Registry) (*Record, []Problem) {
	p := &parser{path: path, reg: reg}
	fm, body, n, err := SplitFrontMatter(src)
	if err != nil {
		p.add(1, "", Error, CodeNoFrontMatter, err.Error())
		return nil, p.problems
	}
	var raw map[string]any
	md, err := toml.Decode(fm, &raw)
	if err != nil {
		line := 0
		var pe toml.ParseError
		if errors.As(err, &pe) {
			line = pe.Position.Line + 1 // +1 for the opening +++
		}
		p.add(line, "", Error, CodeFrontMatterSyntax, "元数据格式有误："+describeTOMLError(err))
		return nil, p.problems
	}
	p.lines = strings.Split(fm, "\n")
	p.raw = raw
	r := &Record{Path: path, FrontMatterLines: n, Raw: src, Sum: sha256.Sum256(src)}
	p.rec = r

	r.Title = p.str("title", true)
	r.Index = p.str("index", true)
	r.Publisher = p.publisher()
	r.Date = p.date("date", true)
	if t, ok := raw["date"].(time.Time); ok {
		r.DateLocal = strings.HasSuffix(t.Location().String(), "-local")
	}
	r.Category = p.category()
	r.Genre = p.genre()
	r.DocNumber = p.str("docnumber", false)
	r.Keywords = p.strings("keywords")
	r.Written = p.date("written", false)
	r.Abolished = p.date("abolished", false)
	r.Source = p.str("source", false)
	r.Attachments = p.attachments()
	r.Year = p.year()
	r.School = p.school()
	r.Revisions = p.revisions()
	r.Summary = p.str("summary", false)
	r.Interprets = p.str("interprets", false)
	r.Draft, _ = raw["draft"].(bool)
	_, weighted := raw["weight"]
	title, _ := raw["title"].(string)
	r.OwnOrder = weighted || title != r.Title
	p.checkIndex()
	p.checkDates()
	for i, line := range strings.Split(string(body), "\n") {
		if strings.Contains(line, Placeholder) {
			p.add(n+i+1, "", Error, CodePlaceholder, "正文还有未填写的“"+Placeholder+"”，请填写或删除后再发布")
			break
		}
	}
	p.checkHidden(body, n)
	p.checkPersonal(body, n)
	if r.Genre == annualreport.Genre {
		p.checkAnnualReport(body, n)
	}

	for _, k := range md.Keys() {
		if len(k) == 1 && !knownKey(k[0]) {
			p.add(p.lineOf(k[0]), "", Error, CodeUnknownField, fmt.Sprintf("未知字段 %q。%s", k[0], suggestKey(k[0])))
		}
	}
	return r, p.problems
}

// hugoKeys are Hugo's own front-matter keys that a document may carry for the theme.
var hugoKeys = map[string]bool{"draft": true, "layout": true, "description": true, "summary": true, "weight": true}

func knownKey(k string) bool {
	_, ok := fieldNames[k]
	return ok || hugoKeys[k]
}

func suggestKey(k string) string {
	best, bestD := "", 3
	for name := range fieldNames {
		if d := suggest.Distance(strings.ToLower(k), name); d < bestD || d == bestD && name < best {
			best, bestD = name, d
		}
	}
	if best == "" {
		return "可用的字段见 README"
	}
	return fmt.Sprintf("是否想写 %s（%s）？", best, fieldNames[best])
}

// tomlHints explains the TOML parser's commonest messages in plain Chinese, keyed by
// a fragment of the English message.
var tomlHints = []struct{ fragment, hint string }{
	{"invalid datetime", "日期或时间不存在，请检查月份（1–12）和日期，写成 2024-03-01 这样的形式"},
	{"strings cannot contain newlines", "引号没有配对：文字要在同一行内用一对英文双引号 \" 括起来"},
	{"newlines not allowed within inline tables", "花括号 { } 里的内容要写在同一行"},
	{"has already been defined", "同一个字段写了两次，请删去一个"},
	{"already created", "同一个字段写了两次，请删去一个"},
	{"expected value but found", "等号后面缺少值，或文字没有加英文双引号"},
	{"unexpected EOF", "元数据意外结束，可能缺少引号或括号"},
	{"expected a top-level item to end with a newline", "每个字段要单独占一行；文字要放在英文双引号里"},
	{"expected '.' or '='", "字段名后面要有等号 =；字段名只能用英文字母、数字和下划线"},
	{"invalid escape", "文字中的反斜杠 \\ 要写成两个 \\\\"},
	{"expected a comma", "列表的各项之间要用英文逗号 , 分隔，最后用 ] 或 } 结束"},
	{"invalid UTF-8", "文件不是 UTF-8 编码，请用 UTF-8 保存"},
	{"control character", "含有看不见的控制字符，请删除"},
	{"Invalid integer", "数字写法不对"},
	{"bare keys", "字段名只能用英文字母、数字、下划线和连字符"},
	{"table name", "表头的方括号要成对，例如 [[attachments]]、[[publisher]]"},
	{"table array name", "表头的方括号要成对，例如 [[attachments]]、[[publisher]]"},
}

// describeTOMLError turns a TOML error into a short Chinese message with its column,
// keeping the parser's own words for whoever maintains the site.
func describeTOMLError(err error) string {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		return err.Error()
	}
	msg := "TOML 语法错误"
	for _, h := range tomlHints {
		if strings.Contains(pe.Message, h.fragment) {
			msg = h.hint
			break
		}
	}
	return fmt.Sprintf("第 %d 列附近，%s（%s）", pe.Position.Col, msg, pe.Message)
}

type parser struct {
	path     string
	reg      *Registry
	raw      map[string]any
	lines    []string // front matter lines, without the opening +++
	rec      *Record
	problems []Problem
}

func (p *parser) add(line int, field string, sev Severity, code Code, msg string) {
	p.problems = append(p.problems, Problem{File: p.path, Line: line, Field: field, Severity: sev, Code: code, Message: msg})
}

// lineOf finds the file line where top-level key is assigned; 0 if not found.
func (p *parser) lineOf(key string) int {
	for i, l := range p.lines {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "[") {
			break // tables start: no more top-level keys
		}
		if k, _, ok := strings.Cut(l, "="); ok && strings.Trim(strings.TrimSpace(k), `"'`) == key {
			return i + 2 // +1 for 1-based, +1 for the opening +++
		}
	}
	if key == "attachments" {
		for i, l := range p.lines {
			if strings.TrimSpace(l) == "[[attachments]]" {
				return i + 2
			}
		}
	}
	return 0
}

func (p *parser) fail(field string, code Code, msg string) {
	p.add(p.lineOf(field), field, Error, code, msg)
}

func (p *parser) missing(field string) {
	p.add(1, field, Error, CodeMissingField, "缺少必填字段，请在元数据中加上 "+field+" = …")
}

func (p *parser) str(field string, required bool) string {
	v, ok := p.raw[field]
	if !ok {
		if required {
			p.missing(field)
		}
		return ""
	}
	s, ok := v.(string)
	if !ok {
		p.fail(field, CodeWrongType, fmt.Sprintf("应为带引号的文字，例如 %s = \"…\"，现在是%s", field, typeName(v)))
		return ""
	}
	s = strings.TrimSpace(s)
	if s == "" && required {
		p.fail(field, CodeEmptyField, "不能为空")
	}
	return s
}

func (p *parser) strings(field string) []string {
	v, ok := p.raw[field]
	if !ok {
		return nil
	}
	list, ok := v.([]any)
	if !ok {
		p.fail(field, CodeWrongType, fmt.Sprintf(`应为文字列表，例如 %s = ["招生", "就业"]，现在是%s`, field, typeName(v)))
		return nil
	}
	out := make([]string, 0, len(list))
	for _, e := range list {
		s, ok := e.(string)
		if !ok {
			p.fail(field, CodeWrongType, "列表中每一项都应为带引号的文字")
			return nil
		}
		out = append(out, s)
	}
	return out
}

// date reads a TOML date or date-time. Local dates and times are taken in Asia/Shanghai;
// a time with an offset is converted to it.
func (p *parser) date(field string, required bool) time.Time {
	v, ok := p.raw[field]
	if !ok {
		if required {
			p.missing(field)
		}
		return time.Time{}
	}
	t, ok := v.(time.Time)
	if !ok {
		if s, isStr := v.(string); isStr {
			p.fail(field, CodeBadDate, fmt.Sprintf("日期不要加引号，请写成 %s = %s", field, guessDate(s)))
		} else {
			p.fail(field, CodeBadDate, fmt.Sprintf("应为日期，例如 %s = 2024-03-01", field))
		}
		return time.Time{}
	}
	switch t.Location().String() {
	case "date-local", "datetime-local":
		return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), Shanghai)
	case "time-local":
		p.fail(field, CodeBadDate, "只有时间没有日期，请写成 2024-03-01 或 2024-03-01T09:30:00")
		return time.Time{}
	}
	return t.In(Shanghai)
}

// guessDate suggests an ISO form for a quoted date like "2024年3月1日" or "2024/3/1".
func guessDate(s string) string {
	nums := regexp.MustCompile(`\d+`).FindAllString(s, -1)
	if len(nums) >= 3 && len(nums[0]) == 4 {
		m, _ := strconv.Atoi(nums[1])
		d, _ := strconv.Atoi(nums[2])
		return fmt.Sprintf("%s-%02d-%02d", nums[0], m, d)
	}
	return "2024-03-01"
}

func (p *parser) publisher() string {
	s := p.str("publisher", true)
	if s == "" || p.reg == nil {
		return s
	}
	if _, ok := p.reg.Publisher(s); ok {
		return s
	}
	if pub, ok := p.reg.PublisherByName(s); ok {
		what := "全称"
		if s != pub.Name {
			what = "简称"
		}
		p.add(p.lineOf("publisher"), "publisher", Warning, CodePublisherName, fmt.Sprintf("请写发布机构代码 %q，而不是%s %q", pub.Code, what, s))
		return pub.Code
	}
	p.fail("publisher", CodeUnknownPublisher, fmt.Sprintf("%q 不在 data/publishers.toml 中%s", s, Nearest(s, p.reg.PublisherNames())))
	return s
}

func (p *parser) category() string {
	s := p.str("category", true)
	if s == "" || p.reg == nil || p.reg.HasCategory(s) {
		return s
	}
	p.fail("category", CodeUnknownCategory, fmt.Sprintf("%q 不在 data/categories.toml 中%s", s, Nearest(s, p.reg.CategoryPaths())))
	return s
}

func (p *parser) genre() string {
	s := p.str("genre", true)
	if s == "" || p.reg == nil {
		return s
	}
	if _, ok := p.reg.Genre(s); ok {
		return s
	}
	p.fail("genre", CodeUnknownGenre, fmt.Sprintf("%q 不在 data/genres.toml 中%s", s, Nearest(s, p.reg.GenreNames())))
	return s
}

// Nearest suggests the closest of candidates to s, as a clause to append to a message,
// or returns "" when none is close enough.
func Nearest(s string, candidates []string) string {
	best, bestD := "", len([]rune(s))/2+2
	for _, c := range candidates {
		if d := suggest.Distance(s, c); d < bestD {
			best, bestD = c, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf("，是否想写 %q？", best)
}

func (p *parser) attachments() []Attachment {
	list := p.tables("attachments", `attachments = [{ title = "招生计划表", file = "attachments/lxzz/plan.csv" }]`)
	var out []Attachment
	for i, m := range list {
		title, _ := m["title"].(string)
		file, _ := m["file"].(string)
		if title == "" || file == "" {
			p.fail("attachments", CodeBadAttachment, fmt.Sprintf("第 %d 个附件缺少 title 或 file", i+1))
			continue
		}
		if !localStaticPath(file) {
			p.fail("attachments", CodeBadAttachment, fmt.Sprintf("附件路径 %q 无效：应为 static/ 目录下的相对路径，不能以 / 开头，也不能含 ..", file))
			continue
		}
		out = append(out, Attachment{Title: title, File: file})
	}
	return out
}

// Revision is one entry of a document's 修订记录: a change made after publication.
type Revision struct {
	Date time.Time
	Note string
}

// revisions reads 修订记录: revisions = [{ date = 2024-05-06, note = "更正联系电话" }].
func (p *parser) revisions() []Revision {
	list := p.tables("revisions", `revisions = [{ date = 2024-05-06, note = "更正联系电话" }]`)
	var out []Revision
	for i, m := range list {
		note, _ := m["note"].(string)
		d, ok := m["date"].(time.Time)
		if !ok || strings.TrimSpace(note) == "" {
			p.fail("revisions", CodeBadRevision, fmt.Sprintf("第 %d 条修订记录应有日期 date（如 2024-05-06，不加引号）和说明 note", i+1))
			continue
		}
		d = time.Date(d.Year(), d.Month(), d.Day(), d.Hour(), d.Minute(), d.Second(), 0, Shanghai)
		if !p.rec.Date.IsZero() && d.Before(time.Date(p.rec.Date.Year(), p.rec.Date.Month(), p.rec.Date.Day(), 0, 0, 0, 0, Shanghai)) {
			p.fail("revisions", CodeBadRevision, fmt.Sprintf("第 %d 条修订记录的日期 %s 早于发布日期 %s", i+1, day(d), day(p.rec.Date)))
			continue
		}
		out = append(out, Revision{Date: d, Note: note})
	}
	return out
}

// tables reads key as an array of tables, reporting a clear error (with example)
// when it is something else.
func (p *parser) tables(key, example string) []map[string]any {
	v, ok := p.raw[key]
	if !ok {
		return nil
	}
	// [[attachments]] tables decode as []map[string]any, an inline array as []any.
	var list []map[string]any
	switch v := v.(type) {
	case []map[string]any:
		list = v
	case []any:
		for _, e := range v {
			m, ok := e.(map[string]any)
			if !ok {
				list = nil
				break
			}
			list = append(list, m)
		}
	}
	if list == nil {
		p.fail(key, CodeWrongType, "应为表格列表，例如 "+example)
	}
	return list
}

// localStaticPath reports whether file names a path inside static/.
func localStaticPath(file string) bool {
	if strings.HasPrefix(file, "/") || strings.Contains(file, `\`) || strings.Contains(file, ":") {
		return false
	}
	for _, part := range strings.Split(file, "/") {
		if part == ".." || part == "." || part == "" {
			return false
		}
	}
	return true
}

func (p *parser) year() int {
	v, ok := p.raw["year"]
	if !ok {
		if p.rec.Genre == QualityReport || p.rec.Genre == annualreport.Genre {
			p.add(1, "year", Error, CodeMissingYear, p.rec.Genre+"必须写明报告年度，例如 year = 2023")
		}
		return 0
	}
	y, ok := v.(int64)
	if !ok || y < 1949 || y > 2200 {
		p.fail("year", CodeWrongType, "应为四位数的年份，不加引号，例如 year = 2023")
		return 0
	}
	return int(y)
}

func (p *parser) school() string {
	s := p.str("school", false)
	if p.reg == nil {
		return s
	}
	if s == "" {
		if pub, ok := p.reg.Publisher(p.rec.Publisher); ok && pub.Type == "school" {
			return pub.Code
		}
		return ""
	}
	if pub, ok := p.reg.Publisher(s); !ok || pub.Type != "school" {
		p.fail("school", CodeUnknownSchool, fmt.Sprintf("%q 不是 data/publishers.toml 中登记的学校代码", s))
	}
	return s
}

func (p *parser) checkDates() {
	r := p.rec
	if r.Date.IsZero() {
		return
	}
	if !r.Written.IsZero() && r.Written.After(r.Date) {
		p.fail("written", CodeDateOrder, fmt.Sprintf("成文日期 %s 晚于发布日期 %s", day(r.Written), day(r.Date)))
	}
	if !r.Abolished.IsZero() && !r.Abolished.After(r.Date) {
		p.fail("abolished", CodeDateOrder, fmt.Sprintf("废止日期 %s 应晚于发布日期 %s", day(r.Abolished), day(r.Date)))
	}
}

// checkHidden refuses characters that make a document show something other than
// what it says: control characters (a NUL byte is usually a damaged file; the
// Markdown renderer would show it as �) and the bidirectional controls that reverse
// or reorder the text after them on screen, so that a title, 文号 or sentence reads
// differently from what is stored and searched. The front matter's control
// characters are refused by the TOML reader already. Zero-width characters stay:
// they are invisible but change nothing that is shown.
func (p *parser) checkHidden(body []byte, fmLines int) {
	seen := map[string]bool{}
	report := func(line int, field string, r rune) {
		kind, what := "control", fmt.Sprintf("看不见的控制字符 U+%04X", r)
		if r == 0 {
			what = "空字符 NUL（U+0000，通常是文件损坏或由其他程序错误保存所致）"
		}
		if isBidiControl(r) {
			kind, what = "bidi", fmt.Sprintf("改变文字显示方向的控制字符 U+%04X（会使显示的文字与实际内容不同）", r)
		}
		if seen[kind+field] {
			return
		}
		seen[kind+field] = true
		where := "元数据"
		if field == "" {
			where = "正文"
		}
		p.add(line, field, Error, CodeHiddenCharacter, where+"含有"+what+"，请删除")
	}
	for i, l := range p.lines {
		for _, r := range l {
			if isBidiControl(r) {
				report(i+2, p.keyAt(i), r)
			}
		}
	}
	for i, l := range strings.Split(string(body), "\n") {
		for _, r := range l {
			if isBidiControl(r) || r < 0x20 && r != '\t' && r != '\r' || r == 0x7f {
				report(fmLines+i+1, "", r)
			}
		}
	}
}

func isBidiControl(r rune) bool {
	return r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}

// keyAt names the top-level key whose value the front-matter line i (0-based, in
// p.lines) belongs to; for a line of a [[table]], the table's name.
func (p *parser) keyAt(i int) string {
	key, table := "", false
	for _, l := range p.lines[:i+1] {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "[") {
			key, table = strings.Trim(l, "[] "), true
			continue
		}
		if k, _, ok := strings.Cut(l, "="); ok && !table {
			if k = strings.Trim(strings.TrimSpace(k), `"'`); knownKey(k) {
				key = k
			}
		}
	}
	return key
}

func day(t time.Time) string { return t.Format("2006-01-02") }

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

func hasFullWidth(s string) bool {
	for _, r := range s {
		if r >= 0xFF01 && r <= 0xFF5E || r == 0x3000 || r == '—' || r == '－' {
			return true
		}
	}
	return false
}

func typeName(v any) string {
	switch v.(type) {
	case string:
		return "文字"
	case int64, float64:
		return "数字"
	case bool:
		return "真假值"
	case time.Time:
		return "日期"
	case []any, []map[string]any:
		return "列表"
	case map[string]any:
		return "表格"
	}
	return fmt.Sprintf("%T", v)
}

// checkAnnualReport reads the tables of a 政府信息公开工作年度报告 back from its body
// and checks them against the national format: its sections, tables and rows, and
// the arithmetic of its sums. body starts on file line fmLines+1.
func (p *parser) checkAnnualReport(body []byte, fmLines int) {
	_, problems := annualreport.ParseMarkdown(p.path, body, fmLines+1)
	for _, ap := range problems {
		p.add(ap.Line, "", Error, CodeAnnualReport, ap.Message())
	}
}

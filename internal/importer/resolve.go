package importer

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/width"

	"xxgk/internal/record"
)

// meta is the catalogue metadata of one imported document, as far as it was found.
type meta struct {
	title     string
	index     string // a valid 索引号 of this site, or ""
	allocate  bool   // the document should get a new 索引号
	publisher string // a registered code, or ""
	date      time.Time
	withTime  bool
	written   time.Time
	abolished time.Time
	category  string
	genre     string
	docnumber string
	keywords  []string
	source    string
	summary   string // 内容概述
	year      int
	comments  []string // page fields xxgk has no place for, kept as comments

	attachments []record.Attachment // the original and its images, for Word and PDF files
}

// matchPublisher finds the registered publisher s names: its code, its full name, or
// a longer name that contains the full name (a department of the school, say).
func matchPublisher(reg *record.Registry, s string) (record.Publisher, string, bool) {
	s = simp(strings.TrimSpace(s))
	if p, ok := reg.Publisher(s); ok {
		return p, "与代码", true
	}
	if p, ok := reg.PublisherByName(s); ok {
		return p, "与全称", true
	}
	var best record.Publisher
	for _, p := range reg.Publishers {
		if strings.Contains(s, p.Name) && len(p.Name) > len(best.Name) {
			best = p
		}
	}
	return best, "所含全称与登记的", best.Code != ""
}

// publisherNames are the names a publisher is known by: its full name, then its
// registered short names.
func publisherNames(p record.Publisher) []string {
	return append([]string{p.Name}, p.Aliases...)
}

// shortForm resolves a generic short name (教育局, 市教育局, 区教体局): the value must be
// how one or more registered names or aliases end, and the title or header must name
// (by full name or alias) exactly one of those publishers; otherwise nothing is
// guessed. named is the name found.
func shortForm(reg *record.Registry, value string, h head) (p record.Publisher, named string, ok bool) {
	v := simp(strings.TrimSpace(value))
	if n := utf8.RuneCountInString(v); n < 2 || n > 8 {
		return p, "", false
	}
	text := simp(h.title + "\n" + strings.Join(h.text, "\n"))
	found := 0
	for _, c := range reg.Publishers {
		short, in := false, ""
		for _, name := range publisherNames(c) {
			short = short || name != v && strings.HasSuffix(name, v)
			if in == "" && strings.Contains(text, name) {
				in = name
			}
		}
		if short && in != "" {
			found++
			p, named = c, in
		}
	}
	return p, named, found == 1
}

var categorySep = regexp.MustCompile(`\s*[>＞\\／]\s*`)

// matchCategory finds the registered category s names: the path itself (with > or \
// for /), or a path whose last step is the last step of s when only one is.
func matchCategory(reg *record.Registry, s string) (string, bool) {
	s = strings.Trim(categorySep.ReplaceAllString(simp(strings.TrimSpace(s)), "/"), "/")
	if s == "" {
		return "", false
	}
	if reg.HasCategory(s) {
		return s, true
	}
	last := s[strings.LastIndex(s, "/")+1:]
	var found []string
	for _, c := range reg.Categories {
		if c.Path[strings.LastIndex(c.Path, "/")+1:] == last {
			found = append(found, c.Path)
		}
	}
	if len(found) == 1 {
		return found[0], true
	}
	return "", false
}

// categoryFromCrumbs finds the deepest registered category among the breadcrumb steps.
func categoryFromCrumbs(reg *record.Registry, crumbs []string) (string, bool) {
	for i := len(crumbs) - 1; i >= 0; i-- {
		if i > 0 && reg.HasCategory(crumbs[i-1]+"/"+crumbs[i]) {
			return crumbs[i-1] + "/" + crumbs[i], true
		}
		if c, ok := matchCategory(reg, crumbs[i]); ok {
			return c, true
		}
	}
	return "", false
}

// genreAliases are words of titles that name a registered genre.
var genreAliases = []struct{ word, genre string }{
	{"质量报告", record.QualityReport}, {"质量年报", record.QualityReport}, {"述职", "述职报告"},
	{"汇总表", "统计报表"}, {"统计表", "统计报表"}, {"计划", "工作计划"}, {"总结", "工作总结"},
	{"方案", "实施方案"}, {"通知", "通知"}, {"公告", "公告"}, {"公示", "公告"},
}

// guessGenre names the registered genre a title speaks of: a genre name it contains
// (the longest), else one of the usual words for it.
func guessGenre(reg *record.Registry, title string) (string, bool) {
	title = simp(title)
	names := reg.GenreNames()
	sort.Slice(names, func(i, j int) bool { return len(names[i]) > len(names[j]) })
	for _, n := range names {
		if strings.Contains(title, n) {
			return n, true
		}
	}
	for _, a := range genreAliases {
		if _, ok := reg.Genre(a.genre); ok && strings.Contains(title, a.word) {
			return a.genre, true
		}
	}
	return "", false
}

var reportYear = regexp.MustCompile(`(\d{4})\s*(?:年度|学年度|年)`)

// resolve turns what the page says, the flags and the registries into metadata,
// noting where each value came from and what could not be used.
func resolve(f *File, h head, body []Line, reg *record.Registry, opts Options, existing map[string]string) meta {
	var m meta
	first := map[string]fieldAt{}
	for _, fl := range h.fields {
		switch fl.Key {
		case "validity", "disclosure", "author", "":
			m.comments = append(m.comments, fl.Label+"："+fl.Value)
			f.note(fl.line, Extracted, "%s“%s”（本站没有对应字段，作为注释保留在元数据中）", fl.Label, fl.Value)
		}
		// A field given twice: the first value is used, and the other accounted for.
		prev, seen := first[fl.Key]
		switch {
		case !seen || prev.Value == "":
			first[fl.Key] = fl
		case fl.Value == prev.Value || fl.Value == "":
			f.note(fl.line, Removed, "与第 %d 行重复的%s“%s”", prev.line, fl.Label, fl.Value)
		default:
			f.note(fl.line, Warning, "%s“%s”与第 %d 行的%s“%s”不同，采用第 %d 行的，请核对", fl.Label, fl.Value, prev.line, prev.Label, prev.Value, prev.line)
		}
	}
	get := func(key string) (fieldAt, bool) {
		fl, ok := first[key]
		return fl, ok && fl.Value != ""
	}

	m.title = h.title
	if m.title == "" {
		m.title = f.stem()
		f.note(0, Warning, "没有找到标题，暂用文件名“%s”作标题，请改正", m.title)
	} else {
		f.note(h.titleLine, Extracted, "标题“%s”", m.title)
	}

	// 发布机构, then 信息来源, then the institution in the breadcrumb, then --publisher.
	for _, key := range []string{"publisher", "source", "crumb", "flag"} {
		var value, from string
		line := 0
		switch key {
		case "crumb":
			for _, c := range h.crumbs {
				if _, _, ok := matchPublisher(reg, c); ok {
					value = c
				}
			}
			from, line = "当前位置导航中的", h.crumbLine
		case "flag":
			value, from = opts.Publisher, "--publisher "
		default:
			fl, ok := get(key)
			if !ok {
				continue
			}
			value, from, line = fl.Value, fl.Label, fl.line
		}
		if value == "" {
			continue
		}
		if p, how, ok := matchPublisher(reg, value); ok {
			m.publisher = p.Code
			f.note(line, Extracted, "发布机构 %s（%s；据%s“%s”，%s相符）", p.Code, p.Name, from, value, how)
			break
		}
		if p, named, ok := shortForm(reg, value, h); ok && key != "crumb" && key != "flag" {
			m.publisher = p.Code
			f.note(line, Extracted, "发布机构 %s（%s；%s“%s”是简称，标题或页头写明了“%s”）", p.Code, p.Name, from, value, named)
			break
		}
		if key != "crumb" {
			f.note(line, Warning, "%s“%s”不在 data/publishers.toml 中", from, value)
		}
	}
	if fl, ok := get("source"); ok {
		m.source = fl.Value
		f.note(fl.line, Extracted, "信息来源 %s", fl.Value)
	}
	// 内容概述 is an element of the 信息公开目录 (issue 16 shows it there).
	if fl, ok := get("summary"); ok {
		m.summary = fl.Value
		f.note(fl.line, Extracted, "内容概述“%s”", fl.Value)
	}

	if fl, ok := get("date"); ok {
		t, withTime, err := ParseDate(fl.Value)
		if err != nil {
			f.note(fl.line, Warning, "%s无法使用：%v；原文作为注释保留", fl.Label, err)
			m.comments = append(m.comments, fl.Label+"："+fl.Value)
		} else {
			m.date, m.withTime = t, withTime
			f.note(fl.line, Extracted, "发布日期 %s（原文“%s”）", isoOf(t, withTime), fl.Value)
		}
	}
	for _, d := range []struct {
		key string
		dst *time.Time
		nm  string
	}{{"written", &m.written, "成文日期"}, {"abolished", &m.abolished, "废止日期"}} {
		fl, ok := get(d.key)
		if !ok {
			continue
		}
		t, _, err := ParseDate(fl.Value)
		if err != nil {
			f.note(fl.line, Warning, "%s无法使用：%v；原文作为注释保留", fl.Label, err)
			m.comments = append(m.comments, fl.Label+"："+fl.Value)
			continue
		}
		*d.dst = t
		f.note(fl.line, Extracted, "%s %s（原文“%s”）", d.nm, t.Format("2006-01-02"), fl.Value)
	}
	if m.date.IsZero() && !m.written.IsZero() {
		m.date = m.written
		f.note(0, Warning, "页面没有发布日期，暂用成文日期 %s 作发布日期，请核对", m.date.Format("2006-01-02"))
	}
	if m.date.IsZero() {
		if sig, ok := signatureDate(f, body, reg, m.publisher); ok {
			m.date = sig.date
			f.note(sig.line, Warning, "页面没有发布日期，暂用文末落款“%s”的日期 %s 作发布日期，请核对", sig.name, sig.date.Format("2006-01-02"))
		}
	}
	if !m.written.IsZero() && !m.date.IsZero() && m.written.After(m.date) {
		f.note(0, Warning, "成文日期 %s 晚于发布日期 %s，未写入成文日期（作为注释保留），请核对", m.written.Format("2006-01-02"), m.date.Format("2006-01-02"))
		m.comments = append(m.comments, "成文日期："+m.written.Format("2006-01-02"))
		m.written = time.Time{}
	}
	if !m.abolished.IsZero() && !m.date.IsZero() && !m.abolished.After(m.date) {
		f.note(0, Warning, "废止日期 %s 不晚于发布日期 %s，未写入废止日期（作为注释保留），请核对", m.abolished.Format("2006-01-02"), m.date.Format("2006-01-02"))
		m.comments = append(m.comments, "废止日期："+m.abolished.Format("2006-01-02"))
		m.abolished = time.Time{}
	}
	if fl, ok := get("validity"); ok && strings.ContainsAny(simp(fl.Value), "废失") && m.abolished.IsZero() {
		f.note(fl.line, Warning, "页面标明“%s”，但没有废止日期；请补写 abolished（废止日期）", fl.Value)
	}

	// 体裁: the page's 体裁分类, else --genre, else the title's words.
	if fl, ok := get("genre"); ok {
		if g, known := reg.Genre(simp(fl.Value)); known {
			m.genre = g.Name
			f.note(fl.line, Extracted, "体裁 %s", m.genre)
		} else {
			f.note(fl.line, Warning, "体裁分类“%s”不在 data/genres.toml 中", fl.Value)
		}
	}
	if m.genre == "" && opts.Genre != "" {
		m.genre = opts.Genre
		f.note(0, Extracted, "体裁 %s（据 --genre）", m.genre)
	}
	if m.genre == "" {
		if g, ok := guessGenre(reg, m.title); ok {
			m.genre = g
			f.note(h.titleLine, Extracted, "体裁 %s（据标题推断，请核对）", g)
		}
	}

	// 主题分类: the page's, else the breadcrumb's, else --category, else the genre's.
	if fl, ok := get("category"); ok {
		if c, ok := matchCategory(reg, fl.Value); ok {
			m.category = c
			f.note(fl.line, Extracted, "主题分类 %s（原文“%s”）", c, fl.Value)
		} else {
			f.note(fl.line, Warning, "主题分类“%s”不在 data/categories.toml 中", fl.Value)
		}
	}
	if m.category == "" {
		if c, ok := categoryFromCrumbs(reg, h.crumbs); ok {
			m.category = c
			f.note(h.crumbLine, Extracted, "主题分类 %s（据当前位置导航）", c)
		}
	}
	if m.category == "" && opts.Category != "" {
		m.category = opts.Category
		f.note(0, Extracted, "主题分类 %s（据 --category）", m.category)
	}
	if g, ok := reg.Genre(m.genre); m.category == "" && ok {
		m.category = g.Category
		f.note(0, Extracted, "主题分类 %s（体裁 %s 的默认分类）", m.category, m.genre)
	}

	if fl, ok := get("docnumber"); ok {
		m.docnumber = fl.Value
		f.note(fl.line, Extracted, "文号 %s", fl.Value)
	}
	if fl, ok := get("keywords"); ok {
		m.keywords = splitKeywords(fl.Value)
		f.note(fl.line, Extracted, "关键词 %s", strings.Join(m.keywords, "、"))
	}
	if m.genre == record.QualityReport && !m.date.IsZero() {
		if y := reportYear.FindStringSubmatch(simp(m.title)); y != nil {
			m.year, _ = strconv.Atoi(y[1])
			f.note(h.titleLine, Extracted, "报告年度 %d（据标题）", m.year)
		} else {
			m.year = m.date.Year() - 1
			f.note(0, Warning, "标题没有写报告年度，暂按发布年份的上一年 %d 填写，请核对", m.year)
		}
	}

	// 索引号: the page's if it is one of this site's and free; else a new one with --allocate.
	fl, hasIndex := get("index")
	if hasIndex {
		v := strings.Join(strings.Fields(width.Narrow.String(fl.Value)), "")
		v = strings.NewReplacer("—", "-", "－", "-", "–", "-").Replace(v)
		if v != fl.Value {
			f.note(fl.line, Repaired, "索引号“%s”改为半角“%s”", fl.Value, v)
		}
		switch {
		case m.publisher == "":
			f.note(fl.line, Warning, "不知道发布机构，无法核对原索引号“%s”，已作为注释保留", v)
		case !reg.AcceptsIndex(m.publisher, v):
			f.note(fl.line, Warning, "原索引号“%s”不符合发布机构 %s 的编号规则 %s，已作为注释保留", v, m.publisher, reg.Scheme(m.publisher).Format)
		case !m.date.IsZero() && !yearMatches(reg, m.publisher, v, m.date.Year()):
			f.note(fl.line, Warning, "原索引号“%s”中的年份与发布日期的年份 %d 不一致，已作为注释保留", v, m.date.Year())
		// The same page imported again lands on its own earlier file: that is for
		// --force to decide when writing, not a clash of numbers.
		case existing[v] != "" && existing[v] != record.DocumentPath(m.publisher, m.date.Year(), v):
			f.note(fl.line, Warning, "索引号 %s 已被 %s 使用，已作为注释保留", v, existing[v])
		default:
			m.index = v
			f.note(fl.line, Extracted, "索引号 %s", v)
		}
		if m.index == "" {
			m.comments = append(m.comments, fl.Label+"："+fl.Value)
		}
	}
	m.allocate = m.index == "" && opts.Allocate
	return m
}

func isoOf(t time.Time, withTime bool) string {
	if withTime {
		return t.Format("2006-01-02 15:04")
	}
	return t.Format("2006-01-02")
}

// frontMatter writes m as front matter. Fields still missing are written as comments
// that say what to fill in, so that the clerk sees them in the file too.
func frontMatter(m meta) ([]byte, error) {
	var fm record.FrontMatter
	// A required field that is still missing is written commented out, with a hint.
	required := func(key, value, hint string) {
		if value != "" {
			fm.String(key, value)
		} else {
			fm.Raw(fmt.Sprintf("# %s = \"\"  # %s\n", key, hint))
		}
	}
	fm.String("title", m.title)
	required("index", m.index, "索引号：待补，可运行 xxgk import --allocate 或 xxgk new 取号")
	required("publisher", m.publisher, "发布机构：待补，填 data/publishers.toml 中的代码")
	switch {
	case m.date.IsZero():
		fm.Raw("# date = 2024-01-01  # 发布日期：待补\n")
	case m.withTime:
		fm.DateTime("date", m.date)
	default:
		fm.Date("date", m.date)
	}
	required("category", m.category, "主题分类：待补，填 data/categories.toml 中的分类")
	required("genre", m.genre, "体裁分类：待补，填 data/genres.toml 中的体裁")
	if m.docnumber != "" {
		fm.String("docnumber", m.docnumber)
	}
	if len(m.keywords) > 0 {
		fm.Strings("keywords", m.keywords)
	}
	if !m.written.IsZero() {
		fm.Date("written", m.written)
	}
	if !m.abolished.IsZero() {
		fm.Date("abolished", m.abolished)
	}
	if m.source != "" {
		fm.String("source", m.source)
	}
	if m.summary != "" {
		fm.String("summary", m.summary)
	}
	if m.year != 0 {
		fm.Int("year", m.year)
	}
	if len(m.attachments) > 0 {
		var items []string
		for _, a := range m.attachments {
			items = append(items, fmt.Sprintf("{ title = %s, file = %s }", tomlString(a.Title), tomlString(a.File)))
		}
		fm.Raw("attachments = [" + strings.Join(items, ", ") + "]\n")
	}
	for _, c := range m.comments {
		fm.Raw("# 原页面 " + strings.NewReplacer("\n", " ", "\r", " ").Replace(c) + "\n")
	}
	return fm.Bytes()
}

// yearMatches reports whether number, accepted by the scheme of publisher, carries year
// or no year at all.
func yearMatches(reg *record.Registry, publisher, number string, year int) bool {
	n, ok := reg.ReadIndex(publisher, number, "")
	return ok && (!n.Pattern.HasYear() || n.Year == year)
}

// signed is a signature (落款) of a document: the body's name and the date under it.
type signed struct {
	name string
	date time.Time
	line int
}

var (
	// bodyName is a line that names a body, as a signature does: short, no sentence,
	// ending in what bodies are called.
	bodyName = regexp.MustCompile(`^[\p{Han}（）()]{2,30}?(?:局|厅|委|委员会|政府|学校|中学|小学|学院|大学|中心|幼儿园|办公室|处|科|室|部|校|园|院|所|站|会)$`)
	// dateOnly is a line that is nothing but a date.
	dateOnly = regexp.MustCompile(`^(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[〇○零一二三四五六七八九]{4}\s*年\s*[一二三四五六七八九十]{1,2}\s*月\s*[一二三四五六七八九十]{1,3}\s*日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})$`)
	// department is a signature by an office of the publisher (教务处, 校长办公室).
	department = regexp.MustCompile(`^\p{Han}{1,8}(?:处|科|室|办公室|部|组|办)$`)
	seal       = regexp.MustCompile(`\s*[（(]\s*(?:盖章|章|印章|公章)\s*[)）]\s*`)
)

// signatures finds every signature in the body: a line that is only a date right under
// a line that names a body, or both on one line.
func signatures(body []Line) []signed {
	var out []signed
	prev := ""
	for _, l := range body {
		t := seal.ReplaceAllString(simp(l.Text), "")
		if t == "" {
			continue
		}
		name, date := "", ""
		if dateOnly.MatchString(t) && bodyName.MatchString(prev) {
			name, date = prev, t
		} else if i := strings.LastIndex(t, " "); i > 0 && dateOnly.MatchString(t[i+1:]) && bodyName.MatchString(strings.TrimSpace(t[:i])) {
			name, date = strings.TrimSpace(t[:i]), t[i+1:]
		}
		if date != "" {
			if d, _, err := ParseDate(strings.ReplaceAll(date, " ", "")); err == nil {
				out = append(out, signed{name, d, l.No})
			}
		}
		prev = t
	}
	return out
}

// signatureDate is the date the document itself is signed with. A signature by a
// registered body other than the publisher is that of a document it forwards or quotes;
// when the publisher is known the signature must name it or one of its offices (教务处);
// when it is not, only a single signature at the very end counts. Signatures that disagree give no date.
func signatureDate(f *File, body []Line, reg *record.Registry, publisher string) (signed, bool) {
	all := signatures(body)
	var ok []signed
	for _, s := range all {
		p, _, found := matchPublisher(reg, s.name)
		switch {
		case publisher != "" && (found && p.Code != publisher || !found && !department.MatchString(s.name)):
			f.note(s.line, Warning, "落款“%s %s”不是本文发布机构的，未用作发布日期", s.name, s.date.Format("2006-01-02"))
		case publisher == "" && (len(all) > 1 || s.line != lastLine(body)):
		default:
			ok = append(ok, s)
		}
	}
	if len(ok) == 0 {
		return signed{}, false
	}
	for _, s := range ok[1:] {
		if !s.date.Equal(ok[0].date) {
			f.note(s.line, Warning, "文中有日期不同的几处落款，未能确定发布日期")
			return signed{}, false
		}
	}
	return ok[0], true
}

// lastLine is the source line of the last non-empty line of body.
func lastLine(body []Line) int {
	for i := len(body) - 1; i >= 0; i-- {
		if body[i].Text != "" {
			return body[i].No
		}
	}
	return 0
}

// tomlString quotes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, "\\u%04X", r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

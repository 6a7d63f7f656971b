package importer

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// fieldAt is a metadata field with the line it was read from.
type fieldAt struct {
	Field
	line int
}

// head is what the lines above the body say about the document.
type head struct {
	fields    []fieldAt
	crumbs    []string // the 当前位置 steps after 首页
	crumbLine int
	title     string
	titleLine int
	text      []string // the header's lines that are not fields: site names, the title
}

// titleWords are what document titles end in; a short line without one, above a line
// with one, is a site name or a slogan rather than the title.
var titleWords = regexp.MustCompile(`计划|总结|报告|通知|公告|公示|方案|办法|制度|规定|意见|细则|简章|要点|汇总表|统计表|一览表|决定|通报|函|规划|章程|指南|目录|说明|情况|简介|概况|名单|结果|安排|须知|解读|标准`)

// readHead reads the header of a document — breadcrumb, metadata pairs, title and its
// repeats — and returns it with the lines of the body. Header lines are consumed until
// the first line that is none of these once the title is known. plain tells plain text,
// where a title laid out over two lines is on two lines of the file.
func readHead(f *File, lines []Line, plain bool) (head, []Line) {
	var h head
	h1 := -1
	for i, l := range lines {
		if i > 30 {
			break
		}
		if l.Heading == 1 {
			h1 = i
			break
		}
	}
	labelled := false // the title came from a 标题 or 信息名称 field
	addFields := func(no int, fields []Field) {
		for _, fl := range fields {
			switch {
			case fl.Key == "views":
				f.note(no, Removed, "浏览次数“%s：%s”", fl.Label, fl.Value)
				continue
			case fl.Key == "title" && fl.Value != "" && !labelled:
				if h.title != "" && h.title != fl.Value {
					f.note(no, Warning, "%s“%s”与标题行“%s”不同，采用%s，请核对", fl.Label, fl.Value, h.title, fl.Label)
				}
				h.title, h.titleLine, labelled = fl.Value, no, true
				continue
			}
			h.fields = append(h.fields, fieldAt{fl, no})
		}
	}
	i := 0
	for ; i < len(lines); i++ {
		l := lines[i]
		if l.Text == "" {
			continue
		}
		if isBreadcrumb(l.Text) {
			text := l.Text
			for i+1 < len(lines) && crumbContinues(text, lines[i+1].Text) {
				i++
				text += " " + lines[i].Text
			}
			h.crumbs, h.crumbLine = breadcrumb(text), l.No
			f.note(l.No, Removed, "当前位置导航“%s”", text)
			continue
		}
		// A label alone on its line, its value on the next (索引号 / 000016872/2024-00012).
		if _, ok := labelAlone(l.Text); ok {
			if j := nextText(lines, i+1); j > 0 {
				if _, isLabel := labelAlone(lines[j].Text); !isLabel && !isBreadcrumb(lines[j].Text) && len(metaFields(lines[j])) == 0 {
					if fields := metaFields(Line{Text: strings.TrimRight(l.Text, ":： ") + "：" + lines[j].Text}); len(fields) > 0 {
						addFields(l.No, fields)
						i = j
						continue
					}
				}
			}
		}
		if fields := metaFields(l); len(fields) > 0 {
			addFields(l.No, fields)
			continue
		}
		h.text = append(h.text, l.Text)
		if h.title == "" {
			if n := docNumberLine.FindString(simp(l.Text)); n != "" && n == simp(l.Text) {
				h.fields = append(h.fields, fieldAt{Field{Key: "docnumber", Label: "文号", Value: l.Text}, l.No})
				continue
			}
			if indexLine.MatchString(l.Text) {
				f.note(l.No, Removed, "标题之前没有标签的编号“%s”（作为注释保留）", l.Text)
				h.fields = append(h.fields, fieldAt{Field{Label: "标题前的编号", Value: l.Text}, l.No})
				continue
			}
			switch {
			case h1 >= 0 && i < h1:
				f.note(l.No, Removed, "标题之前的网页文字“%s”", l.Text)
				continue
			case salutation(l.Text):
				// 各学校： — the body has begun and there was no title line.
			case h1 >= 0 || l.Heading > 0 || titleLike(l.Text) && (titleWords.MatchString(simp(l.Text)) || strings.HasSuffix(simp(l.Text), "关于") || !nextTitleWord(lines[i+1:])):
				h.title, h.titleLine = undouble(f, l), l.No
				// A title broken after 关于: the rest is on the next line.
				if j := nextText(lines, i+1); j > 0 && strings.HasSuffix(simp(h.title), "关于") && titleLike(lines[j].Text) && len(metaFields(lines[j])) == 0 {
					f.note(l.No, Repaired, "标题分两行“%s”“%s”，已合并", h.title, lines[j].Text)
					h.title += lines[j].Text
					h.text = append(h.text, lines[j].Text)
					i = j
				}
				continue
			case i+1 < len(lines) && splitTitle(l, lines[i+1], plain):
				// 临溪县教育局 / 关于…的通知: an official title, the body on its first line.
				h.title, h.titleLine = l.Text+undoubled(lines[i+1].Text), l.No
				f.note(l.No, Repaired, "标题分两行“%s”“%s”，已合并", l.Text, lines[i+1].Text)
				h.text = append(h.text, lines[i+1].Text)
				i++
				continue
			case titleLike(l.Text):
				f.note(l.No, Removed, "标题之前的文字（网站名称等）“%s”", l.Text)
				continue
			}
			break
		}
		if collapse(l.Text) == h.title || undoubled(l.Text) == h.title {
			f.note(l.No, Removed, "重复的标题“%s”", l.Text)
			continue
		}
		break
	}
	return h, lines[i:]
}

var (
	// docNumberLine is a 文号 standing alone above the title, as official documents
	// print it: 临教发〔2024〕5号.
	docNumberLine = regexp.MustCompile(`^\p{Han}{1,12}\s*[〔\[［(（【]\s*(?:19|20)\d{2}\s*[〕\]］)）】]\s*\d{1,4}\s*号$`)
	// indexLine is a catalogue number standing alone, without its label: never a title.
	indexLine = regexp.MustCompile(`^[0-9A-Za-z]{2,}(?:[-/][0-9A-Za-z]+)*[-/](?:19|20)\d{2}[-/][0-9A-Za-z-]+$`)
	// crumbSepLine is a breadcrumb separator on a line of its own.
	crumbSepLine = regexp.MustCompile(`^(?:>>|>|＞|›|»|→|/|\\)$`)
)

// institution is a line that is only the name of a body.
var institution = regexp.MustCompile(`^\p{Han}{2,20}(?:局|厅|委员会|政府|学校|中学|小学|学院|大学|中心|幼儿园)$`)

// titleStart is how the second line of an official title begins: 关于, 转发, a year.
var titleStart = regexp.MustCompile(`^(?:关于|转发|印发|(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4}年)`)

// splitTitle tells a title laid out over two lines — the body's name directly above
// the rest (临溪县教育局 / 关于…的通知) — from a site name above a title: the lines are
// next to each other in a plain file, or split by a <br> in one block of a page; the
// second does not name the body itself, and it reads as the rest of a title.
func splitTitle(first, second Line, plain bool) bool {
	a, b := simp(first.Text), simp(second.Text)
	return (plain && second.No == first.No+1 || !plain && second.Broken) && institution.MatchString(a) && !titleWords.MatchString(a) &&
		titleLike(b) && titleWords.MatchString(b) && titleStart.MatchString(b) && !strings.Contains(b, a) &&
		len(metaFields(second)) == 0
}

// crumbContinues tells whether next continues a breadcrumb that a page split over
// lines (您现在的位置： / 首页 / > / 信息公开): a separator, or a step after a separator
// or after the 位置 label itself.
func crumbContinues(sofar, next string) bool {
	if next == "" {
		return false
	}
	if crumbSepLine.MatchString(next) {
		return true
	}
	rest := breadcrumbPattern.FindStringSubmatch(simp(sofar))
	open := rest != nil && strings.TrimSpace(rest[1]) == "" || crumbSepLine.MatchString(lastField(sofar))
	return open && utf8.RuneCountInString(next) <= 16 && !labelPattern.MatchString(simp(next)) && !strings.ContainsAny(next, "。，；：:")
}

func lastField(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}

// labelAlone reports whether s is only a label (发文机构, 索引号：), its value being on
// the next line.
func labelAlone(s string) (string, bool) {
	t := strings.TrimRight(strings.Join(strings.Fields(headBullet.ReplaceAllString(simp(s), "")), ""), ":：")
	key, ok := labelKey(t)
	return key, ok && key != "views"
}

// nextText returns the index of the first non-empty line from i, or -1.
func nextText(lines []Line, i int) int {
	for ; i < len(lines); i++ {
		if lines[i].Text != "" {
			return i
		}
	}
	return -1
}

// salutation is the line a letter or notice opens with (各学校：, 全体师生：): the body.
func salutation(s string) bool {
	return utf8.RuneCountInString(s) <= 40 && (strings.HasSuffix(s, "：") || strings.HasSuffix(s, ":"))
}

// titleLike is a line short enough to be a title and not a sentence.
func titleLike(s string) bool {
	n := utf8.RuneCountInString(s)
	return n >= 4 && n <= 80 && !strings.ContainsAny(s, "。；")
}

// nextTitleWord reports whether the next non-empty line is a title with a title word.
func nextTitleWord(rest []Line) bool {
	for _, l := range rest {
		if l.Text == "" || isBreadcrumb(l.Text) || len(metaFields(l)) > 0 {
			continue
		}
		return titleLike(l.Text) && titleWords.MatchString(simp(l.Text))
	}
	return false
}

// undouble collapses a title that the page shows twice on one line.
func undouble(f *File, l Line) string {
	t := undoubled(l.Text)
	if t != l.Text {
		f.note(l.No, Repaired, "标题重复出现两次“%s”，只保留一次", l.Text)
	}
	return t
}

func undoubled(s string) string {
	s = strings.TrimSpace(strings.TrimRight(s, "|｜ "))
	if parts := strings.Split(s, "|"); len(parts) > 1 {
		same := true
		for _, p := range parts {
			same = same && strings.TrimSpace(p) == strings.TrimSpace(parts[0])
		}
		if same {
			return strings.TrimSpace(parts[0])
		}
	}
	r := []rune(strings.ReplaceAll(s, " ", ""))
	if n := len(r); n >= 8 && n%2 == 0 && string(r[:n/2]) == string(r[n/2:]) {
		return string(r[:n/2])
	}
	return s
}

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
}

// titleWords are what document titles end in; a short line without one, above a line
// with one, is a site name or a slogan rather than the title.
var titleWords = regexp.MustCompile(`计划|总结|报告|通知|公告|公示|方案|办法|制度|规定|意见|细则|简章|要点|汇总表|统计表|一览表|决定|通报|函|规划|章程|指南|目录|说明|情况|简介|概况|名单|结果|安排|须知|解读|标准`)

// readHead reads the header of a document — breadcrumb, metadata pairs, title and its
// repeats — and returns it with the lines of the body. Header lines are consumed until
// the first line that is none of these once the title is known.
func readHead(f *File, lines []Line) (head, []Line) {
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
	i := 0
	for ; i < len(lines); i++ {
		l := lines[i]
		if l.Text == "" {
			continue
		}
		if isBreadcrumb(l.Text) {
			h.crumbs, h.crumbLine = breadcrumb(l.Text), l.No
			f.note(l.No, Removed, "当前位置导航“%s”", l.Text)
			continue
		}
		if fields := metaFields(l); len(fields) > 0 {
			for _, fl := range fields {
				if fl.Key == "views" {
					f.note(l.No, Removed, "浏览次数“%s：%s”", fl.Label, fl.Value)
					continue
				}
				h.fields = append(h.fields, fieldAt{fl, l.No})
			}
			continue
		}
		if h.title == "" {
			switch {
			case h1 >= 0 && i < h1:
				f.note(l.No, Removed, "标题之前的网页文字“%s”", l.Text)
				continue
			case h1 >= 0 || l.Heading > 0 || titleLike(l.Text) && (titleWords.MatchString(simp(l.Text)) || !nextTitleWord(lines[i+1:])):
				h.title, h.titleLine = undouble(f, l), l.No
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
	r := []rune(strings.ReplaceAll(s, " ", ""))
	if n := len(r); n >= 8 && n%2 == 0 && string(r[:n/2]) == string(r[n/2:]) {
		return string(r[:n/2])
	}
	return s
}

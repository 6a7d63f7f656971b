package importer

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"xxgk/internal/record"
)

// Field is one 名称: 值 pair of a page's metadata header.
type Field struct {
	Key   string // the front-matter key it fills, or a key of its own for fields xxgk has no place for
	Label string // as written on the page, e.g. 发布时间
	Value string
}

// labels maps the names portals give metadata fields to front-matter keys. Longer names
// come first so that 发布时间 is not read as 时间. Keys without a front-matter field
// (validity, disclosure, author) are kept as comments; views are dropped.
var labels = []struct{ name, key string }{
	{"索引号", "index"}, {"信息名称", "title"}, {"标题", "title"},
	{"发布机构", "publisher"}, {"发文机关", "publisher"}, {"发文机构", "publisher"}, {"发文单位", "publisher"},
	{"发布单位", "publisher"}, {"发布者", "publisher"},
	{"发布日期", "date"}, {"发布时间", "date"}, {"公开日期", "date"}, {"生成日期", "date"}, {"成文日期", "written"},
	{"印发日期", "written"}, {"发文日期", "written"}, {"废止日期", "abolished"}, {"失效日期", "abolished"},
	{"发文字号", "docnumber"}, {"文件编号", "docnumber"}, {"文号", "docnumber"}, {"主题分类", "category"},
	{"体裁分类", "genre"}, {"关键词", "keywords"}, {"关键字", "keywords"}, {"主题词", "keywords"},
	{"信息来源", "source"}, {"有效性", "validity"}, {"时效", "validity"}, {"公开方式", "disclosure"},
	{"公开属性", "disclosure"}, {"公开范围", "disclosure"}, {"内容概述", "summary"}, {"浏览次数", "views"},
	{"阅读次数", "views"}, {"点击次数", "views"}, {"点击数", "views"}, {"访问量", "views"}, {"阅读量", "views"},
	{"浏览量", "views"}, {"点击量", "views"}, {"点击", "views"}, {"作者", "author"}, {"分类", "category"},
	{"发表时间", "date"}, {"发表日期", "date"}, {"发稿时间", "date"}, {"浏览", "views"},
	{"来源", "source"}, {"时间", "date"}, {"日期", "date"},
}

// labelPattern finds a label and its colon, full- or half-width; portals sometimes
// space the characters of a label out (索 引 号).
var labelPattern = func() *regexp.Regexp {
	var alts []string
	for _, l := range labels {
		alts = append(alts, strings.Join(strings.Split(l.name, ""), `\s?`))
	}
	return regexp.MustCompile(`(` + strings.Join(alts, "|") + `)\s*[:：]`)
}()

// otherLabel finds a label the importer does not know (责任编辑：, 审核：) after a space:
// it still ends the value before it.
var otherLabel = regexp.MustCompile(`(?:^|\s)(\p{Han}(?:\s?\p{Han}){1,5})\s*[:：]`)

// headBullet is what a header line may start with before its label (• 索 引 号：…).
var headBullet = regexp.MustCompile(`^[•●·▪■◆◇◎○\-*]\s*`)

func labelKey(label string) (string, bool) {
	label = strings.Join(strings.Fields(label), "")
	for _, l := range labels {
		if l.name == label {
			return l.key, true
		}
	}
	return "", false
}

// distinctive labels are never words of a sentence: they may follow a value without a
// space (来源:某校发布时间:2023-03-15), and stand without a colon (索引号 000016872/…).
func distinctive(label string) bool {
	key, ok := labelKey(label)
	return ok && (utf8.RuneCountInString(label) >= 3 && key != "author" || label == "文号" || label == "分类")
}

// metaFields reads the 名称: 值 pairs of a header line. A line counts only when it starts
// with a label; later labels must follow a space, or be distinctive ones, so that
// 报名时间：… in the body and values that happen to contain a colon are not taken
// apart. Table rows of a saved page (or a table copied as text, | 文号： | … |) may
// also pair a label cell with a value cell without any colon.
func metaFields(l Line) []Field {
	if l.Cells == nil {
		if t := strings.TrimSpace(l.Text); len(t) > 2 && strings.HasPrefix(t, "|") && strings.HasSuffix(t, "|") {
			for _, c := range strings.Split(strings.Trim(t, "|"), "|") {
				if c = strings.TrimSpace(c); c != "" && strings.Trim(c, "-: ") != "" {
					l.Cells = append(l.Cells, c)
				}
			}
		}
	}
	if len(l.Cells) >= 2 {
		var out, other []Field
		for i := 0; i < len(l.Cells); i++ {
			name := simp(strings.TrimRight(l.Cells[i], ":： "))
			if key, ok := labelKey(name); ok && i+1 < len(l.Cells) && !labelPattern.MatchString(l.Cells[i+1]) {
				f := Field{Key: key, Label: strings.Join(strings.Fields(name), ""), Value: strings.TrimSpace(l.Cells[i+1])}
				if ambiguous(f) {
					return nil // a data table with a 时间 column
				}
				out = append(out, f)
				i++
			} else if f := metaFields(Line{Text: l.Cells[i]}); len(f) > 0 {
				out = append(out, f...)
			} else {
				other = append(other, Field{Label: "表格", Value: l.Cells[i]})
			}
		}
		if len(out) > 0 {
			return append(out, other...) // cells that are no field are kept as comments
		}
		return nil
	}
	s := headBullet.ReplaceAllString(l.Text, "")
	folded := simp(s)
	locs := labelPattern.FindAllStringSubmatchIndex(folded, -1)
	if len(locs) == 0 || locs[0][0] != 0 {
		return colonless(s, folded)
	}
	var starts [][]int
	for _, m := range locs {
		r, _ := utf8.DecodeLastRuneInString(s[:m[0]])
		if m[0] == 0 || unicode.IsSpace(r) || strings.ContainsRune("|】]", r) || distinctive(folded[m[2]:m[3]]) {
			starts = append(starts, m)
		}
	}
	// Labels the importer does not know end the value before them too.
	for _, m := range otherLabel.FindAllStringSubmatchIndex(folded, -1) {
		if _, known := labelKey(folded[m[2]:m[3]]); !known && m[2] > 0 {
			starts = append(starts, []int{m[2], m[1], m[2], m[3]})
		}
	}
	sort.Slice(starts, func(i, j int) bool { return starts[i][0] < starts[j][0] })
	var out []Field
	for i, m := range starts {
		if i > 0 && m[0] < starts[i-1][1] {
			continue // an unknown label inside a known one
		}
		end := len(s)
		for _, n := range starts[i+1:] {
			if n[0] >= m[1] {
				end = n[0]
				break
			}
		}
		label := strings.Join(strings.Fields(folded[m[2]:m[3]]), "")
		key, _ := labelKey(label)
		value := strings.Trim(strings.TrimSpace(s[m[1]:end]), "|】[] ")
		out = append(out, Field{Key: key, Label: label, Value: value})
	}
	if len(out) == 1 && ambiguous(out[0]) {
		return nil
	}
	return out
}

// colonless reads a header line whose labels have no colon: 索引号 000016872/2024-00012
// 分类 通知公告 发布机构 某局. It must start with a distinctive label, and each value is
// the one word after its label (a date may have a time after it); every word must be a
// label or a value.
func colonless(s, folded string) []Field {
	words, fwords := strings.Fields(s), strings.Fields(folded)
	var out []Field
	for i := 0; i < len(words); i++ {
		label, value := "", ""
		for _, l := range labels {
			if strings.HasPrefix(fwords[i], l.name) && distinctive(l.name) && l.key != "views" {
				label, value = l.name, words[i][len(l.name):]
				break
			}
		}
		if label == "" {
			if len(out) == 0 {
				return nil
			}
			if out[len(out)-1].Key == "date" && isClock.MatchString(words[i]) {
				out[len(out)-1].Value += " " + words[i]
				continue
			}
			return nil // a word that is neither label nor value: not a header line
		}
		if value == "" && i+1 < len(words) {
			i++
			value = words[i]
		}
		if value == "" {
			return nil
		}
		key, _ := labelKey(label)
		out = append(out, Field{Key: key, Label: label, Value: value})
	}
	// One label alone must be followed by a number or a date (索引号000016872/…), not
	// by words that could be a sentence (发布机构负责解释).
	if len(out) == 1 {
		if r, _ := utf8.DecodeRuneInString(out[0].Value); !(r < utf8.RuneSelf && (unicode.IsDigit(r) || unicode.IsLetter(r))) {
			return nil
		}
	}
	return out
}

var isClock = regexp.MustCompile(`^\d{1,2}:\d{2}(?::\d{2})?$`)

// ambiguous tells a lone 时间：, 日期：, 来源： or 作者： line of the body (时间：4月22日至26日)
// from a header field: alone on its line, 时间 and 日期 must be a whole date, 来源 and 作者 a
// name.
func ambiguous(f Field) bool {
	switch f.Label {
	case "时间", "日期":
		_, _, err := ParseDate(f.Value)
		return err != nil
	case "来源", "作者":
		return utf8.RuneCountInString(f.Value) > 30 || strings.ContainsAny(f.Value, "。，；,;")
	}
	return false
}

// breadcrumbPattern recognises a 当前位置 line; crumbSep splits it into its steps.
var (
	breadcrumbPattern = regexp.MustCompile(`^(?:(?:当前位置|当前的位置|您现在的位置|你现在的位置|您现在所在的位置|您当前的位置|您当前位置|您的位置|您所在的位置|所在位置)\s*(?:是)?\s*[:：]?|位置\s*[:：])\s*(.*)$`)
	crumbSep          = regexp.MustCompile(`\s*(?:>>|>|＞|›|»|→|/|\s)\s*`)
)

func isBreadcrumb(s string) bool { return breadcrumbPattern.MatchString(simp(s)) }

// breadcrumb returns the steps of a 当前位置 line after 首页, in simplified characters.
func breadcrumb(s string) []string {
	m := breadcrumbPattern.FindStringSubmatch(simp(s))
	if m == nil {
		return nil
	}
	var out []string
	for _, part := range crumbSep.Split(m[1], -1) {
		if part != "" && part != "首页" && part != "网站首页" && part != "正文" {
			out = append(out, part)
		}
	}
	return out
}

var (
	isoDate    = regexp.MustCompile(`^(\d+)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s*(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2}))?\s*秒?)?`)
	hanDigits  = map[rune]int{'〇': 0, '○': 0, '零': 0, 'О': 0, 'O': 0, '0': 0, '一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	hanDate    = regexp.MustCompile(`^([〇○零О一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日`)
	dateInText = regexp.MustCompile(`(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*月\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*日`)
)

// ParseDate reads a date as portals write it — 2024-05-30, 2024/5/30, 2024.05.30,
// 2024年5月30日, 二〇二四年五月三十日, optionally followed by a time such as 17:27 — and
// returns it in Asia/Shanghai. withTime tells whether a time of day was given. The error
// says in Chinese what is wrong, e.g. a six-digit year.
func ParseDate(s string) (t time.Time, withTime bool, err error) {
	s = strings.TrimSpace(s)
	var y, mo, d, h, mi, sec int
	if m := isoDate.FindStringSubmatch(s); m != nil {
		if len(m[1]) != 4 {
			return time.Time{}, false, fmt.Errorf("日期“%s”中的年份 %s 不是四位数", s, m[1])
		}
		y, _ = strconv.Atoi(m[1])
		mo, _ = strconv.Atoi(m[2])
		d, _ = strconv.Atoi(m[3])
		if m[4] != "" {
			withTime = true
			h, _ = strconv.Atoi(m[4])
			mi, _ = strconv.Atoi(m[5])
			sec, _ = strconv.Atoi(m[6])
		}
	} else if m := hanDate.FindStringSubmatch(s); m != nil {
		for _, r := range m[1] {
			y = y*10 + hanDigits[r]
		}
		mo, d = hanNumber(m[2]), hanNumber(m[3])
	} else {
		return time.Time{}, false, fmt.Errorf("“%s”不是能识别的日期", s)
	}
	t = time.Date(y, time.Month(mo), d, h, mi, sec, 0, record.Shanghai)
	if y < 1949 || y > 2100 || t.Month() != time.Month(mo) || t.Day() != d || h > 23 || mi > 59 || sec > 59 {
		return time.Time{}, false, fmt.Errorf("日期“%s”不存在", s)
	}
	return t, withTime, nil
}

// hanNumber reads 一 to 三十一 as written in dates.
func hanNumber(s string) int {
	r := []rune(s)
	switch {
	case len(r) == 1 && r[0] == '十':
		return 10
	case len(r) == 1:
		return hanDigits[r[0]]
	case r[0] == '十':
		return 10 + hanDigits[r[1]]
	case len(r) == 2 && r[1] == '十':
		return hanDigits[r[0]] * 10
	case len(r) == 3 && r[1] == '十':
		return hanDigits[r[0]]*10 + hanDigits[r[2]]
	}
	return 0
}

// keywordSep splits a 关键词 value.
var keywordSep = regexp.MustCompile(`[,，、;；\s]+`)

func splitKeywords(s string) []string {
	var out []string
	for _, k := range keywordSep.Split(s, -1) {
		if k != "" {
			out = append(out, k)
		}
	}
	return out
}

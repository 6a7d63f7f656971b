package importer

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// headingStyles are the ways Chinese documents number their sections. Which level each
// style gets is decided per document, by the order the styles first appear.
var headingStyles = []struct {
	name string
	re   *regexp.Regexp
}{
	{"第一章", regexp.MustCompile(`^第[一二三四五六七八九十百零〇]+[章编篇部](?:分)?`)},
	{"第一节", regexp.MustCompile(`^第[一二三四五六七八九十百零〇]+节`)},
	{"一、", regexp.MustCompile(`^[一二三四五六七八九十]+[、.．]`)},
	{"（一）", regexp.MustCompile(`^[(（][一二三四五六七八九十]+[)）]`)},
	// 1.1 and 1.5万元 look alike: after a decimal number comes a unit, never a title.
	{"1.1.1", regexp.MustCompile(`^\d{1,2}[.．]\d{1,2}[.．]\d{1,2}(?:\s+|[.．]?(?:` + notUnit + `|$))`)},
	{"1.1", regexp.MustCompile(`^\d{1,2}[.．]\d{1,2}(?:\s+|[.．]?(?:` + notUnit + `|$))`)},
	{"1、", regexp.MustCompile(`^\d{1,2}、`)},
	{"1.", regexp.MustCompile(`^\d{1,2}[.．](?:\s+|\p{Han}|$)`)},
	{"(1)", regexp.MustCompile(`^[(（]\d{1,2}[)）]`)},
	{"⑴", regexp.MustCompile(`^[⑴-⒇]`)},
	{"①", regexp.MustCompile(`^[①-⑳]`)},
}

// notUnit is a Chinese character that is not a unit of measure.
const notUnit = `[^\P{Han}万千亿元米倍个人年月日天时分秒岁吨台套亩间所项次名门届期级斤克里周]`

// numbering returns the heading style s starts with, the number as written and the rest.
func numbering(s string) (style, number, rest string) {
	// Every style starts with one of these: most lines are ruled out at once.
	if r, _ := utf8.DecodeRuneInString(s); !strings.ContainsRune("第一二三四五六七八九十(（0123456789", r) && (r < '⑴' || r > '⒇') && (r < '①' || r > '⑳') {
		return "", "", s
	}
	for _, h := range headingStyles {
		if loc := h.re.FindStringIndex(s); loc != nil {
			num := strings.TrimSpace(s[:loc[1]])
			// The pattern may have taken the first character of the title to be sure
			// the number ended; give it back.
			if r, size := utf8.DecodeLastRuneInString(num); h.name[0] == '1' && size > 1 && r != '、' && r != '．' {
				num = num[:len(num)-size]
			}
			return h.name, num, strings.TrimSpace(s[len(num):])
		}
	}
	return "", "", s
}

// headingText reports whether rest, the words after a number, is a heading: short, and
// not a sentence.
func headingText(rest string) bool {
	n := utf8.RuneCountInString(rest)
	return n > 0 && n <= 40 && !strings.ContainsAny(rest, "。；;") && !strings.ContainsAny(lastRune(rest), "，,、！!？?")
}

func lastRune(s string) string {
	_, size := utf8.DecodeLastRuneInString(s)
	return s[len(s)-size:]
}

// listStyles become Markdown ordered lists when their items are sentences in sequence.
var listStyles = map[string]bool{"1、": true, "1.": true}

var bullet = regexp.MustCompile(`^(?:[•·●○■□◆◇▪▸►]\s*|[-*]\s+)`)

// block is one piece of the Markdown body.
type block struct {
	kind  string // "h", "p", "li", "ol", "table"
	level int    // heading level
	num   int    // ordered list number
	text  string
	rows  [][]string
}

// toMarkdown turns the body lines into Markdown: headings at levels decided by the
// order of the numbering styles, lists, tables rebuilt where their header row is
// recognisable, and every other line a paragraph. All text is escaped.
func toMarkdown(f *File, lines []Line) string {
	var nonEmpty []Line
	for _, l := range lines {
		if l.Text != "" {
			nonEmpty = append(nonEmpty, l)
		}
	}
	lines = nonEmpty
	var blocks []block
	var order []string // heading styles in order of first appearance
	level := func(style string) int {
		for i, s := range order {
			if s == style {
				return min(2+i, 6)
			}
		}
		order = append(order, style)
		return min(2+len(order)-1, 6)
	}
	checked := 0 // lines before this are known not to start a headerless table
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if len(l.Cells) >= 2 {
			j := i
			var rows [][]string
			for ; j < len(lines) && len(lines[j].Cells) >= 2; j++ {
				rows = append(rows, lines[j].Cells)
			}
			blocks = append(blocks, block{kind: "table", rows: rows})
			i = j - 1
			continue
		}
		if rows, n := flatTable(f, lines[i:]); n > 0 {
			if rows != nil {
				blocks = append(blocks, block{kind: "table", rows: rows})
			} else {
				for _, c := range lines[i : i+n] {
					blocks = append(blocks, block{kind: "p", text: c.Text})
				}
			}
			i += n - 1
			continue
		}
		if i >= checked {
			// A run that is no table at its start is none at any later line either.
			n, table := headerlessTable(lines[i:])
			if table {
				f.note(l.No, Warning, "第 %d–%d 行像是拆成每格一行的表格，但没有可识别的表头，已按原文逐行保留，请核对", l.No, lines[i+n-1].No)
				for _, c := range lines[i : i+n] {
					blocks = append(blocks, block{kind: "p", text: c.Text})
				}
				i += n - 1
				continue
			}
			checked = i + max(n, 1)
		}
		style, num, rest := numbering(l.Text)
		spaced := strings.HasPrefix(l.Text[len(num):], " ")
		// A number alone on its line takes the next line as its title.
		if style != "" && rest == "" && i+1 < len(lines) && headingText(lines[i+1].Text) {
			if s, _, _ := numbering(lines[i+1].Text); s == "" {
				rest, spaced = lines[i+1].Text, true
				f.note(l.No, Repaired, "标题序号“%s”与下一行的标题文字“%s”合为一行", num, rest)
				i++
			}
		}
		switch {
		// 1、 and 1. lines in a row, with nothing between them, are a list even when
		// short: a heading has text under it.
		case listStyles[style] && inSequence(lines, i, style):
			n, _ := strconv.Atoi(strings.TrimRight(num, "、.．"))
			blocks = append(blocks, block{kind: "ol", num: n, text: rest})
		case style != "" && headingText(rest):
			// Keep the space the original had, and always one after 第一章 or 1.1.
			sep := ""
			if spaced || strings.HasPrefix(style, "第") || strings.HasPrefix(style, "1.") {
				sep = " "
			}
			blocks = append(blocks, block{kind: "h", level: level(style), text: num + sep + rest})
		case l.Heading > 0:
			blocks = append(blocks, block{kind: "h", level: min(max(l.Heading, 2), 6), text: l.Text})
		case bullet.MatchString(l.Text) && utf8.RuneCountInString(l.Text) > 1:
			blocks = append(blocks, block{kind: "li", text: bullet.ReplaceAllString(l.Text, "")})
		default:
			blocks = append(blocks, block{kind: "p", text: l.Text})
		}
	}
	var b strings.Builder
	for i, bl := range blocks {
		if i > 0 && !(bl.kind == blocks[i-1].kind && (bl.kind == "li" || bl.kind == "ol")) {
			b.WriteString("\n")
		}
		switch bl.kind {
		case "h":
			fmt.Fprintf(&b, "%s %s\n", strings.Repeat("#", bl.level), escapeInline(bl.text))
		case "p":
			b.WriteString(escapeLine(bl.text) + "\n")
		case "li":
			b.WriteString("- " + escapeInline(bl.text) + "\n")
		case "ol":
			fmt.Fprintf(&b, "%d. %s\n", bl.num, escapeInline(bl.text))
		case "table":
			writeTable(&b, bl.rows)
		}
	}
	return b.String()
}

// sentenceEnd are the characters a paragraph of Chinese prose ends with.
const sentenceEnd = "。！？；：!?;:”」』）)…"

// joinWrapped joins the lines of plain text that were one paragraph broken at a fixed
// width, as text copied from PDF files and download sites often is. Only lines of
// exactly the width most long lines of the document share (three or more of them) are
// taken for broken ones, so that a short line without a full stop — a signature,
// 特此通知 — is never pulled into the paragraph above it.
func joinWrapped(f *File, lines []Line) []Line {
	// Prose, not addresses or figures: a line of twenty or more runes, half of them Han.
	prose := func(l Line) bool {
		n, han := 0, 0
		for _, r := range l.Text {
			n++
			if unicode.Is(unicode.Han, r) {
				han++
			}
		}
		return n >= 20 && 2*han >= n
	}
	widths := map[int]int{}
	for _, l := range lines {
		if prose(l) {
			widths[utf8.RuneCountInString(l.Text)]++
		}
	}
	width, most := 0, 2
	for w, n := range widths {
		if n > most || n == most && w > width {
			width, most = w, n
		}
	}
	if width == 0 {
		return lines
	}
	broken := func(l Line) bool {
		style, _, rest := numbering(l.Text)
		return prose(l) && utf8.RuneCountInString(l.Text) == width && l.Cells == nil && l.Heading == 0 &&
			!strings.ContainsAny(lastRune(l.Text), sentenceEnd) && !(style != "" && headingText(rest))
	}
	var out []Line
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		first := l.No
		for broken(lines[i]) && i+1 < len(lines) && continues(lines[i+1]) {
			i++
			l.Text += lines[i].Text
		}
		if l.No != lines[i].No {
			f.note(first, Repaired, "第 %d–%d 行是同一段文字按固定宽度折成的多行，已合为一段", first, lines[i].No)
		}
		out = append(out, l)
	}
	return out
}

// continues reports whether l can be the rest of a broken paragraph line.
func continues(l Line) bool {
	style, _, _ := numbering(l.Text)
	return l.Text != "" && l.Cells == nil && l.Heading == 0 && style == "" && !bullet.MatchString(l.Text)
}

// inSequence reports whether the numbered line i is one of two or more consecutive
// lines numbered 1, 2, 3… in the same style: a list rather than a stray number.
func inSequence(lines []Line, i int, style string) bool {
	num := func(j int) int {
		if j < 0 || j >= len(lines) {
			return -1
		}
		s, n, _ := numbering(lines[j].Text)
		if s != style {
			return -1
		}
		v, _ := strconv.Atoi(strings.TrimRight(n, "、.．"))
		return v
	}
	n := num(i)
	return num(i-1) == n-1 || num(i+1) == n+1
}

// headerWords are what the columns of disclosure tables are called.
var headerWords = regexp.MustCompile(`序号|编号|名称|学校|单位|类型|类别|性质|日期|时间|网址|链接|地址|备注|说明|人数|数量|计划|专业|姓名|职务|职称|金额|标准|项目|内容|年级|班级|等级|比例|完成率|情况|依据|学制|办学|层次|课程|学时|学分|预算|决算|收费|电话|金额|合计`)

func isHeaderCell(s string) bool {
	n := utf8.RuneCountInString(s)
	if st, _, _ := numbering(s); st != "" || n > 12 || strings.ContainsAny(s, "。，；：:") {
		return false
	}
	return headerWords.MatchString(simp(s))
}

// isCell reports whether a line can be one cell of a flattened table.
func isCell(l Line) bool {
	return utf8.RuneCountInString(l.Text) <= 40 && !strings.ContainsAny(l.Text, "。；：")
}

// flatTable rebuilds a table that was flattened to one cell per line, starting at the
// first line. It needs a header row it can recognise — at least three column names, or
// 序号 and one more — and then rows that fill the columns exactly: when the first column
// is 序号 each row starts with the next number, otherwise rows are taken column-count at
// a time. It returns the rows (header first) and how many lines they took; 0 when the
// lines are no such table. A header whose rows do not fit is reported and its lines
// returned without rows, to be kept as text.
func flatTable(f *File, lines []Line) ([][]string, int) {
	k := 0
	for k < len(lines) && isHeaderCell(lines[k].Text) {
		k++
	}
	serial := k > 0 && strings.Contains(lines[0].Text, "序号")
	if k < 3 && !(serial && k >= 2) {
		return nil, 0
	}
	header := texts(lines[:k])
	rows := [][]string{header}
	pos := k
	if serial {
		for n := 1; pos < len(lines) && lines[pos].Text == strconv.Itoa(n); n++ {
			row := []string{lines[pos].Text}
			j := pos + 1
			for ; j < len(lines) && len(row) < k && lines[j].Text != strconv.Itoa(n+1) && isCell(lines[j]); j++ {
				row = append(row, lines[j].Text)
			}
			if len(row) < k {
				rows = nil
				break
			}
			rows = append(rows, row)
			pos = j
		}
	} else {
		for pos+k <= len(lines) && allCells(lines[pos:pos+k]) {
			rows = append(rows, texts(lines[pos:pos+k]))
			pos += k
		}
	}
	if len(rows) < 2 {
		end := k
		for end < len(lines) && isCell(lines[end]) && !bullet.MatchString(lines[end].Text) {
			end++
		}
		f.note(lines[0].No, Warning, "第 %d–%d 行像是拆成每格一行的表格（表头：%s），但各行格数对不上，无法可靠还原为表格，已按原文逐行保留，请核对",
			lines[0].No, lines[end-1].No, strings.Join(header, "、"))
		return nil, end
	}
	f.note(lines[0].No, Repaired, "第 %d–%d 行每格一行的文字还原为 %d 列 %d 行的表格（表头：%s）", lines[0].No, lines[pos-1].No, k, len(rows)-1, strings.Join(header, "、"))
	return rows, pos
}

var figure = regexp.MustCompile(`^[-+]?[\d,，.]+%?$|^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$`)

// headerlessTable returns the length of the run of short lines at the start of lines,
// and whether it looks like a flattened table: eight or more cells, three or more of
// them figures.
func headerlessTable(lines []Line) (int, bool) {
	n, figures := 0, 0
	for n < len(lines) && utf8.RuneCountInString(lines[n].Text) <= 15 && isCell(lines[n]) {
		if s, _, _ := numbering(lines[n].Text); s != "" && !figure.MatchString(lines[n].Text) {
			break
		}
		if figure.MatchString(lines[n].Text) {
			figures++
		}
		n++
	}
	return n, n >= 8 && figures >= 3
}

func allCells(lines []Line) bool {
	for _, l := range lines {
		if !isCell(l) || isHeaderCell(l.Text) {
			return false
		}
		if s, _, _ := numbering(l.Text); s != "" && s != "1." {
			return false
		}
	}
	return true
}

func texts(lines []Line) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = l.Text
	}
	return out
}

func writeTable(b *strings.Builder, rows [][]string) {
	cols := 0
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	for i, r := range rows {
		b.WriteString("|")
		for c := range cols {
			cell := ""
			if c < len(r) {
				cell = escapeInline(r[c])
			}
			b.WriteString(" " + cell + " |")
		}
		b.WriteString("\n")
		if i == 0 {
			b.WriteString(strings.Repeat("| --- ", cols) + "|\n")
		}
	}
}

// entity matches what Markdown would read as an HTML character reference.
var entity = regexp.MustCompile(`&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);`)

// escapeInline backslash-escapes every character that Markdown or Hugo would read as
// markup — emphasis, code, links, raw HTML, tables, shortcodes — so that legacy text is
// shown exactly as written and never becomes HTML or a link.
func escapeInline(s string) string {
	if !strings.ContainsAny(s, "\\`*_[]<>|~{}#&") {
		return s // nothing to escape, as in most lines
	}
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_[]<>|~{}#", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return entity.ReplaceAllString(b.String(), `\&$1;`)
}

// lineStartMarker matches what would make a paragraph a heading, list, quote or rule.
var lineStartMarker = regexp.MustCompile(`^(?:[#+\-=]|\d{1,9}[.)](?:\s|$))`)

// escapeLine escapes a paragraph: inline markup, and block markup at its start.
func escapeLine(s string) string {
	s = escapeInline(s)
	if m := lineStartMarker.FindString(s); m != "" {
		if m[0] >= '0' && m[0] <= '9' {
			i := strings.IndexAny(m, ".)")
			return s[:i] + `\` + s[i:]
		}
		return `\` + s
	}
	return s
}

package annualreport

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
)

// textHints say what each free-text section is for, after the placeholder.
var textHints = map[string]string{
	"overview": "（概述本年度政府信息公开工作：主动公开、依申请公开、政府信息管理、平台建设、监督保障等。）",
	"problems": "（说明本年度工作存在的主要问题，以及上一年度问题的改进情况。）",
	"other":    "（依照《政府信息公开信息处理费管理办法》收取信息处理费的情况，以及其他需要报告的事项；没有的写“无”。）",
}

// Render writes the body of the report in Markdown: the six sections of the national
// format with their tables. Each table's first header cell is its label, and each
// row starts with its label, so that ParseMarkdown reads the figures back; missing
// figures and texts carry the placeholder.
func Render(r *Report) []byte {
	var b bytes.Buffer
	text := func(key string) {
		if s := strings.TrimSpace(r.Texts[key]); s != "" {
			b.WriteString(s + "\n\n")
		} else {
			b.WriteString(Placeholder + textHints[key] + "\n\n")
		}
	}
	for i, h := range Headings {
		fmt.Fprintf(&b, "## %s\n\n", h)
		switch i {
		case 0:
			text("overview")
		case 1, 2, 3:
			for _, t := range Tables {
				if t.Section == i+1 {
					renderTable(&b, t, r.Grids[t.ID])
				}
			}
			if i == 1 {
				b.WriteString("注：表1的件数按本机关在本平台发布的规章和行政规范性文件统计。\n\n")
			}
		case 4:
			text("problems")
		case 5:
			text("other")
		}
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

func renderTable(b *bytes.Buffer, t *Table, g [][]Cell) {
	b.WriteString("| " + t.Label + " | " + strings.Join(t.Columns, " | ") + " |\n")
	b.WriteString("| --- |" + strings.Repeat(" ---: |", len(t.Columns)) + "\n")
	for i, row := range t.Rows {
		b.WriteString("| " + row.Label + " |")
		for _, c := range g[i] {
			s := Format(c.Value, t.Scale)
			if c.Missing {
				s += Placeholder
			}
			b.WriteString(" " + s + " |")
		}
		if row.Group {
			b.WriteString(strings.Repeat("  |", len(t.Columns)))
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
}

// ParseMarkdown reads the figures back from the body of a report. firstLine is the
// file line of the body's first line, so that problems name lines of the file. The
// problems are those of the structure (a heading, table or row missing, a figure
// that is not a number) and, when the structure is sound, the arithmetic.
func ParseMarkdown(file string, body []byte, firstLine int) (*Report, []Problem) {
	r := newReport(file)
	lines := strings.Split(string(body), "\n")
	var problems []Problem
	bad := func(line int, format string, args ...any) {
		problems = append(problems, Problem{File: file, Line: line, Text: fmt.Sprintf(format, args...)})
	}
	headings := map[string]int{}
	found := map[string]int{} // table ID → line of its header
	var order []int           // heading lines in order of Headings
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		if h, ok := strings.CutPrefix(line, "## "); ok {
			headings[strings.TrimSpace(h)] = firstLine + i
			continue
		}
		if !strings.HasPrefix(line, "|") {
			continue
		}
		start := i
		for i < len(lines) && strings.HasPrefix(strings.TrimSpace(lines[i]), "|") {
			i++
		}
		block := lines[start:i]
		i--
		head := splitRow(block[0])
		t := tableByLabel(head[0])
		if t == nil {
			continue // another table of the report's own, not one of the format's
		}
		at := firstLine + start
		if prev, dup := found[t.ID]; dup {
			bad(at, "%s 出现了两次（另一处在第 %d 行），每张表只能有一张", t.Label, prev)
			continue
		}
		found[t.ID] = at
		if !slices.Equal(head[1:], t.Columns) {
			bad(at, "%s 的表头应为：%s", t.Label, strings.Join(append([]string{t.Label}, t.Columns...), " | "))
			continue
		}
		if len(block) < 2 || !isDelimiterRow(block[1]) {
			bad(at, "%s 的表头下一行应为分隔行 | --- | ---: | …", t.Label)
			continue
		}
		seen := make([]bool, len(t.Rows))
		for k, raw := range block[2:] {
			at := firstLine + start + 2 + k
			cells := splitRow(raw)
			ri := t.labelIndex(cells[0])
			if ri < 0 {
				bad(at, "%s 中没有“%s”这一行，行名要与国家格式一致", t.Label, cells[0])
				continue
			}
			if seen[ri] {
				bad(at, "%s 中“%s”行出现了两次", t.Label, cells[0])
				continue
			}
			seen[ri] = true
			if len(cells) != len(t.Columns)+1 {
				bad(at, "%s“%s”行应有 %d 格数字，现有 %d 格", t.Label, cells[0], len(t.Columns), len(cells)-1)
				continue
			}
			row := t.Rows[ri]
			for col, s := range cells[1:] {
				if row.Group {
					if s != "" {
						bad(at, "%s“%s”是分组标题行，不填数字", t.Label, row.Label)
					}
					continue
				}
				v, missing := strings.CutSuffix(s, Placeholder)
				v = strings.TrimSpace(v)
				x, ok := parseFigure(v, t.Scale)
				if !ok {
					unit := "非负整数"
					if t.Scale > 0 {
						unit = fmt.Sprintf("非负数（最多 %d 位小数）", t.Scale)
					}
					bad(at, "%s“%s”行“%s”列应为%s，现为“%s”", t.Label, row.Label, t.Columns[col], unit, s)
					continue
				}
				r.Grids[t.ID][ri][col] = Cell{Value: x, Missing: missing, Line: at}
			}
		}
		for ri, ok := range seen {
			if !ok {
				bad(at, "%s 缺少“%s”这一行", t.Label, t.Rows[ri].Label)
			}
		}
	}
	for _, h := range Headings {
		if l, ok := headings[h]; ok {
			order = append(order, l)
		} else {
			bad(firstLine, "缺少“## %s”一节（国家规定的年度报告格式有六个部分）", h)
		}
	}
	for i := 1; i < len(order); i++ {
		if order[i] < order[i-1] {
			bad(order[i], "“%s”一节的位置不对：六个部分应依次为 %s", Headings[i], strings.Join(Headings, "；"))
			break
		}
	}
	for _, t := range Tables {
		if _, ok := found[t.ID]; !ok {
			at := firstLine
			if l, ok := headings[Headings[t.Section-1]]; ok {
				at = l
			}
			bad(at, "缺少 %s（表头第一格写“%s”）", t.Label, t.Label)
		}
	}
	if len(problems) == 0 {
		problems = Check(r)
	}
	sortProblems(problems)
	return r, problems
}

// labelIndex returns the index of the row labelled label, or -1.
func (t *Table) labelIndex(label string) int {
	for i, r := range t.Rows {
		if r.Label == label {
			return i
		}
	}
	return -1
}

// splitRow splits a Markdown table row into its trimmed cells.
func splitRow(line string) []string {
	line = strings.TrimSpace(line)
	line = strings.TrimPrefix(line, "|")
	if strings.HasSuffix(line, "|") && !strings.HasSuffix(line, `\|`) {
		line = line[:len(line)-1]
	}
	parts := strings.Split(line, "|")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// isDelimiterRow reports whether line is a table's delimiter row: | --- | :---: |.
func isDelimiterRow(line string) bool {
	for _, c := range splitRow(line) {
		if strings.Trim(c, ":") == "" || strings.Trim(strings.Trim(c, ":"), "-") != "" {
			return false
		}
	}
	return true
}

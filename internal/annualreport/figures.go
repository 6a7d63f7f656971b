package annualreport

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"xxgk/internal/suggest"
)

// FiguresPath is where the figures of publisher code for year live, relative to the
// site directory.
func FiguresPath(code string, year int) string {
	return fmt.Sprintf("data/reports/%s-%d.toml", code, year)
}

// figureSections are the tables of the figures file and which report tables their
// keys fill; text is the free text of sections 一, 五 and 六.
var figureSections = map[string][]string{
	"active":       {Decisions, Fees},
	"applications": {Applications},
	"appeals":      {Appeals},
}

// ParseFigures reads a figures file (format in docs/annualreport.md). Every figure it
// does not give is 0 and marked missing; totals are computed from their parts. The
// problems are the file's mistakes, each with its line; the arithmetic is not
// checked here (see Check).
func ParseFigures(file string, src []byte) (*Report, []Problem) {
	r := newReport(file)
	var raw map[string]any
	if _, err := toml.Decode(string(src), &raw); err != nil {
		line := 0
		var pe toml.ParseError
		if errors.As(err, &pe) {
			line = pe.Position.Line
		}
		return r, []Problem{{File: file, Line: line, Text: "格式有误：" + tomlMessage(err)}}
	}
	lines := strings.Split(string(src), "\n")
	var problems []Problem
	bad := func(section, key, msg string) {
		problems = append(problems, Problem{File: file, Line: keyLine(lines, section, key), Text: msg})
	}
	seen := map[string]map[string]bool{}
	for section, v := range raw {
		if section == "text" {
			m, ok := v.(map[string]any)
			if !ok {
				bad("", section, "[text] 应为一个表，其中写 overview、problems、other 三段文字")
				continue
			}
			for k, v := range m {
				s, ok := v.(string)
				if !ok || !knownText(k) {
					bad(section, k, fmt.Sprintf("[text] 中只能写 overview（总体情况）、problems（存在的主要问题及改进情况）、other（其他需要报告的事项）三段文字，%q 不认识或不是文字", k))
					continue
				}
				r.Texts[k] = s
			}
			continue
		}
		ids, ok := figureSections[section]
		m, isTable := v.(map[string]any)
		if !ok || !isTable {
			bad("", section, fmt.Sprintf("不认识的部分 %q：数字文件只有 [active]、[applications]、[appeals] 和 [text] 四部分", section))
			continue
		}
		seen[section] = map[string]bool{}
		for key, v := range m {
			t, row := findKey(ids, key)
			if t == nil {
				bad(section, key, fmt.Sprintf("[%s] 中没有 %q 这一项%s", section, key, nearestKey(key, ids)))
				continue
			}
			line := keyLine(lines, section, key)
			vals, msg := figureValues(v, t)
			if msg != "" {
				bad(section, key, fmt.Sprintf("[%s] %s（%s）%s", section, key, t.Rows[row].Label, msg))
				continue
			}
			for col, val := range vals {
				r.Grids[t.ID][row][col] = Cell{Value: val, Line: line}
			}
			seen[section][key] = true
		}
	}
	// What the file does not say is 0 and marked, so that the report cannot be
	// published until someone has looked at it.
	for _, t := range Tables {
		if t.Counted {
			continue
		}
		for i, row := range t.Rows {
			if row.Key == "" {
				continue
			}
			section := sectionOf(t.ID)
			if !seen[section][row.Key] {
				for col := range t.inputColumns() {
					r.Grids[t.ID][i][col] = Cell{Missing: true}
				}
			}
		}
	}
	r.computeTotals()
	sortProblems(problems)
	return r, problems
}

func knownText(k string) bool {
	for _, s := range textSections {
		if s.Key == k {
			return true
		}
	}
	return false
}

func sectionOf(id string) string {
	for s, ids := range figureSections {
		for _, i := range ids {
			if i == id {
				return s
			}
		}
	}
	return ""
}

// findKey finds the table among ids and the row whose figures-file key is key.
func findKey(ids []string, key string) (*Table, int) {
	for _, id := range ids {
		t := TableByID(id)
		for i, row := range t.Rows {
			if row.Key == key {
				return t, i
			}
		}
	}
	return nil, -1
}

func nearestKey(key string, ids []string) string {
	var keys []string
	for _, id := range ids {
		for _, row := range TableByID(id).Rows {
			if row.Key != "" {
				keys = append(keys, row.Key)
			}
		}
	}
	best, bestD := "", len(key)/2+2
	for _, k := range keys {
		if d := suggest.Distance(key, k); d < bestD {
			best, bestD = k, d
		}
	}
	if best != "" {
		return fmt.Sprintf("，是否想写 %s？", best)
	}
	return "，可用的项见 docs/annualreport.md"
}

// figureValues reads one entry: a number for a one-column table, else a list of one
// number per input column.
func figureValues(v any, t *Table) ([]int64, string) {
	n := t.inputColumns()
	list, isList := v.([]any)
	if n == 1 {
		if isList {
			return nil, "应为一个数，不是列表"
		}
		x, msg := figureValue(v, t.Scale)
		return []int64{x}, msg
	}
	if !isList || len(list) != n {
		return nil, fmt.Sprintf("应为 %d 个数的列表，依次为 %s", n, strings.Join(t.Columns[:n], "、"))
	}
	out := make([]int64, n)
	for i, e := range list {
		x, msg := figureValue(e, t.Scale)
		if msg != "" {
			return nil, fmt.Sprintf("第 %d 个数（%s）%s", i+1, t.Columns[i], msg)
		}
		out[i] = x
	}
	return out, ""
}

var decimalText = regexp.MustCompile(`^\d+(\.\d+)?$`)

func figureValue(v any, scale int) (int64, string) {
	unit := "非负整数"
	if scale > 0 {
		unit = fmt.Sprintf("非负数，最多 %d 位小数", scale)
	}
	var s string
	switch v := v.(type) {
	case int64:
		s = strconv.FormatInt(v, 10)
	case float64:
		if scale == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, "应为" + unit
		}
		s = strconv.FormatFloat(v, 'f', -1, 64)
	case string:
		if scale == 0 || !decimalText.MatchString(v) {
			return 0, "应为" + unit + "，不加引号"
		}
		s = v
	default:
		return 0, "应为" + unit
	}
	x, ok := parseFigure(s, scale)
	if !ok {
		return 0, fmt.Sprintf("应为%s，现为 %s", unit, s)
	}
	return x, ""
}

// computeTotals fills the cells xxgk computes: the total column and （七）总计.
func (r *Report) computeTotals() {
	for _, t := range Tables {
		g := r.Grids[t.ID]
		if t.TotalColumn >= 0 {
			for i, row := range t.Rows {
				if row.Group {
					continue
				}
				var sum int64
				for _, c := range g[i][:t.TotalColumn] {
					sum += c.Value
				}
				g[i][t.TotalColumn] = Cell{Value: sum}
			}
		}
		if total := t.rowIndex("（七）总计"); total >= 0 {
			for col := range t.Columns {
				var sum int64
				for i := range t.Rows {
					if t.isOutcome(i) {
						sum += g[i][col].Value
					}
				}
				g[total][col] = Cell{Value: sum}
			}
		}
	}
}

// keyLine finds the line (1-based) of key = … inside [section] ("" for top level);
// the section header's line when the key is a whole section; 0 if not found.
func keyLine(lines []string, section, key string) int {
	current := ""
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "[") {
			current = strings.Trim(strings.TrimSpace(strings.Trim(l, "[]")), `"`)
			if section == "" && current == key {
				return i + 1
			}
			continue
		}
		k, _, ok := strings.Cut(l, "=")
		if !ok {
			continue
		}
		k = strings.Trim(strings.TrimSpace(k), `"'`)
		if current == section && k == key || section == "" && current == "" && k == key {
			return i + 1
		}
		if current == "" && section != "" && k == section+"."+key {
			return i + 1
		}
	}
	return 0
}

func tomlMessage(err error) string {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return fmt.Sprintf("第 %d 列附近：%s", pe.Position.Col, pe.Message)
	}
	return err.Error()
}

func sortProblems(ps []Problem) {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return strings.Compare(a.Message(), b.Message())
	})
}

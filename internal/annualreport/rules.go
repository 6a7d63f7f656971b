package annualreport

import (
	"fmt"
	"strconv"
	"strings"
)

// Rules of the national format, as named in problems.
const (
	// RuleColumnTotal: a row's 总计 column is the sum of the columns before it
	// (the applicant columns of table 4; the four results of table 5).
	RuleColumnTotal = "总计列等于各列之和"
	// RuleOutcomeTotal: in table 4, （七）总计 is the sum of the results （一）–（六）.
	RuleOutcomeTotal = "（七）总计等于（一）至（六）各项之和"
	// RuleBalance: in table 4, for every column, 本年新收 + 上年结转 = （七）总计 + 结转下年度.
	RuleBalance = "本年新收 + 上年结转 = 办理结果总计 + 结转下年度"
)

// Problem is one figure that breaks a rule of the format, located in its file.
type Problem struct {
	File   string
	Line   int
	Table  string // the table's label
	Row    string // the row's label
	Column string // the column's label
	Got    string // the figure as written
	Want   string // the figure the rule asks for
	Rule   string
	// Text, when set, is a problem of the file's structure (a missing table, a
	// figure that is not a number) rather than of its arithmetic.
	Text string
}

// Message says what is wrong in plain Chinese, without the location in the file.
func (p Problem) Message() string {
	if p.Text != "" {
		return p.Text
	}
	return fmt.Sprintf("%s，“%s”行“%s”列：现为 %s，应为 %s（%s）", p.Table, p.Row, p.Column, p.Got, p.Want, p.Rule)
}

func (p Problem) String() string {
	return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Message())
}

// Check applies the format's arithmetic to r and returns every figure that breaks a
// rule, in table, row and column order. A figure that is itself a total is blamed,
// never the parts it adds up.
func Check(r *Report) []Problem {
	var out []Problem
	blame := func(t *Table, row, col int, want int64, rule string) {
		c := r.Grids[t.ID][row][col]
		if c.Value == want {
			return
		}
		got := Format(c.Value, t.Scale)
		if c.Missing {
			got += Placeholder
		}
		out = append(out, Problem{File: r.File, Line: c.Line, Table: t.Label, Row: t.Rows[row].Label, Column: t.Columns[col],
			Got: got, Want: Format(want, t.Scale), Rule: rule})
	}
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
				blame(t, i, t.TotalColumn, sum, RuleColumnTotal)
			}
		}
		total := t.rowIndex("（七）总计")
		if total < 0 {
			continue
		}
		newRow, inRow, outRow := t.rowIndex(rowNew), t.rowIndex(rowCarriedIn), t.rowIndex(rowCarriedOut)
		for col := range t.Columns {
			var sum int64
			for i := range t.Rows {
				if t.isOutcome(i) && !t.Rows[i].Group {
					sum += g[i][col].Value
				}
			}
			blame(t, total, col, sum, RuleOutcomeTotal)
			blame(t, outRow, col, g[newRow][col].Value+g[inRow][col].Value-g[total][col].Value, RuleBalance)
		}
	}
	return out
}

// Format writes v, in units of 10^-scale, as a decimal without trailing zeros.
func Format(v int64, scale int) string {
	if scale == 0 {
		return strconv.FormatInt(v, 10)
	}
	neg := v < 0
	if neg {
		v = -v
	}
	unit := pow10(scale)
	s := strconv.FormatInt(v/unit, 10)
	if frac := v % unit; frac != 0 {
		s += "." + strings.TrimRight(fmt.Sprintf("%0*d", scale, frac), "0")
	}
	if neg {
		s = "-" + s
	}
	return s
}

// parseFigure reads a non-negative figure with at most scale decimals: "12", "3.25".
func parseFigure(s string, scale int) (int64, bool) {
	whole, frac, hasFrac := strings.Cut(s, ".")
	if whole == "" || !digits(whole) || hasFrac && (frac == "" || !digits(frac) || len(frac) > scale) || len(whole) > 12 {
		return 0, false
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, false
	}
	v := w * pow10(scale)
	if hasFrac {
		f, _ := strconv.ParseInt(frac+strings.Repeat("0", scale-len(frac)), 10, 64)
		v += f
	}
	return v, true
}

func digits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func pow10(n int) int64 {
	v := int64(1)
	for range n {
		v *= 10
	}
	return v
}

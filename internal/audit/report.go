package audit

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"xxgk/internal/register"
)

// kindNames are the findings' kinds in Chinese.
var kindNames = map[string]string{
	"duplicate": "索引号重复", "gap": "索引号缺号", "order": "序号与日期顺序不符", "year": "索引号年份不符",
	"late": "发布不及时", "abolished": "已废止", "changed": "发布后修改", "revised": "已登记修订",
	"added": "新增", "removed": "已删除",
	"stale": "栏目不更新", "empty": "空白栏目",
	"uninterpreted": "缺少政策解读", "interpretation-late": "政策解读不同步",
}

// KindName is the Chinese name of a finding's kind.
func KindName(kind string) string { return kindNames[kind] }

// WriteJSON writes the report as indented JSON.
func (rep *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}

// findings lists every finding in report order.
func (rep *Report) findings() []Finding {
	var all []Finding
	for _, fs := range [][]Finding{rep.Integrity, rep.Late, rep.Abolished, rep.Interpretation, rep.Changes} {
		all = append(all, fs...)
	}
	return all
}

// WriteText writes the report for people.
func (rep *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	scope := "全部发布机构"
	if rep.Publisher != "" {
		scope = rep.Publisher + " 及其下属单位"
	}
	years := "全部年份"
	if rep.Year != 0 {
		years = fmt.Sprintf("%d 年", rep.Year)
	}
	fmt.Fprintf(&b, "信息公开目录审计（%s，%s，截至 %s）：共 %d 篇文档\n", scope, years, rep.AsOf, rep.Documents)
	section := func(title string, fs []Finding, none string) {
		fmt.Fprintf(&b, "\n%s：", title)
		if len(fs) == 0 {
			fmt.Fprintf(&b, "%s\n", none)
			return
		}
		fmt.Fprintf(&b, "%d 项\n", len(fs))
		for _, f := range fs {
			fmt.Fprintf(&b, "  [%s] %s", KindName(f.Kind), f.Index)
			if f.Title != "" {
				fmt.Fprintf(&b, "《%s》", f.Title)
			}
			fmt.Fprintf(&b, "：%s", f.Message)
			if len(f.Files) > 0 {
				fmt.Fprintf(&b, "（%s）", strings.Join(f.Files, "、"))
			}
			b.WriteByte('\n')
		}
	}
	section("一、目录完整性", rep.Integrity, "索引号无重复、无缺号，顺序与日期一致")
	section(fmt.Sprintf("二、发布及时性（成文后 %d 个工作日内发布）", rep.PublishWithin), rep.Late, "均按时发布")
	section("三、有效性", rep.Abolished, "没有已废止的文件")
	if rep.Changes != nil {
		section("四、与上次发布相比", rep.Changes, "没有变化")
	}
	if rep.InterpretWithin > 0 {
		section(fmt.Sprintf("政策解读（需解读的体裁在发布后 %d 天内应有解读）", rep.InterpretWithin), rep.Interpretation, "需解读的文件均已按时解读")
	}
	c := rep.Compliance
	fmt.Fprintf(&b, "\n%d 年度质量报告发布情况（应于 %s 前发布）：%d 所学校，未发布 %d 所，逾期 %d 所\n", c.Year, c.Due, len(c.Schools), c.Missing, c.Late)
	for _, s := range c.Schools {
		fmt.Fprintf(&b, "  %d. %s（%s）：%s", s.Seq, s.Name, s.Type, s.Note)
		if s.URL != "" {
			fmt.Fprintf(&b, "，%s %s", s.Published, s.URL)
		}
		b.WriteByte('\n')
	}
	rep.DisclosureReports.writeText(&b)
	rep.writeColumnsText(&b)
	rep.writeLinksText(&b)
	st := rep.Statistics
	fmt.Fprintf(&b, "\n统计：共 %d 篇\n", st.Total)
	for _, g := range []struct {
		name string
		cs   []Count
	}{{"按年份", st.ByYear}, {"按发布机构", st.ByPublisher}, {"按主题分类", st.ByCategory}, {"按体裁", st.ByGenre}} {
		parts := make([]string, len(g.cs))
		for i, c := range g.cs {
			parts[i] = fmt.Sprintf("%s %d", c.Label, c.Count)
		}
		fmt.Fprintf(&b, "  %s：%s\n", g.name, strings.Join(parts, "，"))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// FindingsTable is every finding as a table (the CSV format of xxgk audit).
func (rep *Report) FindingsTable() *register.Table {
	t := &register.Table{Name: "审计发现", Columns: []register.Column{
		{Title: "类别", Width: 16}, {Title: "索引号", Width: 20}, {Title: "标题", Width: 40}, {Title: "说明", Width: 60}, {Title: "文件", Width: 40},
	}}
	for _, f := range append(rep.findings(), rep.columnFindings()...) {
		t.Rows = append(t.Rows, []any{KindName(f.Kind), f.Index, f.Title, f.Message, strings.Join(f.Files, "；")})
	}
	t.Rows = append(t.Rows, rep.linkRows()...)
	for _, v := range rep.Failed() {
		t.Rows = append(t.Rows, []any{"单项否决", "", v.Item, v.Value + "（标准：" + v.Threshold + "即不合格）", ""})
	}
	return t
}

// ComplianceTable is the quality-report table in the form bureaus use: 序号, 学校名称,
// 学校类型, 发布时间, 发布网址, 备注. baseURL, when set, makes the addresses absolute.
func (rep *Report) ComplianceTable(baseURL string) *register.Table {
	t := &register.Table{Name: fmt.Sprintf("%d年度质量报告发布情况", rep.Compliance.Year), Columns: []register.Column{
		{Title: "序号", Width: 6}, {Title: "学校名称", Width: 30}, {Title: "学校类型", Width: 16}, {Title: "发布时间", Width: 12}, {Title: "发布网址", Width: 48}, {Title: "备注", Width: 36},
	}}
	for _, s := range rep.Compliance.Schools {
		url := s.URL
		if url != "" {
			url = strings.TrimSuffix(baseURL, "/") + url
		}
		t.Rows = append(t.Rows, []any{s.Seq, s.Name, s.Type, s.published, url, s.Note})
	}
	return t
}

// DisclosureTable is the timeliness table of the annual reports on disclosure work:
// 序号, 发布机构, 截止日期, 发布时间, 发布网址, 备注. baseURL, when set, makes the
// addresses absolute.
func (rep *Report) DisclosureTable(baseURL string) *register.Table {
	d := rep.DisclosureReports
	t := &register.Table{Name: fmt.Sprintf("%d年政府信息公开工作年度报告发布情况", d.Year), Columns: []register.Column{
		{Title: "序号", Width: 6}, {Title: "发布机构", Width: 30}, {Title: "截止日期", Width: 12}, {Title: "发布时间", Width: 12}, {Title: "发布网址", Width: 48}, {Title: "备注", Width: 36},
	}}
	for _, b := range d.Bodies {
		url := b.URL
		if url != "" {
			url = strings.TrimSuffix(baseURL, "/") + url
		}
		t.Rows = append(t.Rows, []any{b.Seq, b.Name, b.Due, b.Published, url, b.Note})
	}
	return t
}

// StatisticsTable counts documents by publisher and year.
func (rep *Report) StatisticsTable() *register.Table {
	st := rep.Statistics
	t := &register.Table{Name: "发布统计", Columns: []register.Column{{Title: "发布机构", Width: 30}}}
	for _, y := range st.ByYear {
		t.Columns = append(t.Columns, register.Column{Title: y.Label, Width: 10})
	}
	t.Columns = append(t.Columns, register.Column{Title: "合计", Width: 10})
	for _, p := range st.ByPublisher {
		row := []any{p.Label}
		for _, c := range st.Matrix[p.Key] {
			row = append(row, c.Count)
		}
		t.Rows = append(t.Rows, append(row, p.Count))
	}
	return t
}

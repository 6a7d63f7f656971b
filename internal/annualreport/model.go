// Package annualreport is the 政府信息公开工作年度报告 in the national format of 2021: its
// tables as data, the per-publisher figures file, the arithmetic rules of the format,
// and the Markdown the report is written in, which it can read back so that every
// published report's sums are checked.
package annualreport

// Genre is the registered genre of the annual report on disclosure work.
const Genre = "政府信息公开工作年度报告"

// Placeholder marks a figure or passage the clerk still has to supply; it is the
// same mark xxgk new uses, and a document carrying it is not published.
const Placeholder = "【待填写】"

// Row is one row of a table: its label in the report (stable, it is how the row is
// found again) and its key in the figures file ("" for rows xxgk computes or counts).
type Row struct {
	Label string
	Key   string
	Group bool // a heading row with no figures, such as 三、本年度办理结果
	Total bool // computed: the sum of the table's outcome rows
}

// Table is one table of the report.
type Table struct {
	ID      string   // short name used in code and tests
	Label   string   // the first header cell, which is also the table's caption
	Columns []string // the figure columns, after the row-label column
	Rows    []Row
	// Scale is the number of decimals a figure may have: 0 for counts, 4 for 万元.
	Scale int
	// TotalColumn is the index of a column that sums the columns before it, or -1.
	TotalColumn int
	// Counted tables come from the publisher's documents, not from the figures file.
	Counted bool
	// Section is the report section the table belongs to (2, 3 or 4).
	Section int
}

// Applicants are the applicant columns of table 4, in the order of the national form
// and of each row of numbers in the figures file.
var Applicants = []string{"自然人", "法人或其他组织：商业企业", "法人或其他组织：科研机构", "法人或其他组织：社会公益组织", "法人或其他组织：法律服务机构", "法人或其他组织：其他"}

// Appeal results are the columns of table 5, the last being their total.
var appealColumns = []string{"结果维持", "结果纠正", "其他结果", "尚未审结", "总计"}

// Table IDs.
const (
	Documents    = "documents"    // 表1 规章和行政规范性文件
	Decisions    = "decisions"    // 表2 行政许可、处罚、强制
	Fees         = "fees"         // 表3 行政事业性收费
	Applications = "applications" // 表4 申请情况
	Appeals      = "appeals"      // 表5 复议和诉讼
)

// Rows of table 4 that the rules refer to.
const (
	rowNew        = "new"
	rowCarriedIn  = "carried_in"
	rowCarriedOut = "carried_out"
)

// Row labels of table 1, which genres.toml maps documents to (annual_report_row).
const (
	RowRules     = "规章"
	RowNormative = "行政规范性文件"
)

// Tables is the national format's tables, in the order they appear.
var Tables = []*Table{
	{ID: Documents, Section: 2, Label: "表1 第二十条第（一）项：规章和行政规范性文件", Counted: true, TotalColumn: -1,
		Columns: []string{"本年制发件数", "本年废止件数", "现行有效件数"},
		Rows:    []Row{{Label: RowRules}, {Label: RowNormative}}},
	{ID: Decisions, Section: 2, Label: "表2 第二十条第（五）、（六）项：行政许可、行政处罚和行政强制", TotalColumn: -1,
		Columns: []string{"本年处理决定数量"},
		Rows:    []Row{{Label: "行政许可", Key: "permits"}, {Label: "行政处罚", Key: "penalties"}, {Label: "行政强制", Key: "enforcement"}}},
	{ID: Fees, Section: 2, Label: "表3 第二十条第（八）项：行政事业性收费", TotalColumn: -1, Scale: 4,
		Columns: []string{"本年收费金额（万元）"},
		Rows:    []Row{{Label: "行政事业性收费", Key: "fees"}}},
	{ID: Applications, Section: 3, Label: "表4 收到和处理政府信息公开申请情况", TotalColumn: len(Applicants),
		Columns: append(append([]string{}, Applicants...), "总计"),
		Rows: []Row{
			{Label: "一、本年新收政府信息公开申请数量", Key: rowNew},
			{Label: "二、上年结转政府信息公开申请数量", Key: rowCarriedIn},
			{Label: "三、本年度办理结果", Group: true},
			{Label: "（一）予以公开", Key: "granted"},
			{Label: "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", Key: "partly_granted"},
			{Label: "（三）不予公开：1.属于国家秘密", Key: "withheld_secret"},
			{Label: "（三）不予公开：2.其他法律行政法规禁止公开", Key: "withheld_law"},
			{Label: "（三）不予公开：3.危及“三安全一稳定”", Key: "withheld_security"},
			{Label: "（三）不予公开：4.保护第三方合法权益", Key: "withheld_third_party"},
			{Label: "（三）不予公开：5.属于三类内部事务信息", Key: "withheld_internal"},
			{Label: "（三）不予公开：6.属于四类过程性信息", Key: "withheld_process"},
			{Label: "（三）不予公开：7.属于行政执法案卷", Key: "withheld_case_file"},
			{Label: "（三）不予公开：8.属于行政查询事项", Key: "withheld_inquiry"},
			{Label: "（四）无法提供：1.本机关不掌握相关政府信息", Key: "unavailable_not_held"},
			{Label: "（四）无法提供：2.没有现成信息需要另行制作", Key: "unavailable_not_made"},
			{Label: "（四）无法提供：3.补正后申请内容仍不明确", Key: "unavailable_unclear"},
			{Label: "（五）不予处理：1.信访举报投诉类申请", Key: "unprocessed_complaint"},
			{Label: "（五）不予处理：2.重复申请", Key: "unprocessed_repeated"},
			{Label: "（五）不予处理：3.要求提供公开出版物", Key: "unprocessed_publication"},
			{Label: "（五）不予处理：4.无正当理由大量反复申请", Key: "unprocessed_mass"},
			{Label: "（五）不予处理：5.要求行政机关确认或重新出具已获取信息", Key: "unprocessed_confirm"},
			{Label: "（六）其他处理：1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", Key: "other_no_correction"},
			{Label: "（六）其他处理：2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", Key: "other_no_fee"},
			{Label: "（六）其他处理：3.其他", Key: "other_other"},
			{Label: "（七）总计", Total: true},
			{Label: "四、结转下年度继续办理", Key: rowCarriedOut},
		}},
	{ID: Appeals, Section: 4, Label: "表5 政府信息公开行政复议、行政诉讼情况", TotalColumn: len(appealColumns) - 1,
		Columns: appealColumns,
		Rows: []Row{
			{Label: "行政复议", Key: "review"},
			{Label: "行政诉讼：未经复议直接起诉", Key: "suit_direct"},
			{Label: "行政诉讼：复议后起诉", Key: "suit_after_review"},
		}},
}

// TableByID returns the table called id.
func TableByID(id string) *Table {
	for _, t := range Tables {
		if t.ID == id {
			return t
		}
	}
	return nil
}

// tableByLabel returns the table whose label is label.
func tableByLabel(label string) *Table {
	for _, t := range Tables {
		if t.Label == label {
			return t
		}
	}
	return nil
}

// rowIndex returns the index of the row with key or label s, or -1.
func (t *Table) rowIndex(s string) int {
	for i, r := range t.Rows {
		if r.Label == s || r.Key != "" && r.Key == s {
			return i
		}
	}
	return -1
}

// isOutcome reports whether row i of table 4 is one of the 办理结果 (（一）–（六）).
func (t *Table) isOutcome(i int) bool {
	group := t.rowIndex("三、本年度办理结果")
	total := t.rowIndex("（七）总计")
	return group >= 0 && i > group && i < total
}

// inputColumns is the number of columns a figures-file row gives: all but the total.
func (t *Table) inputColumns() int {
	if t.TotalColumn >= 0 {
		return t.TotalColumn
	}
	return len(t.Columns)
}

// Cell is one figure: its value in the table's unit (a count, or 万元 × 10^Scale),
// whether it was missing from the source, and where it was read.
type Cell struct {
	Value   int64
	Missing bool
	Line    int // in the file the report was read from; 0 when computed
}

// Report is the figures of one report: for each table, a grid of cells by row and
// column (group rows have none).
type Report struct {
	File      string // the file the figures were read from, for problems
	Grids     map[string][][]Cell
	Texts     map[string]string // 一、五、六: overview, problems, other
	Publisher string
	Year      int
}

// newReport returns a report with every cell zero.
func newReport(file string) *Report {
	r := &Report{File: file, Grids: map[string][][]Cell{}, Texts: map[string]string{}}
	for _, t := range Tables {
		g := make([][]Cell, len(t.Rows))
		for i, row := range t.Rows {
			if !row.Group {
				g[i] = make([]Cell, len(t.Columns))
			}
		}
		r.Grids[t.ID] = g
	}
	return r
}

// Text sections of the report that the figures file may supply.
var textSections = []struct{ Key, Heading string }{
	{"overview", "一、总体情况"},
	{"problems", "五、存在的主要问题及改进情况"},
	{"other", "六、其他需要报告的事项"},
}

// Headings are the six sections of the national format, in order.
var Headings = []string{
	"一、总体情况",
	"二、主动公开政府信息情况",
	"三、收到和处理政府信息公开申请情况",
	"四、政府信息公开行政复议、行政诉讼情况",
	"五、存在的主要问题及改进情况",
	"六、其他需要报告的事项",
}

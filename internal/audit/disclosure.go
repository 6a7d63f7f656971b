package audit

import (
	"cmp"
	"fmt"
	"strings"
	"time"

	"xxgk/internal/annualreport"
	"xxgk/internal/record"
)

// Body is one line of the timeliness table of the annual reports on disclosure work
// (政府信息公开工作年度报告): one publisher's report for the year.
type Body struct {
	Seq       int    `json:"seq"`
	Code      string `json:"code"`
	Name      string `json:"name"`
	Due       string `json:"due"`
	Published string `json:"published,omitempty"`
	URL       string `json:"url,omitempty"`
	Index     string `json:"index,omitempty"`
	Status    string `json:"status"` // ontime, late, missing, pending
	DaysLate  int    `json:"daysLate,omitempty"`
	Note      string `json:"note"`
}

// DisclosureReports is, for one year, whether every body in scope has published its
// annual report on disclosure work, and when.
type DisclosureReports struct {
	Year    int    `json:"year"`
	Bodies  []Body `json:"bodies"`
	Missing int    `json:"missing"`
	Late    int    `json:"late"`
}

// AnnualReportDue is the day by which a body of type pubType ("bureau", "school")
// must publish its annual report on disclosure work for year: the month-day of
// data/audit.toml's [annual_report_due] for that type in the following year,
// 01-31 by default (条例 article 49).
func (c *Config) AnnualReportDue(pubType string, year int) time.Time {
	md := cmp.Or(c.AnnualReportDueByType[pubType], defaultAnnualReportDue)
	d, _ := time.Parse("01-02", md) // checked by compile
	return time.Date(year+1, d.Month(), d.Day(), 0, 0, 0, 0, record.Shanghai)
}

const defaultAnnualReportDue = "01-31"

// checkAnnualReportDue checks [annual_report_due]: publisher types mapped to month-days.
func (c *Config) checkAnnualReportDue() error {
	for typ, md := range c.AnnualReportDueByType {
		if typ != "bureau" && typ != "school" {
			return fmt.Errorf("data/audit.toml: [annual_report_due] 中的 %q 不是发布机构类型（只能是 bureau 或 school）", typ)
		}
		if _, err := time.Parse("01-02", md); err != nil {
			return fmt.Errorf("data/audit.toml: [annual_report_due] %s 应写成 月-日，例如 \"01-31\"，现为 %q", typ, md)
		}
	}
	return nil
}

// disclosureReports finds, for every publisher in scope, its annual report on
// disclosure work for year: the earliest document of that genre and year.
func disclosureReports(set *record.Set, cfg Config, scope map[string]bool, publisher string, year int, asOf time.Time) DisclosureReports {
	d := DisclosureReports{Year: year, Bodies: []Body{}}
	reports := map[string]*record.Record{}
	for _, r := range set.Records {
		if r.Genre != annualreport.Genre || r.Year != year {
			continue
		}
		if old, ok := reports[r.Publisher]; !ok || r.Date.Before(old.Date) {
			reports[r.Publisher] = r
		}
	}
	for _, p := range set.Registry.Publishers {
		if publisher != "" && !scope[p.Code] {
			continue
		}
		due := cfg.AnnualReportDue(p.Type, year)
		b := Body{Seq: len(d.Bodies) + 1, Code: p.Code, Name: p.Name, Due: day(due)}
		if r, ok := reports[p.Code]; ok {
			b.Published, b.URL, b.Index = day(r.Date), r.URL(), r.Index
			if late := int(dayOf(r.Date).Sub(due).Hours() / 24); late > 0 {
				b.Status, b.DaysLate = "late", late
				b.Note = fmt.Sprintf("逾期 %d 天发布（应于 %s 前发布）", late, day(due))
				d.Late++
			} else {
				b.Status, b.Note = "ontime", "按时发布"
			}
		} else if asOf.After(due) {
			b.Status, b.Note = "missing", fmt.Sprintf("未发布（应于 %s 前发布）", day(due))
			d.Missing++
		} else {
			b.Status, b.Note = "pending", fmt.Sprintf("尚未发布（截止日期 %s）", day(due))
		}
		d.Bodies = append(d.Bodies, b)
	}
	return d
}

// writeText is the text section of xxgk audit for the annual reports.
func (d DisclosureReports) writeText(b *strings.Builder) {
	fmt.Fprintf(b, "\n%d 年政府信息公开工作年度报告发布情况：%d 个发布机构，未发布 %d 个，逾期 %d 个\n", d.Year, len(d.Bodies), d.Missing, d.Late)
	for _, x := range d.Bodies {
		fmt.Fprintf(b, "  %d. %s：%s", x.Seq, x.Name, x.Note)
		if x.URL != "" {
			fmt.Fprintf(b, "，%s %s", x.Published, x.URL)
		}
		b.WriteByte('\n')
	}
}
